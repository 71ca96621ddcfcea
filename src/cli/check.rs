//! `kg check`: verify the store's invariants; exit 1 with a report when one fails.

use super::output::json;
use super::{Format, Global};
use serde_json::json;
use std::io::Write;
use std::process::ExitCode;

/// Verify the store's invariants; exit 1 with a report when one fails.
///
/// Verify the store: relations have both endpoints, evidence and adjacency both ways; aliases
/// point at live entities; every article's facts are all there. Exits 1 and lists what is
/// broken (the first 50 problems in the table) when anything is.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    super::remote::dispatch(g, super::remote::Remote::Check { json: a.format == Format::Json })
}

/// Checks the store and prints the report.
pub fn check(store: &crate::store::Store, format: Format, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let report = store.check()?;
    match format {
        Format::Json => json(
            out,
            &json!({"ok": report.problems.is_empty(), "articles": report.articles, "entities": report.entities,
                    "relations": report.relations, "problems": report.problems}),
        )?,
        Format::Table => {
            writeln!(
                out,
                "checked {} articles, {} entities, {} relations: {}",
                report.articles,
                report.entities,
                report.relations,
                if report.problems.is_empty() {
                    "ok".to_string()
                } else {
                    format!("{} problems", report.problems.len())
                }
            )?;
            for p in report.problems.iter().take(50) {
                writeln!(out, "  {p}")?;
            }
        }
    }
    Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
