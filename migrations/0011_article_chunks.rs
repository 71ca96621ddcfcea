//! Schema 10 → 11: an ingest files each batch's article records together, compressed, in
//! parts of 128 (`article_chunks`), and an article's key in `articles` holds where its record
//! is: byte `0x80`, then the part's key (`store/article_chunks.rs`).
//!
//! Nothing is moved: records already written stay whole in `articles`, where readers still
//! take them, as they take those that corrections and `kg import` write. The step only
//! records the version, so that an older kg, which cannot read a pointer, refuses the store
//! instead of calling its articles corrupt.

use crate::store::Error;

/// The version this step leaves the store at.
pub const VERSION: u32 = 11;

pub fn run(_db: &sled::Db) -> Result<(), Error> {
    Ok(())
}
