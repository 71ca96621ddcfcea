//! Event relations (met-with, demands, spoke-with, ...) from the trigger patterns of
//! `data/patterns/patterns.tsv`, with the sides found by the pattern's frame.
//!
//! Precision comes first: a trigger with no actor on one side yields nothing, and a gate
//! phrase (negation, modality, plans, calls) in the clause stops the relation altogether.

mod args;
mod clause;
mod concepts;
mod gates;
mod objects;
mod owner;
mod trigger;

use super::lexicon::{Frame, Lexicon, Pattern, WordClass};
use super::resolve::{Entities, Sentence};
use super::role::{Found, RolePhrase};
use super::token::Token;
use crate::graph::{EntityKind, RelationKind};
use args::Args;
use concepts::{antecedent_phrase, concept_phrases, split_concepts, AUXILIARIES};
use gates::{gated, is_noun_use, reports_the_past};
use trigger::{matches, Match};

/// Words that make the name after them a complement, never a subject or an object.
const PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "from", "to", "with", "for", "of", "by", "after", "before", "during", "since", "about",
    "against", "over", "into", "among", "like", "under", "near", "between", "than", "toward", "towards", "via",
];

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
    let mut candidates: Vec<usize> =
        sent.tokens.iter().flat_map(|t| lex.patterns_starting(&t.lower)).copied().collect();
    candidates.sort_unstable();
    candidates.dedup();
    for pattern in candidates.into_iter().map(|i| &lex.patterns[i]) {
        for Match { start: ts, end: te, slot } in matches(&sent.tokens, sent, pattern) {
            let gated = |from: usize, to: usize, trigger_start: usize| {
                gated(&sent.tokens, lex, pattern.relation, from, to, trigger_start)
            };
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
            match pattern.frame {
                Frame::Svo => {
                    // "a meeting Putin had called" is a noun, not "meeting Putin".
                    if pattern.trigger.len() == 1
                        && sent.tokens[ts].lower.ends_with("ing")
                        && is_noun_use(&sent.tokens, ts, lex)
                    {
                        continue;
                    }
                    // "After talks with X in London, Y said ...": the main clause's subject.
                    let Some((s, spos)) = args.subject(ts).or_else(|| args.subject_after_opening(ts)) else {
                        continue;
                    };
                    // "When Harris meets Netanyahu this week, ...": a present tense after "when"
                    // or "once" is what will happen.
                    let present = sent.tokens[ts].lower.ends_with('s') && !sent.tokens[ts].lower.ends_with("ss");
                    let clause = args.clause_start(spos);
                    let opener = sent.tokens[clause..spos]
                        .iter()
                        .any(|t| matches!(t.lower.as_str(), "when" | "once" | "before" | "until" | "whenever"));
                    if present && opener {
                        continue;
                    }
                    let mut objects = args.objects(te);
                    // "X, whom she met in Tirana": the object is what "whom" stands for.
                    if objects.is_empty() {
                        objects.extend(args.whom_antecedent(spos));
                    }
                    let end = objects.last().map_or(te, |o| o.1.max(te)) + 3;
                    // After a trip made, the "to meet" is its purpose, not a plan: the gates
                    // apply on both sides of it.
                    let gate = if after_trip {
                        gated(args.gate_from(spos), ts, ts) || gated(ts, end, ts)
                    } else {
                        gated(args.gate_from(spos), end, ts)
                    };
                    if objects.is_empty() || gate {
                        continue;
                    }
                    // "X and Y met Z": each of them met Z.
                    let sources =
                        if pattern.relation == RelationKind::MetWith { args.subject_group(s, spos) } else { vec![s] };
                    for &source in &sources {
                        for &(o, _) in &objects {
                            push(&mut found, entities, pattern, source, o);
                        }
                    }
                    let multilateral = || {
                        let lower = sent.text.to_lowercase();
                        lower.contains("three-way") || lower.contains("trilateral")
                    };
                    if objects.len() >= 2 && multilateral() {
                        for a in 0..objects.len() {
                            for b in a + 1..objects.len() {
                                push(&mut found, entities, pattern, objects[a].0, objects[b].0);
                            }
                        }
                    }
                }
                Frame::Among => {
                    // "a meeting attended by A, B and C": everyone listed met everyone else.
                    let people = args.participants(te);
                    if people.len() < 2 || gated(ts.saturating_sub(8), people.last().map_or(te, |o| o.1) + 3, ts) {
                        continue;
                    }
                    for a in 0..people.len() {
                        for b in a + 1..people.len() {
                            push(&mut found, entities, pattern, people[a].0, people[b].0);
                        }
                    }
                }
                Frame::Slot => {
                    // "Dermer, who has led Israel's negotiating team": the target sits in the trigger.
                    let (Some((s, spos)), Some(mi)) = (args.subject(ts), slot) else {
                        continue;
                    };
                    if gated(args.gate_from(spos), te, ts) {
                        continue;
                    }
                    push(&mut found, entities, pattern, s, sent.mentions[mi].actor);
                }
                Frame::Mutual => {
                    // "the Trump-Putin Alaska summit": the sides stand before the venue.
                    let at = sent
                        .mention_ending_at(ts)
                        .filter(|&mi| sent.mentions[mi].venue && lex.is(WordClass::MeetingNoun, &sent.tokens[ts].lower))
                        .map_or(ts, |mi| sent.mentions[mi].start);
                    let mut group = args.group_before(at);
                    // "the foreign ministers of A and B, X and Y, met": the names of the
                    // apposition; "delegations from A and B, including X and Y, met": those
                    // sides too.
                    let mut sides = Vec::new();
                    if group.len() < 2 && ts > 1 && sent.tokens[ts - 1].text == "," {
                        let open = (ts.saturating_sub(16)..ts - 1).rev().find(|&k| sent.tokens[k].text == ",");
                        let before = open.map(|k| args.group_before(k)).unwrap_or_default();
                        group = args.group_before(ts - 1);
                        if group.len() < 2 {
                            group = before;
                        } else if open.is_some_and(|k| sent.tokens.get(k + 1).is_some_and(|t| t.lower == "including")) {
                            sides = before;
                        }
                    }
                    if group.len() < 2 || gated(group[0].1.saturating_sub(3), te + 3, ts) {
                        continue;
                    }
                    // "X and Y met (with) Z" is svo; the mutual reading is for "X and Y met".
                    if sent.tokens.get(te).is_some_and(|t| t.lower == "with") || !args.objects(te).is_empty() {
                        continue;
                    }
                    // A bare meeting noun pairs only a hyphenated couple ("the Holt-Rivera talks"),
                    // not whoever was named before it ("Y said the talks went well").
                    let noun = pattern.trigger.len() == 1 && lex.is(WordClass::MeetingNoun, &sent.tokens[ts].lower);
                    // ("the US-China trade talks": one word may stand between.)
                    let adjacent = sent.mention_ending_at(at).is_some()
                        || at > 0 && sent.tokens[at - 1].is_word() && sent.mention_ending_at(at - 1).is_some();
                    let hyphenated =
                        adjacent && group.last().is_some_and(|g| g.1 > 0 && sent.tokens[g.1 - 1].text == "-");
                    if noun && !hyphenated {
                        continue;
                    }
                    for g in [&group, &sides] {
                        for a in 0..g.len() {
                            for b in a + 1..g.len() {
                                push(&mut found, entities, pattern, g[a].0, g[b].0);
                            }
                        }
                    }
                }
                Frame::Between => {
                    // "Talks between A and B ended": the verb after B is the talks', not a new clause.
                    let mut objects = args.sides_after(te);
                    if objects.len() < 2 {
                        objects = args.objects(te);
                    }
                    if objects.len() < 2 {
                        objects = args.pair_after(te);
                    }
                    // "A meeting between X and Y, floated last week, is not expected": the
                    // modality comes after, anywhere up to the clause's end.
                    if objects.len() < 2 {
                        continue;
                    }
                    let clause_end = (objects[1].1..sent.tokens.len())
                        .find(|&k| sent.tokens[k].is_clause_break())
                        .unwrap_or(sent.tokens.len());
                    // "Talks between X and Y failed to ..." still took place: after the two
                    // sides only plans and modality count.
                    let after = objects[1].1;
                    let failed = |k: usize| matches!(sent.tokens[k].lower.as_str(), "failed" | "fail" | "fails");
                    let end = (after..clause_end).find(|&k| failed(k)).unwrap_or(clause_end);
                    if gated(ts.saturating_sub(8), end, ts) {
                        continue;
                    }
                    // "talks between Chile, Peru and Brazil": each pair of sides.
                    for a in 0..objects.len() {
                        for b in a + 1..objects.len() {
                            push(&mut found, entities, pattern, objects[a].0, objects[b].0);
                        }
                    }
                }
                Frame::Passive => {
                    // "A Chilean delegation led by X": the nationality is whose delegation it is
                    // (a "Chilean team" may be a sports team).
                    // (A "Peruvian negotiating team" or "mediation team" is: a word of talks may
                    // stand between.)
                    let demonym = || {
                        let between = ts > 0 && lex.is(WordClass::TalksModifier, &sent.tokens[ts - 1].lower);
                        sent.mention_ending_at(ts)
                            .filter(|_| sent.tokens[ts].lower != "team")
                            .or_else(|| between.then(|| sent.mention_ending_at(ts - 1)).flatten())
                            .filter(|&mi| sent.mentions[mi].demonym && pattern.relation == RelationKind::EnvoyOf)
                            .map(|mi| (sent.mentions[mi].actor, sent.mentions[mi].start))
                    };
                    let Some((target, tpos)) = args.subject(ts).or_else(demonym) else {
                        continue;
                    };
                    // "talks between Hamas and Fatah hosted by Beijing": the host hosted the talks,
                    // an event, not a guest.
                    let event_hosted = pattern.relation == RelationKind::MetWith
                        && sent.tokens[tpos.saturating_sub(6)..tpos].iter().any(|t| t.lower == "between");
                    if event_hosted {
                        continue;
                    }
                    let sources = args.objects(te);
                    if sources.is_empty() || gated(args.gate_from(tpos), sources[0].1 + 3, ts) {
                        continue;
                    }
                    // "led by A and B", "received by A and B": each of them.
                    for &(source, _) in &sources {
                        push(&mut found, entities, pattern, source, target);
                    }
                }
                Frame::OwnSide => {
                    let Some((s, spos)) = args.subject(ts) else {
                        continue;
                    };
                    if gated(args.gate_from(spos), te, ts) {
                        continue;
                    }
                    // "an Iranian delegation" names the side; else "Iranian Oil Minister X" does.
                    let named = sent
                        .mentions
                        .iter()
                        .find(|m| {
                            m.start >= ts
                                && m.end <= te
                                && (m.demonym || entities.list[m.actor].kind == EntityKind::Place)
                        })
                        .map(|m| m.actor);
                    if let Some(side) = named.or_else(|| args.side_of(s)) {
                        push(&mut found, entities, pattern, s, side);
                    }
                }
                Frame::ConceptBy => {
                    // "a demand by the IMF for a devaluation": the slot demands.
                    let Some(mi) = slot else { continue };
                    let phrases = concept_phrases(&sent.tokens, te, lex);
                    push_concepts(&mut concepts, pattern, &[sent.mentions[mi].actor], &phrases);
                }
                Frame::Condition => {
                    // "will not negotiate until Turkey withdraws": what must happen first. A
                    // negation between the source and "until" makes it a condition; "only if"
                    // is one by itself. Modality is the point here, so no gate applies.
                    let Some((s, spos)) = args.subject(ts) else {
                        continue;
                    };
                    let negated = sent.tokens[spos..ts]
                        .iter()
                        .any(|t| matches!(t.lower.as_str(), "not" | "n't" | "never" | "no"));
                    if !negated && sent.tokens[ts].lower != "only" || reports_the_past(&sent.tokens, te, lex, false) {
                        continue;
                    }
                    let phrases = concept_phrases(&sent.tokens, te, lex);
                    push_concepts(&mut concepts, pattern, &args.coordinated(s, spos), &phrases);
                }
                Frame::ConceptBefore => {
                    // The phrase: back from the trigger to "that", a reporting verb or a comma.
                    let toks = &sent.tokens;
                    let Some(from) = (0..ts).rev().find(|&k| {
                        toks[k].is_clause_break()
                            || toks[k].text == ","
                            || matches!(toks[k].lower.as_str(), "that" | "said" | "says" | "added" | "insisted")
                    }) else {
                        continue;
                    };
                    if from + 1 >= ts
                        || !matches!(toks[from].lower.as_str(), "that" | "said" | "says" | "added" | "insisted")
                    {
                        continue;
                    }
                    // "X said the talks were no condition": a negation undoes it.
                    if toks[ts..te].iter().any(|t| matches!(t.lower.as_str(), "not" | "no" | "never")) {
                        continue;
                    }
                    let Some((s, spos)) = args.clause_subject(from) else {
                        continue;
                    };
                    if gated(args.gate_from(spos), te, ts) {
                        continue;
                    }
                    let words: Vec<Token> =
                        toks[from + 1..ts].iter().skip_while(|t| t.lower == "that").cloned().collect();
                    // Names inside the phrase ("Hamas's disarmament") are part of it; a
                    // possessive pronoun or article is not.
                    for phrase in split_concepts(&words, lex) {
                        concepts.push(ConceptFound {
                            source: s,
                            phrase,
                            pattern: pattern.name.clone(),
                            confidence: pattern.confidence,
                        });
                    }
                }
                Frame::ConceptGap => {
                    let Some((s, spos)) = args.subject(ts) else {
                        continue;
                    };
                    if gated(args.gate_from(spos), ts, ts) {
                        continue;
                    }
                    // The trigger is a word, the gap, then words of one token each.
                    let from = ts + 1;
                    let to = te.saturating_sub(pattern.trigger.len().saturating_sub(2));
                    if from >= to {
                        continue;
                    }
                    for phrase in split_concepts(&sent.tokens[from..to], lex) {
                        concepts.push(ConceptFound {
                            source: s,
                            phrase,
                            pattern: pattern.name.clone(),
                            confidence: pattern.confidence,
                        });
                    }
                }
                Frame::Requirement => {
                    // The agreement that would need it: "any peace deal would require".
                    let toks = &sent.tokens;
                    let Some(deal) =
                        (ts.saturating_sub(3)..ts).rev().find(|&k| lex.is(WordClass::DealNoun, &toks[k].lower))
                    else {
                        continue;
                    };
                    // Whose word it is: the subject of the reporting verb before ("Putin said"),
                    // or of the clause when the requirement is its own ("Russia says a deal must
                    // include").
                    let Some(verb) =
                        (args.clause_start(deal)..deal).rev().find(|&k| lex.is(WordClass::ClauseVerb, &toks[k].lower))
                    else {
                        continue;
                    };
                    let Some((s, spos)) = args.subject(verb) else {
                        continue;
                    };
                    if gated(args.gate_from(spos), ts, ts) {
                        continue;
                    }
                    let phrases = concept_phrases(toks, te, lex);
                    push_concepts(&mut concepts, pattern, &[s], &phrases);
                }
                Frame::Concept => {
                    // "the demand", "a call for", "its maximalist demands": a noun, not someone
                    // demanding.
                    if !pattern.noun && is_noun_use(&sent.tokens, ts, lex) {
                        continue;
                    }
                    // A noun ("Russia's demand that", "an IMF demand to") is its owner's.
                    // "A resolution issued by the council called for X": the document's author.
                    let subject = if pattern.noun {
                        args.owner(ts)
                    } else {
                        args.document_author(ts).or_else(|| args.subject(ts))
                    };
                    let Some((s, spos)) = subject else {
                        continue;
                    };
                    // An owner's noun is gated from the owner on: "Peru rejected an IMF demand" is
                    // Peru's rejection, not the IMF's.
                    let from = if pattern.noun { spos } else { args.gate_from(spos) };
                    // "Peru proposed a plan calling for X": the plan is out, its call Peru's; what
                    // comes before the verb that put it out still gates ("did not propose").
                    let to = if pattern.noun { ts } else { args.issued_document(ts).unwrap_or(ts) };
                    if gated(from, to, ts) {
                        continue;
                    }
                    let that = te
                        .checked_sub(1)
                        .filter(|&k| sent.tokens[k].lower == "that")
                        .map(|k| k + 1)
                        .or_else(|| sent.tokens.get(te).filter(|t| t.lower == "that").map(|_| te + 1));
                    // "insisted that it had not broken the truce": a claim about the past.
                    if sent.tokens[te - 1].lower == "that" && reports_the_past(&sent.tokens, te, lex, true) {
                        continue;
                    }
                    // "demands that Israel has called unacceptable": "that" opens a relative clause.
                    let relative = |k: usize| {
                        let toks = &sent.tokens;
                        let after_name = sent.mention_at(k).map_or(k + 1, |mi| sent.mentions[mi].end);
                        sent.mention_at(k).is_some()
                            && toks.get(after_name).is_some_and(|t| matches!(t.lower.as_str(), "has" | "have" | "had"))
                            && toks
                                .get(after_name + 1)
                                .is_some_and(|t| t.lower.ends_with("ed") || lex.is(WordClass::PastVerb, &t.lower))
                    };
                    if that.is_some_and(relative) {
                        continue;
                    }
                    // "insists Kyiv abandon its bid" (no "that", no "on") is a demand only in that
                    // shape, a name and a bare verb; "insisted Russia was ready" is a claim.
                    if sent.tokens[te - 1].lower.starts_with("insist") {
                        let named = sent
                            .mention_at(te)
                            .filter(|&mi| sent.mentions[mi].start == te && !sent.mentions[mi].demonym);
                        let bare_verb = named.and_then(|mi| sent.tokens.get(sent.mentions[mi].end)).is_some_and(|t| {
                            t.is_word()
                                && !t.is_capitalized()
                                && !AUXILIARIES.contains(&t.lower.as_str())
                                && !lex.is(WordClass::PastVerb, &t.lower)
                                && !lex.is(WordClass::Modal, &t.lower)
                                && !t.lower.ends_with("ed")
                                && (!t.lower.ends_with('s') || t.lower.ends_with("ss"))
                        });
                        if !bare_verb {
                            continue;
                        }
                    }
                    // "demanded that it is time for ...", "insists that there is no deal": a
                    // statement about how things are, not a thing demanded.
                    let copula = |k: usize| {
                        sent.tokens.get(k).is_some_and(|t| matches!(t.lower.as_str(), "it" | "there" | "this"))
                            && sent.tokens.get(k + 1).is_some_and(|t| matches!(t.lower.as_str(), "is" | "was" | "'s"))
                    };
                    if that.is_some_and(copula) {
                        continue;
                    }
                    let mut phrases = concept_phrases(&sent.tokens, te, lex);
                    if phrases.is_empty() {
                        phrases.extend(antecedent_phrase(&sent.tokens, spos, lex));
                    }
                    // "Iran and Algeria called for X": each demands it.
                    let sources = if pattern.noun { vec![s] } else { args.coordinated(s, spos) };
                    push_concepts(&mut concepts, pattern, &sources, &phrases);
                }
            }
        }
    }
    (found, concepts)
}

/// Each source demands each phrase.
fn push_concepts(concepts: &mut Vec<ConceptFound>, pattern: &Pattern, sources: &[usize], phrases: &[String]) {
    for &source in sources {
        for phrase in phrases {
            concepts.push(ConceptFound {
                source,
                phrase: phrase.clone(),
                pattern: pattern.name.clone(),
                confidence: pattern.confidence,
            });
        }
    }
}

fn push(found: &mut Vec<Found>, entities: &Entities, pattern: &Pattern, s: usize, o: usize) {
    if s == o {
        return;
    }
    let (sk, ok) = (entities.list[s].kind, entities.list[o].kind);
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
