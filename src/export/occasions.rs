//! When and where a relation's sentences say it happened (meetings and calls, issue 28): the
//! distinct days and places of its evidence, as the edge properties of GraphML, CSV and
//! Neo4j and the tooltips of DOT. The JSON export carries them per sentence instead.

use super::{Error, Related};
use crate::graph::EntityId;
use crate::store::Store;
use std::collections::{BTreeSet, HashMap};

/// Venue names, read from the store once each while an export runs (bounded, as `Articles`).
pub struct Occasions<'s> {
    store: &'s Store,
    names: HashMap<EntityId, String>,
}

impl<'s> Occasions<'s> {
    const LIMIT: usize = 100_000;

    pub fn new(store: &'s Store) -> Occasions<'s> {
        Occasions { store, names: HashMap::new() }
    }

    /// The relation's event dates, in order, and its venues' names, in order, each once; both
    /// empty for a relation no sentence dates or places. A venue merged away since reads as
    /// its id.
    pub fn of(&mut self, r: &Related) -> Result<(Vec<String>, Vec<String>), Error> {
        let dates: BTreeSet<&str> =
            r.evidence.iter().map(|e| e.event_date.as_str()).filter(|d| !d.is_empty()).collect();
        let mut venues = BTreeSet::new();
        for id in r.evidence.iter().filter_map(|e| e.venue) {
            venues.insert(self.name(id)?);
        }
        Ok((dates.into_iter().map(str::to_string).collect(), venues.into_iter().collect()))
    }

    fn name(&mut self, id: EntityId) -> Result<String, Error> {
        if let Some(name) = self.names.get(&id) {
            return Ok(name.clone());
        }
        let name = self.store.entity(id)?.map_or_else(|| id.to_string(), |e| e.name);
        if self.names.len() >= Self::LIMIT {
            self.names.clear();
        }
        self.names.insert(id, name.clone());
        Ok(name)
    }
}
