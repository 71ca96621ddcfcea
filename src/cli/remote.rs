//! Commands whose output is text about the store: the corrections, `check` and `backup`.
//! Run alone, a command opens the store and runs `correct::execute`; while `kg serve` holds
//! the store, the command sends itself to the server (`POST /api/run`), which runs the same
//! function into buffers and answers with what it printed and the exit status.

use super::Global;
use crate::store::correct::Line;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// A command, as the server receives it.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum Remote {
    Merge {
        keep: String,
        others: Vec<String>,
        note: String,
    },
    Unmerge {
        entity: String,
        form: String,
        note: String,
    },
    Rename {
        entity: String,
        name: String,
        note: String,
    },
    Retype {
        entity: String,
        kind: String,
        note: String,
    },
    Reject {
        edge: super::correct::EdgeArgs,
        article: Option<String>,
    },
    Assert {
        edge: super::correct::EdgeArgs,
    },
    List {
        json: bool,
    },
    Undo {
        n: u64,
    },
    /// The log as JSON Lines (`kg corrections export` writes it to its file).
    Log,
    /// A log file, read and checked by the client: its name for messages, and its lines.
    Import {
        file: String,
        lines: Vec<(usize, Line)>,
    },
    Check {
        json: bool,
    },
    /// `dest` absolute; `db` and `shown` as the user named them, for the message.
    Backup {
        dest: PathBuf,
        db: String,
        shown: String,
    },
}

impl Remote {
    /// Whether it changes the store (a write: one at a time, with the token when one is set).
    pub fn writes(&self) -> bool {
        !matches!(self, Remote::List { .. } | Remote::Log | Remote::Check { .. })
    }
}

/// What the server answers: the command's output and exit status.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Reply {
    pub stdout: String,
    pub stderr: String,
    pub exit: u8,
}

/// Runs the command through the server holding the store, or on the store itself.
pub fn dispatch(g: &Global, cmd: Remote) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    dispatch_into(g, cmd, &mut out)
}

/// As `dispatch`, with standard output going to `out`.
pub fn dispatch_into(g: &Global, cmd: Remote, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if let Some(server) = crate::serve::client::running(&g.db) {
        match server.run(&cmd, g.quiet) {
            Ok(reply) => {
                out.write_all(reply.stdout.as_bytes())?;
                eprint!("{}", reply.stderr);
                return Ok(ExitCode::from(reply.exit));
            }
            Err(crate::serve::client::ClientError::Unreachable(_)) => {}
            Err(e) => return Err(super::from_server(e)),
        }
    }
    let mut err = std::io::stderr().lock();
    if !cmd.writes() {
        let store = super::open_existing(g)?;
        return super::correct::execute(&store, &cmd, out, &mut err, g.quiet, None);
    }
    let (store, migrated) = crate::store::Store::open(&g.db, crate::store::Access::Existing)?;
    for step in migrated {
        if !g.quiet {
            eprintln!("kg: migrated store {} ({step})", g.db.display());
        }
    }
    let code = super::correct::execute(&store, &cmd, out, &mut err, g.quiet, None)?;
    store.close_and_snapshot()?;
    Ok(code)
}
