//! Finding the entity a user means, the way people name it: by id (`e17`), by name or alias,
//! or by a word or words of one ("Witkoff" for "Steve Witkoff"), ignoring case and
//! diacritics. An exact name or alias wins; only when none matches are whole words tried.
//! Ambiguity and misses are errors that carry what the user needs to choose: the candidates
//! with their type, article count and a name that tells them apart, or the closest names.

use crate::graph::name::normalize;
use crate::graph::{Entity, EntityId};
use crate::store::{self, Store};

/// The longest name looked up, in characters: far beyond any entity's name (mentions are
/// a few words), and short enough that a miss's suggestions stay cheap. Without it a 60 KB
/// name cost 16 s of CPU in edit distances over 7k names (#23).
pub const MAX_NAME_CHARS: usize = 200;

/// The longest name suggestions are computed for: Jaro-Winkler costs the product of the two
/// lengths, once per name in the index.
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

/// The entities with a name or alias holding `key` as whole words: one scan of the alias
/// index, only when no name matches exactly. A canonical name holding them beats an alias.
fn by_words(store: &Store, key: &str) -> Result<Vec<Entity>, store::Error> {
    let mut ids: Vec<EntityId> = Vec::new();
    for item in store.names() {
        let (name, found) = item?;
        if has_words(&name, key) {
            for id in found {
                if !ids.contains(&id) {
                    ids.push(id);
                }
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

/// Up to five entity names closest to `key`, for a miss: names with a word starting like
/// `key` first, then by edit similarity. One scan of the alias index.
fn closest(store: &Store, key: &str) -> Result<Vec<String>, store::Error> {
    if key.chars().count() > MAX_SUGGESTED_CHARS {
        return Ok(Vec::new());
    }
    let mut scored: Vec<(f64, EntityId)> = Vec::new();
    for item in store.names() {
        let (name, ids) = item?;
        let word_start =
            name.split(' ').any(|w| w.starts_with(key) || (key.len() >= 4 && key.starts_with(w) && w.len() >= 4));
        let mut score = strsim::jaro_winkler(key, &name)
            .max(name.split(' ').map(|w| strsim::jaro_winkler(key, w)).fold(0.0, f64::max) - 0.05);
        if word_start {
            score += 1.0;
        }
        if score > 0.8 {
            for id in ids {
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
