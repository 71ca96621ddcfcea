//! The core the faces call: one typed operation per thing kg does to a store besides reading
//! it (a correction, the corrections log, undo, import, check, backup, forget), each a request type
//! and a reply type (serde), run on the store itself or on the `kg serve` that holds it.
//! What streams instead of replying (`ingest`, `extract`, `export`, `rebuild`: `kg import`)
//! is a function over the same `Client`, taking a writer or telling its progress as it goes.
//!
//! ```text
//! faces   cli/ (clap → ops → render)        serve/ (routes → ops → JSON)
//! core    ops/ (this)   view/ (typed reads)   error.rs
//! engine  store/ query/ export/ pipeline/ ... graph/
//! ```
//!
//! `Client` is the one place that decides where an operation runs: on the server named by
//! the store's address file (`address`) when one answers, else on the store, opened here.
//! The server runs the same `Operation::run` on the store it holds, so a command prints the
//! same bytes either way: the CLI renders the reply, whichever side built it.
//!
//! Never prints, never exits, never imports `cli` or `serve`: they import this.

pub mod address;
pub mod backup;
pub mod check;
pub mod client;
pub mod correct;
pub mod export;
pub mod extract;
pub mod forget;
pub mod import;
pub mod ingest;
pub mod log;
pub mod rebuild;

use crate::error::{Error, Result};
use crate::store::{Access, Store};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

/// How an operation travels to a server: its method and route. The request itself is the
/// body of a POST; a GET has none (its parameters are in the route).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// One thing kg does, as a request the CLI builds and the server receives.
pub trait Operation: Serialize + DeserializeOwned + Send + 'static {
    /// What it answers: what the CLI renders, and what the server sends as JSON.
    type Reply: Serialize + DeserializeOwned + Send + 'static;

    /// Whether it changes the store: through a server it then needs the token.
    const WRITES: bool;

    /// Its method and route on the server (`/api/...`).
    fn route(&self) -> (Method, String);

    /// Checks what can be checked without a store, so that a bad request is refused the
    /// same way (and before a store is opened) wherever it runs.
    fn validate(&self) -> Result<()> {
        Ok(())
    }

    /// Runs it on the store.
    fn run(&self, local: &Local) -> Result<Self::Reply>;
}

/// The store an operation runs on, and the server's write lock when a server holds it.
pub struct Local<'a> {
    pub store: &'a Store,
    /// Held by each write through a server: the store's write batches plan against what is
    /// committed, so two writers at once would each miss the other's entities.
    pub writer: Option<&'a Mutex<()>>,
}

impl Local<'_> {
    /// Takes the write lock, when there is one (a command alone holds the whole store).
    pub fn one_writer(&self) -> Option<MutexGuard<'_, ()>> {
        self.writer.map(|w| w.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

/// Where operations run for a command: the server holding `db`, else `db` itself. The one
/// place with the "server, else store" fallback.
pub struct Client<'a> {
    db: &'a Path,
    /// Told each migration step when the store is opened here (the CLI says it, unless
    /// quiet).
    migrated: Box<dyn Fn(&str) + 'a>,
}

impl<'a> Client<'a> {
    pub fn new(db: &'a Path, migrated: Box<dyn Fn(&str) + 'a>) -> Client<'a> {
        Client { db, migrated }
    }

    /// The server holding the store, if its address file names a live process.
    pub fn server(&self) -> Option<client::Server> {
        client::running(self.db)
    }

    /// Asks the server holding the store with `ask`: `None` when there is none, or when its
    /// address file is stale (nobody answers), so that the caller uses the store itself.
    ///
    /// # Errors
    /// The server's error, as the command's own.
    pub fn served<T>(&self, ask: impl FnOnce(&client::Server) -> Result<T, client::ClientError>) -> Result<Option<T>> {
        let Some(server) = self.server() else { return Ok(None) };
        match ask(&server) {
            Ok(t) => Ok(Some(t)),
            // A stale address file: the store answers, or says it is in use.
            Err(client::ClientError::Unreachable(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Runs an operation: on the server holding the store, else on the store, opened for it
    /// (and, for a write, closed with a snapshot after it).
    pub fn run<O: Operation>(&self, op: &O) -> Result<O::Reply> {
        op.validate()?;
        if let Some(reply) = self.served(|s| s.operate(op))? {
            return Ok(reply);
        }
        if !O::WRITES {
            let store = self.open_read()?;
            return op.run(&Local { store: &store, writer: None });
        }
        let (store, migrated) = Store::open(self.db, Access::Existing)?;
        migrated.iter().for_each(|step| (self.migrated)(step));
        let reply = op.run(&Local { store: &store, writer: None })?;
        store.close_and_snapshot()?;
        Ok(reply)
    }

    /// Answers a reading question (a `view`): from the server at `endpoint`, else from the
    /// store with `build`, the view's builder.
    pub fn read<Q: Serialize, V: DeserializeOwned>(
        &self,
        endpoint: &str,
        req: &Q,
        build: crate::view::Builder<Q, V>,
    ) -> Result<V> {
        if let Some(view) = self.served(|s| s.get(endpoint, req))? {
            return Ok(view);
        }
        let store = self.open_read()?;
        Ok(build(&store, req)?)
    }

    /// Opens the existing store for reading.
    pub fn open_read(&self) -> Result<ReadOnly> {
        let (store, migrated) = Store::open(self.db, Access::Existing)?;
        migrated.iter().for_each(|step| (self.migrated)(step));
        Ok(ReadOnly(std::mem::ManuallyDrop::new(store)))
    }

    /// For what needs the store itself (`kg import` builds a new one): a clear refusal,
    /// exit 3, while a server holds it.
    pub fn refuse_if_served(&self, command: &str) -> Result<()> {
        match self.server() {
            Some(server) => Err(Error::InUse(format!(
                "store {} is held by kg serve at {} (pid {}): `kg {command}` needs the store itself; stop the server (Ctrl-C, or kill {}) and run it again",
                self.db.display(),
                server.url(),
                server.pid,
                server.pid
            ))),
            None => Ok(()),
        }
    }
}

/// A store only read, left open when the command ends: the process exits next, which
/// closes it.
///
/// Closing a sled store frees its page table entry by entry: a tenth of a `kg query` on a
/// 100k-article store, more on larger ones. Skipping that is safe: sled is crash-safe, so
/// ending without closing is what a kill does, and a reader has nothing unwritten (a
/// migration flushes before it returns).
pub struct ReadOnly(std::mem::ManuallyDrop<Store>);

impl std::ops::Deref for ReadOnly {
    type Target = Store;

    fn deref(&self) -> &Store {
        &self.0
    }
}

/// Refuses an output (an export, a backup) inside the store directory: writing there would
/// corrupt the store. `output` may not exist yet: its nearest existing ancestor decides,
/// symbolic links resolved.
pub fn refuse_inside_store(output: &Path, db: &Path) -> Result<()> {
    let Ok(store) = db.canonicalize() else { return Ok(()) };
    let cwd = std::env::current_dir().map_err(|e| Error::usage(format!("the current directory: {e}")))?;
    let mut probe = if output.is_absolute() { output.to_path_buf() } else { cwd.join(output) };
    loop {
        if let Ok(real) = probe.canonicalize() {
            if real.starts_with(&store) {
                return Err(Error::usage(format!(
                    "{} is inside the store {}: write the export somewhere else",
                    output.display(),
                    db.display()
                )));
            }
            return Ok(());
        }
        if !probe.pop() {
            return Ok(());
        }
    }
}
