//! Exports: the graph, or a part of it, written for other tools.
//!
//! `json` follows the export contract of EXTRACTION.md; `dot` writes Graphviz. Both stream
//! from the store: entities, then relations, each written as it is read.

pub mod csv;
pub mod dot;
pub mod graphml;
pub mod json;
pub mod neo4j;
pub mod ntriples;
pub mod render;

use crate::graph::{EntityId, RelationKind};
use crate::query::neighbors::neighbors;
use crate::query::EdgeFilter;
use crate::store::{self, Store};
use std::collections::BTreeSet;

/// Which part of the graph to export.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only these entities (and relations between them); `None` for the whole graph.
    pub entities: Option<BTreeSet<EntityId>>,
    /// Only these relations; empty for all.
    pub relations: Vec<RelationKind>,
    /// Only relations with at least this many evidence sentences (0 or 1: all).
    pub min_evidence: usize,
}

impl Selection {
    /// The neighbourhood of `center` within `depth` steps (over the allowed relations).
    pub fn around(
        store: &Store,
        center: EntityId,
        depth: u32,
        relations: Vec<RelationKind>,
    ) -> Result<Selection, store::Error> {
        let filter = EdgeFilter { relations: relations.clone(), direction: None };
        let mut ids: BTreeSet<EntityId> = neighbors(store, center, depth, &filter)?.into_iter().map(|n| n.id).collect();
        ids.insert(center);
        Ok(Selection { entities: Some(ids), relations, min_evidence: 0 })
    }

    fn keeps_relation(&self, s: EntityId, kind: RelationKind, t: EntityId) -> bool {
        (self.relations.is_empty() || self.relations.contains(&kind))
            && self.entities.as_ref().is_none_or(|ids| ids.contains(&s) && ids.contains(&t))
    }

    /// Visits the selected relations in key order.
    pub fn for_each_relation(
        &self,
        store: &Store,
        mut f: impl FnMut(EntityId, RelationKind, EntityId) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut visit = |s: EntityId, k: RelationKind, t: EntityId| -> Result<(), Error> {
            if !self.keeps_relation(s, k, t) {
                return Ok(());
            }
            if self.min_evidence > 1 && store.evidence(s, k, t)?.len() < self.min_evidence {
                return Ok(());
            }
            f(s, k, t)
        };
        match &self.entities {
            None => {
                for r in store.relations() {
                    let (s, k, t) = r?;
                    visit(s, k, t)?;
                }
            }
            Some(ids) => {
                for &id in ids {
                    for edge in store.edges(id)? {
                        let (s, k, t) = edge.triple(id);
                        // Each relation once: from its source's scan.
                        if s == id {
                            visit(s, k, t)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The selected entity ids: all of them, or only those a relation filter keeps.
    pub fn entity_ids(&self, store: &Store) -> Result<Vec<EntityId>, Error> {
        match (&self.entities, self.relations.is_empty() && self.min_evidence <= 1) {
            (Some(ids), _) => Ok(ids.iter().copied().collect()),
            (None, true) => {
                let mut out = Vec::new();
                for e in store.entities() {
                    out.push(e?.id);
                }
                Ok(out)
            }
            (None, false) => {
                let mut ids = BTreeSet::new();
                self.for_each_relation(store, |s, _, t| {
                    ids.insert(s);
                    ids.insert(t);
                    Ok(())
                })?;
                Ok(ids.into_iter().collect())
            }
        }
    }
}

/// An export failed: reading the store or writing the output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
}
