//! Frames where everyone named met everyone else: `mutual` ("X and Y met", "the Holt-Rivera
//! talks"), `between` ("talks between A and B") and `among` ("a meeting attended by A, B and C").

use super::Hit;
use crate::extract::lexicon::WordClass;
use crate::extract::role::Found;

/// `mutual`: the group before the trigger met ("X and Y met", "Turkish and Greek negotiators
/// held talks"); not when the trigger has an object of its own ("X and Y met Z" is svo).
pub(super) fn mutual(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, pattern, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
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
    if group.len() < 2 || hit.gated(group[0].1.saturating_sub(3), te + 3) {
        return;
    }
    // "X and Y met (with) Z" is svo; the mutual reading is for "X and Y met".
    if sent.tokens.get(te).is_some_and(|t| t.lower == "with") || !args.objects(te).is_empty() {
        return;
    }
    // A bare meeting noun pairs only a hyphenated couple ("the Holt-Rivera talks"),
    // not whoever was named before it ("Y said the talks went well").
    let noun = pattern.trigger.len() == 1 && lex.is(WordClass::MeetingNoun, &sent.tokens[ts].lower);
    // ("the US-China trade talks": one word may stand between.)
    let adjacent = sent.mention_ending_at(at).is_some()
        || at > 0 && sent.tokens[at - 1].is_word() && sent.mention_ending_at(at - 1).is_some();
    let hyphenated = adjacent && group.last().is_some_and(|g| g.1 > 0 && sent.tokens[g.1 - 1].text == "-");
    if noun && !hyphenated {
        return;
    }
    hit.push_pairs(found, &group);
    hit.push_pairs(found, &sides);
}

/// `between`: the sides after the trigger met, each pair of them ("talks between Chile, Peru
/// and Brazil", "between Chilean and Peruvian officials").
pub(super) fn between(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    let sent = args.sent;
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
        return;
    }
    let clause_end =
        (objects[1].1..sent.tokens.len()).find(|&k| sent.tokens[k].is_clause_break()).unwrap_or(sent.tokens.len());
    // "Talks between X and Y failed to ..." still took place: after the two
    // sides only plans and modality count.
    let after = objects[1].1;
    let failed = |k: usize| matches!(sent.tokens[k].lower.as_str(), "failed" | "fail" | "fails");
    let end = (after..clause_end).find(|&k| failed(k)).unwrap_or(clause_end);
    if hit.gated(ts.saturating_sub(8), end) {
        return;
    }
    // "talks between Chile, Peru and Brazil": each pair of sides.
    hit.push_pairs(found, &objects);
}

/// `among`: the people listed after a noun trigger met ("a meeting attended by A, B and C").
pub(super) fn among(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    // "a meeting attended by A, B and C": everyone listed met everyone else.
    let people = args.participants(te);
    if people.len() < 2 || hit.gated(ts.saturating_sub(8), people.last().map_or(te, |o| o.1) + 3) {
        return;
    }
    hit.push_pairs(found, &people);
}
