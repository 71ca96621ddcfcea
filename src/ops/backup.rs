//! `POST /api/backup`: a consistent copy of the store in a new directory, usable as a store,
//! with its search index.

use super::{Local, Method, Operation};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Copy the store to `dest`, which must not exist. A server resolves a relative path from
/// its own directory: clients send an absolute one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    pub dest: PathBuf,
}

/// The copy made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackedUp {
    /// The keys copied.
    pub keys: u64,
}

impl Operation for Backup {
    type Reply = BackedUp;
    // It writes a directory where the request says: a write, with the token rules of one.
    const WRITES: bool = true;

    fn route(&self) -> (Method, String) {
        (Method::Post, "/api/backup".into())
    }

    fn run(&self, local: &Local) -> Result<BackedUp> {
        let dest = &self.dest;
        if dest.exists() {
            return Err(Error::usage(format!("{} already exists: choose a new path", dest.display())));
        }
        // Checked here too, where the copy is made: a request to a server comes with a path
        // the client checked, or with any path at all (a symbolic link into the store, #23).
        super::refuse_inside_store(dest, local.store.path())?;
        let _one_writer = local.one_writer();
        // The store between two commits of an ingest running meanwhile, never half of one.
        let _consistent = local.store.consistent();
        // Built beside DEST and renamed into place once complete: a killed backup leaves no
        // DEST that looks like a store.
        // The search index goes with it: its files do not change while no ingest commits.
        let keys = crate::atomic::build_dir(dest, |tmp| {
            let keys = local.store.backup(tmp)?;
            let failed = |e: crate::search::Error| Error::from(crate::store::Error::Sled(e.to_string()));
            local.store.search_index().and_then(|index| index.copy_to(tmp)).map_err(failed)?;
            Ok::<u64, Error>(keys)
        })?;
        Ok(BackedUp { keys })
    }
}
