//! Values written once per write batch and read many times: bincode compressed with zstd,
//! behind a layout byte, and a cache of them decoded.
//!
//! An evidence bucket (`evidence_buckets.rs`) holds what one batch wrote of many records.
//! Compressed together, records that repeat one another's words (names, patterns, dates)
//! take a third of their size; decoding a value decompresses all of it, hence the cache.

use super::{Error, Result};
use bincode::{Decode, Encode};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// zstd's level: level 1 compresses these values nearly as well as 3, for less CPU.
const ZSTD_LEVEL: i32 = 1;

/// The most a value may hold decoded, and the most any length read from one may claim: a
/// damaged value is an error, not an allocation of whatever its bytes say.
const MAX_BYTES: usize = 1 << 30;

type Limited = bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Varint,
    bincode::config::Limit<MAX_BYTES>,
>;

fn limited() -> Limited {
    bincode::config::standard().with_limit::<MAX_BYTES>()
}

/// `value` as bincode, zstd-compressed, behind `layout`.
pub fn pack<T: Encode>(layout: u8, value: &T) -> Vec<u8> {
    let mut out = vec![layout];
    let plain = bincode::encode_to_vec(value, bincode::config::standard()).unwrap_or_default();
    // Compressing into memory fails only on allocation failure; keep the bytes readable then.
    match zstd::bulk::compress(&plain, ZSTD_LEVEL) {
        Ok(packed) => out.extend_from_slice(&packed),
        Err(_) => out.extend_from_slice(&zstd::bulk::compress(&plain, 0).unwrap_or_default()),
    }
    out
}

/// The value `pack` wrote behind `layout`, or why the bytes are not one.
pub fn unpack<T: Decode<()>>(layout: u8, bytes: &[u8]) -> std::result::Result<T, String> {
    match bytes.split_first() {
        Some((&v, packed)) if v == layout => {
            let size = match zstd::zstd_safe::get_frame_content_size(packed) {
                Ok(Some(n)) if n <= MAX_BYTES as u64 => n as usize,
                _ => return Err("not a zstd frame of a known size within bounds".into()),
            };
            let plain = zstd::bulk::decompress(packed, size).map_err(|e| format!("not zstd: {e}"))?;
            decode_limited(&plain)
        }
        Some((v, _)) => Err(format!("unknown record version {v}")),
        None => Err("empty value".into()),
    }
}

/// bincode of a `T`, with no length in it claiming more than `MAX_BYTES`.
pub fn decode_limited<T: Decode<()>>(bytes: &[u8]) -> std::result::Result<T, String> {
    bincode::decode_from_slice(bytes, limited()).map(|(v, _)| v).map_err(|e| e.to_string())
}

/// Values decoded by earlier reads, so that reading many records of one batch (an export, a
/// neighbourhood, a merge) does not decompress the same value again. Bounded by `budget`
/// compressed bytes; emptied when full. The commit thread drops what it rewrites.
pub struct Cache<T> {
    tree: &'static str,
    budget: usize,
    inner: Mutex<Inner<T>>,
}

struct Inner<T> {
    /// Bumped by each commit that wrote: a read that began before it keeps its result out of
    /// the cache, lest it put back what the commit replaced.
    generation: u64,
    /// Each value with the compressed bytes it counts for.
    values: HashMap<Vec<u8>, (Arc<T>, usize)>,
    bytes: usize,
}

impl<T: Decode<()>> Cache<T> {
    pub fn new(tree: &'static str, budget: usize) -> Cache<T> {
        Cache { tree, budget, inner: Mutex::new(Inner { generation: 0, values: HashMap::new(), bytes: 0 }) }
    }

    /// The value under `key` of `from`, decoded by `decode`.
    pub fn get(
        &self,
        from: &sled::Tree,
        key: &[u8],
        decode: impl Fn(&[u8]) -> std::result::Result<T, String>,
    ) -> Result<Option<Arc<T>>> {
        let generation = {
            let inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((value, _)) = inner.values.get(key) {
                return Ok(Some(Arc::clone(value)));
            }
            inner.generation
        };
        let Some(bytes) = from.get(key)? else { return Ok(None) };
        let value = Arc::new(decode(&bytes).map_err(|r| Error::corrupt(self.tree, key, &r))?);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.generation == generation {
            if inner.bytes + bytes.len() > self.budget {
                inner.values.clear();
                inner.bytes = 0;
            }
            inner.bytes += bytes.len();
            inner.values.insert(key.to_vec(), (Arc::clone(&value), bytes.len()));
        }
        Ok(Some(value))
    }

    /// Forgets `keys`, just written (or not: what it held of them may be stale either way).
    pub fn written<K: AsRef<[u8]>>(&self, keys: impl Iterator<Item = K>) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.generation += 1;
        for key in keys {
            if let Some((_, bytes)) = inner.values.remove(key.as_ref()) {
                inner.bytes = inner.bytes.saturating_sub(bytes);
            }
        }
    }
}
