//! The word index: which names hold each word, and every word spelt backwards, so that a
//! name that matches nothing finds its suggestions in a few prefix scans instead of a pass
//! over every name (a miss compared itself with all 27k names of a 20k-article store, #23).
//!
//! | tree | key | value |
//! |---|---|---|
//! | `words` | word · 0x00 · normalised name | empty |
//! | `ends` | a word spelt backwards (`putin` → `nitup`) | empty |
//!
//! A name's words are its space-separated pieces (names in `names` are normalised: lower
//! case, no diacritics, single spaces). A prefix scan of `words` on `word · 0x00` lists the
//! names holding that word; on the start of a word, the words (and names) starting so. A
//! misspelt word keeps its first two letters or its last two (one slip cannot change both
//! ends of a word of four letters or more), so the words starting like it (`words`) and
//! those ending like it (a prefix scan of `ends`) hold the word meant: the candidates for
//! "did you mean", which `query::find` scores.
//!
//! Trigram postings (`gram · word`) were tried first and found the same words, but their
//! eight keys per new word cost a fifth of an ingest's CPU and 170 MB more at its peak, in
//! sled; `ends` has one.
//!
//! Both trees follow the *keys* of `names` and nothing else: `words` has an entry for each
//! word of each name, `ends` one for each word some name holds. Whatever writes `names` (an
//! ingest batch, a correction and its undo, an import) puts `follow`'s writes in the same
//! transaction; migration 0006 builds the index for older stores; `kg check` compares it
//! with `names` (`check_words`). This module never writes `names`, and never decides what a
//! good suggestion is.

use super::{keys, Result, Store};
use std::collections::{BTreeSet, HashSet};

/// Ends the first part of a `words` key. `words` never yields it inside a word, so the first
/// NUL of a key is always this one.
const SEP: u8 = 0;

/// How many entries of one word `words_starting` reads before it skips to the next word: "of"
/// is held by thousands of names, and one is enough to know the word.
const SKIP_AFTER: usize = 8;

/// The words of a normalised name, in order (a repeated word comes twice).
pub fn words(name: &[u8]) -> impl Iterator<Item = &[u8]> {
    name.split(|&b| b == b' ' || b == SEP).filter(|w| !w.is_empty())
}

/// A word spelt backwards: its key in `ends` (a word is UTF-8, as the names it comes from).
pub fn backwards(word: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(word).chars().rev().collect::<String>().into_bytes()
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

/// The two trees of the index.
#[derive(Clone)]
pub struct WordIndex {
    words: sled::Tree,
    ends: sled::Tree,
}

impl WordIndex {
    pub(super) fn open(db: &sled::Db) -> Result<WordIndex> {
        Ok(WordIndex { words: db.open_tree(keys::WORDS)?, ends: db.open_tree(keys::ENDS)? })
    }

    /// The trees, in the order of `follow`'s batches.
    pub(super) fn trees(&self) -> [&sled::Tree; 2] {
        [&self.words, &self.ends]
    }

    /// The writes to `words` and `ends` that keep them in step with a write of `names`: each
    /// change is a key of `names` and whether it is there after the write.
    ///
    /// Reads the index as it is before the write (a word new to it goes into `ends`; a word
    /// no name holds any more leaves), so call it where no other write can come between:
    /// under the store's commit lock, for a transaction that applies these batches with the
    /// write of `names`.
    pub(super) fn follow<'a>(&self, changes: impl IntoIterator<Item = (&'a [u8], bool)>) -> Result<[sled::Batch; 2]> {
        let mut batches: [sled::Batch; 2] = Default::default();
        // Names leaving `names`, the words of the names there after, the words of those leaving.
        let (mut gone, mut held, mut orphans) = (HashSet::new(), BTreeSet::new(), BTreeSet::new());
        for (name, present) in changes {
            for word in words(name) {
                if present {
                    // A name already there (one more entity took it) is not written again.
                    let k = key(word, name);
                    if !self.words.contains_key(&k)? {
                        batches[0].insert(k, &[]);
                    }
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
            // `ends` holds exactly the words some name holds: a point read says if it is new.
            let end = backwards(word);
            if !self.ends.contains_key(&end)? {
                batches[1].insert(end, &[]);
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
                batches[1].remove(backwards(word));
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

    /// Up to `limit` words some name holds that start with `start`, in order. A word held by
    /// many names costs a few reads, not one per name.
    ///
    /// # Errors
    /// An i/o error.
    pub fn words_starting(&self, start: &str, limit: usize) -> Result<Vec<String>> {
        let mut out: Vec<Vec<u8>> = Vec::new();
        let mut from = start.as_bytes().to_vec();
        loop {
            let (mut same, mut skip_to) = (0, None);
            for item in self.index.words.range(from.as_slice()..).keys() {
                let k = item?;
                let Some((word, _)) = split(&k).filter(|_| k.starts_with(start.as_bytes())) else { break };
                if out.last().is_some_and(|w| w == word) {
                    same += 1;
                    if same == SKIP_AFTER {
                        // The next word's keys sort after every `word · 0x00 · …`.
                        skip_to = Some([word, &[1]].concat());
                        break;
                    }
                } else if out.len() == limit {
                    break;
                } else {
                    out.push(word.to_vec());
                    same = 0;
                }
            }
            match skip_to {
                Some(next) => from = next,
                None => break,
            }
        }
        Ok(out.into_iter().map(|w| String::from_utf8_lossy(&w).into_owned()).collect())
    }

    /// Up to `limit` words some name holds that end with `end`, in the order of their ends.
    ///
    /// # Errors
    /// An i/o error.
    pub fn words_ending(&self, end: &str, limit: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for item in self.index.ends.scan_prefix(backwards(end.as_bytes())).keys().take(limit) {
            let k = item?;
            out.push(String::from_utf8_lossy(&backwards(&k)).into_owned());
        }
        Ok(out)
    }

    /// What is wrong with the word index, compared with the keys of `names`: one line per
    /// problem. Reads each tree once, with point reads between.
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
            // Keys are in word order: each word is looked up in `ends` once.
            if last.as_deref() != Some(word) {
                if !self.index.ends.contains_key(backwards(word))? {
                    problems.push(format!("word index: word {:?} is missing from `ends`", lossy(word)));
                }
                last = Some(word.to_vec());
            }
        }
        for item in self.index.ends.iter().keys() {
            let k = item?;
            let word = backwards(&k);
            if self.index.words.scan_prefix(key(&word, &[])).next().transpose()?.is_none() {
                problems.push(format!("word index: {:?} is in `ends` but no alias holds it", lossy(&word)));
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
        let [words, ends] = store.index.follow(changes.iter().map(|(n, p)| (n.as_bytes(), *p))).unwrap();
        for (name, present) in changes {
            if *present {
                store.names.insert(name.as_bytes(), &[0u8; 8]).unwrap();
            } else {
                store.names.remove(name.as_bytes()).unwrap();
            }
        }
        store.index.write([words, ends]).unwrap();
        let problems = store.check_words().unwrap();
        assert!(problems.is_empty(), "{problems:#?}");
    }

    /// The words of `ends`, spelt forwards.
    fn all_words(store: &Store) -> Vec<String> {
        let mut out: Vec<String> = store
            .index
            .ends
            .iter()
            .keys()
            .map(|k| String::from_utf8_lossy(&backwards(&k.unwrap())).into_owned())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn words_split_at_spaces_and_spell_backwards_by_character() {
        assert_eq!(backwards(b"putin"), b"nitup");
        assert_eq!(backwards("çelik".as_bytes()), "kileç".as_bytes());
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
        assert_eq!(store.words_starting("riv", 10).unwrap(), ["rivera", "rivers"]);
        assert_eq!(store.words_starting("riv", 1).unwrap(), ["rivera"]);
        assert_eq!(store.words_ending("ist", 10).unwrap(), ["lindqvist"]);
    }

    #[test]
    fn a_word_held_by_many_names_is_listed_once_without_reading_them_all() {
        let (_dir, store) = store();
        let names: Vec<String> = (0..100).map(|i| format!("ministry of case {i}")).collect();
        let changes: Vec<(&str, bool)> = names.iter().map(|n| (n.as_str(), true)).chain([("offa", true)]).collect();
        change(&store, &changes);
        assert_eq!(store.words_starting("o", 10).unwrap(), ["of", "offa"]);
        assert_eq!(store.words_starting("", 3).unwrap(), ["0", "1", "10"]);
    }

    #[test]
    fn a_misspelt_word_keeps_the_start_or_the_end_of_the_word_meant() {
        let (_dir, store) = store();
        change(&store, &[("keith kellogg", true), ("steve witkoff", true), ("vladimir putin", true)]);
        assert_eq!(store.words_starting("ke", 10).unwrap(), ["keith", "kellogg"]);
        // A slip in the first letters leaves the last ones.
        assert_eq!(store.words_ending("in", 10).unwrap(), ["putin"]);
        assert_eq!(store.words_ending("ff", 10).unwrap(), ["witkoff"]);
    }

    #[test]
    fn a_word_stays_in_ends_while_a_name_holds_it() {
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
        assert!(store.words_ending("olt", 10).unwrap().is_empty());
        // A rename adds the new name's words; its undo takes them away again.
        let renamed =
            correct(&store, Op::Rename { name: "Marta Zelinsky".into() }, "marta lindqvist", "marta lindqvist");
        assert_eq!(store.names_with_word("zelinsky", 10).unwrap(), ["marta zelinsky"]);
        assert_eq!(store.words_starting("zel", 10).unwrap(), ["zelinsky"]);
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
        assert!(store.words_ending("sky", 10).unwrap().is_empty());
    }

    #[test]
    fn check_reports_an_index_that_disagrees_with_the_names() {
        let (_dir, store) = store();
        change(&store, &[("anja holt", true)]);
        store.names.insert("erik sand", &[0u8; 8]).unwrap();
        store.index.ends.insert(b"erehwon", &[]).unwrap();
        store.index.words.remove(key(b"holt", b"anja holt")).unwrap();
        let problems = store.check_words().unwrap();
        assert!(problems.iter().any(|p| p.contains("\"erik\" of alias \"erik sand\" is missing")), "{problems:#?}");
        assert!(problems.iter().any(|p| p.contains("\"holt\" of alias \"anja holt\" is missing")), "{problems:#?}");
        assert!(problems.iter().any(|p| p.contains("\"nowhere\" is in `ends` but no alias")), "{problems:#?}");
        assert!(problems.iter().any(|p| p.contains("\"holt\" is in `ends` but no alias")), "{problems:#?}");
    }
}
