//! Where a store's bytes go: keys and bytes per key family (sled tree), and the files of the
//! store directory by what they are (sled's log, its page-table snapshots, the search index).
//!
//! `kg stats --storage` shows both, so that a store's size can be explained before it is
//! changed: the logical bytes are what kg wrote, the files what sled and tantivy made of them.

use super::{io_message, Error, Result, Store};
use std::path::Path;

/// One key family: how many keys, and their key and value bytes (also `kg stats --storage`'s
/// JSON, field for field).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TreeUsage {
    pub name: String,
    pub keys: u64,
    pub key_bytes: u64,
    pub value_bytes: u64,
}

/// The files of the store directory, in bytes, by what they hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DiskUsage {
    /// sled's log (`db`) and its large values (`blobs/`).
    pub log: u64,
    /// sled's snapshots of its page table (`snap.*`).
    pub snapshots: u64,
    /// The full-text index (`search/`).
    pub search: u64,
    /// sled's `conf` and the snapshots set aside after a crash. Files that say who holds the
    /// store (the lock, a server's address) are not counted: they are not what it stores.
    pub other: u64,
}

impl DiskUsage {
    pub fn total(&self) -> u64 {
        self.log + self.snapshots + self.search + self.other
    }
}

impl Store {
    /// Every key family of the store, by name, read whole: as slow as an export of the keys.
    pub fn tree_usage(&self) -> Result<Vec<TreeUsage>> {
        let mut out = Vec::new();
        for name in self.db.tree_names() {
            if name.as_ref() == b"__sled__default" {
                continue;
            }
            let tree = self.db.open_tree(&name)?;
            let mut usage = TreeUsage { name: String::from_utf8_lossy(&name).into_owned(), ..Default::default() };
            for kv in tree.iter() {
                let (k, v) = kv?;
                usage.keys += 1;
                usage.key_bytes += k.len() as u64;
                usage.value_bytes += v.len() as u64;
            }
            out.push(usage);
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// The store directory's files, by what they hold.
    pub fn disk_usage(&self) -> Result<DiskUsage> {
        let mut usage = DiskUsage::default();
        let read = |e: std::io::Error| Error::Sled(io_message(&format!("reading {}", self.path.display()), &e));
        for entry in std::fs::read_dir(&self.path).map_err(read)? {
            let entry = entry.map_err(read)?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let slot = match name.as_ref() {
                "db" | "blobs" => &mut usage.log,
                n if n.starts_with("snap.") => &mut usage.snapshots,
                crate::search::DIR => &mut usage.search,
                "conf" | "set-aside" => &mut usage.other,
                _ => continue,
            };
            *slot += tree_bytes(&entry.path()).map_err(read)?;
        }
        Ok(usage)
    }
}

/// The bytes of a file, or of every file under a directory (links not followed).
fn tree_bytes(path: &Path) -> std::io::Result<u64> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in std::fs::read_dir(path)? {
        total += tree_bytes(&entry?.path())?;
    }
    Ok(total)
}
