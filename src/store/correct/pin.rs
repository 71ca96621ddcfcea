//! What the log pins on entities for later ingests (`Store::pinned`, read by each write
//! batch): the names renames set and merges keep, and the forms that link to an entity
//! whatever type the extractor reads them as. `kg check` (`store/check_corrections.rs`)
//! holds the graph to the same rules.

use super::*;
use crate::graph::name::normalize;
use crate::graph::EntityKind;

/// What the log pins on entities for later ingests (`Store::pinned`).
#[derive(Debug, Default)]
pub struct Pinned {
    /// Names set by renames or kept by merges: no later article changes them.
    pub names: HashMap<EntityId, String>,
    /// Types set by retypes: an entity rebuilt from nothing (its one article replaced)
    /// keeps it.
    pub kinds: HashMap<EntityId, EntityKind>,
    /// Normalised forms that link to an entity when linking by name finds none: read as
    /// the type given, or as any type (`None`).
    pub forms: HashMap<String, (EntityId, Option<EntityKind>)>,
    /// Normalised names the log gave entities (by renames, and the names merges kept), read
    /// as the type given: an entity gone since (its articles forgotten) that a later
    /// article names again comes back under its id (`revive`).
    pub named: HashMap<String, (EntityId, Option<EntityKind>)>,
}

impl Pinned {
    /// The entity a form read as `kind` links to when linking by name found none.
    pub(crate) fn link(&self, name: &str, kind: EntityKind) -> Option<EntityId> {
        if self.forms.is_empty() {
            return None;
        }
        let (id, read_as) = self.forms.get(&normalize(name))?;
        read_as.is_none_or(|k| k == kind).then_some(*id)
    }

    /// The entity the log pins a form or a name on, for one that no longer exists: a later
    /// article naming it brings it back under its id, so the corrections of it hold again.
    pub(crate) fn revive(&self, name: &str, kind: EntityKind) -> Option<EntityId> {
        let key = normalize(name);
        let (id, read_as) = self.forms.get(&key).or_else(|| self.named.get(&key))?;
        read_as.is_none_or(|k| k == kind).then_some(*id)
    }

    /// Gives entity `id` its pinned name, if it has one; returns the name when the record
    /// lacked it as a form and it must go into the alias index: the pinned name is a form
    /// of its own (as `rename` writes it), which an entity rebuilt from nothing (its one
    /// article replaced) must get back.
    pub(crate) fn name_onto(&self, id: EntityId, record: &mut codec::EntityRecord) -> Option<String> {
        let name = self.names.get(&id)?;
        record.name = name.clone();
        if record.forms.iter().any(|f| f.form == *name) {
            return None;
        }
        record.forms.push(codec::FormCount::written_by(name.clone(), 1));
        Some(name.clone())
    }
}

impl Store {
    /// What the log pins on entities for later ingests:
    ///
    /// - names: set by `rename`, or kept by a merge (the kept entity's name as of the merge,
    ///   unless a rename set one before), so that no later article renames the entity;
    /// - types: set by `retype`;
    /// - forms (normalised): those of retyped entities, which later articles link to the
    ///   entity whatever type the extractor reads them as (linking by name goes by type);
    ///   the old name of a renamed entity, when read as its type (a place or an
    ///   organization links by its canonical name only, which the rename changed);
    ///   and those a merge took from the merged-away entity, which link to the kept one
    ///   when read as the merged-away entity's type (linking by name finds a place or an
    ///   organization by its canonical name only, and an entity of another type not at
    ///   all); a form a later unmerge split off goes to the entity it split off.
    ///
    /// Ids follow the log's merges: a form pinned to an entity merged away later links to
    /// the kept one.
    ///
    /// # Errors
    /// An i/o error, or a corrupt record.
    pub fn pinned(&self) -> Result<Pinned> {
        let (mut names, mut forms, mut kinds) = (HashMap::new(), HashMap::new(), HashMap::new());
        let mut named = HashMap::new();
        let mut merged: HashMap<u64, u64> = HashMap::new();
        for (_, c) in self.corrections()? {
            let Some((id, other)) = c.ids else { continue };
            match &c.op {
                Op::Rename { name } => {
                    names.insert(id, name.clone());
                    // Its old name links to it still (a place or an organization links by
                    // its canonical name only), read as the type it had.
                    let had = written(&c, id, |w| w.2.as_deref()).map(|r| r.kind);
                    let kind = match had {
                        Some(kind) => Some(kind),
                        None => self.entity_record(EntityId(id))?.map(|r| r.kind),
                    };
                    let kind = kind.and_then(EntityKind::from_code);
                    forms.entry(normalize(&c.source)).or_insert((id, kind));
                    named.insert(normalize(name), (id, kind));
                }
                Op::Retype { kind } => {
                    if let Some(kind) = EntityKind::from_code(*kind) {
                        kinds.insert(EntityId(id), kind);
                    }
                    // Its forms now, and those it had when retyped (it may be merged away
                    // since: they then link to the kept entity).
                    let then = written(&c, id, |w| w.2.as_deref());
                    for record in then.into_iter().chain(self.entity_record(EntityId(id))?) {
                        for f in record.forms {
                            forms.insert(normalize(&f.form), (id, None));
                        }
                    }
                }
                Op::Merge => {
                    if let Some(name) = self.kept_name(&c)? {
                        let kind = written(&c, id, |w| w.3.as_deref()).and_then(|r| EntityKind::from_code(r.kind));
                        named.entry(normalize(&name)).or_insert((id, kind));
                        names.entry(id).or_insert(name);
                    }
                    // A form pinned before keeps its pin, and the type it was read as (a
                    // merge of what an earlier merge kept passes its forms on again).
                    for (form, kind) in merged_forms(&c) {
                        forms.entry(normalize(&form)).or_insert((id, kind));
                    }
                    merged.insert(other, id);
                }
                Op::Unmerge { form } => {
                    if let Some(to) = forms.get_mut(&normalize(form)) {
                        to.0 = other;
                    }
                }
                _ => {}
            }
        }
        let resolve = |mut id: u64| {
            for _ in 0..=merged.len() {
                match merged.get(&id) {
                    Some(&next) => id = next,
                    None => break,
                }
            }
            EntityId(id)
        };
        let names = names.into_iter().map(|(id, name)| (EntityId(id), name)).collect();
        let forms = forms.into_iter().map(|(form, (id, kind))| (form, (resolve(id), kind))).collect();
        let named = named.into_iter().map(|(name, (id, kind))| (name, (resolve(id), kind))).collect();
        Ok(Pinned { names, kinds, forms, named })
    }

    /// The name the entity a merge kept had as of the merge (`kg check` holds the merge to
    /// it): the one its record was written with; for an imported merge, which has no writes,
    /// the name the log gives it, if the entity still has that name.
    ///
    /// # Errors
    /// An i/o error, or a corrupt record.
    pub(crate) fn kept_name(&self, c: &Correction) -> Result<Option<String>> {
        let (Op::Merge, Some((keep, _))) = (&c.op, c.ids) else { return Ok(None) };
        if let Some(record) = written(c, keep, |w| w.3.as_deref()) {
            return Ok(Some(record.name));
        }
        let now = self.entity_record(EntityId(keep))?;
        Ok(now.filter(|r| c.imported && normalize(&r.name) == normalize(&c.source)).map(|_| c.source.clone()))
    }
}

/// The forms a merge took from the merged-away entity, each with the type it had (its record
/// as the merge found it); for an imported merge, which has no writes, the name the log
/// gives the merged-away entity, of any type.
fn merged_forms(c: &Correction) -> Vec<(String, Option<EntityKind>)> {
    let (Op::Merge, Some((_, other))) = (&c.op, c.ids) else { return Vec::new() };
    if c.imported {
        return vec![(c.target.clone(), None)];
    }
    let Some(gone) = written(c, other, |w| w.2.as_deref()) else { return Vec::new() };
    let kind = EntityKind::from_code(gone.kind);
    gone.forms.into_iter().map(|f| (f.form, kind)).collect()
}

/// The record of entity `id` among a correction's writes: the value `side` picks (before or
/// after), decoded.
fn written(c: &Correction, id: u64, side: impl Fn(&Write) -> Option<&[u8]>) -> Option<codec::EntityRecord> {
    let key = keys::entity(EntityId(id));
    let bytes = c.writes.iter().find(|w| w.0 == ENTITIES && w.1 == key).and_then(side)?;
    codec::decode::<codec::EntityRecord>(bytes).ok()
}
