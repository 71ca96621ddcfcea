//! `kg entities`: list entities, by type or by a piece of their name.

use super::output::{json, table};
use super::{Format, Global};
use crate::graph::name::normalize;
use crate::graph::EntityKind;
use serde_json::json;
use std::process::ExitCode;

/// List entities, optionally of one type, whose name or alias contains some text, or that
/// articles of a period mention; with how many articles mention each.
///
/// Examples:
///   kg entities --type person
///   kg entities --match zelensk --format json
///   kg entities --type person --since 2025-03 --until 2025-03
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// person, organization, place or concept.
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Text the name or an alias contains (case and diacritics ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
    #[command(flatten)]
    pub dates: super::Dates,
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
    let period = a.dates.period()?;
    let store = super::open_existing(g)?;
    let mut dates = article_dates(&store, &period)?;
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
        let articles = store.mentioned_in(e.id, &period, &mut dates)?;
        if articles > 0 || period.is_all() {
            found.push((e, articles));
        }
    }
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let list: Vec<_> = found
                .iter()
                .map(|(e, n)| {
                    json!({"id": e.id.to_string(), "name": e.name, "type": e.kind.as_str(), "aliases": e.aliases,
                           "articles": n})
                })
                .collect();
            json(&mut out, &json!({"entities": list}))?;
        }
        Format::Table => {
            let mut rows = vec![vec!["id".into(), "type".into(), "name".into(), "articles".into(), "aliases".into()]];
            for (e, n) in &found {
                rows.push(vec![
                    e.id.to_string(),
                    e.kind.to_string(),
                    e.name.clone(),
                    n.to_string(),
                    e.aliases.join(", "),
                ]);
            }
            table(&mut out, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A lookup of article dates for a period question: with a period, the dates of every
/// article are read once (one pass over the article records); without one, nothing is read.
pub fn article_dates<'s>(
    store: &'s crate::store::Store,
    period: &crate::graph::date::Period,
) -> anyhow::Result<impl FnMut(&str) -> crate::store::Result<String> + 's> {
    let mut dates: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    if !period.is_all() {
        for item in store.articles() {
            let (meta, _, _) = item?;
            dates.insert(meta.id, meta.date);
        }
    }
    Ok(move |id: &str| Ok(dates.get(id).cloned().unwrap_or_default()))
}
