//! Whole-store operations: a consistent copy (`kg backup`) and a rebuild from a JSON export
//! (`kg import`).
//!
//! A copy reads every tree while this process holds the store's lock, so no writer can change
//! it halfway. An import writes the records an ingest would have written for the exported
//! graph, with the same entity ids, so that export → import → export gives the same bytes.
//! What the export does not carry (article titles, dates, sources, text hashes) is left empty:
//! re-ingesting such an article later replaces its facts.

use super::codec::{
    self, ArticleEntity, ArticleRecord, EntityRecord, EvidenceItem, EvidenceRecord, FormCount, PostingRecord,
};
use super::{keys, Access, Error, Result, Store};
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
    pub aliases: Vec<String>,
    pub articles: Vec<String>,
}

/// One relation of an export with its evidence (article, sentence, pattern, confidence).
#[derive(Clone, Debug)]
pub struct ImportRelation {
    pub source: EntityId,
    pub kind: RelationKind,
    pub target: EntityId,
    pub evidence: Vec<(String, String, String, f32)>,
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
            let mut batch = sled::Batch::default();
            let mut n = 0;
            for item in from.iter() {
                let (k, v) = item?;
                batch.insert(k, v);
                n += 1;
                if n % 10_000 == 0 {
                    to.apply_batch(std::mem::take(&mut batch))?;
                }
            }
            to.apply_batch(batch)?;
            keys_copied += n;
        }
        copy.flush()?;
        Ok(keys_copied)
    }
}

/// How many entities or relations an import writes at a time.
pub const IMPORT_BATCH: usize = 5_000;

/// Writes an exported graph into a new store in batches, so that memory stays bounded by the
/// batch, not the graph: entity and relation batches in any order, then `finish`. The
/// caller has validated the graph (ids unique, ends known). Records that several batches add
/// to (the alias index, article records) are read, extended and written back.
pub struct Importer {
    store: Store,
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
        Ok(Importer { store, max_id: 0, max_chunk: 0 })
    }

    /// Writes a batch of entities with their alias-index entries, postings and article links.
    ///
    /// # Errors
    /// An i/o error, or a corrupt record already written.
    pub fn entities(&mut self, entities: &[ImportEntity]) -> Result<()> {
        let mut articles: BTreeMap<String, ArticleRecord> = BTreeMap::new();
        let mut names: BTreeMap<String, Vec<EntityId>> = BTreeMap::new();
        let mut batch = sled::Batch::default();
        let mut postings = sled::Batch::default();
        for e in entities {
            self.max_id = self.max_id.max(e.id.0);
            // Every article used the name; the aliases are counted once, on the first article.
            let mut forms = vec![FormCount { form: e.name.clone(), count: e.articles.len().max(1) as u32 }];
            forms.extend(e.aliases.iter().map(|a| FormCount { form: a.clone(), count: 1 }));
            let record =
                EntityRecord { name: e.name.clone(), kind: e.kind.code(), forms, articles: e.articles.len() as u32 };
            batch.insert(&keys::entity(e.id), codec::encode(&record));
            for form in std::iter::once(&e.name).chain(&e.aliases) {
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
                    postings.insert(&keys::posting(e.id, chunk_no), codec::encode(&chunk));
                    chunk = PostingRecord::default();
                    chunk_no += 1;
                }
                chunk.articles.push(article.clone());
                let forms = if i == 0 {
                    std::iter::once(&e.name).chain(&e.aliases).cloned().collect()
                } else {
                    vec![e.name.clone()]
                };
                self.article(&mut articles, article)?.entities.push(ArticleEntity { id: e.id.0, forms });
                // An entity in many articles touches many article records: write them out as
                // they pile up, not once per batch, so memory stays bounded.
                if articles.len() >= IMPORT_BATCH {
                    self.write_articles(std::mem::take(&mut articles))?;
                }
            }
            if !chunk.articles.is_empty() {
                postings.insert(&keys::posting(e.id, chunk_no), codec::encode(&chunk));
            }
            self.max_chunk = self.max_chunk.max(chunk_no);
        }
        self.store.entities.apply_batch(batch)?;
        self.store.postings.apply_batch(postings)?;
        let mut names_batch = sled::Batch::default();
        for (name, mut ids) in names {
            if let Some(old) = self.store.names.get(name.as_bytes())? {
                let mut all = keys::decode_ids(&old);
                all.retain(|id| !ids.contains(id));
                all.append(&mut ids);
                ids = all;
            }
            names_batch.insert(name.as_bytes(), keys::encode_ids(&ids));
        }
        self.store.names.apply_batch(names_batch)?;
        self.write_articles(articles)
    }

    /// Writes a batch of relations: adjacency, evidence by article, and article links.
    ///
    /// # Errors
    /// An i/o error, or a corrupt record already written.
    pub fn relations(&mut self, relations: &[ImportRelation]) -> Result<()> {
        let mut articles: BTreeMap<String, ArticleRecord> = BTreeMap::new();
        let (mut out, mut inn, mut evidence) = (sled::Batch::default(), sled::Batch::default(), sled::Batch::default());
        for r in relations {
            out.insert(&keys::edge(r.source, r.kind, r.target), &[]);
            inn.insert(&keys::edge(r.target, r.kind, r.source), &[]);
            let mut by_article: BTreeMap<&str, Vec<EvidenceItem>> = BTreeMap::new();
            for (article, sentence, pattern, confidence) in &r.evidence {
                by_article.entry(article).or_default().push(EvidenceItem {
                    sentence: sentence.clone(),
                    pattern: pattern.clone(),
                    confidence: *confidence,
                });
            }
            for (article, items) in by_article {
                evidence.insert(
                    keys::evidence(r.source, r.kind, r.target, article),
                    codec::encode(&EvidenceRecord { items }),
                );
                self.article(&mut articles, article)?.relations.push((r.source.0, r.kind.code(), r.target.0));
                if articles.len() >= IMPORT_BATCH {
                    self.write_articles(std::mem::take(&mut articles))?;
                }
            }
        }
        self.store.out.apply_batch(out)?;
        self.store.inn.apply_batch(inn)?;
        self.store.evidence.apply_batch(evidence)?;
        self.write_articles(articles)
    }

    /// Writes the counters and counts, flushes, and hands the store over.
    ///
    /// # Errors
    /// An i/o error.
    pub fn finish(self) -> Result<Store> {
        let store = self.store;
        store.meta.insert(keys::NEXT_ENTITY_ID, &(self.max_id + 1).to_be_bytes())?;
        store.meta.insert(keys::NEXT_POSTING_CHUNK, &(self.max_chunk + 1).to_be_bytes())?;
        store.meta.insert(keys::COUNTS, codec::encode(&store.scan_counts()?))?;
        store.flush()?;
        Ok(store)
    }

    /// The article record to extend: this batch's, else the one written by an earlier batch,
    /// else a new one.
    fn article<'a>(
        &self,
        articles: &'a mut BTreeMap<String, ArticleRecord>,
        id: &str,
    ) -> Result<&'a mut ArticleRecord> {
        if !articles.contains_key(id) {
            let record = match self.store.articles.get(id.as_bytes())? {
                Some(bytes) => codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, id.as_bytes(), &r))?,
                None => new_article(),
            };
            articles.insert(id.to_string(), record);
        }
        Ok(article_record(articles, id))
    }

    fn write_articles(&self, articles: BTreeMap<String, ArticleRecord>) -> Result<()> {
        let mut batch = sled::Batch::default();
        for (id, record) in &articles {
            batch.insert(id.as_bytes(), codec::encode(record));
        }
        self.store.articles.apply_batch(batch)?;
        Ok(())
    }
}

fn article_record<'a>(articles: &'a mut BTreeMap<String, ArticleRecord>, id: &str) -> &'a mut ArticleRecord {
    articles.entry(id.to_string()).or_insert_with(new_article)
}

fn new_article() -> ArticleRecord {
    ArticleRecord {
        hash: [0; 32],
        title: String::new(),
        date: String::new(),
        source: String::new(),
        entities: Vec::new(),
        relations: Vec::new(),
    }
}
