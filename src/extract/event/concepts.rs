//! Demanded phrases: the words after (or before) a demand trigger cut to the thing demanded,
//! split on "and" into one concept each, with places, times and justifications left out.
//! Text only: whose demand it is, is the frames' business.

use crate::extract::lexicon::{Lexicon, WordClass};
use crate::extract::token::{Token, TokenKind};

/// The demanded phrases after a trigger ending at `te`: cut at the clause's end, split on
/// "and" into one concept each, leading article dropped.
pub(super) fn concept_phrases(tokens: &[Token], te: usize, lex: &Lexicon) -> Vec<String> {
    // A noun phrase ends at its sentence's verb ("demands for a withdrawal were rejected"); a
    // "that" clause has a verb of its own ("demanded that sanctions be lifted").
    let clause = tokens.get(te).is_some_and(|t| t.lower == "that")
        || te > 0 && matches!(tokens[te - 1].lower.as_str(), "that" | "if" | "until" | "unless" | ":");
    let mut end = te;
    let mut skipped: Vec<std::ops::Range<usize>> = Vec::new();
    while end < tokens.len() {
        let t = &tokens[end];
        // (A spaced hyphen is a dash: "its demands - as set out in June - remained".)
        if t.is_clause_break() || t.text == "," || t.text == "-" || lex.is(WordClass::ConceptStop, &t.lower) {
            break;
        }
        // ("Peru's key demand is the return of ...": a copula right after the trigger leads in.)
        if !clause && end > te && lex.is(WordClass::Auxiliary, &t.lower) {
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
        if tokens[te..end].iter().any(|t| t.is_word() && !lex.is(WordClass::ConceptLead, &t.lower)) {
            if let Some(after) = adjunct_end(tokens, end, lex) {
                skipped.push(end..after);
                end = after;
                continue;
            }
        }
        // Its justification ("as part of a deal", "in exchange for") is not its content.
        let tail = lex
            .phrases(WordClass::ConceptTail)
            .any(|seq| tokens.get(end..end + seq.len()).is_some_and(|w| w.iter().zip(seq).all(|(t, s)| t.lower == *s)));
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
        while tokens.get(j).is_some_and(|n| n.is_capitalized() || n.kind == TokenKind::Poss) {
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
pub(super) fn split_concepts(words: &[Token], lex: &Lexicon) -> Vec<String> {
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
        let content = words[from..k].iter().filter(|w| !lex.is(WordClass::ConceptLead, &w.lower)).count();
        let new_phrase = words.get(k + 1).is_some_and(|w| matches!(w.lower.as_str(), "a" | "an" | "the"));
        // "linking approval of a pact to missiles and defence": the gerund's objects, one demand.
        let gerund = |w: &Token| w.lower.ends_with("ing") && w.lower.len() > 5;
        let inside_gerund = words.iter().find(|w| !lex.is(WordClass::ConceptLead, &w.lower)).is_some_and(gerund)
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
        if lex.is(WordClass::ConceptLead, &first.lower) {
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
    let text = crate::extract::mention::join(&words).replace(" ,", ",");
    let text = text.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    (!text.is_empty() && !lone_adverb && words.iter().any(|t| t.is_word())).then_some(text)
}

/// "a possible meeting between the two presidents, which Ukraine has called for": the noun
/// phrase before ", which" that ends just before `subject_start`.
pub(super) fn antecedent_phrase(tokens: &[Token], subject_start: usize, lex: &Lexicon) -> Option<String> {
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
    let after_preposition = |k: usize| k > 0 && lex.is(WordClass::Preposition, &tokens[k - 1].lower);
    let first_article = (from..comma)
        .rev()
        .find(|&k| article(k) && !after_preposition(k))
        .or_else(|| (from..comma).find(|&k| article(k)))?;
    concept_text(&tokens[first_article..comma], lex)
}
