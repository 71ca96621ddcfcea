//! `kg articles`: the articles in the store, with their dates, titles and sources.

use super::output::{dated, json, table};
use super::{Format, Global};
use crate::graph::date::order;
use crate::graph::name::normalize;
use serde_json::json;
use std::process::ExitCode;

/// List the ingested articles by date (undated last): id, date, title, source, and how many
/// entities and relations each gave.
///
/// Examples:
///   kg articles
///   kg articles --since 2025-03 --until 2025-03
///   kg articles --match reuters --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Text the id, title or source contains (case and diacritics ignored).
    #[arg(long = "match", value_name = "TEXT")]
    pub matching: Option<String>,
    #[command(flatten)]
    pub dates: super::Dates,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let period = a.dates.period()?;
    let needle = a.matching.as_deref().map(normalize);
    let store = super::open_existing(g)?;
    let mut found = Vec::new();
    for item in store.articles() {
        let (meta, entities, relations) = item?;
        if !period.contains(&meta.date) {
            continue;
        }
        if let Some(n) = &needle {
            if ![&meta.id, &meta.title, &meta.source].iter().any(|f| normalize(f).contains(n.as_str())) {
                continue;
            }
        }
        found.push((meta, entities, relations));
    }
    found.sort_by(|a, b| order(&a.0.date, &b.0.date).then_with(|| a.0.id.cmp(&b.0.id)));
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let list: Vec<_> = found
                .iter()
                .map(|(m, e, r)| {
                    json!({"id": m.id, "date": dated(&m.date), "title": m.title, "source": m.source,
                           "entities": e, "relations": r})
                })
                .collect();
            json(&mut out, &json!({"articles": list}))?;
        }
        Format::Table => {
            let mut rows = vec![vec![
                "date".to_string(),
                "id".into(),
                "title".into(),
                "source".into(),
                "entities".into(),
                "relations".into(),
            ]];
            for (m, e, r) in &found {
                let date = if m.date.is_empty() { "undated" } else { m.date.as_str() };
                rows.push(vec![
                    date.into(),
                    m.id.clone(),
                    m.title.clone(),
                    m.source.clone(),
                    e.to_string(),
                    r.to_string(),
                ]);
            }
            table(&mut out, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
