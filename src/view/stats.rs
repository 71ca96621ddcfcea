//! `stats`: how big the graph is, overall or for a period.

use super::text::table;
use super::Error;
use crate::graph::{EntityKind, RelationKind};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The question: counts, within an optional period.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StatsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub articles: u64,
    pub entities: Tally,
    pub relations: Tally,
    pub store_bytes: u64,
}

/// A total and its parts by type, every type listed (zero included), in a fixed order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    pub total: u64,
    pub by_type: serde_json::Map<String, serde_json::Value>,
}

impl Tally {
    fn of<K: Ord + std::fmt::Display + Copy>(all: &[K], counts: &std::collections::BTreeMap<K, u64>) -> Tally {
        Tally {
            total: counts.values().sum(),
            by_type: all.iter().map(|k| (k.to_string(), counts.get(k).copied().unwrap_or(0).into())).collect(),
        }
    }
}

/// Answers the question: the kept counts, or with a period the articles dated inside it, the
/// entities they mention and the relations they support (read from the whole store).
pub fn stats(store: &Store, req: &StatsRequest) -> Result<StatsView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let mut c = store.counts()?;
    if !period.is_all() {
        c = in_period(store, &period)?;
    }
    Ok(StatsView {
        articles: c.articles,
        entities: Tally::of(&EntityKind::ALL, &c.entities),
        relations: Tally::of(&RelationKind::ALL, &c.relations),
        store_bytes: c.store_bytes,
    })
}

fn in_period(store: &Store, period: &crate::graph::date::Period) -> Result<crate::store::Counts, Error> {
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

impl StatsView {
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut rows = vec![vec!["articles".to_string(), self.articles.to_string()]];
        for (label, tally) in [("entities", &self.entities), ("relations", &self.relations)] {
            rows.push(vec![label.into(), tally.total.to_string()]);
            for (k, n) in &tally.by_type {
                rows.push(vec![format!("  {k}"), n.to_string()]);
            }
        }
        rows.push(vec!["store size".into(), format!("{:.1} MB", self.store_bytes as f64 / 1e6)]);
        table(out, &rows)
    }
}
