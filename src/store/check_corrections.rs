//! Whether each correction of the log holds in the graph: what `kg check` reports (through
//! `Store::check`) and what `kg corrections list` calls "in effect". Read-only; point reads
//! and short prefix scans per correction, never the whole graph.
//!
//! What each correction must find in the graph:
//!
//! - **rename** E to NAME: E exists, is called NAME, and NAME finds it in the alias index;
//! - **retype** E to TYPE: E exists and is of TYPE;
//! - **merge** X into K: X is gone; X's name, where the alias index still has it, finds the
//!   entity K ended as, and no other entity of its type is called by it; K keeps its name
//!   (the one it had at the merge), as a rename would;
//! - **unmerge** FORM off E as N: FORM finds N (or what N ended as); E may keep FORM as an
//!   alias where its other articles still give it;
//! - **reject** S REL T: the edge has no evidence (from that article, when one is named);
//! - **assert** S REL T: the edge has the assertion's evidence (its synthetic article
//!   `kg-correction-N`, pattern `analyst-assertion`);
//! - **dismiss** A B: the two are not one entity (no merge joined them since).
//!
//! The later correction wins where two speak of the same thing; the earlier one is then
//! *superseded* and not checked:
//!
//! - a rename by a later rename of the same entity, or by a merge that takes it away; a
//!   retype likewise by a later retype or merge;
//! - a merge's claim on the kept entity's name by a later rename of it (the rest of the
//!   merge is still checked);
//! - a merged-away name by a later unmerge that splits it off the kept entity again, or by
//!   a later rename that gives it to another entity: the name may then find that entity;
//! - an unmerge by a later merge that joins the two entities again, or by a later unmerge of
//!   the same form off the entity it went to;
//! - an assertion and a rejection of a whole edge by each other (`Store::superseded`).
//!
//! An entity the log names may be gone because no article mentions it any more (its
//! articles were replaced by texts that do not name it). The correction then holds only if
//! no other entity took its place: no entity is called by its name (for a rename, its old
//! or its new name) with the type it should have. Ids follow the log's merges, so a
//! correction of an entity merged away later is checked on the kept one.
//!
//! An entry that came with `kg import` had its ids resolved by name in the imported graph:
//! its merge knows only the kept entity, and its assertion is found through its synthetic
//! article, which names the edge.

use super::codec::EvidenceRecord;
use super::correct::{assertion_article, Correction, Op, ASSERTION_PATTERN};
use super::{keys, Result, Store};
use crate::graph::name::normalize;
use crate::graph::{Entity, EntityId, EntityKind, RelationKind};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What the graph says of one correction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Its entities were not found in this store: it has no effect here.
    Unresolved,
    /// A later correction (this one) speaks of the same thing, and wins.
    Superseded(u64),
    /// The graph shows its effect.
    Holds,
    /// The graph disagrees: what it shows instead.
    Fails(String),
}

/// The id an imported merge gives the entity it took away (unknown there), and an imported
/// rename or retype of an entity a later merge took away.
const GONE: u64 = u64::MAX;

/// Where the log's merges sent each merged-away id.
#[derive(Default)]
struct Merged(HashMap<u64, u64>);

impl Merged {
    /// The entity `id` ended as, following merges (a chain is never longer than the log).
    fn resolve(&self, mut id: u64) -> u64 {
        for _ in 0..=self.0.len() {
            match self.0.get(&id) {
                Some(&next) => id = next,
                None => break,
            }
        }
        id
    }
}

/// What the first pass over the log found: which entries are superseded, by which, and
/// what the merges left for the second pass.
#[derive(Default)]
struct Standing {
    superseded: HashMap<u64, u64>,
    merged: Merged,
    /// The entry that last set each entity's name (a rename, or the merge that kept it).
    name_claim: HashMap<u64, u64>,
    /// For each merge that claims a name: the kept entity's name as of the merge.
    kept_names: HashMap<u64, String>,
    /// For each merge: the entities its merged-away name may find besides the kept one,
    /// split off it by later unmerges or given the name by later renames.
    split_off: HashMap<u64, Vec<u64>>,
}

impl Store {
    /// Whether each correction of `log` (the log, in order) holds in the graph, by number.
    ///
    /// # Errors
    /// An i/o error, or a corrupt log entry.
    pub fn verdicts(&self, log: &[(u64, Correction)]) -> Result<BTreeMap<u64, Verdict>> {
        let standing = self.standing(log)?;
        let mut out = BTreeMap::new();
        for (n, c) in log {
            let verdict = match (c.ids, standing.superseded.get(n)) {
                (None, _) => Verdict::Unresolved,
                (Some(_), Some(&by)) => Verdict::Superseded(by),
                (Some(ids), None) => match self.verdict(*n, c, ids, &standing)? {
                    Some(shows) => Verdict::Fails(shows),
                    None => Verdict::Holds,
                },
            };
            out.insert(*n, verdict);
        }
        Ok(out)
    }

    /// The first pass: supersession, merges and name claims, in log order.
    fn standing(&self, log: &[(u64, Correction)]) -> Result<Standing> {
        let mut st = Standing { superseded: self.superseded()?, ..Standing::default() };
        let mut kind_claim: HashMap<u64, u64> = HashMap::new();
        let renames: HashSet<u64> =
            log.iter().filter(|(_, c)| matches!(c.op, Op::Rename { .. })).map(|(n, _)| *n).collect();
        let is_rename = |m: u64| renames.contains(&m);
        // The merges so far: by the entity their kept one is now, and by the merged-away
        // name (normalised). The unmerges in effect: (number, entity, new, form).
        let mut kept_by: HashMap<u64, Vec<u64>> = HashMap::new();
        let mut merged_names: HashMap<String, Vec<u64>> = HashMap::new();
        let mut unmerges: Vec<(u64, u64, u64, String)> = Vec::new();
        for (i, (n, c)) in log.iter().enumerate() {
            let (n, Some((a, b))) = (*n, c.ids) else { continue };
            match &c.op {
                Op::Rename { .. } | Op::Retype { .. } if a == GONE => {
                    // An imported rename or retype of an entity a later merge took away: a
                    // later rename of the entity (of the same kind of correction) or the merge
                    // supersedes it, whichever comes first (the names followed).
                    let rename = matches!(c.op, Op::Rename { .. });
                    let mut name = if rename { &c.target } else { &c.source };
                    for (m, later) in &log[i + 1..] {
                        let by = match &later.op {
                            Op::Rename { name: to } if later.source == *name => {
                                name = to;
                                rename
                            }
                            Op::Retype { .. } => !rename && later.source == *name,
                            Op::Merge => later.target == *name,
                            _ => false,
                        };
                        if by {
                            st.superseded.insert(n, *m);
                            break;
                        }
                    }
                }
                Op::Rename { name } => {
                    // A merged-away name that an analyst gives another entity finds it too.
                    for m in merged_names.get(&normalize(name)).into_iter().flatten() {
                        st.split_off.entry(*m).or_default().push(a);
                    }
                    if let Some(m) = st.name_claim.insert(a, n) {
                        if is_rename(m) {
                            st.superseded.insert(m, n);
                        }
                    }
                }
                Op::Retype { .. } => {
                    if let Some(m) = kind_claim.insert(a, n) {
                        st.superseded.insert(m, n);
                    }
                }
                Op::Merge => {
                    if b != GONE {
                        st.merged.0.insert(b, a);
                        // The merged-away entity's own name and type are the kept one's now.
                        // (A merge that kept it loses its claim on the name, not the rest.)
                        if let Some(m) = st.name_claim.remove(&b) {
                            if is_rename(m) {
                                st.superseded.insert(m, n);
                            }
                        }
                        if let Some(m) = kind_claim.remove(&b) {
                            st.superseded.insert(m, n);
                        }
                        let kept_before = kept_by.remove(&b).unwrap_or_default();
                        kept_by.entry(a).or_default().extend(kept_before);
                        // An unmerge whose two sides are one entity again.
                        unmerges.retain(|(u, e, new, _)| {
                            let joined = st.merged.resolve(*e) == st.merged.resolve(*new);
                            if joined {
                                st.superseded.insert(*u, n);
                            }
                            !joined
                        });
                    }
                    if let Some(name) = self.kept_name(c)? {
                        if let std::collections::hash_map::Entry::Vacant(claim) = st.name_claim.entry(a) {
                            claim.insert(n);
                            st.kept_names.insert(n, name);
                        }
                    }
                    kept_by.entry(a).or_default().push(n);
                    merged_names.entry(normalize(&c.target)).or_default().push(n);
                }
                Op::Unmerge { form } => {
                    let from = st.merged.resolve(a);
                    unmerges.retain(|(u, _, new, f)| {
                        let again = f == form && st.merged.resolve(*new) == from;
                        if again {
                            st.superseded.insert(*u, n);
                        }
                        !again
                    });
                    for m in kept_by.get(&from).into_iter().flatten() {
                        st.split_off.entry(*m).or_default().push(b);
                    }
                    unmerges.push((n, a, b, form.clone()));
                }
                Op::Reject { .. } | Op::Assert | Op::AssertCited { .. } | Op::Dismiss => {}
            }
        }
        Ok(st)
    }

    /// What the graph shows instead of correction `n`'s effect, or `None` when it holds.
    fn verdict(&self, n: u64, c: &Correction, (a, b): (u64, u64), st: &Standing) -> Result<Option<String>> {
        let resolve = |id: u64| EntityId(st.merged.resolve(id));
        match &c.op {
            Op::Reject { article } => {
                let Some(kind) = c.kind() else { return Ok(None) };
                let (s, t) = (resolve(a), resolve(b));
                let mut edges = vec![(s, t)];
                if kind.is_symmetric() {
                    edges.push((t, s));
                }
                for (s, t) in edges {
                    for stored in self.stored_evidence(&keys::edge(s, kind, t))? {
                        let key = stored.key;
                        let from = keys::article_suffix(&key, 17).unwrap_or_default();
                        if article.as_ref().is_none_or(|a| *a == from) {
                            return Ok(Some(format!("{s} {kind} {t} has evidence from article {from:?}")));
                        }
                    }
                }
                Ok(None)
            }
            Op::Assert | Op::AssertCited { .. } => self.assertion_shows(n, c, (resolve(a), resolve(b))),
            Op::Dismiss => {
                let (a, b) = (resolve(a), resolve(b));
                Ok((a == b).then(|| format!("{a} and the other are one entity")))
            }
            Op::Merge => {
                if b != GONE && self.entities.contains_key(keys::entity(EntityId(b)))? {
                    return Ok(Some(format!("e{b}, merged away, still exists")));
                }
                let kept = resolve(a);
                let entity = self.entity(kept)?;
                let mut allowed = vec![kept];
                allowed.extend(st.split_off.get(&n).into_iter().flatten().map(|&id| resolve(id)));
                if let Some(shows) = self.name_finds(&c.target, &allowed, entity.as_ref().map(|e| e.kind))? {
                    return Ok(Some(shows));
                }
                if let (Some(name), true) = (st.kept_names.get(&n), st.name_claim.get(&a) == Some(&n)) {
                    return self.named(kept, entity.as_ref(), name, None);
                }
                Ok(None)
            }
            // An imported rename or retype of an entity merged away since, which the first
            // pass did not find superseded: nothing is left to check it by.
            Op::Rename { .. } | Op::Retype { .. } if a == GONE => Ok(None),
            Op::Rename { name } => {
                let entity = self.entity(EntityId(a))?;
                if let Some(shows) = self.named(EntityId(a), entity.as_ref(), name, Some(&c.source))? {
                    return Ok(Some(shows));
                }
                if entity.is_some() && !self.lookup(&normalize(name))?.contains(&EntityId(a)) {
                    return Ok(Some(format!("{name:?} does not find e{a} in the alias index")));
                }
                Ok(None)
            }
            Op::Retype { kind } => {
                let want = EntityKind::from_code(*kind);
                match self.entity(EntityId(a))? {
                    Some(e) if Some(e.kind) == want => Ok(None),
                    Some(e) => Ok(Some(format!("e{a} is of type {}", e.kind))),
                    None => Ok(self.called(&c.source)?.into_iter().find(|e| Some(e.kind) != want).map(|e| {
                        format!("e{a} is gone, and {} ({}, a {}) is called {:?}", e.id, e.name, e.kind, c.source)
                    })),
                }
            }
            Op::Unmerge { form } => {
                let (from, new) = (resolve(a), resolve(b));
                if from == new {
                    // An imported unmerge whose two sides a later merge joined again.
                    return Ok(None);
                }
                // The entity it came from may keep the form as an alias, where its other
                // articles still give it; the form must find the one split off.
                match self.entity(new)? {
                    Some(_) if self.lookup(&normalize(form))?.contains(&new) => Ok(None),
                    Some(_) => Ok(Some(format!("{form:?} does not find {new}, split off as its own entity"))),
                    None => Ok(self
                        .called(form)?
                        .into_iter()
                        .next()
                        .map(|e| format!("{new} is gone, and {} ({}) is called {form:?}", e.id, e.kind))),
                }
            }
        }
    }

    /// Whether assertion `n` has its evidence: on the edge of `ends` (or, for an imported
    /// entry, the edge its synthetic article names), with the assertion's pattern.
    fn assertion_shows(&self, n: u64, c: &Correction, (s, t): (EntityId, EntityId)) -> Result<Option<String>> {
        let Some(kind) = c.kind() else { return Ok(None) };
        let article = assertion_article(n);
        let Some(record) = self.article(&article)? else {
            return Ok(Some(format!("its article {article:?} is not in the store")));
        };
        let (s, t) = if c.imported {
            match record.relations.iter().find(|r| r.1 == kind.code()) {
                Some(&(s, _, t)) => (EntityId(s), EntityId(t)),
                None => return Ok(Some(format!("its article {article:?} names no {kind} edge"))),
            }
        } else {
            (s, t)
        };
        let key = keys::evidence(s, kind, t, &article);
        let Some(bytes) = self.stored_evidence(&key)?.into_iter().find(|e| e.key == key).map(|e| e.value) else {
            return Ok(Some(format!("{s} {kind} {t} has no evidence from {article:?}")));
        };
        let asserted =
            EvidenceRecord::decode(&bytes).is_ok_and(|r| r.items.iter().any(|i| i.pattern == ASSERTION_PATTERN));
        Ok((!asserted)
            .then(|| format!("the evidence of {s} {kind} {t} from {article:?} is not marked {ASSERTION_PATTERN}")))
    }

    /// Whether `id` (`entity`, when it exists) is called `name`; when it is gone, whether
    /// another entity is called `name` or `old` instead.
    fn named(&self, id: EntityId, entity: Option<&Entity>, name: &str, old: Option<&str>) -> Result<Option<String>> {
        match entity {
            Some(e) if e.name == name => Ok(None),
            Some(e) => Ok(Some(format!("{id} is called {:?}", e.name))),
            None => {
                for wanted in std::iter::once(name).chain(old) {
                    if let Some(e) = self.called(wanted)?.into_iter().next() {
                        return Ok(Some(format!("{id} is gone, and {} ({}) is called {wanted:?}", e.id, e.kind)));
                    }
                }
                Ok(None)
            }
        }
    }

    /// What a merged-away `name` finds, when it is not (only) one of `allowed`, the entities
    /// it should find now (the first the kept one, of type `kind`; `None` when it is gone).
    fn name_finds(&self, name: &str, allowed: &[EntityId], kind: Option<EntityKind>) -> Result<Option<String>> {
        let finds = self.lookup(&normalize(name))?;
        let Some(kind) = kind else {
            // The kept entity is gone: the name must not have come back as another's.
            return Ok(self
                .called(name)?
                .into_iter()
                .next()
                .map(|e| format!("{} is gone, and {} ({}) is called {name:?}", allowed[0], e.id, e.kind)));
        };
        if finds.is_empty() {
            return Ok(None);
        }
        if !finds.iter().any(|id| allowed.contains(id)) {
            return Ok(Some(format!("{name:?} finds {} instead of {}", ids(&finds), allowed[0])));
        }
        // Another entity that has the name as an alias (a surname two people share) is not
        // one that took the merged-away entity's place; one called by it, of its type, is.
        for id in finds.iter().filter(|id| !allowed.contains(id)) {
            if let Some(other) = self.entity(*id)? {
                if other.kind == kind && normalize(&other.name) == normalize(name) {
                    return Ok(Some(format!("{name:?} also finds {id} ({}), another of type {kind}", other.name)));
                }
            }
        }
        Ok(None)
    }

    /// The entities whose name is `name` (once normalised).
    fn called(&self, name: &str) -> Result<Vec<Entity>> {
        let key = normalize(name);
        let mut out = Vec::new();
        for id in self.lookup(&key)? {
            if let Some(e) = self.entity(id)? {
                if normalize(&e.name) == key {
                    out.push(e);
                }
            }
        }
        Ok(out)
    }
}

/// Ids as a list: `e3, e9`.
fn ids(ids: &[EntityId]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// What correction `c` says, in a few words, its entities named as the log names them and
/// by id: `renames Ana Ruiz (e4) to "Ana María Ruiz"`.
pub fn says(c: &Correction) -> String {
    let id =
        |i: Option<u64>| i.filter(|i| *i < super::correct::TO_CREATE.0).map_or(String::new(), |i| format!(" (e{i})"));
    let (a, b) = (c.ids.map(|i| i.0), c.ids.map(|i| i.1));
    let (source, target) = (format!("{}{}", c.source, id(a)), format!("{}{}", c.target, id(b)));
    let relation = c.kind().map_or("?", RelationKind::as_str);
    match &c.op {
        Op::Reject { article: Some(article) } => format!("rejects {source} {relation} {target} in article {article}"),
        Op::Reject { article: None } => format!("rejects {source} {relation} {target}"),
        Op::Assert | Op::AssertCited { .. } => format!("asserts {source} {relation} {target}"),
        Op::Merge => format!("merges {target} into {source}"),
        Op::Rename { name } => format!("renames {source} to {name:?}"),
        Op::Retype { kind } => {
            format!(
                "gives {source} the type {}",
                EntityKind::from_code(*kind).map_or("?".to_string(), |k| k.to_string())
            )
        }
        Op::Unmerge { form } => format!("splits {form:?} off {source} as {target}"),
        Op::Dismiss => format!("records {source} and {target} as two entities"),
    }
}

#[cfg(test)]
mod tests;
