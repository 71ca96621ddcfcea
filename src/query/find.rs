//! Finding the entity a user means, the way people name it: by id (`e17`), by name or alias,
//! or by a word or words of one ("Witkoff" for "Steve Witkoff"), ignoring case and
//! diacritics. An exact name or alias wins; only when none matches are whole words tried.
//! A type, when the user gives one (`--type`), keeps only the entities of that type.
//! Ambiguity and misses are errors that carry what the user needs to choose: the candidates
//! with their id, type, article count and dates, and how to pick one (its id, or its type
//! when that is its own among them); or the closest names, or where a merged id went.
//! Words and suggestions are looked up in the store's word index (`store::words`): no
//! question reads every name, however large the store.

use crate::graph::name::normalize;
use crate::graph::{Entity, EntityId, EntityKind};
use crate::store::{self, Store};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The longest name looked up, in characters (`graph::name::MAX_NAME_CHARS`, #23).
pub const MAX_NAME_CHARS: usize = crate::graph::name::MAX_NAME_CHARS;

/// The longest name suggestions are computed for: Jaro-Winkler costs the product of the two
/// lengths, once per candidate name.
const MAX_SUGGESTED_CHARS: usize = 64;

/// An entity as a user names it: a name, an alias or an id (`text`), and the type that picks
/// one of several entities of that name, when given, with the flag that gives it (`--type`,
/// `--from-type`, ...), which an ambiguity names as the way to choose.
#[derive(Clone, Copy, Debug)]
pub struct Named<'a> {
    pub text: &'a str,
    pub kind: Option<EntityKind>,
    pub flag: &'a str,
}

impl<'a> Named<'a> {
    /// A name with no type given, chosen among several with `--type`.
    pub fn new(text: &'a str) -> Named<'a> {
        Named { text, kind: None, flag: "--type" }
    }
}

/// Why a name did not pick exactly one entity.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("an entity name is at most {MAX_NAME_CHARS} characters; this one has {chars}")]
    TooLong { chars: usize },
    #[error("unknown entity {query:?}{}", unknown(suggestions, merged))]
    Unknown {
        query: String,
        suggestions: Vec<String>,
        /// The id was an entity's until this merge took it into `Entity` (correction number).
        /// Boxed: an entity with its aliases is large, and this error is returned often.
        merged: Option<(u64, Box<Entity>)>,
    },
    /// The name (or id) is known, but not as an entity of the type asked for.
    #[error("{}", not_of_type_message(query, *kind, others))]
    NotOfType { query: String, kind: EntityKind, others: Vec<Candidate> },
    #[error("{}", ambiguous(query, candidates, flag))]
    Ambiguous { query: String, candidates: Vec<Candidate>, flag: String },
    #[error(transparent)]
    Store(#[from] store::Error),
}

fn unknown(suggestions: &[String], merged: &Option<(u64, Box<Entity>)>) -> String {
    if let Some((n, into)) = merged {
        return format!(": correction {n} merged it into {} ({}, {})", safe(&into.name), into.id, into.kind);
    }
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join(", "))
    }
}

fn not_of_type_message(query: &str, kind: EntityKind, others: &[Candidate]) -> String {
    match others {
        [_] if query.parse::<EntityId>().is_ok() => format!("{query} is {}, not a {kind}", entities(others)),
        _ => format!("{query:?} names no {kind}; it names {}", entities(others)),
    }
}

fn entities(c: &[Candidate]) -> String {
    c.iter().map(|c| format!("{} ({}, {})", safe(&c.name), c.id, c.kind)).collect::<Vec<_>>().join(", ")
}

/// A name for a message: control characters shown as escapes, as tables show them.
fn safe(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// One entity a name could mean, with what tells it apart: its type, how many articles name
/// it and when (also the `candidates` of the API's 409 answer).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub articles: usize,
    /// The dates of its first and last dated articles; none when no article is dated.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

impl Candidate {
    /// The candidate `e` is: its articles counted and their dates read (an ambiguity is
    /// rare, and each of its entities costs one read per article).
    ///
    /// # Errors
    /// A store error.
    pub fn of(store: &Store, e: &Entity) -> Result<Candidate, store::Error> {
        let articles = store.entity_articles(e.id)?;
        let (mut first, mut last): (Option<String>, Option<String>) = (None, None);
        for a in &articles {
            let Some(meta) = store.article_meta(a)? else { continue };
            if meta.date.is_empty() {
                continue;
            }
            use crate::graph::date::order;
            if first.as_deref().is_none_or(|f| order(&meta.date, f).is_lt()) {
                first = Some(meta.date.clone());
            }
            if last.as_deref().is_none_or(|l| order(&meta.date, l).is_gt()) {
                last = Some(meta.date);
            }
        }
        Ok(Candidate {
            id: e.id.to_string(),
            name: e.name.clone(),
            kind: e.kind.as_str().to_string(),
            articles: articles.len(),
            first_seen: first,
            last_seen: last,
        })
    }
}

/// The message of an ambiguous name: each candidate on a line, with how to choose it (its id,
/// and the type flag where its type is its own among them), then the rule.
fn ambiguous(query: &str, candidates: &[Candidate], flag: &str) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let of_type = |kind: &str| candidates.iter().filter(|c| c.kind == kind).count();
    let rows: Vec<[String; 6]> = candidates
        .iter()
        .map(|c| {
            let seen = match (&c.first_seen, &c.last_seen) {
                (Some(f), Some(l)) if f != l => format!("{f} to {l}"),
                (Some(f), _) => f.clone(),
                _ => "undated".into(),
            };
            let by_type = if of_type(&c.kind) == 1 { format!(" or {flag} {}", c.kind) } else { String::new() };
            [
                c.id.clone(),
                c.kind.clone(),
                safe(&c.name),
                format!("{} article{}", c.articles, plural(c.articles)),
                seen,
                format!("choose with {}{by_type}", c.id),
            ]
        })
        .collect();
    let mut widths = [0usize; 6];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = format!("{query:?} is ambiguous: it names {} entities", candidates.len());
    for row in &rows {
        out.push_str("\n ");
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            out.push(' ');
            out.push_str(cell);
            if i + 1 < row.len() {
                out.push_str(&" ".repeat(w - cell.chars().count() + 1));
            }
        }
    }
    let kinds: BTreeSet<&str> = candidates.iter().map(|c| c.kind.as_str()).collect();
    out.push_str(&match kinds.len() {
        1 => format!(
            "\ngive the id instead of the name: {} of type {}, so {flag} cannot tell them apart",
            if candidates.len() == 2 { "both are".to_string() } else { format!("all {} are", candidates.len()) },
            kinds.first().copied().unwrap_or_default()
        ),
        n if n == candidates.len() => format!("\ngive the id instead of the name, or the type with {flag}"),
        _ => format!("\ngive the id instead of the name, or the type with {flag} where it tells them apart"),
    });
    out
}

/// The one entity `query` names.
///
/// # Errors
/// `Unknown` with up to five suggestions, `Ambiguous` with the candidates, or a store error.
pub fn find(store: &Store, query: &str) -> Result<Entity, FindError> {
    find_named(store, Named::new(query))
}

/// The one entity `named` names: by id, else by name or alias (a canonical name first), else
/// by whole words of a name; of `named.kind` when given.
///
/// # Errors
/// `Unknown` with up to five suggestions (or, for an id, the merge that took it away),
/// `NotOfType` when only entities of other types have the name, `Ambiguous` with the
/// candidates and how to choose, or a store error.
pub fn find_named(store: &Store, named: Named<'_>) -> Result<Entity, FindError> {
    let query = named.text;
    let chars = query.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(FindError::TooLong { chars });
    }
    let fits = |e: &Entity| named.kind.is_none_or(|k| k == e.kind);
    if let Ok(id) = query.parse::<EntityId>() {
        if let Some(e) = store.entity(id)? {
            return if fits(&e) { Ok(e) } else { Err(not_of_type(store, named, &[e])?) };
        }
        if let Some(m) = store.merged_away(id)? {
            if let Some(into) = store.entity(m.into)? {
                return Err(FindError::Unknown {
                    query: query.to_string(),
                    suggestions: Vec::new(),
                    merged: Some((m.n, Box::new(into))),
                });
            }
        }
    }
    let key = normalize(query);
    let mut candidates = Vec::new();
    for id in store.lookup(&key)? {
        if let Some(e) = store.entity(id)? {
            candidates.push(e);
        }
    }
    let (typed, others): (Vec<Entity>, Vec<Entity>) = candidates.into_iter().partition(|e| fits(e));
    // A canonical name beats an alias: "Moscow" is the city, not Russia's alias.
    let exact: Vec<Entity> = typed.iter().filter(|e| normalize(&e.name) == key).cloned().collect();
    let mut pool = if exact.is_empty() { typed } else { exact };
    if pool.is_empty() && !key.is_empty() {
        let (typed, other_words): (Vec<Entity>, Vec<Entity>) =
            by_words(store, &key)?.into_iter().partition(|e| fits(e));
        pool = typed;
        if pool.is_empty() && others.is_empty() && !other_words.is_empty() {
            return Err(not_of_type(store, named, &other_words)?);
        }
    }
    if pool.is_empty() && !others.is_empty() {
        return Err(not_of_type(store, named, &others)?);
    }
    match pool.len() {
        0 => Err(FindError::Unknown { query: query.to_string(), suggestions: closest(store, &key)?, merged: None }),
        1 => Ok(pool.into_iter().next().ok_or_else(|| FindError::Unknown {
            query: query.to_string(),
            suggestions: Vec::new(),
            merged: None,
        })?),
        _ => {
            let mut candidates = Vec::with_capacity(pool.len());
            for entity in &pool {
                candidates.push(Candidate::of(store, entity)?);
            }
            rank(&mut candidates);
            Err(FindError::Ambiguous { query: query.to_string(), candidates, flag: named.flag.to_string() })
        }
    }
}

/// Candidates in the order they are listed: the most mentioned first (usually the one meant),
/// then by id.
fn rank(candidates: &mut [Candidate]) {
    let id = |c: &Candidate| c.id.parse::<EntityId>().map(|i| i.0).unwrap_or(u64::MAX);
    candidates.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| id(a).cmp(&id(b))));
}

/// The error for a name that only entities of other types than the one asked for have.
fn not_of_type(store: &Store, named: Named<'_>, others: &[Entity]) -> Result<FindError, store::Error> {
    let mut others = others.iter().map(|e| Candidate::of(store, e)).collect::<Result<Vec<_>, _>>()?;
    rank(&mut others);
    let kind = named.kind.unwrap_or(EntityKind::Concept);
    Ok(FindError::NotOfType { query: named.text.to_string(), kind, others })
}

/// Whether `words` (normalised, space-separated) appear in `name` as whole, consecutive words.
fn has_words(name: &str, words: &str) -> bool {
    name == words
        || name.starts_with(&format!("{words} "))
        || name.ends_with(&format!(" {words}"))
        || name.contains(&format!(" {words} "))
}

/// The entities with a name or alias holding `key` as whole words, only asked when no name
/// matches exactly: the names holding its rarest word, from the word index, kept when they
/// hold all its words in order. A canonical name holding them beats an alias.
fn by_words(store: &Store, key: &str) -> Result<Vec<Entity>, store::Error> {
    // Each word's names are read only while they are fewer than the rarest word's so far;
    // longer words first, as they tend to be rarer ("erdogan" before "of").
    let mut words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut rarest: Option<Vec<String>> = None;
    for word in words {
        let limit = rarest.as_ref().map_or(usize::MAX, Vec::len);
        let names = store.names_with_word(word, limit)?;
        if names.len() < limit {
            rarest = Some(names);
        }
    }
    let mut ids: Vec<EntityId> = Vec::new();
    for name in rarest.unwrap_or_default().iter().filter(|n| has_words(n, key)) {
        for id in store.lookup(name)? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let mut entities = Vec::new();
    for id in ids {
        if let Some(e) = store.entity(id)? {
            entities.push(e);
        }
    }
    let named: Vec<Entity> = entities.iter().filter(|e| has_words(&normalize(&e.name), key)).cloned().collect();
    Ok(if named.is_empty() { entities } else { named })
}

/// How many names a miss scores at most (see `candidates`).
const MAX_CANDIDATES: usize = 200;

/// How many entries of the word index a miss reads at most, whatever the store's size: a
/// word like "of" is held by thousands of names.
const MAX_INDEX_READS: usize = 20_000;

/// A word like the key's that more names hold than this ("of", "troops") tells too little to
/// rank names by: it is left out, after reading that many. The name meant is still found by
/// its rarer words ("valisi", "khamust").
const MAX_WORD_NAMES: usize = 300;

/// How like a word of the key a word must be (Jaro-Winkler) to bring the names holding it.
/// Below the 0.8 a suggestion needs, since a name scores as a whole.
const WORD_LIKENESS: f64 = 0.75;

/// How many words starting like a word of the key, and how many ending like it, are
/// compared with it at most.
const MAX_LIKE_WORDS: usize = 2_000;

/// The words some name holds that share the first two letters of `word`, or its last two
/// (three of a word of seven letters or more): one slip leaves at least one end whole.
fn words_like(store: &Store, word: &str) -> Result<BTreeSet<String>, store::Error> {
    let chars: Vec<char> = word.chars().collect();
    let n = if chars.len() >= 7 { 3 } else { 2 };
    let start: String = chars.iter().take(n).collect();
    let end: String = chars.iter().skip(chars.len().saturating_sub(n)).collect();
    let mut like: BTreeSet<String> = store.words_starting(&start, MAX_LIKE_WORDS)?.into_iter().collect();
    like.extend(store.words_ending(&end, MAX_LIKE_WORDS)?);
    Ok(like)
}

/// The names a miss scores, from the word index rather than from every name: the names with
/// a word starting like the key (or, from four letters, a word the key starts with), then
/// the names holding words like the key's (`words_like`, then close by Jaro-Winkler), those
/// holding the most such words, and the most alike, first. At most `MAX_INDEX_READS` entries of the index are read and
/// `MAX_CANDIDATES` names kept, whatever the store's size.
fn candidates(store: &Store, key: &str) -> Result<BTreeSet<String>, store::Error> {
    let mut starting: HashSet<String> = HashSet::new();
    if !key.contains(' ') {
        starting.extend(store.names_with_word_starting(key, MAX_INDEX_READS / 2)?);
    }
    let first = key.split(' ').next().unwrap_or_default();
    for end in (4..=first.len()).filter(|&end| first.is_char_boundary(end)) {
        let left = (MAX_INDEX_READS / 2).saturating_sub(starting.len());
        starting.extend(store.names_with_word(&first[..end], left)?);
    }
    // Each key word has its share of the reads. A name weighs the sum, over the key's words,
    // of the likeness of its word most like each (common words left out: see
    // `MAX_WORD_NAMES`). Weighing rare words more was tried: names holding a rare word
    // vaguely like one of the key's then outranked the name holding its exact words.
    let words: BTreeSet<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let share = MAX_INDEX_READS.saturating_sub(starting.len()) / words.len().max(1);
    let mut alike: HashMap<String, f64> = HashMap::new();
    for word in words {
        let mut reads = share;
        let mut like: Vec<(f64, String)> = words_like(store, word)?
            .into_iter()
            .map(|w| (strsim::jaro_winkler(word, &w), w))
            .filter(|(likeness, _)| *likeness >= WORD_LIKENESS)
            .collect();
        like.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let mut best: HashMap<String, f64> = HashMap::new();
        for (likeness, w) in like {
            if reads == 0 {
                break;
            }
            let names = store.names_with_word(&w, reads.min(MAX_WORD_NAMES + 1))?;
            reads = reads.saturating_sub(names.len().max(1));
            if names.len() > MAX_WORD_NAMES {
                continue;
            }
            for name in names {
                let slot = best.entry(name).or_default();
                *slot = slot.max(likeness);
            }
        }
        for (name, weight) in best {
            *alike.entry(name).or_default() += weight;
        }
    }
    let mut ranked: Vec<(bool, f64, String)> =
        starting.into_iter().map(|name| (true, alike.remove(&name).unwrap_or_default(), name)).collect();
    ranked.extend(alike.into_iter().map(|(name, weight)| (false, weight, name)));
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    Ok(ranked.into_iter().take(MAX_CANDIDATES).map(|(_, _, name)| name).collect())
}

/// Up to five entity names closest to `key`, for a miss: names with a word starting like
/// `key` first, then by edit similarity (Jaro-Winkler, of the whole name or its best word).
/// Only `candidates` are scored, so a miss costs a few milliseconds at any store size; a
/// name alike only as a whole string, with no word like one of the key's, is not suggested.
fn closest(store: &Store, key: &str) -> Result<Vec<String>, store::Error> {
    if key.chars().count() > MAX_SUGGESTED_CHARS {
        return Ok(Vec::new());
    }
    let mut scored: Vec<(f64, EntityId)> = Vec::new();
    // In name order, as the scan before the index went: equal scores keep that order.
    for name in candidates(store, key)? {
        let word_start =
            name.split(' ').any(|w| w.starts_with(key) || (key.len() >= 4 && key.starts_with(w) && w.len() >= 4));
        let mut score = strsim::jaro_winkler(key, &name)
            .max(name.split(' ').map(|w| strsim::jaro_winkler(key, w)).fold(0.0, f64::max) - 0.05);
        if word_start {
            score += 1.0;
        }
        if score > 0.8 {
            for id in store.lookup(&name)? {
                scored.push((score, id));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<String> = Vec::new();
    for (_, id) in scored {
        if let Some(e) = store.entity(id)? {
            if !out.contains(&e.name) {
                out.push(e.name);
            }
        }
        if out.len() == 5 {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{ambiguous, has_words, Candidate};

    fn candidate(id: &str, name: &str, kind: &str, articles: usize, seen: (&str, &str)) -> Candidate {
        let date = |d: &str| (!d.is_empty()).then(|| d.to_string());
        Candidate {
            id: id.into(),
            name: name.into(),
            kind: kind.into(),
            articles,
            first_seen: date(seen.0),
            last_seen: date(seen.1),
        }
    }

    #[test]
    fn an_ambiguity_says_how_to_choose_each_candidate() {
        let person = candidate("e4", "Kessary", "person", 2, ("2025-04-12", "2025-05-02"));
        let place = candidate("e3", "Kessary", "place", 1, ("2025-04-09", "2025-04-09"));
        let undated = candidate("e9", "Kessary Sands", "place", 1, ("", ""));
        assert_eq!(
            ambiguous("Kessary", &[person.clone(), place.clone()], "--type"),
            "\"Kessary\" is ambiguous: it names 2 entities
  e4  person  Kessary  2 articles  2025-04-12 to 2025-05-02  choose with e4 or --type person
  e3  place   Kessary  1 article   2025-04-09                choose with e3 or --type place
give the id instead of the name, or the type with --type"
        );
        // Two places: the type tells only the person apart.
        let mixed = ambiguous("Kessary", &[person, place.clone(), undated.clone()], "--from-type");
        assert!(mixed.contains("e4  person  Kessary        2 articles  2025-04-12 to 2025-05-02  choose with e4 or --from-type person\n"), "{mixed}");
        assert!(mixed.contains("undated                   choose with e9\n"), "{mixed}");
        assert!(mixed.ends_with("or the type with --from-type where it tells them apart"), "{mixed}");
        let same = ambiguous("Kessary", &[place, undated], "--type");
        assert!(
            same.ends_with("give the id instead of the name: both are of type place, so --type cannot tell them apart"),
            "{same}"
        );
    }

    #[test]
    fn words_match_whole_and_in_order() {
        assert!(has_words("steve witkoff", "witkoff"));
        assert!(has_words("recep tayyip erdogan", "tayyip erdogan"));
        assert!(has_words("witkoff", "witkoff"));
        assert!(!has_words("steve witkoffs", "witkoff"));
        assert!(!has_words("erdogan tayyip", "tayyip erdogan"));
    }
}
