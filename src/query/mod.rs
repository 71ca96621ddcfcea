//! Questions asked of the store: which entity a name means, who is around an entity, how
//! two entities are connected. Every query reads adjacency by prefix scans from the
//! entities it reaches; none loads the whole graph.

pub mod find;
pub mod meetings;
pub mod neighbors;
pub mod path;
pub mod timeline;

use crate::graph::date::Period;
use crate::graph::{EntityId, RelationKind};
use crate::store::{Direction, Edge};

/// Which edges a traversal may follow.
#[derive(Clone, Debug, Default)]
pub struct EdgeFilter {
    /// Empty: every relation.
    pub relations: Vec<RelationKind>,
    /// `None`: both directions.
    pub direction: Option<Direction>,
    /// Only edges with evidence from articles dated inside this period.
    pub period: Period,
    /// Only meetings and calls with a sentence placing them at this place (`--where`): the
    /// walk then reads each candidate edge's evidence.
    pub venue: Option<EntityId>,
}

impl EdgeFilter {
    pub fn allows(&self, edge: &Edge) -> bool {
        let relation_ok = self.relations.is_empty() || self.relations.contains(&edge.kind);
        // A symmetric relation (met-with) has no direction to filter on.
        let direction_ok = match self.direction {
            None => true,
            Some(d) => edge.kind.is_symmetric() || edge.direction == d,
        };
        relation_ok && direction_ok
    }
}
