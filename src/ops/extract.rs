//! `extract`: articles' facts without a store, one JSON line per article (`facts`), the map
//! step of a distributed ingest (`ops::ingest` with `facts` is the reduce). It streams: each
//! record is written as its article comes out of the pipeline, in input order.

use super::ingest::{Note, Reading};
use crate::error::Result;
use crate::extract::Lexicon;
use crate::facts::FactsRecord;
use crate::pipeline::{self, Work};
use crate::view::ingest::Skipped;
use std::io::Write;
use std::path::PathBuf;

/// `kg extract`: the paths' articles, extracted with the lexicon loaded.
pub struct Extract {
    paths: Vec<PathBuf>,
    lex: Lexicon,
    options: pipeline::Options,
}

impl Extract {
    /// Loads the lexicon: done before any output is opened, so that a bad lexicon writes
    /// nothing.
    ///
    /// # Errors
    /// A lexicon that does not load (a usage error).
    pub fn new(paths: Vec<PathBuf>, reading: &Reading) -> Result<Extract> {
        let (lex, options) = reading.load()?;
        Ok(Extract { paths, lex, options })
    }

    /// Writes each article's facts record to `out`, telling failures and warnings to `note`;
    /// answers how many items failed, and the files skipped as not articles.
    ///
    /// # Errors
    /// Only writing `out` stops it (a closed pipe, a full disk); bad input is a `Note`.
    pub fn run(&self, out: &mut dyn Write, note: &mut dyn FnMut(Note<'_>)) -> std::io::Result<(u64, Skipped)> {
        let mut failed = 0u64;
        let mut skipped = Skipped::default();
        let source = pipeline::Source::Paths(&self.paths);
        pipeline::extract_only(&self.lex, &source, &self.options, &mut |work| -> std::io::Result<()> {
            match work {
                Work::Failed { origin, reason } => {
                    note(Note::Failed { origin: &origin, reason: &reason });
                    failed += 1;
                }
                Work::Skipped { origin, kind } => skipped.add(&origin, &kind),
                Work::Article { article, origin, warnings, facts, .. } => {
                    for w in &warnings {
                        note(Note::Warning { origin: &w.origin, message: &w.message });
                    }
                    for w in &facts.warnings {
                        note(Note::Warning { origin: &origin, message: w });
                    }
                    serde_json::to_writer(&mut *out, &FactsRecord::new(&article, &facts, &self.lex.fingerprint))?;
                    out.write_all(b"\n")?;
                }
            }
            Ok(())
        })?;
        Ok((failed, skipped))
    }
}
