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
    // "sat face to face to hold talks": the purpose of a meeting held, not a plan; the
    // gates then stop at the trigger.
    let toks = &sent.tokens;
    let past = |w: &str| w.ends_with("ed") || lex.is(WordClass::PastVerb, w);
    let purpose = toks.get(te).is_some_and(|t| t.lower == "to") && past(&toks[ts].lower);
    let gate_end = if purpose { te } else { te + 3 };
    if group.len() < 2 || hit.gated(group[0].1.saturating_sub(3), gate_end) {
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
    with_mediator(hit, found, &group, te);
}

/// "US-brokered talks between A and B", "A and B concluded a round of US-mediated talks":
/// the mediator named before the talks noun in `from..to` sat with each side.
fn with_mediator(hit: &Hit, found: &mut Vec<Found>, sides: &[(usize, usize)], to: usize) {
    let Hit { args, start: ts, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    let toks = &sent.tokens;
    let from = ts.saturating_sub(4);
    // One token ("Brazilian-brokered"): the side its first half names, if the article names
    // it; or three ("Trump-brokered" split by the tokenizer), the name before the dash.
    let whole = |k: usize| {
        let (name, verb) = toks[k].text.split_once('-')?;
        if !lex.is(WordClass::MediationVerb, &verb.to_lowercase()) {
            return None;
        }
        let entries = lex.gazetteer.get(&crate::graph::name::normalize(name))?;
        entries.iter().find_map(|e| args.entities.list.iter().position(|x| x.named && x.name == e.name))
    };
    let split = |k: usize| {
        let verb = toks.get(k + 1)?;
        (toks[k].text == "-" && lex.is(WordClass::MediationVerb, &verb.lower))
            .then(|| sent.mention_ending_at(k).map(|mi| sent.mentions[mi].actor))
            .flatten()
    };
    let Some(mediator) = (from..to.min(toks.len())).find_map(|k| whole(k).or_else(|| split(k))) else {
        return;
    };
    for &(side, _) in sides {
        hit.push(found, mediator, side);
    }
}

/// `between`: the sides after the trigger met, each pair of them ("talks between Chile, Peru
/// and Brazil", "between Chilean and Peruvian officials").
pub(super) fn between(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    let sent = args.sent;
    // "Talks between A and B ended": the verb after B is the talks', not a new clause.
    let mut objects = args.sides_after(te);
    // (The list runs to the sentence's verb: "between A, B and C ended".)
    if objects.len() < 2 {
        objects = args.participants(te);
    }
    if objects.len() < 2 {
        objects = args.pair_after(te);
    }
    // "A meeting between X and Y, floated last week, is not expected": the
    // modality comes after, anywhere up to the clause's end.
    if objects.len() < 2 {
        return;
    }
    let after = objects[objects.len() - 1].1;
    let clause_end =
        (after..sent.tokens.len()).find(|&k| sent.tokens[k].is_clause_break()).unwrap_or(sent.tokens.len());
    // "Talks between X and Y failed to ..." still took place: after the
    // sides only plans and modality count.
    let failed = |k: usize| matches!(sent.tokens[k].lower.as_str(), "failed" | "fail" | "fails");
    // "... were constructive and another round is planned": a new clause's plan is its own.
    let new_clause = |k: usize| {
        sent.tokens[k].lower == "and"
            && sent
                .tokens
                .get(k + 1)
                .is_some_and(|t| matches!(t.lower.as_str(), "another" | "a" | "an" | "the" | "this"))
    };
    let end = (after..clause_end).find(|&k| failed(k) || new_clause(k)).unwrap_or(clause_end);
    if hit.gated(ts.saturating_sub(8), end) {
        return;
    }
    // "talks between Chile, Peru and Brazil": each pair of sides.
    hit.push_pairs(found, &objects);
    with_mediator(hit, found, &objects, ts);
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

#[cfg(test)]
mod tests {
    use super::super::check;
    use crate::extract::lexicon::Frame;

    #[test]
    fn the_names_before_a_mutual_trigger_met_each_other() {
        check(
            Frame::Mutual,
            &[
                ("Anja Holt and Tomas Rivera met in Oslo.", &["Anja Holt met-with Tomas Rivera"]),
                ("The Chile-Peru talks ended on Monday.", &["Chile met-with Peru"]),
                // An apposition names the people, and the sides before it met too.
                (
                    "The foreign ministers of Chile and Peru, Anja Holt and Tomas Rivera, met in Lima.",
                    &["Anja Holt met-with Tomas Rivera", "Chile met-with Peru"],
                ),
                // With an object it is svo's; a bare meeting noun pairs no one named before it.
                ("Anja Holt and Tomas Rivera met Erik Sand.", &[]),
                ("Tomas Rivera said the talks went well.", &[]),
                ("Anja Holt and Tomas Rivera never met.", &[]),
            ],
        );
    }

    #[test]
    fn the_sides_after_between_met_each_other() {
        check(
            Frame::Between,
            &[
                ("Talks between Chile and Peru ended on Monday.", &["Chile met-with Peru"]),
                ("Talks between Chilean and Peruvian officials ended on Monday.", &["Chile met-with Peru"]),
                (
                    "Talks between Chile, Peru and Brazil in Lima ended.",
                    &["Chile met-with Brazil", "Chile met-with Peru", "Peru met-with Brazil"],
                ),
                // Talks that failed to produce a deal still took place; expected ones did not yet.
                ("Talks between Chile and Peru failed to produce a deal.", &["Chile met-with Peru"]),
                ("Talks between Chile and Peru are expected next week.", &[]),
            ],
        );
    }

    #[test]
    fn everyone_listed_after_attended_by_met_everyone_else() {
        check(
            Frame::Among,
            &[
                (
                    "A meeting attended by Anja Holt, Tomas Rivera and Erik Sand took place in Oslo.",
                    &[
                        "Anja Holt met-with Erik Sand",
                        "Anja Holt met-with Tomas Rivera",
                        "Tomas Rivera met-with Erik Sand",
                    ],
                ),
                ("A meeting attended by Anja Holt and Tomas Rivera will take place in Oslo.", &[]),
            ],
        );
    }
}
