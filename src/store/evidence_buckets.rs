//! Evidence filed by buckets: the sentences an ingest gives relations, one sled key per
//! bucket of 64 source entities and write batch instead of one per relation and article.
//!
//! sled costs about 175 bytes of disk and 10 µs per key written, and a value's bytes cost
//! about twice their size once leaves are rewritten (BENCHMARKS.md, "What one sled key
//! costs"). One key per relation and article was 495,000 keys at 100k articles, the largest
//! family of the store. A batch instead files each piece under `source bucket · chunk`
//! (`keys::posting_bucket`, the chunk numbers of the postings), compressed with zstd, and
//! never rewrites it: about 390 keys a batch instead of 5,000.
//!
//! Where a relation's pieces are: each `dates` value (one month of one relation) carries, after
//! its day counts, the chunks holding that month's pieces (`DatedMonth`). A read scans the
//! relation's months, reads those chunks and keeps the relation's entries.
//!
//! The `evidence` tree keeps one key per relation and article: what older stores, `kg import`
//! and corrections wrote. Its keys go over the buckets' entries of the same relation and
//! article: a value replaces the entry, an empty value (`TOMBSTONE`) hides it. Corrections
//! write nothing else, so their log and undo stay key by key. An ingest that replaces or
//! forgets an article takes its entries out of their chunks and its keys out of the tree.

use super::codec::{self, DayCounts};
use super::{keys, packed, Error, Result, Store};
use crate::graph::{EntityId, RelationKind};
use bincode::{Decode, Encode};
use std::collections::{BTreeMap, BTreeSet};

/// A value of the `evidence` tree that hides the bucket entry of its key.
pub const TOMBSTONE: &[u8] = &[];

/// The layout byte of an `EvidenceBucket` value: zstd-compressed bincode.
const BUCKET_LAYOUT: u8 = 1;

/// One chunk of one bucket: the evidence one batch gave relations whose source is one of the
/// bucket's 64 entities, ordered by relation then article.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
pub struct EvidenceBucket {
    pub entries: Vec<BucketEntry>,
}

/// One relation's evidence from one article: the value an `evidence` key would hold.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct BucketEntry {
    pub source: u64,
    pub kind: u8,
    pub target: u64,
    pub article: String,
    /// An encoded `EvidenceRecord`.
    pub record: Vec<u8>,
}

impl BucketEntry {
    pub fn key(&self) -> Option<Vec<u8>> {
        let kind = RelationKind::from_code(self.kind)?;
        Some(keys::evidence(EntityId(self.source), kind, EntityId(self.target), &self.article))
    }
}

impl EvidenceBucket {
    pub fn encode(&self) -> Vec<u8> {
        packed::pack(BUCKET_LAYOUT, self)
    }

    pub fn decode(bytes: &[u8]) -> std::result::Result<EvidenceBucket, String> {
        packed::unpack(BUCKET_LAYOUT, bytes)
    }

    /// Sets (`Some`) or takes out (`None`) the entry of one relation and article.
    pub fn set(&mut self, edge: (u64, u8, u64), article: &str, record: Option<Vec<u8>>) {
        let at = self.entries.binary_search_by(|e| {
            (e.source, e.kind, e.target, e.article.as_str()).cmp(&(edge.0, edge.1, edge.2, article))
        });
        match (at, record) {
            (Ok(i), Some(r)) => self.entries[i].record = r,
            (Ok(i), None) => {
                self.entries.remove(i);
            }
            (Err(i), Some(r)) => self.entries.insert(
                i,
                BucketEntry { source: edge.0, kind: edge.1, target: edge.2, article: article.to_string(), record: r },
            ),
            (Err(_), None) => {}
        }
    }
}

/// Decoded buckets, by key (`packed::Cache`).
pub type BucketCache = packed::Cache<EvidenceBucket>;

/// What the cache may hold, counted in compressed bytes (about a third of the decoded size).
pub const CACHE_BYTES: usize = 16 << 20;

/// A `dates` value: one month's day counts of a relation, then the chunks of its bucket that
/// hold evidence of that month (none for evidence kept in the `evidence` tree). Readers of
/// the counts alone decode the first record and ignore the rest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatedMonth {
    pub counts: DayCounts,
    pub chunks: BTreeSet<u32>,
}

impl DatedMonth {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = codec::encode(&self.counts);
        if !self.chunks.is_empty() {
            let chunks: Vec<u32> = self.chunks.iter().copied().collect();
            out.extend(bincode::encode_to_vec(chunks, bincode::config::standard()).unwrap_or_default());
        }
        out
    }

    pub fn decode(bytes: &[u8]) -> std::result::Result<DatedMonth, String> {
        let (counts, used) = codec::decode_prefix::<DayCounts>(bytes)?;
        let rest = bytes.get(used..).unwrap_or_default();
        let chunks: Vec<u32> = if rest.is_empty() { Vec::new() } else { packed::decode_limited(rest)? };
        Ok(DatedMonth { counts, chunks: chunks.into_iter().collect() })
    }

    /// Counts `date` once more, from evidence in `chunk` (`None`: the `evidence` tree).
    pub fn add(&mut self, date: &str, chunk: Option<u32>) {
        self.counts.add(date);
        self.chunks.extend(chunk);
    }
}

/// One piece of stored evidence: its key (relation · article), its value (an encoded
/// `EvidenceRecord`), and the chunk holding it (`None`: the `evidence` tree).
#[derive(Clone, Debug, PartialEq)]
pub struct Stored {
    pub key: Vec<u8>,
    pub value: Vec<u8>,
    pub chunk: Option<u32>,
}

/// The months of a relation's dates, counted from its evidence, with their chunks: what its
/// `dates` keys hold.
pub fn months_of(evidence: &[Stored]) -> Result<BTreeMap<u32, DatedMonth>> {
    let mut months: BTreeMap<u32, DatedMonth> = BTreeMap::new();
    for e in evidence {
        let date = codec::EvidenceRecord::date_of(&e.value).map_err(|r| Error::corrupt(keys::EVIDENCE, &e.key, &r))?;
        months.entry(keys::bucket(&date)).or_default().add(&date, e.chunk);
    }
    Ok(months)
}

/// One bucket entry: its key (relation · article), its value and its chunk.
pub type Filed = (Vec<u8>, Vec<u8>, u32);

/// Bucket entries by key, each with its value and chunk.
pub type Found = BTreeMap<Vec<u8>, (Vec<u8>, Option<u32>)>;

/// Bucket entries in chunk order (`Store::bucket_entries`) by key, the later chunk's where a
/// key is in two.
pub fn latest(entries: Vec<Filed>) -> Found {
    entries.into_iter().map(|(key, record, chunk)| (key, (record, Some(chunk)))).collect()
}

/// The entries of `found` under the `evidence` tree's `keys`: a value replaces the entry of
/// its key, `TOMBSTONE` hides it.
pub fn over(mut found: Found, keys: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<Stored> {
    for (key, value) in keys {
        if value == TOMBSTONE {
            found.remove(&key);
        } else {
            found.insert(key, (value, None));
        }
    }
    found.into_iter().map(|(key, (value, chunk))| Stored { key, value, chunk }).collect()
}

impl Store {
    /// Every piece of evidence whose key starts with `prefix` (a relation, a relation and
    /// article, or a source entity), as readers see it.
    pub(crate) fn stored_evidence(&self, prefix: &[u8]) -> Result<Vec<Stored>> {
        self.over_tree(prefix, self.bucket_evidence(prefix, &[])?)
    }

    /// `found`, bucket entries under `prefix`, under the `evidence` tree's keys there.
    pub(crate) fn over_tree(&self, prefix: &[u8], found: Found) -> Result<Vec<Stored>> {
        let mut tree = Vec::new();
        for item in self.evidence.scan_prefix(prefix) {
            let (key, value) = item?;
            tree.push((key.to_vec(), value.to_vec()));
        }
        Ok(over(found, tree))
    }

    /// The bucket entries whose key starts with `prefix`: those of the chunks its `dates`
    /// values name, and of `more` chunks by relation. A key found in two chunks (an article
    /// taken out and given again) is the later chunk's.
    pub(crate) fn bucket_evidence(&self, prefix: &[u8], more: &[([u8; 17], u32)]) -> Result<Found> {
        Ok(latest(self.bucket_entries(prefix, more)?))
    }

    /// Every bucket entry under `prefix` in the chunks its `dates` values (and `more`) name,
    /// in chunk order, each with its chunk: a key given again after it was hidden (or a
    /// value written over it) is in two chunks, and taking an article out takes out both.
    pub(crate) fn bucket_entries(&self, prefix: &[u8], more: &[([u8; 17], u32)]) -> Result<Vec<Filed>> {
        let mut wanted: BTreeMap<[u8; 12], BTreeSet<[u8; 17]>> = BTreeMap::new();
        let mut want = |edge: [u8; 17], chunk: u32| {
            if let Some(source) = keys::parse_entity(&edge) {
                wanted.entry(keys::posting_bucket(source, chunk)).or_default().insert(edge);
            }
        };
        let dated = &prefix[..prefix.len().min(17)];
        for item in self.dates.scan_prefix(dated) {
            let (key, value) = item?;
            let Some(edge) = key.get(..17).and_then(|e| <[u8; 17]>::try_from(e).ok()) else { continue };
            let month = DatedMonth::decode(&value).map_err(|r| Error::corrupt(keys::DATES, &key, &r))?;
            for chunk in month.chunks {
                want(edge, chunk);
            }
        }
        for &(edge, chunk) in more {
            if edge.starts_with(dated) {
                want(edge, chunk);
            }
        }
        // Chunk order, so that the later of two entries of one key is the one kept.
        let mut wanted: Vec<([u8; 12], BTreeSet<[u8; 17]>)> = wanted.into_iter().collect();
        wanted.sort_by_key(|(key, _)| keys::parse_posting_chunk(key));
        let mut out = Vec::new();
        for (bucket_key, edges) in wanted {
            let cached = self.bucket_cache.get(&self.evidence_buckets, &bucket_key, EvidenceBucket::decode)?;
            let Some(bucket) = cached else { continue };
            let chunk = keys::parse_posting_chunk(&bucket_key).unwrap_or_default();
            let sources: BTreeSet<&[u8]> = edges.iter().map(|e| &e[..8]).collect();
            for entry in &bucket.entries {
                // The source first: most entries of a bucket are another entity's.
                if !sources.contains(&entry.source.to_be_bytes()[..]) {
                    continue;
                }
                let Some(key) = entry.key() else { continue };
                if key.starts_with(prefix) && edges.contains(&key[..17]) {
                    out.push((key, entry.record.clone(), chunk));
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_round_trips_through_its_compressed_bytes() {
        let mut bucket = EvidenceBucket::default();
        bucket.set((70, 1, 3), "b", Some(vec![1, 2]));
        bucket.set((65, 1, 3), "a", Some(vec![3]));
        bucket.set((70, 1, 3), "a", Some(vec![4]));
        let order: Vec<(u64, &str)> = bucket.entries.iter().map(|e| (e.source, e.article.as_str())).collect();
        assert_eq!(order, [(65, "a"), (70, "a"), (70, "b")]);
        assert_eq!(EvidenceBucket::decode(&bucket.encode()).unwrap(), bucket);
        bucket.set((70, 1, 3), "a", None);
        assert_eq!(bucket.entries.len(), 2);
    }

    #[test]
    fn a_damaged_bucket_is_an_error_not_an_allocation_of_what_it_claims() {
        // A list that says it holds 2^40 entries.
        let claim = [0xFD, 0, 0, 0, 0, 0, 1, 0, 0];
        let mut bytes = vec![BUCKET_LAYOUT];
        bytes.extend(zstd::bulk::compress(&claim, 1).unwrap());
        assert!(EvidenceBucket::decode(&bytes).is_err());
        assert!(EvidenceBucket::decode(&[BUCKET_LAYOUT, 1, 2, 3]).is_err());
        let mut month = codec::encode(&DayCounts::default());
        month.extend(claim);
        assert!(DatedMonth::decode(&month).is_err());
    }

    #[test]
    fn a_dated_month_is_read_by_the_day_counts_alone_too() {
        let mut month = DatedMonth::default();
        month.add("2024-03-02", Some(9));
        month.add("2024-03-02", None);
        let bytes = month.encode();
        assert_eq!(DatedMonth::decode(&bytes).unwrap(), month);
        let counts: DayCounts = codec::decode(&bytes).unwrap();
        assert_eq!(counts.dates, [("2024-03-02".to_string(), 2)]);
        // A month written before chunks existed reads with none.
        let old = codec::encode(&month.counts);
        assert!(DatedMonth::decode(&old).unwrap().chunks.is_empty());
    }
}
