//! `export`: which part of the graph an export holds, and writing it in each format. The
//! CLI writes to a file or standard output; the server streams the same bytes.

use super::Error;
use crate::export::{csv, dot, graphml, json, neo4j, ntriples, render, Selection};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// The question: an export of the whole graph or of a neighbourhood.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExportRequest {
    /// json, dot, svg, png, graphml, ntriples, neo4j or csv.
    #[serde(default = "json_format")]
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub around: Option<String>,
    /// The type of the `around` entity, when its name fits several.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default = "one")]
    pub depth: u32,
    #[serde(default, with = "super::comma", skip_serializing_if = "Vec::is_empty")]
    pub relation: Vec<String>,
    #[serde(default)]
    pub min_evidence: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default = "base_iri")]
    pub base_iri: String,
    #[serde(default)]
    pub force: bool,
    /// For the two formats that are directories (neo4j, csv): which of their files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

fn json_format() -> String {
    "json".into()
}

fn one() -> u32 {
    1
}

fn base_iri() -> String {
    ntriples::DEFAULT_BASE.into()
}

/// Every export format.
pub const FORMATS: &[&str] = &["json", "dot", "svg", "png", "graphml", "ntriples", "neo4j", "csv"];

/// A usage error for a format kg does not write.
pub fn check_format(format: &str) -> Result<(), Error> {
    if FORMATS.contains(&format) {
        return Ok(());
    }
    Err(Error::Usage(format!("unknown format {format:?}: {}", FORMATS.join(", "))))
}

/// The files of the formats that are directories: nodes first, relations second.
pub fn files_of(format: &str) -> &'static [&'static str] {
    match format {
        "neo4j" => &["nodes.csv", "relationships.csv", "README.md"],
        "csv" => &["nodes.csv", "edges.csv"],
        _ => &[],
    }
}

/// The selection the request describes.
pub fn selection(store: &Store, req: &ExportRequest) -> Result<Selection, Error> {
    let period = super::period(&req.since, &req.until)?;
    let relations = super::relations(&req.relation)?;
    let mut selection = match &req.around {
        Some(name) => {
            let depth = super::in_range("depth", req.depth, 1, 10)?;
            let center = super::find_as(store, name, req.kind.as_deref(), "--type")?;
            Selection::around(store, center.id, depth, relations, period)?
        }
        None => Selection { entities: None, relations, min_evidence: 0, period },
    };
    selection.min_evidence = req.min_evidence;
    Ok(selection)
}

/// Writes a one-file format (everything but neo4j and csv). A picture is watched by `watch`
/// (the server's timeout and its client's going away), when given.
pub fn write(
    store: &Store,
    req: &ExportRequest,
    selection: &Selection,
    watch: Option<&render::Watch>,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let mut out = out;
    match req.format.as_str() {
        "json" => json::write(store, selection, &mut out)?,
        "dot" => dot::write(store, selection, &mut out)?,
        "graphml" => graphml::write(store, selection, &mut out)?,
        "ntriples" => ntriples::write(store, selection, &req.base_iri, &mut out)?,
        format @ ("svg" | "png") => {
            render::write(store, selection, format, req.force, watch, &mut out).map_err(|e| match e {
                render::RenderError::Export(e) => Error::from(e),
                other => Error::Usage(other.to_string()),
            })?
        }
        other => {
            check_format(other)?;
            return Err(Error::Usage(format!("{other} is a directory format: use write_dir")));
        }
    }
    Ok(())
}

/// Writes a directory format (neo4j, csv) into `dir`; the counts of nodes and relations.
pub fn write_dir(
    store: &Store,
    req: &ExportRequest,
    selection: &Selection,
    dir: &Path,
) -> Result<(usize, usize), Error> {
    Ok(match req.format.as_str() {
        "neo4j" => neo4j::write(store, selection, dir)?,
        "csv" => csv::write(store, selection, dir)?,
        other => return Err(Error::Usage(format!("{other} is not a directory format"))),
    })
}
