//! `ingest`: articles (or `kg extract`'s facts records) into the store, as one operation the
//! CLI and the server share. `Ingest::run` is `kg ingest`: through the server holding the
//! store (the files read here, sent as JSON Lines batches), else on the store, opened here.
//! `Batch::run` is the server's `POST /api/ingest`: one request body, on the store it holds.
//! Both end in `write`, the one place the pipeline's events become an `IngestSummary`.
//!
//! It streams: the pipeline's channels and the batches sent to a server are bounded, so
//! memory stays flat however large the input. What the face shows meanwhile (failures,
//! warnings, progress) comes as `Note`s; the summary is the reply.

use super::client::{ClientError, Server};
use super::Client;
use crate::error::{Error, Result};
use crate::extract::Lexicon;
use crate::ingest;
use crate::pipeline::{self, Event, Source};
use crate::store::{self, Access, Store};
use crate::view::ingest::{IngestSummary, Message, StoreCounts};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The largest article read when no limit is given.
pub use crate::ingest::DEFAULT_MAX_ARTICLE_BYTES;

/// How articles are read and extracted: what `kg ingest` and `kg extract` share.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    /// Extra lexicon and pattern files added to the built-in ones.
    pub lexicon: Option<PathBuf>,
    /// The date of articles that carry none.
    pub date: Option<String>,
    /// Articles larger than this are refused.
    pub max_article_bytes: usize,
    /// Extraction threads; the number of cores when absent.
    pub jobs: Option<usize>,
}

impl Reading {
    /// The lexicon (a usage error when its files do not load) and the pipeline's options.
    pub fn load(&self) -> Result<(Lexicon, pipeline::Options)> {
        let lex = Lexicon::load(self.lexicon.as_deref()).map_err(|e| Error::Usage(format!("lexicon: {e}")))?;
        let mut options = pipeline::Options::default();
        options.read.max_article_bytes = self.max_article_bytes;
        options.read.default_date = self.date.clone();
        if let Some(j) = self.jobs {
            options.jobs = j;
        }
        Ok((lex, options))
    }
}

/// `kg ingest`: files and directories (`-`: standard input) into the store.
#[derive(Clone, Debug)]
pub struct Ingest {
    pub paths: Vec<PathBuf>,
    pub reading: Reading,
    /// The paths hold facts records written by `kg extract`.
    pub facts: bool,
    /// Re-extract every article, even unchanged ones.
    pub reextract: bool,
    /// sled's page cache, in bytes, when the store is opened here.
    pub cache_bytes: u64,
    /// Set (by a Ctrl-C) to stop: nothing more is read, what was read is committed, and the
    /// summary says `interrupted`.
    pub stop: Option<Arc<AtomicBool>>,
}

/// What an ingest tells its face as it goes, in input order.
#[derive(Debug)]
pub enum Note<'a> {
    /// An item was skipped.
    Failed { origin: &'a str, reason: &'a str },
    /// Something the user should know that did not stop the article.
    Warning { origin: &'a str, message: &'a str },
    /// Articles were written: the counts so far.
    Progress(&'a IngestSummary),
    /// Everything is written; the store is being flushed and snapshot (seconds on a large
    /// store).
    Flushing,
}

/// The parameters of `POST /api/ingest` (its query string); the body is the JSON Lines.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Batch {
    #[serde(default)]
    pub reextract: bool,
    /// The body is facts records from `kg extract`, not articles.
    #[serde(default)]
    pub facts: bool,
    /// The date of articles that carry none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

impl Ingest {
    /// Runs the ingest: through the server holding the store, else on the store. The reply
    /// counts what went in (`articles.failed > 0`: not everything did).
    ///
    /// # Errors
    /// A lexicon that does not load (or one given while a server holds the store, which
    /// extracts with its own), a store that cannot be opened or written, the server's error.
    pub fn run(&self, client: &Client, note: &mut dyn FnMut(Note<'_>)) -> Result<IngestSummary> {
        if client.server().is_some() && self.reading.lexicon.is_some() {
            return Err(Error::Usage(format!(
                "store {} is held by kg serve, which extracts with the lexicon it was started with: restart it with kg serve --lexicon, or ingest without --lexicon",
                client.db.display()
            )));
        }
        // Through the server holding the store; a stale address file (nothing sent, nobody
        // answers) is the store's to ingest into.
        let through = client.served(|server| match self.through_server(server, client.db, note) {
            Ok(summary) => Ok(Ok(summary)),
            Err(Sent::Nothing) => Err(ClientError::Unreachable(server.url().to_string())),
            Err(Sent::Failed(e)) => Ok(Err(e)),
        })?;
        if let Some(done) = through {
            return done;
        }
        let (lex, mut options) = self.reading.load()?;
        let (store, migrated) = Store::open_with_cache(client.db, Access::Create, self.cache_bytes)?;
        migrated.iter().for_each(|step| (client.migrated)(step));
        options.reextract = self.reextract;
        options.stop = self.stop.clone();
        let source = if self.facts { Source::Facts(&self.paths) } else { Source::Paths(&self.paths) };
        let mut summary = write(&store, &lex, &source, &options, &mut |event, summary| match event {
            Event::Failed { origin, reason } => note(Note::Failed { origin, reason }),
            Event::Warning { origin, message } => note(Note::Warning { origin, message }),
            Event::Written { .. } => note(Note::Progress(summary)),
            Event::Skipped { .. } | Event::Committed => {}
        })?;
        summary.interrupted = self.stopped();
        note(Note::Flushing);
        summary.store = counts(&store, client.db)?;
        store.close_and_snapshot()?;
        Ok(summary)
    }

    /// Whether a stop was asked for.
    fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed))
    }

    /// Ingests through the server that holds the store: the files are read here (so
    /// messages name them, with their lines), and sent as JSON Lines in batches; each batch
    /// is written atomically, as a local ingest's are.
    fn through_server(
        &self,
        server: &Server,
        db: &Path,
        note: &mut dyn FnMut(Note<'_>),
    ) -> Result<IngestSummary, Sent> {
        let read = ingest::Options {
            max_article_bytes: self.reading.max_article_bytes,
            default_date: self.reading.date.clone(),
        };
        let params = Batch { reextract: self.reextract, facts: self.facts, date: None };
        let mut sending = Sending {
            server,
            params: &params,
            summary: IngestSummary {
                store: StoreCounts { path: db.display().to_string(), ..Default::default() },
                ..Default::default()
            },
            body: Vec::new(),
            origins: Vec::new(),
            sent_any: false,
        };
        if self.facts {
            // Facts records go as they are: the server links and stores them.
            for path in &self.paths {
                let origin = path.display().to_string();
                let input: Box<dyn std::io::BufRead> = if path == Path::new("-") {
                    Box::new(std::io::stdin().lock())
                } else {
                    match std::fs::File::open(path) {
                        Ok(f) => Box::new(std::io::BufReader::new(f)),
                        Err(e) => {
                            let reason = format!("cannot read: {e}");
                            note(Note::Failed { origin: &origin, reason: &reason });
                            sending.summary.record(&Event::Failed { origin: &origin, reason: &reason });
                            continue;
                        }
                    }
                };
                for (i, line) in std::io::BufRead::split(input, b'\n').enumerate() {
                    if self.stopped() {
                        break;
                    }
                    let line = line.map_err(|e| Sent::Failed(Error::Usage(e.to_string())))?;
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    sending.push(&line, format!("{origin}:{}", i + 1), note)?;
                }
            }
        }
        let mut outcome: Result<(), Sent> = Ok(());
        for path in self.paths.iter().filter(|_| !self.facts) {
            ingest::read_path(path, &read, &mut |item| {
                if outcome.is_err() || self.stopped() {
                    return;
                }
                match item.decode() {
                    ingest::Item::Failed { origin, reason } => {
                        note(Note::Failed { origin: &origin, reason: &reason });
                        sending.summary.record(&Event::Failed { origin: &origin, reason: &reason });
                    }
                    ingest::Item::Skipped { origin, kind } => {
                        sending.summary.record(&Event::Skipped { origin: &origin, kind: &kind });
                    }
                    // `decode` leaves none.
                    ingest::Item::Unread(_) => {}
                    ingest::Item::Article { article, origin, warnings } => {
                        for w in &warnings {
                            note(Note::Warning { origin: &w.origin, message: &w.message });
                            sending.summary.record(&Event::Warning { origin: &w.origin, message: &w.message });
                        }
                        let line = serde_json::json!({"id": article.id, "title": article.title, "date": article.date,
                                                      "source": article.source, "url": article.url, "text": article.text});
                        outcome = sending.push(line.to_string().as_bytes(), origin, note);
                    }
                }
            });
            if outcome.is_err() {
                break;
            }
        }
        outcome?;
        if self.stopped() {
            // What the server committed stays; the batch being gathered is not sent.
            sending.summary.interrupted = true;
            return Ok(sending.summary);
        }
        sending.send(note)?;
        if !sending.sent_any {
            // Nothing to send (every file failed, or none held articles): the counts are the
            // server's all the same.
            let stats: crate::view::stats::StatsView = server
                .get("/api/stats", &crate::view::stats::StatsRequest::default())
                .map_err(|e| Sent::Failed(Error::from(e)))?;
            sending.summary.store.entities = stats.entities.total;
            sending.summary.store.relations = stats.relations.total;
        }
        Ok(sending.summary)
    }
}

impl Batch {
    /// `POST /api/ingest`: a JSON Lines body (articles, or facts records) into the store the
    /// server holds, one writer at a time; the failures and warnings go in the reply, by
    /// line of the body.
    ///
    /// # Errors
    /// A bad `date`; a store that cannot be written.
    pub fn run(
        &self,
        store: &Store,
        db: &Path,
        lex: &Lexicon,
        writer: &Mutex<()>,
        body: &[u8],
    ) -> Result<IngestSummary> {
        let date = self
            .date
            .as_deref()
            .map(crate::graph::date::parse)
            .transpose()
            .map_err(|e| Error::Usage(format!("date: {e}")))?;
        let _one_writer = writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut options = pipeline::Options { reextract: self.reextract, ..Default::default() };
        options.read.default_date = date;
        let source = if self.facts {
            Source::FactsJsonl { name: "request", bytes: body }
        } else {
            Source::Jsonl { name: "request", bytes: body }
        };
        let mut messages = Vec::new();
        let mut summary = write(store, lex, &source, &options, &mut |event, _| {
            let (origin, message, failed) = match event {
                Event::Failed { origin, reason } => (origin, reason, true),
                Event::Warning { origin, message } => (origin, message, false),
                _ => return,
            };
            let line = origin.rsplit(':').next().and_then(|n| n.parse().ok());
            messages.push(Message { line, failed, message: message.to_string() });
        })?;
        summary.messages = messages;
        summary.store = counts(store, db)?;
        Ok(summary)
    }
}

/// Runs the pipeline on `store`, counting its events into the summary and showing each to
/// `on_event` with the counts so far. The store is flushed when it returns.
fn write(
    store: &Store,
    lex: &Lexicon,
    source: &Source<'_>,
    options: &pipeline::Options,
    on_event: &mut dyn FnMut(Event<'_>, &IngestSummary),
) -> Result<IngestSummary, store::Error> {
    let mut summary = IngestSummary::default();
    pipeline::run(store, lex, source, options, &mut |event| {
        summary.record(&event);
        on_event(event, &summary);
    })?;
    Ok(summary)
}

/// The store's size, for the summary.
fn counts(store: &Store, db: &Path) -> Result<StoreCounts, store::Error> {
    let counts = store.counts()?;
    Ok(StoreCounts {
        path: db.display().to_string(),
        entities: counts.entities.values().sum(),
        relations: counts.relations.values().sum(),
    })
}

/// Why an ingest through the server stopped.
enum Sent {
    /// The server did not answer the first request: nothing was sent.
    Nothing,
    Failed(Error),
}

/// Articles per request, and bytes of text per request, of an ingest through the server:
/// well under its body limit, and the same batch size as a local ingest.
const REQUEST_ARTICLES: usize = 1000;
const REQUEST_BYTES: usize = 8 << 20;

/// The batch being gathered for the server, and the counts of those sent.
struct Sending<'a> {
    server: &'a Server,
    params: &'a Batch,
    summary: IngestSummary,
    body: Vec<u8>,
    /// Where each line of `body` came from, for the server's messages by line.
    origins: Vec<String>,
    sent_any: bool,
}

impl Sending<'_> {
    /// Adds one JSON line, and sends the batch when it is full.
    fn push(&mut self, line: &[u8], origin: String, note: &mut dyn FnMut(Note<'_>)) -> Result<(), Sent> {
        self.body.extend_from_slice(line);
        self.body.push(b'\n');
        self.origins.push(origin);
        if self.origins.len() >= REQUEST_ARTICLES || self.body.len() >= REQUEST_BYTES {
            self.send(note)?;
        }
        Ok(())
    }

    /// Sends the batch gathered, if any; tells its failures and warnings by their origin.
    fn send(&mut self, note: &mut dyn FnMut(Note<'_>)) -> Result<(), Sent> {
        if self.origins.is_empty() {
            return Ok(());
        }
        let reply = match self.server.ingest(self.params, &self.body) {
            Ok(r) => r,
            Err(ClientError::Unreachable(_)) if !self.sent_any => return Err(Sent::Nothing),
            Err(e) => return Err(Sent::Failed(Error::from(e))),
        };
        self.sent_any = true;
        for m in &reply.messages {
            let origin = m.line.and_then(|l| self.origins.get(l.wrapping_sub(1))).map_or("<request>", String::as_str);
            if m.failed {
                note(Note::Failed { origin, reason: &m.message });
            } else {
                note(Note::Warning { origin, message: &m.message });
            }
        }
        self.summary.add(&reply);
        note(Note::Progress(&self.summary));
        self.body.clear();
        self.origins.clear();
        Ok(())
    }
}
