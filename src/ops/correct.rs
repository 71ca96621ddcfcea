//! A correction (`POST /api/corrections`): merge, unmerge, rename, retype, reject, assert,
//! dismiss. Names (or ids, with a type to choose among several entities of one name) are
//! resolved to entities here, the correction goes through `Store::correct` (the one path
//! every correction takes, also an import's), and the reply says what it did, for the CLI
//! to word.

use super::{Local, Method, Operation};
use crate::error::{Error, Result};
use crate::graph::{Entity, EntityKind, RelationKind};
use crate::query::find::{FindError, Named};
use crate::store::correct::{assertion_article, Correction, Delta, Op, TO_CREATE};
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// One correction, as an analyst names it. Each entity is a name, an alias or an id; the
/// `*_type` fields (person, organization, place, concept) choose among several entities of
/// one name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Correct {
    /// Every one of `others` is `keep`: merged into it, in order.
    Merge {
        keep: String,
        others: Vec<String>,
        #[serde(default)]
        note: String,
        /// The type of every entity named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity_type: Option<String>,
    },
    /// `form` names someone else than `entity`.
    Unmerge {
        entity: String,
        form: String,
        #[serde(default)]
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity_type: Option<String>,
    },
    Rename {
        entity: String,
        name: String,
        #[serde(default)]
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity_type: Option<String>,
    },
    Retype {
        entity: String,
        /// The new type.
        #[serde(rename = "type")]
        kind: String,
        #[serde(default)]
        note: String,
        /// The type it has now.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity_type: Option<String>,
    },
    /// The edge is wrong: everywhere, or in one article.
    Reject {
        source: String,
        relation: String,
        target: String,
        #[serde(default)]
        article: Option<String>,
        #[serde(default)]
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target_type: Option<String>,
    },
    /// The edge is right: the note is its evidence, dated `date` (YYYY-MM-DD; today when
    /// absent), citing `article` from `source` when given.
    Assert {
        source: String,
        relation: String,
        target: String,
        note: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        article: Option<String>,
        #[serde(rename = "from", default, skip_serializing_if = "Option::is_none")]
        cites: Option<String>,
        /// The type to create the source with when the graph does not know it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        create_source: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        create_target: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target_type: Option<String>,
    },
    /// `a` and `b`, of one type, are two entities: `kg duplicates` never lists them as a
    /// pair again.
    Dismiss {
        a: String,
        b: String,
        #[serde(default)]
        note: String,
        /// The type of both.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entity_type: Option<String>,
    },
}

/// What a correction command did: one entry per correction written (a merge of several
/// entities writes one each).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Corrected {
    pub applied: Vec<Applied>,
    /// A dismissal the log already holds, when the pair was dismissed before: nothing was
    /// written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub already: Option<Applied>,
}

/// One correction written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Applied {
    /// Its number in the log (`kg corrections undo N`).
    pub n: u64,
    #[serde(flatten)]
    pub effect: Effect,
    /// The earlier corrections it overrides (an assertion and a rejection of the same edge
    /// supersede each other, the later wins).
    pub supersedes: Vec<u64>,
}

/// What one correction changed, with the entities as the log names them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Effect {
    Reject {
        source: String,
        relation: String,
        target: String,
        article: Option<String>,
        /// The articles whose evidence went.
        articles: usize,
        /// Whether the edge itself is gone.
        edge_gone: bool,
    },
    Assert {
        source: String,
        relation: String,
        target: String,
        /// The synthetic article that holds the note as evidence.
        article: String,
    },
    Merge {
        keep: String,
        merged: String,
        /// Article records and pieces of evidence rewritten.
        articles: usize,
        evidence: usize,
    },
    Rename {
        entity: String,
        name: String,
    },
    Retype {
        entity: String,
        #[serde(rename = "type")]
        kind: String,
    },
    Unmerge {
        entity: String,
        form: String,
        /// The articles that now name the new entity.
        articles: usize,
        new_entity: String,
    },
    /// Two entities recorded as two: their names and ids (`e17`).
    Dismiss {
        a: String,
        a_id: String,
        b: String,
        b_id: String,
    },
}

/// The relation code a correction of an entity carries: none.
pub(super) const NO_RELATION: u8 = u8::MAX;

impl Operation for Correct {
    type Reply = Corrected;
    const WRITES: bool = true;

    fn route(&self) -> (Method, String) {
        (Method::Post, "/api/corrections".into())
    }

    fn validate(&self) -> Result<()> {
        let types: Vec<&Option<String>> = match self {
            Correct::Merge { entity_type, .. }
            | Correct::Unmerge { entity_type, .. }
            | Correct::Rename { entity_type, .. }
            | Correct::Retype { entity_type, .. }
            | Correct::Dismiss { entity_type, .. } => vec![entity_type],
            Correct::Reject { source_type, target_type, .. } => vec![source_type, target_type],
            Correct::Assert { source_type, target_type, create_source, create_target, .. } => {
                vec![source_type, target_type, create_source, create_target]
            }
        };
        for kind in types.into_iter().flatten() {
            kind.parse::<EntityKind>().map_err(Error::Usage)?;
        }
        match self {
            Correct::Rename { name, .. } if name.trim().is_empty() => Err(Error::usage("the new name is empty")),
            Correct::Retype { kind, .. } => kind.parse::<EntityKind>().map(drop).map_err(Error::Usage),
            Correct::Assert { date, .. } => date.as_deref().map_or(Ok(()), |d| day(d).map(drop)),
            _ => Ok(()),
        }
    }

    fn run(&self, local: &Local) -> Result<Corrected> {
        let _one_writer = local.one_writer();
        let store = local.store;
        let mut applied = Vec::new();
        match self {
            Correct::Merge { keep, others, note, entity_type } => {
                for c in merges(store, keep, others, note, entity_type)? {
                    applied.push(apply(store, c)?);
                }
            }
            Correct::Unmerge { entity, form, note, entity_type } => {
                let e = find_as(store, entity, entity_type, "--type")?;
                let c = entity_correction(Op::Unmerge { form: form.clone() }, &e, form.clone(), note);
                // A form the entity does not have, or one that is its name, is the user's to fix.
                applied.push(apply(store, c).map_err(|e| Error::Usage(e.to_string()))?);
            }
            Correct::Rename { entity, name, note, entity_type } => {
                let name = name.trim().to_string();
                let e = find_as(store, entity, entity_type, "--type")?;
                applied.push(apply(store, entity_correction(Op::Rename { name: name.clone() }, &e, name, note))?);
            }
            Correct::Retype { entity, kind, note, entity_type } => {
                let kind: EntityKind = kind.parse().map_err(Error::Usage)?;
                let e = find_as(store, entity, entity_type, "--type")?;
                applied.push(apply(
                    store,
                    entity_correction(Op::Retype { kind: kind.code() }, &e, kind.to_string(), note),
                )?);
            }
            Correct::Reject { source, relation, target, article, note, source_type, target_type } => {
                let ends = Ends { source, target, types: (source_type, target_type) };
                let c = edge(store, Op::Reject { article: article.clone() }, ends, relation, note)?;
                applied.push(apply(store, c)?);
            }
            Correct::Dismiss { a, b, note, entity_type } => match dismissal(store, (a, b), note, entity_type)? {
                Ok(c) => applied.push(apply(store, c)?),
                Err(n) => {
                    let c = store
                        .correction(n)?
                        .ok_or_else(|| Error::usage(format!("correction {n} is not in the log")))?;
                    let already = Applied { n, effect: effect(n, &c), supersedes: Vec::new() };
                    return Ok(Corrected { applied, already: Some(already) });
                }
            },
            Correct::Assert {
                source,
                relation,
                target,
                note,
                date,
                article,
                cites,
                create_source,
                create_target,
                source_type,
                target_type,
            } => {
                let kind = |k: &Option<String>| {
                    k.as_deref().map(|k| k.parse::<EntityKind>().map(|k| k.code())).transpose().map_err(Error::Usage)
                };
                let create = (kind(create_source)?, kind(create_target)?);
                let plain = date.is_none() && article.is_none() && cites.is_none() && create == (None, None);
                let op = if plain {
                    Op::Assert
                } else {
                    let date = match date {
                        Some(d) => day(d)?,
                        None => now().get(..10).unwrap_or_default().to_string(),
                    };
                    Op::AssertCited { date, article: article.clone(), source: cites.clone(), create }
                };
                let ends = Ends { source, target, types: (source_type, target_type) };
                applied.push(apply(store, edge(store, op, ends, relation, note)?)?);
            }
        }
        Ok(Corrected { applied, already: None })
    }
}

/// The entity a user named: a miss or an ambiguous name is the user's to fix.
pub(super) fn find(store: &Store, name: &str) -> Result<Entity> {
    Ok(crate::view::find(store, name)?)
}

/// The entity a user named, of the type given with `flag` when one was.
fn find_as(store: &Store, name: &str, kind: &Option<String>, flag: &str) -> Result<Entity> {
    Ok(crate::view::find_as(store, name, kind.as_deref(), flag)?)
}

/// An entity as the messages of this module name it: name, id and type.
fn named(e: &Entity) -> String {
    format!("{} ({}, {})", e.name, e.id, e.kind)
}

/// Refuses `name`, which found `e`, when it is the name of an entity merged into `e` (and not
/// `e`'s own): a merge or a dismissal naming an entity merged away would act on the one it
/// went into, which the analyst did not name. `undone` says what was not done; `keep` is the
/// entity a merge keeps, when `name` is one to merge into it.
fn refuse_merged_away(store: &Store, name: &str, e: &Entity, undone: &str, keep: Option<&Entity>) -> Result<()> {
    use crate::graph::name::normalize;
    let key = normalize(name);
    if name.parse::<crate::graph::EntityId>().is_ok() || normalize(&e.name) == key {
        return Ok(());
    }
    let Some(m) = store.merges()?.into_iter().find(|m| m.into == e.id && normalize(&m.name) == key) else {
        return Ok(());
    };
    let n = m.n;
    Err(Error::usage(if keep.is_some_and(|k| k.id == e.id) {
        format!("{name:?} is merged into {} already (correction {n}): {undone}", named(e))
    } else {
        format!(
            "{name:?} was merged into {} by correction {n}: {undone} (name that entity, {} or {:?}, if you mean it)",
            named(e),
            e.id,
            e.name
        )
    }))
}

/// The dismissal of two entities a user named, or, when the log already records them as two,
/// the number of the correction that does.
fn dismissal(
    store: &Store,
    (a, b): (&str, &str),
    note: &str,
    kind: &Option<String>,
) -> Result<std::result::Result<Correction, u64>> {
    let (x, y) = (find_as(store, a, kind, "--type")?, find_as(store, b, kind, "--type")?);
    for (name, e) in [(a, &x), (b, &y)] {
        refuse_merged_away(store, name, e, "nothing dismissed", None)?;
    }
    if x.id == y.id {
        return Err(Error::usage(format!(
            "{a:?} and {b:?} are both {}: one entity cannot be recorded as two; nothing dismissed",
            named(&x)
        )));
    }
    if x.kind != y.kind {
        return Err(Error::usage(format!(
            "{} and {} are of two types: kg duplicates only pairs entities of one type, so there is nothing to dismiss",
            named(&x),
            named(&y)
        )));
    }
    if let Some(n) = store.dismissal_of(x.id, y.id)? {
        return Ok(Err(n));
    }
    if note.len() > crate::store::correct::MAX_NOTE_BYTES {
        return Err(Error::usage(format!(
            "a note is at most {} bytes (this one has {}): nothing dismissed",
            crate::store::correct::MAX_NOTE_BYTES,
            note.len()
        )));
    }
    Ok(Ok(dismiss_correction(&x, &y, note)))
}

/// What a dismissal is for the log: the two entities, lower id first.
pub(super) fn dismiss_correction(a: &Entity, b: &Entity, note: &str) -> Correction {
    let (a, b) = if b.id < a.id { (b, a) } else { (a, b) };
    correction(Op::Dismiss, a.name.clone(), NO_RELATION, b.name.clone(), Some((a.id.0, b.id.0)), note)
}

/// An evidence date as an analyst gives it: a real calendar day, `YYYY-MM-DD`.
fn day(text: &str) -> Result<String> {
    let t = text.trim();
    let parts: Vec<&str> = t.split('-').collect();
    let num = |s: &str, n: usize| {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u16>().ok()).flatten()
    };
    let real = match parts.as_slice() {
        [y, m, d] => match (num(y, 4), num(m, 2), num(d, 2)) {
            (Some(y), Some(m), Some(d)) => time::Month::try_from(u8::try_from(m).unwrap_or(0))
                .ok()
                .and_then(|month| time::Date::from_calendar_date(i32::from(y), month, u8::try_from(d).ok()?).ok())
                .is_some(),
            _ => false,
        },
        _ => false,
    };
    if real {
        Ok(t.to_string())
    } else {
        Err(Error::usage(format!("--date {t:?} is not a calendar day (use YYYY-MM-DD, e.g. 2025-03-05)")))
    }
}

/// Now, as the log dates a correction: RFC 3339, UTC, whole seconds.
fn now() -> String {
    let format = time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::now_utc().replace_nanosecond(0).ok().and_then(|t| t.format(&format).ok()).unwrap_or_default()
}

/// Every merge a `merge KEEP OTHER...` makes. Every name is resolved and checked before the
/// first merge is written: a command merges them all or none (`merge KEEP X KEEP` used to
/// merge X, then fail).
fn merges(
    store: &Store,
    keep_name: &str,
    others: &[String],
    note: &str,
    kind: &Option<String>,
) -> Result<Vec<Correction>> {
    let keep = find_as(store, keep_name, kind, "--type")?;
    refuse_merged_away(store, keep_name, &keep, "nothing merged", None)?;
    let mut resolved: Vec<Entity> = Vec::with_capacity(others.len());
    for name in others {
        let other = find_as(store, name, kind, "--type")?;
        refuse_merged_away(store, name, &other, "nothing merged", Some(&keep))?;
        if other.id == keep.id {
            return Err(Error::usage(format!(
                "{name:?} is {} ({}) itself: nothing merged (an entity cannot be merged into itself)",
                keep.name, keep.id
            )));
        }
        if resolved.iter().any(|r| r.id == other.id) {
            return Err(Error::usage(format!("{name:?} ({}) is named twice: nothing merged", other.id)));
        }
        resolved.push(other);
    }
    if note.len() > crate::store::correct::MAX_NOTE_BYTES {
        return Err(Error::usage(format!(
            "a note is at most {} bytes (this one has {}): nothing merged",
            crate::store::correct::MAX_NOTE_BYTES,
            note.len()
        )));
    }
    Ok(resolved.iter().map(|other| merge_correction(&keep, other, note)).collect())
}

/// A correction with no effect yet: the store fills in its writes and counts.
fn correction(op: Op, source: String, relation: u8, target: String, ids: Option<(u64, u64)>, note: &str) -> Correction {
    Correction {
        date: now(),
        note: note.to_string(),
        op,
        source,
        relation,
        target,
        ids,
        writes: Vec::new(),
        counts: Delta::default(),
        imported: false,
    }
}

pub(super) fn merge_correction(keep: &Entity, other: &Entity, note: &str) -> Correction {
    correction(Op::Merge, keep.name.clone(), NO_RELATION, other.name.clone(), Some((keep.id.0, other.id.0)), note)
}

/// What a rename, a retype or an unmerge is for the log: the entity as named, and the new
/// name, type or form.
pub(super) fn entity_correction(op: Op, entity: &Entity, target: String, note: &str) -> Correction {
    correction(op, entity.name.clone(), NO_RELATION, target, Some((entity.id.0, entity.id.0)), note)
}

/// The two ends of an edge as a user names them, with the types that choose among several
/// entities of one name (`--source-type`, `--target-type`).
pub(super) struct Ends<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub types: (&'a Option<String>, &'a Option<String>),
}

impl<'a> Ends<'a> {
    /// Two ends named, with no type given.
    pub fn named(source: &'a str, target: &'a str) -> Ends<'a> {
        Ends { source, target, types: (&None, &None) }
    }
}

/// The correction of an edge named by a user: names resolved to entities, a symmetric
/// relation's ends in stored order.
pub(super) fn edge(store: &Store, op: Op, ends: Ends<'_>, relation: &str, note: &str) -> Result<Correction> {
    let kind: RelationKind = relation.parse().map_err(Error::Usage)?;
    let mut op = op;
    let create = match &op {
        Op::AssertCited { create, .. } => *create,
        _ => (None, None),
    };
    let s = end(store, ends.source, ends.types.0, "--source-type", create.0, TO_CREATE.0)?;
    let t = end(store, ends.target, ends.types.1, "--target-type", create.1, TO_CREATE.1)?;
    let swap = kind.is_symmetric() && t.id < s.id;
    let (s, t) = if swap { (t, s) } else { (s, t) };
    if let (true, Op::AssertCited { create, .. }) = (swap, &mut op) {
        *create = (create.1, create.0);
    }
    let ids = match (s.id.0, t.id.0) {
        // Both created: the placeholders say which is which, in stored order.
        (a, b) if a >= TO_CREATE.0 && b >= TO_CREATE.0 => (TO_CREATE.0, TO_CREATE.1),
        (a, b) if a >= TO_CREATE.0 => (TO_CREATE.0, b),
        (a, b) if b >= TO_CREATE.0 => (a, TO_CREATE.1),
        ab => ab,
    };
    Ok(correction(op, s.name, kind.code(), t.name, Some(ids), note))
}

/// One end of an asserted edge: the entity the name finds, or, when the graph does not know
/// the name and the assertion gives a type to create it with, the entity to create (its id a
/// placeholder the store replaces). A miss without a type is the user's to fix, as always.
fn end(
    store: &Store,
    name: &str,
    kind: &Option<String>,
    flag: &str,
    create: Option<u8>,
    placeholder: u64,
) -> Result<Entity> {
    let kind = kind.as_deref().map(str::parse::<EntityKind>).transpose().map_err(Error::Usage)?;
    match crate::query::find::find_named(store, Named { text: name, kind, flag }) {
        Ok(e) => Ok(e),
        Err(FindError::Unknown { merged: None, .. }) if create.is_some() => {
            let kind = create.and_then(EntityKind::from_code).unwrap_or(EntityKind::Concept);
            let name = name.trim();
            if name.is_empty() || name.chars().count() > crate::store::correct::MAX_NAME_CHARS {
                return Err(Error::usage(format!("{name:?} cannot name a new entity")));
            }
            Ok(Entity {
                id: crate::graph::EntityId(placeholder),
                name: name.to_string(),
                kind,
                aliases: Vec::new(),
                keys: Vec::new(),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Writes a correction and says what it did.
fn apply(store: &Store, c: Correction) -> Result<Applied> {
    let n = store.correct(c, None)?;
    let c = store.correction(n)?.ok_or_else(|| Error::usage(format!("correction {n} is not in the log")))?;
    let mut supersedes: Vec<u64> = store.superseded()?.into_iter().filter(|(_, by)| *by == n).map(|(m, _)| m).collect();
    supersedes.sort_unstable();
    Ok(Applied { n, effect: effect(n, &c), supersedes })
}

/// What correction `n` did, read from its log entry.
pub(super) fn effect(n: u64, c: &Correction) -> Effect {
    // Tree indexes of a correction's writes (`store::correct`): 0 articles, 1 evidence. An
    // empty value takes evidence out too: it hides an entry of the evidence buckets.
    let writes = |tree: u8, written: bool| {
        c.writes.iter().filter(|w| w.0 == tree && w.3.as_ref().is_some_and(|v| !v.is_empty()) == written).count()
    };
    let relation = c.kind().map_or("?", RelationKind::as_str).to_string();
    match &c.op {
        Op::Reject { article } => Effect::Reject {
            source: c.source.clone(),
            relation,
            target: c.target.clone(),
            article: article.clone(),
            articles: writes(1, false),
            edge_gone: c.counts.relations.iter().any(|(_, n)| *n < 0),
        },
        Op::Assert | Op::AssertCited { .. } => Effect::Assert {
            source: c.source.clone(),
            relation,
            target: c.target.clone(),
            article: assertion_article(n),
        },
        Op::Merge => Effect::Merge {
            keep: c.source.clone(),
            merged: c.target.clone(),
            articles: writes(0, true),
            evidence: writes(1, true),
        },
        Op::Rename { name } => Effect::Rename { entity: c.source.clone(), name: name.clone() },
        Op::Retype { .. } => Effect::Retype { entity: c.source.clone(), kind: c.target.clone() },
        Op::Unmerge { form } => Effect::Unmerge {
            entity: c.source.clone(),
            form: form.clone(),
            articles: c.writes.iter().filter(|w| w.0 == 0).count(),
            new_entity: c.ids.map_or(String::new(), |(_, new)| format!("e{new}")),
        },
        Op::Dismiss => {
            let (a, b) = c.ids.map_or((String::new(), String::new()), |(a, b)| (format!("e{a}"), format!("e{b}")));
            Effect::Dismiss { a: c.source.clone(), a_id: a, b: c.target.clone(), b_id: b }
        }
    }
}
