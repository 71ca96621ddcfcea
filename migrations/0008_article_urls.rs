//! Schema 7 → 8: an article record keeps where the article was published (its url), and
//! the evidence of a meeting the day and place its sentence gives (evidence layout byte 3;
//! byte 2 reads as evidence without them).
//!
//! Before (layout byte 2, `codec::v2::ArticleRecord`): hash, title, date, source, entities,
//! relations. After (layout byte 3, `codec::URL_VERSION`): the same with `url` after
//! `source`. Nothing is rewritten: `Record::older` reads a record of byte 2 (or 1) as an
//! article without a url, here and in the corrections log's copies, and a record is written
//! in the new layout the next time its article is. The step only records the version, so that
//! an older kg, which cannot read byte 3, refuses the store instead of calling it corrupt.

use crate::store::Error;

/// The version this step leaves the store at.
pub const VERSION: u32 = 8;

pub fn run(_db: &sled::Db) -> Result<(), Error> {
    Ok(())
}
