//! The sled store: where the graph lives between commands.
//!
//! One sled tree per access path; keys are hand-encoded (`keys.rs`), values are versioned
//! bincode records (`codec.rs`). The layout, kept true by `layout_table_matches_tree_names`:
//!
//! | tree | key | value |
//! |---|---|---|
//! | `meta` | `schema_version`, `next_entity_id` | u32 / u64 big-endian |
//! | `articles` | article id (UTF-8) | `ArticleRecord`: hash, title, date, source, the facts it gave |
//! | `entities` | entity id (u64 BE) | `EntityRecord`: name, kind, aliases |
//! | `names` | normalised surface form | entity ids (u64 BE each): the alias index |
//! | `mentions` | entity id · article id | `MentionRecord`: forms that article used |
//! | `evidence` | source · relation code · target · article id | `EvidenceRecord`: sentences |
//! | `out` | source · relation code · target | empty |
//! | `in` | target · relation code · source | empty |
//!
//! A neighbour lookup is a prefix scan of `out` and `in` on one entity id; nothing loads the
//! whole graph. One article's facts are written in one sled transaction over all the trees,
//! so an ingest stopped at any point leaves each article either fully in or fully out.
//! This module never prints and never decides policy: callers choose what to write.

pub mod codec;
pub mod keys;
pub mod migrate;

use crate::graph::name::normalize;
use crate::graph::{ArticleFacts, Entity, EntityId, EntityKind, Evidence, RelationKind};
use codec::{ArticleRecord, EntityRecord, EvidenceItem, EvidenceRecord, MentionRecord};
use sha2::{Digest, Sha256};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What can go wrong with a store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("store {} is in use by another kg process (wait for it to finish, or use another --db)", path.display())]
    InUse { path: PathBuf },
    #[error("no store at {} (run `kg ingest` first, or pass --db)", path.display())]
    NotFound { path: PathBuf },
    #[error("{} is not a kg store (it is a file; a store is a directory)", path.display())]
    NotADirectory { path: PathBuf },
    #[error("store schema version {found} is newer than this kg supports ({supported}): upgrade kg")]
    SchemaTooNew { found: u32, supported: u32 },
    #[error("store is corrupt: tree {tree}, key {key}: {reason}")]
    Corrupt { tree: &'static str, key: String, reason: String },
    #[error("store i/o: {0}")]
    Sled(#[from] sled::Error),
}

impl Error {
    pub(crate) fn corrupt(tree: &'static str, key: &[u8], reason: &str) -> Self {
        Error::Corrupt { tree, key: String::from_utf8_lossy(key).into_owned(), reason: reason.to_string() }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether a missing store may be created.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Create the store if it does not exist (ingest).
    Create,
    /// The store must exist (queries, export).
    Existing,
}

/// Which way an edge points, seen from the entity it was looked up from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Out,
    In,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Out => "out",
            Direction::In => "in",
        }
    }
}

/// One edge seen from one of its ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Edge {
    pub kind: RelationKind,
    pub direction: Direction,
    pub other: EntityId,
}

impl Edge {
    /// The edge as (source, relation, target).
    pub fn triple(&self, from: EntityId) -> (EntityId, RelationKind, EntityId) {
        match self.direction {
            Direction::Out => (from, self.kind, self.other),
            Direction::In => (self.other, self.kind, from),
        }
    }
}

/// What writing one article did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOutcome {
    New,
    Unchanged,
    Replaced,
}

/// The descriptive fields of an article, as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleMeta {
    pub id: String,
    pub title: String,
    pub date: String,
    pub source: String,
}

/// An open store.
pub struct Store {
    db: sled::Db,
    path: PathBuf,
    meta: sled::Tree,
    articles: sled::Tree,
    entities: sled::Tree,
    names: sled::Tree,
    mentions: sled::Tree,
    evidence: sled::Tree,
    out: sled::Tree,
    inn: sled::Tree,
}

/// The SHA-256 of an article's text: equal hashes mean an unchanged article.
pub fn content_hash(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

impl Store {
    /// Opens (or with `Access::Create`, creates) the store at `path` and brings its schema
    /// up to date. Returns the store and the migration steps that ran.
    ///
    /// # Errors
    /// `InUse` when another process holds the store, `NotFound`, `NotADirectory`,
    /// `SchemaTooNew`, or an i/o error.
    ///
    /// # Examples
    /// ```
    /// let dir = tempfile::tempdir().unwrap();
    /// let (store, _) = kg::store::Store::open(&dir.path().join("kg.sled"), kg::store::Access::Create).unwrap();
    /// assert_eq!(store.counts().unwrap().articles, 0);
    /// ```
    pub fn open(path: &Path, access: Access) -> Result<(Store, Vec<&'static str>)> {
        if path.is_file() {
            return Err(Error::NotADirectory { path: path.to_path_buf() });
        }
        if access == Access::Existing && !path.join("conf").exists() {
            return Err(Error::NotFound { path: path.to_path_buf() });
        }
        let db = sled::Config::new()
            .path(path)
            // sled's 1 GiB default cache lets memory grow with the store; bound it.
            .cache_capacity(64 * 1024 * 1024)
            .open()
            .map_err(|e| match e {
                sled::Error::Io(ref io) if io.kind() == std::io::ErrorKind::WouldBlock => {
                    Error::InUse { path: path.to_path_buf() }
                }
                other => Error::Sled(other),
            })?;
        let ran = migrate::run(&db)?;
        let store = Store {
            meta: db.open_tree(keys::META)?,
            articles: db.open_tree(keys::ARTICLES)?,
            entities: db.open_tree(keys::ENTITIES)?,
            names: db.open_tree(keys::NAMES)?,
            mentions: db.open_tree(keys::MENTIONS)?,
            evidence: db.open_tree(keys::EVIDENCE)?,
            out: db.open_tree(keys::OUT)?,
            inn: db.open_tree(keys::IN)?,
            path: path.to_path_buf(),
            db,
        };
        Ok((store, ran))
    }

    /// Makes everything written so far durable. Nothing is on disk before this returns.
    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    // ---- reading -------------------------------------------------------------------------

    /// The entity with this id, if it exists.
    pub fn entity(&self, id: EntityId) -> Result<Option<Entity>> {
        let key = keys::entity(id);
        match self.entities.get(key)? {
            None => Ok(None),
            Some(bytes) => Ok(Some(entity_from_record(id, &key, &bytes)?)),
        }
    }

    /// Every entity, in id order.
    pub fn entities(&self) -> impl Iterator<Item = Result<Entity>> + '_ {
        self.entities.iter().map(|item| {
            let (key, value) = item?;
            let id = keys::parse_entity(&key).ok_or_else(|| Error::corrupt(keys::ENTITIES, &key, "bad entity key"))?;
            entity_from_record(id, &key, &value)
        })
    }

    /// Entities with a name or alias whose normalised form is `normalized`.
    pub fn lookup(&self, normalized: &str) -> Result<Vec<EntityId>> {
        Ok(self.names.get(normalized.as_bytes())?.map(|v| keys::decode_ids(&v)).unwrap_or_default())
    }

    /// Every normalised name in the alias index with its entities (for suggestions).
    pub fn names(&self) -> impl Iterator<Item = Result<(String, Vec<EntityId>)>> + '_ {
        self.names.iter().map(|item| {
            let (key, value) = item?;
            Ok((String::from_utf8_lossy(&key).into_owned(), keys::decode_ids(&value)))
        })
    }

    /// The edges of one entity, by prefix scan: outgoing then incoming, in key order.
    pub fn edges(&self, id: EntityId) -> Result<Vec<Edge>> {
        let mut edges = Vec::new();
        for (tree, direction) in [(&self.out, Direction::Out), (&self.inn, Direction::In)] {
            for item in tree.scan_prefix(keys::entity(id)) {
                let (key, _) = item?;
                let (_, kind, other) =
                    keys::parse_edge(&key).ok_or_else(|| Error::corrupt(keys::OUT, &key, "bad edge key"))?;
                edges.push(Edge { kind, direction, other });
            }
        }
        Ok(edges)
    }

    /// Every relation as (source, relation, target), in key order.
    pub fn relations(&self) -> impl Iterator<Item = Result<(EntityId, RelationKind, EntityId)>> + '_ {
        self.out.iter().map(|item| {
            let (key, _) = item?;
            keys::parse_edge(&key).ok_or_else(|| Error::corrupt(keys::OUT, &key, "bad edge key"))
        })
    }

    /// The evidence of one relation, ordered by article then sentence.
    pub fn evidence(&self, source: EntityId, kind: RelationKind, target: EntityId) -> Result<Vec<Evidence>> {
        let mut out = Vec::new();
        for item in self.evidence.scan_prefix(keys::edge(source, kind, target)) {
            let (key, value) = item?;
            let article = keys::article_suffix(&key, 17)
                .ok_or_else(|| Error::corrupt(keys::EVIDENCE, &key, "article id is not UTF-8"))?;
            let record: EvidenceRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::EVIDENCE, &key, &r))?;
            for item in record.items {
                out.push(Evidence {
                    article: article.clone(),
                    sentence: item.sentence,
                    pattern: item.pattern,
                    confidence: item.confidence,
                });
            }
        }
        Ok(out)
    }

    /// The ids of the articles that mention an entity, in id order.
    pub fn entity_articles(&self, id: EntityId) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for item in self.mentions.scan_prefix(keys::entity(id)) {
            let (key, _) = item?;
            out.push(
                keys::article_suffix(&key, 8)
                    .ok_or_else(|| Error::corrupt(keys::MENTIONS, &key, "article id is not UTF-8"))?,
            );
        }
        Ok(out)
    }

    /// The stored record of an article, if it was ingested.
    pub fn article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        match self.articles.get(id.as_bytes())? {
            None => Ok(None),
            Some(v) => codec::decode(&v).map(Some).map_err(|r| Error::corrupt(keys::ARTICLES, id.as_bytes(), &r)),
        }
    }

    /// Counts for `kg stats`: one pass over entities and edges, none over evidence.
    pub fn counts(&self) -> Result<Counts> {
        let mut counts = Counts { articles: self.articles.len() as u64, ..Counts::default() };
        for entity in self.entities() {
            *counts.entities.entry(entity?.kind).or_default() += 1;
        }
        for relation in self.relations() {
            *counts.relations.entry(relation?.1).or_default() += 1;
        }
        counts.store_bytes = self.db.size_on_disk()?;
        Ok(counts)
    }

    // ---- writing -------------------------------------------------------------------------

    /// Writes one article's facts atomically. An unchanged article (same id, same text hash)
    /// is a no-op; a changed one first loses every fact its old version gave.
    ///
    /// Entities in `facts` with `known: Some(id)` are merged into that entity; the others get
    /// new ids. The store must not be written by anyone else meanwhile (sled's file lock
    /// guarantees that across processes; `&mut self` within one).
    pub fn write_article(&mut self, meta: &ArticleMeta, text: &str, facts: &ArticleFacts) -> Result<WriteOutcome> {
        let hash = content_hash(text);
        let old = self.article(&meta.id)?;
        if let Some(old) = &old {
            if old.hash == hash {
                return Ok(WriteOutcome::Unchanged);
            }
        }
        let mut plan = Plan::default();
        let mut next_id = self.next_entity_id()?;

        // Assign store ids: linked entities keep theirs, the rest get fresh ones.
        let mut ids = Vec::with_capacity(facts.entities.len());
        let mut forms_by_id: BTreeMap<EntityId, (usize, BTreeSet<String>)> = BTreeMap::new();
        for (i, fact) in facts.entities.iter().enumerate() {
            let id = match fact.known {
                Some(id) if self.entities.contains_key(keys::entity(id))? => id,
                _ => {
                    let id = EntityId(next_id);
                    next_id += 1;
                    id
                }
            };
            ids.push(id);
            let slot = forms_by_id.entry(id).or_insert_with(|| (i, BTreeSet::new()));
            slot.1.extend(fact.forms.iter().cloned());
            slot.1.insert(fact.name.clone());
        }

        // Relations, deduplicated by key with their evidence gathered.
        let mut relations: BTreeMap<(EntityId, RelationKind, EntityId), Vec<EvidenceItem>> = BTreeMap::new();
        for r in &facts.relations {
            let (Some(&s), Some(&t)) = (ids.get(r.source), ids.get(r.target)) else {
                continue;
            };
            if s == t {
                continue;
            }
            // met-with is symmetric: stored once, lower id first, so the reverse sentence
            // adds evidence to the same edge instead of a second one.
            let (s, t) = if r.kind.is_symmetric() && t < s { (t, s) } else { (s, t) };
            let items = relations.entry((s, r.kind, t)).or_default();
            if !items.iter().any(|i| i.sentence == r.sentence) {
                items.push(EvidenceItem {
                    sentence: r.sentence.clone(),
                    pattern: r.pattern.clone(),
                    confidence: r.confidence,
                });
            }
        }

        // Take the old version out first; what the new one re-adds is simply rewritten.
        if let Some(old) = &old {
            self.plan_removal(&meta.id, old, &forms_by_id, &relations, &mut plan)?;
        }

        for (&id, (first, forms)) in &forms_by_id {
            let fact = &facts.entities[*first];
            let current = match plan.entities.get(&id) {
                Some(Some(record)) => Some(record.clone()),
                Some(None) => None,
                None => self.entity_record(id)?,
            };
            let record = merge_entity(current, fact.kind, &fact.name, forms);
            for form in std::iter::once(&record.name).chain(&record.aliases) {
                plan.add_name(self, form, id)?;
            }
            plan.entities.insert(id, Some(record));
            plan.mentions.insert(
                keys::mention(id, &meta.id),
                Some(codec::encode(&MentionRecord { forms: forms.iter().cloned().collect() })),
            );
        }
        for (&(s, kind, t), items) in &relations {
            plan.evidence.insert(
                keys::evidence(s, kind, t, &meta.id),
                Some(codec::encode(&EvidenceRecord { items: items.clone() })),
            );
            plan.out.insert(keys::edge(s, kind, t).to_vec(), Some(Vec::new()));
            plan.inn.insert(keys::edge(t, kind, s).to_vec(), Some(Vec::new()));
        }
        let record = ArticleRecord {
            hash,
            title: meta.title.clone(),
            date: meta.date.clone(),
            source: meta.source.clone(),
            entities: forms_by_id.keys().map(|id| id.0).collect(),
            relations: relations.keys().map(|(s, k, t)| (s.0, k.code(), t.0)).collect(),
        };
        self.commit(&meta.id, &record, next_id, plan)?;
        Ok(if old.is_some() { WriteOutcome::Replaced } else { WriteOutcome::New })
    }

    fn next_entity_id(&self) -> Result<u64> {
        match self.meta.get(keys::NEXT_ENTITY_ID)? {
            None => Ok(1),
            Some(v) => v
                .as_ref()
                .try_into()
                .map(u64::from_be_bytes)
                .map_err(|_| Error::corrupt(keys::META, keys::NEXT_ENTITY_ID, "not 8 bytes")),
        }
    }

    fn entity_record(&self, id: EntityId) -> Result<Option<EntityRecord>> {
        let key = keys::entity(id);
        match self.entities.get(key)? {
            None => Ok(None),
            Some(v) => codec::decode(&v).map(Some).map_err(|r| Error::corrupt(keys::ENTITIES, &key, &r)),
        }
    }

    /// Plans taking out every fact the old version of `article` gave, keeping what other
    /// articles still support. `keep_*` are what the new version re-adds.
    fn plan_removal(
        &self,
        article: &str,
        old: &ArticleRecord,
        keep_entities: &BTreeMap<EntityId, (usize, BTreeSet<String>)>,
        keep_relations: &BTreeMap<(EntityId, RelationKind, EntityId), Vec<EvidenceItem>>,
        plan: &mut Plan,
    ) -> Result<()> {
        for &(s, code, t) in &old.relations {
            let Some(kind) = RelationKind::from_code(code) else {
                continue;
            };
            let (s, t) = (EntityId(s), EntityId(t));
            plan.evidence.insert(keys::evidence(s, kind, t, article), None);
            if keep_relations.contains_key(&(s, kind, t)) {
                continue;
            }
            let others = self
                .evidence
                .scan_prefix(keys::edge(s, kind, t))
                .keys()
                .filter_map(|k| k.ok())
                .any(|k| keys::article_suffix(&k, 17).as_deref() != Some(article));
            if !others {
                plan.out.insert(keys::edge(s, kind, t).to_vec(), None);
                plan.inn.insert(keys::edge(t, kind, s).to_vec(), None);
            }
        }
        for &id in &old.entities {
            let id = EntityId(id);
            plan.mentions.insert(keys::mention(id, article), None);
            let Some(record) = self.entity_record(id)? else {
                continue;
            };
            // The forms the other articles still use decide what survives.
            let mut remaining: BTreeSet<String> = BTreeSet::new();
            let mut any_other = false;
            for item in self.mentions.scan_prefix(keys::entity(id)) {
                let (key, value) = item?;
                if keys::article_suffix(&key, 8).as_deref() == Some(article) {
                    continue;
                }
                any_other = true;
                let m: MentionRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::MENTIONS, &key, &r))?;
                remaining.extend(m.forms);
            }
            let kept_here = keep_entities.contains_key(&id);
            let old_forms: Vec<String> = std::iter::once(record.name.clone()).chain(record.aliases.clone()).collect();
            if !any_other && !kept_here {
                for form in &old_forms {
                    plan.remove_name(self, form, id)?;
                }
                plan.entities.insert(id, None);
                continue;
            }
            let kind = EntityKind::from_code(record.kind).unwrap_or(EntityKind::Concept);
            let rebuilt = if remaining.is_empty() {
                None
            } else {
                // The longest remaining full form is the name again.
                let name = remaining
                    .iter()
                    .filter(|f| !is_reference(f))
                    .max_by_key(|f| (f.split_whitespace().count(), f.chars().count()))
                    .or_else(|| remaining.iter().next())
                    .cloned()
                    .unwrap_or_default();
                Some(merge_entity(None, kind, &name, &remaining))
            };
            let still: BTreeSet<String> = rebuilt
                .iter()
                .flat_map(|r| std::iter::once(r.name.clone()).chain(r.aliases.clone()))
                .map(|f| normalize(&f))
                .collect();
            for form in &old_forms {
                if !still.contains(&normalize(form)) {
                    plan.remove_name(self, form, id)?;
                }
            }
            match rebuilt {
                Some(r) => {
                    plan.entities.insert(id, Some(r));
                }
                None => {
                    // Only the new version mentions it: start it again from those forms.
                    plan.entities.insert(id, None);
                }
            }
        }
        Ok(())
    }

    fn commit(&self, article: &str, record: &ArticleRecord, next_id: u64, plan: Plan) -> Result<()> {
        let mut batches: [sled::Batch; 8] = Default::default();
        batches[0].insert(keys::NEXT_ENTITY_ID, &next_id.to_be_bytes());
        batches[1].insert(article.as_bytes(), codec::encode(record));
        for (id, rec) in plan.entities {
            match rec {
                Some(r) => batches[2].insert(&keys::entity(id), codec::encode(&r)),
                None => batches[2].remove(&keys::entity(id)),
            }
        }
        for (name, ids) in plan.names {
            if ids.is_empty() {
                batches[3].remove(name.as_bytes());
            } else {
                batches[3].insert(name.as_bytes(), keys::encode_ids(&ids));
            }
        }
        for (i, map) in [(4, plan.mentions), (5, plan.evidence), (6, plan.out), (7, plan.inn)] {
            for (k, v) in map {
                match v {
                    Some(v) => batches[i].insert(k, v),
                    None => batches[i].remove(k),
                }
            }
        }
        let trees = (
            &self.meta,
            &self.articles,
            &self.entities,
            &self.names,
            &self.mentions,
            &self.evidence,
            &self.out,
            &self.inn,
        );
        // Everything was computed above: the closure only writes, so sled may rerun it safely.
        trees
            .transaction(|(meta, articles, entities, names, mentions, evidence, out, inn)| {
                meta.apply_batch(&batches[0])?;
                articles.apply_batch(&batches[1])?;
                entities.apply_batch(&batches[2])?;
                names.apply_batch(&batches[3])?;
                mentions.apply_batch(&batches[4])?;
                evidence.apply_batch(&batches[5])?;
                out.apply_batch(&batches[6])?;
                inn.apply_batch(&batches[7])?;
                Ok::<(), ConflictableTransactionError<()>>(())
            })
            .map_err(|e| match e {
                TransactionError::Storage(e) => Error::Sled(e),
                TransactionError::Abort(()) => {
                    Error::Corrupt { tree: "transaction", key: article.to_string(), reason: "aborted".into() }
                }
            })
    }
}

/// Pending writes of one article; `None` values are removals.
#[derive(Default)]
struct Plan {
    entities: BTreeMap<EntityId, Option<EntityRecord>>,
    names: BTreeMap<String, Vec<EntityId>>,
    mentions: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    evidence: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    out: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
    inn: BTreeMap<Vec<u8>, Option<Vec<u8>>>,
}

impl Plan {
    fn name_ids(&mut self, store: &Store, key: &str) -> Result<&mut Vec<EntityId>> {
        if !self.names.contains_key(key) {
            let ids = store.lookup(key)?;
            self.names.insert(key.to_string(), ids);
        }
        Ok(self.names.entry(key.to_string()).or_default())
    }

    fn add_name(&mut self, store: &Store, form: &str, id: EntityId) -> Result<()> {
        let key = normalize(form);
        if key.is_empty() {
            return Ok(());
        }
        let ids = self.name_ids(store, &key)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
        Ok(())
    }

    fn remove_name(&mut self, store: &Store, form: &str, id: EntityId) -> Result<()> {
        let key = normalize(form);
        self.name_ids(store, &key)?.retain(|&x| x != id);
        Ok(())
    }
}

/// Merges an article's surface forms into an entity record. The canonical name is the
/// longest full name any article gave (by words, then characters): "Vladimir Putin" over
/// "Putin". Other forms are aliases; a description ("the Russian President") is never the name.
fn merge_entity(current: Option<EntityRecord>, kind: EntityKind, name: &str, forms: &BTreeSet<String>) -> EntityRecord {
    let mut record = current.unwrap_or(EntityRecord { name: String::new(), kind: kind.code(), aliases: Vec::new() });
    let longer = |a: &str, b: &str| {
        (a.split_whitespace().count(), a.chars().count()) > (b.split_whitespace().count(), b.chars().count())
    };
    let mut all: Vec<String> = Vec::new();
    if !record.name.is_empty() {
        all.push(record.name.clone());
    }
    all.extend(record.aliases.iter().cloned());
    for f in std::iter::once(&name.to_string()).chain(forms) {
        if !f.is_empty() && !all.contains(f) {
            all.push(f.clone());
        }
    }
    if record.name.is_empty() || (!is_reference(name) && longer(name, &record.name)) {
        record.name = name.to_string();
    }
    record.aliases = all.into_iter().filter(|f| *f != record.name).collect();
    record
}

/// Whether a surface form is a description ("the Russian President", "Ukraine's president")
/// rather than a name.
pub fn is_reference(form: &str) -> bool {
    let lower = form.to_lowercase();
    lower.starts_with("the ") || lower.contains("'s ") || lower.contains("\u{2019}s ")
}

fn entity_from_record(id: EntityId, key: &[u8], bytes: &[u8]) -> Result<Entity> {
    let record: EntityRecord = codec::decode(bytes).map_err(|r| Error::corrupt(keys::ENTITIES, key, &r))?;
    let kind =
        EntityKind::from_code(record.kind).ok_or_else(|| Error::corrupt(keys::ENTITIES, key, "unknown entity kind"))?;
    Ok(Entity { id, name: record.name, kind, aliases: record.aliases })
}

impl crate::graph::KnownEntities for Store {
    fn known(&self, normalized: &str) -> Vec<(EntityId, EntityKind, String)> {
        // A read error here only costs a merge: the entity is created anew, and `kg check`
        // would report the store problem itself.
        self.lookup(normalized)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|id| self.entity(id).ok().flatten())
            .map(|e| (e.id, e.kind, e.name))
            .collect()
    }
}

/// Store-wide counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub articles: u64,
    pub entities: BTreeMap<EntityKind, u64>,
    pub relations: BTreeMap<RelationKind, u64>,
    pub store_bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_table_matches_tree_names() {
        let doc = include_str!("mod.rs");
        for tree in [
            keys::META,
            keys::ARTICLES,
            keys::ENTITIES,
            keys::NAMES,
            keys::MENTIONS,
            keys::EVIDENCE,
            keys::OUT,
            keys::IN,
        ] {
            assert!(doc.contains(&format!("//! | `{tree}` |")), "{tree} missing from the table");
        }
    }

    #[test]
    fn longest_full_form_becomes_the_name() {
        let forms: BTreeSet<String> =
            ["Putin", "Vladimir Putin", "the Russian President"].into_iter().map(String::from).collect();
        let r = merge_entity(None, EntityKind::Person, "Vladimir Putin", &forms);
        assert_eq!(r.name, "Vladimir Putin");
        assert_eq!(r.aliases.len(), 2);
    }
}
