//! Event relations (met-with, demands, spoke-with, ...) from the trigger patterns of
//! `data/patterns/patterns.tsv`, with the sides found by the pattern's frame.
//!
//! Precision comes first: a trigger with no actor on one side yields nothing, and a gate
//! phrase (negation, modality, plans, calls) in the clause stops the relation altogether.

use super::lexicon::{Frame, GateScope, Lexicon, Pattern, TriggerPart, WordClass};
use super::mention::SpanKind;
use super::resolve::{Entities, Sentence};
use super::role::{Found, RolePhrase};
use super::token::Token;
use crate::graph::{EntityKind, RelationKind};

/// Words that make the name after them a complement, never a subject or an object.
const PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "from", "to", "with", "for", "of", "by", "after", "before", "during", "since", "about",
    "against", "over", "into", "among", "like", "under", "near", "between", "than", "toward", "towards", "via",
];

/// Nouns after a possessive that stand for the side itself in "X's government and Y held talks".
const SIDE_NOUNS: &[&str] = &["government", "administration", "delegation", "negotiators", "representatives", "envoys"];

/// Words that end a demanded phrase.
const CONCEPT_STOPS: &[&str] = &[
    "before", "until", "unless", "after", "because", "while", "which", "who", "whom", "when", "where", "so", "but",
    "although", "though", "despite", "if", "amid", "saying", "said", "says", "during",
];

/// Finite verbs that end a demanded noun phrase.
const AUXILIARIES: &[&str] =
    &["is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "should", "must", "may", "might"];

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

/// Every (start, end) token range where the trigger matches.
fn matches(tokens: &[Token], sent: &Sentence, pattern: &Pattern) -> Vec<Match> {
    // A demanded phrase may name actors ("the withdrawal of Russian troops"): a concept gap
    // may hold them; other gaps may not.
    let gap_actors = pattern.frame == Frame::ConceptGap;
    (0..tokens.len())
        .filter_map(|start| {
            match_at(tokens, sent, &pattern.trigger, start, None, gap_actors).map(|(end, slot)| Match {
                start,
                end,
                slot,
            })
        })
        .collect()
}

/// Where a trigger matched: tokens `start..end`, and the mention in its `_` slot, if any.
struct Match {
    start: usize,
    end: usize,
    slot: Option<usize>,
}

fn match_at(
    tokens: &[Token],
    sent: &Sentence,
    parts: &[TriggerPart],
    i: usize,
    slot: Option<usize>,
    gap_actors: bool,
) -> Option<(usize, Option<usize>)> {
    let Some((first, rest)) = parts.split_first() else {
        return Some((i, slot));
    };
    match first {
        TriggerPart::Word(words) => {
            let t = tokens.get(i)?;
            // A word matches words; punctuation only a trigger's own (the ":" of "its terms:").
            let punct = t.kind == super::token::TokenKind::Punct;
            if words.iter().any(|w| w.as_str() == t.lower.as_str() && (!punct || !w.chars().any(char::is_alphanumeric)))
            {
                match_at(tokens, sent, rest, i + 1, slot, gap_actors)
            } else {
                None
            }
        }
        TriggerPart::Slot => {
            let mi = sent.mention_at(i).filter(|&m| !sent.mentions[m].venue)?;
            match_at(tokens, sent, rest, sent.mentions[mi].end, Some(mi), gap_actors)
        }
        TriggerPart::Gap => {
            // Up to six words: "held four and a half hours of talks". A gap may hold a venue
            // ("held talks in Cairo on Monday with") but never another actor. A concept gap
            // holds a noun phrase: up to twelve words, actors included, no comma.
            let longest = if gap_actors { 12 } else { 6 };
            for skip in 0..=longest {
                if skip > 0 {
                    let t = tokens.get(i + skip - 1)?;
                    // (A nationality is an adjective here: "held Peruvian-brokered talks with".)
                    let actor = sent
                        .mention_at(i + skip - 1)
                        .is_some_and(|m| !sent.mentions[m].venue && !sent.mentions[m].demonym);
                    let stop = if gap_actors { t.text == "," } else { actor };
                    if t.is_clause_break() || stop {
                        return None;
                    }
                }
                if let Some(found) = match_at(tokens, sent, rest, i + skip, slot, gap_actors) {
                    return Some(found);
                }
            }
            None
        }
    }
}

/// Whether a gate phrase occurs in `from..to` (or `from..trigger` for before-only gates).
fn gated(tokens: &[Token], lex: &Lexicon, relation: RelationKind, from: usize, to: usize, trigger: usize) -> bool {
    let to = to.min(tokens.len());
    lex.gates.iter().any(|g| {
        if !g.relations.is_empty() && !g.relations.contains(&relation) {
            return false;
        }
        let end = match g.scope {
            GateScope::Before => trigger.min(to),
            _ if relation == RelationKind::Demands => trigger.min(to),
            GateScope::Span => to,
            GateScope::Sentence => tokens.len(),
        };
        let n = g.words.len();
        // A capitalised word mid-sentence is a name: "in May" is a month, not a modal.
        let matches_word = |k: usize, t: &Token, g: &String| t.lower == *g && (k == 0 || !t.is_capitalized());
        (from..end.saturating_sub(n.saturating_sub(1))).any(|i| {
            tokens
                .get(i..i + n)
                .is_some_and(|w| w.iter().zip(&g.words).enumerate().all(|(o, (t, g))| matches_word(i + o, t, g)))
        })
    })
}

struct Args<'a> {
    sent: &'a Sentence,
    roles: &'a [RolePhrase],
    entities: &'a Entities,
    lex: &'a Lexicon,
    prev_subject: Option<usize>,
    last_org: Option<usize>,
}

impl Args<'_> {
    /// Where gates start to count for a source at token `pos`: a few words before it ("did not",
    /// "until" before the name), or the "and" itself when the source was found through verb
    /// coordination, so that the first verb ("denies arming M23 and insists") does not gate.
    fn gate_from(&self, pos: usize) -> usize {
        let toks = &self.sent.tokens;
        if toks.get(pos).is_some_and(|t| t.lower == "and") {
            // ... unless a modal governs both verbs: "X will visit Y and call for Z".
            let start = self.clause_start(pos);
            if toks[start..pos].iter().any(|t| !t.is_capitalized() && self.lex.is(WordClass::Modal, &t.lower)) {
                start
            } else {
                pos
            }
        } else {
            pos.saturating_sub(3)
        }
    }

    /// Whether mention `mi` can be a side of an event.
    fn is_actor(&self, mi: usize) -> bool {
        let m = &self.sent.mentions[mi];
        let kind = self.entities.list[m.actor].kind;
        !m.venue && !m.absorbed && !m.demonym && kind != EntityKind::Concept
    }

    /// Whether the name at `start` is a preposition's complement: "in Rome", "in the U.S.
    /// proposals", "in a Red Cross plane".
    fn after_preposition(&self, start: usize) -> bool {
        let toks = &self.sent.tokens;
        let mut k = start;
        if k > 0 && matches!(toks[k - 1].lower.as_str(), "the" | "a" | "an") {
            k -= 1;
        }
        k > 0 && PREPOSITIONS.contains(&toks[k - 1].lower.as_str())
    }

    /// The person a role phrase covering token `i` stands for, if it has a holder.
    fn holder_at(&self, i: usize) -> Option<usize> {
        self.roles.iter().find(|rp| rp.start <= i && i < rp.end && rp.holder.is_some()).and_then(|rp| rp.holder)
    }

    /// The source of an event whose trigger starts at `ts`: the nearest actor before it,
    /// skipping appositions (", the US envoy,") and relative clauses (", who ...").
    fn subject(&self, ts: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut i = ts;
        let mut steps = 0;
        while i > 0 && steps < 30 {
            steps += 1;
            let t = &toks[i - 1];
            // A verb straight after a comma or a dash has the clause's subject: "Okafor hosted
            // Brel, calling for ...", the headline's "Okafor hosts Brel, calls for ...", and
            // "Orban angered Brussels - meeting Putin in Moscow".
            if i == ts && self.comma_verb(ts) {
                return self.verb_subject_before(i - 1).map(|(actor, _)| (actor, i - 1));
            }
            // "The Party of Democratic Action (SDA) called for": the name's short form in
            // brackets is no clause of its own.
            if t.text == ")" && self.short_form_bracket(i - 1) {
                i -= 3;
                continue;
            }
            if t.is_clause_break() && t.text != "." {
                break;
            }
            // Verb coordination: "Rwanda denies arming M23 and insists on ..." acts for the clause subject.
            // Gates are read from the "and" on: "denies arming M23 and insists on" insists.
            if t.lower == "and" && i == ts {
                // "Reuters reported that Putin is open ... and insists": the reported clause's
                // subject, when the verb's tense is not the reporting verb's ("X said that Y had
                // ... and called for" is X's call).
                let start = self.clause_start(i - 1);
                let past = |w: &str| w.ends_with("ed") || self.lex.is(WordClass::PastVerb, w);
                // The reporting verb: a word of the clause_verb class a few words before "that".
                let reporting = |j: usize| {
                    (j.saturating_sub(4).max(start)..j)
                        .rev()
                        .find(|&k| self.lex.is(WordClass::ClauseVerb, &toks[k].lower))
                };
                let reported = (start + 1..i - 1)
                    .rev()
                    .find(|&j| toks[j].lower == "that")
                    .filter(|&j| reporting(j).is_some_and(|v| past(&toks[v].lower) != past(&toks[ts].lower)));
                let start = reported.map_or(start, |j| j + 1);
                return self.clause_subject_from(start, i - 1).map(|(actor, _)| (actor, i - 1));
            }
            // "The group insists": the organization named last.
            if i >= 2
                && self.lex.is(WordClass::GroupReference, &t.lower)
                && toks[i - 2].lower == "the"
                && self.last_org.is_some()
            {
                return self.last_org.map(|o| (o, i - 2));
            }
            if matches!(t.lower.as_str(), "who" | "which") {
                // The antecedent: the nearest actor before "who" (skipping its apposition).
                let mut j = i - 1;
                while j > 0 {
                    if let Some(mi) = self.sent.mention_ending_at(j) {
                        if self.is_actor(mi) {
                            return Some((self.sent.mentions[mi].actor, self.sent.mentions[mi].start));
                        }
                        if let Some(h) = self.holder_at(j - 1) {
                            return Some((self.sent.mentions[h].actor, self.sent.mentions[h].start));
                        }
                    }
                    if toks[j - 1].is_clause_break() {
                        break;
                    }
                    j -= 1;
                }
                return None;
            }
            if t.text == "," {
                // Skip back over an apposition to the name before it.
                if let Some(j) = (0..i - 1).rev().find(|&j| toks[j].text == "," || toks[j].is_clause_break()) {
                    if toks[j].text == "," {
                        if let Some(mi) = self.sent.mention_ending_at(j) {
                            if self.is_actor(mi) {
                                return Some((self.sent.mentions[mi].actor, self.sent.mentions[mi].start));
                            }
                        }
                    }
                }
            }
            if let Some(mi) = self.sent.mention_ending_at(i) {
                let m = &self.sent.mentions[mi];
                if self.is_actor(mi) && !self.after_preposition(m.start) {
                    // "A Trump envoy met ...": the envoy nobody named met, not Trump.
                    if self.qualifies_unnamed_holder(mi, ts) {
                        return None;
                    }
                    return Some((m.actor, m.start));
                }
                if let Some(h) = self.holder_at(i - 1) {
                    return Some((self.sent.mentions[h].actor, self.sent.mentions[h].start));
                }
            }
            // "he met", and "her talks with" right before a noun trigger.
            let possessive = i == ts && matches!(t.lower.as_str(), "his" | "her");
            if matches!(t.lower.as_str(), "he" | "she") || possessive {
                return self.pronoun(i - 1).map(|p| (p, i - 1));
            }
            i -= 1;
        }
        None
    }

    /// The state or body the title of person `person` in this sentence is of ("Iranian Oil
    /// Minister X": Iran).
    fn side_of(&self, person: usize) -> Option<usize> {
        self.roles
            .iter()
            .filter(|rp| !rp.gated)
            .find(|rp| rp.holder.is_some_and(|h| self.sent.mentions[h].actor == person))
            .and_then(|rp| rp.target)
            .filter(|&t| self.entities.list[t].kind != EntityKind::Person)
    }

    /// Whether the trigger at `ts` is a verb right after a comma (adverbs like "then" between):
    /// a second verb of the clause, with no subject of its own.
    fn comma_verb(&self, ts: usize) -> bool {
        let toks = &self.sent.tokens;
        let mut k = ts;
        while k > 0 && matches!(toks[k - 1].lower.as_str(), "then" | "also" | "later" | "again") {
            k -= 1;
        }
        let verb = toks.get(ts).is_some_and(|t| {
            !t.is_capitalized() && (t.lower.ends_with("ing") || t.lower.ends_with("ed") || t.lower.ends_with('s'))
        });
        k > 0 && matches!(toks[k - 1].text.as_str(), "," | "\u{2013}" | "\u{2014}") && verb
    }

    /// Whether mention `mi` only qualifies a role whose holder is not named ("Trump envoy",
    /// "the Kremlin's negotiator"), with nothing but the role between it and the trigger.
    fn qualifies_unnamed_holder(&self, mi: usize, ts: usize) -> bool {
        let m_end = self.sent.mentions[mi].end;
        self.roles.iter().any(|rp| {
            rp.holder.is_none()
                && rp.inner.contains(&mi)
                && rp.end <= ts
                // "White House and congressional leaders": the first is an actor of its own.
                && self.sent.tokens[m_end..rp.end].iter().all(|t| t.lower != "and" && t.text != ",")
                && self.sent.tokens[rp.end..ts].iter().all(|t| t.is_word() && !t.is_clause_break())
        })
    }

    /// The subject of the last clause before token `i`: the one a subordinator opens ("after
    /// Fico blocked it, demanding ..."), else the main clause's.
    fn verb_subject_before(&self, i: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let start = self.clause_start(i);
        (start..i)
            .rev()
            .find(|&j| self.lex.is(WordClass::Subordinator, &toks[j].lower))
            .and_then(|j| self.clause_subject_from(j + 1, i))
            .or_else(|| self.clause_subject_from(start, i))
    }

    /// Where the clause holding token `i` starts.
    fn clause_start(&self, i: usize) -> usize {
        let toks = &self.sent.tokens;
        (0..i)
            .rev()
            .find(|&j| toks[j].is_clause_break() && toks[j].text != "." && !self.short_form_bracket(j))
            .map_or(0, |j| j + 1)
    }

    /// Whether the bracket at `j` encloses a name's short form: "the Party of Democratic
    /// Action (SDA)", a part of the name's phrase, not a clause.
    fn short_form_bracket(&self, j: usize) -> bool {
        let toks = &self.sent.tokens;
        let open = match toks[j].text.as_str() {
            "(" => j,
            ")" if j >= 2 => j - 2,
            _ => return false,
        };
        open > 0
            && toks.get(open).is_some_and(|t| t.text == "(")
            && toks.get(open + 2).is_some_and(|t| t.text == ")")
            && toks[open + 1].is_capitalized()
            && self.sent.mention_ending_at(open).is_some()
    }

    /// The first actor of the clause that ends before token `i`.
    fn clause_subject(&self, i: usize) -> Option<(usize, usize)> {
        self.clause_subject_from(self.clause_start(i), i)
    }

    /// The first actor from token `start` to token `i`.
    fn clause_subject_from(&self, start: usize, i: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        for (mi, m) in self.sent.mentions.iter().enumerate() {
            if m.start >= start && m.end <= i {
                if self.is_actor(mi) && !self.after_preposition(m.start) {
                    return Some((m.actor, m.start));
                }
                if let Some(h) = self.holder_at(m.start) {
                    return Some((self.sent.mentions[h].actor, self.sent.mentions[h].start));
                }
            }
        }
        if toks.get(start).is_some_and(|t| matches!(t.lower.as_str(), "he" | "she")) {
            return self.pronoun(start).map(|p| (p, start));
        }
        None
    }

    /// The person a "he", "she", "his", "her" or "him" at token `at` most likely means: the
    /// first person the sentence names before it as a subject (not after a preposition:
    /// "Okafor warned Brel's rebels, and he ..."), else the person the previous sentences
    /// were about.
    fn pronoun(&self, at: usize) -> Option<usize> {
        self.sent
            .mentions
            .iter()
            .enumerate()
            .filter(|(mi, m)| {
                // ("In Putin's speech, he ...": the owner of the opening phrase counts.)
                let owner = self.sent.tokens.get(m.end).is_some_and(|t| t.lower == "'s");
                m.end <= at
                    && self.is_actor(*mi)
                    && (!self.after_preposition(m.start) || owner)
                    && self.entities.list[m.actor].kind == EntityKind::Person
            })
            .map(|(_, m)| m.actor)
            .next()
            // "After her talks with Ryzhkov, Thatcher ...": a pronoun in an opening clause
            // looks ahead to the main clause's subject.
            .or_else(|| self.main_subject_after_opening(at))
            .or(self.prev_subject)
            // "After her talks with X, Holt left": with no one before, the subject after.
            .or_else(|| {
                self.sent
                    .mentions
                    .iter()
                    .enumerate()
                    .find(|(mi, m)| {
                        m.start > at
                            && self.is_actor(*mi)
                            && !self.after_preposition(m.start)
                            && self.entities.list[m.actor].kind == EntityKind::Person
                    })
                    .map(|(_, m)| m.actor)
            })
    }

    /// The first person after the comma that closes a sentence-opening clause ("After ...,",
    /// "During ...,") holding token `at`.
    fn main_subject_after_opening(&self, at: usize) -> Option<usize> {
        let toks = &self.sent.tokens;
        let opener = toks.first().is_some_and(|t| {
            self.lex.is(WordClass::Subordinator, &t.lower)
                || matches!(t.lower.as_str(), "during" | "following" | "upon")
        });
        let comma = (at..toks.len()).find(|&k| toks[k].text == "," || toks[k].is_clause_break())?;
        if !opener || toks[comma].text != "," {
            return None;
        }
        let (mi, m) = self.sent.mentions.iter().enumerate().find(|(_, m)| m.start > comma)?;
        (m.start == comma + 1 && self.is_actor(mi) && self.entities.list[m.actor].kind == EntityKind::Person)
            .then_some(m.actor)
    }

    /// The actor a "whom" right before the subject at `spos` stands for: "Edi Rama, whom she
    /// met", "the prime minister, Edi Rama, whom he met".
    fn whom_antecedent(&self, spos: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let whom = spos.checked_sub(1).filter(|&k| toks[k].lower == "whom")?;
        let end = if whom > 0 && toks[whom - 1].text == "," { whom - 1 } else { whom };
        let mi = self.sent.mention_ending_at(end)?;
        if self.is_actor(mi) {
            let m = &self.sent.mentions[mi];
            return Some((m.actor, m.start));
        }
        self.holder_at(end - 1).map(|h| (self.sent.mentions[h].actor, self.sent.mentions[h].start))
    }

    /// "After talks with X, Y said", "Speaking after talks with X, Y ...": a meeting noun
    /// after "after", "following" or "during" in an opening phrase is the main clause subject's.
    fn subject_after_opening(&self, ts: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let lead = ts.checked_sub(1).map(|k| toks[k].lower.as_str());
        if !matches!(lead, Some("after" | "following" | "during")) {
            return None;
        }
        // Only words (no clause) before: "After", "Speaking after", "Hours after".
        if toks[..ts - 1].iter().any(|t| !t.is_word() || self.sent.mention_ending_at(0).is_some()) {
            return None;
        }
        let comma = (ts..toks.len()).find(|&k| toks[k].text == "," || toks[k].is_clause_break())?;
        if toks[comma].text != "," {
            return None;
        }
        let (mi, m) = self.sent.mentions.iter().enumerate().find(|(_, m)| m.start > comma)?;
        let person =
            m.start == comma + 1 && self.is_actor(mi) && self.entities.list[m.actor].kind == EntityKind::Person;
        person.then_some((m.actor, 0))
    }

    /// The source and the actors coordinated before it ("Iran and Algeria", "Both A and B",
    /// "A, B and C"), each a source of the same demand.
    fn coordinated(&self, source: usize, spos: usize) -> Vec<usize> {
        let toks = &self.sent.tokens;
        let mut out = vec![source];
        // A holder's title opens its phrase: "German Chancellor X and French President Y called for".
        let phrase_start = |start: usize| {
            self.roles
                .iter()
                .find(|rp| rp.holder.is_some_and(|h| self.sent.mentions[h].start == start))
                .map_or(start, |rp| rp.start.min(start))
        };
        let mut j = phrase_start(spos);
        while j > 1
            && matches!(toks[j - 1].lower.as_str(), "and" | ",")
            && out.len() < super::MAX_RELATIONS_PER_SENTENCE
        {
            let actor = self
                .sent
                .mention_ending_at(j - 1)
                .filter(|&mi| self.is_actor(mi))
                .map(|mi| (self.sent.mentions[mi].actor, self.sent.mentions[mi].start))
                .or_else(|| self.holder_at(j - 2).map(|h| (self.sent.mentions[h].actor, self.sent.mentions[h].start)));
            let Some((actor, start)) = actor else {
                break;
            };
            if !out.contains(&actor) {
                out.push(actor);
            }
            j = phrase_start(start);
        }
        out
    }

    /// The source and the actors coordinated with it, when they open their clause ("Holt and
    /// Rivera met X"), not when the first is an earlier verb's object ("Holt met Rivera and
    /// Berg met Sand").
    fn subject_group(&self, source: usize, spos: usize) -> Vec<usize> {
        let group = self.coordinated(source, spos);
        if group.len() < 2 {
            return group;
        }
        let toks = &self.sent.tokens;
        let first =
            self.sent.mentions.iter().filter(|m| group.contains(&m.actor) && m.start <= spos).map(|m| m.start).min();
        let opens = first.is_none_or(|j| {
            j == 0
                || !toks[j - 1].is_word()
                || matches!(toks[j - 1].lower.as_str(), "both" | "the" | "then" | "when" | "as")
        });
        if opens {
            group
        } else {
            vec![source]
        }
    }

    /// The owner of a noun trigger at `ts`: the name right before it ("an IMF demand"),
    /// possibly possessive and past two modifiers ("Russia's key demand").
    fn owner(&self, ts: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        // "repeated his insistence that": the person "his" stands for.
        if ts > 0 && matches!(toks[ts - 1].lower.as_str(), "his" | "her") {
            return self.pronoun(ts - 1).map(|p| (p, ts - 1));
        }
        // "Moscow will keep its demand": the clause's subject; a body's "its" is its own.
        if ts > 0 && matches!(toks[ts - 1].lower.as_str(), "its" | "their") {
            return self.subject(ts - 1).filter(|&(a, _)| self.entities.list[a].kind != EntityKind::Person);
        }
        let mut i = ts;
        while i > 0 && ts - i < 2 && toks[i - 1].is_word() && !toks[i - 1].is_capitalized() {
            let w = toks[i - 1].lower.as_str();
            // ("over the Iraq war and call for": "call" is a verb here, with no owner.)
            if matches!(w, "the" | "a" | "an" | "this" | "that" | "its" | "their" | "and" | "or" | "but")
                || PREPOSITIONS.contains(&w)
            {
                return None;
            }
            i -= 1;
        }
        if i > 0 && toks[i - 1].lower == "'s" {
            i -= 1;
        }
        let mi = self.sent.mention_ending_at(i)?;
        if let Some(h) = self.holder_at(i - 1) {
            return Some((self.sent.mentions[h].actor, self.sent.mentions[h].start));
        }
        self.is_actor(mi).then(|| (self.sent.mentions[mi].actor, self.sent.mentions[mi].start))
    }

    /// The actors after a trigger ending at `te`: the first, and any joined by "and".
    fn objects(&self, te: usize) -> Vec<(usize, usize)> {
        self.listed_after(te, true)
    }

    /// The actors listed after a trigger that is itself a noun phrase's ("a meeting attended
    /// by A and B took place"): the verb after the list is the sentence's, not a new clause's.
    fn participants(&self, te: usize) -> Vec<(usize, usize)> {
        self.listed_after(te, false)
    }

    /// The actors after token `te`, the first and any listed after it; with `clause_verb_ends`,
    /// a verb right after a name makes that name a new clause's subject ("met Y and Z met W").
    fn listed_after(&self, te: usize, clause_verb_ends: bool) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut out = Vec::new();
        // "received both ministers": the two people the plural means.
        if let Some(g) = self.sent.groups.iter().find(|g| {
            g.start >= te && g.start <= te + 2 && toks[te..g.start].iter().all(|t| t.is_word() && !t.is_capitalized())
        }) {
            return g.members.iter().map(|&m| (m, g.end)).collect();
        }
        let Some(first) = self.object_from(te, 5) else {
            return out;
        };
        let mut i = first.1;
        out.push(first);
        // "Y, Z and W": the names after commas count once an "and" closes the list, so an
        // apposition ("Y, Peru's president, said") adds nothing.
        let mut listed = Vec::new();
        // A run-on list stops at a sentence's relation cap: reading further costs time for
        // relations that would be dropped.
        while out.len() + listed.len() < super::MAX_RELATIONS_PER_SENTENCE {
            let mut j = i;
            // "met Putin in Moscow, Xi in Beijing and Trump": the place after a name is where.
            if toks.get(j).is_some_and(|t| matches!(t.lower.as_str(), "in" | "at")) {
                let venue = self.sent.mention_at(j + 1).map(|mi| &self.sent.mentions[mi]).filter(|m| m.venue);
                if let Some(m) = venue.filter(|m| toks.get(m.end).is_some_and(|t| t.text == "," || t.lower == "and")) {
                    j = m.end;
                }
            }
            let (mut joined, mut comma) = (false, false);
            while j < toks.len() && (toks[j].text == "," || toks[j].lower == "and") {
                joined |= toks[j].lower == "and";
                comma |= toks[j].text == ",";
                j += 1;
            }
            // "met A, B and C, as well as D": "as well as" closes a list like "and".
            if toks.get(j..j + 3).is_some_and(|w| w[0].lower == "as" && w[1].lower == "well" && w[2].lower == "as") {
                joined = true;
                j += 3;
            }
            let next = if joined {
                self.object_from(j, 3)
            } else if comma {
                self.object_from(j, 0)
            } else {
                None
            };
            // A role phrase's holder may stand before the phrase ("Y, Peru's president"):
            // only what lies ahead continues the list, so the scan always moves forward.
            let Some(o) = next.filter(|o| o.1 > j) else {
                // "Y, Z and a WIFO representative": the "and" closes the list all the same.
                if joined && toks.get(j).is_some_and(|t| t.is_word()) {
                    out.append(&mut listed);
                }
                break;
            };
            // ", and Argentina's economy minister said ...", "met Y and Z met W": a new
            // clause's subject.
            let verb_after = toks.get(o.1).is_some_and(|t| {
                t.is_word()
                    && !t.is_capitalized()
                    && (comma && self.lex.is(WordClass::ClauseVerb, &t.lower)
                        || !self.lex.patterns_starting(&t.lower).is_empty()
                            && !self.lex.is(WordClass::MeetingNoun, &t.lower))
            });
            if verb_after && clause_verb_ends {
                break;
            }
            i = o.1;
            if joined {
                out.append(&mut listed);
                out.push(o);
            } else {
                listed.push(o);
            }
        }
        out
    }

    /// "between A and B": the two actors after the trigger ending at `te`, joined by "and".
    /// Where the verb stands that put out the document whose call starts at `ts`: "unveiled"
    /// in "Peru unveiled a six-point plan calling for", "proposed" in "proposed a resolution
    /// that calls for".
    fn issued_document(&self, ts: usize) -> Option<usize> {
        let toks = &self.sent.tokens;
        let mut k = ts;
        if k > 0 && matches!(toks[k - 1].lower.as_str(), "that" | "which") {
            k -= 1;
        }
        if k > 0 && toks[k - 1].text == "," {
            k -= 1;
        }
        if k == 0 || !self.lex.is(WordClass::DocumentNoun, &toks[k - 1].lower) {
            return None;
        }
        k -= 1;
        // Back over its modifiers ("a 12-point peace") to the verb.
        let mut steps = 0;
        while k > 0 && steps < 6 {
            let t = &toks[k - 1];
            if self.lex.is(WordClass::IssueVerb, &t.lower) {
                return Some(k - 1);
            }
            let modifier =
                t.is_word() && !t.is_capitalized() || t.text == "-" || t.lower.chars().all(|c| c.is_ascii_digit());
            if !modifier && self.sent.mention_ending_at(k).is_none() {
                return None;
            }
            k -= 1;
            steps += 1;
        }
        None
    }

    /// The author of a document named right before a call at `ts`: "a resolution issued by
    /// the council called for" (the council, or the body "the council" refers to).
    fn document_author(&self, ts: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let end = if ts > 0 && toks[ts - 1].text == "," { ts - 1 } else { ts };
        let (actor, start) =
            if end >= 2 && toks[end - 2].lower == "the" && self.lex.is(WordClass::GroupReference, &toks[end - 1].lower)
            {
                (self.last_org?, end - 2)
            } else {
                let mi = self.sent.mention_ending_at(end)?;
                let m = &self.sent.mentions[mi];
                let start = if m.start > 0 && toks[m.start - 1].lower == "the" { m.start - 1 } else { m.start };
                (m.actor, start)
            };
        let by = start.checked_sub(1).filter(|&k| toks[k].lower == "by")?;
        let verb = by.checked_sub(1).filter(|&k| {
            let w = toks[k].lower.as_str();
            self.lex.is(WordClass::IssueVerb, w) || w.ends_with("ed")
        })?;
        let noun = verb.checked_sub(1)?;
        self.lex.is(WordClass::DocumentNoun, &toks[noun].lower).then_some((actor, start))
    }

    /// Whether the "to" at `to` gives the purpose of a trip that was made: "flew to Lima to
    /// meet Boric" (the trip happened, and with it the meeting), unlike "plans to meet".
    fn trip_made(&self, to: usize) -> bool {
        let toks = &self.sent.tokens;
        // Back over the destination ("to Lima", "to the Kremlin") to the verb of the trip.
        let Some(verb) = (to.saturating_sub(6)..to).rev().find(|&k| self.lex.is(WordClass::Motion, &toks[k].lower))
        else {
            return false;
        };
        let past = |w: &str| w.ends_with("ed") || self.lex.is(WordClass::PastVerb, w);
        past(&toks[verb].lower)
            && toks[verb + 1..to].iter().all(|t| t.is_word() || t.text == "'s")
            && toks.get(verb + 1).is_some_and(|t| matches!(t.lower.as_str(), "to" | "in" | "into"))
    }

    /// The sides a "between" names through their people: "between Chilean and Peruvian
    /// officials" (nationalities), "between envoys from Chile, Peru and Brazil" (places).
    fn sides_after(&self, te: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut k = te;
        while toks.get(k).is_some_and(|t| t.lower == "the") {
            k += 1;
        }
        if toks.get(k).is_some_and(|t| self.lex.is(WordClass::SidePeople, &t.lower))
            && toks.get(k + 1).is_some_and(|t| matches!(t.lower.as_str(), "from" | "of"))
        {
            return self.objects(k + 2);
        }
        // The nationalities end right before the people noun, a few words on at most.
        let people = (k..(k + 8).min(toks.len()))
            .take_while(|&j| toks[j].is_word() || toks[j].text == ",")
            .find(|&j| self.lex.is(WordClass::SidePeople, &toks[j].lower));
        match people {
            Some(j) if j > k => self.demonym_list_ending_at(j),
            _ => Vec::new(),
        }
    }

    fn pair_after(&self, te: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let Some(first) = self.object_from(te, 5) else {
            return Vec::new();
        };
        if toks.get(first.1).is_none_or(|t| t.lower != "and") {
            return Vec::new();
        }
        self.object_from(first.1 + 1, 3).filter(|o| o.0 != first.0).map_or_else(Vec::new, |second| vec![first, second])
    }

    /// The first actor at or after token `i`, skipping at most `max_skip` plain words.
    fn object_from(&self, mut i: usize, max_skip: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut skipped = 0;
        while i < toks.len() {
            let t = &toks[i];
            if t.is_clause_break() {
                return None;
            }
            if let Some(h) = self.holder_at(i) {
                let m = &self.sent.mentions[h];
                return Some((m.actor, m.end));
            }
            if let Some(mi) = self.sent.mention_at(i) {
                let m = &self.sent.mentions[mi];
                if toks.get(m.end).is_some_and(|t| t.lower == "'s") {
                    // "Egypt's General Intelligence Service": the possessed name, if any.
                    self.sent.mention_at(m.end + 1)?;
                    i = m.end + 1;
                    continue;
                }
                // "U.S. Treasury Secretary James Baker": an adjective on the way to the holder.
                if m.demonym && skipped < max_skip.max(2) {
                    skipped += 1;
                    i = m.end;
                    continue;
                }
                // "met Senate and Democratic leaders": the name qualifies unnamed people.
                if self.qualifies_people(m.end) {
                    return None;
                }
                // "U.S. Treasury Secretary James Baker": the name opens its holder's title; "a
                // WIFO representative": it describes someone unnamed.
                let title_from = (m.end..(m.end + 3).min(toks.len()))
                    .take_while(|&k| k == m.end || toks[k - 1].is_capitalized())
                    .find(|&k| self.sent.spans.iter().any(|sp| sp.start == k && matches!(sp.kind, SpanKind::Role(_))));
                if let Some(k) = title_from {
                    match self.holder_at(k) {
                        Some(_) => {
                            i = k;
                            continue;
                        }
                        None => return None,
                    }
                }
                return self.is_actor(mi).then_some((m.actor, m.end));
            }
            // "talks with her", not "her Rwandan counterpart".
            let object_pronoun = |n: Option<&Token>| {
                n.is_none_or(|n| !n.is_word() || n.lower == "and" || PREPOSITIONS.contains(&n.lower.as_str()))
            };
            if t.lower == "him" || t.lower == "her" && object_pronoun(toks.get(i + 1)) {
                return self.pronoun(i).map(|p| (p, i + 1));
            }
            // A capitalised word of a title ("Treasury" in "U.S. Treasury Secretary X").
            if t.is_capitalized() && self.holder_at(i + 1).is_some() && skipped < max_skip.max(2) {
                skipped += 1;
                i += 1;
                continue;
            }
            // Articles, adjectives, quotes, and honorifics the name span left out ("Sheikh").
            let honorific =
                self.lex.is(WordClass::HonorificKeep, &t.text) || self.lex.is(WordClass::HonorificDrop, &t.text);
            let skippable = t.is_word() && !PREPOSITIONS.contains(&t.lower.as_str()) && !t.is_capitalized()
                || honorific
                || matches!(t.text.as_str(), "\"" | "\u{201c}" | "\u{201d}");
            if !skippable || skipped >= max_skip {
                return None;
            }
            skipped += 1;
            i += 1;
        }
        None
    }

    /// Whether the words from token `i` on are "[and Democratic] leaders": a plural noun for
    /// people that the name before qualifies.
    fn qualifies_people(&self, i: usize) -> bool {
        let toks = &self.sent.tokens;
        if toks.get(i).is_some_and(|t| t.lower == "and") {
            // "U.S. and world financial officials": past up to three more modifiers.
            let from = i + 1;
            return (from..(from + 4).min(toks.len()))
                .take_while(|&k| toks[k].is_word())
                .any(|k| self.lex.is(WordClass::PeopleNoun, &toks[k].lower));
        }
        toks.get(i).is_some_and(|t| self.lex.is(WordClass::PeopleNoun, &t.lower))
    }

    /// "X and Y" (or "X, Y and Z") ending just before token `ts`, possibly "delegations from X and Y".
    /// The countries of a list of nationalities ending at token `end` ("Turkish and Greek",
    /// "US, Russian and Ukrainian"), each once.
    fn demonym_list_ending_at(&self, end: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut j = end;
        while let Some(mi) = self.sent.mention_ending_at(j).filter(|&mi| self.sent.mentions[mi].demonym) {
            let m = &self.sent.mentions[mi];
            if !out.iter().any(|&(a, _)| a == m.actor) {
                out.insert(0, (m.actor, m.start));
            }
            if m.start == 0 || !matches!(toks[m.start - 1].lower.as_str(), "and" | ",") {
                break;
            }
            j = m.start - 1;
        }
        out
    }

    fn group_before(&self, ts: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut out = Vec::new();
        // "Turkish and Greek negotiators", "Israeli and Lebanese officials": the two sides.
        if ts > 1 && self.lex.is(WordClass::SidePeople, &toks[ts - 1].lower) {
            let sides = self.demonym_list_ending_at(ts - 1);
            if sides.len() >= 2 {
                return sides;
            }
        }
        let mut i = ts;
        // Allow an adverb or two ("X and Y finally met"), and "held" style gaps already in the trigger.
        while i > 0
            && toks[i - 1].is_word()
            && !toks[i - 1].is_capitalized()
            && self.sent.mention_ending_at(i).is_none()
            && !self.sent.groups.iter().any(|g| g.end == i)
            && ts - i < 2
        {
            i -= 1;
        }
        // "The two presidents met": the two people the plural means.
        if let Some(g) = self.sent.groups.iter().find(|g| g.end == i) {
            return g.members.iter().map(|&m| (m, g.start)).collect();
        }
        loop {
            // "Congo's government and the M23": a side's institution stands for the side.
            if i >= 2 && toks[i - 2].lower == "'s" && SIDE_NOUNS.contains(&toks[i - 1].lower.as_str()) {
                i -= 2;
            }
            // "the US-China talks", "Israeli-Syrian talks": nationalities joined by a hyphen are sides.
            let hyphened = |mi: usize| {
                let m = &self.sent.mentions[mi];
                m.demonym
                    && (toks.get(m.end).is_some_and(|t| t.text == "-") || m.start > 0 && toks[m.start - 1].text == "-")
            };
            let actor = self
                .sent
                .mention_ending_at(i)
                .filter(|&mi| self.is_actor(mi) || hyphened(mi))
                .map(|mi| (self.sent.mentions[mi].actor, self.sent.mentions[mi].start))
                .or_else(|| {
                    if i > 0 {
                        self.holder_at(i - 1).map(|h| (self.sent.mentions[h].actor, self.sent.mentions[h].start))
                    } else {
                        None
                    }
                })
                .or_else(|| {
                    // "US Secretary of State Marco Rubio and ...": the holder right before.
                    self.sent.mention_ending_at(i).and_then(|mi| {
                        let m = &self.sent.mentions[mi];
                        (self.entities.list[m.actor].kind == EntityKind::Person && !m.venue)
                            .then_some((m.actor, m.start))
                    })
                });
            let Some((actor, start)) = actor else { break };
            let rp_start = self
                .roles
                .iter()
                .find(|rp| rp.holder.is_some_and(|h| self.sent.mentions[h].start == start))
                .map_or(start, |rp| rp.start.min(start));
            out.insert(0, (actor, rp_start));
            // "X and Y", "X and the Y", "X, Y and Z", and the hyphen of "the X-Y summit".
            // ("X and his Armenian counterpart Y": the possessive opens Y's phrase.)
            let joined = rp_start
                .checked_sub(1)
                .filter(|&k| matches!(toks[k].lower.as_str(), "the" | "his" | "her" | "their"))
                .map_or(rp_start, |k| k);
            if joined >= 1 && matches!(toks[joined - 1].lower.as_str(), "and" | "," | "-") {
                i = joined - 1;
                if i > 0 && toks[i - 1].text == "," {
                    i -= 1;
                }
                continue;
            }
            break;
        }
        out
    }
}

/// Whether the trigger word at `ts` is used as a noun: a determiner or possessive before it,
/// perhaps with an adjective or two between ("its maximalist demands", "the IMF's new call").
fn is_noun_use(tokens: &[Token], ts: usize, lex: &Lexicon) -> bool {
    let determiner = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "the" | "a" | "an" | "this" | "that" | "its" | "their" | "his" | "her" | "'s" | "our" | "these" | "those"
        )
    };
    let mut k = ts;
    for _ in 0..3 {
        let Some(t) = k.checked_sub(1).map(|j| &tokens[j]) else { return false };
        // ("Peru's key demand is the return of X" is still read: its owner is the subject.)
        if determiner(t) {
            return k == ts || t.lower != "'s";
        }
        // Only adjectives may stand between ("the group demands" is a verb after its subject).
        let w = t.lower.as_str();
        let adjective = t.is_word()
            && !t.is_capitalized()
            && !lex.is(WordClass::Modal, w)
            && (["ist", "al", "ic", "ive", "ous", "ful", "less", "ary", "ian", "ese", "ish", "est"]
                .iter()
                .any(|x| w.ends_with(x))
                || lex.is(WordClass::Adjective, w));
        if !adjective {
            return false;
        }
        k -= 1;
    }
    false
}

/// "until Kyiv agreed", "unless the ships did so": a condition already met or told as past is
/// a narrative, not a demand. Looks at the clause's first verb-like word after `from`.
fn reports_the_past(tokens: &[Token], from: usize, lex: &Lexicon, first_verb_only: bool) -> bool {
    tokens[from..]
        .iter()
        .take(6)
        .take_while(|t| !t.is_clause_break() && t.text != "," && !(first_verb_only && t.lower == "and"))
        .zip(std::iter::once(None).chain(tokens[from..].iter().map(Some)))
        .any(|(t, prev)| {
            // "are lifted", "be eased": a passive, not a past.
            let passive = prev.is_some_and(|p| matches!(p.lower.as_str(), "is" | "are" | "be" | "been" | "being"));
            !t.is_capitalized() && (t.lower.ends_with("ed") && !passive || lex.is(WordClass::PastVerb, &t.lower))
        })
}

/// Leading words dropped from a demanded phrase: articles, and the preposition of a
/// repeated trigger ("called for X and for Y").
/// Words dropped from the front of a demanded phrase: articles, the trigger's own
/// prepositions, and a copula ("Peru's key demand is the return of the islands").
const CONCEPT_LEAD: &[&str] = &["the", "a", "an", "for", "on", "that", "is", "was", "are", "were"];

/// Word sequences that end a demanded phrase: its justification, not its content.
const CONCEPT_TAILS: &[&[&str]] = &[
    &["as", "part"],
    &["as", "the", "price"],
    &["as", "a", "condition"],
    &["as", "a", "precondition"],
    &["as", "a", "first"],
    &["in", "exchange"],
    &["in", "return"],
    &["and", "said"],
    &["and", "that"],
];

/// The demanded phrases after a trigger ending at `te`: cut at the clause's end, split on
/// "and" into one concept each, leading article dropped.
fn concept_phrases(tokens: &[Token], te: usize, lex: &Lexicon) -> Vec<String> {
    // A noun phrase ends at its sentence's verb ("demands for a withdrawal were rejected"); a
    // "that" clause has a verb of its own ("demanded that sanctions be lifted").
    let clause = tokens.get(te).is_some_and(|t| t.lower == "that")
        || te > 0 && matches!(tokens[te - 1].lower.as_str(), "that" | "if" | "until" | "unless" | ":");
    let mut end = te;
    let mut skipped: Vec<std::ops::Range<usize>> = Vec::new();
    while end < tokens.len() {
        let t = &tokens[end];
        // (A spaced hyphen is a dash: "its demands - as set out in June - remained".)
        if t.is_clause_break() || t.text == "," || t.text == "-" || CONCEPT_STOPS.contains(&t.lower.as_str()) {
            break;
        }
        // ("Peru's key demand is the return of ...": a copula right after the trigger leads in.)
        if !clause && end > te && AUXILIARIES.contains(&t.lower.as_str()) {
            break;
        }
        // "called for calm and met X": a second verb of the clause ends the object.
        // ("... and mostly controlled by": an adverb may stand before the verb.)
        let verb_at = if tokens.get(end + 1).is_some_and(|n| n.lower.ends_with("ly") && !n.is_capitalized()) {
            end + 2
        } else {
            end + 1
        };
        if t.lower == "and"
            && tokens.get(verb_at).is_some_and(|n| {
                lex.is(WordClass::PastVerb, &n.lower)
                    || lex.is(WordClass::ClauseVerb, &n.lower)
                    || !n.is_capitalized() && n.lower.ends_with("ed") && end > te + 1
            })
        {
            break;
        }
        // "a general strike in the West Bank on Thursday": where and when are not what is
        // demanded; leave them out and read on ("... and the release of X").
        if tokens[te..end].iter().any(|t| t.is_word() && !CONCEPT_LEAD.contains(&t.lower.as_str())) {
            if let Some(after) = adjunct_end(tokens, end, lex) {
                skipped.push(end..after);
                end = after;
                continue;
            }
        }
        let tail = CONCEPT_TAILS.iter().any(|seq| {
            tokens.get(end..end + seq.len()).is_some_and(|w| w.iter().zip(seq.iter()).all(|(t, s)| t.lower == *s))
        });
        if tail {
            break;
        }
        end += 1;
    }
    let mut start = te;
    if tokens.get(start).is_some_and(|t| t.lower == "that") {
        start += 1;
    }
    if skipped.is_empty() {
        return split_concepts(&tokens[start..end], lex);
    }
    let kept: Vec<Token> =
        (start..end).filter(|k| !skipped.iter().any(|r| r.contains(k))).map(|k| tokens[k].clone()).collect();
    split_concepts(&kept, lex)
}

/// A word of a date, a time or a duration: "Monday", "week", "2025", "two".
fn is_time(t: &Token, lex: &Lexicon) -> bool {
    lex.is(WordClass::DateWord, &t.text)
        || lex.is(WordClass::TimeWord, &t.lower)
        || t.lower.chars().all(|c| c.is_ascii_digit())
}

/// Where the place or time adjunct opening at token `k` ends, if one does: "in"/"on"/"at"/
/// "across"/"throughout" before names ("in the West Bank and Gaza"), a date or a time ("on
/// Thursday", "in two years"), or a date word itself ("Monday").
fn adjunct_end(tokens: &[Token], k: usize, lex: &Lexicon) -> Option<usize> {
    let is_time = |t: &Token| is_time(t, lex);
    let t = &tokens[k];
    if lex.is(WordClass::DateWord, &t.text) {
        return Some(k + 1);
    }
    if !matches!(t.lower.as_str(), "in" | "on" | "at" | "across" | "throughout" | "inside") {
        return None;
    }
    let mut j = k + 1;
    while tokens.get(j).is_some_and(|n| matches!(n.lower.as_str(), "the" | "all" | "of" | "a")) {
        j += 1;
    }
    let first = tokens.get(j)?;
    if is_time(first) {
        while tokens.get(j).is_some_and(is_time) {
            j += 1;
        }
        return Some(j);
    }
    if !first.is_capitalized() {
        return None;
    }
    // Names, joined by "and" ("the West Bank and Gaza").
    loop {
        while tokens.get(j).is_some_and(|n| n.is_capitalized() || n.kind == super::token::TokenKind::Poss) {
            j += 1;
        }
        let and_name = tokens.get(j).is_some_and(|n| n.lower == "and")
            && tokens[j + 1..].iter().find(|n| n.lower != "the").is_some_and(|n| n.is_capitalized());
        if !and_name {
            return Some(j);
        }
        j += 1;
        while tokens.get(j).is_some_and(|n| n.lower == "the") {
            j += 1;
        }
    }
}

/// A demanded stretch of words split on "and" into one concept each, leading article dropped.
fn split_concepts(words: &[Token], lex: &Lexicon) -> Vec<String> {
    let mut pieces: Vec<&[Token]> = Vec::new();
    let mut from = 0;
    let mut skip_to = 0;
    for (k, t) in words.iter().enumerate() {
        if k < skip_to {
            continue;
        }
        // "a withdrawal of troops as well as measures to ...": two demands, like "and".
        let as_well_as = t.lower == "as"
            && words.get(k + 1).is_some_and(|w| w.lower == "well")
            && words.get(k + 2).is_some_and(|w| w.lower == "as");
        if as_well_as && k > from && k + 3 < words.len() {
            pieces.push(&words[from..k]);
            from = k + 3;
            skip_to = k + 3;
            continue;
        }
        // "the release of all prisoners and deportees": one bare noun after "and" belongs to
        // the "of" before it, not a demand of its own.
        let of_complement = words[from..k].iter().any(|w| w.lower == "of") && k + 2 == words.len();
        // "an immediate and unconditional ceasefire" is one concept: split only when the left
        // side already has two words besides its article, or the right starts a new noun
        // phrase with its own article ("a ceasefire and the release of hostages").
        let content = words[from..k].iter().filter(|w| !CONCEPT_LEAD.contains(&w.lower.as_str())).count();
        let new_phrase = words.get(k + 1).is_some_and(|w| matches!(w.lower.as_str(), "a" | "an" | "the"));
        // "linking approval of a pact to missiles and defence": the gerund's objects, one demand.
        let gerund = |w: &Token| w.lower.ends_with("ing") && w.lower.len() > 5;
        let inside_gerund = words.iter().find(|w| !CONCEPT_LEAD.contains(&w.lower.as_str())).is_some_and(gerund)
            && !words.get(k + 1).is_some_and(|w| gerund(w) || matches!(w.lower.as_str(), "a" | "an" | "the"));
        if t.lower == "and"
            && !inside_gerund
            && !of_complement
            && (content >= 2 || (content >= 1 && new_phrase))
            && k + 1 < words.len()
        {
            pieces.push(&words[from..k]);
            from = k + 1;
        }
    }
    pieces.push(&words[from..]);
    pieces.into_iter().filter_map(|p| concept_text(p, lex)).collect()
}

/// The display text of a phrase: leading articles and quotes dropped, spacing mended.
/// `None` for what is not a noun phrase (nothing left, or a lone adverb: "repeatedly").
fn concept_text(p: &[Token], lex: &Lexicon) -> Option<String> {
    let mut p = p;
    while let Some((first, rest)) = p.split_first() {
        if CONCEPT_LEAD.contains(&first.lower.as_str()) {
            p = rest;
        } else {
            break;
        }
    }
    let words: Vec<Token> = p
        .iter()
        .filter(|t| !matches!(t.text.as_str(), "\"" | "\u{201c}" | "\u{201d}" | "'" | "\u{2018}" | "\u{2019}"))
        .cloned()
        .collect();
    // "keeping territory it [has seized]": a pronoun left at the end belongs to the cut clause.
    let mut words = words;
    while words
        .last()
        .is_some_and(|t| matches!(t.lower.as_str(), "it" | "they" | "he" | "she" | "we" | "which" | "that" | "who"))
    {
        words.pop();
    }
    let lone_adverb = words.len() == 1 && words[0].lower.ends_with("ly");
    // "until Monday", "until next week": a time, not a demanded thing.
    if words.iter().all(|t| !t.is_word() || is_time(t, lex)) {
        return None;
    }
    let text = super::mention::join(&words).replace(" ,", ",");
    let text = text.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    (!text.is_empty() && !lone_adverb && words.iter().any(|t| t.is_word())).then_some(text)
}

/// "a possible meeting between the two presidents, which Ukraine has called for": the noun
/// phrase before ", which" that ends just before `subject_start`.
fn antecedent_phrase(tokens: &[Token], subject_start: usize, lex: &Lexicon) -> Option<String> {
    let which = subject_start.checked_sub(1)?;
    if !matches!(tokens[which].lower.as_str(), "which" | "that") || which == 0 || tokens[which - 1].text != "," {
        return None;
    }
    let comma = which - 1;
    let from =
        (0..comma).rev().take(10).take_while(|&k| !tokens[k].is_clause_break() && tokens[k].text != ",").last()?;
    // Start at the last article that opens the object of a verb, not of a preposition:
    // "discussed a possible meeting between the two presidents" → "a possible meeting ...",
    // "forbidden by the constitution to cede the territory" → "the territory".
    let article = |k: usize| matches!(tokens[k].lower.as_str(), "a" | "an" | "the");
    let after_preposition = |k: usize| k > 0 && PREPOSITIONS.contains(&tokens[k - 1].lower.as_str());
    let first_article = (from..comma)
        .rev()
        .find(|&k| article(k) && !after_preposition(k))
        .or_else(|| (from..comma).find(|&k| article(k)))?;
    concept_text(&tokens[first_article..comma], lex)
}
