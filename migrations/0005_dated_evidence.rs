//! Schema 4 → 5: evidence carries its article's date; each relation counts its articles by
//! date.
//!
//! Before: `evidence` values were the sentences alone (`EvidenceRecordV1`, layout byte 1). A
//! dated question had to read every article record.
//!
//! After: each `evidence` value is an `EvidenceRecord` (layout byte 2) that starts with the
//! article's normalised date (empty when undated or unreadable), and the new `dates` tree
//! counts each relation's supporting articles by date, one key per relation and month
//! (`DayCounts`; undated articles in the last bucket).
//!
//! The step reads every article's date once, rewrites the evidence records still in the old
//! layout (the layout byte tells which were done), and counts each relation's dates as the
//! scan passes it (evidence is ordered by relation). Every write is idempotent, so a step
//! interrupted and run again gives the same store.

use crate::graph::date;
use crate::store::codec::{self, v2, ArticleRecord, DayCounts, EvidenceItem, EvidenceRecord};
use crate::store::evidence_buckets::DatedMonth;
use crate::store::{keys, Error};
use bincode::{Decode, Encode};
use std::collections::{BTreeMap, HashMap};

/// The version this step leaves the store at.
pub const VERSION: u32 = 5;

/// `evidence` values in schemas 1 to 4.
#[derive(Encode, Decode)]
struct EvidenceRecordV1 {
    items: Vec<v2::EvidenceItem>,
}

impl codec::Record for EvidenceRecordV1 {}

/// How many keys are written at a time.
const BATCH: usize = 10_000;

pub fn run(db: &sled::Db) -> Result<(), Error> {
    let articles = db.open_tree(keys::ARTICLES)?;
    let evidence = db.open_tree(keys::EVIDENCE)?;
    let dates = db.open_tree(keys::DATES)?;

    // Article id → normalised date: one entry per dated article.
    let mut dated: HashMap<Vec<u8>, String> = HashMap::new();
    for item in articles.iter() {
        let (key, value) = item?;
        let record: ArticleRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::ARTICLES, &key, &r))?;
        if let Ok(d) = date::parse(&record.date) {
            dated.insert(key.to_vec(), d);
        }
    }

    let mut rewritten = sled::Batch::default();
    let mut pending = 0;
    // The months of the relations the scan has reached, by `dates` key.
    let mut months: BTreeMap<Vec<u8>, DayCounts> = BTreeMap::new();
    for item in evidence.iter() {
        let (key, value) = item?;
        let (s, kind, t) = key
            .get(..17)
            .and_then(keys::parse_edge)
            .ok_or_else(|| Error::corrupt(keys::EVIDENCE, &key, "bad evidence key"))?;
        let date = match EvidenceRecord::date_of(&value) {
            Ok(done) => done,
            Err(_) => {
                let old: EvidenceRecordV1 =
                    codec::decode(&value).map_err(|r| Error::corrupt(keys::EVIDENCE, &key, &r))?;
                let date = dated.get(&key[17..]).cloned().unwrap_or_default();
                let items = old.items.into_iter().map(|i| EvidenceItem::plain(i.sentence, i.pattern, i.confidence));
                rewritten.insert(&key, EvidenceRecord { date: date.clone(), items: items.collect() }.encode());
                pending += 1;
                date
            }
        };
        // Evidence is ordered by relation: the relations before this one are complete.
        if months.len() >= BATCH {
            let current = keys::edge(s, kind, t);
            let open = months.split_off(current.as_slice());
            write(&dates, std::mem::replace(&mut months, open))?;
        }
        months.entry(keys::dated(s, kind, t, keys::bucket(&date)).to_vec()).or_default().add(&date);
        if pending >= BATCH {
            evidence.apply_batch(std::mem::take(&mut rewritten))?;
            pending = 0;
        }
    }
    evidence.apply_batch(rewritten)?;
    write(&dates, months)
}

/// Writes the months counted from the `evidence` tree, but for relations whose `dates` name
/// chunks of `evidence_buckets` (schema 10 on): their evidence is not all in this tree, and
/// what later writes counted stays, should this step run again on a newer store.
fn write(dates: &sled::Tree, months: BTreeMap<Vec<u8>, DayCounts>) -> Result<(), Error> {
    let mut batch = sled::Batch::default();
    let mut bucketed: HashMap<Vec<u8>, bool> = HashMap::new();
    for (key, month) in months {
        let edge = key[..17].to_vec();
        let skip = match bucketed.get(&edge) {
            Some(&b) => b,
            None => {
                let mut b = false;
                for item in dates.scan_prefix(&edge) {
                    let (k, v) = item?;
                    let month = DatedMonth::decode(&v).map_err(|r| Error::corrupt(keys::DATES, &k, &r))?;
                    b |= !month.chunks.is_empty();
                }
                bucketed.insert(edge, b);
                b
            }
        };
        if !skip {
            batch.insert(key, codec::encode(&month));
        }
    }
    dates.apply_batch(batch)?;
    Ok(())
}
