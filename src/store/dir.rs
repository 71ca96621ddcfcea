//! The store directory around sled's files: whether a path may become a store, the lock that
//! makes one kg process its only user, and the half-written snapshots a killed process leaves.
//!
//! Called by `Store::open` before sled opens the directory; it never reads or writes sled's
//! own files, only moves a partial snapshot aside.

use super::{io_message, Error, Result};
use std::path::Path;

/// Whether `path` does not exist, is an empty directory, or holds only what a kg killed while
/// creating the store left (its lock file, sled's empty `blobs/`, the search index's directory).
pub(super) fn is_empty_dir(path: &Path) -> Result<bool> {
    match std::fs::read_dir(path) {
        Ok(entries) => Ok(entries
            .flatten()
            .all(|e| matches!(e.file_name().to_str(), Some("kg.lock" | "blobs" | "set-aside" | crate::search::DIR)))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(true),
        Err(e) => Err(Error::Sled(io_message(&format!("reading {}", path.display()), &e))),
    }
}

/// Takes `kg.lock` in the store directory, or reports the store in use.
pub(super) fn lock_store(path: &Path) -> Result<std::fs::File> {
    let file = path.join("kg.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&file)
        .map_err(|e| Error::Sled(io_message(&format!("opening {}", file.display()), &e)))?;
    match lock.try_lock() {
        Ok(()) => Ok(lock),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::InUse { path: path.to_path_buf() }),
        Err(std::fs::TryLockError::Error(e)) => {
            Err(Error::Sled(io_message(&format!("locking {}", file.display()), &e)))
        }
    }
}

/// Moves snapshot files that a killed process left half-written (`snap.*.generating`) into
/// `set-aside/`, where sled never reads: it reads every file named `snap.*`, and a partial
/// one makes the store fail to open ("Read corrupted data"). The finished snapshot before it,
/// or the log, still hold everything committed. Run under `kg.lock`, so no live process is
/// writing one.
pub(super) fn set_aside_partial_snapshots(path: &Path) -> Result<()> {
    let io = |what: String, e: std::io::Error| Error::Sled(io_message(&what, &e));
    let entries = std::fs::read_dir(path).map_err(|e| io(format!("reading {}", path.display()), e))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("snap.") && name.ends_with(".generating") {
            let aside = path.join("set-aside");
            std::fs::create_dir_all(&aside).map_err(|e| io(format!("creating {}", aside.display()), e))?;
            std::fs::rename(entry.path(), aside.join(&name))
                .map_err(|e| io(format!("setting aside {}", entry.path().display()), e))?;
        }
    }
    Ok(())
}

/// Whether an i/o error is sled failing to take the store's file lock: sled wraps the
/// `WouldBlock` of the lock call in an error of its own.
pub(super) fn is_lock_conflict(io: &std::io::Error) -> bool {
    io.kind() == std::io::ErrorKind::WouldBlock
        || io
            .get_ref()
            .and_then(|e| e.downcast_ref::<std::io::Error>())
            .is_some_and(|e| e.kind() == std::io::ErrorKind::WouldBlock)
        || io.to_string().contains("could not acquire lock")
}
