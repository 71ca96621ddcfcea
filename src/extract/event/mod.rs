//! Event relations (met-with, demands, spoke-with, ...) from the trigger patterns of
//! `data/patterns/patterns.tsv`, with the sides found by the pattern's frame. Runs after
//! `role` on each resolved sentence; reads the sentence, never changes it.
//!
//! Precision comes first: a trigger with no actor on one side yields nothing, and a gate
//! phrase (negation, modality, plans, calls) in the clause stops the relation altogether.
//!
//! `read` finds where triggers match (`trigger.rs`) and hands each match to its frame
//! (`frame/`). The frames ask `Args` for the sides: its subject (`args.rs`, `clause.rs`),
//! the owner of a noun (`owner.rs`), what follows or precedes the trigger (`objects.rs`);
//! `gates.rs` says when a relation is stopped, `concepts.rs` cuts demanded phrases.

mod args;
mod clause;
mod concepts;
mod frame;
mod gates;
mod objects;
mod owner;
mod trigger;

use super::lexicon::{Frame, Lexicon};
use super::resolve::{Entities, Sentence};
use super::role::{Found, RolePhrase};
use crate::graph::RelationKind;
use args::Args;
use frame::Hit;
use trigger::{matches, Match};

/// A concept the caller should create, with the relation to it.
pub struct ConceptFound {
    pub source: usize,
    pub phrase: String,
    pub pattern: String,
    pub confidence: f32,
}

/// What the sentences before this one say about who "he" and "the group" are.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context {
    /// The first person of the previous sentence: "he", "she".
    pub prev_subject: Option<usize>,
    /// The last organization named before: "the group", "the movement".
    pub last_org: Option<usize>,
}

/// Reads the event relations of one sentence.
pub fn read(
    sent: &Sentence,
    roles: &[RolePhrase],
    entities: &Entities,
    lex: &Lexicon,
    context: Context,
) -> (Vec<Found>, Vec<ConceptFound>) {
    let mut found = Vec::new();
    let mut concepts = Vec::new();
    let args = Args { sent, roles, entities, lex, prev_subject: context.prev_subject, last_org: context.last_org };
    // Only the patterns whose first word occurs, in file order (the first rule to read a
    // relation names it).
    // Each pattern is tried only where its first word stands: (pattern, token) pairs, sorted.
    let mut candidates: Vec<(usize, usize)> = sent
        .tokens
        .iter()
        .enumerate()
        .flat_map(|(k, t)| lex.patterns_starting(&t.lower).iter().map(move |&p| (p, k)))
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    for group in candidates.chunk_by(|a, b| a.0 == b.0) {
        let pattern = &lex.patterns[group[0].0];
        let starts: Vec<usize> = group.iter().map(|&(_, k)| k).collect();
        for Match { start: ts, end: te, slot } in matches(&sent.tokens, sent, pattern, &starts) {
            // An infinitive ("ready to host", "trip to meet") is a plan, not an event; so is a
            // purpose ("arrives on Monday for talks with").
            let before = ts.checked_sub(1).map(|k| sent.tokens[k].lower.as_str());
            let after_trip = before == Some("to") && args.trip_made(ts - 1);
            if pattern.after_trip && !after_trip {
                continue;
            }
            if before == Some("to") && pattern.frame != Frame::Concept && !after_trip
                || before == Some("for") && pattern.relation == RelationKind::MetWith
            {
                continue;
            }
            let hit = Hit { args: &args, pattern, start: ts, end: te, slot, after_trip };
            frame::read(&hit, &mut found, &mut concepts);
        }
    }
    (found, concepts)
}
