//! Whole-store operations: a consistent copy (`kg backup`) and a rebuild from a JSON export
//! (`kg import`).
//!
//! A copy reads every tree while this process holds the store's lock, so no writer can change
//! it halfway. An import writes the records an ingest would have written for the exported
//! graph, with the same entity ids, so that export → import → export gives the same bytes.
//! What the export does not carry (article text hashes) is left empty: re-ingesting such an
//! article later replaces its facts.

use super::codec::{
    self, ArticleEntity, ArticleRecord, DayCounts, EntityRecord, EvidenceItem, EvidenceRecord, FormCount, PostingRecord,
};
use super::sort::{Part, Sorter};
use super::{keys, Access, ArticleMeta, Error, Result, Store};
use crate::graph::name::normalize;
use crate::graph::{EntityId, EntityKind, RelationKind};
use std::collections::BTreeMap;
use std::path::Path;

/// One entity of an export, as read back.
#[derive(Clone, Debug)]
pub struct ImportEntity {
    pub id: EntityId,
    pub name: String,
    pub kind: EntityKind,
    /// The forms articles wrote, the name excepted, each with how many articles wrote it.
    pub aliases: Vec<(String, u32)>,
    /// Other spellings the entity is found by, which no article wrote.
    pub keys: Vec<String>,
    pub articles: Vec<String>,
}

/// One piece of evidence of an export, as read back.
#[derive(Clone, Debug)]
pub struct ImportEvidence {
    pub article: String,
    /// Normalised, or empty when undated.
    pub date: String,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// A meeting's day, month or year; empty when not known.
    pub event_date: String,
    /// A meeting's place.
    pub venue: Option<EntityId>,
}

/// One relation of an export with its evidence.
#[derive(Clone, Debug)]
pub struct ImportRelation {
    pub source: EntityId,
    pub kind: RelationKind,
    pub target: EntityId,
    pub evidence: Vec<ImportEvidence>,
}

impl Store {
    /// Writes a consistent copy of the store to `dest`, which must not exist yet.
    ///
    /// # Errors
    /// `dest` exists, or an i/o error.
    pub fn backup(&self, dest: &Path) -> Result<u64> {
        if dest.exists() {
            return Err(Error::Exists { path: dest.to_path_buf() });
        }
        let copy = sled::Config::new().path(dest).create_new(true).open()?;
        let mut keys_copied = 0u64;
        for name in self.db.tree_names() {
            let from = self.db.open_tree(&name)?;
            let to = copy.open_tree(&name)?;
            let mut batch = Vec::new();
            let mut n = 0;
            for item in from.iter() {
                let (k, v) = item?;
                batch.push((k.to_vec(), v.to_vec()));
                n += 1;
                if n % 10_000 == 0 {
                    insert_each(&to, std::mem::take(&mut batch))?;
                }
            }
            insert_each(&to, batch)?;
            keys_copied += n;
        }
        copy.flush()?;
        Ok(keys_copied)
    }
}

/// How many entities or relations an import writes at a time.
pub const IMPORT_BATCH: usize = 5_000;

/// How many article links (an entity's articles, a relation's evidence) a batch may hold:
/// one hub entity can name most of the store's articles.
pub const IMPORT_BATCH_LINKS: usize = 100_000;

/// The memory the article-record sort may buffer before it spills a run to disk.
const SORT_BUDGET: usize = 48 * 1024 * 1024;

/// Writes an exported graph into a new store in batches, so that memory stays bounded by the
/// batch, not the graph: entity and relation batches in any order, then `finish`. The
/// caller has validated the graph (ids unique, ends known). The alias index, which several
/// batches add to, is read, extended and written back; article records, which every entity
/// and relation of an article adds to, are sorted on disk and written once each by `finish`.
pub struct Importer {
    store: Store,
    sorter: Sorter,
    max_id: u64,
    max_chunk: u32,
}

impl Importer {
    /// Opens a new, empty store at `path`.
    ///
    /// # Errors
    /// The store exists and is not empty, or an i/o error.
    pub fn create(path: &Path) -> Result<Importer> {
        let (store, _) = Store::open(path, Access::Create)?;
        if !store.entities.is_empty() || !store.articles.is_empty() {
            return Err(Error::Exists { path: path.to_path_buf() });
        }
        let sorter = Sorter::new(&path.join(SORT_DIR), SORT_BUDGET).map_err(|e| sort_error(path, &e))?;
        Ok(Importer { store, sorter, max_id: 0, max_chunk: 0 })
    }

    /// Writes a batch of entities with their alias-index (and word-index) entries and postings, and keeps
    /// their article links for `finish`.
    ///
    /// # Errors
    /// An i/o error, or a corrupt record already written.
    pub fn entities(&mut self, entities: &[ImportEntity]) -> Result<()> {
        let mut names: BTreeMap<String, Vec<EntityId>> = BTreeMap::new();
        let mut batch = Vec::new();
        let mut postings = Vec::new();
        for e in entities {
            self.max_id = self.max_id.max(e.id.0);
            // Every article wrote the name and gave the keys; an alias written by n articles
            // is given to the first n.
            let all = e.articles.len().max(1) as u32;
            let aliases: Vec<(&String, u32)> = e.aliases.iter().map(|(a, n)| (a, (*n).clamp(1, all))).collect();
            let mut forms = vec![FormCount::written_by(e.name.clone(), all)];
            forms.extend(aliases.iter().map(|&(a, n)| FormCount::written_by(a.clone(), n)));
            forms.extend(e.keys.iter().map(|k| FormCount { form: k.clone(), count: all, written: 0 }));
            let record =
                EntityRecord { name: e.name.clone(), kind: e.kind.code(), forms, articles: e.articles.len() as u32 };
            batch.push((keys::entity(e.id).to_vec(), codec::encode(&record)));
            for form in std::iter::once(&e.name).chain(aliases.iter().map(|a| a.0)).chain(&e.keys) {
                let key = normalize(form);
                if key.is_empty() {
                    continue;
                }
                let ids = names.entry(key).or_default();
                if !ids.contains(&e.id) {
                    ids.push(e.id);
                }
            }
            let mut chunk = PostingRecord::default();
            let mut chunk_no = 0u32;
            for (i, article) in e.articles.iter().enumerate() {
                if chunk.articles.iter().map(|a| a.len() + 1).sum::<usize>() > 1024 {
                    postings.push((keys::posting(e.id, chunk_no).to_vec(), codec::encode(&chunk)));
                    chunk = PostingRecord::default();
                    chunk_no += 1;
                }
                chunk.articles.push(article.clone());
                let written = aliases.iter().filter(|a| a.1 as usize > i).map(|a| a.0);
                let forms = std::iter::once(&e.name).chain(written).cloned().collect();
                self.piece(article, Part::Entity { id: e.id.0, forms, keys: e.keys.clone() })?;
            }
            if !chunk.articles.is_empty() {
                postings.push((keys::posting(e.id, chunk_no).to_vec(), codec::encode(&chunk)));
            }
            self.max_chunk = self.max_chunk.max(chunk_no);
        }
        insert_each(&self.store.entities, batch)?;
        insert_each(&self.store.postings, postings)?;
        let mut names_batch = Vec::new();
        for (name, mut ids) in names {
            if let Some(old) = self.store.names.get(name.as_bytes())? {
                let mut all = keys::decode_ids(&old);
                all.retain(|id| !ids.contains(id));
                all.append(&mut ids);
                ids = all;
            }
            names_batch.push((name.as_bytes().to_vec(), keys::encode_ids(&ids)));
        }
        let index = self.store.index.follow(names_batch.iter().map(|(name, _)| (name.as_slice(), true)))?;
        insert_each(&self.store.names, names_batch)?;
        self.store.index.write(index)?;
        self.store.flush()?;
        Ok(())
    }

    /// Writes a batch of relations (adjacency and evidence by article), and keeps their
    /// article links for `finish`.
    ///
    /// # Errors
    /// An i/o error.
    pub fn relations(&mut self, relations: &[ImportRelation]) -> Result<()> {
        let (mut out, mut inn, mut evidence, mut dates) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for r in relations {
            let mut by_article: BTreeMap<&str, EvidenceRecord> = BTreeMap::new();
            for e in &r.evidence {
                let record = by_article
                    .entry(&e.article)
                    .or_insert_with(|| EvidenceRecord { date: e.date.clone(), items: Vec::new() });
                record.items.push(EvidenceItem {
                    sentence: e.sentence.clone(),
                    pattern: e.pattern.clone(),
                    confidence: e.confidence,
                    event_date: e.event_date.clone(),
                    venue: e.venue.map(|v| (v.0, String::new())),
                });
            }
            out.push((keys::edge(r.source, r.kind, r.target).to_vec(), Vec::new()));
            inn.push((keys::edge(r.target, r.kind, r.source).to_vec(), Vec::new()));
            let mut months: BTreeMap<u32, DayCounts> = BTreeMap::new();
            for date in by_article.values().map(|e| e.date.as_str()) {
                months.entry(keys::bucket(date)).or_default().add(date);
            }
            for (bucket, month) in months {
                dates.push((keys::dated(r.source, r.kind, r.target, bucket).to_vec(), codec::encode(&month)));
            }
            for (article, record) in by_article {
                evidence.push((keys::evidence(r.source, r.kind, r.target, article), record.encode()));
                self.piece(article, Part::Relation(r.source.0, r.kind.code(), r.target.0))?;
            }
        }
        insert_each(&self.store.out, out)?;
        insert_each(&self.store.inn, inn)?;
        insert_each(&self.store.evidence, evidence)?;
        insert_each(&self.store.dates, dates)?;
        self.store.flush()?;
        Ok(())
    }

    /// Keeps an article's title, date and source for its record.
    ///
    /// # Errors
    /// An i/o error.
    pub fn article(&mut self, meta: &ArticleMeta) -> Result<()> {
        let part = Part::Meta {
            title: meta.title.clone(),
            date: meta.date.clone(),
            source: meta.source.clone(),
            url: meta.url.clone(),
        };
        self.piece(&meta.id, part)
    }

    /// Writes the article records, the counters and counts, flushes, and hands the store
    /// over.
    ///
    /// # Errors
    /// An i/o error.
    pub fn finish(self) -> Result<Store> {
        let Importer { store, sorter, max_id, max_chunk } = self;
        let path = store.path.clone();
        let mut batch = Vec::new();
        let mut pending = 0;
        let mut current: Option<(String, ArticleRecord)> = None;
        for piece in sorter.finish().map_err(|e| sort_error(&path, &e))? {
            let piece = piece.map_err(|e| sort_error(&path, &e))?;
            if current.as_ref().is_some_and(|(id, _)| *id != piece.article) {
                if let Some((id, record)) = current.take() {
                    batch.push((id.as_bytes().to_vec(), codec::encode(&record)));
                    pending += 1;
                }
                if pending >= IMPORT_BATCH {
                    insert_each(&store.articles, std::mem::take(&mut batch))?;
                    pending = 0;
                }
            }
            let (_, record) = current.get_or_insert_with(|| (piece.article.clone(), new_article()));
            match piece.part {
                Part::Entity { id, forms, keys } => record.entities.push(ArticleEntity { id, forms, keys }),
                Part::Relation(s, k, t) => record.relations.push((s, k, t)),
                Part::Meta { title, date, source, url } => {
                    record.title = title;
                    record.date = date;
                    record.source = source;
                    record.url = url;
                }
            }
        }
        if let Some((id, record)) = current {
            batch.push((id.as_bytes().to_vec(), codec::encode(&record)));
        }
        insert_each(&store.articles, batch)?;
        store.meta.insert(keys::NEXT_ENTITY_ID, &(max_id + 1).to_be_bytes())?;
        store.meta.insert(keys::NEXT_POSTING_CHUNK, &(max_chunk + 1).to_be_bytes())?;
        // The chunks above were written one key per entity; later batches file theirs by bucket.
        store.meta.insert(keys::FIRST_BUCKET_CHUNK, &(max_chunk + 1).to_be_bytes())?;
        store.meta.insert(keys::COUNTS, codec::encode(&store.scan_counts()?))?;
        store.flush()?;
        Ok(store)
    }

    fn piece(&mut self, article: &str, part: Part) -> Result<()> {
        self.sorter.push(article, part).map_err(|e| sort_error(&self.store.path, &e))
    }
}

/// Where the article-record sort keeps its runs, inside the store being built (removed by
/// `finish`; a killed import leaves it in a temporary store that is cleaned as a whole).
const SORT_DIR: &str = "import-sort";

/// Writes each key on its own, not as one `sled::Batch`: sled holds one epoch guard for a
/// whole batch, and the node versions each insert replaces are freed only as guards come and
/// go, so big batches let garbage pile up (an import of 100k articles grew to 1.7 GB). A new
/// store being built needs no batch atomicity: a killed import leaves no store at all.
fn insert_each(tree: &sled::Tree, writes: Vec<(Vec<u8>, Vec<u8>)>) -> Result<()> {
    for (key, value) in writes {
        tree.insert(key, value)?;
    }
    Ok(())
}

fn sort_error(store: &Path, e: &std::io::Error) -> Error {
    Error::Sled(super::io_message(&format!("sorting article records in {}", store.join(SORT_DIR).display()), e))
}

fn new_article() -> ArticleRecord {
    ArticleRecord {
        hash: [0; 32],
        title: String::new(),
        date: String::new(),
        source: String::new(),
        url: String::new(),
        entities: Vec::new(),
        relations: Vec::new(),
    }
}
