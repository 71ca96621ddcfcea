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
//! Modules, with one-way arrows: `cli → ingest, extract, store, query, export → graph`.

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
pub mod serve;
pub mod store;
pub mod view;

pub use error::{Error, Result};
