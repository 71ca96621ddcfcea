//! Where a name stands in its sentence, and what that makes it: the tests `resolve` runs on
//! the words around an unknown or ambiguous name ("in Moscow" is a venue, "economists at
//! Borvex" a company, "Gondor's foreign minister" a state, "Okonkwo met" a person).

use super::{looks_like_demonym, Entities, Mention};
use crate::extract::lexicon::{Lexicon, RoleClass, WordClass};
use crate::extract::mention::{Span, SpanKind};
use crate::extract::token::Token;
use crate::graph::EntityKind;

/// The leader title that "of" at token `of` completes: a title right before it ("director
/// of"), or a title and its holder ("King Ardo of"). Lower case.
pub(super) fn title_of(before: &[Span], of: usize) -> Option<String> {
    let role = |sp: &Span| match sp.kind {
        SpanKind::Role(RoleClass::Leader) => Some(sp.text.to_lowercase()),
        _ => None,
    };
    match before {
        [.., title, name] if name.end == of && title.end == name.start => role(title),
        [.., title] if title.end == of => role(title),
        _ => None,
    }
}

/// Whether the words from token `end` are "'s" and, past at most three lower-case modifiers,
/// a state title or what only a state has ("'s foreign minister", "'s new government").
pub(super) fn owns_state_noun(tokens: &[Token], end: usize, spans: &[Span], lex: &Lexicon) -> bool {
    if tokens.get(end).is_none_or(|t| t.lower != "'s") {
        return false;
    }
    let mut k = end + 1;
    while k < tokens.len() && k < end + 5 {
        if let Some(sp) = spans.iter().find(|sp| sp.start == k && matches!(sp.kind, SpanKind::Role(_))) {
            let noun = sp.text.to_lowercase();
            let last = noun.rsplit(' ').next().unwrap_or("");
            return lex.is_entry(WordClass::StateTitle, &noun) || lex.is(WordClass::StateNoun, last);
        }
        let t = &tokens[k];
        if lex.is(WordClass::StateNoun, &t.lower) {
            return true;
        }
        if !t.is_word() || t.is_capitalized() && !lex.is(WordClass::TitleWord, &t.lower) {
            return false;
        }
        k += 1;
    }
    false
}

/// Whether an envoy's title ends right before "of" at token `of` ("the envoy of", "ambassadors of").
pub(super) fn envoy_of(before: &[Span], of: usize) -> bool {
    before.last().is_some_and(|sp| sp.end == of && sp.kind == SpanKind::Role(RoleClass::Envoy))
}

/// Whether a lone word stands right before or after a `person_verb` ("Okonkwo met", "met
/// Okonkwo"), and is no nationality or people ("Arabs met").
pub(super) fn beside_person_verb(tokens: &[Token], span: &Span, lex: &Lexicon) -> bool {
    if looks_like_demonym(&span.text) || span.text.ends_with('s') || span.text.chars().all(|c| !c.is_lowercase()) {
        return false;
    }
    let verb = |t: Option<&Token>| t.is_some_and(|t| lex.is(WordClass::PersonVerb, &t.lower));
    // After the verb, the name must end its phrase: "met Velmar and Borvex leaders" met people
    // the name qualifies.
    let ends = tokens.get(span.end).is_none_or(|t| {
        !t.is_word() || lex.is(WordClass::Preposition, &t.lower) || lex.is(WordClass::ObjectAdverb, &t.lower)
    });
    verb(tokens.get(span.end)) || span.start > 0 && verb(tokens.get(span.start - 1)) && ends
}

/// Whether an unknown word stands in a list right after a place: after "and", or after a
/// comma with the list going on ("Arnor, Osgiliath and Gondor"); "In Kyiv, Umerov said" is no
/// list.
pub(super) fn listed_with_place(tokens: &[Token], span: &Span, mentions: &[Mention], entities: &Entities) -> bool {
    // "US and European officials", "Syria and Arabs": a nationality or a people, not a place.
    if looks_like_demonym(&span.text) || span.text.ends_with('s') {
        return false;
    }
    let Some(sep) = span.start.checked_sub(1) else { return false };
    let and = tokens[sep].lower == "and";
    let comma = tokens[sep].text == "," && tokens.get(span.end).is_some_and(|t| t.text == "," || t.lower == "and");
    (and || comma)
        && mentions.iter().any(|m| m.end == sep && !m.demonym && entities.list[m.entity].kind == EntityKind::Place)
}

/// Whether a name starting at token `start` is a venue by position: after a locative
/// preposition ("in Moscow", "at the White House", "in southern Gaza"), or after "to" with a
/// motion word before it ("flew to Moscow", "a visit to Kyiv").
pub(super) fn is_venue_position(tokens: &[Token], start: usize, lex: &Lexicon) -> bool {
    let mut k = start;
    // Skip an article and compass or status adjectives: "the", "southern", "occupied".
    while k > 0 && k + 3 > start {
        let w = tokens[k - 1].lower.as_str();
        if w == "the"
            || (tokens[k - 1].is_word()
                && !tokens[k - 1].is_capitalized()
                && (w.ends_with("ern") || lex.is(WordClass::PlaceAdjective, w)))
        {
            k -= 1;
        } else {
            break;
        }
    }
    let Some(prev) = k.checked_sub(1).map(|p| tokens[p].lower.as_str()) else {
        return false;
    };
    // "delegations from Santiago and Lima": the side they come from, not a place of the event.
    let side_from = prev == "from" && k >= 2 && lex.is(WordClass::SidePeople, &tokens[k - 2].lower);
    if lex.is(WordClass::Locative, prev) {
        return !side_from;
    }
    prev == "to" && k >= 2 && lex.is(WordClass::Motion, &tokens[k - 2].lower)
}

/// Whether the name at `start` is what people work at ("economists at", `company_staff`) or
/// hold shares in ("shares in", `company_stake`): a company.
pub(super) fn held_or_worked_at(tokens: &[Token], start: usize, lex: &Lexicon) -> bool {
    let class = match tokens.get(start.wrapping_sub(1)).map(|t| t.lower.as_str()) {
        Some("at") => WordClass::CompanyStaff,
        Some("in") => WordClass::CompanyStake,
        _ => return false,
    };
    start >= 2 && lex.is(class, &tokens[start - 2].lower)
}

/// Whether the name ending before token `end` hosted a meeting ("Riyadh hosted the talks",
/// "Geneva is hosting a summit"): a host verb, then a meeting noun among the next few
/// lower-case words. Such a place is where the meeting was, never a side of it.
pub(super) fn hosts_meeting(tokens: &[Token], end: usize, lex: &Lexicon) -> bool {
    let mut i = end;
    if tokens.get(i).is_some_and(|t| lex.is(WordClass::Auxiliary, &t.lower)) {
        i += 1;
    }
    if !tokens.get(i).is_some_and(|t| lex.is(WordClass::HostVerb, &t.lower)) {
        return false;
    }
    tokens
        .iter()
        .skip(i + 1)
        .take(4)
        .take_while(|t| t.is_word() && !t.is_capitalized())
        .any(|t| lex.is(WordClass::MeetingNoun, &t.lower))
}
