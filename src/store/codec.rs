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
    /// Entities the article mentions (ids).
    pub entities: Vec<u64>,
    /// Relations the article supports: (source, relation code, target).
    pub relations: Vec<(u64, u8, u64)>,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EntityRecord {
    pub name: String,
    pub kind: u8,
    /// Every other surface form seen, in first-seen order; a cache of the union of mentions.
    pub aliases: Vec<String>,
}

/// The surface forms one article used for one entity (value of a `mentions` key).
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct MentionRecord {
    pub forms: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EvidenceItem {
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
}

/// The sentences of one article that support one relation (value of an `evidence` key).
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct EvidenceRecord {
    pub items: Vec<EvidenceItem>,
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

/// Encodes a record with its version byte.
pub fn encode<T: Encode>(record: &T) -> Vec<u8> {
    let mut out = vec![RECORD_VERSION];
    // Encoding into a Vec cannot fail: there is no size limit and no I/O.
    if let Ok(bytes) = bincode::encode_to_vec(record, config()) {
        out.extend_from_slice(&bytes);
    }
    out
}

/// Decodes a record, or says why the bytes are not one.
pub fn decode<T: Decode<()>>(bytes: &[u8]) -> Result<T, String> {
    match bytes.split_first() {
        None => Err("empty value".into()),
        Some((&RECORD_VERSION, rest)) => {
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
            entities: vec![1, u64::MAX],
            relations: vec![(1, 2, 3)],
        };
        assert_eq!(decode::<ArticleRecord>(&encode(&a)), Ok(a));
        let e = EntityRecord { name: "X \"Y\"".into(), kind: 1, aliases: vec!["Y".into()] };
        assert_eq!(decode::<EntityRecord>(&encode(&e)), Ok(e));
        let m = MentionRecord { forms: vec![] };
        assert_eq!(decode::<MentionRecord>(&encode(&m)), Ok(m));
        let ev =
            EvidenceRecord { items: vec![EvidenceItem { sentence: "s".into(), pattern: "p".into(), confidence: 0.5 }] };
        assert_eq!(decode::<EvidenceRecord>(&encode(&ev)), Ok(ev));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(decode::<EntityRecord>(&[]).is_err());
        assert!(decode::<EntityRecord>(&[9, 1, 2]).is_err());
        assert!(decode::<EntityRecord>(&[RECORD_VERSION, 200]).is_err());
    }
}
