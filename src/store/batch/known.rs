//! What a batch knows while it is being written: the entities of the store and of the
//! articles planned so far, by name and by surname, for linking a new article's entities.

use super::Batch;
use crate::graph::name::normalize;
use crate::graph::{EntityId, EntityKind, KnownEntities};

/// How many names holding a surname are looked at: a surname shared by more people than this
/// links none of them anyway.
const SURNAME_NAMES: usize = 64;

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
        // (a scan of its names, so that a surname links whatever order the articles came in).
        let mut names = self.store.names_with_word(surname, SURNAME_NAMES).unwrap_or_default();
        let ends = |n: &&String| {
            n.len() > surname.len() && n.ends_with(surname) && n[..n.len() - surname.len()].ends_with(' ')
        };
        for plan in std::iter::once(&self.plan).chain(self.inflight.as_deref()) {
            names.extend(plan.names.keys().filter(ends).cloned());
        }
        names.sort_unstable();
        names.dedup();
        people_ending_with(surname, names, |n| self.known(n))
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
