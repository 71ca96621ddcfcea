//! Postings: the articles that mention each entity, the index behind `entity_articles`.
//!
//! An entity's articles are filed in chunks, each under a number handed out once
//! (`next_posting_chunk`): a write batch files every new mention under a chunk of its own, so
//! no earlier chunk is read or rewritten however many articles name a hub entity.
//!
//! Since schema 9 a chunk holds the lists of a bucket of 64 consecutive entity ids
//! (`posting_buckets`, `keys::posting_bucket`): one sled key per bucket and batch instead of
//! one per entity and batch. sled costs about 175 bytes of disk and 10 µs per key written
//! whatever the key holds (BENCHMARKS.md, "What one sled key costs"), a batch of 1,000
//! articles mentions about 5,000 entities, and the new ones among them have consecutive ids:
//! at 100k articles, postings went from half a million keys to a tenth of that. Filling an
//! entity's chunks instead (one key per entity, rewritten by each batch) was tried first and
//! made the store bigger: sled rewrites a key at the cost of a new one.
//!
//! Chunks numbered below `first_bucket_chunk` (meta) were written one key per entity
//! (`postings`), by an older kg or by `kg import`; they are read and changed where they are.

use super::codec::{self, BucketRecord, PostingRecord};
use super::{keys, Error, Result, Store};
use crate::graph::EntityId;
use std::collections::BTreeMap;

/// Which tree a chunk of postings lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `postings`: entity · chunk → that entity's articles.
    PerEntity,
    /// `posting_buckets`: bucket · chunk → each entity's articles.
    Bucket,
}

/// One write of `chunk_writes`: the tree, the key, the new value (`None` removes the key).
pub type ChunkWrite = (Layout, Vec<u8>, Option<Vec<u8>>);

impl Store {
    /// The first chunk number filed by bucket; 0 in a store that never had another layout.
    pub(crate) fn first_bucket_chunk(&self) -> Result<u32> {
        Ok(self.meta_int(keys::FIRST_BUCKET_CHUNK)?.map_or(0, u32::from_be_bytes))
    }

    /// The chunks that list `id`, in chunk order, each with its articles in ingest order.
    pub(crate) fn posting_chunks(&self, id: EntityId) -> Result<Vec<(u32, Vec<String>)>> {
        let mut out = Vec::new();
        // Chunks of one entity each come first: all their numbers are below the buckets'.
        for item in self.postings.scan_prefix(keys::entity(id)) {
            let (key, value) = item?;
            let chunk = chunk_of(keys::POSTINGS, &key)?;
            let record: PostingRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::POSTINGS, &key, &r))?;
            out.push((chunk, record.articles));
        }
        for item in self.posting_buckets.scan_prefix(keys::bucket_of(id)) {
            let (key, value) = item?;
            let chunk = chunk_of(keys::POSTING_BUCKETS, &key)?;
            let record: BucketRecord =
                codec::decode(&value).map_err(|r| Error::corrupt(keys::POSTING_BUCKETS, &key, &r))?;
            if let Some(articles) = record.get(id.0) {
                out.push((chunk, articles.to_vec()));
            }
        }
        Ok(out)
    }

    /// Every entity's articles, chunk by chunk, as `(entity, articles)` (`kg check`).
    pub(crate) fn all_postings(&self) -> impl Iterator<Item = Result<(EntityId, u32, Vec<String>)>> + '_ {
        let per_entity = self.postings.iter().map(|item| {
            let (key, value) = item?;
            let id = keys::parse_entity(&key).ok_or_else(|| Error::corrupt(keys::POSTINGS, &key, "bad key"))?;
            let record: PostingRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::POSTINGS, &key, &r))?;
            Ok(vec![(id, chunk_of(keys::POSTINGS, &key)?, record.articles)])
        });
        let buckets = self.posting_buckets.iter().map(|item| {
            let (key, value) = item?;
            let chunk = chunk_of(keys::POSTING_BUCKETS, &key)?;
            let record: BucketRecord =
                codec::decode(&value).map_err(|r| Error::corrupt(keys::POSTING_BUCKETS, &key, &r))?;
            if let Some(reason) = misfiled(&key, &record) {
                return Err(Error::corrupt(keys::POSTING_BUCKETS, &key, &reason));
            }
            Ok(record.entities.into_iter().map(|(id, articles)| (EntityId(id), chunk, articles)).collect())
        });
        per_entity.chain(buckets).flat_map(|chunks: Result<Vec<_>>| match chunks {
            Ok(chunks) => chunks.into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        })
    }
}

/// What is wrong with a bucket record under `key`, if anything: readers find an entity's
/// list by its bucket and a binary search, so an id of another bucket, ids out of order or
/// twice, or an empty list (which writes never leave) would be lost or misread.
fn misfiled(key: &[u8], record: &BucketRecord) -> Option<String> {
    let bucket = keys::parse_entity(key)?.0;
    let mut last = None;
    for (id, articles) in &record.entities {
        if id >> keys::BUCKET_BITS != bucket {
            return Some(format!("entity {id} is filed in bucket {bucket}"));
        }
        if last.is_some_and(|l| l >= *id) {
            return Some(format!("entity {id} is out of order or listed twice"));
        }
        if articles.is_empty() {
            return Some(format!("entity {id} has an empty list"));
        }
        last = Some(*id);
    }
    None
}

fn chunk_of(tree: &'static str, key: &[u8]) -> Result<u32> {
    keys::parse_posting_chunk(key).ok_or_else(|| Error::corrupt(tree, key, "bad key"))
}

/// The writes that give each `(entity, chunk)` its new list (`None`: none). A chunk below
/// `first_bucket` is its entity's own key, written as given (an emptied one stays, empty);
/// a bucket chunk is one value for the bucket's entities, read with `read` (the value of a
/// `posting_buckets` key as it is now), changed for each entity given, and written once.
pub(crate) fn chunk_writes<'a>(
    changes: impl IntoIterator<Item = (EntityId, u32, Option<&'a PostingRecord>)>,
    first_bucket: u32,
    mut read: impl FnMut(&[u8]) -> Result<Option<Vec<u8>>>,
) -> Result<Vec<ChunkWrite>> {
    let mut out = Vec::new();
    let mut buckets: BTreeMap<[u8; 12], BucketRecord> = BTreeMap::new();
    for (id, chunk, list) in changes {
        if chunk < first_bucket {
            out.push((Layout::PerEntity, keys::posting(id, chunk).to_vec(), list.map(codec::encode)));
            continue;
        }
        let key = keys::posting_bucket(id, chunk);
        let record = match buckets.entry(key) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(e) => {
                let now = match read(&key)? {
                    Some(bytes) => {
                        codec::decode(&bytes).map_err(|r| Error::corrupt(keys::POSTING_BUCKETS, &key, &r))?
                    }
                    None => BucketRecord::default(),
                };
                e.insert(now)
            }
        };
        record.set(id.0, list.map(|l| l.articles.clone()).unwrap_or_default());
    }
    for (key, record) in buckets {
        out.push((Layout::Bucket, key.to_vec(), (!record.entities.is_empty()).then(|| codec::encode(&record))));
    }
    Ok(out)
}

/// Undoing a write to a posting bucket that turned `before` into `after`, when the bucket
/// now holds `now`: the lists the write changed go back to what they were, the others stay
/// as they are now. `None` when one of those lists changed again since (a later batch took
/// an article out of it): the write cannot be undone.
///
/// # Errors
/// A value is not a bucket record.
pub(crate) fn undo_bucket(
    now: Option<&[u8]>,
    before: Option<&[u8]>,
    after: Option<&[u8]>,
) -> std::result::Result<Option<Option<Vec<u8>>>, String> {
    let read = |v: Option<&[u8]>| v.map_or(Ok(BucketRecord::default()), codec::decode::<BucketRecord>);
    let (mut now, before, after) = (read(now)?, read(before)?, read(after)?);
    let ids: std::collections::BTreeSet<u64> =
        before.entities.iter().chain(&after.entities).map(|(id, _)| *id).collect();
    for id in ids.into_iter().filter(|&id| before.get(id) != after.get(id)) {
        if now.get(id) != after.get(id) {
            return Ok(None);
        }
        now.set(id, before.get(id).map(<[String]>::to_vec).unwrap_or_default());
    }
    Ok(Some((!now.entities.is_empty()).then(|| codec::encode(&now))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(articles: &[&str]) -> PostingRecord {
        PostingRecord { articles: articles.iter().map(|a| a.to_string()).collect() }
    }

    #[test]
    fn entities_of_one_bucket_share_one_key_per_chunk_and_keep_each_others_lists() {
        let (a, b) = (list(&["x"]), list(&["y", "z"]));
        let writes = chunk_writes([(EntityId(64), 3, Some(&a)), (EntityId(65), 3, Some(&b))], 0, |_| Ok(None)).unwrap();
        assert_eq!(writes.len(), 1);
        let (layout, key, value) = &writes[0];
        assert_eq!((*layout, key.as_slice()), (Layout::Bucket, keys::posting_bucket(EntityId(64), 3).as_slice()));
        let stored = value.clone().unwrap();
        // Taking one entity's list out leaves the other's; taking both removes the key.
        let read = |_: &[u8]| Ok(Some(stored.clone()));
        let writes = chunk_writes([(EntityId(64), 3, None)], 0, read).unwrap();
        let left: BucketRecord = codec::decode(writes[0].2.as_ref().unwrap()).unwrap();
        assert_eq!(left.entities, vec![(65, b.articles.clone())]);
        let writes = chunk_writes([(EntityId(64), 3, None), (EntityId(65), 3, None)], 0, read).unwrap();
        assert_eq!(writes[0].2, None);
    }

    #[test]
    fn undoing_a_bucket_write_restores_its_own_lists_and_keeps_lists_changed_since() {
        let bucket = |lists: &[(u64, &[&str])]| {
            let mut r = BucketRecord::default();
            for (id, articles) in lists {
                r.set(*id, articles.iter().map(|a| a.to_string()).collect());
            }
            codec::encode(&r)
        };
        // A merge took entity 1's list out; a later batch took an article from entity 2's.
        let before = bucket(&[(1, &["a"]), (2, &["b", "c"])]);
        let after = bucket(&[(2, &["b", "c"])]);
        let now = bucket(&[(2, &["b"])]);
        let undone = undo_bucket(Some(&now), Some(&before), Some(&after)).unwrap();
        assert_eq!(undone, Some(Some(bucket(&[(1, &["a"]), (2, &["b"])]))));
        // Entity 1's own list changed since: refused.
        let now = bucket(&[(1, &["z"]), (2, &["b", "c"])]);
        assert_eq!(undo_bucket(Some(&now), Some(&before), Some(&after)).unwrap(), None);
    }

    #[test]
    fn a_bucket_record_with_an_id_of_another_bucket_out_of_order_or_an_empty_list_is_misfiled() {
        let key = keys::posting_bucket(EntityId(64), 0);
        let record = |entities: &[(u64, usize)]| BucketRecord {
            entities: entities.iter().map(|&(id, n)| (id, vec!["a".to_string(); n])).collect(),
        };
        assert_eq!(misfiled(&key, &record(&[(64, 1), (127, 2)])), None);
        assert!(misfiled(&key, &record(&[(63, 1)])).is_some());
        assert!(misfiled(&key, &record(&[(65, 1), (64, 1)])).is_some());
        assert!(misfiled(&key, &record(&[(65, 1), (65, 1)])).is_some());
        assert!(misfiled(&key, &record(&[(65, 0)])).is_some());
    }

    #[test]
    fn chunks_below_the_first_bucket_chunk_stay_one_key_per_entity() {
        let empty = PostingRecord::default();
        let writes = chunk_writes([(EntityId(7), 2, Some(&empty))], 5, |_| panic!("no bucket read")).unwrap();
        assert_eq!(
            writes,
            vec![(Layout::PerEntity, keys::posting(EntityId(7), 2).to_vec(), Some(codec::encode(&empty)))]
        );
    }
}
