//! `kg extract PATH...`: read articles and write their facts, one JSON line per article,
//! without a store: the map step of a distributed ingest (`kg ingest --facts` is the reduce).

use super::Global;
use crate::ops::extract::Extract;
use crate::ops::ingest::Note;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(long_about = LONG)]
/// Extract facts from articles without a store: one JSON line per article (for kg ingest --facts).
pub struct Args {
    /// Files or directories to read; `-` reads JSON Lines articles from standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// Write here instead of standard output (whole or not at all).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

const LONG: &str = "Extract facts from articles without a store: one JSON line per article.

Reads the same inputs as kg ingest (.txt, .md, .jsonl, directories, - for JSON Lines on
standard input) and writes, in input order, one record per article:
  {\"schema\": \"kg-facts/2\", \"id\", \"title\", \"date\", \"source\", \"hash\", \"rules\", \"bytes\",
   \"entities\": [{\"name\", \"type\", \"forms\", \"keys\"}],
   \"relations\": [{\"source\", \"relation\", \"target\", \"sentence\", \"pattern\", \"confidence\"}]}
Relations point at entities by index; an entity's forms are what the article wrote, its keys
(left out when none) the other spellings of them it is also found by. kg-facts/1 records
are still read. These are the article's facts before cross-article
linking, which needs the graph and stays with kg ingest --facts: extract then ingest --facts
builds the same graph as ingest. The output depends only on the input and the extraction
rules (kg's version and lexicons), so it can run anywhere, in parallel, on parts of an
archive (scripts/spark_extract.py runs it on Apache Spark). Memory stays bounded per
article. Bad files and lines are reported with file and line and the exit status is 1.

Examples:
  kg extract data/articles > facts.jsonl && kg ingest --facts facts.jsonl
  cat part-00007.jsonl | kg extract - > facts-00007.jsonl";

pub fn run(args: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let op = Extract::new(args.paths, &args.read.reading())?;
    let mut failed = 0u64;
    let mut skipped = None;
    super::output::to_file_or_stdout(args.output.as_deref(), &mut |out| {
        let done = op.run(out, &mut |note| match note {
            Note::Failed { origin, reason } => eprintln!("kg: {origin}: {reason}"),
            Note::Warning { origin, message } if !g.quiet => eprintln!("kg: warning: {origin}: {message}"),
            Note::Warning { .. } | Note::Progress(_) | Note::Flushing => {}
        })?;
        failed = done.0;
        skipped = done.1.line();
        Ok(())
    })?;
    if let Some(line) = skipped {
        eprintln!("kg: {line}");
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
