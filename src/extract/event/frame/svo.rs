//! Frames with a source and a target in either voice: `svo` ("X met Y", "X hosted Y and Z")
//! and `passive` ("Y was received by X", "a delegation led by X"); and `setting`, where the
//! trigger is the meeting at which one addressed the other ("X berated Y in a meeting").

use super::Hit;
use crate::extract::event::gates::is_noun_use;
use crate::extract::lexicon::WordClass;
use crate::extract::role::Found;
use crate::graph::{EntityKind, RelationKind};

/// `svo`: the subject before the trigger relates to each object after it ("Anja Holt met
/// Tomas Rivera"); the subjects coordinated before it each do ("X and Y met Z").
pub(super) fn svo(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, pattern, start: ts, end: te, after_trip, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    // "a meeting Putin had called" is a noun, not "meeting Putin".
    if pattern.trigger.len() == 1 && sent.tokens[ts].lower.ends_with("ing") && is_noun_use(&sent.tokens, ts, lex) {
        return;
    }
    // "After talks with X in London, Y said ...": the main clause's subject.
    let Some((s, spos)) = args.subject(ts).or_else(|| args.subject_after_opening(ts)) else {
        return;
    };
    // "When Harris meets Netanyahu this week, ...": a present tense after "when"
    // or "once" is what will happen.
    let present = sent.tokens[ts].lower.ends_with('s') && !sent.tokens[ts].lower.ends_with("ss");
    let clause = args.clause_start(spos);
    let opener = sent.tokens[clause..spos]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "when" | "once" | "before" | "until" | "whenever"));
    if present && opener {
        return;
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
        hit.gated(args.gate_from(spos), ts) || hit.gated(ts, end)
    } else {
        hit.gated(args.gate_from(spos), end)
    };
    if objects.is_empty() || gate {
        return;
    }
    // "X and Y met Z": each of them met Z.
    let sources = if pattern.relation == RelationKind::MetWith { args.subject_group(s, spos) } else { vec![s] };
    for &source in &sources {
        for &(o, _) in &objects {
            hit.push(found, source, o);
        }
    }
    let multilateral = || {
        let lower = sent.text.to_lowercase();
        lower.contains("three-way") || lower.contains("trilateral")
    };
    if objects.len() >= 2 && multilateral() {
        hit.push_pairs(found, &objects);
    }
}

/// `passive`: the trigger's object is the source, what stands before it the target ("Rivera
/// was received by Holt", "a Chilean delegation led by X": X is Chile's envoy).
pub(super) fn passive(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, pattern, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
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
        return;
    };
    // "talks between Hamas and Fatah hosted by Beijing": the host hosted the talks,
    // an event, not a guest.
    let event_hosted = pattern.relation == RelationKind::MetWith
        && sent.tokens[tpos.saturating_sub(6)..tpos].iter().any(|t| t.lower == "between");
    if event_hosted {
        return;
    }
    let sources = args.objects(te);
    if sources.is_empty() || hit.gated(args.gate_from(tpos), sources[0].1 + 3) {
        return;
    }
    // "A, B and C were received by D": each of them was.
    let targets =
        if pattern.relation == RelationKind::MetWith { args.subject_group(target, tpos) } else { vec![target] };
    // "led by A and B", "received by A and B": each of them.
    for &(source, _) in &sources {
        for &t in &targets {
            hit.push(found, source, t);
        }
    }
}

/// `setting`: the trigger is a meeting ("in a televised meeting", "at talks") where the
/// clause's subject addressed its object with an `address_verb` ("X berated Y in a televised
/// meeting", "In a meeting in Oslo, X told Y that"). Both are people, and the meeting is no
/// one else's ("in a meeting with Z" leaves Y out).
pub(super) fn setting(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    let toks = &sent.tokens;
    if toks.get(te).is_some_and(|t| matches!(t.lower.as_str(), "with" | "between" | "of" | "involving")) {
        return;
    }
    // Only modifiers of the meeting between: "in a bid to secure a meeting" names none.
    if toks[ts + 1..te].iter().any(|t| t.lower == "to" || lex.is(WordClass::Preposition, &t.lower)) {
        return;
    }
    let is_person = |a: usize| args.entities.list[a].kind == EntityKind::Person;
    // Fronted: "In a meeting ..., X told Y": the clause after the comma. Else the object
    // stands right before the trigger and its verb right before it.
    let (verb, object, source) = if ts == 0 {
        let Some(comma) = (te..toks.len()).find(|&k| toks[k].text == ",") else { return };
        let Some((s, send)) = args.objects(comma + 1).first().copied() else { return };
        let Some(verb) = toks.get(send).filter(|t| lex.is(WordClass::AddressVerb, &t.lower)).map(|_| send) else {
            return;
        };
        let Some(&(o, _)) = args.objects(verb + 1).first() else { return };
        (verb, o, (s, comma + 1))
    } else {
        let Some(mi) = sent.mention_ending_at(ts) else { return };
        // "berated President Y": the verb stands before the object's title.
        let start = sent.mentions[mi].start;
        let title = args.roles.iter().find(|rp| rp.holder == Some(mi) && rp.end == start);
        let object_start = title.map_or(start, |rp| rp.start);
        let verb = object_start.checked_sub(1).filter(|&v| lex.is(WordClass::AddressVerb, &toks[v].lower));
        let Some(verb) = verb.filter(|_| args.is_actor(mi)) else { return };
        let Some(source) = args.subject(verb) else { return };
        (verb, sent.mentions[mi].actor, source)
    };
    let (s, spos) = source;
    if !is_person(s) || !is_person(object) || hit.gated(args.gate_from(spos.min(verb)), te) {
        return;
    }
    for source in args.subject_group(s, spos) {
        hit.push(found, source, object);
    }
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use crate::extract::lexicon::Frame;

    #[test]
    fn a_subject_meets_each_object_and_each_subject_listed_with_it() {
        check(
            Frame::Svo,
            &[
                ("Anja Holt met Tomas Rivera in Oslo on Monday.", &["Anja Holt met-with Tomas Rivera"]),
                (
                    "Anja Holt hosted Tomas Rivera and Erik Sand in Oslo.",
                    &["Anja Holt met-with Erik Sand", "Anja Holt met-with Tomas Rivera"],
                ),
                (
                    "Anja Holt and Tomas Rivera met Erik Sand.",
                    &["Anja Holt met-with Erik Sand", "Tomas Rivera met-with Erik Sand"],
                ),
                // Three-way talks pair the guests too.
                (
                    "Anja Holt hosted Tomas Rivera and Erik Sand for trilateral talks in Oslo.",
                    &[
                        "Anja Holt met-with Erik Sand",
                        "Anja Holt met-with Tomas Rivera",
                        "Tomas Rivera met-with Erik Sand",
                    ],
                ),
                // A trip made has the meeting as its purpose; a plan does not.
                ("Anja Holt flew to Lima to meet Tomas Rivera.", &["Anja Holt met-with Tomas Rivera"]),
                ("Anja Holt plans to meet Tomas Rivera.", &[]),
                ("Anja Holt never met Tomas Rivera.", &[]),
                ("When Anja Holt meets Tomas Rivera this week, they will discuss trade.", &[]),
            ],
        );
    }

    #[test]
    fn a_person_addressed_at_a_meeting_was_met_there() {
        check(
            Frame::Setting,
            &[
                (
                    "Anja Holt berated President Tomas Rivera in a televised meeting in Oslo.",
                    &["Anja Holt met-with Tomas Rivera"],
                ),
                (
                    "In a meeting in Oslo on Monday, Anja Holt told Tomas Rivera that peace was near.",
                    &["Anja Holt met-with Tomas Rivera"],
                ),
                // The meeting was someone else's, a plan, or no meeting at all.
                ("Anja Holt praised Tomas Rivera at a meeting with Erik Sand.", &[]),
                ("Anja Holt will press Tomas Rivera at their meeting on Friday.", &[]),
                ("Anja Holt urged Tomas Rivera in a bid to secure talks.", &[]),
            ],
        );
    }

    #[test]
    fn a_passive_trigger_makes_the_name_after_by_the_source() {
        check(
            Frame::Passive,
            &[
                ("Tomas Rivera was received by Anja Holt at the palace.", &["Anja Holt met-with Tomas Rivera"]),
                ("A Chilean delegation led by Tomas Rivera arrived in Lima.", &["Tomas Rivera envoy-of Chile"]),
                ("Tomas Rivera was not received by Anja Holt.", &[]),
            ],
        );
    }
}
