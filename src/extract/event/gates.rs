//! Gates: the tests that stop a relation the words seem to state. A gate phrase
//! (negation, modality, plans) near the trigger, a trigger word used as a noun, a condition
//! told in the past. They only answer yes or no; the frames decide where to look.

use crate::extract::lexicon::{Gate, GateScope, Lexicon, WordClass};
use crate::extract::token::Token;
use crate::graph::RelationKind;

/// Whether a gate phrase occurs in `from..to` (or `from..trigger` for before-only gates).
/// Each token looks up the gates that start with it (and, for a hyphenated compound, with its
/// last part), so the cost follows the words passed, not the number of gates.
pub(super) fn gated(
    tokens: &[Token],
    lex: &Lexicon,
    relation: RelationKind,
    from: usize,
    to: usize,
    trigger: usize,
) -> bool {
    let to = to.min(tokens.len());
    // Talks three sides held together ("trilateral") are direct, whoever mediated them; talks
    // the text calls indirect stay indirect.
    let three_way = || tokens.iter().any(|t| lex.is(WordClass::ThreeWay, &t.lower));
    // Where a gate's search ends: sentence-wide gates look to the end, the others to `to`.
    let end_of = |g: &Gate| match g.scope {
        GateScope::Before => trigger.min(to),
        _ if relation == RelationKind::Demands => trigger.min(to),
        GateScope::Span => to,
        GateScope::Sentence => tokens.len(),
    };
    // A capitalised word mid-sentence is a name: "in May" is a month, not a modal.
    let matches_word = |k: usize, t: &Token, w: &String| t.lower == *w && (k == 0 || !t.is_capitalized());
    let applies = |gi: usize, i: usize, compound: bool| {
        let g = &lex.gates[gi];
        if !g.relations.is_empty() && !g.relations.contains(&relation) {
            return false;
        }
        let n = g.words.len();
        // A sentence-wide word gates as the end of a compound too ("UN-mediated talks").
        if compound && !(g.scope == GateScope::Sentence && n == 1) {
            return false;
        }
        if i + n > end_of(g) {
            return false;
        }
        let mediation = g.words.iter().all(|w| lex.is(WordClass::MediationVerb, w));
        if g.scope == GateScope::Sentence && mediation && three_way() {
            return false;
        }
        compound || tokens[i..i + n].iter().zip(&g.words).enumerate().all(|(o, (t, w))| matches_word(i + o, t, w))
    };
    (from..tokens.len()).any(|i| {
        let t = &tokens[i];
        let whole = lex.gates_starting(&t.lower).iter().any(|&gi| applies(gi, i, false));
        whole
            || t.lower
                .rsplit_once('-')
                .is_some_and(|(_, last)| lex.gates_starting(last).iter().any(|&gi| applies(gi, i, true)))
    })
}

/// Whether the trigger word at `ts` is used as a noun: a determiner or possessive before it,
/// perhaps with an adjective or two between ("its maximalist demands", "the IMF's new call").
pub(super) fn is_noun_use(tokens: &[Token], ts: usize, lex: &Lexicon) -> bool {
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
pub(super) fn reports_the_past(tokens: &[Token], from: usize, lex: &Lexicon, first_verb_only: bool) -> bool {
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
