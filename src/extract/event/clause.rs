//! Clauses, pronouns and coordination: where a clause starts, its first actor, who "he"
//! means, and the actors listed with a subject ("Iran and Algeria called for").

use super::args::Args;
use crate::extract::lexicon::WordClass;
use crate::graph::EntityKind;

impl Args<'_> {
    /// The subject of the last clause before token `i`: the one a subordinator opens ("after
    /// Fico blocked it, demanding ..."), else the main clause's.
    pub(super) fn verb_subject_before(&self, i: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let start = self.clause_start(i);
        (start..i)
            .rev()
            .find(|&j| self.lex.is(WordClass::Subordinator, &toks[j].lower))
            .and_then(|j| self.clause_subject_from(j + 1, i))
            .or_else(|| self.clause_subject_from(start, i))
    }

    /// Where the clause holding token `i` starts.
    pub(super) fn clause_start(&self, i: usize) -> usize {
        let toks = &self.sent.tokens;
        let mut j = i;
        while j > 0 {
            j -= 1;
            if !toks[j].is_clause_break() || toks[j].text == "." || self.short_form_bracket(j) {
                continue;
            }
            // "China – which has courted the region – has presented itself": a relative clause
            // between dashes is inside the clause, not its start.
            if let Some(open) = self.dash_relative_opening(j) {
                j = open;
                continue;
            }
            return j + 1;
        }
        0
    }

    /// The opening dash of a relative clause set off by dashes whose closing dash is at `j`.
    fn dash_relative_opening(&self, j: usize) -> Option<usize> {
        let toks = &self.sent.tokens;
        let dash = |t: &str| matches!(t, "\u{2013}" | "\u{2014}");
        if !dash(&toks[j].text) {
            return None;
        }
        (0..j).rev().take(40).find(|&d| dash(&toks[d].text)).filter(|&d| {
            d > 0 && toks.get(d + 1).is_some_and(|t| matches!(t.lower.as_str(), "which" | "who" | "whose"))
        })
    }

    /// Whether the bracket at `j` encloses a name's short form: "the Party of Democratic
    /// Action (SDA)", a part of the name's phrase, not a clause.
    pub(super) fn short_form_bracket(&self, j: usize) -> bool {
        let toks = &self.sent.tokens;
        let open = match toks[j].text.as_str() {
            "(" => j,
            ")" if j >= 2 => j - 2,
            _ => return false,
        };
        open > 0
            && toks.get(open).is_some_and(|t| t.text == "(")
            && toks.get(open + 2).is_some_and(|t| t.text == ")")
            && toks[open + 1].is_capitalized()
            && self.sent.mention_ending_at(open).is_some()
    }

    /// The first actor of the clause that ends before token `i`.
    pub(super) fn clause_subject(&self, i: usize) -> Option<(usize, usize)> {
        self.clause_subject_from(self.clause_start(i), i)
    }

    /// The first actor from token `start` to token `i`.
    pub(super) fn clause_subject_from(&self, start: usize, i: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        for (mi, m) in self.sent.mentions.iter().enumerate() {
            if m.start >= start && m.end <= i {
                if self.is_actor(mi) && !self.after_preposition(m.start) {
                    return Some((m.actor, m.start));
                }
                if let Some(h) = self.holder_at(m.start) {
                    return Some((self.sent.mentions[h].actor, self.sent.mentions[h].start));
                }
            }
        }
        if toks.get(start).is_some_and(|t| matches!(t.lower.as_str(), "he" | "she")) {
            return self.pronoun(start).map(|p| (p, start));
        }
        None
    }

    /// The person a "he", "she", "his", "her" or "him" at token `at` most likely means: the
    /// first person the sentence names before it as a subject (not after a preposition:
    /// "Okafor warned Brel's rebels, and he ..."), else the person the previous sentences
    /// were about.
    pub(super) fn pronoun(&self, at: usize) -> Option<usize> {
        self.sent
            .mentions
            .iter()
            .enumerate()
            .filter(|(mi, m)| {
                // ("In Putin's speech, he ...": the owner of the opening phrase counts.)
                let owner = self.sent.tokens.get(m.end).is_some_and(|t| t.lower == "'s");
                m.end <= at
                    && self.is_actor(*mi)
                    && (!self.after_preposition(m.start) || owner)
                    && self.entities.list[m.actor].kind == EntityKind::Person
            })
            .map(|(_, m)| m.actor)
            .next()
            // "After her talks with Ryzhkov, Thatcher ...": a pronoun in an opening clause
            // looks ahead to the main clause's subject.
            .or_else(|| self.main_subject_after_opening(at))
            .or(self.prev_subject)
            // "After her talks with X, Holt left": with no one before, the subject after.
            .or_else(|| {
                self.sent
                    .mentions
                    .iter()
                    .enumerate()
                    .find(|(mi, m)| {
                        m.start > at
                            && self.is_actor(*mi)
                            && !self.after_preposition(m.start)
                            && self.entities.list[m.actor].kind == EntityKind::Person
                    })
                    .map(|(_, m)| m.actor)
            })
    }

    /// The first person after the comma that closes a sentence-opening clause ("After ...,",
    /// "During ...,") holding token `at`.
    fn main_subject_after_opening(&self, at: usize) -> Option<usize> {
        let toks = &self.sent.tokens;
        let opener = toks.first().is_some_and(|t| {
            self.lex.is(WordClass::Subordinator, &t.lower)
                || matches!(t.lower.as_str(), "during" | "following" | "upon")
        });
        let comma = (at..toks.len()).find(|&k| toks[k].text == "," || toks[k].is_clause_break())?;
        if !opener || toks[comma].text != "," {
            return None;
        }
        let (mi, m) = self.sent.mentions.iter().enumerate().find(|(_, m)| m.start > comma)?;
        (m.start == comma + 1 && self.is_actor(mi) && self.entities.list[m.actor].kind == EntityKind::Person)
            .then_some(m.actor)
    }

    /// The source and the actors coordinated before it ("Iran and Algeria", "Both A and B",
    /// "A, B and C"), each a source of the same demand.
    pub(super) fn coordinated(&self, source: usize, spos: usize) -> Vec<usize> {
        let toks = &self.sent.tokens;
        let mut out = vec![source];
        // A holder's title opens its phrase: "German Chancellor X and French President Y called for".
        let phrase_start = |start: usize| {
            self.roles
                .iter()
                .find(|rp| rp.holder.is_some_and(|h| self.sent.mentions[h].start == start))
                .map_or(start, |rp| rp.start.min(start))
        };
        let mut j = phrase_start(spos);
        while j > 1
            && matches!(toks[j - 1].lower.as_str(), "and" | ",")
            && out.len() < crate::extract::MAX_RELATIONS_PER_SENTENCE
        {
            let actor = self
                .sent
                .mention_ending_at(j - 1)
                .filter(|&mi| self.is_actor(mi))
                .map(|mi| (self.sent.mentions[mi].actor, self.sent.mentions[mi].start))
                .or_else(|| self.holder_at(j - 2).map(|h| (self.sent.mentions[h].actor, self.sent.mentions[h].start)));
            let Some((actor, start)) = actor else {
                break;
            };
            if !out.contains(&actor) {
                out.push(actor);
            }
            j = phrase_start(start);
        }
        out
    }

    /// The source and the actors coordinated with it, when they open their clause ("Holt and
    /// Rivera met X"), not when the first is an earlier verb's object ("Holt met Rivera and
    /// Berg met Sand").
    pub(super) fn subject_group(&self, source: usize, spos: usize) -> Vec<usize> {
        let group = self.coordinated(source, spos);
        if group.len() < 2 {
            return group;
        }
        let toks = &self.sent.tokens;
        let first =
            self.sent.mentions.iter().filter(|m| group.contains(&m.actor) && m.start <= spos).map(|m| m.start).min();
        // "President X and Y met": the first holder's title opens the clause.
        let title_start = |j: usize| {
            self.roles
                .iter()
                .find(|rp| rp.holder.is_some_and(|h| self.sent.mentions[h].start == j))
                .map_or(j, |rp| rp.start.min(j))
        };
        let opens = first.map(title_start).is_none_or(|j| {
            j == 0
                || !toks[j - 1].is_word()
                || matches!(toks[j - 1].lower.as_str(), "both" | "the" | "then" | "when" | "as")
        });
        if opens {
            group
        } else {
            vec![source]
        }
    }
}
