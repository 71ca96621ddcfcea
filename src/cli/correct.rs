//! `kg merge`, `unmerge`, `rename`, `retype`, `reject`, `assert` and `kg corrections`: an
//! analyst's corrections to the graph, kept as an ordered log in the store that every later
//! ingest respects, exported as a diff-friendly file and replayed on other stores. Each
//! entity is a name, an alias or an id; a type flag chooses among several of one name.
//!
//! Each command builds an `ops` request, runs it through `super::client` (the server holding
//! the store, else the store) and words the typed reply; the work is in `ops::correct`,
//! `ops::log` and `ops::import`.

use super::output::{json, table};
use super::{Format, Global};
use crate::atomic::AtomicFile;
use crate::ops::correct::{Applied, Correct, Effect};
use crate::ops::import::{read_log, Import};
use crate::ops::log::{List, Undo};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

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
    #[command(flatten)]
    pub types: EndTypes,
}

/// The types of an edge's ends, when a name fits several entities.
#[derive(clap::Args, Debug)]
pub struct EndTypes {
    /// The type of SOURCE (person, organization, place, concept), when its name fits several.
    #[arg(long, value_name = "TYPE")]
    pub source_type: Option<String>,
    /// The type of TARGET, when its name fits several.
    #[arg(long, value_name = "TYPE")]
    pub target_type: Option<String>,
}

/// Assert an edge the articles do not give, with a note as its evidence.
///
/// Assert an edge the articles do not give: the note is its evidence, in a synthetic
/// article `kg-correction-N` (marked `analyst-assertion` wherever evidence shows), dated
/// today or --date, citing --article from --source when given. Undo with
/// `kg corrections undo N`.
///
/// Examples:
///   kg assert "Marta Lindqvist" envoy-of Sweden --note "confirmed by the ministry, 3 March"
///   kg assert "Marta Lindqvist" met-with "Tomas Rivera" --date 2025-03-05 \
///       --article wire-0412 --source Reuters --note "they met in Bern"
///   kg assert "Ilse Brandauer" envoy-of Austria --create-source person \
///       --date 2025-03-07 --note "named envoy, ministry release"
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct AssertArgs {
    pub source: String,
    pub relation: String,
    pub target: String,
    /// The evidence: who says so, and where.
    #[arg(long, required = true)]
    pub note: String,
    /// The day the evidence is dated (YYYY-MM-DD; default today): timelines and date filters use it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The article the evidence cites (shown as the title of its synthetic article).
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// The source the evidence comes from (a newspaper, a ministry).
    #[arg(long = "source", value_name = "NAME")]
    pub source_name: Option<String>,
    /// Create SOURCE with this type (person, organization, place, concept) if the graph does
    /// not know it; undo removes it again if nothing else uses it.
    #[arg(long, value_name = "TYPE")]
    pub create_source: Option<String>,
    /// Create TARGET with this type if the graph does not know it.
    #[arg(long, value_name = "TYPE")]
    pub create_target: Option<String>,
    #[command(flatten)]
    pub types: EndTypes,
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
    /// The type of ENTITY (person, organization, place, concept), when its name fits several.
    #[arg(long = "type", value_name = "TYPE")]
    pub entity_type: Option<String>,
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
    /// The type of ENTITY (person, organization, place, concept), when its name fits several.
    #[arg(long = "type", value_name = "TYPE")]
    pub entity_type: Option<String>,
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
    /// The type ENTITY has now, when its name fits several.
    #[arg(long = "type", value_name = "TYPE")]
    pub entity_type: Option<String>,
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
    /// The type of KEEP and of every OTHER, when a name fits several entities.
    #[arg(long = "type", value_name = "TYPE")]
    pub entity_type: Option<String>,
}

/// Runs a correction and prints what each correction it wrote did.
pub fn correct(op: Correct, g: &Global) -> anyhow::Result<ExitCode> {
    let corrected = super::client(g).run(&op)?;
    let mut out = std::io::stdout().lock();
    for applied in &corrected.applied {
        writeln!(out, "{}", describe(applied))?;
    }
    if let Some(Applied { n, effect: Effect::Dismiss { a, a_id, b, b_id }, .. }) = &corrected.already {
        writeln!(
            out,
            "{a} ({a_id}) and {b} ({b_id}) are already recorded as two entities (correction {n}): nothing written"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_merge(a: MergeArgs, g: &Global) -> anyhow::Result<ExitCode> {
    correct(Correct::Merge { keep: a.keep, others: a.others, note: a.note, entity_type: a.entity_type }, g)
}

pub fn run_unmerge(a: UnmergeArgs, g: &Global) -> anyhow::Result<ExitCode> {
    correct(Correct::Unmerge { entity: a.entity, form: a.form, note: a.note, entity_type: a.entity_type }, g)
}

pub fn run_rename(a: RenameArgs, g: &Global) -> anyhow::Result<ExitCode> {
    correct(Correct::Rename { entity: a.entity, name: a.name, note: a.note, entity_type: a.entity_type }, g)
}

pub fn run_retype(a: RetypeArgs, g: &Global) -> anyhow::Result<ExitCode> {
    correct(Correct::Retype { entity: a.entity, kind: a.kind, note: a.note, entity_type: a.entity_type }, g)
}

pub fn run_reject(a: RejectArgs, g: &Global) -> anyhow::Result<ExitCode> {
    correct(
        Correct::Reject {
            source: a.source,
            relation: a.relation,
            target: a.target,
            article: a.article,
            note: a.note,
            source_type: a.types.source_type,
            target_type: a.types.target_type,
        },
        g,
    )
}

pub fn run_assert(a: AssertArgs, g: &Global) -> anyhow::Result<ExitCode> {
    correct(
        Correct::Assert {
            source: a.source,
            relation: a.relation,
            target: a.target,
            note: a.note,
            date: a.date,
            article: a.article,
            cites: a.source_name,
            create_source: a.create_source,
            create_target: a.create_target,
            source_type: a.types.source_type,
            target_type: a.types.target_type,
        },
        g,
    )
}

pub fn run(cmd: Corrections, g: &Global) -> anyhow::Result<ExitCode> {
    let client = super::client(g);
    let mut out = std::io::stdout().lock();
    match cmd {
        Corrections::List { format } => {
            let log = client.run(&List {})?;
            match format {
                Format::Json => json(&mut out, &log)?,
                Format::Table => list_table(&log, &mut out)?,
            }
        }
        Corrections::Undo { n } => {
            let u = client.run(&Undo { n })?;
            let what = match u.op.as_str() {
                "reject" => "the rejected evidence is back",
                "assert" => "the asserted edge is gone",
                "merge" => "the merged entity is back, as it was",
                "rename" => "the entity has its old name again",
                "retype" => "the entity has its old type again",
                "dismiss" => "kg duplicates may list the pair again",
                _ => "the form and its articles are back with the entity",
            };
            let rel = u.relation.as_deref().unwrap_or("->");
            writeln!(out, "undid correction {} ({} {rel} {}): {what}", u.n, u.source, u.target)?;
        }
        Corrections::Export { file } => {
            crate::ops::refuse_inside_store(&file, &g.db)?;
            let log = client.run(&List {})?;
            let mut to = AtomicFile::create(&file)?;
            for entry in &log.corrections {
                serde_json::to_writer(&mut to, &entry.line)?;
                to.write_all(b"\n")?;
            }
            to.commit()?;
            if !g.quiet {
                eprintln!("kg: wrote {} corrections to {}", log.corrections.len(), file.display());
            }
        }
        Corrections::Import { file } => {
            let lines = read_log(&file)?;
            let done = client.run(&Import { file: file.display().to_string(), lines })?;
            for problem in &done.problems {
                eprintln!("kg: {problem}");
            }
            if !g.quiet {
                for applied in &done.applied {
                    writeln!(out, "{}", describe(applied))?;
                }
            }
            let refusals = if done.refused > 0 { format!("; {} refused", done.refused) } else { String::new() };
            writeln!(
                out,
                "imported {} corrections; {} already in the log; {} unresolved (kept){refusals}",
                done.applied.len(),
                done.present,
                done.unresolved
            )?;
            if done.unresolved > 0 || done.refused > 0 {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list_table(log: &crate::ops::log::Log, out: &mut dyn Write) -> anyhow::Result<()> {
    if log.corrections.is_empty() {
        writeln!(out, "no corrections")?;
        return Ok(());
    }
    let mut rows = vec![["n", "date", "op", "source", "relation", "target", "article", "note", "effect"]
        .map(String::from)
        .to_vec()];
    for entry in &log.corrections {
        let l = entry.line.clone();
        let effect = match entry.superseded_by {
            _ if entry.unresolved() => "unresolved: an entity is missing".to_string(),
            Some(by) => format!("superseded by {by}"),
            None => "in effect".to_string(),
        };
        rows.push(vec![
            l.n.to_string(),
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
    Ok(())
}

/// One correction, as a sentence: what it did, and what it overrides.
fn describe(a: &Applied) -> String {
    let n = a.n;
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let what = match &a.effect {
        Effect::Reject { source, relation, target, article, articles, edge_gone } => {
            let scope = article.as_ref().map_or(String::new(), |a| format!(" in article {a}"));
            let gone = if *edge_gone { "; the edge is gone" } else { "" };
            format!(
                "correction {n}: rejected {source} {relation} {target}{scope}: evidence from {articles} article{} removed{gone}; later ingests will not add it",
                plural(*articles)
            )
        }
        Effect::Assert { source, relation, target, article } => {
            format!("correction {n}: asserted {source} {relation} {target}, with the note as evidence (article {article})")
        }
        Effect::Merge { keep, merged, articles, evidence } => format!(
            "correction {n}: merged {merged} into {keep}: {articles} article record{} and {evidence} piece{} of evidence rewritten; its names now find {keep}",
            plural(*articles),
            plural(*evidence)
        ),
        Effect::Rename { entity, name } => {
            format!("correction {n}: renamed {entity} to {name}; the old name stays an alias")
        }
        Effect::Retype { entity, kind } => format!("correction {n}: {entity} is now of type {kind}"),
        Effect::Unmerge { entity, form, articles, new_entity } => format!(
            "correction {n}: split {form} off {entity}: {articles} article{} that called it {form} now name a new entity {new_entity}",
            plural(*articles)
        ),
        Effect::Dismiss { a, a_id, b, b_id } => format!(
            "correction {n}: recorded {a} ({a_id}) and {b} ({b_id}) as two entities: kg duplicates will not list them as a pair again"
        ),
    };
    format!("{what}{}", superseding(&a.supersedes))
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
