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
use crate::search::{Doc, SearchIndex};
use crate::store::{self, ArticleMeta, Store, WriteOutcome};
use rustc_hash::FxHashSet as HashSet;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
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
    /// Set (by a Ctrl-C) to stop reading: what was read is still extracted and committed,
    /// so the ingest ends between two articles, and a rerun continues where it stopped.
    pub stop: Option<Arc<AtomicBool>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            read: ingest::Options::default(),
            jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
            batch_articles: 1000,
            reextract: false,
            batch_bytes: 8 << 20,
            stop: None,
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
    /// A file met in a directory is not an article (`kind`: `.png`, `hidden file`).
    Skipped { origin: &'a str, kind: &'a str },
    /// A batch was handed to the store: everything reported before it is written (in one
    /// transaction, not yet flushed) by the time the next batch is.
    Committed,
}

/// What a worker hands the writer: an article with its facts, or a failure to report.
// Failures are few: boxing every article to shrink them would cost more than it saves.
#[allow(clippy::large_enum_variant)]
pub enum Work {
    Article {
        article: Article,
        origin: String,
        warnings: Vec<ingest::Warning>,
        facts: ArticleFacts,
        /// The content hash: a facts record's (whose text is not here), or computed from the
        /// text by the worker that extracted it. `None`: computed by the writer.
        hash: Option<[u8; 32]>,
        /// Bytes of article text.
        bytes: usize,
    },
    Failed {
        origin: String,
        reason: String,
    },
    /// A file that is not an article.
    Skipped {
        origin: String,
        kind: String,
    },
}

/// Where an ingest reads its articles.
pub enum Source<'a> {
    /// Files and directories (`-`: JSON Lines from standard input).
    Paths(&'a [PathBuf]),
    /// A JSON Lines batch already in memory (a request body), named `name` in messages.
    Jsonl { name: &'a str, bytes: &'a [u8] },
    /// Facts files written by `kg extract` (`-`: standard input): extraction is done.
    Facts(&'a [PathBuf]),
    /// Facts records already in memory (a request body).
    FactsJsonl { name: &'a str, bytes: &'a [u8] },
}

/// What the reader hands the workers.
enum Input {
    Item(Item),
    /// One line of a facts file, parsed by a worker.
    Record {
        origin: String,
        line: String,
    },
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
    let mut writer = Writer::new(store, lex, options)?;
    let index = std::sync::Arc::clone(&writer.search);
    let done =
        stages(lex, source, options, &mut |work| writer.take(work, on_event)).and_then(|()| writer.finish(on_event));
    // Whatever was staged and not committed (a store error) goes with the writer: the next
    // ingest in this process starts clean.
    index.close_writer();
    done?;
    store.flush()
}

/// Reads and extracts `source` without a store (`kg extract`), handing each result to
/// `consume` in input order.
///
/// # Errors
/// What `consume` returns (a closed output).
pub fn extract_only<E>(
    lex: &Lexicon,
    source: &Source<'_>,
    options: &Options,
    consume: &mut dyn FnMut(Work) -> Result<(), E>,
) -> Result<(), E> {
    stages(lex, source, options, consume)
}

/// The reader thread and the extraction workers; `consume` gets their results back in input
/// order, on this thread. An error from `consume` stops the reader and the workers.
fn stages<E>(
    lex: &Lexicon,
    source: &Source<'_>,
    options: &Options,
    consume: &mut dyn FnMut(Work) -> Result<(), E>,
) -> Result<(), E> {
    let jobs = options.jobs.max(1);
    let (item_tx, item_rx) = sync_channel::<(u64, Input)>(jobs * 16);
    let (work_tx, work_rx) = sync_channel::<(u64, Work)>(256.max(jobs * 16));
    let item_rx = Arc::new(Mutex::new(item_rx));
    std::thread::scope(|scope| {
        let read_options = &options.read;
        let stop = options.stop.as_deref();
        scope.spawn(move || {
            let mut seq = 0u64;
            let stopped = std::cell::Cell::new(false);
            let mut send = |input| {
                // Asked to stop: nothing more is read (what was sent is still written).
                stopped.set(stopped.get() || stop.is_some_and(|s| s.load(Ordering::Relaxed)));
                if stopped.get() {
                    return;
                }
                // The consumer stopped (a store error): stop reading too.
                stopped.set(item_tx.send((seq, input)).is_err());
                seq += 1;
            };
            match source {
                Source::Paths(paths) => {
                    for path in *paths {
                        ingest::read_path(path, read_options, &mut |item| send(Input::Item(item)));
                        if stopped.get() {
                            break;
                        }
                    }
                }
                Source::Jsonl { name, bytes } => {
                    ingest::read_jsonl(*bytes, name, read_options, &mut |item| send(Input::Item(item)))
                }
                Source::Facts(paths) => {
                    for path in *paths {
                        read_records(path, read_options, &mut send);
                        if stopped.get() {
                            break;
                        }
                    }
                }
                Source::FactsJsonl { name, bytes } => records(*bytes, name, read_options, &mut send),
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
                let Ok((seq, input)) = next else { return };
                let done = match input {
                    Input::Item(item) => work(item, lex),
                    Input::Record { origin, line } => record(origin, &line),
                };
                if tx.send((seq, done)).is_err() {
                    return;
                }
            });
        }
        // Only the workers hold the item receiver now: when they stop (the consumer failed
        // and dropped its receiver), the reader's next send fails and it stops too, instead
        // of waiting for ever on a channel nobody reads.
        drop(item_rx);
        drop(work_tx);
        let mut pending: BTreeMap<u64, Work> = BTreeMap::new();
        let mut next = 0u64;
        for (seq, work) in work_rx {
            pending.insert(seq, work);
            while let Some(work) = pending.remove(&next) {
                next += 1;
                consume(work)?;
            }
        }
        Ok(())
    })
}

/// Reads a facts file (or standard input) line by line.
fn read_records(path: &std::path::Path, options: &ingest::Options, send: &mut dyn FnMut(Input)) {
    let origin = path.display().to_string();
    if path == std::path::Path::new("-") {
        let stdin = std::io::stdin();
        return records(stdin.lock(), "<stdin>", options, send);
    }
    match std::fs::File::open(path) {
        Ok(file) => records(std::io::BufReader::new(file), &origin, options, send),
        Err(e) => send(Input::Item(Item::Failed { origin, reason: format!("cannot read: {e}") })),
    }
}

/// Splits facts records into lines; a line longer than any record of an article within
/// `--max-article-bytes` (its sentences are at most its text) is refused, and the rest read.
fn records(mut input: impl std::io::BufRead, name: &str, options: &ingest::Options, send: &mut dyn FnMut(Input)) {
    use std::io::{BufRead, Read};
    let limit = options.max_article_bytes.saturating_mul(2).saturating_add(1 << 16);
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    loop {
        buf.clear();
        line_no += 1;
        let origin = format!("{name}:{line_no}");
        match std::io::Read::by_ref(&mut input).take(limit as u64 + 1).read_until(b'\n', &mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => return send(Input::Item(Item::Failed { origin, reason: e.to_string() })),
        }
        if buf.len() > limit && !buf.ends_with(b"\n") {
            // Skip the rest of the over-long line.
            let mut rest = Vec::new();
            let _ = input.read_until(b'\n', &mut rest);
            send(Input::Item(Item::Failed { origin, reason: format!("line longer than {limit} bytes, skipped") }));
            continue;
        }
        match String::from_utf8(std::mem::take(&mut buf)) {
            Ok(line) if line.trim().is_empty() => {}
            Ok(line) => send(Input::Record { origin, line }),
            Err(_) => send(Input::Item(Item::Failed { origin, reason: "not UTF-8".into() })),
        }
    }
}

/// A facts record, checked, as the work an extraction would have produced.
fn record(origin: String, line: &str) -> Work {
    let parsed = crate::facts::FactsRecord::parse(line).and_then(|r| Ok((r.facts()?, r)));
    match parsed {
        Ok((facts, r)) => Work::Article {
            article: r.article(),
            origin,
            warnings: Vec::new(),
            facts,
            hash: r.hash_bytes(),
            bytes: r.bytes,
        },
        Err(reason) => Work::Failed { origin, reason },
    }
}

/// Extracts one item; a panic in the extractor (a bug) costs that article only.
fn work(item: Item, lex: &Lexicon) -> Work {
    match item.decode() {
        Item::Failed { origin, reason } => Work::Failed { origin, reason },
        Item::Skipped { origin, kind } => Work::Skipped { origin, kind },
        // `decode` leaves none.
        Item::Unread(_) => Work::Failed { origin: String::new(), reason: "file not decoded".into() },
        Item::Article { article, origin, warnings } => {
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract(&article.text, &article.date, lex)))
            {
                Ok(facts) => {
                    let bytes = article.text.len();
                    // Hashed here, on the workers' threads, not on the writer's.
                    let hash = Some(crate::store::content_hash(&article.text, &lex.fingerprint));
                    Work::Article { article, origin, warnings, facts, hash, bytes }
                }
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

/// The writer: links each result in input order, batches and commits.
struct Writer<'s> {
    lex: &'s Lexicon,
    options: &'s Options,
    batch: store::batch::Batch<'s>,
    /// Ids seen in this run, hashed: 8 bytes an article, to warn about duplicates.
    seen: HashSet<u64>,
    /// The full-text index, fed each article written (and each unchanged one it misses).
    search: std::sync::Arc<SearchIndex>,
}

impl<'s> Writer<'s> {
    fn new(store: &'s Store, lex: &'s Lexicon, options: &'s Options) -> Result<Writer<'s>, store::Error> {
        let search = store.search_index().map_err(|e| store::Error::Sled(e.to_string()))?;
        let batch = store.batch()?.with_rules(lex.fingerprint, options.reextract).with_search(Arc::clone(&search));
        Ok(Writer { lex, options, batch, seen: HashSet::default(), search })
    }

    fn take(&mut self, work: Work, on_event: &mut dyn FnMut(Event<'_>)) -> Result<(), store::Error> {
        match work {
            Work::Failed { origin, reason } => on_event(Event::Failed { origin: &origin, reason: &reason }),
            Work::Skipped { origin, kind } => on_event(Event::Skipped { origin: &origin, kind: &kind }),
            Work::Article { article, origin, warnings, mut facts, hash, bytes } => {
                for w in &warnings {
                    on_event(Event::Warning { origin: &w.origin, message: &w.message });
                }
                for w in &facts.warnings {
                    on_event(Event::Warning { origin: &origin, message: w });
                }
                if !self.seen.insert(id_hash(&article.id)) {
                    let message = format!("duplicate article id {:?} in this run; the last one wins", article.id);
                    on_event(Event::Warning { origin: &origin, message: &message });
                }
                for note in link(&mut facts, &self.batch, self.lex) {
                    on_event(Event::Warning { origin: &origin, message: &note });
                }
                let meta = ArticleMeta {
                    id: article.id.clone(),
                    title: article.title,
                    date: article.date,
                    source: article.source,
                    url: article.url,
                };
                let hash = hash.unwrap_or_else(|| store::content_hash(&article.text, &self.lex.fingerprint));
                let outcome = self.batch.write_extracted(&meta, hash, bytes, &facts)?;
                self.index(&meta, &article.text, &facts, hash, outcome)?;
                on_event(Event::Written { id: &meta.id, origin: &origin, outcome, bytes });
                if self.batch.len() >= self.options.batch_articles
                    || self.batch.pending_bytes() >= self.options.batch_bytes
                {
                    // Written on another thread while the next batch is planned.
                    self.batch.submit()?;
                    on_event(Event::Committed);
                }
            }
        }
        Ok(())
    }

    /// Stages the article in the full-text index when it was written, or when it is unchanged
    /// but missing there (an index lost or older than the store): the batch commits the index
    /// before the store. A facts record has no text: its evidence sentences stand for it.
    fn index(
        &self,
        meta: &ArticleMeta,
        text: &str,
        facts: &ArticleFacts,
        hash: [u8; 32],
        outcome: WriteOutcome,
    ) -> Result<(), store::Error> {
        let failed = |e: crate::search::Error| store::Error::Sled(e.to_string());
        // A facts record is content with the evidence indexed; an article, only with its text.
        let partial = text.is_empty();
        if outcome == WriteOutcome::Unchanged && self.search.holds(&meta.id, &hash, partial).map_err(failed)? {
            return Ok(());
        }
        let sentences;
        let text = if partial {
            let mut seen = HashSet::default();
            let unique = facts.relations.iter().filter(|r| seen.insert(r.sentence.as_str()));
            sentences = unique.map(|r| r.sentence.as_str()).collect::<Vec<_>>().join("\n\n");
            &sentences
        } else {
            text
        };
        let doc = Doc {
            id: &meta.id,
            title: &meta.title,
            date: &meta.date,
            url: Some(meta.url.as_str()).filter(|u| !u.is_empty()),
            text,
            hash,
            partial,
        };
        self.search.stage(&doc).map_err(failed)
    }

    fn finish(mut self, on_event: &mut dyn FnMut(Event<'_>)) -> Result<(), store::Error> {
        self.batch.commit()?;
        on_event(Event::Committed);
        Ok(())
    }
}

fn id_hash(id: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}
