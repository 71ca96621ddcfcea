//! Holders listed with a plural role: "Presidents A of Chile and B of Peru", "her senior
//! advisers, among them A, B and C", "Trump's envoys A and B". The role phrase reads its first
//! holder; these read the others, as (person, target) pairs.

use super::resolve::{Entities, Sentence};
use super::role::RolePhrase;
use crate::graph::EntityKind;

/// "Presidents Ana Ruiz of Chile and Ivo Tolan of Peru": the holders after the first of a
/// plural title, each with the place after "of" ((person, target) pairs; the first holder is
/// the phrase's own).
pub fn plural_holders(sent: &Sentence, rp: &RolePhrase, entities: &Entities) -> Vec<(usize, usize)> {
    let toks = &sent.tokens;
    let mut out = Vec::new();
    let plural = rp.noun.to_lowercase().ends_with('s');
    let Some(h) = rp.holder.filter(|_| plural && rp.target.is_some() && !rp.gated) else {
        return out;
    };
    // "X of Y": the mention after "of" (and "the"), when it is a place or a body.
    let of_target = |at: usize| -> Option<(usize, usize)> {
        if toks.get(at).is_none_or(|t| t.lower != "of") {
            return None;
        }
        let at = if toks.get(at + 1).is_some_and(|t| t.lower == "the") { at + 2 } else { at + 1 };
        let m = &sent.mentions[sent.mention_at(at)?];
        (entities.list[m.actor].kind != EntityKind::Person).then_some((m.actor, m.end))
    };
    let Some((_, mut k)) = of_target(sent.mentions[h].end) else {
        return out;
    };
    while toks.get(k).is_some_and(|t| t.lower == "and" || t.text == ",") {
        let Some(p) = sent.mention_at(k + 1) else { break };
        let person = &sent.mentions[p];
        if entities.list[person.entity].kind != EntityKind::Person {
            break;
        }
        let Some((target, end)) = of_target(person.end) else { break };
        out.push((person.entity, target));
        k = end;
    }
    out
}

/// "her senior advisers, among them A, B and C", "Putin's envoys, including A and B": the
/// people a plural role with no holder of its own lists after it ((person, target) pairs).
pub fn listed_holders(sent: &Sentence, rp: &RolePhrase, entities: &Entities) -> Vec<(usize, usize)> {
    let toks = &sent.tokens;
    let plural = rp.noun.to_lowercase().ends_with('s');
    let Some(target) = rp.target.filter(|_| plural && !rp.gated) else {
        return Vec::new();
    };
    // "Trump's envoys Steve Witkoff and his son-in-law Jared Kushner": the holder, then more
    // people joined by "and" (a kinship or job noun may stand between).
    if let Some(h) = rp.holder {
        let mut k = sent.mentions[h].end;
        let mut out = Vec::new();
        while toks.get(k).is_some_and(|t| t.lower == "and" || t.text == ",") {
            k += 1;
            if toks.get(k).is_some_and(|t| matches!(t.lower.as_str(), "his" | "her" | "their")) {
                k += 1;
                while toks.get(k).is_some_and(|t| t.is_word() && !t.is_capitalized()) && out.len() < 8 {
                    k += 1;
                }
            }
            match sent.mention_at(k).map(|p| &sent.mentions[p]) {
                Some(m) if m.start == k && entities.list[m.entity].kind == EntityKind::Person => {
                    out.push((m.entity, target));
                    k = m.end;
                }
                _ => break,
            }
        }
        return out;
    }
    // The lead-in: ", among them", ", including", ", such as", ":" or a dash.
    let mut k = rp.end;
    if toks.get(k).is_some_and(|t| t.text == ",") {
        k += 1;
    }
    let lead = ["among them", "including", "such as", "namely"].iter().find_map(|w| {
        let words: Vec<&str> = w.split(' ').collect();
        toks.get(k..k + words.len()).filter(|ts| ts.iter().zip(&words).all(|(t, w)| t.lower == *w)).map(|_| words.len())
    });
    match lead {
        Some(n) => k += n,
        None if k == rp.end
            && toks.get(k).is_some_and(|t| matches!(t.text.as_str(), ":" | "\u{2014}" | "\u{2013}")) =>
        {
            k += 1
        }
        None => return Vec::new(),
    }
    let mut out = Vec::new();
    while let Some(p) = sent.mention_at(k) {
        let m = &sent.mentions[p];
        if entities.list[m.entity].kind != EntityKind::Person || m.start != k {
            break;
        }
        out.push((m.entity, target));
        k = m.end;
        match toks.get(k).map(|t| t.lower.as_str()) {
            Some(",") if toks.get(k + 1).is_some_and(|t| t.lower == "and") => k += 2,
            Some("," | "and") => k += 1,
            _ => break,
        }
    }
    out
}
