//! The one check every correction passes before anything is written, from the CLI, the API
//! or `corrections import`: what would leave the graph inconsistent or the log unreplayable
//! is refused, naming the entities involved.

use super::*;

impl Store {
    /// Refuses a correction that would leave the graph inconsistent or its log unreplayable,
    /// saying why and naming the entities involved. The one check for the CLI, the API and
    /// `corrections import`, all of which come through `correct`.
    pub(super) fn validate(&self, c: &Correction, s: EntityId, t: EntityId) -> Result<()> {
        use crate::graph::name::normalize;
        if c.note.len() > MAX_NOTE_BYTES {
            return Err(Error::Refused(format!(
                "a note is at most {MAX_NOTE_BYTES} bytes (this one has {}): give the source and a quote",
                c.note.len()
            )));
        }
        match &c.op {
            Op::Reject { .. } | Op::Assert | Op::AssertCited { .. } if s == t => Err(Error::Refused(format!(
                "an edge from {} ({s}) to itself is refused: kg keeps no self-edges",
                c.source
            ))),
            Op::Merge if s == t => Err(Error::Refused(format!(
                "merging {} ({s}) into itself is refused: it is one entity already",
                c.source
            ))),
            Op::Merge => {
                // An asserted edge between the two would become an edge from one to itself,
                // which has nowhere to go: its evidence would vanish with the merge.
                let heads = self.heads()?;
                let superseded = supersessions(heads.iter().map(|(n, h)| (*n, &h.op, h.relation, h.ids)));
                for (n, h) in &heads {
                    let Some((a, b)) = h.ids else { continue };
                    let between = (a.min(b), a.max(b)) == (s.0.min(t.0), s.0.max(t.0));
                    if h.op.is_assert() && between && !superseded.contains_key(n) {
                        return Err(Error::Refused(format!(
                            "merging {} ({t}) into {} ({s}) would turn the edge correction {n} asserts between them into an edge from {} to itself: undo it first (kg corrections undo {n})",
                            c.target, c.source, c.source
                        )));
                    }
                }
                if let Some(n) = self.dismissal_of(s, t)? {
                    return Err(Error::Refused(format!(
                        "merging {} ({t}) into {} ({s}) contradicts correction {n}, which records them as two entities: undo it first (kg corrections undo {n})",
                        c.target, c.source
                    )));
                }
                self.check_rejections_survive_merge(c, s, t)
            }
            Op::Dismiss => self.check_dismissal(c, s, t),
            Op::Rename { name } => {
                let chars = name.chars().count();
                if name.trim().is_empty() || chars > MAX_NAME_CHARS {
                    return Err(Error::Refused(format!(
                        "a name has 1 to {MAX_NAME_CHARS} characters (this one has {chars})"
                    )));
                }
                let key = normalize(name);
                for id in self.lookup(&key)? {
                    if id == s {
                        continue;
                    }
                    if let Some(other) = self.entity_record(id)? {
                        if normalize(&other.name) == key {
                            let kind = crate::graph::EntityKind::from_code(other.kind).map_or("?", |k| k.as_str());
                            return Err(Error::Refused(format!(
                                "{name:?} is the name of {} ({id}, {kind}): two entities with one name cannot be told apart, and the log would not replay; merge them (kg merge {id} {s}) or choose another name",
                                other.name
                            )));
                        }
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A dismissal names two entities of one type, each of which exists, and records them as
    /// two only once.
    fn check_dismissal(&self, c: &Correction, a: EntityId, b: EntityId) -> Result<()> {
        if a == b {
            return Err(Error::Refused(format!("{} ({a}) is one entity: it cannot be recorded as two", c.source)));
        }
        let (Some(x), Some(y)) = (self.entity_record(a)?, self.entity_record(b)?) else {
            return Err(Error::Refused(format!("{} ({a}) or {} ({b}) is not in the graph", c.source, c.target)));
        };
        if x.kind != y.kind {
            let kind = |k: u8| crate::graph::EntityKind::from_code(k).map_or("?", |k| k.as_str());
            return Err(Error::Refused(format!(
                "{} ({a}, {}) and {} ({b}, {}) are of two types: kg duplicates only pairs entities of one type, so there is nothing to dismiss",
                x.name,
                kind(x.kind),
                y.name,
                kind(y.kind)
            )));
        }
        if let Some(n) = self.dismissal_of(a, b)? {
            return Err(Error::Refused(format!(
                "{} ({a}) and {} ({b}) are already recorded as two entities (correction {n})",
                x.name, y.name
            )));
        }
        Ok(())
    }

    /// A merge must not give evidence to an edge the log rejects: the rejected edge of a
    /// merged entity moves onto the kept one, and the other's edges join the kept one's. A
    /// rejection whose edge would hold evidence again is a conflict the analyst settles.
    pub(super) fn check_rejections_survive_merge(&self, c: &Correction, keep: EntityId, other: EntityId) -> Result<()> {
        let ends = |id: EntityId| if id == keep || id == other { vec![keep, other] } else { vec![id] };
        let map = |id: EntityId| if id == other { keep } else { id };
        for (a, kind, b, only) in self.rejections()? {
            if ![a, b].iter().any(|&x| x == keep || x == other) || map(a) == map(b) {
                continue;
            }
            for x in ends(a) {
                for y in ends(b) {
                    if (x, y) == (a, b) || x == y {
                        continue;
                    }
                    let mut edges = vec![(x, y)];
                    if kind.is_symmetric() {
                        edges.push((y, x));
                    }
                    for (p, q) in edges {
                        for stored in self.stored_evidence(&keys::edge(p, kind, q))? {
                            let key = stored.key;
                            let article = keys::article_suffix(&key, 17).unwrap_or_default();
                            if only.as_deref().is_none_or(|o| o == article) {
                                return Err(Error::Refused(format!(
                                    "merging {} ({other}) into {} ({keep}) would give the rejected edge {a} {} {b} the evidence of {p} {} {q} (article {article:?}): undo the rejection first, or reject that edge too",
                                    c.target,
                                    c.source,
                                    kind.as_str(),
                                    kind.as_str()
                                )));
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }
}
