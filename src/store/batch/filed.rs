//! What a batch files in packed values (`packed.rs`): its evidence entries in their bucket
//! chunks (`evidence_buckets.rs`), and its article records in parts (`article_chunks.rs`),
//! with the entries and records of the articles it replaces or forgets taken out. Both read
//! each value as committed, under the commit lock.

use super::Plan;
use crate::store::article_chunks::{self, ArticleChunk};
use crate::store::codec::{self, ArticleRecord};
use crate::store::evidence_buckets::EvidenceBucket;
use crate::store::{keys, Error, Result};
use std::collections::BTreeMap;

/// Sets the plan's evidence entries in their bucket chunks. A chunk may hold entries of
/// earlier batches (an article replaced or forgotten leaves its chunk): each is read as
/// committed, so this runs under the commit lock.
pub(super) fn evidence_batch(plan: &Plan, buckets: &sled::Tree, batch: &mut sled::Batch) -> Result<()> {
    for (key, changes) in &plan.evidence_buckets {
        let mut bucket = match buckets.get(key)? {
            Some(bytes) => {
                EvidenceBucket::decode(&bytes).map_err(|r| Error::corrupt(keys::EVIDENCE_BUCKETS, key, &r))?
            }
            None => EvidenceBucket::default(),
        };
        for ((edge, article), record) in changes {
            bucket.set(*edge, article, record.clone());
        }
        if bucket.entries.is_empty() {
            batch.remove(key);
        } else {
            batch.insert(key, bucket.encode());
        }
    }
    Ok(())
}

/// One part of `article_chunks`: its key and the plan's records filed in it.
type Part<'p> = ([u8; 6], Vec<(&'p String, &'p ArticleRecord)>);

/// The plan's article records, in parts of `article_chunks` of the batch's chunk.
pub(super) fn article_parts(plan: &Plan) -> Vec<Part<'_>> {
    let records: Vec<(&String, &ArticleRecord)> = plan.articles.iter().collect();
    let parts = records.chunks(article_chunks::PART_ARTICLES);
    let key = |i: usize| article_chunks::part_key(plan.chunk, u16::try_from(i).unwrap_or(u16::MAX));
    parts.enumerate().map(|(i, part)| (key(i), part.to_vec())).collect()
}

/// Files the plan's article records in their parts, and takes the replaced and forgotten
/// ones out of theirs. A part is normally new; each is read as committed all the same, under
/// the commit lock.
pub(super) fn article_batch(plan: &Plan, parts: &sled::Tree, batch: &mut sled::Batch) -> Result<()> {
    let read = |key: &[u8]| -> Result<ArticleChunk> {
        match parts.get(key)? {
            Some(bytes) => ArticleChunk::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLE_CHUNKS, key, &r)),
            None => Ok(ArticleChunk::default()),
        }
    };
    let mut changed: BTreeMap<[u8; 6], ArticleChunk> = BTreeMap::new();
    for (key, ids) in &plan.article_removals {
        let part = changed.entry(*key).or_insert(read(key)?);
        for id in ids {
            part.remove(id);
        }
    }
    for (key, records) in article_parts(plan) {
        let part = match changed.remove(&key) {
            Some(part) => part,
            None => read(&key)?,
        };
        let part = changed.entry(key).or_insert(part);
        for (id, record) in records {
            part.set(id, codec::encode(record));
        }
    }
    for (key, part) in changed {
        if part.articles.is_empty() {
            batch.remove(&key);
        } else {
            batch.insert(&key, part.encode());
        }
    }
    Ok(())
}
