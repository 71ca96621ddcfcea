//! Finding the entity a user means, the way people name it: by id (`e17`), by name or alias,
//! or by a word or words of one ("Witkoff" for "Steve Witkoff"), ignoring case and
//! diacritics. An exact name or alias wins; only when none matches are whole words tried.
//! Ambiguity and misses are errors that carry what the user needs to choose: the candidates
//! with their type, article count and a name that tells them apart, or the closest names.
//! Words and suggestions are looked up in the store's word index (`store::words`): no
//! question reads every name, however large the store.

use crate::graph::name::normalize;
use crate::graph::{Entity, EntityId};
use crate::store::{self, Store};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The longest name looked up, in characters (`graph::name::MAX_NAME_CHARS`, #23).
pub const MAX_NAME_CHARS: usize = crate::graph::name::MAX_NAME_CHARS;

/// The longest name suggestions are computed for: Jaro-Winkler costs the product of the two
/// lengths, once per candidate name.
const MAX_SUGGESTED_CHARS: usize = 64;

/// Why a name did not pick exactly one entity.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("an entity name is at most {MAX_NAME_CHARS} characters; this one has {chars}")]
    TooLong { chars: usize },
    #[error("unknown entity {query:?}{}", suggest(suggestions))]
    Unknown { query: String, suggestions: Vec<String> },
    #[error("{query:?} is ambiguous; it could be:\n{}", list(candidates))]
    Ambiguous { query: String, candidates: Vec<Candidate> },
    #[error(transparent)]
    Store(#[from] store::Error),
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", s.join(", "))
    }
}

/// One entity a name could mean, with what tells it apart.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub entity: Entity,
    /// How many articles mention it.
    pub articles: usize,
}

fn list(c: &[Candidate]) -> String {
    c.iter()
        .map(|c| {
            let e = &c.entity;
            let n = c.articles;
            format!(
                "  {} {} ({}, {n} article{}) — pass \"{}\" or {}",
                e.id,
                e.name,
                e.kind,
                if n == 1 { "" } else { "s" },
                e.name,
                e.id
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one entity `query` names.
///
/// # Errors
/// `Unknown` with up to five suggestions, `Ambiguous` with the candidates, or a store error.
pub fn find(store: &Store, query: &str) -> Result<Entity, FindError> {
    let chars = query.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(FindError::TooLong { chars });
    }
    if let Ok(id) = query.parse::<EntityId>() {
        if let Some(e) = store.entity(id)? {
            return Ok(e);
        }
    }
    let key = normalize(query);
    let mut candidates = Vec::new();
    for id in store.lookup(&key)? {
        if let Some(e) = store.entity(id)? {
            candidates.push(e);
        }
    }
    // A canonical name beats an alias: "Moscow" is the city, not Russia's alias.
    let exact: Vec<Entity> = candidates.iter().filter(|e| normalize(&e.name) == key).cloned().collect();
    let mut pool = if exact.is_empty() { candidates } else { exact };
    if pool.is_empty() && !key.is_empty() {
        pool = by_words(store, &key)?;
    }
    match pool.len() {
        0 => Err(FindError::Unknown { query: query.to_string(), suggestions: closest(store, &key)? }),
        1 => Ok(pool
            .into_iter()
            .next()
            .ok_or_else(|| FindError::Unknown { query: query.to_string(), suggestions: Vec::new() })?),
        _ => {
            let mut candidates = Vec::with_capacity(pool.len());
            for entity in pool {
                let articles = store.entity_articles(entity.id)?.len();
                candidates.push(Candidate { entity, articles });
            }
            // The most mentioned first: usually the one meant.
            candidates.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.entity.id.cmp(&b.entity.id)));
            Err(FindError::Ambiguous { query: query.to_string(), candidates })
        }
    }
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
    use super::has_words;

    #[test]
    fn words_match_whole_and_in_order() {
        assert!(has_words("steve witkoff", "witkoff"));
        assert!(has_words("recep tayyip erdogan", "tayyip erdogan"));
        assert!(has_words("witkoff", "witkoff"));
        assert!(!has_words("steve witkoffs", "witkoff"));
        assert!(!has_words("erdogan tayyip", "tayyip erdogan"));
    }
}
