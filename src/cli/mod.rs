//! The command line: flags in, library calls, results out. Only this module prints.
//!
//! Exit codes (scripts rely on them): 0 success; 1 the command ran but not everything
//! succeeded (an ingest with failed articles, a path query between unconnected entities);
//! 2 an error the user must fix (usage, unknown or ambiguous entity, unusable store or
//! lexicon); 3 the store is in use by another kg process.

pub mod articles;
pub mod backup;
pub mod check;
pub mod correct;
pub mod entities;
pub mod export;
pub mod extract;
pub mod import;
pub mod ingest;
pub mod output;
pub mod query;
pub mod remote;
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
    Articles(articles::Args),
    Entities(entities::Args),
    Stats(stats::Args),
    Export(export::Args),
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
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let g = &cli.global;
    // `kg import` builds a new store: one held by a server is not new.
    if let Command::Import(_) = &cli.command {
        refuse_if_served(g, "import")?;
    }
    match cli.command {
        Command::Ingest(args) => ingest::run(args, g),
        Command::Extract(args) => extract::run(args, g),
        Command::Query(q) => query::run(q, g),
        Command::Show(args) => show::run(args, g),
        Command::Timeline(args) => timeline::run(args, g),
        Command::Articles(args) => articles::run(args, g),
        Command::Entities(args) => entities::run(args, g),
        Command::Stats(args) => stats::run(args, g),
        Command::Export(args) => export::run(args, g),
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
        Command::Serve(args) => serve::run(args, g),
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
        if let Some(crate::store::Error::InUse { .. }) = cause.downcast_ref::<crate::store::Error>() {
            return 3;
        }
    }
    2
}

/// Opens an existing store for reading commands.
pub fn open_existing(g: &Global) -> anyhow::Result<ReadOnly> {
    let (store, migrated) = crate::store::Store::open(&g.db, crate::store::Access::Existing)?;
    for step in migrated {
        if !g.quiet {
            eprintln!("kg: migrated store {} ({step})", g.db.display());
        }
    }
    Ok(ReadOnly(std::mem::ManuallyDrop::new(store)))
}

/// A store a command only reads, left open when the command ends: the process exits next,
/// which closes it.
///
/// Closing a sled store frees its page table entry by entry: a tenth of a `kg query` on a
/// 100k-article store, more on larger ones. Skipping that is safe: sled is crash-safe, so
/// ending without closing is what a kill does, and a reading command has nothing unwritten
/// (a migration flushes before it returns).
pub struct ReadOnly(std::mem::ManuallyDrop<crate::store::Store>);

impl std::ops::Deref for ReadOnly {
    type Target = crate::store::Store;

    fn deref(&self) -> &crate::store::Store {
        &self.0
    }
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

/// Finds the entity a user named, mapping misses and ambiguity to exit code 2.
pub fn find(store: &crate::store::Store, name: &str) -> anyhow::Result<crate::graph::Entity> {
    crate::view::find(store, name).map_err(failure)
}

/// A view error as the error a command exits with: 2 for what the user must fix, a store
/// error as itself (in use is 3).
pub fn failure(e: crate::view::Error) -> anyhow::Error {
    anyhow::Error::new(crate::Error::from(e))
}

/// Answers a reading question: from the `kg serve` holding the store (at `endpoint`), or
/// from the store itself with `build`, the view's builder.
pub fn ask<Q: serde::Serialize, V: serde::de::DeserializeOwned>(
    g: &Global,
    endpoint: &str,
    req: &Q,
    build: fn(&crate::store::Store, &Q) -> Result<V, crate::view::Error>,
) -> anyhow::Result<V> {
    if let Some(server) = crate::serve::client::running(&g.db) {
        match server.get(endpoint, req) {
            Ok(view) => return Ok(view),
            // A stale address file: the store answers, or says it is in use.
            Err(crate::serve::client::ClientError::Unreachable(_)) => {}
            Err(e) => return Err(from_server(e)),
        }
    }
    let store = open_existing(g)?;
    build(&store, req).map_err(failure)
}

/// A server's error as the error the command would have exited with itself: 2 for what the
/// user must fix (and for a failure the server met).
pub fn from_server(e: crate::serve::client::ClientError) -> anyhow::Error {
    let status = match &e {
        crate::serve::client::ClientError::Api { status, .. } => *status,
        _ => 502,
    };
    anyhow::Error::new(crate::Error::Server { status, message: e.to_string() })
}

/// For commands that need the store itself (corrections, check, backup, import): a clear
/// refusal, exit 3, while a server holds it.
pub fn refuse_if_served(g: &Global, command: &str) -> anyhow::Result<()> {
    match crate::serve::client::running(&g.db) {
        Some(server) => Err(anyhow::Error::new(crate::Error::InUse(format!(
                "store {} is held by kg serve at {} (pid {}): `kg {command}` needs the store itself; stop the server (Ctrl-C, or kill {}) and run it again",
                g.db.display(),
                server.url(),
                server.pid,
                server.pid
        )))),
        None => Ok(()),
    }
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

/// Refuses an output (export, backup) inside the store directory: writing there would
/// corrupt the store.
pub fn refuse_inside_store(output: &std::path::Path, db: &std::path::Path) -> anyhow::Result<()> {
    let Ok(store) = db.canonicalize() else { return Ok(()) };
    // The output may not exist yet: resolve its nearest existing ancestor.
    let mut probe = if output.is_absolute() { output.to_path_buf() } else { std::env::current_dir()?.join(output) };
    loop {
        if let Ok(real) = probe.canonicalize() {
            if real.starts_with(&store) {
                return Err(anyhow::Error::new(crate::Error::Usage(format!(
                    "{} is inside the store {}: write the export somewhere else",
                    output.display(),
                    db.display()
                ))));
            }
            return Ok(());
        }
        if !probe.pop() {
            return Ok(());
        }
    }
}
