//! What the log says about entities, for the commands and questions that name them: where an
//! entity merged away went (so that naming it says so instead of "unknown"), and which pairs
//! an analyst recorded as two entities (which `kg duplicates` then leaves out). Reads entry
//! heads only, never writes.

use super::*;

/// A merge of the log, as seen from the entity it took away.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The correction's number.
    pub n: u64,
    /// The entity merged away: its name then, and its id (`None` for an entry that came with
    /// `kg import`, whose graph kept no id for it).
    pub name: String,
    pub id: Option<EntityId>,
    /// Where it is now: the kept entity, or the one that entity was merged into since.
    pub into: EntityId,
}

/// A pair recorded as two entities (`kg duplicates --dismiss`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dismissal {
    /// The correction's number.
    pub n: u64,
    /// The two entities, lower id first (a merge since moved an end to the kept entity);
    /// `None` when the names did not resolve here.
    pub ids: Option<(EntityId, EntityId)>,
    /// The two names as the entry gives them: the entities' names when it was written.
    pub names: (String, String),
}

/// The id an imported merge gives the entity it took away, whose id the import did not keep.
const GONE: u64 = u64::MAX;

impl Store {
    /// Every merge of the log in order, each with where its merged entity is now.
    ///
    /// # Errors
    /// An i/o error, or a corrupt entry.
    pub fn merges(&self) -> Result<Vec<Merged>> {
        let heads = self.heads()?;
        let mut into: HashMap<u64, u64> = HashMap::new();
        for (_, h) in &heads {
            if let (Op::Merge, Some((keep, other))) = (&h.op, h.ids) {
                if other != GONE {
                    into.insert(other, keep);
                }
            }
        }
        // The log has no cycle (a merge into an entity merged away is refused); the bound
        // keeps a corrupt one from looping.
        let now = |mut id: u64| {
            for _ in 0..=into.len() {
                match into.get(&id) {
                    Some(&next) => id = next,
                    None => break,
                }
            }
            EntityId(id)
        };
        Ok(heads
            .into_iter()
            .filter_map(|(n, h)| match (h.op, h.ids) {
                (Op::Merge, Some((keep, other))) => {
                    Some(Merged { n, name: h.target, id: (other != GONE).then_some(EntityId(other)), into: now(keep) })
                }
                _ => None,
            })
            .collect())
    }

    /// The merge that took entity `id` away, when one did (`kg show e4` after `kg merge e1 e4`
    /// says where e4 went).
    ///
    /// # Errors
    /// An i/o error, or a corrupt entry.
    pub fn merged_away(&self, id: EntityId) -> Result<Option<Merged>> {
        Ok(self.merges()?.into_iter().find(|m| m.id == Some(id)))
    }

    /// Every pair the log records as two entities, in order.
    ///
    /// # Errors
    /// An i/o error, or a corrupt entry.
    pub fn dismissals(&self) -> Result<Vec<Dismissal>> {
        Ok(self
            .heads()?
            .into_iter()
            .filter(|(_, h)| h.op == Op::Dismiss)
            .map(|(n, h)| Dismissal {
                n,
                ids: h.ids.map(|(a, b)| (EntityId(a.min(b)), EntityId(a.max(b)))),
                names: (h.source, h.target),
            })
            .collect())
    }

    /// The correction that records `a` and `b` as two entities, if one does.
    ///
    /// # Errors
    /// An i/o error, or a corrupt entry.
    pub fn dismissal_of(&self, a: EntityId, b: EntityId) -> Result<Option<u64>> {
        let pair = (a.min(b), a.max(b));
        Ok(self.dismissals()?.into_iter().find(|d| d.ids == Some(pair)).map(|d| d.n))
    }
}
