//! Trigger matching: where a pattern's trigger (words, `...` gaps, a `_` name slot) occurs
//! in a sentence. Only finds the words; whether they make a relation is the frames' call.

use crate::extract::lexicon::{Frame, Pattern, TriggerPart};
use crate::extract::resolve::Sentence;
use crate::extract::token::{Token, TokenKind};

/// Every (start, end) token range where the trigger matches, trying only `starts`: the
/// tokens its first word was found at.
pub(super) fn matches(tokens: &[Token], sent: &Sentence, pattern: &Pattern, starts: &[usize]) -> Vec<Match> {
    // A demanded phrase may name actors ("the withdrawal of Russian troops"): a concept gap
    // may hold them; other gaps may not.
    let gap_actors = pattern.frame == Frame::ConceptGap;
    starts
        .iter()
        .filter_map(|&start| {
            match_at(tokens, sent, &pattern.trigger, start, None, gap_actors).map(|(end, slot)| Match {
                start,
                end,
                slot,
            })
        })
        .collect()
}

/// Where a trigger matched: tokens `start..end`, and the mention in its `_` slot, if any.
pub(super) struct Match {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) slot: Option<usize>,
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
            let punct = t.kind == TokenKind::Punct;
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
