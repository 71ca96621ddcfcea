//! Schema 8 → 9: postings are filed by buckets of 64 entities (`posting_buckets`), one sled
//! key per bucket and write batch instead of one per entity and batch (`store/postings.rs`).
//!
//! Nothing is moved: the chunks already written stay in `postings`, one key per entity, and
//! are read and changed there, so the corrections log's copies of them stay true and an old
//! correction can still be undone. The step records the first chunk number that later
//! batches file by bucket: above every chunk there is. Run again, it finds that number set
//! and leaves it.

use crate::store::{keys, Error};

/// The version this step leaves the store at.
pub const VERSION: u32 = 9;

pub fn run(db: &sled::Db) -> Result<(), Error> {
    let meta = db.open_tree(keys::META)?;
    if meta.get(keys::FIRST_BUCKET_CHUNK)?.is_some() {
        return Ok(());
    }
    let number = |bytes: &[u8]| bytes.try_into().map(u32::from_be_bytes).ok();
    let mut first = meta.get(keys::NEXT_POSTING_CHUNK)?.and_then(|v| number(&v)).unwrap_or(0);
    for key in db.open_tree(keys::POSTINGS)?.iter().keys() {
        if let Some(chunk) = keys::parse_posting_chunk(&key?) {
            first = first.max(chunk.saturating_add(1));
        }
    }
    meta.insert(keys::NEXT_POSTING_CHUNK, &first.to_be_bytes())?;
    meta.insert(keys::FIRST_BUCKET_CHUNK, &first.to_be_bytes())?;
    Ok(())
}
