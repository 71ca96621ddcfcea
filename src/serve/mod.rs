//! `kg serve`: one process holds the store and answers HTTP: the JSON API, and a web page to
//! explore the graph.
//!
//! Opening sled costs every command its open (tens of milliseconds at 100k articles), and
//! sled lets one process hold a store. A server opens it once: queries then cost
//! milliseconds, an ingest can run while queries are answered, and other commands ask the
//! server (`ops::Client`) instead of failing with "in use".
//!
//! Threads: tokio answers requests; each question runs on tokio's blocking pool (sled reads
//! block), writes one at a time behind a lock. A panic in a handler is caught by its task and
//! answered as a 500; the server goes on.
//!
//! Every request passes the guard first (`guard.rs`: Host, Origin, content type, security
//! headers, JSON errors), heavy ones then the gate (`gate.rs`: a few at a time, 503 past a
//! short queue); connections get a header timeout (`gate::serve`).

mod api;
mod gate;
mod guard;
mod web;

use crate::extract::Lexicon;
use crate::ops::address;
use crate::store::{Access, Store};
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How to serve.
#[derive(Clone, Debug)]
pub struct Options {
    /// `127.0.0.1:7070`; port 0 picks a free port.
    pub addr: String,
    /// The write token (`--token`); the store's token file is read when absent.
    pub token: Option<String>,
    /// The largest request body, in bytes (an ingest batch).
    pub max_body: usize,
    pub lexicon: Option<PathBuf>,
    /// sled's page cache, in bytes.
    pub cache_bytes: u64,
    /// Host names besides loopback and the bound address that requests may use
    /// (`--allow-host`).
    pub allow_hosts: Vec<String>,
    pub quiet: bool,
}

/// What every request shares.
pub struct App {
    pub store: Store,
    pub lex: Lexicon,
    pub db: PathBuf,
    /// Held by each write (ingest): the store's write batches plan against what is
    /// committed, so two writers at once would each miss the other's entities.
    pub writer: Mutex<()>,
    pub token: Option<String>,
    /// Whether the server listens on a loopback address only.
    pub loopback: bool,
    pub max_body: usize,
    /// The names requests may use (`Host`).
    pub hosts: Arc<guard::Hosts>,
    /// The permits of heavy requests.
    pub gate: Arc<gate::Gate>,
}

/// Serves until SIGINT or SIGTERM, then lets in-flight requests finish, removes the address
/// file, flushes and snapshots the store.
///
/// # Errors
/// A bad address, a store that cannot be opened (held by another process, a bad path), a
/// port in use, or a lexicon that does not load.
pub fn run(db: &Path, options: &Options) -> anyhow::Result<()> {
    let usage = |message: String| anyhow::Error::new(crate::Error::Usage(message));
    let addr: SocketAddr = options
        .addr
        .to_socket_addrs()
        .map_err(|e| usage(format!("--addr {}: {e} (give HOST:PORT, for example 127.0.0.1:7070)", options.addr)))?
        .next()
        .ok_or_else(|| usage(format!("--addr {} resolves to no address", options.addr)))?;
    let lex = Lexicon::load(options.lexicon.as_deref()).map_err(|e| usage(format!("lexicon: {e}")))?;
    let stale = address::exists(db);
    let new = !db.join("conf").exists();
    let (store, migrated) = match Store::open_with_cache(db, Access::Create, options.cache_bytes) {
        Ok(opened) => opened,
        Err(e @ crate::store::Error::InUse { .. }) => {
            return Err(match address::read(db) {
                Some(a) => anyhow::Error::new(crate::Error::InUse(format!(
                    "store {} is already served at http://{} (pid {})",
                    db.display(),
                    a.addr,
                    a.pid
                ))),
                None => anyhow::Error::new(crate::Error::Store(e)),
            })
        }
        Err(e) => return Err(crate::Error::Store(e).into()),
    };
    let say = |m: String| {
        if !options.quiet {
            eprintln!("kg: {m}");
        }
    };
    for step in migrated {
        say(format!("migrated store {} ({step})", db.display()));
    }
    if new {
        // A mistyped --db would otherwise serve an empty graph without a word.
        say(format!("no store at {}: created an empty one (ingest into it through the server)", db.display()));
    }
    if stale {
        // We hold the store, so the server that wrote the file is gone.
        address::remove(db);
        say(format!("removed a stale address file left by a server that did not stop cleanly ({})", address::FILE));
    }
    let app = Arc::new(App {
        store,
        lex,
        db: db.to_path_buf(),
        writer: Mutex::new(()),
        token: address::token(db, options.token.as_deref()),
        loopback: addr.ip().is_loopback(),
        max_body: options.max_body,
        hosts: Arc::new(guard::Hosts::new(addr, &options.allow_hosts)),
        gate: Arc::new(gate::Gate::new(std::time::Duration::from_secs(30))),
    });
    if !app.loopback && app.token.is_none() {
        say(format!(
            "listening beyond loopback without a token: ingest is refused until you restart with --token or write one to {}",
            db.join(address::TOKEN_FILE).display()
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let listening = std::sync::atomic::AtomicBool::new(false);
    let served: anyhow::Result<()> = runtime.block_on(async {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| usage(format!("cannot listen on {addr}: {e}")))?;
        let local = listener.local_addr()?;
        // Signal handlers first: a client that reads the address file may stop the server
        // at once, and SIGTERM before them would kill it without a clean stop.
        let stop = shutdown();
        listening.store(true, std::sync::atomic::Ordering::Relaxed);
        address::write(
            db,
            &address::Address {
                addr: local.to_string(),
                pid: std::process::id(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
        )?;
        say(format!("serving {} at {} (Ctrl-C to stop)", db.display(), page_url(local, app.token.as_deref())));
        gate::serve(listener, api::router(Arc::clone(&app)), stop).await?;
        Ok(())
    });
    address::remove(db);
    if listening.load(std::sync::atomic::Ordering::Relaxed) {
        say("stopping: finishing the requests in flight, then flushing the store".into());
    }
    // Dropping the runtime waits for the blocking tasks (an ingest) still running.
    drop(runtime);
    match Arc::try_unwrap(app) {
        Ok(app) => app.store.close_and_snapshot().map_err(crate::Error::Store)?,
        Err(app) => app.store.flush().map_err(crate::Error::Store)?,
    }
    served
}

/// The page's address as printed. With a token, the token rides in the fragment
/// (`#token=...`): a browser never sends a fragment to any server nor in a `Referer`, the
/// page reads it, keeps it in the tab's session storage and takes it out of the address bar,
/// and sends it on its writes. It is printed to the terminal of whoever started the server,
/// who has the token already (Jupyter prints its token the same way, in the query string).
fn page_url(local: SocketAddr, token: Option<&str>) -> String {
    match token {
        None => format!("http://{local}/"),
        Some(t) => {
            let encoded: String = t
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(b).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("http://{local}/#token={encoded}")
        }
    }
}

/// Installs the handlers for SIGINT (Ctrl-C) and SIGTERM; the future resolves on either.
fn shutdown() -> impl std::future::Future<Output = ()> {
    use tokio::signal::unix::{signal, SignalKind};
    let handlers = (signal(SignalKind::terminate()), signal(SignalKind::interrupt()));
    async move {
        let (Ok(mut term), Ok(mut int)) = handlers else {
            // Without signal handlers the server can only be killed; sled is crash-safe.
            return std::future::pending().await;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_url_carries_the_token_in_its_fragment_percent_encoded() {
        let local: SocketAddr = "127.0.0.1:7070".parse().unwrap();
        assert_eq!(page_url(local, None), "http://127.0.0.1:7070/");
        assert_eq!(page_url(local, Some("s3cret")), "http://127.0.0.1:7070/#token=s3cret");
        assert_eq!(page_url(local, Some("a b&c/é")), "http://127.0.0.1:7070/#token=a%20b%26c%2F%C3%A9");
    }
}
