//! `kg stats`: how big the graph is.

use super::{Format, Global};
use crate::view::stats::{StatsRequest, StatsView};
use std::process::ExitCode;

/// Count articles, entities and relations, overall or for a period.
///
/// Count articles, entities by type, relations by type, and the store's size on disk. With
/// --since or --until: the articles dated in the period, the entities they mention and the
/// relations they support (read from the whole store: slower than the kept counts). With
/// --storage: where the bytes go, by key family and by file.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub dates: super::Dates,
    /// Also show where the store's bytes go: keys and bytes per key family (what kg wrote)
    /// and the store directory's files (what sled and the search index made of it). Reads
    /// every key: about as slow as an export
    #[arg(long)]
    pub storage: bool,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let req = StatsRequest { since: a.dates.since, until: a.dates.until, storage: a.storage };
    let view = super::ask(g, "/api/stats", &req, crate::view::stats::stats)?;
    super::print(&view, a.format, StatsView::write_table)?;
    Ok(ExitCode::SUCCESS)
}
