//! Article records filed by write batch: an ingest writes each batch's records together, in
//! parts of `PART_ARTICLES`, compressed (`article_chunks`), and each article's key in
//! `articles` says where its record is (`FILED`, a chunk and a part).
//!
//! An article record is written once by the ingest that reads the article and holds its
//! entities with every form it wrote: about 590 bytes an article, 58 MB at 100k articles,
//! the largest family of values. sled costs about twice a value's size once its leaves are
//! rewritten (BENCHMARKS.md); compressed together, a part's records take about a third.
//!
//! Records that corrections rewrite (a merge renames an article's entities) are written whole
//! over the pointer, as older stores and `kg import` wrote every record: readers take either
//! (`Store::article_bytes`), and the corrections log keeps the pointer it replaced, so an
//! undo puts it back. An ingest that replaces or forgets an article takes its record out of
//! its part.

use super::{keys, packed, Error, Result, Store};
use bincode::{Decode, Encode};

/// The layout byte of an `articles` value that points into `article_chunks`: above every
/// `ArticleRecord` layout byte.
pub const FILED: u8 = 0x80;

/// The layout byte of an `ArticleChunk` value.
const CHUNK_LAYOUT: u8 = 1;

/// How many articles of a batch share a part: small enough that a read decompresses little
/// (about 75 kB of records), big enough to compress well.
pub const PART_ARTICLES: usize = 128;

/// Decoded parts, by key (`packed::Cache`).
pub type ChunkCache = packed::Cache<ArticleChunk>;

/// What the cache may hold, in compressed bytes.
pub const CACHE_BYTES: usize = 8 << 20;

/// One part of one batch's article records, by article id.
#[derive(Clone, Debug, Default, PartialEq, Encode, Decode)]
pub struct ArticleChunk {
    /// (article id, encoded `ArticleRecord`), in id order.
    pub articles: Vec<(String, Vec<u8>)>,
}

impl ArticleChunk {
    pub fn encode(&self) -> Vec<u8> {
        packed::pack(CHUNK_LAYOUT, self)
    }

    pub fn decode(bytes: &[u8]) -> std::result::Result<ArticleChunk, String> {
        packed::unpack(CHUNK_LAYOUT, bytes)
    }

    pub fn get(&self, id: &str) -> Option<&[u8]> {
        let i = self.articles.binary_search_by(|(a, _)| a.as_str().cmp(id)).ok()?;
        Some(&self.articles[i].1)
    }

    /// Adds or replaces one article's record.
    pub fn set(&mut self, id: &str, record: Vec<u8>) {
        match self.articles.binary_search_by(|(a, _)| a.as_str().cmp(id)) {
            Ok(i) => self.articles[i].1 = record,
            Err(i) => self.articles.insert(i, (id.to_string(), record)),
        }
    }

    pub fn remove(&mut self, id: &str) {
        if let Ok(i) = self.articles.binary_search_by(|(a, _)| a.as_str().cmp(id)) {
            self.articles.remove(i);
        }
    }
}

/// The key of one part: chunk · part, big-endian.
pub fn part_key(chunk: u32, part: u16) -> [u8; 6] {
    let mut key = [0u8; 6];
    key[..4].copy_from_slice(&chunk.to_be_bytes());
    key[4..].copy_from_slice(&part.to_be_bytes());
    key
}

/// The `articles` value of a record filed in part `key`.
pub fn pointer(key: [u8; 6]) -> Vec<u8> {
    let mut value = vec![FILED];
    value.extend_from_slice(&key);
    value
}

/// The part an `articles` value points into; `None` for a record written whole.
pub fn filed_in(value: &[u8]) -> Option<[u8; 6]> {
    match value.split_first() {
        Some((&FILED, key)) => key.try_into().ok(),
        _ => None,
    }
}

impl Store {
    /// The record an `articles` value of article `id` stands for: the value itself, or the
    /// entry of the part it points into.
    pub(crate) fn article_bytes(&self, id: &[u8], value: &[u8]) -> Result<Vec<u8>> {
        let Some(key) = filed_in(value) else { return Ok(value.to_vec()) };
        let part = self.chunk_cache.get(&self.article_chunks, &key, ArticleChunk::decode)?;
        let id_text = std::str::from_utf8(id).map_err(|_| Error::corrupt(keys::ARTICLES, id, "id is not UTF-8"))?;
        part.as_deref().and_then(|p| p.get(id_text)).map(<[u8]>::to_vec).ok_or_else(|| {
            Error::corrupt(keys::ARTICLES, id, "filed in a part of `article_chunks` that does not hold it")
        })
    }

    /// The part holding article `id`'s record, if it is filed in one.
    pub(crate) fn article_part(&self, id: &str) -> Result<Option<[u8; 6]>> {
        Ok(self.articles.get(id.as_bytes())?.and_then(|v| filed_in(&v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_finds_its_articles_by_id_and_round_trips() {
        let mut part = ArticleChunk::default();
        part.set("b", vec![2]);
        part.set("a", vec![1]);
        part.set("b", vec![3]);
        assert_eq!(part.get("b"), Some(&[3u8][..]));
        assert_eq!(ArticleChunk::decode(&part.encode()).unwrap(), part);
        part.remove("a");
        assert_eq!(part.get("a"), None);
    }

    #[test]
    fn a_pointer_is_told_from_a_record() {
        let key = part_key(7, 2);
        assert_eq!(filed_in(&pointer(key)), Some(key));
        assert_eq!(filed_in(&[3, 1, 2]), None);
        assert_eq!(filed_in(&[FILED, 1]), None);
    }
}
