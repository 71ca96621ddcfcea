//! Hand-encoded keys of the store. Integers are big-endian so that sled's byte order is
//! numeric order and a prefix scan over `src` finds exactly that entity's edges.

use crate::graph::{EntityId, RelationKind};

pub const META: &str = "meta";
pub const ARTICLES: &str = "articles";
pub const ENTITIES: &str = "entities";
pub const NAMES: &str = "names";
pub const POSTINGS: &str = "postings";
pub const POSTING_BUCKETS: &str = "posting_buckets";
pub const EVIDENCE: &str = "evidence";
pub const EVIDENCE_BUCKETS: &str = "evidence_buckets";
pub const OUT: &str = "out";
pub const IN: &str = "in";
pub const DATES: &str = "dates";
pub const CORRECTIONS: &str = "corrections";
pub const WORDS: &str = "words";
pub const ENDS: &str = "ends";

pub const SCHEMA_VERSION: &[u8] = b"schema_version";
pub const NEXT_ENTITY_ID: &[u8] = b"next_entity_id";
pub const NEXT_POSTING_CHUNK: &[u8] = b"next_posting_chunk";
pub const FIRST_BUCKET_CHUNK: &[u8] = b"first_bucket_chunk";
pub const COUNTS: &[u8] = b"counts";

/// An edge key: `a · code · b`, 17 bytes. In `out` a is the source, in `in` the target.
pub fn edge(a: EntityId, kind: RelationKind, b: EntityId) -> [u8; 17] {
    let mut key = [0u8; 17];
    key[..8].copy_from_slice(&a.0.to_be_bytes());
    key[8] = kind.code();
    key[9..].copy_from_slice(&b.0.to_be_bytes());
    key
}

/// Decodes an edge key into `(a, kind, b)`; `None` when the bytes are not one.
pub fn parse_edge(key: &[u8]) -> Option<(EntityId, RelationKind, EntityId)> {
    if key.len() != 17 {
        return None;
    }
    let a = u64::from_be_bytes(key[..8].try_into().ok()?);
    let kind = RelationKind::from_code(key[8])?;
    let b = u64::from_be_bytes(key[9..].try_into().ok()?);
    Some((EntityId(a), kind, EntityId(b)))
}

/// The key of one entity, and the prefix of everything keyed by it.
pub fn entity(id: EntityId) -> [u8; 8] {
    id.0.to_be_bytes()
}

pub fn parse_entity(key: &[u8]) -> Option<EntityId> {
    Some(EntityId(u64::from_be_bytes(key.get(..8)?.try_into().ok()?)))
}

/// `entity · chunk number`: one chunk of the articles that mention an entity. Each write
/// batch has its own chunk number, so chunks are appended, never rewritten, during ingest.
pub fn posting(id: EntityId, chunk: u32) -> [u8; 12] {
    let mut key = [0u8; 12];
    key[..8].copy_from_slice(&id.0.to_be_bytes());
    key[8..].copy_from_slice(&chunk.to_be_bytes());
    key
}

/// How many consecutive entity ids share a posting bucket, as a power of two.
pub const BUCKET_BITS: u32 = 6;

/// `bucket · chunk number`: one chunk of the articles that mention the entities of one
/// bucket (ids `bucket << BUCKET_BITS` and the 63 after), each with its own list.
pub fn posting_bucket(id: EntityId, chunk: u32) -> [u8; 12] {
    posting(EntityId(id.0 >> BUCKET_BITS), chunk)
}

/// The prefix of every chunk of the bucket holding `id`.
pub fn bucket_of(id: EntityId) -> [u8; 8] {
    entity(EntityId(id.0 >> BUCKET_BITS))
}

/// The chunk number of a posting key.
pub fn parse_posting_chunk(key: &[u8]) -> Option<u32> {
    Some(u32::from_be_bytes(key.get(8..12)?.try_into().ok()?))
}

/// `source · code · target · article id`: the evidence one article gives one relation.
pub fn evidence(src: EntityId, kind: RelationKind, dst: EntityId, article: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(17 + article.len());
    key.extend_from_slice(&edge(src, kind, dst));
    key.extend_from_slice(article.as_bytes());
    key
}

/// The bucket of undated articles, after every month.
pub const UNDATED: u32 = u32::MAX;

/// The month bucket of a normalised date: `year · 16 + month`, with month 0 for a date that
/// names only its year; `UNDATED` for an undated (empty) or unreadable one.
pub fn bucket(date: &str) -> u32 {
    let year: Option<u32> = date.get(..4).and_then(|y| y.parse().ok());
    let month: Option<u32> = match date.len() {
        4 => Some(0),
        _ => date.get(5..7).and_then(|m| m.parse().ok()),
    };
    match (year, month) {
        (Some(y), Some(m)) => y * 16 + m,
        _ => UNDATED,
    }
}

/// `source · code · target · bucket (u32 BE)`: one month of one relation's dates.
pub fn dated(src: EntityId, kind: RelationKind, dst: EntityId, bucket: u32) -> [u8; 21] {
    let mut key = [0u8; 21];
    key[..17].copy_from_slice(&edge(src, kind, dst));
    key[17..].copy_from_slice(&bucket.to_be_bytes());
    key
}

/// The article id at the end of an evidence key (after its 17-byte prefix).
pub fn article_suffix(key: &[u8], prefix_len: usize) -> Option<String> {
    key.get(prefix_len..).and_then(|b| std::str::from_utf8(b).ok()).map(str::to_string)
}

/// The value of a `names` entry: entity ids, 8 bytes each, big-endian.
pub fn encode_ids(ids: &[EntityId]) -> Vec<u8> {
    ids.iter().flat_map(|id| id.0.to_be_bytes()).collect()
}

pub fn decode_ids(bytes: &[u8]) -> Vec<EntityId> {
    bytes.chunks_exact(8).filter_map(|c| c.try_into().ok().map(|b| EntityId(u64::from_be_bytes(b)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_keys_sort_by_source_then_relation_then_target() {
        let a = edge(EntityId(2), RelationKind::EnvoyOf, EntityId(300));
        let b = edge(EntityId(2), RelationKind::MetWith, EntityId(1));
        let c = edge(EntityId(256), RelationKind::EnvoyOf, EntityId(0));
        assert!(a < b && b < c);
    }

    #[test]
    fn edge_key_round_trips() {
        for kind in RelationKind::ALL {
            let key = edge(EntityId(u64::MAX), kind, EntityId(7));
            assert_eq!(parse_edge(&key), Some((EntityId(u64::MAX), kind, EntityId(7))));
        }
        assert_eq!(parse_edge(b"short"), None);
    }

    proptest::proptest! {
        #[test]
        fn edge_key_order_is_numeric_order(a in proptest::prelude::any::<(u64, u64, u64, u64)>()) {
            let (s1, t1, s2, t2) = a;
            let k1 = edge(EntityId(s1), RelationKind::MetWith, EntityId(t1));
            let k2 = edge(EntityId(s2), RelationKind::MetWith, EntityId(t2));
            proptest::prop_assert_eq!(k1.cmp(&k2), (s1, t1).cmp(&(s2, t2)));
            proptest::prop_assert_eq!(parse_edge(&k1), Some((EntityId(s1), RelationKind::MetWith, EntityId(t1))));
        }
    }

    #[test]
    fn buckets_sort_a_year_before_its_months_and_months_in_order() {
        let b = bucket;
        assert!(b("2024-12-31") < b("2025") && b("2025") < b("2025-01") && b("2025-01") == b("2025-01-31"));
        assert!(b("2025-02-01") > b("2025-01-31") && b("9999-12") < UNDATED);
        assert_eq!(bucket(""), UNDATED);
    }

    #[test]
    fn id_lists_round_trip() {
        let ids = vec![EntityId(1), EntityId(u64::MAX), EntityId(0)];
        assert_eq!(decode_ids(&encode_ids(&ids)), ids);
    }
}
