//! `kg import FILE`: rebuild a store from a JSON export.

use super::Global;
use crate::graph::{EntityId, EntityKind, RelationKind};
use crate::store::copy::{ImportEntity, ImportRelation};
use crate::store::Store;
use anyhow::Context;
use serde::Deserialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Rebuild a store (--db, which must be new or empty) from a `kg export --format json` file,
/// so that export → import → export gives the same graph. Article titles, dates and text
/// hashes are not in an export: re-ingesting an imported article replaces its facts.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The JSON export to read (`-` for standard input).
    pub file: PathBuf,
}

#[derive(Deserialize)]
struct Export {
    entities: Vec<EntityDto>,
    relations: Vec<RelationDto>,
}

#[derive(Deserialize)]
struct EntityDto {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    articles: Vec<String>,
}

#[derive(Deserialize)]
struct RelationDto {
    source: String,
    target: String,
    relation: String,
    #[serde(default)]
    evidence: Vec<EvidenceDto>,
}

#[derive(Deserialize)]
struct EvidenceDto {
    article: String,
    sentence: String,
    #[serde(default)]
    pattern: String,
    #[serde(default)]
    confidence: Option<f32>,
}

fn bad(message: String) -> anyhow::Error {
    anyhow::Error::new(super::Failure { message, code: 2 })
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn std::io::Read> = if a.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&a.file).with_context(|| format!("reading {}", a.file.display()))?)
    };
    let export: Export = serde_json::from_reader(std::io::BufReader::new(reader))
        .map_err(|e| bad(format!("{}: not a kg JSON export: {e}", a.file.display())))?;
    let mut entities = Vec::with_capacity(export.entities.len());
    for e in export.entities {
        entities.push(ImportEntity {
            id: e.id.parse::<EntityId>().map_err(bad)?,
            kind: e.kind.parse::<EntityKind>().map_err(bad)?,
            name: e.name,
            aliases: e.aliases,
            articles: e.articles,
        });
    }
    let mut relations = Vec::with_capacity(export.relations.len());
    for r in export.relations {
        relations.push(ImportRelation {
            source: r.source.parse().map_err(bad)?,
            target: r.target.parse().map_err(bad)?,
            kind: r.relation.parse::<RelationKind>().map_err(bad)?,
            evidence: r
                .evidence
                .into_iter()
                .map(|e| (e.article, e.sentence, e.pattern, e.confidence.unwrap_or(1.0)))
                .collect(),
        });
    }
    let store = Store::import(&g.db, &entities, &relations).map_err(|e| match e {
        crate::store::Error::Exists { .. } | crate::store::Error::Corrupt { .. } => bad(e.to_string()),
        other => anyhow::Error::new(other),
    })?;
    // As after an ingest: the next command then opens the store without replaying the import.
    store.close_and_snapshot()?;
    if !g.quiet {
        println!("imported {} entities and {} relations into {}", entities.len(), relations.len(), g.db.display());
    }
    Ok(ExitCode::SUCCESS)
}
