//! Schema 3 → 4: the store's counts are kept in `meta`.
//!
//! Before: `kg stats` and the summary of `kg ingest` counted articles, entities and
//! relations by reading them all (seconds on a million articles). After: `meta`'s `counts`
//! holds a `CountsRecord` (articles; entities and relations by kind code) that every write
//! batch updates in its transaction. The step counts once, by the same reading, and writes
//! the record; nothing else changes. (Schema-3 entity records are the current `EntityRecord`.)

use crate::store::codec::{self, CountsRecord, EntityRecord};
use crate::store::{keys, Error};

/// The version this step leaves the store at.
pub const VERSION: u32 = 4;

pub fn run(db: &sled::Db) -> Result<(), Error> {
    let mut counts = CountsRecord { articles: db.open_tree(keys::ARTICLES)?.len() as u64, ..CountsRecord::default() };
    for item in db.open_tree(keys::ENTITIES)?.iter() {
        let (key, value) = item?;
        let record: EntityRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::ENTITIES, &key, &r))?;
        CountsRecord::bump(&mut counts.entities, record.kind, true);
    }
    for item in db.open_tree(keys::OUT)?.iter() {
        let (key, _) = item?;
        let (_, kind, _) = keys::parse_edge(&key).ok_or_else(|| Error::corrupt(keys::OUT, &key, "bad edge key"))?;
        CountsRecord::bump(&mut counts.relations, kind.code(), true);
    }
    db.open_tree(keys::META)?.insert(keys::COUNTS, codec::encode(&counts))?;
    Ok(())
}
