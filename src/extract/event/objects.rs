//! What follows a trigger or stands before it as a group: objects and lists of them ("met A,
//! B and C"), the pair of a "between", the sides named through their people ("Turkish and
//! Greek negotiators"), and the group before a mutual trigger ("X and Y met").

use super::args::Args;
use crate::extract::lexicon::WordClass;
use crate::extract::mention::SpanKind;
use crate::extract::token::Token;
use crate::graph::EntityKind;

impl Args<'_> {
    /// The actors after a trigger ending at `te`: the first, and any joined by "and".
    pub(super) fn objects(&self, te: usize) -> Vec<(usize, usize)> {
        self.listed_after(te, true)
    }

    /// The actors listed after a trigger that is itself a noun phrase's ("a meeting attended
    /// by A and B took place"): the verb after the list is the sentence's, not a new clause's.
    pub(super) fn participants(&self, te: usize) -> Vec<(usize, usize)> {
        self.listed_after(te, false)
    }

    /// The first actor after unnamed people of named sides and "as well as" ("foreign
    /// ministers from A and B, as well as Y": Y), if the text has that shape.
    fn after_unnamed_people(&self, te: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let people = (te..(te + 4).min(toks.len()))
            .take_while(|&k| toks[k].is_word() && !toks[k].is_capitalized())
            .find(|&k| {
                self.lex.is(WordClass::PeopleNoun, &toks[k].lower) || self.lex.is(WordClass::SidePeople, &toks[k].lower)
            })?;
        if !toks.get(people + 1).is_some_and(|t| matches!(t.lower.as_str(), "from" | "of")) {
            return None;
        }
        // Over the sides they come from (names, commas, "and") to "as well as".
        let mut k = people + 2;
        while k < toks.len() && k < people + 24 {
            if toks.get(k..k + 3).is_some_and(|w| w[0].lower == "as" && w[1].lower == "well" && w[2].lower == "as") {
                return self.object_from(k + 3, 3);
            }
            let t = &toks[k];
            if t.is_clause_break() || !(t.is_capitalized() || t.text == "," || t.lower == "and" || t.lower == "the") {
                return None;
            }
            k += 1;
        }
        None
    }

    /// The actors after token `te`, the first and any listed after it; with `clause_verb_ends`,
    /// a verb right after a name makes that name a new clause's subject ("met Y and Z met W").
    fn listed_after(&self, te: usize, clause_verb_ends: bool) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut out = Vec::new();
        // "received both ministers": the two people the plural means.
        if let Some(g) = self.sent.groups.iter().find(|g| {
            g.start >= te && g.start <= te + 2 && toks[te..g.start].iter().all(|t| t.is_word() && !t.is_capitalized())
        }) {
            return g.members.iter().map(|&m| (m, g.end)).collect();
        }
        // "met foreign ministers from A and B, as well as Y": unnamed people of states, then Y.
        let Some(first) = self.object_from(te, 5).or_else(|| self.after_unnamed_people(te)) else {
            return out;
        };
        let mut i = first.1;
        out.push(first);
        // "Y, Z and W": the names after commas count once an "and" closes the list, so an
        // apposition ("Y, Peru's president, said") adds nothing.
        let mut listed = Vec::new();
        // A run-on list stops at a sentence's relation cap: reading further costs time for
        // relations that would be dropped.
        while out.len() + listed.len() < crate::extract::MAX_RELATIONS_PER_SENTENCE {
            let mut j = i;
            // "met Putin in Moscow, Xi in Beijing and Trump": the place after a name is where.
            if toks.get(j).is_some_and(|t| matches!(t.lower.as_str(), "in" | "at")) {
                let venue = self.sent.mention_at(j + 1).map(|mi| &self.sent.mentions[mi]).filter(|m| m.venue);
                if let Some(m) = venue.filter(|m| toks.get(m.end).is_some_and(|t| t.text == "," || t.lower == "and")) {
                    j = m.end;
                }
            }
            let (mut joined, mut comma) = (false, false);
            while j < toks.len() && (toks[j].text == "," || toks[j].lower == "and") {
                joined |= toks[j].lower == "and";
                comma |= toks[j].text == ",";
                j += 1;
            }
            // "met A, B and C, as well as D": "as well as" closes a list like "and".
            if toks.get(j..j + 3).is_some_and(|w| w[0].lower == "as" && w[1].lower == "well" && w[2].lower == "as") {
                joined = true;
                j += 3;
            }
            let next = if joined {
                self.object_from(j, 3)
            } else if comma {
                self.object_from(j, 0)
            } else {
                None
            };
            // A role phrase's holder may stand before the phrase ("Y, Peru's president"):
            // only what lies ahead continues the list, so the scan always moves forward.
            let Some(o) = next.filter(|o| o.1 > j) else {
                // "Y, Z and a WIFO representative": the "and" closes the list all the same.
                if joined && toks.get(j).is_some_and(|t| t.is_word()) {
                    out.append(&mut listed);
                }
                break;
            };
            // ", and Argentina's economy minister said ...", "met Y and Z met W": a new
            // clause's subject.
            let verb_after = toks.get(o.1).is_some_and(|t| {
                t.is_word()
                    && !t.is_capitalized()
                    && (comma && self.lex.is(WordClass::ClauseVerb, &t.lower)
                        || !self.lex.patterns_starting(&t.lower).is_empty()
                            && !self.lex.is(WordClass::MeetingNoun, &t.lower)
                            && !self.lex.is(WordClass::Preposition, &t.lower))
            });
            if verb_after && clause_verb_ends {
                break;
            }
            i = o.1;
            if joined {
                out.append(&mut listed);
                out.push(o);
            } else {
                listed.push(o);
            }
        }
        out
    }

    /// The sides a "between" names through their people: "between Chilean and Peruvian
    /// officials" (nationalities), "between envoys from Chile, Peru and Brazil" (places).
    pub(super) fn sides_after(&self, te: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut k = te;
        while toks.get(k).is_some_and(|t| t.lower == "the") {
            k += 1;
        }
        if toks.get(k).is_some_and(|t| self.lex.is(WordClass::SidePeople, &t.lower))
            && toks.get(k + 1).is_some_and(|t| matches!(t.lower.as_str(), "from" | "of"))
        {
            return self.participants(k + 2);
        }
        // The nationalities end right before the people noun, a few words on at most.
        let people = (k..(k + 8).min(toks.len()))
            .take_while(|&j| toks[j].is_word() || toks[j].text == ",")
            .find(|&j| self.lex.is(WordClass::SidePeople, &toks[j].lower));
        match people {
            Some(j) if j > k => self.demonym_list_ending_at(j),
            _ => Vec::new(),
        }
    }

    /// "between A and B": the two actors after the trigger ending at `te`, joined by "and".
    pub(super) fn pair_after(&self, te: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let Some(first) = self.object_from(te, 5) else {
            return Vec::new();
        };
        if toks.get(first.1).is_none_or(|t| t.lower != "and") {
            return Vec::new();
        }
        self.object_from(first.1 + 1, 3).filter(|o| o.0 != first.0).map_or_else(Vec::new, |second| vec![first, second])
    }

    /// The first actor at or after token `i`, skipping at most `max_skip` plain words.
    fn object_from(&self, mut i: usize, max_skip: usize) -> Option<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut skipped = 0;
        while i < toks.len() {
            let t = &toks[i];
            if t.is_clause_break() {
                return None;
            }
            if let Some(h) = self.holder_at(i) {
                let m = &self.sent.mentions[h];
                return Some((m.actor, m.end));
            }
            if let Some(mi) = self.sent.mention_at(i) {
                let m = &self.sent.mentions[mi];
                if toks.get(m.end).is_some_and(|t| t.lower == "'s") {
                    // "Egypt's General Intelligence Service": the possessed name, if any.
                    self.sent.mention_at(m.end + 1)?;
                    i = m.end + 1;
                    continue;
                }
                // "U.S. Treasury Secretary James Baker": an adjective on the way to the holder.
                if m.demonym && skipped < max_skip.max(2) {
                    skipped += 1;
                    i = m.end;
                    continue;
                }
                // "met Senate and Democratic leaders": the name qualifies unnamed people (a
                // person does not: "hosted Zelenskyy and other European leaders").
                let person = self.entities.list[m.entity].kind == EntityKind::Person;
                if !person && self.qualifies_people(m.end) {
                    return None;
                }
                // "U.S. Treasury Secretary James Baker": the name opens its holder's title; "a
                // WIFO representative": it describes someone unnamed.
                let title_from = (m.end..(m.end + 3).min(toks.len()))
                    .take_while(|&k| k == m.end || toks[k - 1].is_capitalized())
                    .find(|&k| self.sent.spans.iter().any(|sp| sp.start == k && matches!(sp.kind, SpanKind::Role(_))));
                if let Some(k) = title_from {
                    match self.holder_at(k) {
                        Some(_) => {
                            i = k;
                            continue;
                        }
                        None => return None,
                    }
                }
                return self.is_actor(mi).then_some((m.actor, m.end));
            }
            // "talks with her", not "her Rwandan counterpart".
            let object_pronoun = |n: Option<&Token>| {
                n.is_none_or(|n| !n.is_word() || n.lower == "and" || self.lex.is(WordClass::Preposition, &n.lower))
            };
            if t.lower == "him" || t.lower == "her" && object_pronoun(toks.get(i + 1)) {
                return self.pronoun(i).map(|p| (p, i + 1));
            }
            // A capitalised word of a title ("Treasury" in "U.S. Treasury Secretary X").
            if t.is_capitalized() && self.holder_at(i + 1).is_some() && skipped < max_skip.max(2) {
                skipped += 1;
                i += 1;
                continue;
            }
            // Articles, adjectives, quotes, and honorifics the name span left out ("Sheikh").
            let honorific =
                self.lex.is(WordClass::HonorificKeep, &t.text) || self.lex.is(WordClass::HonorificDrop, &t.text);
            // A verb or "but" starts another clause ("received more votes but had fewer MPs").
            let clause_word = self.lex.is(WordClass::Auxiliary, &t.lower) || matches!(t.lower.as_str(), "but" | "or");
            let skippable =
                t.is_word() && !self.lex.is(WordClass::Preposition, &t.lower) && !t.is_capitalized() && !clause_word
                    || honorific
                    || matches!(t.text.as_str(), "\"" | "\u{201c}" | "\u{201d}");
            if !skippable || skipped >= max_skip {
                return None;
            }
            skipped += 1;
            i += 1;
        }
        None
    }

    /// Whether the words from token `i` on are "[and Democratic] leaders": a plural noun for
    /// people that the name before qualifies.
    fn qualifies_people(&self, i: usize) -> bool {
        let toks = &self.sent.tokens;
        if toks.get(i).is_some_and(|t| t.lower == "and") {
            // "U.S. and world financial officials": past up to three more modifiers.
            let from = i + 1;
            return (from..(from + 4).min(toks.len()))
                .take_while(|&k| toks[k].is_word())
                .any(|k| self.lex.is(WordClass::PeopleNoun, &toks[k].lower));
        }
        toks.get(i).is_some_and(|t| self.lex.is(WordClass::PeopleNoun, &t.lower))
    }

    /// The countries of a list of nationalities ending at token `end` ("Turkish and Greek",
    /// "US, Russian and Ukrainian"), each once.
    fn demonym_list_ending_at(&self, end: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut out: Vec<(usize, usize)> = Vec::new();
        let mut j = end;
        while let Some(mi) = self.sent.mention_ending_at(j).filter(|&mi| self.sent.mentions[mi].demonym) {
            let m = &self.sent.mentions[mi];
            if !out.iter().any(|&(a, _)| a == m.actor) {
                out.insert(0, (m.actor, m.start));
            }
            if m.start == 0 || !matches!(toks[m.start - 1].lower.as_str(), "and" | ",") {
                break;
            }
            j = m.start - 1;
        }
        out
    }

    /// "X and Y" (or "X, Y and Z") ending just before token `ts`, possibly "delegations from X and Y".
    pub(super) fn group_before(&self, ts: usize) -> Vec<(usize, usize)> {
        let toks = &self.sent.tokens;
        let mut out = Vec::new();
        // "Turkish and Greek negotiators", "Israeli and Lebanese officials": the two sides.
        if ts > 1 && self.lex.is(WordClass::SidePeople, &toks[ts - 1].lower) {
            let sides = self.demonym_list_ending_at(ts - 1);
            if sides.len() >= 2 {
                return sides;
            }
        }
        let mut i = ts;
        // Allow an adverb or two ("X and Y finally met"), and "held" style gaps already in the trigger.
        while i > 0
            && toks[i - 1].is_word()
            && !toks[i - 1].is_capitalized()
            && self.sent.mention_ending_at(i).is_none()
            && !self.sent.groups.iter().any(|g| g.end == i)
            && ts - i < 2
        {
            i -= 1;
        }
        // "The two presidents met": the two people the plural means.
        if let Some(g) = self.sent.groups.iter().find(|g| g.end == i) {
            return g.members.iter().map(|&m| (m, g.start)).collect();
        }
        loop {
            // "Congo's government and the M23": a side's institution stands for the side.
            if i >= 2 && toks[i - 2].lower == "'s" && self.lex.is(WordClass::SideNoun, &toks[i - 1].lower) {
                i -= 2;
            }
            // "the US-China talks", "Israeli-Syrian talks": nationalities joined by a hyphen are sides.
            let hyphened = |mi: usize| {
                let m = &self.sent.mentions[mi];
                m.demonym
                    && (toks.get(m.end).is_some_and(|t| t.text == "-") || m.start > 0 && toks[m.start - 1].text == "-")
            };
            let actor = self
                .sent
                .mention_ending_at(i)
                .filter(|&mi| self.is_actor(mi) || hyphened(mi))
                .map(|mi| (self.sent.mentions[mi].actor, self.sent.mentions[mi].start))
                .or_else(|| {
                    if i > 0 {
                        self.holder_at(i - 1).map(|h| (self.sent.mentions[h].actor, self.sent.mentions[h].start))
                    } else {
                        None
                    }
                })
                .or_else(|| {
                    // "US Secretary of State Marco Rubio and ...": the holder right before.
                    self.sent.mention_ending_at(i).and_then(|mi| {
                        let m = &self.sent.mentions[mi];
                        (self.entities.list[m.actor].kind == EntityKind::Person && !m.venue)
                            .then_some((m.actor, m.start))
                    })
                });
            let Some((actor, start)) = actor else { break };
            let rp_start = self
                .roles
                .iter()
                .find(|rp| rp.holder.is_some_and(|h| self.sent.mentions[h].start == start))
                .map_or(start, |rp| rp.start.min(start));
            out.insert(0, (actor, rp_start));
            // "X and Y", "X and the Y", "X, Y and Z", and the hyphen of "the X-Y summit".
            // ("X and his Armenian counterpart Y": the possessive opens Y's phrase.)
            let joined = rp_start
                .checked_sub(1)
                .filter(|&k| matches!(toks[k].lower.as_str(), "the" | "his" | "her" | "their"))
                .map_or(rp_start, |k| k);
            if joined >= 1 && matches!(toks[joined - 1].lower.as_str(), "and" | "," | "-") {
                i = joined - 1;
                if i > 0 && toks[i - 1].text == "," {
                    i -= 1;
                }
                continue;
            }
            break;
        }
        out
    }
}
