//! Stored values: plain records encoded with bincode 2, behind one version byte.
//!
//! Records never double as export DTOs and carry no serde attributes (bincode drops data
//! with `skip_serializing_if`, `flatten`, `untagged`). The leading byte says which record
//! layout follows, so a future change is detected instead of misread.

use bincode::{Decode, Encode};

/// The layout byte written in front of every record.
pub const RECORD_VERSION: u8 = 1;

/// One ingested article: what it is and every fact it contributed, so that a changed
/// article can be taken out again exactly.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct ArticleRecord {
    /// SHA-256 of the article text.
    pub hash: [u8; 32],
    pub title: String,
    pub date: String,
    pub source: String,
    /// Entities the article mentions, with the forms it used for each.
    pub entities: Vec<ArticleEntity>,
    /// Relations the article supports: (source, relation code, target).
    pub relations: Vec<(u64, u8, u64)>,
}

/// The first fields of an `ArticleRecord`, decoded without its entity and relation lists:
/// what a title or date lookup needs.
#[derive(Clone, Debug, PartialEq, Decode)]
pub struct ArticleHead {
    pub hash: [u8; 32],
    pub title: String,
    pub date: String,
    pub source: String,
}

/// One entity of an article and the surface forms the article used for it.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct ArticleEntity {
    pub id: u64,
    pub forms: Vec<String>,
}

/// An entity: its canonical name and every surface form with the number of articles that
/// use it, so that taking an article out removes exactly the forms only it used.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EntityRecord {
    pub name: String,
    pub kind: u8,
    /// Forms in first-seen order, the name included.
    pub forms: Vec<FormCount>,
    /// How many articles mention the entity.
    pub articles: u32,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct FormCount {
    pub form: String,
    pub count: u32,
}

impl EntityRecord {
    /// Every form but the name, in first-seen order.
    pub fn aliases(&self) -> Vec<String> {
        self.forms.iter().filter(|f| f.form != self.name).map(|f| f.form.clone()).collect()
    }
}

/// A chunk of the articles that mention an entity (value of a `postings` key), in ingest
/// order. Chunks keep each write small however many articles mention a hub entity.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
pub struct PostingRecord {
    pub articles: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EvidenceItem {
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
}

/// The sentences of one article that support one relation (value of an `evidence` key),
/// with the article's normalised date (empty when undated), so that a relation's dates are
/// read from its own evidence. Written behind `EVIDENCE_VERSION`, not `RECORD_VERSION`:
/// schema 4 wrote the items alone, and a store caught halfway through the migration holds
/// both layouts, told apart by that byte.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EvidenceRecord {
    pub date: String,
    pub items: Vec<EvidenceItem>,
}

/// The layout byte of `EvidenceRecord` (schema 5 on).
pub const EVIDENCE_VERSION: u8 = 2;

impl EvidenceRecord {
    pub fn encode(&self) -> Vec<u8> {
        encode_as(EVIDENCE_VERSION, self)
    }

    /// # Errors
    /// The bytes are not an evidence record of this layout.
    pub fn decode(bytes: &[u8]) -> Result<EvidenceRecord, String> {
        decode_as(EVIDENCE_VERSION, bytes)
    }

    /// Only the date, which comes first: a period question reads no sentence.
    ///
    /// # Errors
    /// The bytes are not an evidence record of this layout.
    pub fn date_of(bytes: &[u8]) -> Result<String, String> {
        decode_as(EVIDENCE_VERSION, bytes)
    }
}

/// How many of one relation's supporting articles carry each date of one month (value of a
/// `dates` key; a month's bucket also holds the month itself, a year's bucket 0 the year,
/// and the undated bucket `""`). Kept per month so that a write rewrites one small record,
/// and a question reads a few.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct DayCounts {
    pub dates: Vec<(String, u32)>,
}

impl DayCounts {
    pub fn add(&mut self, date: &str) {
        match self.dates.iter_mut().find(|(d, _)| d == date) {
            Some((_, n)) => *n += 1,
            None => {
                self.dates.push((date.to_string(), 1));
                self.dates.sort_by(|a, b| crate::graph::date::order(&a.0, &b.0));
            }
        }
    }
}

/// How many articles, entities (by kind code) and relations (by kind code) the store holds
/// (value of `meta`'s `counts`). Every write batch keeps it current, so `kg stats` and the
/// ingest summary read one key instead of scanning the store.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
pub struct CountsRecord {
    pub articles: u64,
    pub entities: std::collections::BTreeMap<u8, u64>,
    pub relations: std::collections::BTreeMap<u8, u64>,
}

impl CountsRecord {
    /// Adds one (`up`) or takes one away from a kind's count.
    pub fn bump(counts: &mut std::collections::BTreeMap<u8, u64>, code: u8, up: bool) {
        let n = counts.entry(code).or_default();
        *n = if up { n.saturating_add(1) } else { n.saturating_sub(1) };
        if *n == 0 {
            counts.remove(&code);
        }
    }
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes a record with its version byte.
pub fn encode<T: Encode>(record: &T) -> Vec<u8> {
    encode_as(RECORD_VERSION, record)
}

fn encode_as<T: Encode>(version: u8, record: &T) -> Vec<u8> {
    let mut out = vec![version];
    // Encoding into a Vec cannot fail: there is no size limit and no I/O.
    if let Ok(bytes) = bincode::encode_to_vec(record, config()) {
        out.extend_from_slice(&bytes);
    }
    out
}

/// Decodes a record, or says why the bytes are not one.
pub fn decode<T: Decode<()>>(bytes: &[u8]) -> Result<T, String> {
    decode_as(RECORD_VERSION, bytes)
}

fn decode_as<T: Decode<()>>(version: u8, bytes: &[u8]) -> Result<T, String> {
    match bytes.split_first() {
        None => Err("empty value".into()),
        Some((&v, rest)) if v == version => {
            bincode::decode_from_slice(rest, config()).map(|(v, _)| v).map_err(|e| e.to_string())
        }
        Some((v, _)) => Err(format!("unknown record version {v}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_record_round_trips() {
        let a = ArticleRecord {
            hash: [7; 32],
            title: "Tïtle".into(),
            date: "2025-01-01".into(),
            source: String::new(),
            entities: vec![ArticleEntity { id: u64::MAX, forms: vec!["X".into()] }],
            relations: vec![(1, 2, 3)],
        };
        assert_eq!(decode::<ArticleRecord>(&encode(&a)), Ok(a));
        let e = EntityRecord {
            name: "X \"Y\"".into(),
            kind: 1,
            forms: vec![FormCount { form: "Y".into(), count: 3 }],
            articles: 3,
        };
        assert_eq!(decode::<EntityRecord>(&encode(&e)), Ok(e));
        let p = PostingRecord { articles: vec!["a".into(), String::new()] };
        assert_eq!(decode::<PostingRecord>(&encode(&p)), Ok(p));
        let ev = EvidenceRecord {
            date: "2025-03".into(),
            items: vec![EvidenceItem { sentence: "s".into(), pattern: "p".into(), confidence: 0.5 }],
        };
        assert_eq!(EvidenceRecord::decode(&ev.encode()), Ok(ev.clone()));
        assert_eq!(EvidenceRecord::date_of(&ev.encode()).as_deref(), Ok("2025-03"));
        assert!(EvidenceRecord::decode(&encode(&ev)).is_err(), "the layout byte tells the layouts apart");
        let mut days = DayCounts::default();
        for d in ["2025-03-04", "2025-03", "2025-03-04", "2025-03-01"] {
            days.add(d);
        }
        assert_eq!(decode::<DayCounts>(&encode(&days)), Ok(days.clone()));
        let counts: Vec<(&str, u32)> = days.dates.iter().map(|(d, n)| (d.as_str(), *n)).collect();
        assert_eq!(counts, [("2025-03-01", 1), ("2025-03", 1), ("2025-03-04", 2)]);
        let mut c = CountsRecord { articles: 3, ..CountsRecord::default() };
        CountsRecord::bump(&mut c.entities, 1, true);
        CountsRecord::bump(&mut c.relations, 2, true);
        assert_eq!(decode::<CountsRecord>(&encode(&c)), Ok(c));
    }

    #[test]
    fn a_count_taken_to_zero_disappears_and_never_goes_below() {
        let mut m = std::collections::BTreeMap::new();
        CountsRecord::bump(&mut m, 4, true);
        CountsRecord::bump(&mut m, 4, false);
        CountsRecord::bump(&mut m, 4, false);
        assert!(m.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn records_round_trip_whatever_they_hold(
            name in "\\PC{0,20}",
            forms in proptest::collection::vec(("\\PC{0,12}", proptest::prelude::any::<u32>()), 0..6),
            ids in proptest::collection::vec(proptest::prelude::any::<u64>(), 0..6),
            confidence in -1.0e6f32..1.0e6,
        ) {
            let e = EntityRecord {
                name: name.clone(),
                kind: 3,
                forms: forms.iter().map(|(f, c)| FormCount { form: f.clone(), count: *c }).collect(),
                articles: forms.len() as u32,
            };
            proptest::prop_assert_eq!(decode::<EntityRecord>(&encode(&e)), Ok(e));
            let a = ArticleRecord {
                hash: [1; 32],
                title: name.clone(),
                date: String::new(),
                source: name.clone(),
                entities: ids.iter().map(|&id| ArticleEntity { id, forms: vec![name.clone()] }).collect(),
                relations: ids.iter().map(|&id| (id, 2, id ^ 1)).collect(),
            };
            proptest::prop_assert_eq!(decode::<ArticleRecord>(&encode(&a)), Ok(a));
            let ev = EvidenceRecord { date: name.clone(), items: vec![EvidenceItem { sentence: name.clone(), pattern: name, confidence }] };
            proptest::prop_assert_eq!(EvidenceRecord::decode(&ev.encode()), Ok(ev));
        }

        #[test]
        fn any_bytes_decode_to_a_record_or_an_error(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64)) {
            let _ = decode::<EntityRecord>(&bytes);
            let _ = decode::<ArticleRecord>(&bytes);
            let _ = decode::<PostingRecord>(&bytes);
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<EntityRecord>(&[]).is_err());
        assert!(decode::<EntityRecord>(&[9, 1, 2]).is_err());
        assert!(decode::<EntityRecord>(&[RECORD_VERSION, 200]).is_err());
    }
}
