//! `kg entities`: list entities, by type or by a piece of their name.

use super::output::{json, table};
use super::{Format, Global};
use crate::graph::name::normalize;
use crate::graph::EntityKind;
use serde_json::json;
use std::process::ExitCode;

/// List entities, optionally of one type or whose name or alias contains some text.
///
/// Examples:
///   kg entities --type person
///   kg entities --match zelensk --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// person, organization, place or concept.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Text the name or an alias contains (case and diacritics ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let kind: Option<EntityKind> = a
        .kind
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(|e: String| anyhow::Error::new(super::Failure { message: e, code: 2 }))?;
    let needle = a.matching.as_deref().map(normalize);
    let store = super::open_existing(g)?;
    let mut found = Vec::new();
    for e in store.entities() {
        let e = e?;
        if kind.is_some_and(|k| k != e.kind) {
            continue;
        }
        if let Some(n) = &needle {
            if !std::iter::once(&e.name).chain(&e.aliases).any(|f| normalize(f).contains(n.as_str())) {
                continue;
            }
        }
        found.push(e);
    }
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let list: Vec<_> = found
                .iter()
                .map(|e| json!({"id": e.id.to_string(), "name": e.name, "type": e.kind.as_str(), "aliases": e.aliases}))
                .collect();
            json(&mut out, &json!({"entities": list}))?;
        }
        Format::Table => {
            let mut rows = vec![vec!["id".into(), "type".into(), "name".into(), "aliases".into()]];
            for e in &found {
                rows.push(vec![e.id.to_string(), e.kind.to_string(), e.name.clone(), e.aliases.join(", ")]);
            }
            table(&mut out, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
