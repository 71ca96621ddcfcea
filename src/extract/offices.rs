//! Offices across the article: who leads, represents or speaks for whom, read from the role
//! phrases of every sentence together. Named holders come first; then holders listed or named
//! later, known office holders titled without a country, counterparts of leaders, title-led
//! references ("the Russian President") and presidential aides.

use super::article::{first_person, Article};
use super::lexicon::{GazRole, Lexicon, RoleClass, WordClass};
use super::listed;
use super::resolve::{Entities, Sentence};
use super::role::{self, Found, RolePhrase};
use crate::graph::{EntityKind, RelationKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The relations of role phrases with a named holder ("Peruvian President X"), and who holds
/// each leader title.
pub(super) fn named_holders(a: &mut Article) {
    for (k, sent) in a.sentences.iter().enumerate() {
        for rp in &a.phrases[k] {
            let Some(h) = rp.holder else { continue };
            let person = sent.mentions[h].entity;
            if rp.class == RoleClass::Leader && !rp.gated {
                let holders = a.holders_by_title.entry(rp.noun.to_lowercase()).or_default();
                if !holders.contains(&person) {
                    holders.push(person);
                }
            }
            if let Some(f) = role::relation(rp, person, &a.entities) {
                if f.kind == RelationKind::LeaderOf {
                    a.offices.push((person, f.target));
                }
                a.found.push((k, f));
            } else if rp.class == RoleClass::Leader && rp.target.is_none() && !rp.gated {
                a.titled.push(person);
                // "Under President X, the Philippines has ...": the state the clause is about;
                // else the office the lexicon knows, when its country is in the article.
                let office = under_leader(sent, rp, person, &a.entities, a.lex)
                    .or_else(|| office_relation(person, &a.entities, a.lex, a.date));
                if let Some(f) = office {
                    a.offices.push((person, f.target));
                    a.found.push((k, f));
                }
            }
        }
    }
}

/// "Under President X, the Philippines has ...": a leader titled without a country, in an
/// opening "under" phrase, leads the country the clause goes on with.
fn under_leader(sent: &Sentence, rp: &RolePhrase, person: usize, entities: &Entities, lex: &Lexicon) -> Option<Found> {
    let toks = &sent.tokens;
    let h = rp.holder?;
    let opens = rp.start > 0 && toks[rp.start - 1].lower == "under";
    let comma = sent.mentions[h].end;
    if !opens || toks.get(comma).is_none_or(|t| t.text != ",") {
        return None;
    }
    let start = if toks.get(comma + 1).is_some_and(|t| t.lower == "the") { comma + 2 } else { comma + 1 };
    let country = sent.mentions.iter().find(|m| m.start == start).map(|m| m.entity)?;
    lex.countries.contains(&entities.list[country].name).then(|| Found {
        source: person,
        kind: RelationKind::LeaderOf,
        target: country,
        pattern: "role:under-title".into(),
        confidence: 0.7,
    })
}

/// Holders named later than their side ("The envoy, X, said"), and the holders of plural or
/// listed roles ("the foreign ministers of A and B, X and Y").
pub(super) fn grouped_holders(a: &mut Article) {
    a.found.extend(envoys_named_later(&a.sentences, &a.phrases, &a.entities));
    for (k, sent) in a.sentences.iter().enumerate() {
        for rp in &a.phrases[k] {
            let holders = listed::plural_holders(sent, rp, &a.entities);
            for (person, target) in holders.into_iter().chain(listed::listed_holders(sent, rp, &a.entities)) {
                if let Some(f) = role::relation_to(rp, target, person, &a.entities) {
                    if f.kind == RelationKind::LeaderOf {
                        a.offices.push((person, f.target));
                    }
                    a.found.push((k, f));
                }
            }
        }
    }
}

/// Names the lexicon knows with their title ("King Fahd", "Queen Elizabeth"): titled too.
pub(super) fn titled_known_names(a: &mut Article) {
    for (k, sent) in a.sentences.iter().enumerate() {
        for m in &sent.mentions {
            let person = m.entity;
            let first = sent.tokens[m.start].lower.as_str();
            let leader_title = a.lex.roles_starting(first).iter().any(|(w, c)| w.len() == 1 && *c == RoleClass::Leader);
            if a.entities.list[person].kind != EntityKind::Person || !leader_title || a.titled.contains(&person) {
                continue;
            }
            a.titled.push(person);
            let holders = a.holders_by_title.entry(first.to_string()).or_default();
            if !holders.contains(&person) {
                holders.push(person);
            }
            if let Some(f) = office_relation(person, &a.entities, a.lex, a.date) {
                a.offices.push((person, f.target));
                a.found.push((k, f));
            }
        }
    }
}

/// "KABUL — ... President X": a head of state or government titled without a country, whom
/// the office lexicon does not know, leads the dateline's country when the article names it.
/// The title must be the one unresolved holder of its kind, and the country must have no other
/// holder of it, so two presidents of a Washington story are not both made American.
pub(super) fn dateline_leaders(a: &mut Article) {
    let Some((k0, country)) = dateline_country(a) else { return };
    let lex = a.lex;
    let is_state_title = |noun: &str| lex.is_entry(WordClass::StateTitle, noun);
    let mut found = Vec::new();
    for (title, holders) in &a.holders_by_title {
        if !is_state_title(title) || holders.iter().any(|p| a.offices.contains(&(*p, country))) {
            continue;
        }
        let open: Vec<usize> = holders
            .iter()
            .copied()
            .filter(|&p| !a.offices.iter().any(|&(q, _)| q == p))
            .filter(|&p| lex.office_of(&a.entities.list[p].name, a.date).is_none())
            .collect();
        if let [person] = open[..] {
            let k = first_sentence_of(a, person).unwrap_or(k0);
            found.push((person, k));
        }
    }
    for (person, k) in found {
        a.offices.push((person, country));
        a.found.push((
            k,
            Found {
                source: person,
                kind: RelationKind::LeaderOf,
                target: country,
                pattern: "role:title+dateline".into(),
                confidence: 0.65,
            },
        ));
    }
}

/// The country of the article's dateline ("KABUL —", "KYIV, Ukraine (AP) —"), when the
/// article names it as an entity, with the dateline's sentence.
fn dateline_country(a: &Article) -> Option<(usize, usize)> {
    let sent = a.sentences.first()?;
    let lex = a.lex;
    sent.spans.iter().filter(|s| s.dateline).find_map(|span| {
        let entries = lex.gazetteer.get(&crate::graph::name::normalize(&span.text))?;
        let name = entries.iter().find_map(|e| match e.role {
            GazRole::Capital { .. } => Some(e.name.as_str()),
            GazRole::Name if lex.countries.contains(&e.name) => Some(e.name.as_str()),
            _ => None,
        })?;
        let country = a.entities.list.iter().position(|e| e.named && e.kind == EntityKind::Place && e.name == name)?;
        Some((0, country))
    })
}

/// The first sentence that mentions `entity`.
fn first_sentence_of(a: &Article, entity: usize) -> Option<usize> {
    a.sentences.iter().position(|s| s.mentions.iter().any(|m| m.entity == entity))
}

/// "Blair held talks with his Israeli counterpart, Ariel Sharon": the counterpart of a
/// country's leader leads the country the nationality names.
pub(super) fn counterparts(a: &mut Article) {
    let lex = a.lex;
    for (k, sent) in a.sentences.iter().enumerate() {
        for rp in a.phrases[k].iter().filter(|rp| !rp.gated && rp.noun.eq_ignore_ascii_case("counterpart")) {
            let (Some(h), Some(country)) = (rp.holder, rp.target) else { continue };
            let holder = sent.mentions[h].entity;
            let is_country = |e: usize| lex.countries.contains(&a.entities.list[e].name);
            if !is_country(country) {
                continue;
            }
            let Some(other) = first_person(sent, &a.entities).filter(|&p| p != holder) else { continue };
            if a.offices.iter().any(|&(p, c)| p == other && c != country && is_country(c)) {
                a.offices.push((holder, country));
                a.found.push((
                    k,
                    Found {
                        source: holder,
                        kind: RelationKind::LeaderOf,
                        target: country,
                        pattern: "role:counterpart".into(),
                        confidence: 0.7,
                    },
                ));
            }
        }
    }
}

/// Title-led references ("the Russian President") to the person holding that office.
pub(super) fn title_references(a: &mut Article) {
    let mut last_seen: HashMap<usize, usize> = HashMap::default();
    for k in 0..a.sentences.len() {
        for m in &a.sentences[k].mentions {
            last_seen.entry(m.entity).or_insert(k);
        }
        let refs: Vec<RolePhrase> = a.phrases[k]
            .iter()
            .filter(|rp| rp.holder.is_none() && rp.referring && !rp.gated && rp.class == RoleClass::Leader)
            .cloned()
            .collect();
        for rp in refs {
            // "The King said": the article's one king.
            let Some(target) = rp.target else {
                if let Some([person]) = a.holders_by_title.get(&rp.noun.to_lowercase()).map(Vec::as_slice) {
                    role::add_reference(&mut a.sentences[k], &rp, *person);
                }
                continue;
            };
            let held = reference_holder(target, &a.offices, &a.titled, &a.entities, a.lex, a.date, &last_seen);
            let Some(person) = held.or_else(|| previous_subject(a, k, &rp)) else {
                continue;
            };
            if !a.offices.contains(&(person, target)) {
                a.offices.push((person, target));
            }
            let form = role::reference_form(&a.sentences[k], &rp);
            a.entities.add_form(person, &form);
            role::add_reference(&mut a.sentences[k], &rp, person);
            if let Some(f) = role::relation(&rp, person, &a.entities) {
                a.found.push((k, f));
            }
        }
        for m in &a.sentences[k].mentions {
            if a.entities.list[m.entity].kind == EntityKind::Person {
                last_seen.insert(m.entity, k);
            }
        }
    }
}

/// Only countries and organizations are led: "Hong Kong leader X" or a city's mayor leads no
/// state, so a leader-of whose target the gazetteer knows as a place other than a country
/// goes. Nor does a town hold talks: a meeting or call with such a place as a side goes too
/// (a surname that is also a city, "Santos and Brenner held talks", read without the
/// article naming the people in full). A place it does not know, "Veloria", may well be a
/// state.
pub(super) fn only_states_are_led_or_meet(a: &mut Article) {
    let (lex, entities) = (a.lex, &a.entities);
    let known_non_state = |e: usize| {
        let (kind, name) = (entities.list[e].kind, entities.list[e].name.as_str());
        kind == EntityKind::Place
            && !lex.countries.contains(name)
            && (lex.geonames_population(name).is_some()
                || lex
                    .gazetteer
                    .get(&crate::graph::name::normalize(name))
                    .is_some_and(|es| es.iter().any(|e| e.kind == EntityKind::Place)))
    };
    a.found.retain(|(_, f)| match f.kind {
        RelationKind::LeaderOf => !known_non_state(f.target),
        RelationKind::MetWith | RelationKind::SpokeWith => !known_non_state(f.source) && !known_non_state(f.target),
        _ => true,
    });
}

/// "Presidential spokesman X": an aide of the article's president, when it names one.
pub(super) fn presidential_aides(a: &mut Article) {
    let aides = aides_of_president(&a.sentences, &a.phrases, &a.found, &a.entities, a.lex, a.date);
    a.found.extend(aides);
}

fn aides_of_president(
    sentences: &[Sentence],
    phrases: &[Vec<RolePhrase>],
    found: &[(usize, Found)],
    entities: &Entities,
    lex: &Lexicon,
    date: &str,
) -> Vec<(usize, Found)> {
    let mut presidents: Vec<usize> = found
        .iter()
        .filter(|(_, f)| f.kind == RelationKind::LeaderOf)
        .filter(|(_, f)| {
            f.pattern == "role:president"
                || lex.office_of(&entities.list[f.source].name, date).is_some_and(|o| o.office == "president")
        })
        .map(|(_, f)| f.source)
        .collect();
    presidents.sort_unstable();
    presidents.dedup();
    let [president] = presidents[..] else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, sent) in sentences.iter().enumerate() {
        for rp in &phrases[k] {
            let presidential = sent.tokens[rp.start..rp.end].iter().any(|t| t.lower == "presidential");
            let Some(h) = rp.holder.filter(|_| presidential && rp.class == RoleClass::Aide && rp.target.is_none())
            else {
                continue;
            };
            if let Some(mut f) = role::relation_to(rp, president, sent.mentions[h].entity, entities) {
                f.pattern.push_str("+president");
                out.push((k, f));
            }
        }
    }
    out
}

/// "A French envoy arrived ... The envoy, Paul Delorme, said": a holder titled with an envoy
/// noun and no side takes the side of the article's unnamed envoys with that noun, when they
/// all have one side.
fn envoys_named_later(sentences: &[Sentence], phrases: &[Vec<RolePhrase>], entities: &Entities) -> Vec<(usize, Found)> {
    let noun = |rp: &RolePhrase| rp.noun.to_lowercase().trim_end_matches('s').to_string();
    // ("the country's IMF representative": whose it is was not read, so it binds no one.)
    let unnamed: Vec<&RolePhrase> = phrases
        .iter()
        .zip(sentences)
        .flat_map(|(p, sent)| p.iter().map(move |rp| (rp, sent)))
        .filter(|(rp, sent)| {
            rp.class == RoleClass::Envoy
                && rp.holder.is_none()
                && !rp.gated
                && rp.target.is_some()
                && sent.tokens[rp.start.saturating_sub(1)..rp.end].iter().all(|t| t.lower != "'s")
        })
        .map(|(rp, _)| rp)
        .collect();
    let mut out = Vec::new();
    for (k, sent) in sentences.iter().enumerate() {
        for rp in &phrases[k] {
            let Some(h) = rp.holder.filter(|_| rp.class == RoleClass::Envoy && rp.target.is_none() && !rp.gated) else {
                continue;
            };
            let mut sides: Vec<usize> =
                unnamed.iter().filter(|u| noun(u) == noun(rp)).filter_map(|u| u.target).collect();
            sides.sort_unstable();
            sides.dedup();
            if let [side] = sides[..] {
                if let Some(mut f) = role::relation_to(rp, side, sent.mentions[h].entity, entities) {
                    f.pattern.push_str("+article");
                    out.push((k, f));
                }
            }
        }
    }
    out
}

/// leader-of from the office lexicon for a person titled without a country.
fn office_relation(person: usize, entities: &Entities, lex: &Lexicon, date: &str) -> Option<Found> {
    let office = lex.office_of(&entities.list[person].name, date)?;
    let target = entities.list.iter().position(|e| {
        e.named
            && e.kind != EntityKind::Person
            && crate::graph::name::normalize(&e.name) == crate::graph::name::normalize(&office.of)
    })?;
    Some(Found {
        source: person,
        kind: RelationKind::LeaderOf,
        target,
        pattern: "role:title+office-lexicon".into(),
        confidence: 0.75,
    })
}

/// "Charles Kennedy is to address voters. The Liberal Democrat leader will visit ...": a
/// reference opening its sentence, which no office holder answers, means the person the
/// sentence before opened with, when that person holds no office yet.
fn previous_subject(a: &Article, k: usize, rp: &RolePhrase) -> Option<usize> {
    let toks = &a.sentences[k].tokens;
    let opens = toks[..rp.start].iter().all(|t| t.lower == "the");
    let person = first_person(a.sentences.get(k.checked_sub(1)?)?, &a.entities)?;
    let free = !a.offices.iter().any(|&(p, _)| p == person) && !a.titled.contains(&person);
    (opens && free).then_some(person)
}

/// Who a reference to the leader of `target` means: the person the article gives that
/// office, else the lexicon's holder if the article names them, else the most recently
/// named person titled as a leader without a country.
fn reference_holder(
    target: usize,
    offices: &[(usize, usize)],
    titled: &[usize],
    entities: &Entities,
    lex: &Lexicon,
    date: &str,
    last_seen: &HashMap<usize, usize>,
) -> Option<usize> {
    if let Some(&(p, _)) = offices.iter().find(|(_, t)| *t == target) {
        return Some(p);
    }
    let target_name = &entities.list[target].name;
    for office in lex.holders_of(target_name, date) {
        let key = crate::graph::name::normalize(&office.person);
        if let Some(p) = entities
            .list
            .iter()
            .position(|e| e.kind == EntityKind::Person && e.named && crate::graph::name::normalize(&e.name) == key)
        {
            return Some(p);
        }
    }
    let busy: HashSet<usize> = offices.iter().map(|(p, _)| *p).collect();
    titled.iter().filter(|p| !busy.contains(p)).max_by_key(|p| last_seen.get(p).copied().unwrap_or(0)).copied()
}
