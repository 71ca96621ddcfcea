//! `kg ingest PATH...`: read articles, extract their facts, write them to the store.

use super::{Format, Global};
use crate::extract::Lexicon;
use crate::ingest;
use crate::pipeline::{self, Event};
use crate::store::{Access, Store, WriteOutcome};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(long_about = LONG)]
/// Add articles to the graph (.txt, .md, .jsonl files or directories; - for stdin).
pub struct Args {
    /// Files or directories to read; `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Extra lexicon and pattern files (same names as under data/) added to the built-in ones.
    #[arg(long, env = "KG_LEXICON")]
    pub lexicon: Option<PathBuf>,
    /// The date of articles that carry none (YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<String>,
    /// Refuse articles larger than this many bytes.
    #[arg(long, default_value_t = ingest::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Re-extract every article read, even when neither its text nor the extraction rules
    /// changed (they are re-extracted anyway when either did).
    #[arg(long)]
    pub reextract: bool,
    /// Extraction threads [default: the number of cores].
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// Summary format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

const LONG: &str = "Add articles to the graph.

A .txt or .md file is one article whose id is the file name without extension. It may open
with a front-matter block of metadata, never read as text:
  ---
  title: Envoy meets minister
  date: 2025-03-04
  source: Example Wire
  ---
A .jsonl file is a batch: one JSON object per line with \"id\" and \"text\" (and optionally
\"title\", \"date\", \"source\"). `-` reads such a batch from standard input. Directories are
read recursively; other files in them are skipped.

Dates are YYYY-MM-DD, RFC 3339 timestamps (their calendar day is kept), or YYYY-MM and YYYY
for a whole month or year. --date dates the articles that carry no date. A bad date is a
warning with its file and line, and the article goes in undated; an undated article is never
taken as dated today.

An unchanged article (same id, same text, read by the same extraction rules) is skipped; a
changed one replaces the facts its old version gave. The rules are kg's version and its
lexicon and pattern files (built-in and --lexicon): after a lexicon fix, ingesting the same
files again re-extracts them. --reextract re-extracts even unchanged articles. Bad files and lines are reported with file and line, the rest still goes in, and
the exit status is 1. Articles are written atomically, in batches; everything is on disk when
the summary prints. A progress bar shows on a terminal (--quiet hides it).

Examples:
  kg ingest data/articles
  kg ingest transcripts/ --date 2025-03
  kg ingest news.jsonl --lexicon my-lexicon/ --jobs 4
  cat batch.jsonl | kg ingest -";

#[derive(Default)]
struct Tally {
    new: u64,
    unchanged: u64,
    replaced: u64,
    failed: u64,
    warnings: u64,
}

pub fn run(args: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let lex = Lexicon::load(args.lexicon.as_deref())
        .map_err(|e| anyhow::Error::new(super::Failure { message: format!("lexicon: {e}"), code: 2 }))?;
    let (store, migrated) = Store::open(&g.db, Access::Create)?;
    for step in migrated {
        if !g.quiet {
            eprintln!("kg: migrated store {} ({step})", g.db.display());
        }
    }
    let mut options = pipeline::Options::default();
    options.read.max_article_bytes = args.max_article_bytes;
    options.read.default_date = args.date;
    options.reextract = args.reextract;
    if let Some(j) = args.jobs {
        options.jobs = usize::from(j);
    }
    let progress = progress_bar(g.quiet, &args.paths);
    let mut tally = Tally::default();
    let mut bytes = 0u64;
    pipeline::run(&store, &lex, &args.paths, &options, &mut |event| match event {
        Event::Failed { origin, reason } => {
            progress.suspend(|| eprintln!("kg: {origin}: {reason}"));
            tally.failed += 1;
        }
        Event::Warning { origin, message } => {
            progress.suspend(|| eprintln!("kg: warning: {origin}: {message}"));
            tally.warnings += 1;
        }
        Event::Written { outcome, bytes: n, .. } => {
            match outcome {
                WriteOutcome::New => tally.new += 1,
                WriteOutcome::Unchanged => tally.unchanged += 1,
                WriteOutcome::Replaced => tally.replaced += 1,
            }
            bytes += n as u64;
            progress.set_position(bytes);
            let articles = tally.new + tally.unchanged + tally.replaced;
            let rate = articles as f64 / progress.elapsed().as_secs_f64().max(1e-3);
            progress.set_message(format!("{articles} articles ({rate:.0}/s)"));
        }
        Event::Committed => {}
    })?;
    // Flushing and sled's snapshot take seconds on a large store: say so meanwhile.
    progress.set_message("flushing the store and writing its snapshot");
    progress.tick();
    let counts = store.counts()?;
    store.close_and_snapshot()?;
    progress.finish_and_clear();
    let entities: u64 = counts.entities.values().sum();
    let relations: u64 = counts.relations.values().sum();
    let mut out = std::io::stdout().lock();
    let total = tally.new + tally.unchanged + tally.replaced + tally.failed;
    match args.format {
        Format::Json => super::output::json(
            &mut out,
            &serde_json::json!({
                "articles": {"read": total, "new": tally.new, "unchanged": tally.unchanged,
                             "replaced": tally.replaced, "failed": tally.failed},
                "warnings": tally.warnings,
                "bytes": bytes,
                "store": {"path": g.db.display().to_string(), "entities": entities, "relations": relations},
            }),
        )?,
        Format::Table => {
            use std::io::Write;
            writeln!(
                out,
                "articles: {} new, {} unchanged, {} replaced, {} failed",
                tally.new, tally.unchanged, tally.replaced, tally.failed
            )?;
            writeln!(out, "store {}: {entities} entities, {relations} relations", g.db.display())?;
        }
    }
    Ok(if tally.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn parse_date(s: &str) -> Result<String, String> {
    crate::graph::date::parse(s)
}

/// A bar over the input's bytes (articles/s and MB/s, ETA) when standard error is a
/// terminal; hidden otherwise, so logs and pipes stay clean.
fn progress_bar(quiet: bool, paths: &[PathBuf]) -> indicatif::ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let total: u64 = paths.iter().map(|p| input_size(p)).sum();
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Bytes under a path (0 for stdin or what cannot be read): the progress bar's total.
fn input_size(path: &std::path::Path) -> u64 {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_file() => m.len(),
        Ok(m) if m.is_dir() => std::fs::read_dir(path)
            .map(|entries| entries.filter_map(Result::ok).map(|e| input_size(&e.path())).sum())
            .unwrap_or(0),
        _ => 0,
    }
}
