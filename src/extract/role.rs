//! Role phrases: envoy-of, aide-of and leader-of, read from how news names people's roles.
//!
//! A role phrase is `[possessor] [modifiers] ROLE [of X | to X]`, where the possessor is a
//! nationality ("Turkish"), a name used as an adjective ("US", "Kremlin"), a possessive
//! ("Putin's", "the Trump administration's") or a pronoun ("his"). Its holder is the person
//! right after it ("President Donald Trump"), in apposition before it ("Witkoff, the US
//! special envoy,") or after it ("Trump's envoy, Steve Witkoff,"). With no holder it may be
//! a title-led reference ("the Russian President"), resolved to the person who holds that
//! office in the article. "former", "ex-" and the like gate the phrase: a title, no relation.
//! A region before a role ("Middle East envoy", "Africa adviser") is its remit, not its
//! principal.

use super::lexicon::{Lexicon, RoleClass, WordClass};
use super::mention::{join, SpanKind};
use super::resolve::{Entities, Mention, Sentence};
use super::token::TokenKind;
use crate::graph::{EntityKind, RelationKind};

/// One role phrase found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct RolePhrase {
    /// Tokens `start..end`: possessor through role noun and its of/to complement.
    pub start: usize,
    pub end: usize,
    pub class: RoleClass,
    /// The entity the role is held for (already mapped to the acting entity).
    pub target: Option<usize>,
    /// The mention index of the person holding the role.
    pub holder: Option<usize>,
    /// "former", "ex-", "candidate": a title without a current relation.
    pub gated: bool,
    /// Starts with a determiner or possessive and has no holder: may be a reference.
    pub referring: bool,
    /// The role noun as written, for the pattern name.
    pub noun: String,
    /// Mentions inside the phrase (possessor, complement) that its holder stands for.
    pub inner: Vec<usize>,
}

/// A relation found by a rule, between article entities.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub source: usize,
    pub kind: RelationKind,
    pub target: usize,
    pub pattern: String,
    pub confidence: f32,
}

const DETERMINERS: &[&str] = &["the", "a", "an"];
const PRONOUNS: &[&str] = &["his", "her"];

/// Words that end the modifier run before a role noun: they belong to the clause, not the phrase.
const NOT_MODIFIERS: &[&str] = &[
    "and", "or", "of", "to", "for", "with", "by", "as", "who", "is", "was", "are", "were", "said", "says", "has",
    "had", "have", "met", "told", "with", "at", "in", "on", "from", "that", "which", "be", "been",
];
/// Whether a lower-case word before a title belongs to the clause ("hosted President X",
/// "welcomed Prime Minister Y"), not to the title: the first word of an event trigger, or a
/// past form in -ed that is not a modifier a title takes ("newly elected", "former").
fn is_clause_verb(lower: &str, lex: &Lexicon) -> bool {
    !lex.patterns_starting(lower).is_empty()
        || (lower.ends_with("ed") && !lex.is(WordClass::LeaderModifier, lower) && !lex.is(WordClass::RoleGate, lower))
}

/// Who the sentences before named last: what "his"/"her" (the person) and a sentence's opening
/// "Its"/"Their" (the body or state) fall back to.
#[derive(Clone, Copy, Debug, Default)]
pub struct Before {
    pub person: Option<usize>,
    pub body: Option<usize>,
}

/// Finds the role phrases of a sentence and their holders, and marks the mentions a holder
/// stands for as absorbed.
pub fn phrases(sent: &mut Sentence, entities: &Entities, lex: &Lexicon, before: Before) -> Vec<RolePhrase> {
    let roles: Vec<(usize, usize, RoleClass, String)> = sent
        .spans
        .iter()
        .filter_map(|s| match s.kind {
            SpanKind::Role(c) => Some((s.start, s.end, c, s.text.clone())),
            _ => None,
        })
        .collect();
    let mut out: Vec<RolePhrase> = roles
        .into_iter()
        .map(|(rstart, rend, class, noun)| phrase(sent, entities, lex, before, rstart, rend, class, noun))
        .collect();
    for rp in out.iter_mut() {
        rp.holder = holder(sent, rp, lex);
        if rp.target.is_none() && rp.class == RoleClass::Leader {
            postposed_target(sent, rp, entities);
        }
        if rp.holder.is_some() {
            rp.referring = false;
            for &mi in &rp.inner {
                sent.mentions[mi].absorbed = true;
            }
        }
    }
    out
}

/// "President Arvid Solberg of Norway": a title, its holder right after it, then "of" and
/// the country or organization led.
fn postposed_target(sent: &Sentence, rp: &mut RolePhrase, entities: &Entities) {
    let Some(h) = rp.holder.filter(|&h| sent.mentions[h].start == rp.end) else {
        return;
    };
    let of = sent.mentions[h].end;
    if sent.tokens.get(of).is_none_or(|t| t.lower != "of") {
        return;
    }
    let at = if sent.tokens.get(of + 1).is_some_and(|t| t.lower == "the") { of + 2 } else { of + 1 };
    let Some(mi) = sent.mention_at(at) else {
        return;
    };
    let m = &sent.mentions[mi];
    if !m.venue && !m.demonym && entities.list[m.actor].kind != EntityKind::Person {
        rp.target = Some(m.actor);
        rp.inner.push(mi);
    }
}

/// "Greek U.N. Representative", "China's U.N. envoy": an organization between an envoy's
/// country and the noun is where the envoy is posted, not whom they act for.
fn is_posting(sent: &Sentence, mi: usize, class: RoleClass, entities: &Entities) -> bool {
    let m = &sent.mentions[mi];
    if class != RoleClass::Envoy || entities.list[m.actor].kind != EntityKind::Organization || m.start == 0 {
        return false;
    }
    let country_before = |end: usize| {
        sent.mention_ending_at(end).is_some_and(|c| entities.list[sent.mentions[c].actor].kind == EntityKind::Place)
    };
    country_before(m.start) || (sent.tokens[m.start - 1].lower == "'s" && country_before(m.start - 1))
}

fn is_region(m: &Mention, entities: &Entities, lex: &Lexicon) -> bool {
    let e = &entities.list[m.actor];
    e.kind == EntityKind::Place && !lex.countries.contains(&e.name) && !m.demonym
}

#[allow(clippy::too_many_arguments)]
fn phrase(
    sent: &Sentence,
    entities: &Entities,
    lex: &Lexicon,
    before: Before,
    rstart: usize,
    rend: usize,
    class: RoleClass,
    noun: String,
) -> RolePhrase {
    let toks = &sent.tokens;
    let mut inner = Vec::new();
    let head_of_place = super::resolve::heads_a_place(&noun.to_lowercase(), lex);
    // Left: modifiers ("foreign policy", "senior", "former", a region), then a possessor.
    let mut i = rstart;
    let mut gated = false;
    let mut unnamed_body = false;
    let mut modifiers = 0;
    while i > 0 && modifiers < 5 {
        let t = &toks[i - 1];
        if let Some(mi) = sent.mention_ending_at(i) {
            // A region is a remit ("Middle East envoy"); before a leader's title a place is the
            // state itself ("Gendry President").
            let region = class != RoleClass::Leader && is_region(&sent.mentions[mi], entities, lex);
            if region || is_posting(sent, mi, class, entities) {
                i = sent.mentions[mi].start;
                modifiers += 1;
                continue;
            }
            break;
        }
        let lower = t.lower.as_str();
        if t.is_word()
            && !t.is_capitalized()
            && !DETERMINERS.contains(&lower)
            && !PRONOUNS.contains(&lower)
            && !matches!(lower, "its" | "their")
            && !NOT_MODIFIERS.contains(&lower)
            && !lex.is(WordClass::Locative, lower)
            && !is_clause_verb(lower, lex)
        {
            gated |= lex.is(WordClass::RoleGate, lower);
            // "deputy director", "vice chairman": second in line heads nothing.
            gated |= class == RoleClass::Leader && lex.is(WordClass::SecondRank, lower);
            // "Egypt's intelligence chief", "Pakistan's army chief": the head of an unnamed
            // body, not of the country. Only words that say when or how someone leads keep a
            // leader a leader ("Germany's new chancellor").
            unnamed_body |= class == RoleClass::Leader
                && !lex.is(WordClass::LeaderModifier, lower)
                && !lex.is(WordClass::RoleGate, lower);
            modifiers += 1;
            i -= 1;
        } else if t.text == "-" && i >= 2 && lex.is(WordClass::RoleGate, &toks[i - 2].lower) {
            gated = true;
            i -= 2;
        } else if t.is_capitalized()
            && (lex.is(WordClass::TitleWord, lower) || head_of_place && lex.is(WordClass::PoliticalSide, &t.text))
        {
            modifiers += 1;
            i -= 1;
        } else {
            break;
        }
    }
    // "International Monetary Fund (IMF) head": the acronym in brackets repeats the name.
    if i >= 3 && toks[i - 1].text == ")" && toks[i - 3].text == "(" && toks[i - 2].is_acronym() {
        i -= 3;
    }
    let mut start = i;
    let mut target: Option<usize> = None;
    let mut referring = false;
    if i > 0 {
        let t = &toks[i - 1];
        if t.lower == "'s" {
            // "Putin's", "the Trump administration's", "Egypt's".
            let mut j = i - 1;
            let via_institution = j > 0 && lex.is(WordClass::InstitutionNoun, &toks[j - 1].lower);
            if via_institution {
                j -= 1;
            }
            if let Some(mi) = sent.mention_ending_at(j) {
                let m = &sent.mentions[mi];
                inner.push(mi);
                target = Some(m.actor);
                start = m.start;
                referring = true;
                if via_institution && m.start > 0 && toks[m.start - 1].lower == "the" {
                    start = m.start - 1;
                }
            }
        } else if let Some(mi) = sent.mention_ending_at(i) {
            let m = &sent.mentions[mi];
            let mut state_owner = None;
            // "Labour Prime Minister X": a party's head of government heads the country, not the party.
            let party_premier = matches!(noun.to_lowercase().as_str(), "prime minister" | "premier" | "chancellor")
                && entities.list[m.actor].kind == EntityKind::Organization;
            if party_premier {
                // "Chile's Conservative Prime Minister X", "British Labour Prime Minister Y":
                // the state named before the party is the one led.
                let owner = if m.start > 1 && toks[m.start - 1].lower == "'s" {
                    sent.mention_ending_at(m.start - 1)
                } else {
                    sent.mention_ending_at(m.start).filter(|&p| sent.mentions[p].demonym)
                };
                match owner {
                    Some(p) => state_owner = Some(p),
                    None => gated = true,
                }
            }
            // "Bosnian Serb leader", "Iraqi Kurdish official": a people inside a state, whose
            // polity the nationality does not name.
            let people_in_state =
                m.demonym && m.start > 0 && sent.mention_ending_at(m.start).is_some_and(|p| sent.mentions[p].demonym);
            if people_in_state {
                gated = true;
            }
            if let Some(p) = state_owner {
                let owner = &sent.mentions[p];
                inner.extend([p, mi]);
                target = Some(owner.actor);
                start = owner.start;
                referring = toks[m.start - 1].lower == "'s";
            } else if !m.venue {
                inner.push(mi);
                target = Some(m.actor);
                start = m.start;
                // "Senate Republican leader": the head of a caucus, not of the Senate. A party
                // the lexicon knows is a body ("Conservative leader" heads the Conservative Party).
                let known_party = matches!(
                    sent.spans.iter().find(|sp| sp.start == m.start).map(|sp| &sp.kind),
                    Some(SpanKind::Known(_))
                );
                gated |= class == RoleClass::Leader
                    && !known_party
                    && lex.is(WordClass::PoliticalSide, &toks[m.end - 1].text);
            }
        } else if matches!(t.lower.as_str(), "its" | "their") {
            // "the Kremlin named X as its envoy": the last body or state named before.
            target = sent
                .mentions
                .iter()
                .rev()
                .find(|m| m.end < i && !m.demonym && entities.list[m.actor].kind != EntityKind::Person)
                .map(|m| m.actor)
                // "Its leader, X, said": opening the sentence, the body named last before.
                .or(before.body.filter(|_| i == 1));
            start = i - 1;
        } else if PRONOUNS.contains(&t.lower.as_str()) {
            target = sent
                .mentions
                .iter()
                .rev()
                .find(|m| m.end < i && !m.demonym && entities.list[m.actor].kind == EntityKind::Person)
                .map(|m| m.actor)
                .or(before.person);
            start = i - 1;
        }
    }
    // "President Donald Trump's envoy": the possessor's own title belongs to the phrase, so
    // an apposition before it ("Kellogg, President Donald Trump's envoy") is found.
    if referring {
        if let Some(title) = sent.spans.iter().find(|sp| sp.end == start && matches!(sp.kind, SpanKind::Role(_))) {
            start = title.start;
            if let Some(adj) = sent.mentions.iter().find(|m| m.end == start && m.demonym) {
                start = adj.start;
            }
        }
    }
    if start > 0 && lex.is(WordClass::RoleGate, &toks[start - 1].lower) {
        gated = true;
    }
    // "Democratic leader X": the head of a camp. A party's head of state is still the head of
    // state ("Socialist president X").
    if start > 0
        && class == RoleClass::Leader
        && !head_of_place
        && lex.is(WordClass::PoliticalSide, &toks[start - 1].text)
    {
        gated = true;
    }
    if start > 0 && DETERMINERS.contains(&toks[start - 1].lower.as_str()) {
        start -= 1;
        referring = true;
    }
    // The modifiers counted above sit between a possessor and the noun only if there is one.
    let possessed = target.is_some();
    // Right: "of X" names the target when no possessor did ("the head of Egypt's General
    // Intelligence Service"); for an aide, "to X" or "for X" does ("an aide to Russian
    // President Putin", "a spokesman for President Acosta"). An envoy "for Ukraine" is not
    // Ukraine's envoy, so only aides take "for".
    let mut end = rend;
    let takes = |w: &str| w == "of" || (matches!(w, "to" | "for") && class == RoleClass::Aide);
    if target.is_none() && toks.get(rend).is_some_and(|t| takes(&t.lower)) {
        let mut k = rend + 1;
        // Skip "the", nationality adjectives and titles on the way to the name.
        while k < toks.len() && k < rend + 6 {
            // "of the", "of a parliamentary Foreign Affairs Committee".
            let skip_word = matches!(toks[k].lower.as_str(), "the" | "a" | "an")
                || (k > rend + 1
                    && toks[k].is_word()
                    && !toks[k].is_capitalized()
                    && toks[k].lower.ends_with(['y', 'l', 'n']));
            let skip_mention = sent.mention_at(k).filter(|&m| sent.mentions[m].demonym).map(|m| sent.mentions[m].end);
            let skip_role =
                sent.spans.iter().find(|sp| sp.start == k && matches!(sp.kind, SpanKind::Role(_))).map(|sp| sp.end);
            // "director of the civil rights group Liberty": the kind of body, then its name.
            let org_kind = (k..(k + 4).min(toks.len()))
                .take_while(|&j| toks[j].is_word() && !toks[j].is_capitalized())
                .find(|&j| lex.is(WordClass::OrgNoun, &toks[j].lower) && sent.mention_at(j + 1).is_some())
                .map(|j| j + 1);
            let skip_role = skip_role.or(org_kind);
            match (skip_word, skip_mention.or(skip_role)) {
                (true, _) => k += 1,
                (false, Some(e)) => k = e,
                (false, None) => break,
            }
        }
        if let Some(mut mi) = sent.mention_at(k) {
            // A possessive chain names its last link: "Egypt's General Intelligence Service".
            // "the chairman of Gendry's advisory committee" heads an unnamed body: no target.
            let mut unnamed = false;
            while toks.get(sent.mentions[mi].end).is_some_and(|t| t.lower == "'s") {
                match sent.mention_at(sent.mentions[mi].end + 1) {
                    Some(n) => {
                        inner.push(mi);
                        mi = n;
                    }
                    None => {
                        unnamed = true;
                        break;
                    }
                }
            }
            let m = &sent.mentions[mi];
            if !m.venue && !unnamed {
                target = Some(m.actor);
                end = m.end;
                inner.push(mi);
            }
        }
    }
    // "China's top negotiator with Taipei, Lin Shubo": the other side belongs to the phrase;
    // its holder comes after it.
    if class == RoleClass::Envoy && end == rend && toks.get(rend).is_some_and(|t| t.lower == "with") {
        if let Some(mi) = sent.mention_at(rend + 1) {
            end = sent.mentions[mi].end;
        }
    }
    // "Kuwait's Crown Prince and Prime Minister X": two titles of one holder share the first's
    // country.
    if target.is_none() && start >= 2 && toks[start - 1].lower == "and" {
        let first_title = sent.spans.iter().find(|sp| sp.end == start - 1 && matches!(sp.kind, SpanKind::Role(_)));
        if let Some(SpanKind::Role(c)) = first_title.map(|sp| &sp.kind) {
            let sp = first_title.map_or(start, |sp| sp.start);
            let first = phrase(sent, entities, lex, before, sp, start - 1, *c, String::new());
            // ("the Chilean ambassador and Prime Minister X" are two people.)
            let determined = toks[first.start.saturating_sub(1)..=first.start]
                .iter()
                .any(|t| matches!(t.lower.as_str(), "the" | "a" | "an"));
            if first.target.is_some() && !first.gated && !determined {
                target = first.target;
                inner.extend(first.inner);
            }
        }
    }
    // An unnamed body's head is a title: no relation, but still a description of its holder.
    let class = if unnamed_body && possessed { RoleClass::Title } else { class };
    RolePhrase { start, end, class, target, holder: None, gated, referring, noun, inner }
}

/// The person a role phrase belongs to, by position.
fn holder(sent: &Sentence, rp: &RolePhrase, lex: &Lexicon) -> Option<usize> {
    let toks = &sent.tokens;
    let usable = |mi: usize| !sent.mentions[mi].demonym && !sent.mentions[mi].venue;
    // Right after, honorifics allowed: "President Donald Trump", "Putin's aide Yuri Ushakov",
    // "UAE President Sheikh Zaid".
    let mut after = rp.end;
    while toks
        .get(after)
        .is_some_and(|t| lex.is(WordClass::HonorificKeep, &t.text) || lex.is(WordClass::HonorificDrop, &t.text))
        && sent.mention_at(after).is_none()
    {
        after += 1;
    }
    if let Some(mi) = sent.mention_at(after) {
        if usable(mi) && rp.end > rp.start {
            return Some(mi);
        }
    }
    // Past a posting, straight on: "Ambassador to Oslo Nils Brand", "Charge d'Affaires in Lima Ana Ruiz".
    if toks.get(rp.end).is_some_and(|t| matches!(t.lower.as_str(), "to" | "in")) {
        if let Some(place) = sent.mention_at(rp.end + 1) {
            if let Some(mi) = sent.mention_at(sent.mentions[place].end) {
                if usable(mi) && !sent.mentions[place].demonym {
                    return Some(mi);
                }
            }
        }
    }
    // After a comma, past a remit ("for Sudan", "to the United States") and honorifics:
    // "Trump's envoy, Steve Witkoff,", "Sudan's army chief, Gen. Abdel Fattah al-Burhan".
    let mut k = rp.end;
    if toks.get(k).is_some_and(|t| matches!(t.lower.as_str(), "for" | "to" | "in" | "on")) {
        let limit = (k + 7).min(toks.len());
        k = (k + 1..limit).find(|&j| toks[j].text == ",").unwrap_or(k);
    }
    if toks.get(k).is_some_and(|t| t.text == ",") {
        let mut n = k + 1;
        while toks
            .get(n)
            .is_some_and(|t| lex.is(WordClass::HonorificDrop, &t.text) || lex.is(WordClass::HonorificKeep, &t.text))
            && sent.mention_at(n).is_none()
        {
            n += 1;
        }
        // "its leader, Bosnian President X,": a nationality or state with a title of the
        // holder's own.
        if let Some(adj) = sent.mention_at(n) {
            let end = sent.mentions[adj].end;
            if sent.spans.iter().any(|sp| sp.start == end && matches!(sp.kind, SpanKind::Role(_))) {
                n = end;
            }
        }
        // "China's U.N. Representative, Ambassador Li Luye,": a bare title before the name.
        if let Some(title) = sent.spans.iter().find(|sp| sp.start == n && matches!(sp.kind, SpanKind::Role(_))) {
            n = title.end;
        }
        if let Some(mi) = sent.mention_at(n) {
            let m = &sent.mentions[mi];
            // The name ends there: punctuation or a lower-case word ("said", "added"), not a
            // longer capitalised run or a possessive.
            let closes =
                toks.get(m.end).is_none_or(|t| !t.is_word() || !t.is_capitalized() && t.kind != TokenKind::Poss);
            if usable(mi) && closes {
                return Some(mi);
            }
        }
    }
    // "Rabinovich, who as Israel's ambassador negotiated", "Ana Ruiz, as the bank's
    // representative,": the person the "as" phrase describes.
    if rp.start >= 3 && toks[rp.start - 1].lower == "as" {
        let mut k = rp.start - 1;
        if toks[k - 1].lower == "who" {
            k -= 1;
        }
        // "the Kremlin reappointed Medinsky as its chief negotiator": the appointee.
        let appointed = k == rp.start - 1
            && sent.mention_ending_at(k).is_some_and(|mi| {
                let m = &sent.mentions[mi];
                m.start > 0 && lex.is(WordClass::AppointVerb, &toks[m.start - 1].lower)
            });
        if appointed {
            if let Some(mi) = sent.mention_ending_at(k).filter(|&mi| usable(mi)) {
                return Some(mi);
            }
        }
        if toks[k - 1].text == "," {
            if let Some(mi) = sent.mention_ending_at(k - 1) {
                let person_like = sent.spans.iter().any(|sp| {
                    sp.end == sent.mentions[mi].end && matches!(sp.kind, SpanKind::Name(None) | SpanKind::Known(_))
                });
                if usable(mi) && person_like {
                    return Some(mi);
                }
            }
        }
    }
    // Before, in apposition: "Witkoff, the Trump administration's special envoy".
    if rp.start >= 2 && toks[rp.start - 1].text == "," {
        if let Some(mi) = sent.mention_ending_at(rp.start - 1) {
            if usable(mi) {
                return Some(mi);
            }
        }
    }
    None
}

/// Keeps only holders that are people. Run after the mentions' kinds are known.
pub fn keep_person_holders(phrases: &mut [RolePhrase], sent: &mut Sentence, entities: &Entities) {
    for rp in phrases.iter_mut() {
        if let Some(mi) = rp.holder {
            if entities.list[sent.mentions[mi].entity].kind != EntityKind::Person {
                rp.holder = None;
                for &m in &rp.inner {
                    sent.mentions[m].absorbed = false;
                }
            }
        }
    }
}

/// The relation a role phrase with a holder asserts, if its target fits the relation.
pub fn relation(rp: &RolePhrase, holder_entity: usize, entities: &Entities) -> Option<Found> {
    if rp.gated {
        return None;
    }
    let kind = rp.class.relation()?;
    let target = rp.target?;
    if target == holder_entity {
        return None;
    }
    let tkind = entities.list[target].kind;
    let fits = match kind {
        RelationKind::AideOf => tkind == EntityKind::Person,
        // A ministry is headed by its minister: its director-general is a civil servant.
        RelationKind::LeaderOf => {
            matches!(tkind, EntityKind::Place | EntityKind::Organization) && !is_ministry(&entities.list[target].name)
        }
        _ => tkind != EntityKind::Concept,
    };
    fits.then(|| Found {
        source: holder_entity,
        kind,
        target,
        pattern: format!("role:{}", rp.noun.to_lowercase()),
        confidence: 0.9,
    })
}

/// The relation of `rp` with its target given by other means than its own words (a later
/// sentence, the article's president, a plural title's second holder).
pub fn relation_to(rp: &RolePhrase, target: usize, holder_entity: usize, entities: &Entities) -> Option<Found> {
    relation(&RolePhrase { target: Some(target), ..rp.clone() }, holder_entity, entities)
}

fn is_ministry(name: &str) -> bool {
    name.split_whitespace().any(|w| matches!(w, "Ministry" | "Department" | "ministry" | "department"))
}

/// The text of a reference, as an alias: "the Russian President", "Ukraine's president".
pub fn reference_form(sent: &Sentence, rp: &RolePhrase) -> String {
    join(&sent.tokens[rp.start..rp.end])
}

/// Adds a reference mention for a resolved title-led reference, so events can use it.
pub fn add_reference(sent: &mut Sentence, rp: &RolePhrase, person: usize) {
    for m in sent.mentions.iter_mut() {
        if m.start >= rp.start && m.end <= rp.end {
            m.absorbed = true;
        }
    }
    sent.mentions.push(Mention {
        start: rp.start,
        end: rp.end,
        entity: person,
        actor: person,
        venue: false,
        demonym: false,
        reference: true,
        absorbed: false,
    });
}
