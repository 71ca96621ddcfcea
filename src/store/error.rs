//! What can go wrong with a store, as one error type whose messages say what to do, and the
//! one-line form of an i/o error that every store message uses. Nothing here reads or writes a store.

use std::path::PathBuf;

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("store {} is in use by another kg process (wait for it to finish, or use another --db)", path.display())]
    InUse { path: PathBuf },
    #[error("no store at {} (run `kg ingest` first, or pass --db)", path.display())]
    NotFound { path: PathBuf },
    #[error("{} is not a kg store (it is a file; a store is a directory)", path.display())]
    NotADirectory { path: PathBuf },
    #[error("{} already exists: choose a new path", path.display())]
    Exists { path: PathBuf },
    #[error("{} is not empty and is not a kg store: refusing to write into it (use a new directory for --db)", path.display())]
    NotAStore { path: PathBuf },
    #[error("store schema version {found} is newer than this kg supports ({supported}): upgrade kg")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("store is corrupt: tree {tree}, key {key}: {reason}")]
    Corrupt { tree: &'static str, key: String, reason: String },
    /// An i/o or storage-engine failure, as one line with what to do about it.
    #[error("{0}")]
    Sled(String),
    /// A correction that would leave the graph inconsistent (a self-edge, a self-merge, a
    /// name another entity holds), refused before anything is written.
    #[error("{0}")]
    Refused(String),
}

impl From<sled::Error> for Error {
    fn from(e: sled::Error) -> Self {
        match e {
            sled::Error::Io(io) => Error::Sled(io_message("store i/o", &io)),
            sled::Error::Corruption { .. } => {
                Error::Sled(format!("store is corrupt ({e}): run `kg check`, or restore a backup"))
            }
            other => Error::Sled(format!("store i/o: {other}")),
        }
    }
}

/// One line for an i/o error: what failed, the system's reason (not its Debug form), and what
/// to do about it.
pub fn io_message(what: &str, io: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let advice = match io.kind() {
        K::StorageFull => ": free disk space and run the command again (what was committed is kept)",
        K::PermissionDenied => ": check the permissions of the store directory",
        K::ReadOnlyFilesystem => {
            ": kg writes to its store even to read it (a lock file and sled's snapshots); copy the store to a writable place and pass --db"
        }
        K::NotFound => ": the store directory or one of its files went away",
        _ => "",
    };
    // An io::Error from sled may wrap another one, or carry the Debug form of one as its
    // message ("Os { code: 28, kind: StorageFull, .. }"): show the system's own words.
    let inner = io.get_ref().and_then(|e| e.downcast_ref::<std::io::Error>()).unwrap_or(io);
    let text = inner.to_string();
    let reason = match text.split_once("Os { code: ").and_then(|(_, rest)| rest.split(',').next()?.parse::<i32>().ok())
    {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => text,
    };
    format!("{what}: {reason}{advice}")
}

impl Error {
    pub(crate) fn corrupt(tree: &'static str, key: &[u8], reason: &str) -> Self {
        Error::Corrupt { tree, key: String::from_utf8_lossy(key).into_owned(), reason: reason.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
