//! `ingest`: the summary of an ingest, counted from the pipeline's events. A command
//! ingesting into its own store and the server answering `POST /api/ingest` count alike.

use crate::pipeline::Event;
use crate::store::WriteOutcome;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// What an ingest did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IngestSummary {
    pub articles: ArticleCounts,
    pub warnings: u64,
    /// Bytes of article text read.
    pub bytes: u64,
    pub store: StoreCounts,
    /// The failures and warnings, for a client to print (the server cannot): empty in the
    /// command's own output, which prints them as they happen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    /// A Ctrl-C stopped it: what it counts is committed, the rest was not read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleCounts {
    pub read: u64,
    pub new: u64,
    pub unchanged: u64,
    pub replaced: u64,
    pub failed: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StoreCounts {
    pub path: String,
    pub entities: u64,
    pub relations: u64,
}

/// A failed item or a warning: where (a JSON Lines line of the request) and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Message {
    pub line: Option<usize>,
    pub failed: bool,
    pub message: String,
}

impl IngestSummary {
    /// Counts one pipeline event.
    pub fn record(&mut self, event: &Event<'_>) {
        match event {
            Event::Failed { .. } => self.articles.failed += 1,
            Event::Warning { .. } => self.warnings += 1,
            Event::Written { outcome, bytes, .. } => {
                match outcome {
                    WriteOutcome::New => self.articles.new += 1,
                    WriteOutcome::Unchanged => self.articles.unchanged += 1,
                    WriteOutcome::Replaced => self.articles.replaced += 1,
                }
                self.bytes = self.bytes.saturating_add(*bytes as u64);
            }
            Event::Committed => {}
        }
        let a = &self.articles;
        self.articles.read = a.new + a.unchanged + a.replaced + a.failed;
    }

    /// Adds another summary's counts (a client sends a large ingest in several requests).
    pub fn add(&mut self, other: &IngestSummary) {
        let (a, b) = (&mut self.articles, &other.articles);
        a.read += b.read;
        a.new += b.new;
        a.unchanged += b.unchanged;
        a.replaced += b.replaced;
        a.failed += b.failed;
        self.warnings += other.warnings;
        self.bytes += other.bytes;
        self.store.entities = other.store.entities;
        self.store.relations = other.store.relations;
    }

    /// Articles in, and the store's size after.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let a = &self.articles;
        writeln!(
            out,
            "articles: {} new, {} unchanged, {} replaced, {} failed",
            a.new, a.unchanged, a.replaced, a.failed
        )?;
        writeln!(out, "store {}: {} entities, {} relations", self.store.path, self.store.entities, self.store.relations)
    }
}
