//! Schema 5 → 6: a word index beside the alias index, so that suggestions for an unknown
//! name come from an index and not from a pass over every name (#23).
//!
//! Before: a name that matched nothing was compared with every key of `names` (on a
//! 20k-article store, 27k names for each miss). After, two more trees, which follow the keys
//! of `names` and are written with it (`store/words.rs`):
//!
//! | tree | key | value |
//! |---|---|---|
//! | `words` | word · 0x00 · normalised name | empty |
//! | `ends` | a word spelt backwards (`putin` → `nitup`) | empty |
//!
//! A name's words are its pieces between spaces (and NULs); `ends` holds each word some name
//! holds once, its characters in reverse order. The step clears both trees and builds them
//! from `names`, so a step interrupted and run again gives the same trees. It keeps its own
//! copy of that split, the layout of schema 6, whatever `words.rs` does later.

use crate::store::{keys, Error};
use std::collections::HashSet;

/// The version this step leaves the store at.
pub const VERSION: u32 = 6;

/// How many keys are written at a time.
const BATCH: usize = 10_000;

fn words(name: &[u8]) -> impl Iterator<Item = &[u8]> {
    name.split(|&b| b == b' ' || b == 0).filter(|w| !w.is_empty())
}

fn backwards(word: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(word).chars().rev().collect::<String>().into_bytes()
}

pub fn run(db: &sled::Db) -> Result<(), Error> {
    let names = db.open_tree(keys::NAMES)?;
    let (words_tree, ends_tree) = (db.open_tree(keys::WORDS)?, db.open_tree(keys::ENDS)?);
    words_tree.clear()?;
    ends_tree.clear()?;
    let (mut batch, mut pending) = ((sled::Batch::default(), sled::Batch::default()), 0);
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    for item in names.iter().keys() {
        let name = item?;
        for word in words(&name) {
            batch.0.insert([word, &[0], &name].concat(), &[]);
            pending += 1;
            if seen.insert(word.to_vec()) {
                batch.1.insert(backwards(word), &[]);
                pending += 1;
            }
        }
        if pending >= BATCH {
            let (w, e) = std::mem::take(&mut batch);
            words_tree.apply_batch(w)?;
            ends_tree.apply_batch(e)?;
            pending = 0;
        }
    }
    words_tree.apply_batch(batch.0)?;
    ends_tree.apply_batch(batch.1)?;
    Ok(())
}
