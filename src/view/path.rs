//! `path`: how two entities are connected.

use super::text::terminal_safe as safe;
use super::{EntityRef, Error};
use crate::graph::RelationKind;
use crate::query::path::{PathOptions, DEFAULT_BUDGET};
use crate::store::{Direction, Store};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The question: paths from `from` to `to`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PathRequest {
    pub from: String,
    pub to: String,
    /// The types of `from` and `to`, when a name fits several entities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_type: Option<String>,
    #[serde(default = "four")]
    pub max_depth: u32,
    #[serde(default, with = "super::comma", skip_serializing_if = "Vec::is_empty")]
    pub relation: Vec<String>,
    #[serde(default)]
    pub directed: bool,
    #[serde(default)]
    pub all: bool,
    #[serde(default = "hundred")]
    pub limit: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

fn four() -> u32 {
    4
}

fn hundred() -> usize {
    100
}

/// The answer: shortest first; empty when the two are not connected within `max_depth`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathView {
    pub paths: Vec<PathItem>,
    /// False when the search stopped at its step budget before trying everything.
    pub complete: bool,
    pub from: EntityRef,
    pub to: EntityRef,
    pub max_depth: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathItem {
    pub nodes: Vec<EntityRef>,
    pub edges: Vec<PathEdge>,
}

/// One hop, as the relation is stored: `source` -[relation]-> `target`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PathEdge {
    pub source: String,
    pub target: String,
    pub relation: String,
    /// Whether an analyst asserted the relation (`kg assert`).
    #[serde(default)]
    pub asserted: bool,
}

/// Answers the question.
pub fn path(store: &Store, req: &PathRequest) -> Result<PathView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let max_depth = super::in_range("max_depth", req.max_depth, 1, 12)?;
    let opts = PathOptions {
        max_depth,
        relations: super::relations(&req.relation)?,
        directed: req.directed,
        all: req.all,
        limit: req.limit.max(1),
        budget: DEFAULT_BUDGET,
        period,
    };
    let from = super::find_as(store, &req.from, req.from_type.as_deref(), "--from-type")?;
    let to = super::find_as(store, &req.to, req.to_type.as_deref(), "--to-type")?;
    let result = crate::query::path::paths(store, from.id, to.id, &opts)?;
    let ents = super::names(store, result.found.iter().flat_map(|p| p.nodes.iter().copied()))?;
    let mut paths = Vec::with_capacity(result.found.len());
    for p in &result.found {
        let mut edges = Vec::with_capacity(p.hops.len());
        for h in &p.hops {
            let (s, t) = match h.direction {
                Direction::Out => (h.from, h.to),
                Direction::In => (h.to, h.from),
            };
            let asserted = store.is_asserted(s, h.relation, t)?;
            edges.push(PathEdge {
                source: s.to_string(),
                target: t.to_string(),
                relation: h.relation.as_str().into(),
                asserted,
            });
        }
        let nodes = p.nodes.iter().filter_map(|id| ents.get(id)).map(EntityRef::of).collect();
        paths.push(PathItem { nodes, edges });
    }
    Ok(PathView { paths, complete: !result.cut_short, from: EntityRef::of(&from), to: EntityRef::of(&to), max_depth })
}

impl PathView {
    /// The note for standard error when the search was cut short.
    pub fn note(&self) -> Option<String> {
        (!self.complete).then(|| {
            format!(
                "the search stopped after {DEFAULT_BUDGET} steps; these are the paths found so far (narrow it with --max-depth or --relation)"
            )
        })
    }

    /// One line a path: `A -[met-with]- B <-[envoy-of]- C`.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.paths.is_empty() {
            writeln!(
                out,
                "no path from {} to {} within {} hops",
                safe(&self.from.name),
                safe(&self.to.name),
                self.max_depth
            )?;
        }
        for p in &self.paths {
            let Some(first) = p.nodes.first() else { continue };
            let mut line = first.name.clone();
            for (i, e) in p.edges.iter().enumerate() {
                let (Some(here), next) = (p.nodes.get(i), p.nodes.get(i + 1)) else { break };
                let symmetric = e.relation.parse::<RelationKind>().is_ok_and(RelationKind::is_symmetric);
                let relation = if e.asserted { format!("{} (asserted)", e.relation) } else { e.relation.clone() };
                let link = if symmetric {
                    format!(" -[{relation}]- ")
                } else if e.source == here.id {
                    format!(" -[{relation}]-> ")
                } else {
                    format!(" <-[{relation}]- ")
                };
                line.push_str(&link);
                line.push_str(next.map_or("?", |n| n.name.as_str()));
            }
            writeln!(out, "{}", safe(&line))?;
        }
        Ok(())
    }
}
