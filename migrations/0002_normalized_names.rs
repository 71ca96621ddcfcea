//! Schema 1 → 2: the alias index is keyed by the normalised name.
//!
//! Before: `names` keys were surface forms exactly as written (`Erdoğan`, `the Kremlin`), so a
//! lookup had to match case and diacritics. After: keys are `graph::name::normalize(form)`
//! (`erdogan`, `kremlin`), and one key holds every entity any of whose forms normalises to it.
//! The step rebuilds `names` from the entity records (name and aliases); nothing else changes.

use crate::graph::name::normalize;
use crate::graph::EntityId;
use crate::store::{codec, keys, Error};
use bincode::{Decode, Encode};
use std::collections::BTreeMap;

/// The version this step leaves the store at.
pub const VERSION: u32 = 2;

/// `entities` values in schemas 1 and 2.
#[derive(Encode, Decode)]
pub struct EntityRecordV1 {
    pub name: String,
    pub kind: u8,
    pub aliases: Vec<String>,
}

impl crate::store::codec::Record for EntityRecordV1 {}

pub fn run(db: &sled::Db) -> Result<(), Error> {
    let entities = db.open_tree(keys::ENTITIES)?;
    let names = db.open_tree(keys::NAMES)?;
    let mut index: BTreeMap<String, Vec<EntityId>> = BTreeMap::new();
    for item in entities.iter() {
        let (key, value) = item?;
        let id = keys::parse_entity(&key).ok_or_else(|| Error::corrupt(keys::ENTITIES, &key, "bad entity key"))?;
        let record: EntityRecordV1 =
            codec::decode(&value).map_err(|reason| Error::corrupt(keys::ENTITIES, &key, &reason))?;
        for form in std::iter::once(&record.name).chain(&record.aliases) {
            let ids = index.entry(normalize(form)).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let mut batch = sled::Batch::default();
    for item in names.iter() {
        let (key, _) = item?;
        batch.remove(key);
    }
    for (name, ids) in index {
        batch.insert(name.as_bytes(), keys::encode_ids(&ids));
    }
    names.apply_batch(batch)?;
    Ok(())
}
