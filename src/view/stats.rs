//! `stats`: how big the graph is, overall or for a period.

use super::text::table;
use super::Error;
use crate::graph::{EntityKind, RelationKind};
use crate::store::{DiskUsage, Store, TreeUsage};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The question: counts, within an optional period.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct StatsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Also break the store down by key family and by file (reads every key).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub storage: bool,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsView {
    pub articles: u64,
    pub entities: Tally,
    pub relations: Tally,
    /// The store directory's size, every file included.
    pub store_bytes: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<Storage>,
}

/// Where the store's bytes go (`--storage`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Storage {
    /// Each key family (sled tree): what kg wrote, before sled's own overhead.
    pub families: Vec<TreeUsage>,
    /// The store directory's files by what they hold, in bytes.
    pub files: DiskUsage,
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
        c = in_period(store, &period, c.store_bytes)?;
    }
    Ok(StatsView {
        articles: c.articles,
        entities: Tally::of(&EntityKind::ALL, &c.entities),
        relations: Tally::of(&RelationKind::ALL, &c.relations),
        store_bytes: c.store_bytes,
        storage: if req.storage {
            Some(Storage { families: store.tree_usage()?, files: store.disk_usage()? })
        } else {
            None
        },
    })
}

fn in_period(
    store: &Store,
    period: &crate::graph::date::Period,
    store_bytes: u64,
) -> Result<crate::store::Counts, Error> {
    let mut c = crate::store::Counts { store_bytes, ..Default::default() };
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
        rows.push(vec!["store size".into(), mb(self.store_bytes)]);
        table(out, &rows)?;
        if let Some(s) = &self.storage {
            self.write_storage(s, out)?;
        }
        Ok(())
    }

    /// The key families, with bytes per article, then the files.
    fn write_storage(&self, s: &Storage, out: &mut dyn Write) -> std::io::Result<()> {
        let per_article = |bytes: u64| match self.articles {
            0 => "-".to_string(),
            n => format!("{:.0}", bytes as f64 / n as f64),
        };
        let header = ["key family", "keys", "key bytes", "value bytes", "bytes/article"];
        let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
        let mut all = TreeUsage { name: "all".into(), ..TreeUsage::default() };
        for f in &s.families {
            all.keys += f.keys;
            all.key_bytes += f.key_bytes;
            all.value_bytes += f.value_bytes;
        }
        for f in s.families.iter().chain(std::iter::once(&all)) {
            rows.push(vec![
                f.name.clone(),
                f.keys.to_string(),
                size(f.key_bytes),
                size(f.value_bytes),
                per_article(f.key_bytes + f.value_bytes),
            ]);
        }
        writeln!(out)?;
        table(out, &rows)?;
        let f = &s.files;
        let mut rows = vec![vec!["file".to_string(), "size".to_string(), "bytes/article".to_string()]];
        for (name, n) in [
            ("sled log", f.log),
            ("sled snapshots", f.snapshots),
            ("search index", f.search),
            ("other", f.other),
            ("all", self.store_bytes),
        ] {
            rows.push(vec![name.to_string(), size(n), per_article(n)]);
        }
        writeln!(out)?;
        table(out, &rows)
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Bytes in kB below a megabyte, so that a small store's families do not all read 0.0 MB.
fn size(bytes: u64) -> String {
    match bytes {
        0..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => mb(bytes),
    }
}
