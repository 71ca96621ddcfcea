//! Schema versions and the steps between them, applied in order when a store is opened.
//!
//! No `schema_version` and no data: a new store, stamped with the latest version. Lower than
//! the latest: each pending step of `migrations/` runs, then the version is bumped and flushed,
//! so an interrupted migration resumes at the step it was in (every step is idempotent).
//! Higher: `Error::SchemaTooNew`, and the store is left untouched.

use super::{keys, Error};

#[path = "../../migrations/0001_initial.rs"]
mod m0001_initial;
#[path = "../../migrations/0002_normalized_names.rs"]
mod m0002_normalized_names;
#[path = "../../migrations/0003_postings.rs"]
mod m0003_postings;
#[path = "../../migrations/0004_counts.rs"]
mod m0004_counts;
#[path = "../../migrations/0005_dated_evidence.rs"]
mod m0005_dated_evidence;

/// The schema version this binary writes.
pub const LATEST: u32 = m0005_dated_evidence::VERSION;

struct Step {
    version: u32,
    name: &'static str,
    run: fn(&sled::Db) -> Result<(), Error>,
}

const STEPS: &[Step] = &[
    Step { version: m0001_initial::VERSION, name: "0001_initial", run: |_| Ok(()) },
    Step { version: m0002_normalized_names::VERSION, name: "0002_normalized_names", run: m0002_normalized_names::run },
    Step { version: m0003_postings::VERSION, name: "0003_postings", run: m0003_postings::run },
    Step { version: m0004_counts::VERSION, name: "0004_counts", run: m0004_counts::run },
    Step { version: m0005_dated_evidence::VERSION, name: "0005_dated_evidence", run: m0005_dated_evidence::run },
];

/// Reads the stored schema version, if any.
pub fn stored_version(meta: &sled::Tree) -> Result<Option<u32>, Error> {
    match meta.get(keys::SCHEMA_VERSION)? {
        None => Ok(None),
        Some(bytes) => {
            let arr: [u8; 4] = bytes
                .as_ref()
                .try_into()
                .map_err(|_| Error::corrupt(keys::META, keys::SCHEMA_VERSION, "schema version is not 4 bytes"))?;
            Ok(Some(u32::from_be_bytes(arr)))
        }
    }
}

fn set_version(db: &sled::Db, meta: &sled::Tree, version: u32) -> Result<(), Error> {
    meta.insert(keys::SCHEMA_VERSION, &version.to_be_bytes())?;
    db.flush()?;
    Ok(())
}

/// Brings the store to `LATEST`; returns the names of the steps it ran.
pub fn run(db: &sled::Db) -> Result<Vec<&'static str>, Error> {
    let meta = db.open_tree(keys::META)?;
    let found = match stored_version(&meta)? {
        Some(v) => v,
        None => {
            let entities = db.open_tree(keys::ENTITIES)?;
            let articles = db.open_tree(keys::ARTICLES)?;
            if entities.is_empty() && articles.is_empty() {
                set_version(db, &meta, LATEST)?;
                return Ok(Vec::new());
            }
            return Err(Error::corrupt(keys::META, keys::SCHEMA_VERSION, "store holds data but no schema version"));
        }
    };
    if found > LATEST {
        return Err(Error::SchemaTooNew { found, supported: LATEST });
    }
    let mut ran = Vec::new();
    for step in STEPS.iter().filter(|s| s.version > found) {
        (step.run)(db)?;
        set_version(db, &meta, step.version)?;
        ran.push(step.name);
    }
    Ok(ran)
}
