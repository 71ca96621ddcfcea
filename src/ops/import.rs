//! `POST /api/corrections/import`: a corrections file, read and checked whole by the client
//! (`read_log`), then replayed against this store in batches, each line through
//! `Store::correct` (the one path every correction takes). Lines already in the log are
//! skipped, so importing a file twice changes nothing.

use super::correct::{
    dismiss_correction, edge, effect, entity_correction, find, merge_correction, Applied, Ends, NO_RELATION,
};
use super::{Local, Method, Operation};
use crate::error::{Error, Result};
use crate::graph::{EntityKind, RelationKind};
use crate::store::correct::{Correction, Delta, Line, Op};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::BufRead;

/// A corrections file: its name for messages, and its lines with their line numbers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Import {
    pub file: String,
    pub lines: Vec<(usize, Line)>,
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Imported {
    /// The corrections that took effect, in order.
    pub applied: Vec<Applied>,
    /// Lines kept in the log without effect, or refused, each with why (`file:line: ...`).
    pub problems: Vec<String>,
    /// Lines whose correction was in the log already.
    pub present: usize,
    pub unresolved: usize,
    pub refused: usize,
}

/// Reads and checks every line of a corrections file before anything is written.
///
/// # Errors
/// The file cannot be read, or a line is not a correction (the error names the line).
pub fn read_log(file: &std::path::Path) -> Result<Vec<(usize, Line)>> {
    let at = |i: usize, what: String| Error::Usage(format!("{}:{}: {what}", file.display(), i + 1));
    let reader = std::io::BufReader::new(
        std::fs::File::open(file).map_err(|e| Error::Usage(format!("{}: {e}", file.display())))?,
    );
    let mut lines = Vec::new();
    for (i, text) in reader.lines().enumerate() {
        let text = text.map_err(|e| at(i, e.to_string()))?;
        if text.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(&text).map_err(|e| at(i, format!("not a correction ({e})")))?;
        if !matches!(l.op.as_str(), "reject" | "assert" | "merge" | "rename" | "retype" | "unmerge" | "dismiss") {
            return Err(at(
                i,
                format!("unknown op {:?} (reject, assert, merge, unmerge, rename, retype or dismiss)", l.op),
            ));
        }
        if l.op == "retype" {
            l.target.parse::<EntityKind>().map_err(|e| at(i, e))?;
        }
        if matches!(l.op.as_str(), "reject" | "assert") {
            l.relation.parse::<RelationKind>().map_err(|e| at(i, e))?;
        }
        lines.push((i + 1, l));
    }
    Ok(lines)
}

/// How many corrections an import writes between two flushes, and, through a server,
/// between taking and releasing the writer: an ingest sent meanwhile waits for one batch,
/// not the whole import.
const IMPORT_BATCH: usize = 256;

/// What makes two log entries one correction: the op (with its article, name, type or
/// form), the names, the relation and the note. A symmetric relation's names, and a
/// dismissal's, count in either order: the log keeps them in stored order (by id), a file may
/// have them the other way round.
type Key = (String, String, u8, String, String);

fn key(op: &Op, source: &str, code: u8, target: &str, note: &str) -> Key {
    let symmetric = *op == Op::Dismiss || RelationKind::from_code(code).is_some_and(RelationKind::is_symmetric);
    let (a, b) = if symmetric && target < source { (target, source) } else { (source, target) };
    (format!("{op:?}"), a.to_string(), code, b.to_string(), note.to_string())
}

/// A line's op and relation code. Lines come from `read_log`, or from anyone through a
/// server: each is checked again.
fn op_of(l: &Line) -> Result<(Op, u8)> {
    let op = match l.op.as_str() {
        "reject" => Op::Reject { article: l.article.clone() },
        "assert" => crate::store::correct::assert_op(l).map_err(Error::Usage)?,
        "merge" => Op::Merge,
        "rename" => Op::Rename { name: l.target.clone() },
        "retype" => Op::Retype { kind: l.target.parse::<EntityKind>().map_err(Error::Usage)?.code() },
        "unmerge" => Op::Unmerge { form: l.target.clone() },
        "dismiss" => Op::Dismiss,
        other => return Err(Error::usage(format!("unknown op {other:?}"))),
    };
    let code = match op {
        Op::Reject { .. } | Op::Assert | Op::AssertCited { .. } => {
            l.relation.parse::<RelationKind>().map_err(Error::Usage)?.code()
        }
        _ => NO_RELATION,
    };
    Ok((op, code))
}

/// Refuses a file whose merges, taken in order, merge an entity into itself: a self-merge,
/// or a cycle (A into B, then B into A). Nothing is written: such a file is wrong as a whole.
fn check_merges(store: &Store, file: &str, lines: &[(usize, Line, Op, u8, bool)]) -> Result<()> {
    // Where each merged entity went, as the file's merges before this line leave it.
    let mut into: HashMap<u64, u64> = HashMap::new();
    let root = |into: &HashMap<u64, u64>, mut id: u64| {
        while let Some(&next) = into.get(&id) {
            id = next;
        }
        id
    };
    for (at, l, op, _, present) in lines {
        if *op != Op::Merge || *present {
            continue;
        }
        let (Ok(keep), Ok(other)) = (find(store, &l.source), find(store, &l.target)) else { continue };
        let (k, o) = (root(&into, keep.id.0), root(&into, other.id.0));
        if k == o {
            return Err(Error::usage(format!(
                "{file}:{at}: merging {:?} into {:?} merges {} into itself (a self-merge, or a cycle with an earlier merge in the file): nothing imported",
                l.target, l.source, crate::graph::EntityId(k)
            )));
        }
        into.insert(o, k);
    }
    Ok(())
}

impl Operation for Import {
    type Reply = Imported;
    const WRITES: bool = true;

    fn route(&self) -> (Method, String) {
        (Method::Post, "/api/corrections/import".into())
    }

    /// Replays the file: each line not already in the log is resolved against this store
    /// and carried out through `Store::correct`. Linear in the file and the log: the log is
    /// read once into an index by `key`.
    fn run(&self, local: &Local) -> Result<Imported> {
        let (store, file) = (local.store, &self.file);
        let mut done = Imported::default();
        // Each key: the first entry with it, and whether one took effect.
        let mut index: HashMap<Key, (u64, bool)> = HashMap::new();
        // What each new entry supersedes, followed as entries go in (not read back each time).
        let mut supersession = crate::store::correct::Supersession::default();
        for (n, c) in store.corrections()? {
            supersession.push(n, &c.op, c.relation, c.ids);
            let slot = index.entry(key(&c.op, &c.source, c.relation, &c.target, &c.note)).or_insert((n, false));
            slot.1 |= c.ids.is_some();
        }
        let mut parsed = Vec::with_capacity(self.lines.len());
        for (at, l) in &self.lines {
            let (op, code) = op_of(l).map_err(|e| Error::Usage(format!("{file}:{at}: {e}")))?;
            let present = index.get(&key(&op, &l.source, code, &l.target, &l.note)).is_some_and(|(_, took)| *took);
            parsed.push((*at, l.clone(), op, code, present));
        }
        check_merges(store, file, &parsed)?;
        for batch in parsed.chunks(IMPORT_BATCH) {
            let one_writer = local.one_writer();
            for (at, l, op, code, _) in batch {
                let (at, code) = (*at, *code);
                let k = key(op, &l.source, code, &l.target, &l.note);
                let known = index.get(&k).copied();
                if known.is_some_and(|(_, took)| took) {
                    done.present += 1;
                    continue;
                }
                let resolved = match op {
                    Op::Merge => find(store, &l.source)
                        .and_then(|keep| Ok(merge_correction(&keep, &find(store, &l.target)?, &l.note))),
                    Op::Rename { .. } | Op::Retype { .. } | Op::Unmerge { .. } => {
                        find(store, &l.source).map(|e| entity_correction(op.clone(), &e, l.target.clone(), &l.note))
                    }
                    Op::Dismiss => find(store, &l.source)
                        .and_then(|a| Ok(dismiss_correction(&a, &find(store, &l.target)?, &l.note))),
                    _ => edge(store, op.clone(), Ends::named(&l.source, &l.target), &l.relation, &l.note),
                };
                let mut c = match resolved {
                    Ok(c) => c,
                    Err(e) => {
                        done.problems.push(format!("{file}:{at}: {e}; kept in the log, with no effect"));
                        done.unresolved += 1;
                        Correction {
                            date: String::new(),
                            note: l.note.clone(),
                            op: op.clone(),
                            source: l.source.clone(),
                            relation: code,
                            target: l.target.clone(),
                            ids: None,
                            writes: Vec::new(),
                            counts: Delta::default(),
                            imported: false,
                        }
                    }
                };
                c.date = l.date.clone();
                // A pair the log records as two already, under another note: nothing to add.
                if let (Op::Dismiss, Some((a, b))) = (&c.op, c.ids) {
                    if store.dismissal_of(crate::graph::EntityId(a), crate::graph::EntityId(b))?.is_some() {
                        done.present += 1;
                        continue;
                    }
                }
                // A correction that could not take effect before is retried: it replaces its
                // entry. Otherwise it keeps its number when that is free here.
                let number = match known {
                    Some((n, _)) => Some(n),
                    None if !store.has_correction(l.n)? => Some(l.n),
                    None => None,
                };
                let n = match store.correct_and(c, number, false) {
                    Ok(n) => n,
                    Err(crate::store::Error::Refused(reason)) => {
                        done.problems.push(format!("{file}:{at}: {reason}; not imported"));
                        done.refused += 1;
                        continue;
                    }
                    Err(e) => return Err(e.into()),
                };
                if let Some(c) = store.correction(n)? {
                    index.insert(k, (n, c.ids.is_some()));
                    let supersedes = supersession.push(n, &c.op, c.relation, c.ids);
                    if c.ids.is_some() {
                        done.applied.push(Applied { n, effect: effect(n, &c), supersedes });
                    }
                }
            }
            store.flush()?;
            drop(one_writer);
            if local.writer.is_some() {
                // The lock is not fair: give a waiting ingest the moment to take it.
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        Ok(done)
    }
}
