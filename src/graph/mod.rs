//! The words of the graph: entities, relations and the evidence behind them.
//!
//! Every other module speaks these types. They carry no storage or format concerns:
//! the store encodes them (`store::codec`), the exporters shape them (`export`).

pub mod date;
pub mod name;

use std::fmt;
use std::str::FromStr;

/// Our own stable identifier of an entity, printed `e17`. Never a petgraph index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId(pub u64);

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "e{}", self.0)
    }
}

impl FromStr for EntityId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.strip_prefix('e').and_then(|n| n.parse().ok()).map(EntityId).ok_or_else(|| format!("not an entity id: {s:?}"))
    }
}

/// What an entity is. The codes are stored: never renumber them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Concept,
}

impl EntityKind {
    pub const ALL: [EntityKind; 4] =
        [EntityKind::Person, EntityKind::Organization, EntityKind::Place, EntityKind::Concept];

    /// The byte this kind is stored as.
    pub fn code(self) -> u8 {
        match self {
            EntityKind::Person => 1,
            EntityKind::Organization => 2,
            EntityKind::Place => 3,
            EntityKind::Concept => 4,
        }
    }

    /// The kind stored as `code`, if any.
    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The name used on the wire and on the command line (`person`, `organization`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Place => "place",
            EntityKind::Concept => "concept",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EntityKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown entity type {s:?} (expected person, organization, place or concept)"))
    }
}

/// The relation types. Codes are stored in keys: a new kind gets a new code, never a renumbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelationKind {
    EnvoyOf,
    MetWith,
    Demands,
    AideOf,
    LeaderOf,
    SpokeWith,
}

impl RelationKind {
    pub const ALL: [RelationKind; 6] = [
        RelationKind::EnvoyOf,
        RelationKind::MetWith,
        RelationKind::Demands,
        RelationKind::AideOf,
        RelationKind::LeaderOf,
        RelationKind::SpokeWith,
    ];

    /// The byte this relation is stored as in adjacency keys.
    pub fn code(self) -> u8 {
        match self {
            RelationKind::EnvoyOf => 1,
            RelationKind::MetWith => 2,
            RelationKind::Demands => 3,
            RelationKind::AideOf => 4,
            RelationKind::LeaderOf => 5,
            RelationKind::SpokeWith => 6,
        }
    }

    pub fn from_code(code: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kebab-case name used on the wire (`met-with`).
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::EnvoyOf => "envoy-of",
            RelationKind::MetWith => "met-with",
            RelationKind::Demands => "demands",
            RelationKind::AideOf => "aide-of",
            RelationKind::LeaderOf => "leader-of",
            RelationKind::SpokeWith => "spoke-with",
        }
    }

    /// Symmetric relations are stored once, lower entity id as source.
    pub fn is_symmetric(self) -> bool {
        matches!(self, RelationKind::MetWith | RelationKind::SpokeWith)
    }
}

impl fmt::Display for RelationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RelationKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown relation {s:?} (expected one of: {})", names.join(", "))
        })
    }
}

/// An entity as the graph sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    /// The forms articles wrote for it, the name excepted, first seen first.
    pub aliases: Vec<Alias>,
    /// Other spellings it is found by that no article wrote: a variant or transliteration
    /// of a written form (`variants.tsv`). Matching keys, never shown as aliases.
    pub keys: Vec<String>,
}

impl Entity {
    /// The aliases' forms, without their counts.
    pub fn alias_forms(&self) -> Vec<String> {
        self.aliases.iter().map(|a| a.form.clone()).collect()
    }
}

/// A form articles wrote for an entity, and how many of them wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    pub form: String,
    pub articles: u32,
}

/// One sentence of one article that supports a relation, and how it was read.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    pub article: String,
    /// The article's normalised date; empty when undated.
    pub date: String,
    pub sentence: String,
    /// The name of the rule that produced the relation from this sentence.
    pub pattern: String,
    /// How sure that rule is, 0..=1.
    pub confidence: f32,
    /// For a meeting: the day (`YYYY-MM-DD`), month or year the sentence says it happened;
    /// empty when it says none.
    pub event_date: String,
    /// For a meeting: the place it happened at.
    pub venue: Option<EntityId>,
}

/// A relation's confidence: the highest among its evidence, since one sure sentence is enough.
pub fn confidence(evidence: &[Evidence]) -> f32 {
    evidence.iter().map(|e| e.confidence).fold(0.0, f32::max)
}

/// An entity as one article's extraction sees it, before it has a store id.
#[derive(Clone, Debug, PartialEq)]
pub struct FactEntity {
    /// The canonical name: the longest full form in the article, or the lexicon's name.
    pub name: String,
    pub kind: EntityKind,
    /// Every surface form the article used for it, the name included.
    pub forms: Vec<String>,
    /// Other spellings of those forms that the article did not write (variants and
    /// transliterations from the lexicon): the entity is found by them, but they are not
    /// aliases.
    pub keys: Vec<String>,
    /// The store entity it was linked to across articles, if any (set by `extract::link`).
    pub known: Option<EntityId>,
}

/// A relation as one article's extraction reads it, between two `FactEntity` indices.
#[derive(Clone, Debug, PartialEq)]
pub struct FactRelation {
    pub source: usize,
    pub kind: RelationKind,
    pub target: usize,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// For a meeting: the day (`YYYY-MM-DD`), month or year the sentence says it happened,
    /// resolved against the article's date (`extract::when`).
    pub event_date: Option<String>,
    /// For a meeting: the place entity (an index, like `source`) the sentence says it was at.
    pub venue: Option<usize>,
}

/// Everything one article says: the unit that is written to the store atomically.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ArticleFacts {
    pub entities: Vec<FactEntity>,
    pub relations: Vec<FactRelation>,
    /// What the reader should know about how the article was read (a sentence that named
    /// too many relations to keep them all).
    pub warnings: Vec<String>,
}

/// What cross-article resolution may ask of the graph built so far: the entities whose name
/// or alias normalises to a form. The store implements it; tests fake it with a map.
pub trait KnownEntities {
    /// `(id, kind, canonical name)` of each entity known under `normalized`.
    fn known(&self, normalized: &str) -> Vec<(EntityId, EntityKind, String)>;

    /// `(id, canonical name)` of each known person whose full name ends with the (normalised)
    /// `surname`: who a lone surname may stand for. Knowing none is always safe.
    fn people_with_surname(&self, _surname: &str) -> Vec<(EntityId, String)> {
        Vec::new()
    }

    /// `(id, kind, canonical name)` of each entity known under a (normalised) name that
    /// starts with `prefix` and a space: what a shortened name ("International Court") may
    /// stand for. Knowing none is always safe.
    fn known_starting(&self, _prefix: &str) -> Vec<(EntityId, EntityKind, String)> {
        Vec::new()
    }

    /// The entities related to `id` by any relation, either way (at most a few thousand): the
    /// context that tells two people with one surname apart. Knowing none is always safe.
    fn neighbours(&self, _id: EntityId) -> Vec<EntityId> {
        Vec::new()
    }
}
