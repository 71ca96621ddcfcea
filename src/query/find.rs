//! Finding the entity a user means: by id (`e17`), name or alias, case-insensitively and
//! ignoring diacritics. Ambiguity and misses are errors that carry what the user needs to
//! choose: the candidates, or the closest names.

use crate::graph::name::normalize;
use crate::graph::{Entity, EntityId};
use crate::store::{self, Store};

/// Why a name did not pick exactly one entity.
#[derive(Debug, thiserror::Error)]
pub enum FindError {
    #[error("unknown entity {query:?}{}", suggest(suggestions))]
    Unknown { query: String, suggestions: Vec<String> },
    #[error("{query:?} is ambiguous; it could be:\n{}", list(candidates))]
    Ambiguous { query: String, candidates: Vec<Entity> },
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

fn list(c: &[Entity]) -> String {
    c.iter()
        .map(|e| format!("  {} {} ({}) — use the id to pick it", e.id, e.name, e.kind))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The one entity `query` names.
///
/// # Errors
/// `Unknown` with up to five suggestions, `Ambiguous` with the candidates, or a store error.
pub fn find(store: &Store, query: &str) -> Result<Entity, FindError> {
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
    let pool = if exact.is_empty() { candidates } else { exact };
    match pool.len() {
        0 => Err(FindError::Unknown { query: query.to_string(), suggestions: closest(store, &key)? }),
        1 => Ok(pool
            .into_iter()
            .next()
            .ok_or_else(|| FindError::Unknown { query: query.to_string(), suggestions: Vec::new() })?),
        _ => Err(FindError::Ambiguous { query: query.to_string(), candidates: pool }),
    }
}

/// Up to five entity names closest to `key`: one scan of the alias index, only on a miss.
fn closest(store: &Store, key: &str) -> Result<Vec<String>, store::Error> {
    let mut scored: Vec<(f64, EntityId)> = Vec::new();
    for item in store.names() {
        let (name, ids) = item?;
        let mut score = strsim::jaro_winkler(key, &name);
        if name.contains(key) || key.contains(name.as_str()) {
            score += 0.2;
        }
        if score > 0.75 {
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
