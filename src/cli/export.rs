//! `kg export`: the graph, or the neighbourhood of one entity, as JSON or DOT.

use super::Global;
use crate::export::{dot, json, Selection};
use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// The JSON export contract: {"entities": [...], "relations": [...]} with evidence.
    #[default]
    Json,
    /// Graphviz DOT: render with `dot -Tsvg`.
    Dot,
}

/// Write the graph (or a neighbourhood) as JSON or Graphviz DOT.
///
/// Examples:
///   kg export --format json --output graph.json
///   kg export --format dot --around "Vladimir Putin" --depth 2 | dot -Tsvg > putin.svg
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    pub format: ExportFormat,
    /// Only the entities within --depth steps of this one (name, alias or id).
    #[arg(long, value_name = "ENTITY")]
    pub around: Option<String>,
    /// Steps from --around.
    #[arg(long, default_value_t = 1, requires = "around", value_parser = clap::value_parser!(u32).range(1..=10))]
    pub depth: u32,
    /// Only these relations (repeatable): envoy-of, met-with, demands, aide-of, leader-of, spoke-with.
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Write here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let store = super::open_existing(g)?;
    let relations = super::relations(&args.relations)?;
    let selection = match &args.around {
        Some(name) => {
            let center = super::find(&store, name)?;
            Selection::around(&store, center.id, args.depth, relations)?
        }
        None => Selection { entities: None, relations },
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(BufWriter::new(
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    match args.format {
        ExportFormat::Json => json::write(&store, &selection, &mut out)?,
        ExportFormat::Dot => dot::write(&store, &selection, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
