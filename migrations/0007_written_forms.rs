//! Schema 6 → 7: an entity's forms tell the spellings articles wrote from those it is only
//! found by.
//!
//! Before (layout byte 1, `codec::v1`): `EntityRecord` counted, per form, the articles that
//! gave it, the spellings extraction generates from `variants.tsv` among them, so that they
//! were listed as aliases though no article wrote them; an `ArticleRecord` listed, per entity,
//! every form the article gave, generated or written alike.
//!
//! After (layout byte 2, `codec::FORMS_VERSION`):
//!
//! | record | holds |
//! |---|---|
//! | `EntityRecord` | per form (`FormCount`): the articles that give it, and of those the articles that wrote it |
//! | `ArticleEntity` | the forms the article wrote, and apart the keys it was only given |
//!
//! The old records cannot tell a generated spelling from a written one: every old form
//! counts as written (what `Record::older` reads), until `kg ingest --reextract` reads the
//! articles again. The step rewrites every entity and article record still in layout byte 1,
//! and the copies of them that the corrections log keeps (the values before and after each
//! write), so that an undo finds the records it wrote as they now are. Every write is
//! idempotent, so a step interrupted and run again gives the same store.

use crate::store::codec::{self, ArticleRecord, EntityRecord, RECORD_VERSION};
use crate::store::correct::Op;
use crate::store::{keys, Error};
use bincode::{Decode, Encode};

/// The version this step leaves the store at.
pub const VERSION: u32 = 7;

/// How many keys are written at a time.
const BATCH: usize = 10_000;

/// The corrections log's tree numbers of `articles` and `entities` (schema 6).
const LOG_ARTICLES: u8 = 0;
const LOG_ENTITIES: u8 = 5;

/// The fields of a log entry before its writes (schema 6): read to find where they start.
#[derive(Decode)]
struct LogHead {
    _date: String,
    _note: String,
    _op: Op,
    _source: String,
    _relation: u8,
    _target: String,
    _ids: Option<(u64, u64)>,
}

/// One write of a log entry (schema 6): (tree number, key, value before, value after).
type LogWrite = (u8, Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);

/// A log entry's writes.
#[derive(Encode, Decode)]
struct LogWrites(Vec<LogWrite>);

pub fn run(db: &sled::Db) -> Result<(), Error> {
    for (name, tree) in [(keys::ENTITIES, LOG_ENTITIES), (keys::ARTICLES, LOG_ARTICLES)] {
        let t = db.open_tree(name)?;
        let mut batch = sled::Batch::default();
        let mut pending = 0;
        for item in t.iter() {
            let (key, value) = item?;
            if value.first() != Some(&RECORD_VERSION) {
                continue;
            }
            let new = convert(tree, &value).map_err(|r| Error::corrupt(name, &key, &r))?;
            batch.insert(key, new);
            pending += 1;
            if pending >= BATCH {
                t.apply_batch(std::mem::take(&mut batch))?;
                pending = 0;
            }
        }
        t.apply_batch(batch)?;
    }
    let log = db.open_tree(keys::CORRECTIONS)?;
    for item in log.iter() {
        let (key, value) = item?;
        if let Some(new) = convert_entry(&value).map_err(|r| Error::corrupt(keys::CORRECTIONS, &key, &r))? {
            log.insert(key, new)?;
        }
    }
    Ok(())
}

/// An entity (`tree` 5) or article (0) record of layout byte 1 in today's layout.
fn convert(tree: u8, value: &[u8]) -> Result<Vec<u8>, String> {
    Ok(match tree {
        LOG_ENTITIES => codec::encode(&codec::decode::<EntityRecord>(value)?),
        _ => codec::encode(&codec::decode::<ArticleRecord>(value)?),
    })
}

/// A log entry with the entity and article records of its writes converted, or `None` when
/// it has none left in layout byte 1. The bytes around the writes are kept as they are.
fn convert_entry(value: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let config = bincode::config::standard();
    let Some((&RECORD_VERSION, rest)) = value.split_first() else {
        return Err("unknown record version".into());
    };
    let (_, head) = bincode::decode_from_slice::<LogHead, _>(rest, config).map_err(|e| e.to_string())?;
    let (head, from_writes) = rest.split_at_checked(head).ok_or("the writes start past the end")?;
    let (mut writes, len) =
        bincode::decode_from_slice::<LogWrites, _>(from_writes, config).map_err(|e| e.to_string())?;
    let tail = from_writes.get(len..).ok_or("the writes end past the end")?;
    let mut changed = false;
    for (tree, _, was, is) in &mut writes.0 {
        if *tree != LOG_ENTITIES && *tree != LOG_ARTICLES {
            continue;
        }
        for v in [was, is].into_iter().flatten() {
            if v.first() == Some(&RECORD_VERSION) {
                *v = convert(*tree, v)?;
                changed = true;
            }
        }
    }
    if !changed {
        return Ok(None);
    }
    let mut out = vec![RECORD_VERSION];
    out.extend_from_slice(head);
    out.extend(bincode::encode_to_vec(&writes, config).map_err(|e| e.to_string())?);
    out.extend_from_slice(tail);
    Ok(Some(out))
}
