//! An external sort of the pieces an import collects for article records, so that each
//! article record is written once, whole and in key order, however the export spreads an
//! article's facts over its entities and relations.
//!
//! Reading an article record back and extending it for every entity and relation that names
//! the article rewrote each record many times: at a million articles that log took sled
//! gigabytes to replay. Here pieces are buffered up to a byte budget, sorted by (article,
//! arrival) and written to a run file; `finish` merges the runs. Memory is the budget plus
//! one piece per run.

use bincode::{Decode, Encode};
use std::collections::BinaryHeap;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// What one piece adds to its article's record.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub enum Part {
    /// The article mentions this entity with these forms (written) and keys (generated).
    Entity { id: u64, forms: Vec<String>, keys: Vec<String> },
    /// The article supports this relation: (source, relation code, target).
    Relation(u64, u8, u64),
    /// The article's descriptive fields.
    Meta { title: String, date: String, source: String, url: String },
}

/// One part of one article's record, with its arrival number: pieces of one article come
/// out in the order they went in.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct Piece {
    pub article: String,
    pub seq: u64,
    pub part: Part,
}

impl Piece {
    /// About what the piece takes in memory, for the budget.
    fn size(&self) -> usize {
        let part = match &self.part {
            Part::Entity { forms, keys, .. } => forms.iter().chain(keys).map(|f| f.len() + 24).sum::<usize>() + 56,
            Part::Relation(..) => 24,
            Part::Meta { title, date, source, url } => title.len() + date.len() + source.len() + url.len() + 96,
        };
        self.article.len() + part + 56
    }
}

/// Collects pieces and hands them back sorted.
pub struct Sorter {
    dir: PathBuf,
    buffer: Vec<Piece>,
    bytes: usize,
    budget: usize,
    runs: Vec<(PathBuf, u64)>,
    seq: u64,
}

impl Sorter {
    /// A sorter that spills runs into `dir` (created, and removed by `Merge` when dropped)
    /// whenever the buffered pieces take about `budget` bytes.
    ///
    /// # Errors
    /// The directory cannot be created.
    pub fn new(dir: &Path, budget: usize) -> std::io::Result<Sorter> {
        std::fs::create_dir_all(dir)?;
        Ok(Sorter { dir: dir.to_path_buf(), buffer: Vec::new(), bytes: 0, budget, runs: Vec::new(), seq: 0 })
    }

    /// Adds one piece of `article`'s record.
    ///
    /// # Errors
    /// A run file cannot be written.
    pub fn push(&mut self, article: &str, part: Part) -> std::io::Result<()> {
        let piece = Piece { article: article.to_string(), seq: self.seq, part };
        self.seq += 1;
        self.bytes += piece.size();
        self.buffer.push(piece);
        if self.bytes >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    fn spill(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        self.buffer.sort_unstable_by(|a, b| (&a.article, a.seq).cmp(&(&b.article, b.seq)));
        let path = self.dir.join(format!("run-{:05}", self.runs.len()));
        let mut out = BufWriter::new(std::fs::File::create(&path)?);
        for piece in &self.buffer {
            bincode::encode_into_std_write(piece, &mut out, bincode::config::standard())
                .map_err(std::io::Error::other)?;
        }
        out.flush()?;
        self.runs.push((path, self.buffer.len() as u64));
        self.buffer.clear();
        self.bytes = 0;
        Ok(())
    }

    /// Every piece pushed, by article and then in arrival order.
    ///
    /// # Errors
    /// A run file cannot be written or read.
    pub fn finish(mut self) -> std::io::Result<Merge> {
        self.spill()?;
        let mut merge = Merge { dir: self.dir.clone(), runs: Vec::new(), heap: BinaryHeap::new() };
        for (path, count) in std::mem::take(&mut self.runs) {
            let mut run = Run { reader: BufReader::new(std::fs::File::open(&path)?), left: count };
            if let Some(piece) = run.next()? {
                merge.heap.push(Head(piece, merge.runs.len()));
            }
            merge.runs.push(run);
        }
        Ok(merge)
    }
}

struct Run {
    reader: BufReader<std::fs::File>,
    left: u64,
}

impl Run {
    fn next(&mut self) -> std::io::Result<Option<Piece>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        bincode::decode_from_std_read(&mut self.reader, bincode::config::standard())
            .map(Some)
            .map_err(std::io::Error::other)
    }
}

/// The smallest piece of one run; the heap is a max-heap, so the order is reversed.
struct Head(Piece, usize);

impl PartialEq for Head {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}
impl Eq for Head {}
impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Head {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&other.0.article, other.0.seq).cmp(&(&self.0.article, self.0.seq))
    }
}

/// The merged runs, as an iterator of pieces. Dropping it removes the run files.
pub struct Merge {
    dir: PathBuf,
    runs: Vec<Run>,
    heap: BinaryHeap<Head>,
}

impl Iterator for Merge {
    type Item = std::io::Result<Piece>;

    fn next(&mut self) -> Option<Self::Item> {
        let Head(piece, run) = self.heap.pop()?;
        match self.runs[run].next() {
            Ok(Some(next)) => self.heap.push(Head(next, run)),
            Ok(None) => {}
            Err(e) => return Some(Err(e)),
        }
        Some(Ok(piece))
    }
}

impl Drop for Merge {
    fn drop(&mut self) {
        self.runs.clear();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_come_back_by_article_then_in_arrival_order_across_runs() {
        let dir = tempfile::tempdir().unwrap();
        // A budget of one byte spills every piece into its own run.
        let mut sorter = Sorter::new(&dir.path().join("sort"), 1).unwrap();
        let input = [("b", 1), ("a", 2), ("b", 3), ("a", 4), ("c", 5), ("a", 6)];
        for (article, n) in input {
            sorter.push(article, Part::Relation(n, 1, n)).unwrap();
        }
        let out: Vec<(String, u64)> = sorter
            .finish()
            .unwrap()
            .map(|p| {
                let p = p.unwrap();
                let Part::Relation(n, _, _) = p.part else { panic!("not a relation") };
                (p.article, n)
            })
            .collect();
        let expected: Vec<(String, u64)> =
            [("a", 2), ("a", 4), ("a", 6), ("b", 1), ("b", 3), ("c", 5)].map(|(a, n)| (a.to_string(), n)).into();
        assert_eq!(out, expected);
    }

    #[test]
    fn the_run_files_are_removed_when_the_merge_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let sort = dir.path().join("sort");
        let mut sorter = Sorter::new(&sort, 1).unwrap();
        sorter.push("x", Part::Entity { id: 1, forms: vec!["X".into()], keys: Vec::new() }).unwrap();
        let merge = sorter.finish().unwrap();
        assert!(sort.exists());
        drop(merge);
        assert!(!sort.exists());
    }
}
