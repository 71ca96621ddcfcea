//! The address file: while `kg serve` holds a store, `serve.json` in the store directory
//! says where it listens, so that other commands ask it instead of failing with "in use".
//!
//! The server writes the file once it listens and removes it on exit. A file left by a
//! server that died (kill -9, a crash) is stale: its process is gone, or it no longer
//! answers. Clients then fall back to the store, and the next server replaces the file.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file's name inside the store directory.
pub const FILE: &str = "serve.json";
/// A token file in the store directory: write endpoints need it when it exists.
pub const TOKEN_FILE: &str = "serve.token";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// `127.0.0.1:7070`.
    pub addr: String,
    pub pid: u32,
    pub version: String,
}

fn path(db: &Path) -> PathBuf {
    db.join(FILE)
}

/// Writes the file whole (beside it, then renamed): a reader never sees half of it.
pub fn write(db: &Path, address: &Address) -> std::io::Result<()> {
    let tmp = db.join(format!("{FILE}.{}", std::process::id()));
    std::fs::write(&tmp, serde_json::to_vec(address).map_err(std::io::Error::other)?)?;
    std::fs::rename(&tmp, path(db))
}

/// The server this store's file names, if its process is alive.
pub fn read(db: &Path) -> Option<Address> {
    let bytes = std::fs::read(path(db)).ok()?;
    let address: Address = serde_json::from_slice(&bytes).ok()?;
    alive(address.pid).then_some(address)
}

/// Whether a file is there, alive or not.
pub fn exists(db: &Path) -> bool {
    path(db).exists()
}

pub fn remove(db: &Path) {
    let _ = std::fs::remove_file(path(db));
}

/// Whether a process with this id exists (signal 0 checks without sending anything).
fn alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else { return false };
    // SAFETY: kill with signal 0 only checks that the process exists and may be signalled.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The write token: `--token`, else the store's token file.
pub fn token(db: &Path, given: Option<&str>) -> Option<String> {
    given.map(String::from).or_else(|| {
        std::fs::read_to_string(db.join(TOKEN_FILE)).ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
    })
}
