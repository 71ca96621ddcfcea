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
    /// Files met in directories that are not articles.
    #[serde(default)]
    pub skipped: Skipped,
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

/// Files a directory walk met that are not articles: how many, of which kinds (`.png`,
/// `hidden file`, `no extension`), and the first few, so that none passes silently.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub files: u64,
    /// Each kind once, in the order met.
    pub kinds: Vec<String>,
    /// The first `SKIPPED_NAMED` files' paths.
    pub first: Vec<String>,
}

/// How many skipped files the summary names.
pub const SKIPPED_NAMED: usize = 5;

impl Skipped {
    pub fn add(&mut self, origin: &str, kind: &str) {
        self.files += 1;
        if !self.kinds.iter().any(|k| k == kind) {
            self.kinds.push(kind.to_string());
        }
        if self.first.len() < SKIPPED_NAMED {
            self.first.push(origin.to_string());
        }
    }

    /// `skipped 3 files that are not articles (.png, .docx): a/photo.png, a/notes.docx, ...`
    /// (`1 file that is not an article`), or nothing when none was.
    pub fn line(&self) -> Option<String> {
        if self.files == 0 {
            return None;
        }
        let (files, are) = if self.files == 1 { ("file", "is not an article") } else { ("files", "are not articles") };
        let more = if self.files > self.first.len() as u64 { ", ..." } else { "" };
        Some(format!(
            "skipped {} {files} that {are} ({}): {}{more}",
            self.files,
            self.kinds.join(", "),
            self.first.join(", ")
        ))
    }
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
            Event::Skipped { origin, kind } => self.skipped.add(origin, kind),
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
        let (s, o) = (&mut self.skipped, &other.skipped);
        s.files += o.files;
        for kind in &o.kinds {
            if !s.kinds.contains(kind) {
                s.kinds.push(kind.clone());
            }
        }
        s.first.extend(o.first.iter().take(SKIPPED_NAMED.saturating_sub(s.first.len())).cloned());
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
