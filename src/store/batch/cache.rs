//! What the store holds, as a batch last saw it: names, entity records, which edges exist and
//! each relation's month of dates, remembered across batches so that planning an article
//! does not go back to sled for what an earlier article already read or wrote.
//!
//! Planning reads these for every article (the entities it names, the relations it gives),
//! and sled reads were two fifths of the writer thread's time at 30k articles (perf): an
//! ingest is bounded by that one thread. Every value here is either read from the store or
//! written by a plan handed to the commit thread (`remember`), which commits it before any
//! later plan; so a value here is never older than the store's. Each map is cleared when it
//! grows past `ENTRIES`, which bounds memory whatever the archive's size.

use super::super::codec::EntityRecord;
use super::super::{keys, Result, Store};
use super::Plan;
use crate::graph::{EntityId, EntityKind};
use std::collections::HashMap;

/// Entries per map before it is cleared.
const ENTRIES: usize = 200_000;

#[derive(Default)]
pub(super) struct Cache {
    names: HashMap<String, Vec<EntityId>>,
    /// `None`: the store holds no such entity.
    entities: HashMap<EntityId, Option<EntityRecord>>,
    /// Whether each `out` edge exists.
    edges: HashMap<[u8; 17], bool>,
    /// `dates` values (`None`: no such key).
    dates: HashMap<[u8; 21], Option<Vec<u8>>>,
}

/// Inserts into `map`, first clearing it when it is full.
fn bounded<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, V>, key: K, value: V) {
    if map.len() >= ENTRIES {
        map.clear();
    }
    map.insert(key, value);
}

impl Cache {
    pub(super) fn names(&mut self, store: &Store, key: &str) -> Result<Vec<EntityId>> {
        if let Some(ids) = self.names.get(key) {
            return Ok(ids.clone());
        }
        let ids = store.lookup(key)?;
        bounded(&mut self.names, key.to_string(), ids.clone());
        Ok(ids)
    }

    /// The entity's record as the store holds it.
    pub(super) fn record(&mut self, store: &Store, id: EntityId) -> Result<Option<EntityRecord>> {
        if let Some(record) = self.entities.get(&id) {
            return Ok(record.clone());
        }
        let record = store.entity_record(id)?;
        bounded(&mut self.entities, id, record.clone());
        Ok(record)
    }

    /// The entity's type and name; `None` when it does not exist, or cannot be read (which
    /// only costs a merge: the entity is created anew).
    pub(super) fn entity(&mut self, store: &Store, id: EntityId) -> Option<(EntityKind, String)> {
        if !self.entities.contains_key(&id) {
            let record = store.entity_record(id).ok()?;
            bounded(&mut self.entities, id, record);
        }
        let record = self.entities.get(&id)?.as_ref()?;
        Some((EntityKind::from_code(record.kind)?, record.name.clone()))
    }

    pub(super) fn exists(&mut self, store: &Store, id: EntityId) -> Result<bool> {
        match self.entities.get(&id) {
            Some(record) => Ok(record.is_some()),
            None => Ok(store.entities.contains_key(keys::entity(id))?),
        }
    }

    pub(super) fn edge(&mut self, store: &Store, key: [u8; 17]) -> Result<bool> {
        if let Some(&known) = self.edges.get(&key) {
            return Ok(known);
        }
        let known = store.out.contains_key(key)?;
        bounded(&mut self.edges, key, known);
        Ok(known)
    }

    /// The raw `dates` value under `key`.
    pub(super) fn dated(&mut self, store: &Store, key: [u8; 21]) -> Result<Option<Vec<u8>>> {
        if let Some(value) = self.dates.get(&key) {
            return Ok(value.clone());
        }
        let value = store.dates.get(key)?.map(|v| v.to_vec());
        bounded(&mut self.dates, key, value.clone());
        Ok(value)
    }

    /// Takes in what `plan` writes: it is handed to the commit thread, so it is what the store
    /// will hold.
    pub(super) fn remember(&mut self, plan: &Plan) {
        for name in &plan.dirty_names {
            if let Some(ids) = plan.names.get(name) {
                bounded(&mut self.names, name.clone(), ids.clone());
            }
        }
        for id in &plan.dirty_entities {
            let record = plan.entities.get(id).cloned().flatten();
            bounded(&mut self.entities, *id, record);
        }
        for (key, value) in &plan.out {
            if let Ok(key) = <[u8; 17]>::try_from(key.as_slice()) {
                bounded(&mut self.edges, key, value.is_some());
            }
        }
        for (key, value) in &plan.dates {
            if let Ok(key) = <[u8; 21]>::try_from(key.as_slice()) {
                bounded(&mut self.dates, key, value.clone());
            }
        }
    }
}
