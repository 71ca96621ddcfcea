//! Stored values: plain records encoded with bincode 2, behind one layout byte.
//!
//! Records never double as export DTOs and carry no serde attributes (bincode drops data
//! with `skip_serializing_if`, `flatten`, `untagged`). The leading byte says which record
//! layout follows, so a change is detected instead of misread: each record type says which
//! byte it writes (`Record::LAYOUT`), and a type whose layout changed still reads its older
//! layouts (`Record::older`), so that a value written before, kept in the corrections log
//! and put back by an undo, reads as the current record.

use bincode::{Decode, Encode};

/// The layout byte written in front of a record whose layout never changed.
pub const RECORD_VERSION: u8 = 1;

/// A stored record type and the layout byte it is written behind.
pub trait Record: Sized {
    /// The layout byte this kg writes.
    const LAYOUT: u8 = RECORD_VERSION;

    /// The record from the bytes of an older layout (`version`, followed by `rest`); no
    /// older layout is known unless the type says so.
    ///
    /// # Errors
    /// The layout byte is unknown, or the bytes are not a record of that layout.
    fn older(version: u8, _rest: &[u8]) -> Result<Self, String> {
        Err(format!("unknown record version {version}"))
    }
}

/// One ingested article: what it is and every fact it contributed, so that a changed
/// article can be taken out again exactly.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct ArticleRecord {
    /// SHA-256 of the article text.
    pub hash: [u8; 32],
    pub title: String,
    pub date: String,
    pub source: String,
    /// Where it was published, empty when unknown.
    pub url: String,
    /// Entities the article mentions, with the forms it used for each.
    pub entities: Vec<ArticleEntity>,
    /// Relations the article supports: (source, relation code, target).
    pub relations: Vec<(u64, u8, u64)>,
}

/// The layout byte of `EntityRecord` (schema 7 on), and of `ArticleRecord` at schema 7: an
/// entity's forms tell the spellings articles wrote from those only generated for them.
/// Schemas 3 to 6 wrote byte 1, the layouts of `v1`.
pub const FORMS_VERSION: u8 = 2;

/// The layout byte of `ArticleRecord` (schema 8 on): it keeps the article's url. Byte 2
/// (`v2`) is read as an article without one, so no migration rewrites the records.
pub const URL_VERSION: u8 = 3;

impl Record for ArticleRecord {
    const LAYOUT: u8 = URL_VERSION;

    fn older(version: u8, rest: &[u8]) -> Result<Self, String> {
        if version == FORMS_VERSION {
            let old: v2::ArticleRecord = decode_rest(rest)?;
            return Ok(ArticleRecord {
                hash: old.hash,
                title: old.title,
                date: old.date,
                source: old.source,
                url: String::new(),
                entities: old.entities,
                relations: old.relations,
            });
        }
        let old: v1::ArticleRecord = layout_1(version, rest)?;
        let entities = old.entities.into_iter().map(|e| ArticleEntity { id: e.id, forms: e.forms, keys: Vec::new() });
        Ok(ArticleRecord {
            hash: old.hash,
            title: old.title,
            date: old.date,
            source: old.source,
            url: String::new(),
            entities: entities.collect(),
            relations: old.relations,
        })
    }
}

/// The first fields of an `ArticleRecord`, decoded without its entity and relation lists:
/// what a title or date lookup needs. Layouts 1 and 2 have the same first fields, without
/// the url.
#[derive(Clone, Debug, PartialEq, Decode)]
pub struct ArticleHead {
    pub hash: [u8; 32],
    pub title: String,
    pub date: String,
    pub source: String,
    pub url: String,
}

impl Record for ArticleHead {
    const LAYOUT: u8 = URL_VERSION;

    fn older(version: u8, rest: &[u8]) -> Result<Self, String> {
        if version != RECORD_VERSION && version != FORMS_VERSION {
            return Err(format!("unknown record version {version}"));
        }
        let old: v2::ArticleHead = decode_rest(rest)?;
        Ok(ArticleHead { hash: old.hash, title: old.title, date: old.date, source: old.source, url: String::new() })
    }
}

/// The layouts of byte 2 whose records changed since: the article (schema 7) and the
/// evidence (schemas 5 to 7, before meetings had a day and a place). Read by
/// `Record::older`; the evidence layout also by migration 0005, which wrote it.
pub mod v2 {
    use bincode::{Decode, Encode};

    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    pub struct EvidenceItem {
        pub sentence: String,
        pub pattern: String,
        pub confidence: f32,
    }

    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    pub struct EvidenceRecord {
        pub date: String,
        pub items: Vec<EvidenceItem>,
    }

    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    pub struct ArticleRecord {
        pub hash: [u8; 32],
        pub title: String,
        pub date: String,
        pub source: String,
        pub entities: Vec<super::ArticleEntity>,
        pub relations: Vec<(u64, u8, u64)>,
    }

    /// The first fields of layouts 1 and 2.
    #[derive(Clone, Debug, PartialEq, Decode)]
    pub struct ArticleHead {
        pub hash: [u8; 32],
        pub title: String,
        pub date: String,
        pub source: String,
    }

    impl super::Record for ArticleRecord {
        const LAYOUT: u8 = super::FORMS_VERSION;
    }
}

/// One entity of an article: the surface forms the article wrote for it (its name
/// included), and the other spellings of them it was given as keys (`FactEntity::keys`).
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct ArticleEntity {
    pub id: u64,
    pub forms: Vec<String>,
    pub keys: Vec<String>,
}

/// An entity: its canonical name and every surface form with the number of articles that
/// give it, so that taking an article out removes exactly the forms only it gave.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EntityRecord {
    pub name: String,
    pub kind: u8,
    /// Forms in first-seen order, the name included: those articles wrote, and the other
    /// spellings of them the entity is found by (keys, which no article wrote).
    pub forms: Vec<FormCount>,
    /// How many articles mention the entity.
    pub articles: u32,
}

impl Record for EntityRecord {
    const LAYOUT: u8 = FORMS_VERSION;

    fn older(version: u8, rest: &[u8]) -> Result<Self, String> {
        // Byte 1 did not tell written forms from generated ones: all count as written.
        let old: v1::EntityRecord = layout_1(version, rest)?;
        let forms = old.forms.into_iter().map(|f| FormCount::written_by(f.form, f.count));
        Ok(EntityRecord { name: old.name, kind: old.kind, forms: forms.collect(), articles: old.articles })
    }
}

/// A form of an entity: how many articles give it, and how many of those wrote it (the
/// others only have it as another spelling of what they wrote).
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct FormCount {
    pub form: String,
    pub count: u32,
    pub written: u32,
}

impl FormCount {
    /// A form that `articles` articles wrote.
    pub fn written_by(form: impl Into<String>, articles: u32) -> FormCount {
        FormCount { form: form.into(), count: articles, written: articles }
    }
}

impl EntityRecord {
    /// The forms articles wrote, the name excepted, each with how many articles wrote it,
    /// first seen first.
    pub fn aliases(&self) -> Vec<(String, u32)> {
        self.forms
            .iter()
            .filter(|f| f.written > 0 && f.form != self.name)
            .map(|f| (f.form.clone(), f.written))
            .collect()
    }

    /// The forms no article wrote: other spellings the entity is only found by.
    pub fn keys(&self) -> Vec<String> {
        self.forms.iter().filter(|f| f.written == 0 && f.form != self.name).map(|f| f.form.clone()).collect()
    }
}

/// The layouts of layout byte 1 (schemas 3 to 6) whose records changed since: read (and
/// converted) by `Record::older`, written only by migration 0003, which made them.
pub mod v1 {
    use bincode::{Decode, Encode};

    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    pub struct ArticleRecord {
        pub hash: [u8; 32],
        pub title: String,
        pub date: String,
        pub source: String,
        pub entities: Vec<ArticleEntity>,
        pub relations: Vec<(u64, u8, u64)>,
    }

    /// Every form the article gave, written or generated alike.
    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    pub struct ArticleEntity {
        pub id: u64,
        pub forms: Vec<String>,
    }

    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    pub struct EntityRecord {
        pub name: String,
        pub kind: u8,
        pub forms: Vec<FormCount>,
        pub articles: u32,
    }

    #[derive(Clone, Debug, PartialEq, Encode, Decode)]
    pub struct FormCount {
        pub form: String,
        pub count: u32,
    }

    impl super::Record for ArticleRecord {}
    impl super::Record for EntityRecord {}
}

/// A chunk of the articles that mention an entity (value of a `postings` key), in ingest
/// order. Chunks keep each write small however many articles mention a hub entity.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
pub struct PostingRecord {
    pub articles: Vec<String>,
}

impl Record for PostingRecord {}

/// One chunk of the articles that mention the entities of one bucket (value of a
/// `posting_buckets` key): each entity's list, by id, in id order; no entity has an empty list.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
pub struct BucketRecord {
    pub entities: Vec<(u64, Vec<String>)>,
}

impl Record for BucketRecord {}

impl BucketRecord {
    /// The articles this chunk lists for `id`.
    pub fn get(&self, id: u64) -> Option<&[String]> {
        let i = self.entities.binary_search_by_key(&id, |e| e.0).ok()?;
        Some(&self.entities[i].1)
    }

    /// Sets the list of `id`; an empty list (or none) takes the entity out of the chunk.
    pub fn set(&mut self, id: u64, articles: Vec<String>) {
        match self.entities.binary_search_by_key(&id, |e| e.0) {
            Ok(i) if articles.is_empty() => {
                self.entities.remove(i);
            }
            Ok(i) => self.entities[i].1 = articles,
            Err(_) if articles.is_empty() => {}
            Err(i) => self.entities.insert(i, (id, articles)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EvidenceItem {
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// For a meeting: the day, month or year the sentence says it happened; empty if none.
    pub event_date: String,
    /// For a meeting: the place it happened at, by id and by the name it had when written,
    /// which finds it again once a merge has moved it to another id.
    pub venue: Option<(u64, String)>,
}

impl EvidenceItem {
    /// A sentence that says no when and where (all but meetings, and analysts' notes).
    pub fn plain(sentence: String, pattern: String, confidence: f32) -> EvidenceItem {
        EvidenceItem { sentence, pattern, confidence, event_date: String::new(), venue: None }
    }
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

/// The layout byte of `EvidenceRecord`: 2 from schema 5 on, 3 since meetings carry their
/// day and place (read back from 2 without them).
pub const EVIDENCE_VERSION: u8 = 3;

impl Record for EvidenceRecord {
    const LAYOUT: u8 = EVIDENCE_VERSION;

    fn older(version: u8, rest: &[u8]) -> Result<Self, String> {
        if version != 2 {
            return Err(format!("unknown record version {version}"));
        }
        let old: v2::EvidenceRecord = decode_rest(rest)?;
        let items = old.items.into_iter().map(|i| EvidenceItem::plain(i.sentence, i.pattern, i.confidence));
        Ok(EvidenceRecord { date: old.date, items: items.collect() })
    }
}

impl EvidenceRecord {
    pub fn encode(&self) -> Vec<u8> {
        encode(self)
    }

    /// # Errors
    /// The bytes are not an evidence record of this layout.
    pub fn decode(bytes: &[u8]) -> Result<EvidenceRecord, String> {
        decode(bytes)
    }

    /// Only the date, which comes first: a period question reads no sentence.
    ///
    /// # Errors
    /// The bytes are not an evidence record of this layout.
    pub fn date_of(bytes: &[u8]) -> Result<String, String> {
        match bytes.split_first() {
            // The date comes first in layouts 2 and 3 alike.
            Some((&(2 | EVIDENCE_VERSION), rest)) => decode_rest(rest),
            Some((v, _)) => Err(format!("unknown record version {v}")),
            None => Err("empty value".into()),
        }
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

impl Record for DayCounts {}

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

impl Record for CountsRecord {}

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

/// Encodes a record behind its layout byte.
pub fn encode<T: Record + Encode>(record: &T) -> Vec<u8> {
    let mut out = vec![T::LAYOUT];
    // Encoding into a Vec cannot fail: there is no size limit and no I/O.
    if let Ok(bytes) = bincode::encode_to_vec(record, config()) {
        out.extend_from_slice(&bytes);
    }
    out
}

/// Decodes a record of its current layout or of an older one it still reads, or says why the
/// bytes are not one.
pub fn decode<T: Record + Decode<()>>(bytes: &[u8]) -> Result<T, String> {
    match bytes.split_first() {
        None => Err("empty value".into()),
        Some((&v, rest)) if v == T::LAYOUT => decode_rest(rest),
        Some((&v, rest)) => T::older(v, rest),
    }
}

/// Decodes a record of the current layout at the start of `bytes`, with how many bytes it took.
pub fn decode_prefix<T: Record + Decode<()>>(bytes: &[u8]) -> Result<(T, usize), String> {
    match bytes.split_first() {
        Some((&v, rest)) if v == T::LAYOUT => {
            bincode::decode_from_slice(rest, config()).map(|(v, n)| (v, n + 1)).map_err(|e| e.to_string())
        }
        Some((&v, _)) => Err(format!("unknown record version {v}")),
        None => Err("empty value".into()),
    }
}

/// The bytes after the layout byte, as a `T`.
fn decode_rest<T: Decode<()>>(rest: &[u8]) -> Result<T, String> {
    bincode::decode_from_slice(rest, config()).map(|(v, _)| v).map_err(|e| e.to_string())
}

/// The bytes after layout byte `version`, as a `T` of layout byte 1 (`v1`).
fn layout_1<T: Decode<()>>(version: u8, rest: &[u8]) -> Result<T, String> {
    if version != RECORD_VERSION {
        return Err(format!("unknown record version {version}"));
    }
    decode_rest(rest)
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
            url: "https://example.org/a?b=1".into(),
            entities: vec![ArticleEntity { id: u64::MAX, forms: vec!["X".into()], keys: vec!["Z".into()] }],
            relations: vec![(1, 2, 3)],
        };
        assert_eq!(decode::<ArticleRecord>(&encode(&a)), Ok(a.clone()));
        assert_eq!(decode::<ArticleHead>(&encode(&a)).unwrap().url, a.url);
        let e = EntityRecord {
            name: "X \"Y\"".into(),
            kind: 1,
            forms: vec![FormCount { form: "Y".into(), count: 3, written: 2 }],
            articles: 3,
        };
        assert_eq!(decode::<EntityRecord>(&encode(&e)), Ok(e));
        let p = PostingRecord { articles: vec!["a".into(), String::new()] };
        assert_eq!(decode::<PostingRecord>(&encode(&p)), Ok(p));
        let ev = EvidenceRecord {
            date: "2025-03".into(),
            items: vec![
                EvidenceItem::plain("s".into(), "p".into(), 0.5),
                EvidenceItem {
                    event_date: "2025-03-04".into(),
                    venue: Some((7, "Oslo".into())),
                    ..EvidenceItem::plain("t".into(), "p".into(), 0.5)
                },
            ],
        };
        assert_eq!(EvidenceRecord::decode(&ev.encode()), Ok(ev.clone()));
        assert_eq!(EvidenceRecord::date_of(&ev.encode()).as_deref(), Ok("2025-03"));
        let mut v1 = ev.encode();
        v1[0] = RECORD_VERSION;
        assert!(EvidenceRecord::decode(&v1).is_err(), "the layout byte tells the layouts apart");
        // Layout 2, written before meetings had a day and a place, reads without them.
        let old = v2::EvidenceRecord {
            date: "2025-03".into(),
            items: vec![v2::EvidenceItem { sentence: "s".into(), pattern: "p".into(), confidence: 0.5 }],
        };
        let mut bytes = vec![2];
        bytes.extend(bincode::encode_to_vec(&old, config()).unwrap_or_default());
        let read = EvidenceRecord::decode(&bytes);
        assert_eq!(
            read,
            Ok(EvidenceRecord {
                date: "2025-03".into(),
                items: vec![EvidenceItem::plain("s".into(), "p".into(), 0.5)]
            })
        );
        assert_eq!(EvidenceRecord::date_of(&bytes).as_deref(), Ok("2025-03"));
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
    fn records_of_layout_1_read_as_today_s_with_every_form_written() {
        let old = v1::EntityRecord {
            name: "Anja Holt".into(),
            kind: 0,
            forms: vec![
                v1::FormCount { form: "Anja Holt".into(), count: 2 },
                v1::FormCount { form: "Holt".into(), count: 1 },
            ],
            articles: 2,
        };
        let bytes = encode(&old);
        assert_eq!(bytes[0], RECORD_VERSION);
        let e: EntityRecord = decode(&bytes).unwrap();
        assert_eq!(e.forms, [FormCount::written_by("Anja Holt", 2), FormCount::written_by("Holt", 1)]);
        assert_eq!(e.aliases(), [("Holt".to_string(), 1)]);
        let a = v1::ArticleRecord {
            hash: [3; 32],
            title: "t".into(),
            date: "2025".into(),
            source: String::new(),
            entities: vec![v1::ArticleEntity { id: 4, forms: vec!["Holt".into()] }],
            relations: Vec::new(),
        };
        let read: ArticleRecord = decode(&encode(&a)).unwrap();
        assert_eq!(read.entities, [ArticleEntity { id: 4, forms: vec!["Holt".into()], keys: Vec::new() }]);
        assert_eq!(decode::<ArticleHead>(&encode(&a)).unwrap().date, "2025");
        assert_eq!(decode::<ArticleHead>(&encode(&read)).unwrap().date, "2025");
        let mut unknown = encode(&e);
        unknown[0] = 9;
        assert_eq!(decode::<EntityRecord>(&unknown), Err("unknown record version 9".to_string()));
    }

    #[test]
    fn an_article_of_layout_2_reads_as_today_s_without_a_url() {
        let old = v2::ArticleRecord {
            hash: [5; 32],
            title: "t".into(),
            date: "2025-03-04".into(),
            source: "s".into(),
            entities: vec![ArticleEntity { id: 4, forms: vec!["Holt".into()], keys: vec!["Hollt".into()] }],
            relations: vec![(4, 0, 5)],
        };
        let bytes = encode(&old);
        assert_eq!(bytes[0], FORMS_VERSION);
        let read: ArticleRecord = decode(&bytes).unwrap();
        assert_eq!((read.url.as_str(), read.source.as_str()), ("", "s"));
        assert_eq!((read.entities, read.relations), (old.entities, old.relations));
        let head: ArticleHead = decode(&bytes).unwrap();
        assert_eq!((head.date.as_str(), head.url.as_str()), ("2025-03-04", ""));
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
            forms in proptest::collection::vec(("\\PC{0,12}", proptest::prelude::any::<u32>(), proptest::prelude::any::<u32>()), 0..6),
            ids in proptest::collection::vec(proptest::prelude::any::<u64>(), 0..6),
            confidence in -1.0e6f32..1.0e6,
        ) {
            let e = EntityRecord {
                name: name.clone(),
                kind: 3,
                forms: forms.iter().map(|(f, c, w)| FormCount { form: f.clone(), count: *c, written: *w }).collect(),
                articles: forms.len() as u32,
            };
            proptest::prop_assert_eq!(decode::<EntityRecord>(&encode(&e)), Ok(e));
            let a = ArticleRecord {
                hash: [1; 32],
                title: name.clone(),
                date: String::new(),
                source: name.clone(),
                url: name.clone(),
                entities: ids.iter().map(|&id| ArticleEntity { id, forms: vec![name.clone()], keys: vec![name.clone()] }).collect(),
                relations: ids.iter().map(|&id| (id, 2, id ^ 1)).collect(),
            };
            proptest::prop_assert_eq!(decode::<ArticleRecord>(&encode(&a)), Ok(a));
            let ev = EvidenceRecord { date: name.clone(), items: vec![EvidenceItem { event_date: name.clone(), venue: Some((1, name.clone())), ..EvidenceItem::plain(name.clone(), name, confidence) }] };
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
