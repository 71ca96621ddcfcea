//! `Args`: the sentence as seen by one event's frames, and how they find its subject: the
//! nearest actor before a trigger, through appositions, relative clauses, pronouns, verb
//! coordination and opening phrases. Clauses and coordination are in `clause.rs`, owners
//! of nouns and documents in `owner.rs`, what follows a trigger in `objects.rs`.

use crate::extract::lexicon::{Lexicon, WordClass};
use crate::extract::resolve::{Entities, Sentence};
use crate::extract::role::RolePhrase;
use crate::graph::EntityKind;

/// One sentence with what the extractor knows around it: the sides of an event are read
/// from here.
pub(super) struct Args<'a> {
    pub(super) sent: &'a Sentence,
    pub(super) roles: &'a [RolePhrase],
    pub(super) entities: &'a Entities,
    pub(super) lex: &'a Lexicon,
    /// The first person of the previous sentence: "he", "she".
    pub(super) prev_subject: Option<usize>,
    /// The last organization named before: "the group".
    pub(super) last_org: Option<usize>,
}

impl Args<'_> {
    /// Where gates start to count for a source at token `pos`: a few words before it ("did not",
    /// "until" before the name), or the "and" itself when the source was found through verb
    /// coordination, so that the first verb ("denies arming M23 and insists") does not gate.
    pub(super) fn gate_from(&self, pos: usize) -> usize {
        let toks = &self.sent.tokens;
        if toks.get(pos).is_some_and(|t| t.lower == "and") {
            // ... unless a modal governs both verbs: "X will visit Y and call for Z".
            let start = self.clause_start(pos);
            if toks[start..pos].iter().any(|t| !t.is_capitalized() && self.lex.is(WordClass::Modal, &t.lower)) {
                start
            } else {
                pos
            }
        } else {
            pos.saturating_sub(3)
        }
    }

    /// Whether mention `mi` can be a side of an event.
    pub(super) fn is_actor(&self, mi: usize) -> bool {
        let m = &self.sent.mentions[mi];
        let kind = self.entities.list[m.actor].kind;
        !m.venue && !m.absorbed && !m.demonym && kind != EntityKind::Concept
    }

    /// Whether the name at `start` is a preposition's complement: "in Rome", "in the U.S.
    /// proposals", "in a Red Cross plane".
    pub(super) fn after_preposition(&self, start: usize) -> bool {
        let toks = &self.sent.tokens;
        let mut k = start;
        if k > 0 && matches!(toks[k - 1].lower.as_str(), "the" | "a" | "an") {
            k -= 1;
        }
        k > 0 && self.lex.is(WordClass::Preposition, &toks[k - 1].lower)
    }

    /// The person a role phrase covering token `i` stands for, if it has a holder.
    pub(super) fn holder_at(&self, i: usize) -> Option<usize> {
        self.roles.iter().find(|rp| rp.start <= i && i < rp.end && rp.holder.is_some()).and_then(|rp| rp.holder)
    }

    /// The source of an event whose trigger starts at `ts`: the nearest actor before it,
    /// skipping appositions (", the US envoy,") and relative clauses (", who ...").
    pub(super) fn subject(&self, ts: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut i = ts;
        let mut steps = 0;
        while i > 0 && steps < 30 {
            steps += 1;
            let t = &toks[i - 1];
            // A verb straight after a comma or a dash has the clause's subject: "Okafor hosted
            // Brel, calling for ...", the headline's "Okafor hosts Brel, calls for ...", and
            // "Orban angered Brussels - meeting Putin in Moscow".
            if i == ts && self.comma_verb(ts) {
                return self.verb_subject_before(i - 1).map(|(actor, _)| (actor, i - 1));
            }
            // "The Party of Democratic Action (SDA) called for": the name's short form in
            // brackets is no clause of its own.
            if t.text == ")" && self.short_form_bracket(i - 1) {
                i -= 3;
                continue;
            }
            if t.is_clause_break() && t.text != "." {
                break;
            }
            // Verb coordination: "Rwanda denies arming M23 and insists on ..." acts for the clause subject.
            // Gates are read from the "and" on: "denies arming M23 and insists on" insists.
            if t.lower == "and" && i == ts {
                // "Reuters reported that Putin is open ... and insists": the reported clause's
                // subject, when the verb's tense is not the reporting verb's ("X said that Y had
                // ... and called for" is X's call).
                let start = self.clause_start(i - 1);
                let past = |w: &str| w.ends_with("ed") || self.lex.is(WordClass::PastVerb, w);
                // The reporting verb: a word of the clause_verb class a few words before "that".
                let reporting = |j: usize| {
                    (j.saturating_sub(4).max(start)..j)
                        .rev()
                        .find(|&k| self.lex.is(WordClass::ClauseVerb, &toks[k].lower))
                };
                let reported = (start + 1..i - 1)
                    .rev()
                    .find(|&j| toks[j].lower == "that")
                    .filter(|&j| reporting(j).is_some_and(|v| past(&toks[v].lower) != past(&toks[ts].lower)));
                let start = reported.map_or(start, |j| j + 1);
                return self.clause_subject_from(start, i - 1).map(|(actor, _)| (actor, i - 1));
            }
            // "The group insists": the organization named last.
            if i >= 2
                && self.lex.is(WordClass::GroupReference, &t.lower)
                && toks[i - 2].lower == "the"
                && self.last_org.is_some()
            {
                return self.last_org.map(|o| (o, i - 2));
            }
            if matches!(t.lower.as_str(), "who" | "which") {
                // The antecedent: the nearest actor before "who" (skipping its apposition).
                let mut j = i - 1;
                while j > 0 {
                    if let Some(mi) = self.sent.mention_ending_at(j) {
                        if self.is_actor(mi) {
                            return Some((self.sent.mentions[mi].actor, self.sent.mentions[mi].start));
                        }
                        if let Some(h) = self.holder_at(j - 1) {
                            return Some((self.sent.mentions[h].actor, self.sent.mentions[h].start));
                        }
                    }
                    if toks[j - 1].is_clause_break() {
                        break;
                    }
                    j -= 1;
                }
                return None;
            }
            if t.text == "," {
                // Skip back over an apposition to the name before it.
                if let Some(j) = (0..i - 1).rev().find(|&j| toks[j].text == "," || toks[j].is_clause_break()) {
                    if toks[j].text == "," {
                        if let Some(mi) = self.sent.mention_ending_at(j) {
                            if self.is_actor(mi) {
                                return Some((self.sent.mentions[mi].actor, self.sent.mentions[mi].start));
                            }
                        }
                    }
                }
            }
            if let Some(mi) = self.sent.mention_ending_at(i) {
                let m = &self.sent.mentions[mi];
                if self.is_actor(mi) && !self.after_preposition(m.start) {
                    // "A Trump envoy met ...": the envoy nobody named met, not Trump.
                    if self.qualifies_unnamed_holder(mi, ts) {
                        return None;
                    }
                    return Some((m.actor, m.start));
                }
                if let Some(h) = self.holder_at(i - 1) {
                    return Some((self.sent.mentions[h].actor, self.sent.mentions[h].start));
                }
            }
            // "he met", and "her talks with" right before a noun trigger.
            let possessive = i == ts && matches!(t.lower.as_str(), "his" | "her");
            if matches!(t.lower.as_str(), "he" | "she") || possessive {
                return self.pronoun(i - 1).map(|p| (p, i - 1));
            }
            i -= 1;
        }
        None
    }

    /// The state or body the title of person `person` in this sentence is of ("Iranian Oil
    /// Minister X": Iran).
    pub(super) fn side_of(&self, person: usize) -> Option<usize> {
        self.roles
            .iter()
            .filter(|rp| !rp.gated)
            .find(|rp| rp.holder.is_some_and(|h| self.sent.mentions[h].actor == person))
            .and_then(|rp| rp.target)
            .filter(|&t| self.entities.list[t].kind != EntityKind::Person)
    }

    /// Whether the trigger at `ts` is a verb right after a comma (adverbs like "then" between):
    /// a second verb of the clause, with no subject of its own.
    fn comma_verb(&self, ts: usize) -> bool {
        let toks = &self.sent.tokens;
        let mut k = ts;
        while k > 0 && matches!(toks[k - 1].lower.as_str(), "then" | "also" | "later" | "again") {
            k -= 1;
        }
        let verb = toks.get(ts).is_some_and(|t| {
            !t.is_capitalized() && (t.lower.ends_with("ing") || t.lower.ends_with("ed") || t.lower.ends_with('s'))
        });
        k > 0 && matches!(toks[k - 1].text.as_str(), "," | "\u{2013}" | "\u{2014}") && verb
    }

    /// Whether mention `mi` only qualifies a role whose holder is not named ("Trump envoy",
    /// "the Kremlin's negotiator"), with nothing but the role between it and the trigger.
    fn qualifies_unnamed_holder(&self, mi: usize, ts: usize) -> bool {
        let m_end = self.sent.mentions[mi].end;
        self.roles.iter().any(|rp| {
            rp.holder.is_none()
                && rp.inner.contains(&mi)
                && rp.end <= ts
                // "White House and congressional leaders": the first is an actor of its own.
                && self.sent.tokens[m_end..rp.end].iter().all(|t| t.lower != "and" && t.text != ",")
                && self.sent.tokens[rp.end..ts].iter().all(|t| t.is_word() && !t.is_clause_break())
        })
    }

    /// The actor a "whom" right before the subject at `spos` stands for: "Edi Rama, whom she
    /// met", "the prime minister, Edi Rama, whom he met".
    pub(super) fn whom_antecedent(&self, spos: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let whom = spos.checked_sub(1).filter(|&k| toks[k].lower == "whom")?;
        let end = if whom > 0 && toks[whom - 1].text == "," { whom - 1 } else { whom };
        let mi = self.sent.mention_ending_at(end)?;
        if self.is_actor(mi) {
            let m = &self.sent.mentions[mi];
            return Some((m.actor, m.start));
        }
        self.holder_at(end - 1).map(|h| (self.sent.mentions[h].actor, self.sent.mentions[h].start))
    }

    /// "After talks with X, Y said", "Speaking after talks with X, Y ...": a meeting noun
    /// after "after", "following" or "during" in an opening phrase is the main clause subject's.
    pub(super) fn subject_after_opening(&self, ts: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let lead = ts.checked_sub(1).map(|k| toks[k].lower.as_str());
        if !matches!(lead, Some("after" | "following" | "during")) {
            return None;
        }
        // Only words (no clause) before: "After", "Speaking after", "Hours after".
        if toks[..ts - 1].iter().any(|t| !t.is_word() || self.sent.mention_ending_at(0).is_some()) {
            return None;
        }
        let comma = (ts..toks.len()).find(|&k| toks[k].text == "," || toks[k].is_clause_break())?;
        if toks[comma].text != "," {
            return None;
        }
        let (mi, m) = self.sent.mentions.iter().enumerate().find(|(_, m)| m.start > comma)?;
        let person =
            m.start == comma + 1 && self.is_actor(mi) && self.entities.list[m.actor].kind == EntityKind::Person;
        person.then_some((m.actor, 0))
    }

    /// Whether the "to" at `to` gives the purpose of a trip that was made: "flew to Lima to
    /// meet Boric" (the trip happened, and with it the meeting), unlike "plans to meet".
    pub(super) fn trip_made(&self, to: usize) -> bool {
        let toks = &self.sent.tokens;
        // Back over the destination ("to Lima", "to the Kremlin") to the verb of the trip.
        let Some(verb) = (to.saturating_sub(6)..to).rev().find(|&k| self.lex.is(WordClass::Motion, &toks[k].lower))
        else {
            return false;
        };
        let past = |w: &str| w.ends_with("ed") || self.lex.is(WordClass::PastVerb, w);
        past(&toks[verb].lower)
            && toks[verb + 1..to].iter().all(|t| t.is_word() || t.text == "'s")
            && toks.get(verb + 1).is_some_and(|t| matches!(t.lower.as_str(), "to" | "in" | "into"))
    }
}
