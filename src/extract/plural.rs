//! Plural references to two people: "the two presidents met", "Trump received both ministers",
//! "the ministers held talks".
//!
//! They mean the two people named most recently with a matching title: "presidents" the two
//! last titled President, "ministers" the two last ministers (or a minister and their
//! counterpart), "leaders" the two last leaders. "The X" without "two" or "both" is read only
//! when the article has named exactly two such people, so "the leaders" of a summit of many
//! stays unread.

use super::lexicon::RoleClass;
use super::resolve::{Entities, Group, Sentence};
use super::role::RolePhrase;
use crate::graph::EntityKind;

/// Which titles a plural noun covers.
fn matches(plural: &str, noun: &str, class: RoleClass) -> bool {
    match plural {
        "presidents" => noun.contains("president") && !noun.contains("vice"),
        "leaders" => class == RoleClass::Leader,
        "ministers" | "foreign ministers" => {
            noun.contains("minister") || noun.contains("counterpart") || noun.contains("secretary")
        }
        "prime ministers" => noun.contains("prime minister"),
        "envoys" | "negotiators" => class == RoleClass::Envoy,
        _ => false,
    }
}

const PLURALS: &[&str] =
    &["presidents", "leaders", "ministers", "foreign ministers", "prime ministers", "envoys", "negotiators"];

/// Finds the plural references of every sentence and records who they mean.
pub fn resolve(sentences: &mut [Sentence], phrases: &[Vec<RolePhrase>], entities: &Entities) {
    // Every titled person with where the title was read: (sentence, token, person, noun, class).
    let mut titled: Vec<(usize, usize, usize, String, RoleClass)> = Vec::new();
    for (k, sent) in sentences.iter().enumerate() {
        for rp in &phrases[k] {
            let Some(h) = rp.holder else { continue };
            let person = sent.mentions[h].entity;
            if entities.list[person].kind == EntityKind::Person {
                titled.push((k, rp.start, person, rp.noun.to_lowercase(), rp.class));
            }
        }
    }
    for (k, sent) in sentences.iter_mut().enumerate() {
        let found = references(sent);
        for (start, end, plural, counted) in found {
            // The people with a matching title named before this point, most recent first.
            let mut people: Vec<usize> = Vec::new();
            let mut before: Vec<&(usize, usize, usize, String, RoleClass)> =
                titled.iter().filter(|t| (t.0, t.1) < (k, start) && matches(plural, &t.3, t.4)).collect();
            before.sort_by_key(|t| std::cmp::Reverse((t.0, t.1)));
            for t in before {
                if !people.contains(&t.2) {
                    people.push(t.2);
                }
            }
            let members = match (counted, people.as_slice()) {
                (true, [a, b, ..]) => [*b, *a],
                (false, [a, b]) => [*b, *a],
                _ => continue,
            };
            sent.groups.push(Group { start, end, members });
        }
    }
}

/// `(start, end, plural noun, counted)` of "the two X", "both X" and "the X" in a sentence.
fn references(sent: &Sentence) -> Vec<(usize, usize, &'static str, bool)> {
    let toks = &sent.tokens;
    let mut out = Vec::new();
    for i in 0..toks.len() {
        let (lead, counted) = match toks[i].lower.as_str() {
            "both" => (1, true),
            "the" if toks.get(i + 1).is_some_and(|t| t.lower == "two") => (2, true),
            "the" => (1, false),
            _ => continue,
        };
        for plural in PLURALS {
            let words: Vec<&str> = plural.split(' ').collect();
            let at = i + lead;
            let fits = toks.get(at..at + words.len()).is_some_and(|w| w.iter().zip(&words).all(|(t, p)| t.lower == *p));
            if fits && !out.iter().any(|o: &(usize, usize, &str, bool)| o.0 == i) {
                out.push((i, at + words.len(), *plural, counted));
            }
        }
    }
    out
}
