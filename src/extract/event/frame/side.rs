//! Frames that name a person's side: `slot` ("X, who has led Israel's negotiating team") and
//! `own_side` ("X headed an Iranian delegation").

use super::Hit;
use crate::extract::role::Found;
use crate::graph::EntityKind;

/// `slot`: the subject relates to the name in the trigger's `_` slot ("Dermer led Israel's
/// negotiating team": Dermer is Israel's envoy).
pub(super) fn slot(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, start: ts, end: te, slot, .. } = *hit;
    let sent = args.sent;
    // "Dermer, who has led Israel's negotiating team": the target sits in the trigger.
    let (Some((s, spos)), Some(mi)) = (args.subject(ts), slot) else {
        return;
    };
    if hit.gated(args.gate_from(spos), te) {
        return;
    }
    hit.push(found, s, sent.mentions[mi].actor);
}

/// `own_side`: the subject relates to the side the trigger or the subject's title names
/// ("X headed the Iranian delegation", "Iranian Oil Minister X led his delegation").
pub(super) fn own_side(hit: &Hit, found: &mut Vec<Found>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    let (sent, entities) = (args.sent, args.entities);
    let Some((s, spos)) = args.subject(ts) else {
        return;
    };
    if hit.gated(args.gate_from(spos), te) {
        return;
    }
    // "an Iranian delegation" names the side; else "Iranian Oil Minister X" does.
    let named = sent
        .mentions
        .iter()
        .find(|m| m.start >= ts && m.end <= te && (m.demonym || entities.list[m.actor].kind == EntityKind::Place))
        .map(|m| m.actor);
    let Some(side) = named.or_else(|| args.side_of(s)) else { return };
    hit.push(found, s, side);
    // "led the Chilean delegation alongside Y": Y co-led it.
    let toks = &sent.tokens;
    let with = match toks.get(te).map(|t| t.lower.as_str()) {
        Some("alongside") => Some(te + 1),
        Some("together") if toks.get(te + 1).is_some_and(|t| t.lower == "with") => Some(te + 2),
        _ => None,
    };
    if let Some((co, _)) = with.and_then(|k| args.objects(k).first().copied()) {
        if entities.list[co].kind == EntityKind::Person {
            hit.push(found, co, side);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use crate::extract::lexicon::Frame;

    #[test]
    fn the_name_in_the_slot_is_the_side_its_subject_leads() {
        check(
            Frame::Slot,
            &[
                ("Ron Dermer, who has led Israel's negotiating team, spoke.", &["Ron Dermer envoy-of Israel"]),
                ("Ron Dermer, who never led Israel's negotiating team, spoke.", &[]),
            ],
        );
    }

    #[test]
    fn a_delegation_is_of_the_side_its_nationality_or_its_heads_title_names() {
        check(
            Frame::OwnSide,
            &[
                ("Tomas Rivera headed an Iranian delegation to the talks.", &["Tomas Rivera envoy-of Iran"]),
                ("Iranian Oil Minister Tomas Rivera headed his delegation.", &["Tomas Rivera envoy-of Iran"]),
                ("Tomas Rivera never headed an Iranian delegation.", &[]),
            ],
        );
    }
}
