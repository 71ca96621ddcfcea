//! `kg articles`: the articles in the store, with their dates, titles and sources.

use super::{Format, Global};
use crate::view::articles::{ArticlesRequest, ArticlesView};
use std::process::ExitCode;

/// List the articles by date, with titles, sources and counts.
///
/// List the ingested articles by date (undated last): id, date, title, source, and how many
/// entities and relations each gave.
///
/// Examples:
///   kg articles
///   kg articles --since 2025-03 --until 2025-03
///   kg articles --match reuters --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Text the id, title or source contains (case and diacritics ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
    #[command(flatten)]
    pub dates: super::Dates,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let req = ArticlesRequest { matching: a.matching, since: a.dates.since, until: a.dates.until };
    let view = super::ask(g, "/api/articles", &req, crate::view::articles::articles)?;
    super::print(&view, a.format, ArticlesView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
