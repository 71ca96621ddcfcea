//! `kg ingest PATH...`: read articles, extract their facts, write them to the store.

use super::{Format, Global};
use crate::ops::ingest::{Ingest, Note};
use crate::view::ingest::IngestSummary;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
#[command(long_about = LONG)]
/// Add articles to the graph (.txt, .md, .html, .pdf, .jsonl files or directories; - for stdin).
pub struct Args {
    /// Files or directories to read; `-` reads JSON Lines from standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// The PATHs are facts files written by `kg extract` (`-`: standard input): link and
    /// store them as an ingest of the same articles would.
    #[arg(long)]
    pub facts: bool,
    /// sled's page cache in MiB while ingesting. Each article updates records all over the
    /// store, and what the cache misses is read back from disk. At 100k articles 64 MiB is as
    /// fast as 256 with 320 MB less memory; a bigger archive on a machine with memory to spare
    /// ingests faster with more (a million articles: 505 s at 256 MiB, 807 s at 32; BENCHMARKS.md)
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub cache_mb: u64,
    /// Re-extract every article read, even when neither its text nor the extraction rules
    /// changed (they are re-extracted anyway when either did).
    #[arg(long)]
    pub reextract: bool,
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
  url: https://example.org/envoy
  ---
An .html/.htm file (a saved web page) is one article: its story as a reader view shows it,
without navigation, asides, footers or banners, with the title, date and canonical url of the
page. A .pdf file is one article read from its text layer (a scanned PDF without one fails:
run OCR first). A .jsonl file is a batch: one JSON object per line with \"id\" and \"text\"
(and optionally \"title\", \"date\", \"source\", \"url\"). `-` reads such a batch from
standard input. Directories are read recursively; the files in them that are not articles
(pictures, .docx, hidden files) are counted and named in the summary.

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

Ctrl-C stops reading, commits what was read, says how many articles went in and exits 130:
rerun the same command to continue (what went in is unchanged, and skipped). A second Ctrl-C
exits at once; the store still holds every article whole or not at all.

Examples:
  kg ingest data/articles
  kg ingest transcripts/ --date 2025-03
  kg ingest news.jsonl --lexicon my-lexicon/ --jobs 4
  cat batch.jsonl | kg ingest -";

pub fn run(args: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let op = Ingest {
        paths: args.paths.clone(),
        reading: args.read.reading(),
        facts: args.facts,
        reextract: args.reextract,
        cache_bytes: args.cache_mb.saturating_mul(1 << 20),
        stop: Some(on_ctrl_c()?),
    };
    let progress = progress_bar(g.quiet, &args.paths);
    let summary = op.run(&super::client(g), &mut |note| match note {
        Note::Failed { origin, reason } => progress.suspend(|| eprintln!("kg: {origin}: {reason}")),
        Note::Warning { origin, message } => progress.suspend(|| eprintln!("kg: warning: {origin}: {message}")),
        Note::Progress(summary) => show_progress(&progress, summary),
        Note::Flushing => {
            // Flushing and sled's snapshot take seconds on a large store: say so meanwhile.
            progress.set_message("flushing the store and writing its snapshot");
            progress.tick();
        }
    })?;
    progress.finish_and_clear();
    if let Some(line) = summary.skipped.line() {
        eprintln!("kg: {line}");
    }
    // Exit 1 when an article failed.
    super::print(&summary, args.format, IngestSummary::write_table)?;
    if summary.interrupted {
        let a = &summary.articles;
        let done = thousands(a.new + a.unchanged + a.replaced);
        eprintln!("kg: interrupted: {done} articles in; rerun the same command to continue");
        // 128 + SIGINT, as a shell reports a command a Ctrl-C stopped.
        return Ok(ExitCode::from(130));
    }
    Ok(if summary.articles.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A flag the first Ctrl-C sets: the ingest then stops reading, commits what it read, and
/// says so. A second Ctrl-C exits at once (130): each batch is one sled transaction, so the
/// store keeps every article whole, in or out.
fn on_ctrl_c() -> anyhow::Result<std::sync::Arc<std::sync::atomic::AtomicBool>> {
    use signal_hook::consts::SIGINT;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The exit goes first: it fires only once the flag is set, by the Ctrl-C before.
    signal_hook::flag::register_conditional_shutdown(SIGINT, 130, std::sync::Arc::clone(&stop))?;
    signal_hook::flag::register(SIGINT, std::sync::Arc::clone(&stop))?;
    Ok(stop)
}

/// `4200` as `4,200`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn show_progress(progress: &indicatif::ProgressBar, summary: &IngestSummary) {
    progress.set_position(summary.bytes);
    let a = &summary.articles;
    let articles = a.new + a.unchanged + a.replaced;
    let rate = articles as f64 / progress.elapsed().as_secs_f64().max(1e-3);
    progress.set_message(format!("{articles} articles ({rate:.0}/s)"));
}

pub fn parse_date(s: &str) -> Result<String, String> {
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
