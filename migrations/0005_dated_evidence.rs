//! Schema 4 → 5: evidence carries its article's date; each relation sums up its support.
//!
//! Before: `evidence` values were the sentences alone (`EvidenceRecordV1`, layout byte 1),
//! and `out` and `in` values were empty. A dated question had to read every article record.
//!
//! After: each `evidence` value is an `EvidenceRecord` (layout byte 2) that starts with the
//! article's normalised date (empty when undated or unreadable), and each `out` and `in`
//! value is the relation's `EdgeRecord`: how many of its supporting articles carry each date.
//!
//! The step reads every article's date once, rewrites the evidence records still in the old
//! layout (the layout byte tells which were done), then sums up each relation from its
//! evidence, which sorts in the same order as `out`. Every write is idempotent, so a step
//! interrupted and run again gives the same store.

use crate::graph::date;
use crate::store::codec::{self, ArticleRecord, EdgeRecord, EvidenceItem, EvidenceRecord};
use crate::store::{keys, Error};
use bincode::{Decode, Encode};
use std::collections::HashMap;

/// The version this step leaves the store at.
pub const VERSION: u32 = 5;

/// `evidence` values in schemas 1 to 4.
#[derive(Encode, Decode)]
struct EvidenceRecordV1 {
    items: Vec<EvidenceItem>,
}

/// How many keys are written at a time.
const BATCH: usize = 10_000;

pub fn run(db: &sled::Db) -> Result<(), Error> {
    let articles = db.open_tree(keys::ARTICLES)?;
    let evidence = db.open_tree(keys::EVIDENCE)?;
    let out = db.open_tree(keys::OUT)?;
    let inn = db.open_tree(keys::IN)?;

    // Article id → normalised date: one entry per dated article.
    let mut dates: HashMap<Vec<u8>, String> = HashMap::new();
    for item in articles.iter() {
        let (key, value) = item?;
        let record: ArticleRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::ARTICLES, &key, &r))?;
        if let Ok(d) = date::parse(&record.date) {
            dates.insert(key.to_vec(), d);
        }
    }

    // Evidence in the new layout, and each relation's record as the scan passes it.
    let mut rewritten = sled::Batch::default();
    let mut pending = 0;
    let mut edges = Edges { out: &out, inn: &inn, records: Vec::new() };
    let mut current: Option<([u8; 17], EdgeRecord)> = None;
    for item in evidence.iter() {
        let (key, value) = item?;
        let prefix: [u8; 17] = key
            .get(..17)
            .and_then(|p| p.try_into().ok())
            .ok_or_else(|| Error::corrupt(keys::EVIDENCE, &key, "short key"))?;
        let record = match EvidenceRecord::decode(&value) {
            Ok(done) => done,
            Err(_) => {
                let old: EvidenceRecordV1 =
                    codec::decode(&value).map_err(|r| Error::corrupt(keys::EVIDENCE, &key, &r))?;
                let date = dates.get(&key[17..]).cloned().unwrap_or_default();
                let record = EvidenceRecord { date, items: old.items };
                rewritten.insert(&key, record.encode());
                pending += 1;
                record
            }
        };
        if current.as_ref().is_some_and(|(k, _)| *k != prefix) {
            if let Some(done) = current.take() {
                edges.push(done)?;
            }
        }
        current.get_or_insert_with(|| (prefix, EdgeRecord::default())).1.add(&record.date);
        if pending >= BATCH {
            evidence.apply_batch(std::mem::take(&mut rewritten))?;
            pending = 0;
        }
    }
    if let Some(done) = current.take() {
        edges.push(done)?;
    }
    evidence.apply_batch(rewritten)?;
    edges.write()?;
    // A relation with no evidence at all (a damaged store) still gets a record, so that it
    // reads; `kg check` reports it.
    for item in out.iter() {
        let (key, value) = item?;
        if value.is_empty() {
            edges.records.push((key.to_vec(), EdgeRecord::default()));
        }
    }
    edges.write()
}

/// Edge records waiting to be written to `out` and `in`.
struct Edges<'t> {
    out: &'t sled::Tree,
    inn: &'t sled::Tree,
    records: Vec<(Vec<u8>, EdgeRecord)>,
}

impl Edges<'_> {
    fn push(&mut self, (key, record): ([u8; 17], EdgeRecord)) -> Result<(), Error> {
        self.records.push((key.to_vec(), record));
        if self.records.len() >= BATCH {
            self.write()?;
        }
        Ok(())
    }

    /// Writes each record under its `out` key and its reversed `in` key. Only relations
    /// still in `out` get one: evidence of a relation that is gone writes nothing.
    fn write(&mut self) -> Result<(), Error> {
        let (mut out, mut inn) = (sled::Batch::default(), sled::Batch::default());
        for (key, record) in self.records.drain(..) {
            let Some((s, kind, t)) = keys::parse_edge(&key) else { continue };
            if !self.out.contains_key(&key)? {
                continue;
            }
            let value = codec::encode(&record);
            inn.insert(&keys::edge(t, kind, s), value.clone());
            out.insert(key, value);
        }
        self.out.apply_batch(out)?;
        self.inn.apply_batch(inn)?;
        Ok(())
    }
}
