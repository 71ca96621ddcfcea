//! The corrections log: `GET /api/corrections` (every entry, with whether it holds; also what
//! `kg corrections export` writes) and `POST /api/corrections/{n}/undo`.

use super::{Local, Method, Operation};
use crate::error::{Error, Result};
use crate::graph::RelationKind;
use crate::store::correct::{line, Line, Op};
use serde::{Deserialize, Serialize};

/// The whole log, in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct List {}

/// The log, as `kg corrections list --format json` prints it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Log {
    pub corrections: Vec<Entry>,
}

/// One entry: its line in a corrections file, and whether it holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    #[serde(flatten)]
    pub line: Line,
    /// Resolved here, and not superseded by a later correction.
    pub in_effect: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<u64>,
}

impl Entry {
    /// Whether it could not take effect: an entity it names is missing here. (An entry that
    /// did not resolve neither supersedes nor is superseded.)
    pub fn unresolved(&self) -> bool {
        !self.in_effect && self.superseded_by.is_none()
    }
}

impl Operation for List {
    type Reply = Log;
    const WRITES: bool = false;

    fn route(&self) -> (Method, String) {
        (Method::Get, "/api/corrections".into())
    }

    fn run(&self, local: &Local) -> Result<Log> {
        // The log between two commits of an ingest running meanwhile.
        let _consistent = local.store.consistent();
        let superseded = local.store.superseded()?;
        let corrections = local
            .store
            .corrections()?
            .iter()
            .map(|(n, c)| {
                let by = superseded.get(n).copied();
                Entry { line: line(*n, c), in_effect: c.ids.is_some() && by.is_none(), superseded_by: by }
            })
            .collect();
        Ok(Log { corrections })
    }
}

/// Undo correction `n`: what it removed comes back, what it added goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Undo {
    pub n: u64,
}

/// The correction undone, as the log named it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Undone {
    pub n: u64,
    /// reject, assert, merge, rename, retype, unmerge or dismiss.
    pub op: String,
    pub source: String,
    /// None for a correction of an entity.
    pub relation: Option<String>,
    pub target: String,
}

impl Operation for Undo {
    type Reply = Undone;
    const WRITES: bool = true;

    fn route(&self) -> (Method, String) {
        (Method::Post, format!("/api/corrections/{}/undo", self.n))
    }

    fn run(&self, local: &Local) -> Result<Undone> {
        let n = self.n;
        let _one_writer = local.one_writer();
        if !local.store.has_correction(n)? {
            return Err(Error::NotFound {
                message: format!("no correction {n} (see `kg corrections list`)"),
                suggestions: Vec::new(),
            });
        }
        // What refuses an undo (an imported correction, a key changed since) is for the
        // user to settle.
        let c = local.store.undo(n).map_err(|e| Error::Usage(e.to_string()))?;
        let op = match c.op {
            Op::Reject { .. } => "reject",
            Op::Assert | Op::AssertCited { .. } => "assert",
            Op::Merge => "merge",
            Op::Rename { .. } => "rename",
            Op::Retype { .. } => "retype",
            Op::Unmerge { .. } => "unmerge",
            Op::Dismiss => "dismiss",
        };
        Ok(Undone {
            n,
            op: op.into(),
            source: c.source.clone(),
            relation: c.kind().map(|k| RelationKind::as_str(k).to_string()),
            target: c.target,
        })
    }
}
