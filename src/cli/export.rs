//! `kg export`: the graph, or the neighbourhood of one entity, for other tools.

use super::Global;
use crate::atomic::AtomicDir;
use crate::ops::export;
use crate::view::export::ExportRequest;
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// The JSON export contract: {"entities": [...], "relations": [...]} with evidence.
    #[default]
    Json,
    /// Graphviz DOT: colours and shapes by type, a legend.
    Dot,
    /// A picture, rendered by Graphviz's dot.
    Svg,
    /// A picture, rendered by Graphviz's dot (needs --output or a pipe).
    Png,
    /// GraphML for Gephi, yEd and NetworkX.
    Graphml,
    /// RDF N-Triples (IRIs under --base-iri), evidence kept by reification.
    Ntriples,
    /// nodes.csv and relationships.csv for neo4j-admin import, into --output DIR.
    Neo4j,
    /// nodes.csv and edges.csv for spreadsheets and pandas, into --output DIR.
    Csv,
}

/// Write the graph (or a neighbourhood) for other tools: JSON, DOT, SVG/PNG pictures,
/// GraphML, RDF N-Triples, Neo4j import CSVs, plain CSVs.
///
/// Examples:
///   kg export --format json --output graph.json
///   kg export --format svg --around "Vladimir Putin" --depth 2 --output putin.svg
///   kg export --format neo4j --output neo4j-import/
///   kg export --format json --since 2025-03 --until 2025-03 --min-evidence 2
///   kg export --format ntriples --base-iri https://example.org/news/ > graph.nt
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    #[arg(long, value_enum, default_value_t)]
    pub format: ExportFormat,
    /// Only the entities within --depth steps of this one (name, alias or id).
    #[arg(long, value_name = "ENTITY")]
    pub around: Option<String>,
    /// The type of the --around entity (person, organization, place, concept), when its name
    /// fits several.
    #[arg(long = "type", value_name = "TYPE", requires = "around")]
    pub kind: Option<String>,
    /// Steps from --around.
    #[arg(long, default_value_t = 1, requires = "around", value_parser = clap::value_parser!(u32).range(1..=10))]
    pub depth: u32,
    /// Only these relations (repeatable): envoy-of, met-with, demands, aide-of, leader-of, spoke-with.
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Only relations supported by at least N articles (several sentences of one article
    /// count once).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_evidence: usize,
    #[command(flatten)]
    pub dates: super::Dates,
    /// IRI base for --format ntriples (ends in / or #).
    #[arg(long, default_value = export::DEFAULT_BASE)]
    pub base_iri: String,
    /// Write here instead of standard output (a directory for neo4j and csv).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Render an SVG or PNG even past 2,000 entities or 5,000 relations (Graphviz may take
    /// minutes; the picture is rarely readable).
    #[arg(long)]
    pub force: bool,
}

fn usage(message: &str) -> anyhow::Error {
    anyhow::Error::new(crate::Error::usage(message))
}

pub fn run(args: Args, g: &Global) -> anyhow::Result<ExitCode> {
    if !is_absolute_iri_base(&args.base_iri) {
        return Err(usage(
            "--base-iri must be an absolute IRI ending in / or #, with no spaces or control characters (for example https://example.org/kg/)",
        ));
    }
    if let Some(out) = &args.output {
        crate::ops::refuse_inside_store(out, &g.db)?;
    }
    let format = args.format.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
    let req = ExportRequest {
        format,
        around: args.around.clone(),
        kind: args.kind.clone(),
        depth: args.depth,
        relation: args.relations.clone(),
        min_evidence: args.min_evidence,
        since: args.dates.since.clone(),
        until: args.dates.until.clone(),
        base_iri: args.base_iri.clone(),
        force: args.force,
        file: None,
    };
    // Checked here too, so that a bad date is the same error with or without a server.
    args.dates.period()?;
    let client = super::client(g);
    if matches!(args.format, ExportFormat::Neo4j | ExportFormat::Csv) {
        let dir =
            args.output.as_ref().ok_or_else(|| usage("--format neo4j and csv write a directory: give --output DIR"))?;
        // Built beside the target and swapped in whole: no stale files from an older export.
        let building = AtomicDir::create(dir)?;
        let (nodes, edges) = export::write_dir(&client, &req, building.path())?;
        building.commit()?;
        if !g.quiet {
            eprintln!("kg: wrote {nodes} nodes and {edges} relations to {}", dir.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.format == ExportFormat::Png && args.output.is_none() && std::io::stdout().is_terminal() {
        return Err(usage("a PNG is binary: give --output FILE or pipe it"));
    }
    super::output::to_file_or_stdout(args.output.as_deref(), &mut |out| {
        export::write(&client, &req, out)?;
        Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// An absolute IRI (RFC 3987: a scheme, a colon, then characters N-Triples allows in an IRI)
/// that ends in `/` or `#`, so that entity ids can be appended.
fn is_absolute_iri_base(iri: &str) -> bool {
    let Some((scheme, rest)) = iri.split_once(':') else { return false };
    let scheme_ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let rest_ok = !rest.is_empty()
        && !rest.chars().any(|c| {
            c.is_control() || c.is_whitespace() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\')
        });
    scheme_ok && rest_ok && (iri.ends_with('/') || iri.ends_with('#'))
}
