//! The answers to questions, as typed values: built from the store, printed as tables,
//! serialised as JSON.
//!
//! One set of types serves the three ways a question is asked: a command reading the store
//! itself, the server's JSON API (`kg serve`), and a command asking that server (the CLI as
//! a client, which reads the JSON back into the same types and prints them the same way).
//! Each question has a request type (its parameters, which are also the API's query string)
//! and a view type (its answer, which is also the `--format json` output).

pub mod articles;
pub mod duplicates;
pub mod entities;
pub mod evidence;
pub mod export;
pub mod ingest;
pub mod meetings;
pub mod neighbors;
pub mod path;
pub mod search;
pub mod show;
pub mod stats;
pub mod text;
pub mod timeline;

use crate::graph::date::Period;
use crate::graph::{Entity, EntityId, EntityKind, RelationKind};
use crate::query::find::{find_named, FindError, Named};
use crate::store::{self, Store};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A question's builder: its answer from the store, given its request (`articles::build`,
/// ...). The faces hand one to `ops::Client::read`, which runs it where the store is.
pub type Builder<Q, V> = fn(&Store, &Q) -> Result<V, Error>;

/// Why a question got no answer. The faces report it as a `crate::Error`, which gives each
/// kind its exit code and its HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A bad parameter: a date, a relation, a type, a number out of range.
    #[error("{0}")]
    Usage(String),
    /// The entity a user named is unknown, of another type than asked, or one of several.
    #[error(transparent)]
    Find(#[from] FindError),
    /// Nothing answers the question: no such relation between two entities.
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Store(#[from] store::Error),
    /// The answer could not be written out: a full disk, or a reader that closed its pipe
    /// (which the CLI takes as "enough", exit 0, so the `io::Error` is kept as it is).
    #[error("writing the output: {0}")]
    Write(std::io::Error),
}

impl From<crate::export::Error> for Error {
    fn from(e: crate::export::Error) -> Error {
        match e {
            crate::export::Error::Store(s) => Error::Store(s),
            // Writing, not reading: the store's errors are `export::Error::Store`.
            crate::export::Error::Io(io) => Error::Write(io),
        }
    }
}

/// An entity as answers name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRef {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
}

impl EntityRef {
    pub fn of(e: &Entity) -> EntityRef {
        EntityRef { id: e.id.to_string(), name: e.name.clone(), kind: e.kind.as_str().to_string() }
    }
}

/// The period of a question from its `since` and `until`.
pub fn period(since: &Option<String>, until: &Option<String>) -> Result<Period, Error> {
    Period::new(since.as_deref(), until.as_deref()).map_err(Error::Usage)
}

/// Relation names, checked.
pub fn relations(names: &[String]) -> Result<Vec<RelationKind>, Error> {
    names.iter().map(|n| n.parse().map_err(Error::Usage)).collect()
}

/// The one entity a user named (a name, an alias or an id).
pub fn find(store: &Store, name: &str) -> Result<Entity, Error> {
    find_as(store, name, None, "--type")
}

/// The one entity a user named, of type `kind` when given (person, organization, place,
/// concept). `flag` is how the user gives the type (`--type`, `--from-type`, ...): an
/// ambiguous name's error says to choose with it.
pub fn find_as(store: &Store, name: &str, kind: Option<&str>, flag: &str) -> Result<Entity, Error> {
    let kind = kind.map(str::parse::<EntityKind>).transpose().map_err(Error::Usage)?;
    Ok(find_named(store, Named { text: name, kind, flag })?)
}

/// Checks a number parameter lies in its range.
pub fn in_range<T: PartialOrd + std::fmt::Display>(name: &str, value: T, lo: T, hi: T) -> Result<T, Error> {
    if value < lo || value > hi {
        return Err(Error::Usage(format!("{name} must be between {lo} and {hi}, not {value}")));
    }
    Ok(value)
}

/// Names of the entities in `ids`, read once each.
pub fn names(store: &Store, ids: impl IntoIterator<Item = EntityId>) -> Result<HashMap<EntityId, Entity>, Error> {
    let mut out = HashMap::new();
    for id in ids {
        if let std::collections::hash_map::Entry::Vacant(v) = out.entry(id) {
            if let Some(e) = store.entity(id)? {
                v.insert(e);
            }
        }
    }
    Ok(out)
}

/// A date for JSON: null when undated.
pub fn dated(date: &str) -> Option<String> {
    (!date.is_empty()).then(|| date.to_string())
}

/// When a relation was seen, for a table: one date, "first to last", or "undated".
/// A meeting's place, as views name it: id and name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VenueRef {
    pub id: String,
    pub name: String,
}

impl VenueRef {
    /// The place, named as the store has it now; none when it has gone.
    pub fn of(store: &Store, venue: Option<EntityId>) -> Result<Option<VenueRef>, Error> {
        let Some(id) = venue else { return Ok(None) };
        Ok(store.entity(id)?.map(|e| VenueRef { id: id.to_string(), name: e.name }))
    }
}

/// When and where a meeting was, for a table: " (2025-03-11, in Vienna)", or nothing.
pub fn when_where(event_date: &Option<String>, venue: &Option<VenueRef>) -> String {
    match (event_date, venue) {
        (None, None) => String::new(),
        (Some(d), None) => format!(" ({d})"),
        (None, Some(v)) => format!(" (in {})", v.name),
        (Some(d), Some(v)) => format!(" ({d}, in {})", v.name),
    }
}

pub fn seen(first: &Option<String>, last: &Option<String>) -> String {
    match (first.as_deref(), last.as_deref()) {
        (None, _) => "undated".into(),
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.into(),
    }
}

/// Lists (relations) in a query string: `relation=met-with,envoy-of`.
pub mod comma {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[String], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.join(","))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        let s = String::deserialize(d)?;
        Ok(s.split(',').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect())
    }
}
