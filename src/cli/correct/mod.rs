//! `kg reject`, `kg assert` and `kg corrections`: an analyst's corrections to the graph,
//! kept as an ordered log in the store that every later ingest respects, exported as a
//! diff-friendly file and replayed on other stores.

use super::output::{json, table};
use super::remote::Remote;
use super::{Format, Global};
use crate::atomic::AtomicFile;
use crate::graph::RelationKind;
use crate::store::correct::{assertion_article, line, Correction, Delta, Line, Op};
use crate::store::Store;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod import;

use import::{import_lines, read_log};

/// Reject an edge, for good: later ingests do not bring it back.
///
/// Reject an edge: its evidence goes (everywhere, or from one article with --article), and
/// no later ingest brings it back. Undo with `kg corrections undo N`.
///
/// Examples:
///   kg reject "Steve Witkoff" met-with "Kirill Dmitriev" --note "misread: they spoke by phone"
///   kg reject Witkoff envoy-of Trump --article wire-0412
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct RejectArgs {
    pub source: String,
    /// The relation: envoy-of, met-with, demands, aide-of, leader-of, spoke-with.
    pub relation: String,
    pub target: String,
    /// Only this article's evidence.
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// Why (kept in the log).
    #[arg(long, default_value = "")]
    pub note: String,
}

/// Assert an edge the articles do not give, with a note as its evidence.
///
/// Assert an edge the articles do not give: the note is its evidence, dated today, in a
/// synthetic article `kg-correction-N`. Undo with `kg corrections undo N`.
///
/// Example:
///   kg assert "Marta Lindqvist" envoy-of Sweden --note "confirmed by the ministry, 3 March"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct AssertArgs {
    pub source: String,
    pub relation: String,
    pub target: String,
    /// The evidence: who says so, and where.
    #[arg(long, required = true)]
    pub note: String,
}

/// The corrections log: list it, undo one, export it to a file, import one.
///
/// Examples:
///   kg corrections list
///   kg corrections undo 3
///   kg corrections export corrections.jsonl
///   kg corrections import corrections.jsonl --db team.sled
#[derive(clap::Subcommand, Debug)]
#[command(verbatim_doc_comment)]
pub enum Corrections {
    /// Every correction, in order, with whether it took effect.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Undo correction N: what it removed comes back, what it added goes.
    Undo { n: u64 },
    /// Write the log as JSON Lines, one correction a line (keep it in git).
    Export { file: PathBuf },
    /// Replay a log file on this store; corrections already in its log are skipped.
    Import { file: PathBuf },
}

fn usage(message: String) -> anyhow::Error {
    anyhow::Error::new(crate::Error::Usage(message))
}

fn now() -> String {
    let format = time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::now_utc().replace_nanosecond(0).ok().and_then(|t| t.format(&format).ok()).unwrap_or_default()
}

/// The correction for an edge named on the command line: names resolved to entities, a
/// symmetric relation's ends in stored order.
fn edge(store: &Store, op: Op, source: &str, relation: &str, target: &str, note: &str) -> anyhow::Result<Correction> {
    let kind: RelationKind = relation.parse().map_err(usage)?;
    let s = super::find(store, source)?;
    let t = super::find(store, target)?;
    let (s, t) = if kind.is_symmetric() && t.id < s.id { (t, s) } else { (s, t) };
    Ok(Correction {
        date: now(),
        note: note.to_string(),
        op,
        source: s.name,
        relation: kind.code(),
        target: t.name,
        ids: Some((s.id.0, t.id.0)),
        writes: Vec::new(),
        counts: Delta::default(),
        imported: false,
    })
}

fn describe(n: u64, c: &Correction) -> String {
    let rel = c.kind().map_or("?", RelationKind::as_str);
    let removed = c.writes.iter().filter(|w| w.0 == 1 && w.3.is_none()).count();
    match &c.op {
        Op::Reject { article } => {
            let scope = article.as_ref().map_or(String::new(), |a| format!(" in article {a}"));
            let gone = if c.counts.relations.iter().any(|(_, n)| *n < 0) { "; the edge is gone" } else { "" };
            format!(
                "correction {n}: rejected {} {rel} {}{scope}: evidence from {removed} article{} removed{gone}; later ingests will not add it",
                c.source,
                c.target,
                if removed == 1 { "" } else { "s" }
            )
        }
        Op::Assert => format!(
            "correction {n}: asserted {} {rel} {}, with the note as evidence (article {})",
            c.source,
            c.target,
            assertion_article(n)
        ),
        Op::Merge => {
            let moved = |tree: &str| c.writes.iter().filter(|w| w.0 == tree_index(tree) && w.3.is_some()).count();
            format!(
                "correction {n}: merged {} into {}: {} article record{} and {} piece{} of evidence rewritten; its names now find {}",
                c.target,
                c.source,
                moved("articles"),
                if moved("articles") == 1 { "" } else { "s" },
                moved("evidence"),
                if moved("evidence") == 1 { "" } else { "s" },
                c.source
            )
        }
        Op::Rename { name } => format!("correction {n}: renamed {} to {name}; the old name stays an alias", c.source),
        Op::Retype { .. } => format!("correction {n}: {} is now of type {}", c.source, c.target),
        Op::Unmerge { form } => {
            let moved = c.writes.iter().filter(|w| w.0 == 0).count();
            format!(
                "correction {n}: split {form} off {}: {moved} article{} that called it {form} now name a new entity {}",
                c.source,
                if moved == 1 { "" } else { "s" },
                c.ids.map_or(String::new(), |(_, new)| format!("e{new}"))
            )
        }
    }
}

/// What a rename or a retype is for the log: the entity as named, and the new name or type.
fn entity_correction(op: Op, entity: &crate::graph::Entity, target: String, note: &str) -> Correction {
    Correction {
        date: now(),
        note: note.to_string(),
        op,
        source: entity.name.clone(),
        relation: NO_RELATION,
        target,
        ids: Some((entity.id.0, entity.id.0)),
        writes: Vec::new(),
        counts: Delta::default(),
        imported: false,
    }
}

/// Give an entity the name analysts use.
///
/// Give an entity the name analysts use; the old name stays an alias, and later articles
/// never change the name back. Undo with `kg corrections undo N`.
///
/// Example:
///   kg rename "the Russian Foreign Minister" "Sergey Lavrov"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct RenameArgs {
    pub entity: String,
    pub name: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

/// Split a form that names someone else off an entity.
///
/// Split a form off an entity: the articles that used the form (and not the entity's name)
/// go, with their relations, to a new entity of that name; later articles naming it link
/// there. Undo with `kg corrections undo N`.
///
/// Example:
///   kg unmerge "George W. Bush" "George H. W. Bush"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct UnmergeArgs {
    pub entity: String,
    pub form: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn run_unmerge(a: UnmergeArgs, g: &Global) -> anyhow::Result<ExitCode> {
    super::remote::dispatch(g, Remote::Unmerge { entity: a.entity, form: a.form, note: a.note })
}

fn unmerge(store: &Store, entity: &str, form: &str, note: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let e = super::find(store, entity)?;
    let c = entity_correction(Op::Unmerge { form: form.to_string() }, &e, form.to_string(), note);
    apply_and_describe(store, c, out).map_err(|e| usage(e.to_string()))?;
    Ok(ExitCode::SUCCESS)
}

/// Give an entity another type.
///
/// Give an entity another type (person, organization, place, concept); later articles
/// naming it link to it whatever type the extractor reads. Undo with `kg corrections undo N`.
///
/// Example:
///   kg retype "Wagner" organization
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct RetypeArgs {
    pub entity: String,
    #[arg(value_name = "TYPE")]
    pub kind: String,
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn run_rename(a: RenameArgs, g: &Global) -> anyhow::Result<ExitCode> {
    if a.name.trim().is_empty() {
        return Err(usage("the new name is empty".into()));
    }
    super::remote::dispatch(g, Remote::Rename { entity: a.entity, name: a.name.trim().to_string(), note: a.note })
}

fn rename(store: &Store, entity: &str, name: &str, note: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let e = super::find(store, entity)?;
    let c = entity_correction(Op::Rename { name: name.to_string() }, &e, name.to_string(), note);
    apply_and_describe(store, c, out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_retype(a: RetypeArgs, g: &Global) -> anyhow::Result<ExitCode> {
    let kind: crate::graph::EntityKind = a.kind.parse().map_err(usage)?;
    super::remote::dispatch(g, Remote::Retype { entity: a.entity, kind: kind.to_string(), note: a.note })
}

fn retype(store: &Store, entity: &str, kind: &str, note: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let kind: crate::graph::EntityKind = kind.parse().map_err(usage)?;
    let e = super::find(store, entity)?;
    let c = entity_correction(Op::Retype { kind: kind.code() }, &e, kind.to_string(), note);
    apply_and_describe(store, c, out)?;
    Ok(ExitCode::SUCCESS)
}

fn apply_and_describe(store: &Store, c: Correction, out: &mut dyn Write) -> anyhow::Result<()> {
    let n = store.correct(c, None)?;
    if let Some(c) = store.correction(n)? {
        writeln!(out, "{}{}", describe(n, &c), supersedes(store, n)?)?;
    }
    Ok(())
}

/// What correction `n` overrides, as the end of its description: an assertion and a
/// rejection of the same edge supersede each other, the later wins.
fn supersedes(store: &Store, n: u64) -> anyhow::Result<String> {
    let mut over: Vec<u64> = store.superseded()?.into_iter().filter(|(_, by)| *by == n).map(|(m, _)| m).collect();
    over.sort_unstable();
    Ok(superseding(&over))
}

fn superseding(over: &[u64]) -> String {
    match over {
        [] => String::new(),
        [m] => format!(" (it supersedes correction {m}, which no longer holds)"),
        ms => format!(
            " (it supersedes corrections {}, which no longer hold)",
            ms.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn tree_index(tree: &str) -> u8 {
    match tree {
        "articles" => 0,
        _ => 1,
    }
}

/// Merge entities that are one into KEEP.
///
/// Merge entities that are one: every OTHER's names, articles, relations and evidence move
/// to KEEP, and OTHER is gone. Later articles naming any of them link to KEEP. Undo with
/// `kg corrections undo N` (one correction per OTHER).
///
/// Example:
///   kg merge "Sergey Lavrov" "Sergei Lavrov" --note "one foreign minister"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct MergeArgs {
    pub keep: String,
    #[arg(required = true)]
    pub others: Vec<String>,
    #[arg(long, default_value = "")]
    pub note: String,
}

pub fn run_merge(a: MergeArgs, g: &Global) -> anyhow::Result<ExitCode> {
    super::remote::dispatch(g, Remote::Merge { keep: a.keep, others: a.others, note: a.note })
}

/// Every name is resolved and checked before the first merge is written: a command either
/// merges them all or none (`merge KEEP X KEEP` used to merge X, then fail).
fn merge(store: &Store, keep: &str, others: &[String], note: &str, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let keep = super::find(store, keep)?;
    let mut resolved: Vec<crate::graph::Entity> = Vec::with_capacity(others.len());
    for name in others {
        let other = super::find(store, name)?;
        if other.id == keep.id {
            return Err(usage(format!(
                "{name:?} is {} ({}) itself: nothing merged (an entity cannot be merged into itself)",
                keep.name, keep.id
            )));
        }
        if resolved.iter().any(|r| r.id == other.id) {
            return Err(usage(format!("{name:?} ({}) is named twice: nothing merged", other.id)));
        }
        resolved.push(other);
    }
    if note.len() > crate::store::correct::MAX_NOTE_BYTES {
        return Err(usage(format!(
            "a note is at most {} bytes (this one has {}): nothing merged",
            crate::store::correct::MAX_NOTE_BYTES,
            note.len()
        )));
    }
    for other in resolved {
        apply_and_describe(store, merge_correction(&keep.name, keep.id.0, &other.name, other.id.0, note), out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The relation code a merge carries: none.
const NO_RELATION: u8 = u8::MAX;

fn merge_correction(keep: &str, keep_id: u64, other: &str, other_id: u64, note: &str) -> Correction {
    Correction {
        date: now(),
        note: note.to_string(),
        op: Op::Merge,
        source: keep.to_string(),
        relation: NO_RELATION,
        target: other.to_string(),
        ids: Some((keep_id, other_id)),
        writes: Vec::new(),
        counts: Delta::default(),
        imported: false,
    }
}

pub fn run_reject(a: RejectArgs, g: &Global) -> anyhow::Result<ExitCode> {
    let edge = EdgeArgs { source: a.source, relation: a.relation, target: a.target, note: a.note };
    super::remote::dispatch(g, Remote::Reject { edge, article: a.article })
}

pub fn run_assert(a: AssertArgs, g: &Global) -> anyhow::Result<ExitCode> {
    super::remote::dispatch(
        g,
        Remote::Assert { edge: EdgeArgs { source: a.source, relation: a.relation, target: a.target, note: a.note } },
    )
}

/// An edge a correction names.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct EdgeArgs {
    pub source: String,
    pub relation: String,
    pub target: String,
    pub note: String,
}

fn edge_correction(store: &Store, op: Op, e: &EdgeArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let c = edge(store, op, &e.source, &e.relation, &e.target, &e.note)?;
    apply_and_describe(store, c, out)?;
    Ok(ExitCode::SUCCESS)
}

/// Runs a correction command on an open store, printing what the command prints: the same
/// code whether the command holds the store or a server runs it for the command.
///
/// `writer` is the server's write lock when a server runs it: a command that writes holds it
/// throughout, except an import, which takes it one batch at a time.
pub fn execute(
    store: &Store,
    cmd: &Remote,
    out: &mut dyn Write,
    err: &mut dyn Write,
    quiet: bool,
    writer: Option<&std::sync::Mutex<()>>,
) -> anyhow::Result<ExitCode> {
    let _one_writer = match (cmd, writer) {
        (Remote::Import { .. }, _) | (_, None) => None,
        (cmd, Some(w)) => cmd.writes().then(|| w.lock().unwrap_or_else(std::sync::PoisonError::into_inner)),
    };
    match cmd {
        Remote::Merge { keep, others, note } => merge(store, keep, others, note, out),
        Remote::Unmerge { entity, form, note } => unmerge(store, entity, form, note, out),
        Remote::Rename { entity, name, note } => rename(store, entity, name, note, out),
        Remote::Retype { entity, kind, note } => retype(store, entity, kind, note, out),
        Remote::Reject { edge, article } => edge_correction(store, Op::Reject { article: article.clone() }, edge, out),
        Remote::Assert { edge } => edge_correction(store, Op::Assert, edge, out),
        Remote::List { json } => list(store, if *json { Format::Json } else { Format::Table }, out),
        Remote::Undo { n } => undo(store, *n, out),
        Remote::Log => {
            for (n, c) in &store.corrections()? {
                serde_json::to_writer(&mut *out, &line(*n, c))?;
                out.write_all(b"\n")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Remote::Import { file, lines } => import_lines(store, file, lines.clone(), out, err, quiet, writer),
        Remote::Check { json } => super::check::check(store, if *json { Format::Json } else { Format::Table }, out),
        Remote::Backup { dest, db, shown } => super::backup::backup(store, dest, db, shown, out, quiet),
    }
}

pub fn run(cmd: Corrections, g: &Global) -> anyhow::Result<ExitCode> {
    match cmd {
        Corrections::List { format } => super::remote::dispatch(g, Remote::List { json: format == Format::Json }),
        Corrections::Undo { n } => super::remote::dispatch(g, Remote::Undo { n }),
        Corrections::Export { file } => {
            super::refuse_inside_store(&file, &g.db)?;
            let mut log = Vec::new();
            super::remote::dispatch_into(g, Remote::Log, &mut log)?;
            let mut out = AtomicFile::create(&file)?;
            out.write_all(&log)?;
            out.commit()?;
            if !g.quiet {
                let n = log.iter().filter(|&&b| b == b'\n').count();
                eprintln!("kg: wrote {n} corrections to {}", file.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Corrections::Import { file } => {
            let lines = read_log(&file)?;
            super::remote::dispatch(g, Remote::Import { file: file.display().to_string(), lines })
        }
    }
}

fn list(store: &Store, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let log = store.corrections()?;
    let superseded = store.superseded()?;
    match format {
        Format::Json => {
            let list: Vec<_> = log
                .iter()
                .map(|(n, c)| {
                    let mut v = serde_json::to_value(line(*n, c)).unwrap_or_default();
                    let by = superseded.get(n);
                    v["in_effect"] = serde_json::json!(c.ids.is_some() && by.is_none());
                    if let Some(by) = by {
                        v["superseded_by"] = serde_json::json!(by);
                    }
                    v
                })
                .collect();
            json(out, &serde_json::json!({ "corrections": list }))?;
        }
        Format::Table => {
            if log.is_empty() {
                writeln!(out, "no corrections")?;
                return Ok(ExitCode::SUCCESS);
            }
            let mut rows = vec![["n", "date", "op", "source", "relation", "target", "article", "note", "effect"]
                .map(String::from)
                .to_vec()];
            for (n, c) in &log {
                let l = line(*n, c);
                let effect = match (c.ids, superseded.get(n)) {
                    (None, _) => "unresolved: an entity is missing".to_string(),
                    (Some(_), Some(by)) => format!("superseded by {by}"),
                    (Some(_), None) => "in effect".to_string(),
                };
                rows.push(vec![
                    n.to_string(),
                    l.date,
                    l.op,
                    l.source,
                    l.relation,
                    l.target,
                    l.article.unwrap_or_else(|| "-".into()),
                    l.note,
                    effect,
                ]);
            }
            table(out, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn undo(store: &Store, n: u64, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let c = store.undo(n).map_err(|e| usage(e.to_string()))?;
    let what = match c.op {
        Op::Reject { .. } => "the rejected evidence is back",
        Op::Assert => "the asserted edge is gone",
        Op::Merge => "the merged entity is back, as it was",
        Op::Rename { .. } => "the entity has its old name again",
        Op::Retype { .. } => "the entity has its old type again",
        Op::Unmerge { .. } => "the form and its articles are back with the entity",
    };
    let rel = c.kind().map_or("->", RelationKind::as_str);
    writeln!(out, "undid correction {n} ({} {rel} {}): {what}", c.source, c.target)?;
    Ok(ExitCode::SUCCESS)
}
