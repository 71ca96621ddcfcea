//! `kg entities`: list entities, by type or by a piece of their name.

use super::{Format, Global};
use crate::view::entities::{EntitiesRequest, EntitiesView};
use std::process::ExitCode;

/// List entities by type, name or period, with their article counts.
///
/// List entities, optionally of one type, whose name or alias contains some text, or that
/// articles of a period mention; with how many articles mention each.
///
/// Examples:
///   kg entities --type person
///   kg entities --match zelensk --format json
///   kg entities --type person --since 2025-03 --until 2025-03
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// person, organization, place or concept.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Text the name or an alias contains (case and diacritics ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
    #[command(flatten)]
    pub dates: super::Dates,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let req =
        EntitiesRequest { kind: a.kind, matching: a.matching, since: a.dates.since, until: a.dates.until, limit: None };
    let view = super::ask(g, "/api/entities", &req, crate::view::entities::entities)?;
    super::print(&view, a.format, EntitiesView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
