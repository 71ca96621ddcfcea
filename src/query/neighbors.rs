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
            if !filter.allows(&edge) {
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
