//! Schema 9 → 10: an ingest files evidence by buckets of 64 source entities and write batch
//! (`evidence_buckets`), and each `dates` value names, after its day counts, the chunks
//! holding that month's evidence (`store/evidence_buckets.rs`).
//!
//! Nothing is moved: evidence already written stays in `evidence`, one key per relation and
//! article, where readers still find it (a month with no chunks named has all its evidence
//! there), so the corrections log's copies of it stay true and an old correction can still
//! be undone. The step only records the version, so that an older kg, which would not see
//! the buckets, refuses the store instead of reading relations without their evidence.

use crate::store::Error;

/// The version this step leaves the store at.
pub const VERSION: u32 = 10;

pub fn run(_db: &sled::Db) -> Result<(), Error> {
    Ok(())
}
