//! The command line: flags in, library calls, results out. Only this module prints.
//!
//! Exit codes (scripts rely on them): 0 success; 1 the command ran but not everything
//! succeeded (an ingest with failed articles, a path query between unconnected entities);
//! 2 an error the user must fix (usage, unknown or ambiguous entity, unusable store or
//! lexicon); 3 the store is in use by another kg process.

pub mod articles;
pub mod backup;
pub mod check;
pub mod completions;
pub mod correct;
pub mod duplicates;
pub mod entities;
pub mod export;
pub mod extract;
pub mod forget;
pub mod import;
pub mod ingest;
pub mod meetings;
pub mod output;
pub mod query;
pub mod search;
pub mod serve;
pub mod show;
pub mod stats;
pub mod timeline;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Build a knowledge graph of who met whom from news articles, and ask it questions.
///
/// Ingest articles (.txt, .md, .jsonl) into a store, then query neighbours and paths, show an
/// entity with the sentences behind each relation, or export the graph (JSON, DOT, pictures,
/// GraphML, RDF, Neo4j, CSV). Exit status: 0 ok, 1 partly failed, 2 usage or input error,
/// 3 store in use.
///
/// Example: kg ingest data/articles && kg query neighbors "Steve Witkoff"
#[derive(Parser, Debug)]
#[command(name = "kg", version, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// The store directory [default: $KG_DB, else ./kg.sled].
    #[arg(
        long,
        global = true,
        env = "KG_DB",
        default_value = "kg.sled",
        hide_default_value = true,
        hide_env_values = true
    )]
    pub db: PathBuf,
    /// Print nothing but results and errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Ingest(ingest::Args),
    Extract(extract::Args),
    /// Ask the graph: the neighbours of an entity, the paths between two.
    #[command(subcommand)]
    Query(query::Query),
    Show(show::Args),
    Timeline(timeline::Args),
    Meetings(meetings::Args),
    Articles(articles::Args),
    Search(search::Args),
    Entities(entities::Args),
    Duplicates(duplicates::Args),
    Stats(stats::Args),
    Export(export::Args),
    Forget(forget::Args),
    Merge(correct::MergeArgs),
    Unmerge(correct::UnmergeArgs),
    Rename(correct::RenameArgs),
    Retype(correct::RetypeArgs),
    Reject(correct::RejectArgs),
    Assert(correct::AssertArgs),
    /// The corrections log: list, undo, export, import.
    #[command(subcommand)]
    Corrections(correct::Corrections),
    Check(check::Args),
    Backup(backup::Args),
    Import(import::Args),
    Serve(serve::Args),
    Completions(completions::CompletionsArgs),
    Man(completions::ManArgs),
}

/// How `kg serve` runs: the server face, given its flags. `main.rs` passes it in, so that no
/// CLI module imports `serve` (and none of `serve` imports the CLI).
pub type Serve = fn(serve::Args, &Global) -> anyhow::Result<ExitCode>;

/// Runs the parsed command; `kg serve` by `serve`.
pub fn run(cli: Cli, serve: Serve) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    match cli.command {
        Command::Ingest(args) => ingest::run(args, g),
        Command::Extract(args) => extract::run(args, g),
        Command::Query(q) => query::run(q, g),
        Command::Show(args) => show::run(args, g),
        Command::Timeline(args) => timeline::run(args, g),
        Command::Meetings(args) => meetings::run(args, g),
        Command::Articles(args) => articles::run(args, g),
        Command::Search(args) => search::run(args, g),
        Command::Entities(args) => entities::run(args, g),
        Command::Duplicates(args) => duplicates::run(args, g),
        Command::Stats(args) => stats::run(args, g),
        Command::Export(args) => export::run(args, g),
        Command::Forget(args) => forget::run(args, g),
        Command::Merge(args) => correct::run_merge(args, g),
        Command::Unmerge(args) => correct::run_unmerge(args, g),
        Command::Rename(args) => correct::run_rename(args, g),
        Command::Retype(args) => correct::run_retype(args, g),
        Command::Reject(args) => correct::run_reject(args, g),
        Command::Assert(args) => correct::run_assert(args, g),
        Command::Corrections(c) => correct::run(c, g),
        Command::Check(args) => check::run(args, g),
        Command::Backup(args) => backup::run(args, g),
        Command::Import(args) => import::run(args, g),
        Command::Serve(args) => serve(args, g),
        Command::Completions(args) => completions::run_completions(args),
        Command::Man(args) => completions::run_man(args),
    }
}

/// Output format of the reading commands.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// One JSON object, for scripts.
    Json,
}

/// Maps an error to its exit code: `crate::Error` knows its own (3 in use, 2 for what the
/// user must fix); any other error is one the user must fix.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<crate::Error>() {
            return e.exit_code();
        }
    }
    2
}

/// Where this command's operations and questions go: the `kg serve` holding `--db`, else
/// the store itself (`ops::Client`, the one place that decides).
pub fn client(g: &Global) -> crate::ops::Client<'_> {
    crate::ops::Client::new(
        &g.db,
        Box::new(move |step| {
            if !g.quiet {
                eprintln!("kg: migrated store {} ({step})", g.db.display());
            }
        }),
    )
}

/// `--since` and `--until`: the period a question is about.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Dates {
    /// Only facts from articles dated on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY: from its
    /// first day). Undated articles then count for nothing.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only facts from articles dated on or before DATE (YYYY-MM-DD, YYYY-MM or YYYY: to its
    /// last day).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl Dates {
    /// The period, or a usage error (exit 2) saying what is wrong with a date.
    pub fn period(&self) -> anyhow::Result<crate::graph::date::Period> {
        crate::graph::date::Period::new(self.since.as_deref(), self.until.as_deref())
            .map_err(|message| anyhow::Error::new(crate::Error::Usage(message)))
    }
}

/// Answers a reading question: from the `kg serve` holding the store (at `endpoint`), or
/// from the store itself with `build`, the view's builder.
pub fn ask<Q: serde::Serialize, V: serde::de::DeserializeOwned>(
    g: &Global,
    endpoint: &str,
    req: &Q,
    build: crate::view::Builder<Q, V>,
) -> anyhow::Result<V> {
    Ok(client(g).read(endpoint, req, build)?)
}

/// Prints a view as a table or as JSON.
pub fn print<V: serde::Serialize>(
    view: &V,
    format: Format,
    table: fn(&V, &mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        Format::Json => output::json(&mut out, view)?,
        Format::Table => table(view, &mut out)?,
    }
    Ok(())
}

/// How articles are read and extracted: the options `kg ingest` and `kg extract` share.
#[derive(clap::Args, Debug)]
pub struct ReadArgs {
    /// Extra lexicon and pattern files (same names as under data/) added to the built-in ones.
    #[arg(long, env = "KG_LEXICON")]
    pub lexicon: Option<PathBuf>,
    /// The date of articles that carry none (YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = crate::graph::date::parse)]
    pub date: Option<String>,
    /// Refuse articles larger than this many bytes.
    #[arg(long, default_value_t = crate::ops::ingest::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: usize,
    /// Extraction threads [default: the number of cores].
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
}

impl ReadArgs {
    /// The flags as the operation's options (the lexicon is loaded by the operation).
    pub fn reading(&self) -> crate::ops::ingest::Reading {
        crate::ops::ingest::Reading {
            lexicon: self.lexicon.clone(),
            date: self.date.clone(),
            max_article_bytes: self.max_article_bytes,
            jobs: self.jobs.map(usize::from),
        }
    }
}
