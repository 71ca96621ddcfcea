//! `kg stats`: how big the graph is.

use super::output::{json, table};
use super::{Format, Global};
use crate::graph::{EntityKind, RelationKind};
use serde_json::json;
use std::process::ExitCode;

/// Count articles, entities by type, relations by type, and the store's size on disk. With
/// --since or --until: the articles dated in the period, the entities they mention and the
/// relations they support (read from the whole store: slower than the kept counts).
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub dates: super::Dates,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let period = a.dates.period()?;
    let store = super::open_existing(g)?;
    let mut c = store.counts()?;
    if !period.is_all() {
        c = in_period(&store, &period)?;
    }
    let entities: u64 = c.entities.values().sum();
    let relations: u64 = c.relations.values().sum();
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let by_kind: serde_json::Map<String, serde_json::Value> = EntityKind::ALL
                .iter()
                .map(|k| (k.to_string(), json!(c.entities.get(k).copied().unwrap_or(0))))
                .collect();
            let by_rel: serde_json::Map<String, serde_json::Value> = RelationKind::ALL
                .iter()
                .map(|k| (k.to_string(), json!(c.relations.get(k).copied().unwrap_or(0))))
                .collect();
            json(
                &mut out,
                &json!({"articles": c.articles, "entities": {"total": entities, "by_type": by_kind},
                        "relations": {"total": relations, "by_type": by_rel}, "store_bytes": c.store_bytes}),
            )?;
        }
        Format::Table => {
            let mut rows = vec![vec!["articles".to_string(), c.articles.to_string()]];
            rows.push(vec!["entities".into(), entities.to_string()]);
            for k in EntityKind::ALL {
                rows.push(vec![format!("  {k}"), c.entities.get(&k).copied().unwrap_or(0).to_string()]);
            }
            rows.push(vec!["relations".into(), relations.to_string()]);
            for k in RelationKind::ALL {
                rows.push(vec![format!("  {k}"), c.relations.get(&k).copied().unwrap_or(0).to_string()]);
            }
            rows.push(vec!["store size".into(), format!("{:.1} MB", c.store_bytes as f64 / 1e6)]);
            table(&mut out, &rows)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The counts of a period: dated articles inside it, the entities they mention, the
/// relations with evidence from them.
fn in_period(store: &crate::store::Store, period: &crate::graph::date::Period) -> anyhow::Result<crate::store::Counts> {
    let mut c = crate::store::Counts { store_bytes: store.counts()?.store_bytes, ..Default::default() };
    for item in store.articles() {
        if period.contains(&item?.0.date) {
            c.articles += 1;
        }
    }
    let mut dates = super::entities::article_dates(store, period)?;
    for e in store.entities() {
        let e = e?;
        if store.mentioned_in(e.id, period, &mut dates)? > 0 {
            *c.entities.entry(e.kind).or_default() += 1;
        }
    }
    store.for_each_relation_in(period, |_, kind, _, _| *c.relations.entry(kind).or_default() += 1)?;
    Ok(c)
}
