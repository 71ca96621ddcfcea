//! `kg ingest PATH...`: read articles, extract their facts, write them to the store.
//!
//! Files and directories (recursively): a .txt or .md file is one article, its id the file
//! name without extension; a .jsonl file is a batch, one JSON article per line ({"id",
//! "text"} required; "title", "date", "source" optional); `-` reads a batch from standard
//! input. Re-ingesting an unchanged article changes nothing; a changed one replaces its old
//! facts. A bad file or line is reported (file:line) and the rest still goes in; the exit
//! status is then 1. Each article is written atomically and everything is flushed to disk
//! before the summary prints.

use super::{Format, Global};
use crate::extract::{extract, link, Lexicon};
use crate::ingest::{self, Item};
use crate::store::{Access, ArticleMeta, Store, WriteOutcome};
use anyhow::Context;
use std::collections::HashMap;
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
    /// Refuse articles larger than this many bytes.
    #[arg(long, default_value_t = ingest::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Summary format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

const LONG: &str = "Add articles to the graph.

A .txt or .md file is one article whose id is the file name without extension. A .jsonl file
is a batch: one JSON object per line with \"id\" and \"text\" (and optionally \"title\", \"date\"
as YYYY-MM-DD, \"source\"). `-` reads such a batch from standard input. Directories are read
recursively; other files in them are skipped.

An unchanged article (same id, same text) is skipped; a changed one replaces the facts its old
version gave. Bad files and lines are reported with file and line, the rest still goes in, and
the exit status is 1. Each article is written atomically; everything is on disk when the
summary prints.

Examples:
  kg ingest data/articles
  kg ingest news.jsonl --lexicon my-lexicon/
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
    let (mut store, migrated) = Store::open(&g.db, Access::Create)?;
    for step in migrated {
        if !g.quiet {
            eprintln!("kg: migrated store {} ({step})", g.db.display());
        }
    }
    let mut tally = Tally::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut error: Option<anyhow::Error> = None;
    let options = ingest::Options { max_article_bytes: args.max_article_bytes };
    for path in &args.paths {
        ingest::read_path(path, options, &mut |item| {
            if error.is_some() {
                return;
            }
            match item {
                Item::Failed { origin, reason } => {
                    eprintln!("kg: {origin}: {reason}");
                    tally.failed += 1;
                }
                Item::Article { article, origin, warning } => {
                    if let Some(w) = warning {
                        eprintln!("kg: warning: {origin}: {w}");
                        tally.warnings += 1;
                    }
                    if let Some(first) = seen.insert(article.id.clone(), origin.clone()) {
                        eprintln!(
                            "kg: warning: {origin}: duplicate article id {:?} (also at {first}); the last one wins",
                            article.id
                        );
                        tally.warnings += 1;
                    }
                    // The extractor must never panic; if a bug makes it, that article fails and
                    // the batch goes on.
                    let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        extract(&article.text, &article.date, &lex)
                    }));
                    let Ok(mut facts) = extracted else {
                        eprintln!("kg: {origin}: internal error while extracting article {:?} (a bug: please report it with this article)", article.id);
                        tally.failed += 1;
                        return;
                    };
                    link(&mut facts, &store);
                    let meta = ArticleMeta {
                        id: article.id.clone(),
                        title: article.title,
                        date: article.date,
                        source: article.source,
                    };
                    match store.write_article(&meta, &article.text, &facts) {
                        Ok(WriteOutcome::New) => tally.new += 1,
                        Ok(WriteOutcome::Unchanged) => tally.unchanged += 1,
                        Ok(WriteOutcome::Replaced) => tally.replaced += 1,
                        Err(e) => {
                            error = Some(
                                anyhow::Error::new(e)
                                    .context(format!("writing article {:?} from {origin}", article.id)),
                            )
                        }
                    }
                }
            }
        });
    }
    store.flush().context("flushing the store")?;
    if let Some(e) = error {
        return Err(e);
    }
    let counts = store.counts()?;
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
