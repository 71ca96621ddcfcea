//! `kg show ENTITY`: everything the graph holds about one entity, with the evidence.

use super::{Format, Global};
use crate::view::show::{ShowRequest, ShowView};
use std::process::ExitCode;

/// Show an entity with its articles and every relation's evidence.
///
/// Show an entity: type, aliases (the forms articles wrote, each with how many articles wrote
/// it; other spellings find the entity but are no aliases), the articles that mention it
/// (with date and title), and
/// every relation with how many articles support it, when it is first and last seen, and the
/// sentences (with article, date and pattern) behind it.
///
/// Examples:
///   kg show "Vladimir Putin"
///   kg show Putin --since 2025-01 --until 2025-06
///   kg show e17 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The entity: name, alias or id.
    pub entity: String,
    /// The entity's type (person, organization, place, concept), when its name fits several.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    #[command(flatten)]
    pub dates: super::Dates,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let req = ShowRequest { entity: a.entity, kind: a.kind, since: a.dates.since, until: a.dates.until };
    let view = super::ask(g, "/api/show", &req, crate::view::show::show)?;
    super::print(&view, a.format, ShowView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
