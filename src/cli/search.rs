//! `kg search`: the articles whose text holds words or phrases, best first.

use super::{Format, Global};
use crate::view::search::{SearchRequest, SearchView};
use std::process::ExitCode;

/// Find articles by the words and phrases of their text, best first (BM25).
///
/// Search the full text and titles of the ingested articles. Every word must appear (in any
/// form of it: "meetings" finds "meeting"); "a quoted phrase" needs its words in that order;
/// -word leaves out the articles with it; a OR b takes either. Each hit shows its date, id,
/// title and score, then its sentences with the most of the words, the words found between
/// « and ». JSON gives the same, with a snippet, and the marks as character ranges.
///
/// The index is filled by kg ingest. A store made before kg search has an empty one: ingest
/// the same sources again (unchanged articles are indexed, not re-extracted).
///
/// Examples:
///   kg search Witkoff
///   kg search '"grain deal"' --since 2025-03
///   kg search 'envoy -Moscow' --limit 5 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Words, "a phrase", -word, a OR b.
    #[arg(value_name = "QUERY")]
    pub query: String,
    #[command(flatten)]
    pub dates: super::Dates,
    /// How many articles to show, best first (1 to 1000).
    #[arg(long, default_value_t = crate::view::search::DEFAULT_LIMIT)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let req = SearchRequest { q: a.query, since: a.dates.since, until: a.dates.until, limit: Some(a.limit) };
    let view = super::ask(g, "/api/search", &req, crate::view::search::search)?;
    super::print(&view, a.format, SearchView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
