//! `kg check`: verify the store's invariants; exit 1 with a report when one fails. The check
//! is `ops::check`; this prints its reply.

use super::output::json;
use super::{Format, Global};
use std::io::Write;
use std::process::ExitCode;

/// Verify the store's invariants; exit 1 with a report when one fails.
///
/// Verify the store: relations have both endpoints, evidence and adjacency both ways; aliases
/// point at live entities; every article's facts are all there; every correction of the log
/// holds in the graph (each failing one named with what it says and what the graph shows
/// instead). Exits 1 and lists what is broken (the first 50 problems in the table) when
/// anything is.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let report = super::client(g).run(&crate::ops::check::Check {})?;
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => json(&mut out, &report)?,
        Format::Table => {
            let verdict = if report.ok { "ok".to_string() } else { format!("{} problems", report.problems.len()) };
            writeln!(
                out,
                "checked {} articles, {} entities, {} relations: {verdict}",
                report.articles, report.entities, report.relations
            )?;
            if report.unindexed > 0 {
                writeln!(
                    out,
                    "  note: {} articles are not in the search index (kg search): ingest their sources again to index them",
                    report.unindexed
                )?;
            }
            for p in report.problems.iter().take(50) {
                writeln!(out, "  {p}")?;
            }
        }
    }
    Ok(if report.ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
