//! `neighbors`: who is around an entity, up to some steps away.

use super::text::{table, terminal_safe as safe};
use super::{dated, seen, EntityRef, Error};
use crate::query::EdgeFilter;
use crate::store::{Direction, Store};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The question: the neighbours of `entity`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NeighborsRequest {
    pub entity: String,
    /// The entity's type, when its name fits several entities.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default = "one")]
    pub depth: u32,
    #[serde(default, with = "super::comma", skip_serializing_if = "Vec::is_empty")]
    pub relation: Vec<String>,
    /// `out`, `in` or `both`.
    #[serde(default = "both")]
    pub direction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Only meetings and calls at this place (name, alias or id).
    #[serde(rename = "where", default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
}

fn one() -> u32 {
    1
}

fn both() -> String {
    "both".into()
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NeighborsView {
    pub entity: EntityRef,
    pub neighbors: Vec<Neighbor>,
}

/// One entity reached, and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Neighbor {
    #[serde(flatten)]
    pub entity: EntityRef,
    pub relation: String,
    /// `out` (reached as the target), `in` (as the source) or `both` (a symmetric relation).
    pub direction: String,
    pub depth: u32,
    pub via: String,
    pub articles: u32,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Whether an analyst asserted the relation (`kg assert`): its evidence is their note.
    #[serde(default)]
    pub asserted: bool,
}

/// Answers the question.
pub fn neighbors(store: &Store, req: &NeighborsRequest) -> Result<NeighborsView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let depth = super::in_range("depth", req.depth, 1, 10)?;
    let direction = match req.direction.as_str() {
        "out" => Some(Direction::Out),
        "in" => Some(Direction::In),
        "both" | "" => None,
        other => return Err(Error::Usage(format!("direction must be out, in or both, not {other:?}"))),
    };
    let venue = req.place.as_deref().map(|p| super::find_as(store, p, Some("place"), "--where")).transpose()?;
    let relations = super::relations(&req.relation)?;
    let filter = EdgeFilter { period, relations, direction, venue: venue.map(|v| v.id) };
    let entity = super::find_as(store, &req.entity, req.kind.as_deref(), "--type")?;
    let found = crate::query::neighbors::neighbors(store, entity.id, depth, &filter)?;
    let ents = super::names(store, found.iter().map(|n| n.id))?;
    let mut neighbors = Vec::with_capacity(found.len());
    for n in &found {
        let (a, b) = match n.direction {
            Some(Direction::Out) => (n.via, n.id),
            Some(Direction::In) => (n.id, n.via),
            None => (n.via.min(n.id), n.via.max(n.id)),
        };
        let asserted = store.is_asserted(a, n.relation, b)?;
        neighbors.extend(ents.get(&n.id).map(|e| Neighbor {
            entity: EntityRef::of(e),
            relation: n.relation.as_str().to_string(),
            direction: n.direction.map_or("both", Direction::as_str).to_string(),
            depth: n.depth,
            via: n.via.to_string(),
            articles: n.support.articles,
            first_seen: dated(&n.support.first_seen),
            last_seen: dated(&n.support.last_seen),
            asserted,
        }));
    }
    Ok(NeighborsView { entity: EntityRef::of(&entity), neighbors })
}

impl NeighborsView {
    /// The answer as a table: the entity, then one row per neighbour. Past depth 1 a `via`
    /// column names the entity each neighbour is reached from (the relation and arrow are
    /// between the two), so a row reads as a hop: `via -[relation]- neighbor`.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let e = &self.entity;
        writeln!(out, "{} ({}, {})", safe(&e.name), e.id, e.kind)?;
        if self.neighbors.is_empty() {
            return writeln!(out, "no neighbours");
        }
        let deep = self.neighbors.iter().any(|n| n.depth > 1);
        // Every hop starts at the entity asked about or at a neighbour found one step nearer.
        let names: std::collections::HashMap<&str, &str> = std::iter::once((e.id.as_str(), e.name.as_str()))
            .chain(self.neighbors.iter().map(|n| (n.entity.id.as_str(), n.entity.name.as_str())))
            .collect();
        let mut header = vec!["depth"];
        if deep {
            header.push("via");
        }
        header.extend(["relation", "direction", "neighbor", "type", "id", "articles", "seen"]);
        let mut rows: Vec<Vec<String>> = vec![header.into_iter().map(String::from).collect()];
        for n in &self.neighbors {
            let arrow = match n.direction.as_str() {
                "out" => "->",
                "in" => "<-",
                _ => "--",
            };
            let mut row = vec![n.depth.to_string()];
            if deep {
                row.push(names.get(n.via.as_str()).map_or_else(|| n.via.clone(), |name| name.to_string()));
            }
            row.extend([
                if n.asserted { format!("{} (asserted)", n.relation) } else { n.relation.clone() },
                arrow.into(),
                n.entity.name.clone(),
                n.entity.kind.clone(),
                n.entity.id.clone(),
                n.articles.to_string(),
                seen(&n.first_seen, &n.last_seen),
            ]);
            rows.push(row);
        }
        table(out, &rows)
    }
}
