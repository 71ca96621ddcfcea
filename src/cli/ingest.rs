//! `kg ingest PATH...`: read articles, extract their facts, write them to the store.

use super::{Format, Global};
use crate::ingest;
use crate::pipeline::{self, Event};
use crate::store::{Access, Store};
use crate::view::ingest::{IngestSummary, StoreCounts};
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
    #[command(flatten)]
    pub read: super::ReadArgs,
    /// The PATHs are facts files written by `kg extract` (`-`: standard input): link and
    /// store them as an ingest of the same articles would.
    #[arg(long)]
    pub facts: bool,
    /// sled's page cache in MiB while ingesting. Each article updates records all over the
    /// store, and what the cache misses is read back from disk: 256 MiB keeps a 1M-article
    /// ingest at 505 s (32 MiB: 807 s) for about 0.4 GB more memory (BENCHMARKS.md).
    #[arg(long, value_name = "MIB", default_value_t = 256)]
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

pub fn run(args: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let client = super::client(g);
    if client.server().is_some() && args.read.lexicon.is_some() {
        return Err(anyhow::Error::new(crate::Error::Usage(format!(
            "store {} is held by kg serve, which extracts with the lexicon it was started with: restart it with kg serve --lexicon, or ingest without --lexicon",
            g.db.display()
        ))));
    }
    // Through the server holding the store; a stale address file (nothing sent, nobody
    // answers) is the store's to ingest into.
    let through = client.served(|server| match through_server(server, &args, g) {
        Ok(code) => Ok(Ok(code)),
        Err(Sent::Nothing) => Err(crate::ops::client::ClientError::Unreachable(server.url().to_string())),
        Err(Sent::Failed(e)) => Ok(Err(e)),
    })?;
    if let Some(done) = through {
        return done;
    }
    let (lex, mut options) = args.read.load()?;
    let (store, migrated) = Store::open_with_cache(&g.db, Access::Create, args.cache_mb.saturating_mul(1 << 20))?;
    for step in migrated {
        if !g.quiet {
            eprintln!("kg: migrated store {} ({step})", g.db.display());
        }
    }
    options.reextract = args.reextract;
    let progress = progress_bar(g.quiet, &args.paths);
    let mut summary = IngestSummary::default();
    let source = if args.facts { pipeline::Source::Facts(&args.paths) } else { pipeline::Source::Paths(&args.paths) };
    pipeline::run(&store, &lex, &source, &options, &mut |event| {
        summary.record(&event);
        match event {
            Event::Failed { origin, reason } => progress.suspend(|| eprintln!("kg: {origin}: {reason}")),
            Event::Warning { origin, message } => progress.suspend(|| eprintln!("kg: warning: {origin}: {message}")),
            Event::Written { .. } => show_progress(&progress, &summary),
            Event::Committed => {}
        }
    })?;
    // Flushing and sled's snapshot take seconds on a large store: say so meanwhile.
    progress.set_message("flushing the store and writing its snapshot");
    progress.tick();
    let counts = store.counts()?;
    store.close_and_snapshot()?;
    progress.finish_and_clear();
    summary.store = StoreCounts {
        path: g.db.display().to_string(),
        entities: counts.entities.values().sum(),
        relations: counts.relations.values().sum(),
    };
    finish(&summary, args.format)
}

/// Prints the summary; exit 1 when an article failed.
fn finish(summary: &IngestSummary, format: Format) -> anyhow::Result<ExitCode> {
    super::print(summary, format, IngestSummary::write_table)?;
    Ok(if summary.articles.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn show_progress(progress: &indicatif::ProgressBar, summary: &IngestSummary) {
    progress.set_position(summary.bytes);
    let a = &summary.articles;
    let articles = a.new + a.unchanged + a.replaced;
    let rate = articles as f64 / progress.elapsed().as_secs_f64().max(1e-3);
    progress.set_message(format!("{articles} articles ({rate:.0}/s)"));
}

/// Why an ingest through the server stopped.
enum Sent {
    /// The server did not answer the first request: nothing was sent.
    Nothing,
    Failed(anyhow::Error),
}

/// Articles per request, and bytes of text per request, of an ingest through the server:
/// well under its body limit, and the same batch size as a local ingest.
const REQUEST_ARTICLES: usize = 1000;
const REQUEST_BYTES: usize = 8 << 20;

/// Ingests through the server that holds the store: the files are read here (so messages
/// name them, with their lines), and sent as JSON Lines in batches; each batch is written
/// atomically, as a local ingest's are.
fn through_server(server: &crate::ops::client::Server, args: &Args, g: &Global) -> Result<ExitCode, Sent> {
    let failed = |e: anyhow::Error| Sent::Failed(e);
    let read = ingest::Options { max_article_bytes: args.read.max_article_bytes, default_date: args.read.date.clone() };
    #[derive(serde::Serialize)]
    struct Params {
        reextract: bool,
        facts: bool,
    }
    let params = Params { reextract: args.reextract, facts: args.facts };
    let progress = progress_bar(g.quiet, &args.paths);
    let mut summary = IngestSummary {
        store: StoreCounts { path: g.db.display().to_string(), ..Default::default() },
        ..Default::default()
    };
    let mut body: Vec<u8> = Vec::new();
    let mut origins: Vec<String> = Vec::new();
    let mut sent_any = false;
    let mut outcome: Result<(), Sent> = Ok(());
    let mut send = |body: &mut Vec<u8>, origins: &mut Vec<String>, summary: &mut IngestSummary| -> Result<(), Sent> {
        if origins.is_empty() {
            return Ok(());
        }
        let reply = match server.ingest(&params, body) {
            Ok(r) => r,
            Err(crate::ops::client::ClientError::Unreachable(_)) if !sent_any => return Err(Sent::Nothing),
            Err(e) => return Err(failed(anyhow::Error::new(crate::Error::from(e)))),
        };
        sent_any = true;
        for m in &reply.messages {
            let origin = m.line.and_then(|l| origins.get(l.wrapping_sub(1))).map_or("<request>", String::as_str);
            progress.suspend(|| {
                if m.failed {
                    eprintln!("kg: {origin}: {}", m.message);
                } else {
                    eprintln!("kg: warning: {origin}: {}", m.message);
                }
            });
        }
        summary.add(&reply);
        show_progress(&progress, summary);
        body.clear();
        origins.clear();
        Ok(())
    };
    if args.facts {
        // Facts records go as they are: the server links and stores them.
        for path in &args.paths {
            let origin = path.display().to_string();
            let input: Box<dyn std::io::BufRead> = if path == std::path::Path::new("-") {
                Box::new(std::io::stdin().lock())
            } else {
                match std::fs::File::open(path) {
                    Ok(f) => Box::new(std::io::BufReader::new(f)),
                    Err(e) => {
                        let reason = format!("cannot read: {e}");
                        progress.suspend(|| eprintln!("kg: {origin}: {reason}"));
                        summary.record(&Event::Failed { origin: &origin, reason: &reason });
                        continue;
                    }
                }
            };
            for (i, line) in std::io::BufRead::split(input, b'\n').enumerate() {
                let line = line.map_err(|e| failed(anyhow::Error::new(e)))?;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                body.extend_from_slice(&line);
                body.push(b'\n');
                origins.push(format!("{origin}:{}", i + 1));
                if origins.len() >= REQUEST_ARTICLES || body.len() >= REQUEST_BYTES {
                    send(&mut body, &mut origins, &mut summary)?;
                }
            }
        }
    }
    for path in args.paths.iter().filter(|_| !args.facts) {
        ingest::read_path(path, &read, &mut |item| {
            if outcome.is_err() {
                return;
            }
            match item {
                ingest::Item::Failed { origin, reason } => {
                    progress.suspend(|| eprintln!("kg: {origin}: {reason}"));
                    summary.record(&Event::Failed { origin: &origin, reason: &reason });
                }
                ingest::Item::Article { article, origin, warnings } => {
                    for w in &warnings {
                        progress.suspend(|| eprintln!("kg: warning: {}: {}", w.origin, w.message));
                        summary.record(&Event::Warning { origin: &w.origin, message: &w.message });
                    }
                    let line = serde_json::json!({"id": article.id, "title": article.title, "date": article.date,
                                                  "source": article.source, "text": article.text});
                    body.extend_from_slice(line.to_string().as_bytes());
                    body.push(b'\n');
                    origins.push(origin);
                    if origins.len() >= REQUEST_ARTICLES || body.len() >= REQUEST_BYTES {
                        outcome = send(&mut body, &mut origins, &mut summary);
                    }
                }
            }
        });
        if outcome.is_err() {
            break;
        }
    }
    outcome?;
    send(&mut body, &mut origins, &mut summary)?;
    if !sent_any {
        // Nothing to send (every file failed, or none held articles): the counts are the
        // server's all the same.
        let stats: crate::view::stats::StatsView = server
            .get("/api/stats", &crate::view::stats::StatsRequest::default())
            .map_err(|e| failed(anyhow::Error::new(crate::Error::from(e))))?;
        summary.store.entities = stats.entities.total;
        summary.store.relations = stats.relations.total;
    }
    progress.finish_and_clear();
    finish(&summary, args.format).map_err(failed)
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
