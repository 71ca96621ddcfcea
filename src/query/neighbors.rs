//! Neighbours of an entity up to a depth: a breadth-first walk whose every step is one
//! prefix scan of `out` and `in` for one entity.
//!
//! Cost: one scan per entity reached below `depth`; a hub at depth one can bring thousands.
//! Each edge's support (articles, first and last date, in the period) comes from its few
//! `dates` entries; evidence is never read.

use super::EdgeFilter;
use crate::graph::{EntityId, RelationKind};
use crate::store::{self, Direction, Store, Support};
use std::collections::{HashSet, VecDeque};

/// One neighbour, reached at `depth` through `relation` from the entity before it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Neighbor {
    pub id: EntityId,
    pub relation: RelationKind,
    /// `Out`: the entity before it is the source. Symmetric relations report `None`.
    pub direction: Option<Direction>,
    pub depth: u32,
    /// The entity this one was reached from.
    pub via: EntityId,
    /// The articles, inside the filter's period, that support the relation it was reached by.
    pub support: Support,
}

/// Every entity within `depth` steps of `start`, nearest first, each once (first reached).
pub fn neighbors(
    store: &Store,
    start: EntityId,
    depth: u32,
    filter: &EdgeFilter,
) -> Result<Vec<Neighbor>, store::Error> {
    let mut seen: HashSet<EntityId> = HashSet::from([start]);
    let mut queue = VecDeque::from([(start, 0u32)]);
    let mut out = Vec::new();
    while let Some((id, d)) = queue.pop_front() {
        if d >= depth {
            continue;
        }
        for (edge, support) in store.edges_in(id, &filter.period)? {
            if !filter.allows(&edge) || !met_there(store, id, &edge, filter)? {
                continue;
            }
            // A relation can be reached twice (as source and target); list each neighbour once
            // per relation at the depth it was first reached.
            if edge.other == start {
                continue;
            }
            let first_time = seen.insert(edge.other);
            if first_time || (d == 0 && !out.iter().any(|n: &Neighbor| n.id == edge.other && n.relation == edge.kind)) {
                out.push(Neighbor {
                    id: edge.other,
                    relation: edge.kind,
                    direction: (!edge.kind.is_symmetric()).then_some(edge.direction),
                    depth: d + 1,
                    via: id,
                    support,
                });
            }
            if first_time {
                queue.push_back((edge.other, d + 1));
            }
        }
    }
    Ok(out)
}

/// Whether an edge passes the filter's place: a meeting or call with a sentence that places it
/// there, inside the period. Without a place, every edge does, and no evidence is read.
fn met_there(store: &Store, from: EntityId, edge: &store::Edge, filter: &EdgeFilter) -> Result<bool, store::Error> {
    let Some(venue) = filter.venue else { return Ok(true) };
    if !matches!(edge.kind, RelationKind::MetWith | RelationKind::SpokeWith) {
        return Ok(false);
    }
    let (a, b) = (from.min(edge.other), from.max(edge.other));
    let evidence = store.evidence(a, edge.kind, b)?;
    Ok(evidence.iter().any(|e| e.venue == Some(venue) && (filter.period.is_all() || filter.period.contains(&e.date))))
}
