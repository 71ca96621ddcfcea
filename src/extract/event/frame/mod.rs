//! The frames: how a pattern's trigger, once matched, finds the sides of its relation. A
//! pattern names its frame in `data/patterns/patterns.tsv`; `read` hands each match to that
//! frame's function. A frame reads one match and pushes what it finds; it never looks at
//! other patterns or other sentences, and finding nothing is the common case.
//!
//! - `svo.rs`: a source and a target in either voice (`svo`, `passive`), or addressed at a
//!   meeting (`setting`);
//! - `side.rs`: a person's side (`slot`, `own_side`);
//! - `group.rs`: everyone named met everyone else (`mutual`, `between`, `among`);
//! - `demand.rs`: who demands which phrase (`concept` and the other demand frames).

mod demand;
mod group;
mod side;
mod svo;

use super::args::Args;
use super::gates::gated;
use super::ConceptFound;
use crate::extract::lexicon::{Frame, Pattern};
use crate::extract::role::Found;
use crate::graph::{EntityKind, RelationKind};

/// One match of a pattern's trigger in a sentence, as its frame reads it.
#[derive(Clone, Copy)]
pub(super) struct Hit<'a> {
    pub(super) args: &'a Args<'a>,
    pub(super) pattern: &'a Pattern,
    /// The trigger's tokens are `start..end`.
    pub(super) start: usize,
    pub(super) end: usize,
    /// The mention in the trigger's `_` slot, if it has one.
    pub(super) slot: Option<usize>,
    /// Whether the trigger is the purpose of a trip made ("flew to Lima to meet"): gates
    /// count on both sides of it, and a plan's "to" does not stop it.
    pub(super) after_trip: bool,
}

/// Reads one match with its pattern's frame: relations between actors into `found`,
/// demanded phrases into `concepts`.
pub(super) fn read(hit: &Hit, found: &mut Vec<Found>, concepts: &mut Vec<ConceptFound>) {
    match hit.pattern.frame {
        Frame::Svo => svo::svo(hit, found),
        Frame::Passive => svo::passive(hit, found),
        Frame::Slot => side::slot(hit, found),
        Frame::OwnSide => side::own_side(hit, found),
        Frame::Mutual => group::mutual(hit, found),
        Frame::Between => group::between(hit, found),
        Frame::Among => group::among(hit, found),
        Frame::Concept => demand::concept(hit, concepts),
        Frame::ConceptBy => demand::concept_by(hit, concepts),
        Frame::ConceptBefore => demand::concept_before(hit, concepts),
        Frame::ConceptGap => demand::concept_gap(hit, concepts),
        Frame::Condition => demand::condition(hit, concepts),
        Frame::Requirement => demand::requirement(hit, concepts),
        Frame::Setting => svo::setting(hit, found),
    }
}

impl Hit<'_> {
    /// Whether a gate phrase of this pattern's relation occurs in `from..to` (or up to the
    /// trigger, for gates that count only before it).
    fn gated(&self, from: usize, to: usize) -> bool {
        gated(&self.args.sent.tokens, self.args.lex, self.pattern.relation, from, to, self.start)
    }

    /// Records that `s` relates to `o` by this pattern, unless the kinds cannot: a concept is
    /// never a side, a leader leads no person, an envoy is a person.
    fn push(&self, found: &mut Vec<Found>, s: usize, o: usize) {
        let pattern = self.pattern;
        if s == o {
            return;
        }
        let (sk, ok) = (self.args.entities.list[s].kind, self.args.entities.list[o].kind);
        if sk == EntityKind::Concept || ok == EntityKind::Concept {
            return;
        }
        if pattern.relation == RelationKind::LeaderOf && (sk != EntityKind::Person || ok == EntityKind::Person) {
            return;
        }
        if pattern.relation == RelationKind::EnvoyOf && sk != EntityKind::Person {
            return;
        }
        if pattern.person_target && ok != EntityKind::Person {
            return;
        }
        // Talks between a person and a state are not a meeting of two parties.
        let person_and_state = |a: EntityKind, b: EntityKind| a == EntityKind::Person && b == EntityKind::Place;
        if pattern.relation == RelationKind::MetWith && (person_and_state(sk, ok) || person_and_state(ok, sk)) {
            return;
        }
        found.push(Found {
            source: s,
            kind: pattern.relation,
            target: o,
            pattern: pattern.name.clone(),
            confidence: pattern.confidence,
        });
    }

    /// Records each pair of the listed actors (`(actor, token)` as the finders return them),
    /// first with later, in list order.
    fn push_pairs(&self, found: &mut Vec<Found>, actors: &[(usize, usize)]) {
        for (a, &(first, _)) in actors.iter().enumerate() {
            for &(second, _) in &actors[a + 1..] {
                self.push(found, first, second);
            }
        }
    }

    /// Records that each source demands each phrase.
    fn push_concepts(&self, concepts: &mut Vec<ConceptFound>, sources: &[usize], phrases: &[String]) {
        for &source in sources {
            for phrase in phrases {
                concepts.push(ConceptFound {
                    source,
                    phrase: phrase.clone(),
                    pattern: self.pattern.name.clone(),
                    confidence: self.pattern.confidence,
                });
            }
        }
    }
}

/// `source relation target` of each relation that a pattern of `frame` read from `text`
/// (concepts lower-cased), sorted: what that frame alone makes of the sentence.
#[cfg(test)]
fn read_with(frame: Frame, text: &str) -> Vec<String> {
    let lex = crate::extract::Lexicon::builtin();
    let facts = crate::extract::extract(text, "2025-06-01", &lex);
    let by_frame = |name: &str| lex.patterns.iter().any(|p| p.name == name && p.frame == frame);
    let mut out: Vec<String> = facts
        .relations
        .iter()
        .filter(|r| by_frame(&r.pattern))
        .map(|r| crate::extract::triple_line(&facts, r))
        .collect();
    out.sort();
    out
}

/// Each text must give exactly the listed relations through `frame` (an empty list: none).
#[cfg(test)]
fn check(frame: Frame, cases: &[(&str, &[&str])]) {
    crate::extract::check_table(cases, |text| read_with(frame, text));
}
