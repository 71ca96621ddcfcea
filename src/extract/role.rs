//! Role phrases: envoy-of, aide-of and leader-of, read from how news names people's roles.
//!
//! A role phrase is `[possessor] [modifiers] ROLE [of X | to X]`, where the possessor is a
//! nationality ("Turkish"), a name used as an adjective ("US", "Kremlin"), a possessive
//! ("Putin's", "the Trump administration's") or a pronoun ("his"). Its holder is the person
//! right after it ("President Donald Trump"), in apposition before it ("Witkoff, the US
//! special envoy,") or after it ("Trump's envoy, Steve Witkoff,"). With no holder it may be
//! a title-led reference ("the Russian President"), resolved to the person who holds that
//! office in the article. "former", "ex-" and the like gate the phrase: a title, no relation.

use super::lexicon::{Lexicon, RoleClass};
use super::mention::{join, SpanKind};
use super::resolve::{Entities, Mention, Sentence};
use crate::graph::{EntityKind, RelationKind};

/// One role phrase found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct RolePhrase {
    /// Tokens `start..end`: possessor through role noun and its of/to complement.
    pub start: usize,
    pub end: usize,
    pub class: RoleClass,
    /// The entity the role is held for (already mapped to the acting entity).
    pub target: Option<usize>,
    /// The mention index of the person holding the role.
    pub holder: Option<usize>,
    /// "former", "ex-", "candidate": a title without a current relation.
    pub gated: bool,
    /// Starts with a determiner or possessive and has no holder: may be a reference.
    pub referring: bool,
    /// The role noun as written, for the pattern name.
    pub noun: String,
}

/// A relation found by a rule, between article entities.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub source: usize,
    pub kind: RelationKind,
    pub target: usize,
    pub pattern: String,
    pub confidence: f32,
}

const DETERMINERS: &[&str] = &["the", "a", "an"];
const GATES: &[&str] = &[
    "former",
    "ex",
    "ex-",
    "then",
    "late",
    "candidate",
    "would-be",
    "outgoing",
    "previous",
    "erstwhile",
    "acting",
];
const PRONOUNS: &[&str] = &["his", "her"];

/// Finds the role phrases of a sentence and their holders; marks possessors absorbed.
/// `prev_subject` is the person a "his"/"her" falls back to.
pub fn phrases(sent: &mut Sentence, lex: &Lexicon, prev_subject: Option<usize>) -> Vec<RolePhrase> {
    let mut out = Vec::new();
    let roles: Vec<(usize, usize, RoleClass, String)> = sent
        .spans
        .iter()
        .filter_map(|s| match s.kind {
            SpanKind::Role(c) => Some((s.start, s.end, c, s.text.clone())),
            _ => None,
        })
        .collect();
    for (rstart, rend, class, noun) in roles {
        let toks = &sent.tokens;
        // Left: modifiers, then a possessor.
        let mut i = rstart;
        let mut gated = false;
        let mut modifiers = 0;
        while i > 0 && modifiers < 4 {
            let t = &toks[i - 1];
            if t.is_word()
                && !t.is_capitalized()
                && !DETERMINERS.contains(&t.lower.as_str())
                && !PRONOUNS.contains(&t.lower.as_str())
                && sent.mention_ending_at(i).is_none()
                && !lex.is("locative", &t.lower)
                && !matches!(
                    t.lower.as_str(),
                    "and"
                        | "or"
                        | "of"
                        | "to"
                        | "for"
                        | "with"
                        | "by"
                        | "as"
                        | "who"
                        | "is"
                        | "was"
                        | "said"
                        | "has"
                        | "had"
                        | "met"
                )
            {
                gated |= GATES.contains(&t.lower.as_str());
                modifiers += 1;
                i -= 1;
            } else if t.text == "-" && i >= 2 && GATES.contains(&toks[i - 2].lower.as_str()) {
                gated = true;
                i -= 2;
            } else if t.is_capitalized()
                && sent.mention_ending_at(i).is_none()
                && !lex.is("nonname", &t.text)
                && matches!(
                    t.lower.as_str(),
                    "middle"
                        | "east"
                        | "west"
                        | "foreign"
                        | "security"
                        | "national"
                        | "special"
                        | "senior"
                        | "chief"
                        | "top"
                        | "deputy"
                        | "defence"
                        | "defense"
                        | "strategic"
                )
            {
                modifiers += 1;
                i -= 1;
            } else {
                break;
            }
        }
        let mut start = i;
        let mut target: Option<usize> = None;
        let mut referring = false;
        if i > 0 {
            let t = &toks[i - 1];
            if t.lower == "'s" {
                // "Putin's", "the Trump administration's", "Egypt's".
                let mut j = i - 1;
                let mut via_admin = false;
                if j > 0
                    && matches!(
                        toks[j - 1].lower.as_str(),
                        "administration" | "government" | "camp" | "team" | "office"
                    )
                {
                    j -= 1;
                    via_admin = true;
                }
                if let Some(m) = sent.mention_ending_at(j) {
                    let m = &mut sent.mentions[m];
                    m.absorbed = true;
                    target = Some(m.actor);
                    start = m.start;
                    referring = true;
                    if via_admin {
                        start = if m.start > 0 && toks[m.start - 1].lower == "the" {
                            m.start - 1
                        } else {
                            m.start
                        };
                    }
                }
            } else if let Some(m) = sent.mention_ending_at(i) {
                let m = &mut sent.mentions[m];
                if !m.venue {
                    m.absorbed = true;
                    target = Some(m.actor);
                    start = m.start;
                }
            } else if PRONOUNS.contains(&t.lower.as_str()) {
                target = sent.mentions[..]
                    .iter()
                    .rev()
                    .find(|m| m.end < i && !m.demonym)
                    .map(|m| m.actor)
                    .or(prev_subject);
                start = i - 1;
            }
        }
        // "President Donald Trump's envoy": the possessor's own title belongs to the phrase,
        // so an apposition before it ("Kellogg, President Donald Trump's envoy") is found.
        if referring {
            if let Some(title) = sent
                .spans
                .iter()
                .find(|sp| sp.end == start && matches!(sp.kind, SpanKind::Role(_)))
            {
                start = title.start;
                if let Some(adj) = sent.mentions.iter().find(|m| m.end == start && m.demonym) {
                    start = adj.start;
                }
            }
        }
        if start > 0 && GATES.contains(&toks[start - 1].lower.as_str()) {
            gated = true;
        }
        if start > 0 && DETERMINERS.contains(&toks[start - 1].lower.as_str()) {
            start -= 1;
            referring = true;
        }
        // Right: "of X" names the target when no possessor did; "to X" for an aide.
        let mut end = rend;
        if let Some(next) = toks.get(rend) {
            let takes_to = class == RoleClass::Aide;
            if next.lower == "of" || (next.lower == "to" && takes_to) {
                let mut k = rend + 1;
                if toks.get(k).is_some_and(|t| t.lower == "the") {
                    k += 1;
                }
                if let Some(mi) = sent.mention_at(k) {
                    // "the head of Egypt's General Intelligence Service": the last of a possessive chain.
                    let mut mi = mi;
                    while sent
                        .tokens
                        .get(sent.mentions[mi].end)
                        .is_some_and(|t| t.lower == "'s")
                    {
                        match sent.mention_at(sent.mentions[mi].end + 1) {
                            Some(n) => {
                                sent.mentions[mi].absorbed = true;
                                mi = n;
                            }
                            None => break,
                        }
                    }
                    let m = &sent.mentions[mi];
                    if target.is_none() && !m.venue {
                        // An aide's "to X" names a person, possibly behind a title ("to Russian President Vladimir Putin").
                        target = Some(m.actor);
                        end = m.end;
                        sent.mentions[mi].absorbed = true;
                    }
                } else if next.lower == "to" {
                    // "an aide to Russian President Vladimir Putin": skip the title to the name.
                    let mut k2 = k;
                    while k2 < toks.len()
                        && k2 < k + 5
                        && sent.mention_at(k2).is_none_or(|m| sent.mentions[m].demonym)
                    {
                        k2 += 1;
                    }
                    if let Some(mi) = sent.mention_at(k2) {
                        if target.is_none() {
                            target = Some(sent.mentions[mi].actor);
                        }
                    }
                }
            }
        }
        out.push(RolePhrase {
            start,
            end,
            class,
            target,
            holder: None,
            gated,
            referring,
            noun,
        });
    }
    for rp in out.iter_mut() {
        rp.holder = holder(sent, rp);
        if rp.holder.is_some() {
            rp.referring = false;
        }
    }
    out
}

/// The person a role phrase belongs to, by position.
fn holder(sent: &Sentence, rp: &RolePhrase) -> Option<usize> {
    let toks = &sent.tokens;
    let is_person = |mi: usize, ents_kind: bool| {
        ents_kind && !sent.mentions[mi].demonym && !sent.mentions[mi].venue
    };
    // Right after: "President Donald Trump", "Putin's aide Yuri Ushakov".
    if let Some(mi) = sent.mention_at(rp.end) {
        if is_person(mi, true) && rp.end > rp.start {
            return Some(mi);
        }
    }
    // After a comma: "Trump's envoy, Steve Witkoff," (not after "of X" or "to X").
    if toks.get(rp.end).is_some_and(|t| t.text == ",") {
        if let Some(mi) = sent.mention_at(rp.end + 1) {
            let m = &sent.mentions[mi];
            let closes = toks.get(m.end).is_none_or(|t| {
                !t.is_word() || matches!(t.lower.as_str(), "and" | "who" | "said" | "told")
            });
            if is_person(mi, true) && closes {
                return Some(mi);
            }
        }
    }
    // Before, in apposition: "Witkoff, the Trump administration's special envoy".
    if rp.start >= 2 && toks[rp.start - 1].text == "," {
        if let Some(mi) = sent.mention_ending_at(rp.start - 1) {
            if is_person(mi, true) {
                return Some(mi);
            }
        }
    }
    None
}

/// Keeps only holders that are people. Run after the mentions' kinds are known.
pub fn keep_person_holders(phrases: &mut [RolePhrase], sent: &Sentence, entities: &Entities) {
    for rp in phrases.iter_mut() {
        if let Some(mi) = rp.holder {
            if entities.list[sent.mentions[mi].entity].kind != EntityKind::Person {
                rp.holder = None;
            }
        }
    }
}

/// The relation a role phrase with a holder asserts, if its target fits the relation.
pub fn relation(rp: &RolePhrase, holder_entity: usize, entities: &Entities) -> Option<Found> {
    if rp.gated {
        return None;
    }
    let kind = rp.class.relation()?;
    let target = rp.target?;
    if target == holder_entity {
        return None;
    }
    let tkind = entities.list[target].kind;
    let fits = match kind {
        RelationKind::AideOf => tkind == EntityKind::Person,
        RelationKind::LeaderOf => matches!(tkind, EntityKind::Place | EntityKind::Organization),
        _ => tkind != EntityKind::Concept,
    };
    fits.then(|| Found {
        source: holder_entity,
        kind,
        target,
        pattern: format!("role:{}", rp.noun.to_lowercase()),
        confidence: if rp.start < rp.end { 0.9 } else { 0.8 },
    })
}

/// The text of a reference, as an alias: "the Russian President", "Ukraine's president".
pub fn reference_form(sent: &Sentence, rp: &RolePhrase) -> String {
    join(&sent.tokens[rp.start..rp.end])
}

/// Adds a reference mention for a resolved title-led reference, so events can use it.
pub fn add_reference(sent: &mut Sentence, rp: &RolePhrase, person: usize) {
    for m in sent.mentions.iter_mut() {
        if m.start >= rp.start && m.end <= rp.end {
            m.absorbed = true;
        }
    }
    sent.mentions.push(Mention {
        start: rp.start,
        end: rp.end,
        entity: person,
        actor: person,
        venue: false,
        demonym: false,
        reference: true,
        absorbed: false,
    });
    sent.mentions
        .sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
}
