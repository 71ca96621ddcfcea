//! `kg`: a knowledge graph of who met whom, read straight from the news.
//!
//! Articles (text, Markdown, JSON Lines) → sentences → mentions → entities → relations with
//! evidence → a sled store → queries (neighbours, paths) and exports (DOT, JSON).
//!
//! ```
//! use kg::extract::{extract, Lexicon};
//! let facts = extract("US envoy Steve Witkoff met Vladimir Putin in Moscow on Friday.", "2025-04-11", &Lexicon::builtin());
//! assert!(facts.relations.iter().any(|r| r.kind.as_str() == "met-with"));
//! ```
//!
//! Three layers, arrows only downwards (`tests/layers.rs` fails on any import cycle):
//!
//! ```text
//! faces   cli/    clap → an ops request or a view question → the reply printed
//!         serve/  HTTP routes → ops, view → the reply as JSON (never CLI code)
//! core    ops/    typed operations (corrections, their log, undo, import, check, backup;
//!                 ingest, extract, export and kg import, which stream)
//!                 and ops::Client, the one place that runs them, and view questions, on
//!                 the `kg serve` holding the store, else on the store itself
//!         view/   typed answers to questions;  error.rs  crate::Error (exit code, status)
//! engine  pipeline, ingest, extract (pure), facts, store (the only module touching
//!         sled), query, export, graph; atomic (whole-or-nothing outputs), alloc
//! ```
//!
//! A command prints the same bytes and exits with the same code whether it runs on the
//! store or through a server: both sides build the same typed reply, and only `cli` words it.
//!
//! `ARCHITECTURE.md`, at the top of the repository, is the map: each folder of `src/` with
//! its job and what it may import, and the invariants with their known exceptions.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod alloc;
pub mod atomic;
pub mod cli;
pub mod error;
pub mod export;
pub mod extract;
pub mod facts;
pub mod graph;
pub mod ingest;
pub mod ops;
pub mod pipeline;
pub mod query;
pub mod search;
pub mod serve;
pub mod store;
pub mod view;

pub use error::{Error, Result};
