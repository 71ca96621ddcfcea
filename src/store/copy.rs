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

    /// Creates a store at `path` holding exactly the given graph.
    ///
    /// # Errors
    /// The store exists and is not empty, a relation names an entity the import lacks, or an
    /// i/o error.
    pub fn import(path: &Path, entities: &[ImportEntity], relations: &[ImportRelation]) -> Result<Store> {
        let (store, _) = Store::open(path, Access::Create)?;
        if !store.entities.is_empty() || !store.articles.is_empty() {
            return Err(Error::Exists { path: path.to_path_buf() });
        }
        let known: BTreeMap<EntityId, &ImportEntity> = entities.iter().map(|e| (e.id, e)).collect();
        let mut articles: BTreeMap<String, ArticleRecord> = BTreeMap::new();
        let mut names: BTreeMap<String, Vec<EntityId>> = BTreeMap::new();
        let mut batch = sled::Batch::default();
        let mut postings = sled::Batch::default();
        let mut max_chunk = 0u32;
        for e in entities {
            // Every article used the name; the aliases are counted once, on the first article.
            let mut forms = vec![FormCount { form: e.name.clone(), count: e.articles.len().max(1) as u32 }];
            forms.extend(e.aliases.iter().map(|a| FormCount { form: a.clone(), count: 1 }));
            let record =
                EntityRecord { name: e.name.clone(), kind: e.kind.code(), forms, articles: e.articles.len() as u32 };
            batch.insert(&keys::entity(e.id), codec::encode(&record));
            for form in std::iter::once(&e.name).chain(&e.aliases) {
                let ids = names.entry(normalize(form)).or_default();
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
                article_record(&mut articles, article).entities.push(ArticleEntity { id: e.id.0, forms });
            }
            if !chunk.articles.is_empty() {
                postings.insert(&keys::posting(e.id, chunk_no), codec::encode(&chunk));
            }
            max_chunk = max_chunk.max(chunk_no);
        }
        store.entities.apply_batch(batch)?;
        store.postings.apply_batch(postings)?;
        let mut names_batch = sled::Batch::default();
        for (name, ids) in names {
            names_batch.insert(name.as_bytes(), keys::encode_ids(&ids));
        }
        store.names.apply_batch(names_batch)?;

        let (mut out, mut inn, mut evidence) = (sled::Batch::default(), sled::Batch::default(), sled::Batch::default());
        for r in relations {
            for end in [r.source, r.target] {
                if !known.contains_key(&end) {
                    return Err(Error::Corrupt {
                        tree: "import",
                        key: end.to_string(),
                        reason: "relation names an entity the import lacks".into(),
                    });
                }
            }
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
                article_record(&mut articles, article).relations.push((r.source.0, r.kind.code(), r.target.0));
            }
        }
        store.out.apply_batch(out)?;
        store.inn.apply_batch(inn)?;
        store.evidence.apply_batch(evidence)?;
        let mut article_batch = sled::Batch::default();
        for (id, record) in &articles {
            article_batch.insert(id.as_bytes(), codec::encode(record));
        }
        store.articles.apply_batch(article_batch)?;
        let next = entities.iter().map(|e| e.id.0).max().map_or(1, |m| m + 1);
        store.meta.insert(keys::NEXT_ENTITY_ID, &next.to_be_bytes())?;
        store.meta.insert(keys::NEXT_POSTING_CHUNK, &(max_chunk + 1).to_be_bytes())?;
        store.meta.insert(keys::COUNTS, codec::encode(&store.scan_counts()?))?;
        store.flush()?;
        Ok(store)
    }
}

fn article_record<'a>(articles: &'a mut BTreeMap<String, ArticleRecord>, id: &str) -> &'a mut ArticleRecord {
    articles.entry(id.to_string()).or_insert_with(|| ArticleRecord {
        hash: [0; 32],
        title: String::new(),
        date: String::new(),
        source: String::new(),
        entities: Vec::new(),
        relations: Vec::new(),
    })
}
