//! `crate::Error`: what an operation reports when it cannot do what was asked, as one enum
//! whose every kind knows how each face reports it: the exit code the CLI ends with and the
//! HTTP status the server answers with.
//!
//! Modules keep their own errors (`store::Error`, `view::Error`, ...); this one gathers them
//! at the layer the faces call (`ops`, `view` through `ops`). It never prints and never
//! exits: `cli` and `serve` read `exit_code` and `status`.
//!
//! | kind | exit | HTTP |
//! |---|---|---|
//! | `Usage`: a bad flag, date, relation, type, path | 2 | 400 |
//! | `NotFound`: no entity (or correction) by that name | 2 | 404 |
//! | `Ambiguous`: several entities by that name | 2 | 409 |
//! | `InUse`: another process holds the store | 3 | 409 |
//! | `Store`: the store failed (`store::Error::InUse`: 3; a refused correction: 400) | 2 | 500 |
//! | `Output`: an output file or directory could not be written | 2 | 500 |
//! | `Write`: an answer could not be written out (a closed pipe: the CLI exits 0) | 2 | 500 |
//! | `Server`: the server answered an error | 2 | its status |
//!
//! The exit codes are the ones scripts rely on (README, `cli/mod.rs`): keep them.

use crate::query::find::{Candidate, FindError};
use crate::store;
use crate::view;

/// Why an operation did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the user must fix: a flag, a date, a relation, a type, a path.
    #[error("{0}")]
    Usage(String),
    /// Nothing has that name (an entity, a correction number).
    #[error("{message}")]
    NotFound { message: String, suggestions: Vec<String> },
    /// Several entities have that name: the message lists them and says how to choose.
    #[error("{message}")]
    Ambiguous { message: String, candidates: Vec<Candidate> },
    /// Another process holds the store (a server, for a command that needs the store itself).
    #[error("{0}")]
    InUse(String),
    #[error(transparent)]
    Store(#[from] store::Error),
    /// An output (a backup's directory) could not be written.
    #[error(transparent)]
    Output(#[from] crate::atomic::OutputError),
    /// An answer could not be written out: a full disk, or a reader that closed its pipe
    /// (`kg export | head`), which the CLI takes as "enough" and exits 0 on.
    #[error("writing the output: {0}")]
    Write(std::io::Error),
    /// The server holding the store answered with an error: its message, as the command
    /// would have said it itself.
    #[error("{message}")]
    Server { status: u16, message: String },
}

/// A result whose error is `crate::Error`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The exit code a command ends with: 3 when the store is in use, 2 otherwise (exit 1,
    /// "ran, but not everything succeeded", is an answer, not an error).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::InUse(_) | Error::Store(store::Error::InUse { .. }) => 3,
            _ => 2,
        }
    }

    /// The HTTP status the server answers with.
    pub fn status(&self) -> u16 {
        match self {
            Error::Usage(_) | Error::Store(store::Error::Refused(_)) => 400,
            Error::NotFound { .. } => 404,
            Error::Ambiguous { .. } | Error::InUse(_) => 409,
            Error::Store(_) | Error::Output(_) | Error::Write(_) => 500,
            Error::Server { status, .. } => *status,
        }
    }

    /// Whether this is a write to a reader that closed its pipe: not a failure for a
    /// command whose output was cut short on purpose (`kg export | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Write(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
    }

    /// A usage error: what the user must fix.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Usage(message.into())
    }
}

impl From<view::Error> for Error {
    fn from(e: view::Error) -> Error {
        match e {
            view::Error::Usage(m) => Error::Usage(m),
            view::Error::Find(f) => Error::from(f),
            view::Error::NotFound(message) => Error::NotFound { message, suggestions: Vec::new() },
            view::Error::Store(s) => Error::Store(s),
            view::Error::Write(io) => Error::Write(io),
        }
    }
}

/// The one way an entity a user named becomes an error, whether a question or an operation
/// looked it up.
impl From<FindError> for Error {
    fn from(e: FindError) -> Error {
        let message = e.to_string();
        match e {
            FindError::Unknown { suggestions, .. } => Error::NotFound { message, suggestions },
            FindError::NotOfType { .. } => Error::NotFound { message, suggestions: Vec::new() },
            FindError::Ambiguous { candidates, .. } => Error::Ambiguous { message, candidates },
            FindError::TooLong { .. } => Error::Usage(message),
            FindError::Store(s) => Error::Store(s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_the_exit_code_scripts_rely_on_and_its_status() {
        let in_use = Error::Store(store::Error::InUse { path: "kg.sled".into() });
        let cases = [
            (Error::usage("bad date"), 2, 400),
            (Error::NotFound { message: "no entity".into(), suggestions: vec![] }, 2, 404),
            (Error::Ambiguous { message: "which one".into(), candidates: vec![] }, 2, 409),
            (Error::InUse("held by kg serve".into()), 3, 409),
            (in_use, 3, 500),
            (Error::Store(store::Error::Sled("disk".into())), 2, 500),
            (Error::Store(store::Error::Refused("self-merge".into())), 2, 400),
            (Error::Server { status: 404, message: "no entity".into() }, 2, 404),
            (Error::Write(std::io::ErrorKind::BrokenPipe.into()), 2, 500),
        ];
        for (e, code, status) in cases {
            assert_eq!((e.exit_code(), e.status()), (code, status), "{e:?}");
        }
    }
}
