//! `GET /api/check`: the store's invariants verified (`Store::check`), and what is broken.

use super::{Local, Method, Operation};
use crate::error::Result;
use serde::{Deserialize, Serialize};

/// Verify the store.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {}

/// What the check found, as `kg check --format json` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    pub ok: bool,
    pub articles: u64,
    pub entities: u64,
    pub relations: u64,
    /// One line per broken invariant.
    pub problems: Vec<String>,
    /// Articles the full-text index (`kg search`) misses: not a broken invariant (a store
    /// made before the index has none); a re-ingest of their sources indexes them.
    #[serde(default)]
    pub unindexed: u64,
}

impl Operation for Check {
    type Reply = Checked;
    const WRITES: bool = false;

    fn route(&self) -> (Method, String) {
        (Method::Get, "/api/check".into())
    }

    fn run(&self, local: &Local) -> Result<Checked> {
        // The store between two commits of an ingest running meanwhile, never half of one.
        let _consistent = local.store.consistent();
        let report = local.store.check()?;
        let unindexed = local.store.unindexed()?;
        Ok(Checked {
            unindexed,
            ok: report.problems.is_empty(),
            articles: report.articles,
            entities: report.entities,
            relations: report.relations,
            problems: report.problems,
        })
    }
}

#[cfg(test)]
mod corrections_hold;
