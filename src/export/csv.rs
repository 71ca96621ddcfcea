//! Plain CSV for spreadsheets and pandas: `nodes.csv` and `edges.csv` in a directory.
//!
//! nodes: `id,name,type,aliases,articles` (aliases joined with `;`, articles a count);
//! edges: `source,target,relation,evidence,articles,first_seen,last_seen,confidence,
//! event_dates,venues` (evidence a count of sentences; a meeting's days and places, `;`-joined).
//! Quoting is RFC 4180, by the `csv` crate. Text cells are neutralised against spreadsheet
//! formulas (`neutral`).

use super::{Error, Selection};
use crate::store::Store;
use std::path::Path;

/// Writes `nodes.csv` and `edges.csv` under `dir` (created if needed). Returns the counts.
pub fn write(store: &Store, selection: &Selection, dir: &Path) -> Result<(usize, usize), Error> {
    std::fs::create_dir_all(dir)?;
    let mut nodes = csv::Writer::from_path(dir.join("nodes.csv")).map_err(io)?;
    nodes.write_record(["id", "name", "type", "aliases", "articles"]).map_err(io)?;
    let ids = selection.entity_ids(store)?;
    let mut articles = super::Articles::new(store);
    for &id in &ids {
        let Some(e) = store.entity(id)? else { continue };
        let articles = articles.of_entity(id, &selection.period)?.len().to_string();
        let aliases = e.alias_forms().join(";");
        nodes
            .write_record([e.id.to_string(), neutral(e.name), e.kind.to_string(), neutral(aliases), articles])
            .map_err(io)?;
    }
    nodes.flush()?;
    let mut edges = csv::Writer::from_path(dir.join("edges.csv")).map_err(io)?;
    edges
        .write_record([
            "source",
            "target",
            "relation",
            "evidence",
            "articles",
            "first_seen",
            "last_seen",
            "confidence",
            "event_dates",
            "venues",
        ])
        .map_err(io)?;
    let mut n = 0;
    let mut occasions = super::occasions::Occasions::new(store);
    selection.for_each_relation(store, |r| {
        let (dates, venues) = occasions.of(r)?;
        edges
            .write_record([
                r.source.to_string(),
                r.target.to_string(),
                r.kind.to_string(),
                r.evidence.len().to_string(),
                r.support.articles.to_string(),
                r.support.first_seen.clone(),
                r.support.last_seen.clone(),
                r.confidence().to_string(),
                dates.join(";"),
                neutral(venues.join(";")),
            ])
            .map_err(io)?;
        n += 1;
        Ok(())
    })?;
    edges.flush()?;
    Ok((ids.len(), n))
}

/// A cell a spreadsheet will not run as a formula: text starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return gets a leading `'`, as OWASP recommends against CSV injection.
pub fn neutral(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// A CSV error as the i/o error it is here (files are the only failure).
pub(super) fn io(e: csv::Error) -> Error {
    Error::Io(std::io::Error::other(e.to_string()))
}
