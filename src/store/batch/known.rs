//! What a batch knows while it is being written: the entities of the store and of the
//! articles planned so far, by name and by surname, for linking a new article's entities.

use super::Batch;
use crate::graph::name::normalize;
use crate::graph::{EntityId, EntityKind, KnownEntities};
use crate::store::keys;

/// How many names holding a surname are looked at: a surname shared by more people than this
/// links none of them anyway.
const SURNAME_NAMES: usize = 64;

/// How many names starting with a shortened name are looked at: past this many, the short
/// name fits too many to link any.
const PREFIX_NAMES: usize = 16;

/// How many relations of each person sharing a surname are read for the context that tells
/// them apart.
const NEIGHBOURS: usize = 2_000;

impl KnownEntities for Batch<'_> {
    fn known(&self, normalized: &str) -> Vec<(EntityId, EntityKind, String)> {
        let mut cache = self.cache.borrow_mut();
        let ids = match self.pending(|p| p.names.get(normalized)) {
            Some(ids) => ids.clone(),
            // A read error only costs a merge: the entity is created anew.
            None => cache.names(self.store, normalized).unwrap_or_default(),
        };
        ids.into_iter()
            .filter_map(|id| {
                let (kind, name) = match self.pending(|p| p.entities.get(&id)) {
                    Some(pending) => {
                        let r = pending.as_ref()?;
                        (EntityKind::from_code(r.kind)?, r.name.clone())
                    }
                    None => cache.entity(self.store, id)?,
                };
                Some((id, kind, name))
            })
            .collect()
    }

    fn people_with_surname(&self, surname: &str) -> Vec<(EntityId, String)> {
        // Names already committed, through the word index, and those planned in this batch
        // (by their last word, so that a surname links whatever order the articles came in).
        let mut names = self.store.names_with_word(surname, SURNAME_NAMES).unwrap_or_default();
        for plan in std::iter::once(&self.plan).chain(self.inflight.as_deref()) {
            names.extend(plan.surnames.get(surname).into_iter().flatten().cloned());
        }
        names.sort_unstable();
        names.dedup();
        people_ending_with(surname, names, |n| self.known(n))
    }

    fn known_starting(&self, prefix: &str) -> Vec<(EntityId, EntityKind, String)> {
        let start = format!("{prefix} ");
        let mut names = self.store.names_starting(&start, PREFIX_NAMES).unwrap_or_default();
        for plan in std::iter::once(&self.plan).chain(self.inflight.as_deref()) {
            let planned = plan.names.range(start.clone()..).take_while(|(n, _)| n.starts_with(&start));
            names.extend(planned.take(PREFIX_NAMES).map(|(n, _)| n.clone()));
        }
        names.sort_unstable();
        names.dedup();
        entities_of(names, |n| self.known(n))
    }

    fn neighbours(&self, id: EntityId) -> Vec<EntityId> {
        let mut out = self.store.neighbours(id);
        let prefix = keys::entity(id);
        for plan in std::iter::once(&self.plan).chain(self.inflight.as_deref()) {
            for tree in [&plan.out, &plan.inn] {
                let planned = tree.range(prefix.to_vec()..).take_while(|(k, _)| k.starts_with(&prefix));
                for (key, value) in planned.take(NEIGHBOURS) {
                    match (value, keys::parse_edge(key)) {
                        (Some(_), Some((_, _, other))) if !out.contains(&other) => out.push(other),
                        _ => {}
                    }
                }
            }
        }
        out
    }
}

impl KnownEntities for super::super::Store {
    fn known(&self, normalized: &str) -> Vec<(EntityId, EntityKind, String)> {
        // A read error here only costs a merge: the entity is created anew, and `kg check`
        // would report the store problem itself.
        self.lookup(normalized)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|id| self.entity(id).ok().flatten())
            .map(|e| (e.id, e.kind, e.name))
            .collect()
    }

    fn people_with_surname(&self, surname: &str) -> Vec<(EntityId, String)> {
        let names = self.names_with_word(surname, SURNAME_NAMES).unwrap_or_default();
        people_ending_with(surname, names, |n| self.known(n))
    }

    fn known_starting(&self, prefix: &str) -> Vec<(EntityId, EntityKind, String)> {
        let names = self.names_starting(&format!("{prefix} "), PREFIX_NAMES).unwrap_or_default();
        entities_of(names, |n| self.known(n))
    }

    fn neighbours(&self, id: EntityId) -> Vec<EntityId> {
        let mut out = Vec::new();
        for tree in [&self.out, &self.inn] {
            for key in tree.scan_prefix(keys::entity(id)).keys().take(NEIGHBOURS).flatten() {
                if let Some((_, _, other)) = keys::parse_edge(&key) {
                    if !out.contains(&other) {
                        out.push(other);
                    }
                }
            }
        }
        out
    }
}

/// The entities known under `names`, each once.
fn entities_of(
    names: Vec<String>,
    known: impl Fn(&str) -> Vec<(EntityId, EntityKind, String)>,
) -> Vec<(EntityId, EntityKind, String)> {
    let mut out: Vec<(EntityId, EntityKind, String)> = Vec::new();
    for name in names {
        for entity in known(&name) {
            if !out.iter().any(|(id, _, _)| *id == entity.0) {
                out.push(entity);
            }
        }
    }
    out
}

/// The people among the entities of `names` whose canonical name has more than one word and
/// ends with `surname`, each once.
fn people_ending_with(
    surname: &str,
    names: Vec<String>,
    known: impl Fn(&str) -> Vec<(EntityId, EntityKind, String)>,
) -> Vec<(EntityId, String)> {
    let mut out: Vec<(EntityId, String)> = Vec::new();
    for name in names.iter().filter(|n| n.contains(' ') && n.rsplit(' ').next() == Some(surname)) {
        for (id, kind, canonical) in known(name) {
            let key = normalize(&canonical);
            let fits = kind == EntityKind::Person && key.contains(' ') && key.rsplit(' ').next() == Some(surname);
            if fits && !out.iter().any(|(i, _)| *i == id) {
                out.push((id, canonical));
            }
        }
    }
    out
}
