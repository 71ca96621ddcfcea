//! The sled store: where the graph lives between commands.
//!
//! One sled tree per access path; keys are hand-encoded (`keys.rs`), values are versioned
//! bincode records (`codec.rs`). The layout, kept true by `layout_table_matches_tree_names`:
//!
//! | tree | key | value |
//! |---|---|---|
//! | `meta` | `schema_version`, `next_entity_id`, `next_posting_chunk` | u32 / u64 / u32 big-endian |
//! | `meta` | `counts` | `CountsRecord`: articles, entities and relations by kind, kept by each batch |
//! | `articles` | article id (UTF-8) | `ArticleRecord`: hash, title, date, source, the facts it gave |
//! | `entities` | entity id (u64 BE) | `EntityRecord`: name, kind, forms with the articles giving and writing each, articles |
//! | `names` | normalised surface form, or another spelling of one (a key) | entity ids (u64 BE each): the alias index |
//! | `meta` | `first_bucket_chunk` | u32 big-endian: posting chunks from this one on are filed by bucket |
//! | `postings` | entity id · chunk (u32 BE), chunks before `first_bucket_chunk` | `PostingRecord`: ids of articles mentioning it |
//! | `posting_buckets` | entity id >> 6 · chunk (u32 BE, one per write batch) | `BucketRecord`: for each of those 64 entities it lists, ids of articles mentioning it (`postings.rs`) |
//! | `evidence` | source · relation code · target · article id | `EvidenceRecord`: the article's date, sentences; empty hides the bucket entry of that key (`evidence_buckets.rs`) |
//! | `evidence_buckets` | source id >> 6 · chunk (u32 BE, one per write batch) | `EvidenceBucket`, zstd: the evidence one batch gave relations of those 64 sources, by relation and article |
//! | `out` | source · relation code · target | empty |
//! | `in` | target · relation code · source | empty |
//! | `dates` | source · relation code · target · month bucket (u32 BE; undated last) | `DatedMonth`: supporting articles per date of that month (`DayCounts`), then the chunks of `evidence_buckets` holding them |
//! | `corrections` | number (u64 BE) | `Correction`: an analyst's rejected or asserted edge, with the writes that carried it out |
//! | `words` | word · 0x00 · normalised name | empty: the names holding each word (`words.rs`) |
//! | `ends` | a word spelt backwards | empty: the words some name holds, by their ends, for suggestions |
//!
//! A neighbour lookup is a prefix scan of `out` and `in` on one entity id, and of `dates` on
//! each edge for how many articles support it and when; nothing loads the whole graph. One article's facts are written in one sled transaction over all the trees,
//! so an ingest stopped at any point leaves each article either fully in or fully out.
//! This module never prints and never decides policy: callers choose what to write.

pub mod batch;
pub mod check;
pub mod check_corrections;
pub mod codec;
pub mod copy;
pub mod correct;
mod dir;
mod entity;
mod error;
mod evidence;
pub mod evidence_buckets;
pub mod keys;
pub mod migrate;
mod packed;
mod postings;
pub mod sort;
mod usage;
pub mod words;

pub use error::{io_message, Error, Result};
pub use usage::{DiskUsage, TreeUsage};

use crate::graph::date::Period;
use crate::graph::{Alias, Entity, EntityId, EntityKind, RelationKind};
use codec::{ArticleRecord, CountsRecord, DayCounts, EntityRecord};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// How many supporting articles carry each date (undated: `""`), in date order.
pub type DateCounts = Vec<(String, u32)>;

/// A relation's support inside `period`, from its article counts by date; `None` when no
/// supporting article lies inside.
pub fn support_in(dates: &[(String, u32)], period: &Period) -> Option<Support> {
    let mut inside = Support::default();
    for (date, n) in dates {
        if period.contains(date) {
            inside.add(date, *n);
        }
    }
    (inside.articles > 0).then_some(inside)
}

/// sled's page cache for a command: sled's 1 GiB default lets memory grow with the store,
/// and a command reads little of it.
pub const DEFAULT_CACHE_BYTES: u64 = 32 * 1024 * 1024;

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

/// How many articles support a relation, and when: the whole store's, or a period's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Support {
    pub articles: u32,
    /// Normalised dates; empty when no supporting article is dated.
    pub first_seen: String,
    pub last_seen: String,
}

impl Support {
    /// Counts `n` more supporting articles dated `date` (normalised, or empty).
    pub fn add(&mut self, date: &str, n: u32) {
        use crate::graph::date::order;
        self.articles += n;
        if date.is_empty() {
            return;
        }
        if self.first_seen.is_empty() || order(date, &self.first_seen).is_lt() {
            self.first_seen = date.to_string();
        }
        if self.last_seen.is_empty() || order(date, &self.last_seen).is_gt() {
            self.last_seen = date.to_string();
        }
    }
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
    /// Where it was published, empty when unknown.
    pub url: String,
}

/// An open store.
pub struct Store {
    path: PathBuf,
    db: sled::Db,
    /// `kg.lock`, held for the life of the store: one kg process per store, taken before sled
    /// opens so that cleaning an interrupted snapshot never races another process writing one.
    _lock: std::fs::File,
    /// Held for writing by each commit (an ingest batch, a correction) and for reading by
    /// whoever needs the store between two commits (`consistent`): sled has no snapshots,
    /// and an export that read entities before a batch and relations after it named
    /// entities it did not hold (#23).
    commits: std::sync::Arc<std::sync::RwLock<()>>,
    /// Evidence buckets decoded by earlier reads (`evidence_buckets.rs`).
    bucket_cache: std::sync::Arc<evidence_buckets::BucketCache>,
    meta: sled::Tree,
    articles: sled::Tree,
    entities: sled::Tree,
    names: sled::Tree,
    postings: sled::Tree,
    posting_buckets: sled::Tree,
    evidence_buckets: sled::Tree,
    evidence: sled::Tree,
    out: sled::Tree,
    inn: sled::Tree,
    dates: sled::Tree,
    corrections: sled::Tree,
    /// `words` and `ends`, kept with `names` by every write of it.
    index: words::WordIndex,
    /// The full-text index in `search/` (not sled's), opened at its first use: most
    /// commands never need it.
    search: std::sync::Mutex<Option<std::sync::Arc<crate::search::SearchIndex>>>,
}

/// The SHA-256 of an article's text and of the extraction rules it was read with: equal
/// hashes mean an unchanged article, read by the same rules.
pub fn content_hash(text: &str, rules: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(rules);
    h.update(text.as_bytes());
    h.finalize().into()
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
        Store::open_with_cache(path, access, DEFAULT_CACHE_BYTES)
    }

    /// As `open`, with sled's page cache bounded to `cache_bytes` instead of the default (a
    /// long-lived server reads more from memory with a larger one).
    pub fn open_with_cache(path: &Path, access: Access, cache_bytes: u64) -> Result<(Store, Vec<&'static str>)> {
        if path.is_file() {
            return Err(Error::NotADirectory { path: path.to_path_buf() });
        }
        if access == Access::Existing && !path.join("conf").exists() {
            return Err(Error::NotFound { path: path.to_path_buf() });
        }
        if access == Access::Create && !path.join("conf").exists() && !dir::is_empty_dir(path)? {
            return Err(Error::NotAStore { path: path.to_path_buf() });
        }
        std::fs::create_dir_all(path)
            .map_err(|e| Error::Sled(io_message(&format!("creating {}", path.display()), &e)))?;
        let lock = dir::lock_store(path)?;
        dir::set_aside_partial_snapshots(path)?;
        let db = sled::Config::new().path(path).cache_capacity(cache_bytes).open().map_err(|e| match e {
            sled::Error::Io(ref io) if dir::is_lock_conflict(io) => Error::InUse { path: path.to_path_buf() },
            other => Error::from(other),
        })?;
        let ran = migrate::run(&db)?;
        let store = Store {
            meta: db.open_tree(keys::META)?,
            articles: db.open_tree(keys::ARTICLES)?,
            entities: db.open_tree(keys::ENTITIES)?,
            names: db.open_tree(keys::NAMES)?,
            postings: db.open_tree(keys::POSTINGS)?,
            posting_buckets: db.open_tree(keys::POSTING_BUCKETS)?,
            evidence_buckets: db.open_tree(keys::EVIDENCE_BUCKETS)?,
            evidence: db.open_tree(keys::EVIDENCE)?,
            out: db.open_tree(keys::OUT)?,
            inn: db.open_tree(keys::IN)?,
            dates: db.open_tree(keys::DATES)?,
            corrections: db.open_tree(keys::CORRECTIONS)?,
            index: words::WordIndex::open(&db)?,
            db,
            path: path.to_path_buf(),
            _lock: lock,
            commits: std::sync::Arc::default(),
            bucket_cache: std::sync::Arc::new(evidence_buckets::BucketCache::new(
                keys::EVIDENCE_BUCKETS,
                evidence_buckets::CACHE_BYTES,
            )),
            search: std::sync::Mutex::default(),
        };
        Ok((store, ran))
    }

    /// Flushes and closes the store, then opens and closes it once more, so that the next
    /// command opens it fast.
    ///
    /// sled writes the snapshot of its page table only while it opens a store, and an open
    /// replays the log written since the last snapshot. After an ingest that is the whole
    /// ingest: the next command would take about 1 s more on 100k articles and 10 s more on a
    /// million. Opening once here pays that inside the ingest. sled releases its file lock a
    /// moment after the close (its last references go with its background threads), so the
    /// open is retried for a while; if another process takes the store meanwhile, it is the
    /// one that pays, and nothing is lost.
    pub fn close_and_snapshot(self) -> Result<()> {
        self.flush()?;
        let path = self.path.clone();
        drop(self);
        for _ in 0..40 {
            match Store::open(&path, Access::Existing) {
                Ok(_) => return Ok(()),
                Err(Error::InUse { .. }) => std::thread::sleep(std::time::Duration::from_millis(50)),
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Makes everything written so far durable. Nothing is on disk before this returns.
    /// Holds off commits (of this process) while alive: what is read meanwhile is the store
    /// between two committed batches. Take it once per reader (not again in the same thread:
    /// a waiting commit would block the second take), and not while committing.
    pub fn consistent(&self) -> std::sync::RwLockReadGuard<'_, ()> {
        self.commits.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Taken by each commit: see `consistent`.
    fn committing(commits: &std::sync::RwLock<()>) -> std::sync::RwLockWriteGuard<'_, ()> {
        commits.write().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The store's full-text index (`search`), opened (or created, empty) at the first call.
    ///
    /// # Errors
    /// The index directory cannot be made or read.
    pub fn search_index(
        &self,
    ) -> std::result::Result<std::sync::Arc<crate::search::SearchIndex>, crate::search::Error> {
        let mut slot = self.search.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(index) = slot.as_ref() {
            return Ok(std::sync::Arc::clone(index));
        }
        let index = std::sync::Arc::new(crate::search::SearchIndex::open(&self.path)?);
        *slot = Some(std::sync::Arc::clone(&index));
        Ok(index)
    }

    /// The store's directory, as it was opened.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn flush(&self) -> Result<()> {
        self.db.flush()?;
        Ok(())
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

    /// Up to `limit` normalised names of the alias index that start with `prefix`, in order.
    pub fn names_starting(&self, prefix: &str, limit: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for key in self.names.scan_prefix(prefix.as_bytes()).keys().take(limit) {
            out.push(String::from_utf8_lossy(&key?).into_owned());
        }
        Ok(out)
    }

    /// Every normalised name in the alias index with its entities (for `kg check`).
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

    /// The edges of one entity with the articles that support each inside `period`; edges
    /// with none there are left out. Each edge's support is read from its `dates` entries:
    /// no evidence is read.
    pub fn edges_in(&self, id: EntityId, period: &Period) -> Result<Vec<(Edge, Support)>> {
        Ok(self
            .edges_dated(id)?
            .into_iter()
            .filter_map(|(edge, dates)| support_in(&dates, period).map(|support| (edge, support)))
            .collect())
    }

    /// The edges of one entity, each with how many of its supporting articles carry each
    /// date (undated: `""`), in date order.
    ///
    /// The `dates` entries of the entity's outgoing relations share its id as their prefix:
    /// they are read in one scan, not one per relation (a hub has thousands).
    pub fn edges_dated(&self, id: EntityId) -> Result<Vec<(Edge, DateCounts)>> {
        let mut outgoing: std::collections::HashMap<[u8; 17], DateCounts> = Default::default();
        for item in self.dates.scan_prefix(keys::entity(id)) {
            let (key, value) = item?;
            let edge: [u8; 17] = key
                .get(..17)
                .and_then(|k| k.try_into().ok())
                .ok_or_else(|| Error::corrupt(keys::DATES, &key, "short key"))?;
            let month: DayCounts = codec::decode(&value).map_err(|r| Error::corrupt(keys::DATES, &key, &r))?;
            outgoing.entry(edge).or_default().extend(month.dates);
        }
        let mut edges = Vec::new();
        for (tree, direction) in [(&self.out, Direction::Out), (&self.inn, Direction::In)] {
            for item in tree.scan_prefix(keys::entity(id)) {
                let (key, _) = item?;
                let (a, kind, other) =
                    keys::parse_edge(&key).ok_or_else(|| Error::corrupt(keys::OUT, &key, "bad edge key"))?;
                let edge = Edge { kind, direction, other };
                let dates = match direction {
                    Direction::Out => outgoing.remove(&keys::edge(a, kind, other)).unwrap_or_default(),
                    Direction::In => self.dates_of((other, kind, a))?,
                };
                edges.push((edge, dates));
            }
        }
        Ok(edges)
    }

    /// Calls `f` for every relation with support inside `period`, in key order.
    pub fn for_each_relation_in(
        &self,
        period: &Period,
        mut f: impl FnMut(EntityId, RelationKind, EntityId, Support),
    ) -> Result<()> {
        for item in self.out.iter() {
            let (key, _) = item?;
            let (s, kind, t) = keys::parse_edge(&key).ok_or_else(|| Error::corrupt(keys::OUT, &key, "bad edge key"))?;
            if let Some(support) = self.support((s, kind, t), period)? {
                f(s, kind, t, support);
            }
        }
        Ok(())
    }

    /// Whether any of an entity's articles is dated inside `period` (every entity counts
    /// when the period is open).
    pub fn mentioned_in(
        &self,
        id: EntityId,
        period: &Period,
        dates: &mut dyn FnMut(&str) -> Result<String>,
    ) -> Result<usize> {
        let articles = self.entity_articles(id)?;
        if period.is_all() {
            return Ok(articles.len());
        }
        let mut n = 0;
        for a in &articles {
            if period.contains(&dates(a)?) {
                n += 1;
            }
        }
        Ok(n)
    }

    /// A relation's support inside `period`, or `None` when it has none there: a prefix scan
    /// of its `dates` entries, one per month it is seen in. No evidence is read.
    pub fn support(&self, triple: (EntityId, RelationKind, EntityId), period: &Period) -> Result<Option<Support>> {
        Ok(support_in(&self.dates_of(triple)?, period))
    }

    /// How many of a relation's supporting articles carry each date (undated: `""`), in
    /// date order.
    pub fn dates_of(&self, (s, kind, t): (EntityId, RelationKind, EntityId)) -> Result<Vec<(String, u32)>> {
        let mut out = Vec::new();
        for item in self.dates.scan_prefix(keys::edge(s, kind, t)) {
            let (key, value) = item?;
            let month: DayCounts = codec::decode(&value).map_err(|r| Error::corrupt(keys::DATES, &key, &r))?;
            out.extend(month.dates);
        }
        Ok(out)
    }

    /// Every relation as (source, relation, target), in key order.
    pub fn relations(&self) -> impl Iterator<Item = Result<(EntityId, RelationKind, EntityId)>> + '_ {
        self.out.iter().map(|item| {
            let (key, _) = item?;
            keys::parse_edge(&key).ok_or_else(|| Error::corrupt(keys::OUT, &key, "bad edge key"))
        })
    }

    /// The ids of the articles that mention an entity, sorted.
    pub fn entity_articles(&self, id: EntityId) -> Result<Vec<String>> {
        let mut out: Vec<String> = self.posting_chunks(id)?.into_iter().flat_map(|(_, articles)| articles).collect();
        // Sorted, so that the same graph reads the same whatever order it was ingested in.
        out.sort_unstable();
        Ok(out)
    }

    /// The stored record of an article, if it was ingested.
    pub fn article(&self, id: &str) -> Result<Option<ArticleRecord>> {
        match self.articles.get(id.as_bytes())? {
            None => Ok(None),
            Some(v) => codec::decode(&v).map(Some).map_err(|r| Error::corrupt(keys::ARTICLES, id.as_bytes(), &r)),
        }
    }

    /// The descriptive fields of an article (its date normalised, empty when undated or
    /// unreadable), if it was ingested.
    pub fn article_meta(&self, id: &str) -> Result<Option<ArticleMeta>> {
        let Some(v) = self.articles.get(id.as_bytes())? else { return Ok(None) };
        let head: codec::ArticleHead =
            codec::decode(&v).map_err(|r| Error::corrupt(keys::ARTICLES, id.as_bytes(), &r))?;
        let date = crate::graph::date::parse(&head.date).unwrap_or_default();
        Ok(Some(ArticleMeta { id: id.to_string(), title: head.title, date, source: head.source, url: head.url }))
    }

    /// Every article, in id order: its descriptive fields and how many entities and
    /// relations it gave.
    pub fn articles(&self) -> impl Iterator<Item = Result<(ArticleMeta, usize, usize)>> + '_ {
        self.articles.iter().map(|item| {
            let (key, value) = item?;
            let record: ArticleRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::ARTICLES, &key, &r))?;
            let (entities, relations) = (record.entities.len(), record.relations.len());
            Ok((meta_of(&String::from_utf8_lossy(&key), record), entities, relations))
        })
    }

    /// The next entity id to hand out.
    pub(crate) fn next_entity_id(&self) -> Result<u64> {
        Ok(self.meta_int(keys::NEXT_ENTITY_ID)?.map_or(1, u64::from_be_bytes))
    }

    /// The chunk number the next write batch files its postings under.
    pub(crate) fn next_posting_chunk(&self) -> Result<u32> {
        Ok(self.meta_int(keys::NEXT_POSTING_CHUNK)?.map_or(0, u32::from_be_bytes))
    }

    /// A big-endian integer of `N` bytes under a `meta` key, if set.
    fn meta_int<const N: usize>(&self, key: &'static [u8]) -> Result<Option<[u8; N]>> {
        match self.meta.get(key)? {
            None => Ok(None),
            Some(v) => {
                v.as_ref().try_into().map(Some).map_err(|_| Error::corrupt(keys::META, key, &format!("not {N} bytes")))
            }
        }
    }

    /// The stored record of an entity.
    pub(crate) fn entity_record(&self, id: EntityId) -> Result<Option<EntityRecord>> {
        let key = keys::entity(id);
        match self.entities.get(key)? {
            None => Ok(None),
            Some(v) => codec::decode(&v).map(Some).map_err(|r| Error::corrupt(keys::ENTITIES, &key, &r)),
        }
    }

    /// Starts a batch of article writes, committed together.
    pub fn batch(&self) -> Result<batch::Batch<'_>> {
        batch::Batch::new(self)
    }

    /// What the store holds, by kind, and its size on disk: one read, whatever the size.
    pub fn counts(&self) -> Result<Counts> {
        let record = self.stored_counts()?;
        Ok(Counts {
            articles: record.articles,
            entities: record.entities.iter().filter_map(|(&c, &n)| Some((EntityKind::from_code(c)?, n))).collect(),
            relations: record.relations.iter().filter_map(|(&c, &n)| Some((RelationKind::from_code(c)?, n))).collect(),
            store_bytes: self.disk_usage()?.total(),
        })
    }

    /// The counts the write batches keep in `meta` (all zero in a new store).
    pub(crate) fn stored_counts(&self) -> Result<CountsRecord> {
        match self.meta.get(keys::COUNTS)? {
            None => Ok(CountsRecord::default()),
            Some(v) => codec::decode(&v).map_err(|r| Error::corrupt(keys::META, keys::COUNTS, &r)),
        }
    }

    /// The counts found by reading every article, entity and relation: what `kg check`
    /// compares the kept counts with, and what an import starts from.
    pub(crate) fn scan_counts(&self) -> Result<CountsRecord> {
        let mut counts = CountsRecord { articles: self.articles.len() as u64, ..CountsRecord::default() };
        for entity in self.entities() {
            CountsRecord::bump(&mut counts.entities, entity?.kind.code(), true);
        }
        for relation in self.relations() {
            CountsRecord::bump(&mut counts.relations, relation?.1.code(), true);
        }
        Ok(counts)
    }
}

fn meta_of(id: &str, r: ArticleRecord) -> ArticleMeta {
    let date = crate::graph::date::parse(&r.date).unwrap_or_default();
    ArticleMeta { id: id.to_string(), title: r.title, date, source: r.source, url: r.url }
}

fn entity_from_record(id: EntityId, key: &[u8], bytes: &[u8]) -> Result<Entity> {
    let record: EntityRecord = codec::decode(bytes).map_err(|r| Error::corrupt(keys::ENTITIES, key, &r))?;
    let kind =
        EntityKind::from_code(record.kind).ok_or_else(|| Error::corrupt(keys::ENTITIES, key, "unknown entity kind"))?;
    let aliases = record.aliases().into_iter().map(|(form, articles)| Alias { form, articles }).collect();
    Ok(Entity { id, aliases, keys: record.keys(), name: record.name, kind })
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
            keys::POSTINGS,
            keys::POSTING_BUCKETS,
            keys::EVIDENCE,
            keys::EVIDENCE_BUCKETS,
            keys::OUT,
            keys::IN,
            keys::DATES,
            keys::CORRECTIONS,
            keys::WORDS,
            keys::ENDS,
        ] {
            assert!(doc.contains(&format!("//! | `{tree}` |")), "{tree} missing from the table");
        }
    }
}
