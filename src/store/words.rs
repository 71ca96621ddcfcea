//! The word index: which names hold each word, and which words hold each trigram, so that a
//! name that matches nothing finds its suggestions in a few prefix scans instead of a pass
//! over every name (a miss compared itself with all 20k names of a 20k-article store, #23).
//!
//! | tree | key | value |
//! |---|---|---|
//! | `words` | word · 0x00 · normalised name | empty |
//! | `grams` | trigram · 0x00 · word | empty |
//!
//! A name's words are its space-separated pieces (names in `names` are normalised: lower
//! case, no diacritics, single spaces). A word's trigrams are its runs of three characters
//! once padded with a space at each end: "putin" gives " pu", "put", "uti", "tin" and "in ",
//! and a one-letter word has one. A prefix scan of `words` on `word · 0x00` lists the names
//! holding that word; on the start of a word, the names with a word starting so. A scan of
//! `grams` on each trigram of a misspelt word lists the words sharing some: the candidates
//! for "did you mean".
//!
//! Both trees follow the *keys* of `names` and nothing else: `words` has an entry for each
//! word of each name, `grams` one for each trigram of each word some name holds. Whatever
//! writes `names` (an ingest batch, a correction and its undo, an import) puts `follow`'s
//! writes in the same transaction; migration 0006 builds the index for older stores; `kg
//! check` compares it with `names` (`check_words`). This module never writes `names`, and
//! never decides what a good suggestion is (`query::find` does).

use super::{keys, Result, Store};
use std::collections::{BTreeSet, HashMap, HashSet};

/// Ends the first part of a key. `words` never yields it inside a word, so the first NUL of
/// a key is always this one.
const SEP: u8 = 0;

/// A trigram held by more words than this is read no further and tells nothing: " ma" or
/// "an " would bring a good part of the index for every word that has them. Bounds the cost
/// of `words_like` whatever the size of the store.
pub const MAX_GRAM_WORDS: usize = 2_000;

/// The words of a normalised name, in order (a repeated word comes twice).
pub fn words(name: &[u8]) -> impl Iterator<Item = &[u8]> {
    name.split(|&b| b == b' ' || b == SEP).filter(|w| !w.is_empty())
}

/// The trigrams of a word, padded with a space at each end; sorted, each once.
pub fn grams(word: &str) -> Vec<String> {
    let padded: Vec<char> = std::iter::once(' ').chain(word.chars()).chain(std::iter::once(' ')).collect();
    let mut out: Vec<String> = padded.windows(3).map(|w| w.iter().collect()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `head · 0x00 · tail`.
fn key(head: &[u8], tail: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(head.len() + 1 + tail.len());
    key.extend_from_slice(head);
    key.push(SEP);
    key.extend_from_slice(tail);
    key
}

/// A key's two parts, split at its first NUL.
fn split(key: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = key.iter().position(|&b| b == SEP)?;
    Some((key.get(..at)?, key.get(at + 1..)?))
}

/// The trigrams of a word as stored (a word is UTF-8, as the names it comes from).
fn grams_of(word: &[u8]) -> Vec<String> {
    grams(&String::from_utf8_lossy(word))
}

/// The two trees of the index.
#[derive(Clone)]
pub struct WordIndex {
    words: sled::Tree,
    grams: sled::Tree,
}

impl WordIndex {
    pub(super) fn open(db: &sled::Db) -> Result<WordIndex> {
        Ok(WordIndex { words: db.open_tree(keys::WORDS)?, grams: db.open_tree(keys::GRAMS)? })
    }

    /// The trees, in the order of `follow`'s batches.
    pub(super) fn trees(&self) -> [&sled::Tree; 2] {
        [&self.words, &self.grams]
    }

    /// The writes to `words` and `grams` that keep the index in step with a write of `names`:
    /// each change is a key of `names` and whether it is there after the write.
    ///
    /// Reads the index as it is before the write (a new word brings its trigrams; a word no
    /// name holds any more takes them away), so call it where no other write can come
    /// between: under the store's commit lock, for a transaction that applies these batches
    /// with the write of `names`.
    pub(super) fn follow<'a>(&self, changes: impl IntoIterator<Item = (&'a [u8], bool)>) -> Result<[sled::Batch; 2]> {
        let mut batches: [sled::Batch; 2] = Default::default();
        // Names leaving `names`, the words of the names there after, the words of those leaving.
        let (mut gone, mut held, mut orphans) = (HashSet::new(), BTreeSet::new(), BTreeSet::new());
        for (name, present) in changes {
            for word in words(name) {
                if present {
                    batches[0].insert(key(word, name), &[]);
                    held.insert(word);
                } else {
                    batches[0].remove(key(word, name));
                    orphans.insert(word);
                }
            }
            if !present {
                gone.insert(name);
            }
        }
        for word in &held {
            // A word some name held before has its trigrams already.
            if self.words.scan_prefix(key(word, &[])).next().transpose()?.is_none() {
                for gram in grams_of(word) {
                    batches[1].insert(key(gram.as_bytes(), word), &[]);
                }
            }
        }
        for word in orphans.difference(&held) {
            let mut kept = false;
            for item in self.words.scan_prefix(key(word, &[])).keys() {
                let k = item?;
                if !split(&k).is_some_and(|(_, name)| gone.contains(name)) {
                    kept = true;
                    break;
                }
            }
            if !kept {
                for gram in grams_of(word) {
                    batches[1].remove(key(gram.as_bytes(), word));
                }
            }
        }
        Ok(batches)
    }

    /// Applies `follow`'s writes on their own: for an import, which writes `names` outside
    /// any transaction too.
    pub(super) fn write(&self, batches: [sled::Batch; 2]) -> Result<()> {
        for (tree, batch) in self.trees().into_iter().zip(batches) {
            tree.apply_batch(batch)?;
        }
        Ok(())
    }
}

impl Store {
    /// Up to `limit` names (normalised) holding `word` as one of their words, in order.
    ///
    /// # Errors
    /// An i/o error.
    pub fn names_with_word(&self, word: &str, limit: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for item in self.index.words.scan_prefix(key(word.as_bytes(), &[])).keys().take(limit) {
            let k = item?;
            if let Some((_, name)) = split(&k) {
                out.push(String::from_utf8_lossy(name).into_owned());
            }
        }
        Ok(out)
    }

    /// Names (normalised) holding a word that starts with `start`, in the order of that word;
    /// at most `limit` entries of the index are read. A name with two such words comes once.
    ///
    /// # Errors
    /// An i/o error.
    pub fn names_with_word_starting(&self, start: &str, limit: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for item in self.index.words.scan_prefix(start.as_bytes()).keys().take(limit) {
            let k = item?;
            if let Some((_, name)) = split(&k) {
                if seen.insert(name.to_vec()) {
                    out.push(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
        Ok(out)
    }

    /// The words of the index sharing a trigram with `word`, each with how many it shares,
    /// most first (then in word order). A trigram held by more than `MAX_GRAM_WORDS` words is
    /// left out: a word that shares only such trigrams is not found.
    ///
    /// # Errors
    /// An i/o error.
    pub fn words_like(&self, word: &str) -> Result<Vec<(String, usize)>> {
        let mut shared: HashMap<Vec<u8>, usize> = HashMap::new();
        for gram in grams(word) {
            let mut holders = Vec::new();
            for item in self.index.grams.scan_prefix(key(gram.as_bytes(), &[])).keys().take(MAX_GRAM_WORDS + 1) {
                let k = item?;
                if let Some((_, w)) = split(&k) {
                    holders.push(w.to_vec());
                }
            }
            if holders.len() <= MAX_GRAM_WORDS {
                for w in holders {
                    *shared.entry(w).or_default() += 1;
                }
            }
        }
        let mut out: Vec<(String, usize)> =
            shared.into_iter().map(|(w, n)| (String::from_utf8_lossy(&w).into_owned(), n)).collect();
        out.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// What is wrong with the word index, compared with the keys of `names`: one line per
    /// problem. Reads both trees of the index once and `names` once, with point reads between.
    pub(super) fn check_words(&self) -> Result<Vec<String>> {
        let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        let mut problems = Vec::new();
        for item in self.names.iter().keys() {
            let name = item?;
            for word in words(&name) {
                if !self.index.words.contains_key(key(word, &name))? {
                    problems.push(format!("word index: word {:?} of alias {:?} is missing", lossy(word), lossy(&name)));
                }
            }
        }
        let mut last: Option<Vec<u8>> = None;
        for item in self.index.words.iter().keys() {
            let k = item?;
            let Some((word, name)) = split(&k) else {
                problems.push(format!("word index: bad key {:?} in `words`", lossy(&k)));
                continue;
            };
            if !self.names.contains_key(name)? || !words(name).any(|w| w == word) {
                problems.push(format!("word index: {:?} is not a word of an alias {:?}", lossy(word), lossy(name)));
            }
            // Keys are in word order: each word's trigrams are read once.
            if last.as_deref() != Some(word) {
                for gram in grams_of(word) {
                    if !self.index.grams.contains_key(key(gram.as_bytes(), word))? {
                        problems.push(format!("word index: trigram {gram:?} of word {:?} is missing", lossy(word)));
                    }
                }
                last = Some(word.to_vec());
            }
        }
        let mut held: HashMap<Vec<u8>, bool> = HashMap::new();
        for item in self.index.grams.iter().keys() {
            let k = item?;
            let Some((gram, word)) = split(&k) else {
                problems.push(format!("word index: bad key {:?} in `grams`", lossy(&k)));
                continue;
            };
            let is_held = match held.get(word) {
                Some(&h) => h,
                None => {
                    let h = self.index.words.scan_prefix(key(word, &[])).next().transpose()?.is_some();
                    held.insert(word.to_vec(), h);
                    h
                }
            };
            if !is_held || !grams_of(word).iter().any(|g| g.as_bytes() == gram) {
                problems.push(format!(
                    "word index: trigram {:?} of {:?}, which is no word of an alias or has no such trigram",
                    lossy(gram),
                    lossy(word)
                ));
            }
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Access;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(&dir.path().join("db"), Access::Create).unwrap();
        (dir, store)
    }

    /// Writes alias-index changes the way every writer does: `names` and the index together.
    fn change(store: &Store, changes: &[(&str, bool)]) {
        let [words, grams] = store.index.follow(changes.iter().map(|(n, p)| (n.as_bytes(), *p))).unwrap();
        for (name, present) in changes {
            if *present {
                store.names.insert(name.as_bytes(), &[0u8; 8]).unwrap();
            } else {
                store.names.remove(name.as_bytes()).unwrap();
            }
        }
        store.index.write([words, grams]).unwrap();
        let problems = store.check_words().unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    fn all_words(store: &Store) -> Vec<String> {
        let mut out: Vec<String> = store
            .index
            .grams
            .iter()
            .keys()
            .filter_map(|k| {
                let k = k.unwrap();
                split(&k).map(|(_, w)| String::from_utf8_lossy(w).into_owned())
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    #[test]
    fn a_word_has_its_padded_trigrams_once_each() {
        assert_eq!(grams("putin"), [" pu", "in ", "put", "tin", "uti"]);
        assert_eq!(grams("a"), [" a "]);
        assert_eq!(grams("aaaa"), [" aa", "aa ", "aaa"]);
        assert_eq!(grams("ğü"), [" ğü", "ğü "]);
        assert_eq!(words(b"recep  tayyip erdogan").collect::<Vec<_>>(), [&b"recep"[..], b"tayyip", b"erdogan"]);
    }

    #[test]
    fn names_are_found_by_a_whole_word_and_by_the_start_of_one() {
        let (_dir, store) = store();
        change(&store, &[("marta lindqvist", true), ("tomas rivera", true), ("lindqvist", true), ("rivers", true)]);
        assert_eq!(store.names_with_word("lindqvist", 10).unwrap(), ["lindqvist", "marta lindqvist"]);
        assert_eq!(store.names_with_word("lindq", 10).unwrap(), Vec::<String>::new());
        assert_eq!(store.names_with_word_starting("riv", 10).unwrap(), ["tomas rivera", "rivers"]);
        assert_eq!(store.names_with_word_starting("riv", 1).unwrap(), ["tomas rivera"]);
    }

    #[test]
    fn a_misspelt_word_finds_the_words_that_share_its_trigrams() {
        let (_dir, store) = store();
        change(&store, &[("keith kellogg", true), ("steve witkoff", true), ("vladimir putin", true)]);
        let like = store.words_like("kellog").unwrap();
        assert_eq!(like.first().map(|(w, n)| (w.as_str(), *n)), Some(("kellogg", 5)), "{like:?}");
        assert!(!like.iter().any(|(w, _)| w == "witkoff"), "{like:?}");
        // A transposition keeps only the trigram at the end, which is still found.
        assert!(store.words_like("ptuin").unwrap().iter().any(|(w, _)| w == "putin"));
    }

    #[test]
    fn a_word_keeps_its_trigrams_while_a_name_holds_it() {
        let (_dir, store) = store();
        change(&store, &[("anja holt", true), ("holt", true)]);
        change(&store, &[("anja holt", false)]);
        assert_eq!(all_words(&store), ["holt"]);
        assert_eq!(store.names_with_word("holt", 10).unwrap(), ["holt"]);
        // One name goes and another holding the same word comes, in one write.
        change(&store, &[("holt", false), ("erik holt", true)]);
        assert_eq!(all_words(&store), ["erik", "holt"]);
        change(&store, &[("erik holt", false)]);
        assert!(all_words(&store).is_empty());
        assert!(store.index.words.is_empty());
    }

    #[test]
    fn writing_a_name_again_or_removing_one_never_there_changes_nothing() {
        let (_dir, store) = store();
        change(&store, &[("anja holt", true)]);
        change(&store, &[("anja holt", true), ("nobody", false)]);
        assert_eq!(all_words(&store), ["anja", "holt"]);
    }

    fn ingest(store: &Store, articles: &[(&str, &str)]) {
        let lex = crate::extract::Lexicon::builtin();
        let mut batch = store.batch().unwrap();
        for (id, text) in articles {
            let mut facts = crate::extract::extract(text, "2025-01-01", &lex);
            crate::extract::link(&mut facts, &batch, &lex);
            let meta = crate::store::ArticleMeta { id: id.to_string(), ..Default::default() };
            batch.write_article(&meta, text, &facts).unwrap();
        }
        batch.commit().unwrap();
    }

    fn correct(store: &Store, op: crate::store::correct::Op, a: &str, b: &str) -> u64 {
        let id = |name: &str| store.lookup(name).unwrap()[0].0;
        let c = crate::store::correct::Correction {
            date: "2025-01-02T00:00:00Z".into(),
            note: String::new(),
            op,
            source: a.into(),
            relation: u8::MAX,
            target: b.into(),
            ids: Some((id(a), id(b))),
            writes: Vec::new(),
            counts: Default::default(),
            imported: false,
        };
        let n = store.correct(c, None).unwrap();
        let report = store.check().unwrap();
        assert!(report.problems.is_empty(), "{:#?}", report.problems);
        n
    }

    #[test]
    fn ingest_replacements_corrections_and_undo_keep_the_index_with_the_names() {
        use crate::store::correct::Op;
        let (_dir, store) = store();
        ingest(
            &store,
            &[("a", "Anja Holt met Tomas Rivera in Oslo on Monday."), ("b", "Marta Lindqvist met Erik Sand.")],
        );
        assert_eq!(store.names_with_word("holt", 10).unwrap(), ["anja holt"]);
        // A replaced article takes its names out of the index with its entities.
        ingest(&store, &[("a", "Carla Mendes met Tomas Rivera in Oslo on Monday.")]);
        assert!(store.check().unwrap().problems.is_empty());
        assert!(store.names_with_word("holt", 10).unwrap().is_empty());
        assert!(!store.words_like("holt").unwrap().iter().any(|(w, _)| w == "holt"));
        // A rename adds the new name's words; its undo takes them away again.
        let renamed =
            correct(&store, Op::Rename { name: "Marta Zelinsky".into() }, "marta lindqvist", "marta lindqvist");
        assert_eq!(store.names_with_word("zelinsky", 10).unwrap(), ["marta zelinsky"]);
        assert_eq!(store.words_like("zelinski").unwrap().first().map(|(w, _)| w.as_str()), Some("zelinsky"));
        // A merge keeps every name (they find the kept entity now); an unmerge splits one off.
        let merged = correct(&store, Op::Merge, "marta zelinsky", "erik sand");
        assert_eq!(store.names_with_word("sand", 10).unwrap(), ["erik sand"]);
        let split = correct(&store, Op::Unmerge { form: "Erik Sand".into() }, "marta zelinsky", "marta zelinsky");
        for n in [split, merged, renamed] {
            store.undo(n).unwrap();
            let report = store.check().unwrap();
            assert!(report.problems.is_empty(), "undo {n}: {:#?}", report.problems);
        }
        assert!(store.names_with_word("zelinsky", 10).unwrap().is_empty());
        assert!(!store.words_like("zelinsky").unwrap().iter().any(|(w, _)| w == "zelinsky"));
    }

    #[test]
    fn check_reports_an_index_that_disagrees_with_the_names() {
        let (_dir, store) = store();
        change(&store, &[("anja holt", true)]);
        store.names.insert("erik sand", &[0u8; 8]).unwrap();
        store.index.grams.insert(key(b"xyz", b"nowhere"), &[]).unwrap();
        store.index.words.remove(key(b"holt", b"anja holt")).unwrap();
        let problems = store.check_words().unwrap();
        assert!(problems.iter().any(|p| p.contains("\"erik\" of alias \"erik sand\" is missing")), "{problems:#?}");
        assert!(problems.iter().any(|p| p.contains("\"holt\" of alias \"anja holt\" is missing")), "{problems:#?}");
        assert!(problems.iter().any(|p| p.contains("\"xyz\" of \"nowhere\"")), "{problems:#?}");
    }
}
