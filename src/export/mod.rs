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
pub mod occasions;
pub mod render;

use crate::graph::date::Period;
use crate::graph::{EntityId, Evidence, RelationKind};
use crate::query::neighbors::neighbors;
use crate::query::EdgeFilter;
use crate::store::{self, Store, Support};
use std::collections::BTreeSet;

/// One selected relation with its evidence inside the selection's period, and what that
/// evidence adds up to.
#[derive(Clone, Debug)]
pub struct Related {
    pub source: EntityId,
    pub kind: RelationKind,
    pub target: EntityId,
    pub support: Support,
    pub evidence: Vec<Evidence>,
}

impl Related {
    /// The relation's confidence: its surest evidence.
    pub fn confidence(&self) -> f32 {
        crate::graph::confidence(&self.evidence)
    }
}

/// Which part of the graph to export.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Only these entities (and relations between them); `None` for the whole graph.
    pub entities: Option<BTreeSet<EntityId>>,
    /// Only these relations; empty for all.
    pub relations: Vec<RelationKind>,
    /// Only relations supported by at least this many articles (0 or 1: all).
    pub min_evidence: usize,
    /// Only evidence from articles dated inside this period counts.
    pub period: Period,
}

impl Selection {
    /// The neighbourhood of `center` within `depth` steps (over the allowed relations).
    pub fn around(
        store: &Store,
        center: EntityId,
        depth: u32,
        relations: Vec<RelationKind>,
        period: Period,
    ) -> Result<Selection, store::Error> {
        let filter = EdgeFilter { relations: relations.clone(), direction: None, period, venue: None };
        let mut ids: BTreeSet<EntityId> = neighbors(store, center, depth, &filter)?.into_iter().map(|n| n.id).collect();
        ids.insert(center);
        Ok(Selection { entities: Some(ids), relations, min_evidence: 0, period })
    }

    fn keeps_relation(&self, s: EntityId, kind: RelationKind, t: EntityId) -> bool {
        (self.relations.is_empty() || self.relations.contains(&kind))
            && self.entities.as_ref().is_none_or(|ids| ids.contains(&s) && ids.contains(&t))
    }

    /// Whether the selection keeps every relation whole: no relation, evidence or date
    /// filter.
    fn is_whole(&self) -> bool {
        self.relations.is_empty() && self.min_evidence <= 1 && self.period.is_all()
    }

    /// Visits the selected relations in key order, each with its evidence in the period.
    pub fn for_each_relation(
        &self,
        store: &Store,
        mut f: impl FnMut(&Related) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut visit = |s: EntityId, k: RelationKind, t: EntityId| -> Result<(), Error> {
            if !self.keeps_relation(s, k, t) {
                return Ok(());
            }
            let mut evidence = store.evidence(s, k, t)?;
            evidence.retain(|e| self.period.contains(&e.date));
            let support = support_of(&evidence);
            if evidence.is_empty() || (support.articles as usize) < self.min_evidence {
                return Ok(());
            }
            f(&Related { source: s, kind: k, target: t, support, evidence })
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
        match (&self.entities, self.is_whole()) {
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
                self.for_each_relation(store, |r| {
                    ids.insert(r.source);
                    ids.insert(r.target);
                    Ok(())
                })?;
                Ok(ids.into_iter().collect())
            }
        }
    }
}

/// Article titles, dates and sources, read from the store once each while an export runs.
/// Bounded: past `LIMIT` articles the cache starts over.
pub struct Articles<'s> {
    store: &'s Store,
    cache: std::collections::HashMap<String, store::ArticleMeta>,
}

impl<'s> Articles<'s> {
    const LIMIT: usize = 100_000;

    pub fn new(store: &'s Store) -> Articles<'s> {
        Articles { store, cache: std::collections::HashMap::new() }
    }

    /// The article's fields; an article the store no longer holds has only its id.
    pub fn get(&mut self, id: &str) -> Result<&store::ArticleMeta, Error> {
        if !self.cache.contains_key(id) {
            if self.cache.len() >= Self::LIMIT {
                self.cache.clear();
            }
            let meta = self
                .store
                .article_meta(id)?
                .unwrap_or_else(|| store::ArticleMeta { id: id.to_string(), ..store::ArticleMeta::default() });
            self.cache.insert(id.to_string(), meta);
        }
        Ok(&self.cache[id])
    }

    /// The ids of an entity's articles inside `period`.
    pub fn of_entity(&mut self, id: EntityId, period: &Period) -> Result<Vec<String>, Error> {
        let mut articles = self.store.entity_articles(id)?;
        if !period.is_all() {
            let mut kept = Vec::with_capacity(articles.len());
            for a in articles {
                if period.contains(&self.get(&a)?.date) {
                    kept.push(a);
                }
            }
            articles = kept;
        }
        Ok(articles)
    }
}

/// The articles a relation's evidence comes from, and their first and last dates.
pub fn support_of(evidence: &[Evidence]) -> Support {
    let mut support = Support::default();
    let mut last_article = None;
    // Evidence comes ordered by article: one count per article.
    for e in evidence {
        if last_article != Some(&e.article) {
            support.add(&e.date, 1);
            last_article = Some(&e.article);
        }
    }
    support
}

/// An export failed: reading the store or writing the output.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("writing the export: {0}")]
    Io(#[from] std::io::Error),
}
