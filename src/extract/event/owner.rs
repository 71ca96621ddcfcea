//! Whose a noun trigger or a document is: "Russia's key demand", "an IMF demand", "a plan
//! Peru unveiled calling for", "a resolution issued by the council called for".

use super::args::Args;
use crate::extract::lexicon::WordClass;
use crate::graph::EntityKind;

impl Args<'_> {
    /// The owner of a noun trigger at `ts`: the name right before it ("an IMF demand"),
    /// possibly possessive and past two modifiers ("Russia's key demand").
    pub(super) fn owner(&self, ts: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        // "repeated his insistence that": the person "his" stands for, the subject of its
        // clause ("X believes Putin has stepped up his calls": Putin's) or else who "he" is.
        if ts > 0 && matches!(toks[ts - 1].lower.as_str(), "his" | "her") {
            let person = |&(a, _): &(usize, usize)| self.entities.list[a].kind == EntityKind::Person;
            let subject = self.subject(ts - 1).filter(person).map(|(a, _)| a);
            return subject.or_else(|| self.pronoun(ts - 1)).map(|p| (p, ts - 1));
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
                || self.lex.is(WordClass::Preposition, w)
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

    /// Where the verb stands that put out the document whose call starts at `ts`: "unveiled"
    /// in "Peru unveiled a six-point plan calling for", "proposed" in "proposed a resolution
    /// that calls for".
    pub(super) fn issued_document(&self, ts: usize) -> Option<usize> {
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
    pub(super) fn document_author(&self, ts: usize) -> Option<(usize, usize)> {
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
}
