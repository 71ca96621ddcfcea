//! `kg import FILE`: rebuild a store from a JSON export (`ops::rebuild`).

use super::Global;
use crate::ops::rebuild::Rebuild;
use std::path::PathBuf;
use std::process::ExitCode;

/// Rebuild a store from a JSON export.
///
/// Rebuild a store (--db, which must be new or empty) from a `kg export --format json` file,
/// so that export → import → export gives the same graph. Article titles, dates and text
/// hashes are not in an export: re-ingesting an imported article replaces its facts.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The JSON export to read (`-` for standard input).
    pub file: PathBuf,
    /// Extra lexicon files (as for kg ingest): the other spellings entities are found by
    /// (`variants.tsv`) are not in an export, and come from the lexicon again.
    #[arg(long, env = "KG_LEXICON")]
    pub lexicon: Option<PathBuf>,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let done = Rebuild { file: a.file, lexicon: a.lexicon }.run(&super::client(g))?;
    if !g.quiet {
        println!("imported {} entities and {} relations into {}", done.entities, done.relations, g.db.display());
    }
    Ok(ExitCode::SUCCESS)
}
