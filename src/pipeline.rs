//! The ingest pipeline: one reader, extraction on a pool of threads, one writer.
//!
//! ```text
//! reader thread ──items──▶ N extraction workers ──facts──▶ writer (this thread) ──plans──▶ commit thread
//!   files, JSONL lines        extract::extract             reorder by sequence number,     encode, one sled
//!                                                          link, plan the batch            transaction a batch
//! ```
//!
//! Channels are bounded, so memory stays flat however large the input: the reader waits when
//! the workers are busy, the workers wait when the writer is. The writer puts results back in
//! input order before linking, so entity ids, and therefore the whole graph, are the same
//! whatever the thread count or timing. Writes are grouped into batches committed in one sled
//! transaction each (`store::batch`): an article is always either fully in or fully out.
//! This module never prints: it reports to the caller through `Event`s.

use crate::extract::{extract, link, Lexicon};
use crate::graph::ArticleFacts;
use crate::ingest::{self, Article, Item};
use crate::store::{self, ArticleMeta, Store, WriteOutcome};
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};

/// How to run an ingest.
#[derive(Clone, Debug)]
pub struct Options {
    pub read: ingest::Options,
    /// Extraction threads (at least one).
    pub jobs: usize,
    /// Commit after this many articles...
    pub batch_articles: usize,
    /// Re-extract and replace articles even when neither their text nor the rules changed.
    pub reextract: bool,
    /// ...or this many bytes of article text, whichever comes first.
    pub batch_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read: ingest::Options::default(),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            batch_articles: 1000,
            reextract: false,
            batch_bytes: 8 << 20,
        }
    }
}

/// What happened to one input item, in input order.
#[derive(Debug)]
pub enum Event<'a> {
    /// An article was written (or found unchanged). `bytes` is its text size.
    Written { id: &'a str, origin: &'a str, outcome: WriteOutcome, bytes: usize },
    /// A file or line could not be read or extracted; it was skipped.
    Failed { origin: &'a str, reason: &'a str },
    /// Something the user should know that did not stop the article.
    Warning { origin: &'a str, message: &'a str },
    /// A batch was handed to the store: everything reported before it is written (in one
    /// transaction, not yet flushed) by the time the next batch is.
    Committed,
}

enum Work {
    Article { article: Article, origin: String, warnings: Vec<ingest::Warning>, facts: ArticleFacts },
    Failed { origin: String, reason: String },
}

/// Where an ingest reads its articles.
pub enum Source<'a> {
    /// Files and directories (`-`: JSON Lines from standard input).
    Paths(&'a [PathBuf]),
    /// A JSON Lines batch already in memory (a request body), named `name` in messages.
    Jsonl { name: &'a str, bytes: &'a [u8] },
}

/// Reads `source`, extracts, and writes into `store`, calling `on_event` for each item in
/// input order. Flushes the store before returning.
///
/// # Errors
/// Only store errors stop an ingest; bad input is reported through `Event::Failed`.
pub fn run(
    store: &Store,
    lex: &Lexicon,
    source: &Source<'_>,
    options: &Options,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(), store::Error> {
    let jobs = options.jobs.max(1);
    let (item_tx, item_rx) = sync_channel::<(u64, Item)>(jobs * 16);
    let (work_tx, work_rx) = sync_channel::<(u64, Work)>(256.max(jobs * 16));
    let item_rx = Arc::new(Mutex::new(item_rx));
    std::thread::scope(|scope| {
        let read_options = &options.read;
        scope.spawn(move || {
            let mut seq = 0u64;
            let stopped = std::cell::Cell::new(false);
            let mut send = |item| {
                // The writer stopped (a store error): stop reading too.
                stopped.set(stopped.get() || item_tx.send((seq, item)).is_err());
                seq += 1;
            };
            match source {
                Source::Paths(paths) => {
                    for path in *paths {
                        ingest::read_path(path, read_options, &mut send);
                        if stopped.get() {
                            break;
                        }
                    }
                }
                Source::Jsonl { name, bytes } => ingest::read_jsonl(*bytes, name, read_options, &mut send),
            }
        });
        for _ in 0..jobs {
            let rx = Arc::clone(&item_rx);
            let tx = work_tx.clone();
            scope.spawn(move || loop {
                let next = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok((seq, item)) = next else { return };
                if tx.send((seq, work(item, lex))).is_err() {
                    return;
                }
            });
        }
        // Only the workers hold the item receiver now: when they stop (the writer failed and
        // dropped its receiver), the reader's next send fails and it stops too, instead of
        // waiting for ever on a channel nobody reads.
        drop(item_rx);
        drop(work_tx);
        write(store, lex, work_rx, options, on_event)
    })?;
    store.flush()
}

/// Extracts one item; a panic in the extractor (a bug) costs that article only.
fn work(item: Item, lex: &Lexicon) -> Work {
    match item {
        Item::Failed { origin, reason } => Work::Failed { origin, reason },
        Item::Article { article, origin, warnings } => {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(&article.text, &article.date, lex)))
            {
                Ok(facts) => Work::Article { article, origin, warnings, facts },
                Err(_) => Work::Failed {
                    origin,
                    reason: format!(
                        "internal error while extracting article {:?} (a bug: please report it with this article)",
                        article.id
                    ),
                },
            }
        }
    }
}

/// The writer: takes results back into input order, links, batches and commits them.
fn write(
    store: &Store,
    lex: &Lexicon,
    rx: Receiver<(u64, Work)>,
    options: &Options,
    on_event: &mut dyn FnMut(Event<'_>),
) -> Result<(), store::Error> {
    let mut pending: BTreeMap<u64, Work> = BTreeMap::new();
    let mut next = 0u64;
    let mut batch = store.batch()?.with_rules(lex.fingerprint, options.reextract);
    // Ids seen in this run, hashed: 8 bytes an article, to warn about duplicates.
    let mut seen: HashSet<u64> = HashSet::default();
    for (seq, work) in rx {
        pending.insert(seq, work);
        while let Some(work) = pending.remove(&next) {
            next += 1;
            match work {
                Work::Failed { origin, reason } => on_event(Event::Failed { origin: &origin, reason: &reason }),
                Work::Article { article, origin, warnings, mut facts } => {
                    for w in &warnings {
                        on_event(Event::Warning { origin: &w.origin, message: &w.message });
                    }
                    for w in &facts.warnings {
                        on_event(Event::Warning { origin: &origin, message: w });
                    }
                    if !seen.insert(id_hash(&article.id)) {
                        let message = format!("duplicate article id {:?} in this run; the last one wins", article.id);
                        on_event(Event::Warning { origin: &origin, message: &message });
                    }
                    link(&mut facts, &batch, lex);
                    let meta = ArticleMeta {
                        id: article.id.clone(),
                        title: article.title,
                        date: article.date,
                        source: article.source,
                    };
                    let outcome = batch.write_article(&meta, &article.text, &facts)?;
                    on_event(Event::Written { id: &meta.id, origin: &origin, outcome, bytes: article.text.len() });
                    if batch.len() >= options.batch_articles || batch.pending_bytes() >= options.batch_bytes {
                        // Written on another thread while the next batch is planned.
                        batch.submit()?;
                        on_event(Event::Committed);
                    }
                }
            }
        }
    }
    batch.commit()?;
    on_event(Event::Committed);
    Ok(())
}

fn id_hash(id: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}
