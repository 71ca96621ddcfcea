//! Schema 2 → 3: articles per entity in chunked postings; forms counted per entity.
//!
//! Before: `mentions` held one key per (entity, article), `entity · article id`, with the forms
//! that article used (`MentionRecord`); entities kept a plain alias list; article records
//! listed their entity ids. One key per mention made bulk ingest rewrite pages all over the
//! tree (a 100k-article store spent most of its disk on them).
//!
//! After: `postings` holds `entity · chunk (u32 BE)` → `PostingRecord` (article ids in ingest
//! order; ingest writes one chunk per entity per write batch, numbered by `meta`'s
//! `next_posting_chunk`, so appending never rewrites a chunk); entity records count their articles and each form's
//! articles (`EntityRecord { forms: [FormCount], articles }`); article records keep the forms
//! they used per entity (`ArticleEntity`), so a changed article is taken out by decrementing.
//! The step reads every mention once, writes the new records, then drops `mentions`.
//! (The records it writes are the layout of schemas 3 to 6, `codec::v1`, kept for it.)

use super::m0002_normalized_names::EntityRecordV1;
use crate::store::codec::v1::{ArticleEntity, ArticleRecord, EntityRecord, FormCount};
use crate::store::codec::{self, PostingRecord};
// Records this step, or a later one, converted already: every layout kg reads.
use crate::store::codec::{ArticleRecord as Converted, EntityRecord as ConvertedEntity};
use crate::store::{keys, Error};
use bincode::{Decode, Encode};
use std::collections::BTreeMap;

/// The version this step leaves the store at.
pub const VERSION: u32 = 3;

const MENTIONS: &str = "mentions";

/// `mentions` values in schemas 1 and 2.
#[derive(Encode, Decode)]
struct MentionRecordV1 {
    forms: Vec<String>,
}

impl codec::Record for MentionRecordV1 {}

/// `articles` values in schemas 1 and 2.
#[derive(Encode, Decode)]
struct ArticleRecordV1 {
    hash: [u8; 32],
    title: String,
    date: String,
    source: String,
    entities: Vec<u64>,
    relations: Vec<(u64, u8, u64)>,
}

impl codec::Record for ArticleRecordV1 {}

pub fn run(db: &sled::Db) -> Result<(), Error> {
    let mentions = db.open_tree(MENTIONS)?;
    let entities = db.open_tree(keys::ENTITIES)?;
    let articles = db.open_tree(keys::ARTICLES)?;
    let postings = db.open_tree(keys::POSTINGS)?;
    // article id → (entity id, forms), to rewrite the article records.
    let mut by_article: BTreeMap<String, Vec<ArticleEntity>> = BTreeMap::new();
    let mut entity_batch = sled::Batch::default();
    let mut posting_batch = sled::Batch::default();
    // Ingest files each batch's postings under a chunk number above every one used here.
    let mut max_chunk = 0u32;
    for item in entities.iter() {
        let (key, value) = item?;
        let id = keys::parse_entity(&key).ok_or_else(|| Error::corrupt(keys::ENTITIES, &key, "bad entity key"))?;
        // A store interrupted in this step has some records in the new layout already.
        if codec::decode::<ConvertedEntity>(&value).is_ok() {
            continue;
        }
        let old: EntityRecordV1 = codec::decode(&value).map_err(|r| Error::corrupt(keys::ENTITIES, &key, &r))?;
        let mut record = EntityRecord { name: old.name, kind: old.kind, forms: Vec::new(), articles: 0 };
        let mut chunk = PostingRecord::default();
        let mut chunk_no = 0u32;
        for m in mentions.scan_prefix(&key) {
            let (mkey, mvalue) = m?;
            let article = keys::article_suffix(&mkey, 8).ok_or_else(|| Error::corrupt(MENTIONS, &mkey, "not UTF-8"))?;
            let mention: MentionRecordV1 = codec::decode(&mvalue).map_err(|r| Error::corrupt(MENTIONS, &mkey, &r))?;
            record.articles += 1;
            for form in &mention.forms {
                match record.forms.iter_mut().find(|f| f.form == *form) {
                    Some(f) => f.count += 1,
                    None => record.forms.push(FormCount { form: form.clone(), count: 1 }),
                }
            }
            by_article.entry(article.clone()).or_default().push(ArticleEntity { id: id.0, forms: mention.forms });
            if chunk.articles.iter().map(|a| a.len() + 1).sum::<usize>() > 4096 {
                posting_batch.insert(&keys::posting(id, chunk_no), codec::encode(&chunk));
                chunk = PostingRecord::default();
                chunk_no += 1;
            }
            chunk.articles.push(article);
        }
        if !chunk.articles.is_empty() {
            posting_batch.insert(&keys::posting(id, chunk_no), codec::encode(&chunk));
        }
        max_chunk = max_chunk.max(chunk_no);
        // Aliases that no mention carries (made by hand, or older data) are kept, counted once.
        for alias in old.aliases.iter().chain(std::iter::once(&record.name.clone())) {
            if !record.forms.iter().any(|f| f.form == *alias) {
                record.forms.push(FormCount { form: alias.clone(), count: 1 });
            }
        }
        record.articles = record.articles.max(1);
        entity_batch.insert(&key, codec::encode(&record));
    }
    let mut article_batch = sled::Batch::default();
    for item in articles.iter() {
        let (key, value) = item?;
        if codec::decode::<Converted>(&value).is_ok() {
            continue;
        }
        let old: ArticleRecordV1 = codec::decode(&value).map_err(|r| Error::corrupt(keys::ARTICLES, &key, &r))?;
        let id = String::from_utf8_lossy(&key).into_owned();
        let mut list = by_article.remove(&id).unwrap_or_default();
        for e in &old.entities {
            if !list.iter().any(|a| a.id == *e) {
                list.push(ArticleEntity { id: *e, forms: Vec::new() });
            }
        }
        let record = ArticleRecord {
            hash: old.hash,
            title: old.title,
            date: old.date,
            source: old.source,
            entities: list,
            relations: old.relations,
        };
        article_batch.insert(&key, codec::encode(&record));
    }
    // Idempotent writes: rerunning after a crash rewrites the same records. A rerun after the
    // step had finished (killed before its version was recorded) converts nothing and so
    // sees no chunk: the counter must never go down, or the next ingest would overwrite
    // chunks that hold articles.
    postings.apply_batch(posting_batch)?;
    let meta = db.open_tree(keys::META)?;
    let stored = meta
        .get(keys::NEXT_POSTING_CHUNK)?
        .and_then(|v| <[u8; 4]>::try_from(v.as_ref()).ok())
        .map_or(0, u32::from_be_bytes);
    meta.insert(keys::NEXT_POSTING_CHUNK, &stored.max(max_chunk + 1).to_be_bytes())?;
    articles.apply_batch(article_batch)?;
    entities.apply_batch(entity_batch)?;
    db.flush()?;
    db.drop_tree(MENTIONS)?;
    Ok(())
}
