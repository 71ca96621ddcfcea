//! Demand frames: who demands which phrase. `concept` ("X called for Y", "Russia's demand
//! that Y"), `concept_by` ("a demand by X for Y"), `concept_before` ("X said Y was a
//! condition"), `concept_gap` ("X made Y a precondition"), `condition` ("X will not sign
//! until Y") and `requirement` ("X said any deal would require Y"). The phrase itself is cut
//! by `concepts.rs`.

use super::Hit;
use crate::extract::event::concepts::{antecedent_phrase, concept_phrases, split_concepts};
use crate::extract::event::gates::{is_noun_use, reports_the_past};
use crate::extract::event::ConceptFound;
use crate::extract::lexicon::WordClass;
use crate::extract::token::Token;

/// `concept`: the subject demands the phrase after a verb trigger ("Chile called for a
/// truce"); a noun trigger's owner does ("Peru's demand that ..."), and a document's author
/// ("a plan Peru unveiled calling for ...").
pub(super) fn concept(hit: &Hit, concepts: &mut Vec<ConceptFound>) {
    let Hit { args, pattern, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    // "the demand", "a call for", "its maximalist demands": a noun, not someone
    // demanding.
    if !pattern.noun && is_noun_use(&sent.tokens, ts, lex) {
        return;
    }
    // A noun ("Russia's demand that", "an IMF demand to") is its owner's.
    // "A resolution issued by the council called for X": the document's author.
    let subject = if pattern.noun { args.owner(ts) } else { args.document_author(ts).or_else(|| args.subject(ts)) };
    let Some((s, spos)) = subject else {
        return;
    };
    // An owner's noun is gated from the owner on: "Peru rejected an IMF demand" is
    // Peru's rejection, not the IMF's.
    let from = if pattern.noun { spos } else { args.gate_from(spos) };
    // "Peru proposed a plan calling for X": the plan is out, its call Peru's; what
    // comes before the verb that put it out still gates ("did not propose").
    let to = if pattern.noun { ts } else { args.issued_document(ts).unwrap_or(ts) };
    if hit.gated(from, to) {
        return;
    }
    let that = te
        .checked_sub(1)
        .filter(|&k| sent.tokens[k].lower == "that")
        .map(|k| k + 1)
        .or_else(|| sent.tokens.get(te).filter(|t| t.lower == "that").map(|_| te + 1));
    // "insisted that it had not broken the truce": a claim about the past.
    if sent.tokens[te - 1].lower == "that" && reports_the_past(&sent.tokens, te, lex, true) {
        return;
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
        return;
    }
    // "insists Kyiv abandon its bid" (no "that", no "on") is a demand only in that
    // shape, a name and a bare verb; "insisted Russia was ready" is a claim.
    if sent.tokens[te - 1].lower.starts_with("insist") {
        let named = sent.mention_at(te).filter(|&mi| sent.mentions[mi].start == te && !sent.mentions[mi].demonym);
        let bare_verb = named.and_then(|mi| sent.tokens.get(sent.mentions[mi].end)).is_some_and(|t| {
            t.is_word()
                && !t.is_capitalized()
                && !lex.is(WordClass::Auxiliary, &t.lower)
                && !lex.is(WordClass::PastVerb, &t.lower)
                && !lex.is(WordClass::Modal, &t.lower)
                && !t.lower.ends_with("ed")
                && (!t.lower.ends_with('s') || t.lower.ends_with("ss"))
        });
        if !bare_verb {
            return;
        }
    }
    // "demanded that it is time for ...", "insists that there is no deal": a
    // statement about how things are, not a thing demanded.
    let copula = |k: usize| {
        sent.tokens.get(k).is_some_and(|t| matches!(t.lower.as_str(), "it" | "there" | "this"))
            && sent.tokens.get(k + 1).is_some_and(|t| matches!(t.lower.as_str(), "is" | "was" | "'s"))
    };
    if that.is_some_and(copula) {
        return;
    }
    let mut phrases = concept_phrases(&sent.tokens, te, lex);
    if phrases.is_empty() {
        phrases.extend(antecedent_phrase(&sent.tokens, spos, lex));
    }
    // "Iran and Algeria called for X": each demands it.
    let sources = if pattern.noun { vec![s] } else { args.coordinated(s, spos) };
    hit.push_concepts(concepts, &sources, &phrases);
}

/// `concept_by`: the name in the trigger's slot demands the phrase after it ("a demand by
/// NATO for a devaluation", "among Peru's demands is ...").
pub(super) fn concept_by(hit: &Hit, concepts: &mut Vec<ConceptFound>) {
    let Hit { args, end: te, slot, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    // "a demand by the IMF for a devaluation": the slot demands.
    let Some(mi) = slot else { return };
    let phrases = concept_phrases(&sent.tokens, te, lex);
    hit.push_concepts(concepts, &[sent.mentions[mi].actor], &phrases);
}

/// `condition`: a negated subject demands what must happen first ("X will not negotiate
/// until Y withdraws"); "only if" needs no negation.
pub(super) fn condition(hit: &Hit, concepts: &mut Vec<ConceptFound>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    // "will not negotiate until Turkey withdraws": what must happen first. A
    // negation between the source and "until" makes it a condition; "only if"
    // is one by itself. Modality is the point here, so no gate applies.
    let Some((s, spos)) = args.subject(ts) else {
        return;
    };
    let negated = sent.tokens[spos..ts].iter().any(|t| matches!(t.lower.as_str(), "not" | "n't" | "never" | "no"));
    if !negated && sent.tokens[ts].lower != "only" || reports_the_past(&sent.tokens, te, lex, false) {
        return;
    }
    let phrases = concept_phrases(&sent.tokens, te, lex);
    hit.push_concepts(concepts, &args.coordinated(s, spos), &phrases);
}

/// `concept_before`: the phrase stands before the trigger, after a reporting verb or "that"
/// ("X said the militia's disarmament was a condition"); the reporting clause's subject
/// demands it.
pub(super) fn concept_before(hit: &Hit, concepts: &mut Vec<ConceptFound>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    // The phrase: back from the trigger to "that", a reporting verb or a comma.
    let toks = &sent.tokens;
    let Some(from) = (0..ts).rev().find(|&k| {
        toks[k].is_clause_break()
            || toks[k].text == ","
            || matches!(toks[k].lower.as_str(), "that" | "said" | "says" | "added" | "insisted")
    }) else {
        return;
    };
    if from + 1 >= ts || !matches!(toks[from].lower.as_str(), "that" | "said" | "says" | "added" | "insisted") {
        return;
    }
    // "X said the talks were no condition": a negation undoes it.
    if toks[ts..te].iter().any(|t| matches!(t.lower.as_str(), "not" | "no" | "never")) {
        return;
    }
    let Some((s, spos)) = args.clause_subject(from) else {
        return;
    };
    if hit.gated(args.gate_from(spos), te) {
        return;
    }
    let words: Vec<Token> = toks[from + 1..ts].iter().skip_while(|t| t.lower == "that").cloned().collect();
    // Names inside the phrase ("Hamas's disarmament") are part of it; a
    // possessive pronoun or article is not.
    hit.push_concepts(concepts, &[s], &split_concepts(&words, lex));
}

/// `concept_gap`: the phrase fills the trigger's gap ("X made the withdrawal of troops a
/// precondition").
pub(super) fn concept_gap(hit: &Hit, concepts: &mut Vec<ConceptFound>) {
    let Hit { args, pattern, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    let Some((s, spos)) = args.subject(ts) else {
        return;
    };
    if hit.gated(args.gate_from(spos), ts) {
        return;
    }
    // The trigger is a word, the gap, then words of one token each.
    let from = ts + 1;
    let to = te.saturating_sub(pattern.trigger.len().saturating_sub(2));
    if from >= to {
        return;
    }
    hit.push_concepts(concepts, &[s], &split_concepts(&sent.tokens[from..to], lex));
}

/// `requirement`: what an agreement would need is a demand of whoever says so ("Putin said
/// any deal would require Y").
pub(super) fn requirement(hit: &Hit, concepts: &mut Vec<ConceptFound>) {
    let Hit { args, start: ts, end: te, .. } = *hit;
    let (sent, lex) = (args.sent, args.lex);
    // The agreement that would need it: "any peace deal would require".
    let toks = &sent.tokens;
    let Some(deal) = (ts.saturating_sub(3)..ts).rev().find(|&k| lex.is(WordClass::DealNoun, &toks[k].lower)) else {
        return;
    };
    // Whose word it is: the subject of the reporting verb before ("Putin said"),
    // or of the clause when the requirement is its own ("Russia says a deal must
    // include").
    let Some(verb) = (args.clause_start(deal)..deal).rev().find(|&k| lex.is(WordClass::ClauseVerb, &toks[k].lower))
    else {
        return;
    };
    let Some((s, spos)) = args.subject(verb) else {
        return;
    };
    if hit.gated(args.gate_from(spos), ts) {
        return;
    }
    let phrases = concept_phrases(toks, te, lex);
    hit.push_concepts(concepts, &[s], &phrases);
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use crate::extract::lexicon::Frame;

    #[test]
    fn a_call_is_its_subjects_and_a_noun_its_owners() {
        check(
            Frame::Concept,
            &[
                ("Chile called for a ceasefire.", &["Chile demands ceasefire"]),
                (
                    "Chile and Peru called for a ceasefire and the release of prisoners.",
                    &[
                        "Chile demands ceasefire",
                        "Chile demands release of prisoners",
                        "Peru demands ceasefire",
                        "Peru demands release of prisoners",
                    ],
                ),
                (
                    "Peru rejected an IMF demand to lift state subsidies.",
                    &["International Monetary Fund demands lift state subsidies"],
                ),
                // Where, when and why are not what is demanded.
                ("Chile called for a strike in the West Bank on Thursday.", &["Chile demands strike"]),
                ("Chile demanded a withdrawal as part of a deal.", &["Chile demands withdrawal"]),
                (
                    "Chile demanded the release of prisoners in exchange for a truce.",
                    &["Chile demands release of prisoners"],
                ),
                ("Chile did not call for a ceasefire.", &[]),
                ("Chile insisted that it had not broken the truce.", &[]),
            ],
        );
    }

    #[test]
    fn the_name_in_the_slot_demands_the_phrase_after_it() {
        check(
            Frame::ConceptBy,
            &[
                ("Peru rejected a demand by NATO for a currency devaluation.", &["NATO demands currency devaluation"]),
                ("Among Peru's demands is the withdrawal of troops.", &["Peru demands withdrawal of troops"]),
            ],
        );
    }

    #[test]
    fn a_condition_stated_by_its_setter_is_a_demand() {
        check(
            Frame::ConceptBefore,
            &[
                (
                    "Anja Holt said on Sunday that the militia's disarmament was a condition for a truce.",
                    &["Anja Holt demands militia's disarmament"],
                ),
                ("Anja Holt said a ceasefire was not a precondition for talks.", &[]),
                ("Analysts said the vote was a condition of the loan.", &[]),
            ],
        );
    }

    #[test]
    fn the_phrase_in_the_gap_is_the_condition_made() {
        check(
            Frame::ConceptGap,
            &[
                (
                    "Chile made the withdrawal of troops a precondition for talks.",
                    &["Chile demands withdrawal of troops"],
                ),
                ("Chile did not make the withdrawal of troops a precondition for talks.", &[]),
            ],
        );
    }

    #[test]
    fn what_must_happen_first_is_demanded_unless_it_already_did() {
        check(
            Frame::Condition,
            &[
                (
                    "Anja Holt said she will not negotiate with Peru until Chile withdraws its troops.",
                    &["Anja Holt demands chile withdraws its troops"],
                ),
                ("Chile will sign only if the quotas are lifted.", &["Chile demands quotas are lifted"]),
                ("Peru did not attend until Chile agreed to the talks.", &[]),
                ("Anja Holt said she would wait until Tomas Rivera met Erik Sand.", &[]),
            ],
        );
    }

    #[test]
    fn what_a_deal_would_require_is_demanded_by_whoever_says_so() {
        check(
            Frame::Requirement,
            &[
                (
                    "Anja Holt said any peace deal would require Peru to drop its claim.",
                    &["Anja Holt demands peru to drop its claim"],
                ),
                ("Analysts said any peace deal would require Peru to drop its claim.", &[]),
                ("Anja Holt did not say any peace deal would require Peru to drop its claim.", &[]),
            ],
        );
    }
}
