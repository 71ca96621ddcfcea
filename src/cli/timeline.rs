//! `kg timeline ENTITY`: an entity's facts in date order, and its roles over time.

use super::{Format, Global};
use crate::view::timeline::{TimelineRequest, TimelineView};
use std::process::ExitCode;

/// An entity's facts in date order, and its roles over time.
///
/// Show an entity's facts in date order: each with its date, article and the sentence behind
/// it. Undated facts come last, marked undated. Roles (leader-of, envoy-of, aide-of) are
/// listed with the first and last dates they are seen on.
///
/// A date stands for its whole day, month or year: with --since and --until a fact counts
/// only when its article's whole date lies inside the period, and undated facts are left out.
///
/// Examples:
///   kg timeline "Steve Witkoff"
///   kg timeline Witkoff --relation met-with --since 2025-03 --until 2025-03
///   kg timeline e17 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The entity: name, alias or id.
    pub entity: String,
    /// The entity's type (person, organization, place, concept), when its name fits several.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Only these relations (repeatable).
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    #[command(flatten)]
    pub dates: super::Dates,
    /// Show the facts of the latest N dated articles (and of up to N undated ones); 0 for
    /// every fact. A hub's whole history is long: narrow it with --since, --until or
    /// --relation.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let req = TimelineRequest {
        entity: a.entity,
        kind: a.kind,
        relation: a.relations,
        since: a.dates.since,
        until: a.dates.until,
        limit: a.limit,
    };
    let mut view = super::ask(g, "/api/timeline", &req, crate::view::timeline::timeline)?;
    view.in_period = req.since.is_some() || req.until.is_some();
    if let Some(note) = view.note().filter(|_| !g.quiet) {
        eprintln!("kg: {note}");
    }
    super::print(&view, a.format, TimelineView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
