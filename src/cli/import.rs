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
    if g.db.exists() && std::fs::read_dir(&g.db).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(bad(format!(
            "{} already exists and is not empty: kg import builds a new store (choose a new --db)",
            g.db.display()
        )));
    }
    let reader: Box<dyn std::io::Read> = if a.file.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(&a.file).with_context(|| format!("reading {}", a.file.display()))?)
    };
    let export: Export = serde_json::from_reader(std::io::BufReader::new(reader))
        .map_err(|e| bad(format!("{}: not a kg JSON export: {e}", a.file.display())))?;
    let (entities, relations) =
        validate(export).map_err(|e| bad(format!("{}: {e}; nothing was imported", a.file.display())))?;
    // Built beside --db and renamed into place once complete: a killed import leaves either
    // no store or the whole one.
    crate::atomic::build_dir(&g.db, |tmp| -> anyhow::Result<()> {
        let store = Store::import(tmp, &entities, &relations).map_err(|e| match e {
            crate::store::Error::Exists { .. } | crate::store::Error::Corrupt { .. } => bad(e.to_string()),
            other => anyhow::Error::new(other),
        })?;
        // As after an ingest: the next command then opens the store without replaying the import.
        store.close_and_snapshot()?;
        Ok(())
    })?;
    if !g.quiet {
        println!("imported {} entities and {} relations into {}", entities.len(), relations.len(), g.db.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The largest entity id an import accepts: ids above it would leave no room for the ids the
/// next ingest allocates.
const MAX_ENTITY_ID: u64 = 1 << 52;

/// Checks an export whole before anything is written: every problem is named with its JSON
/// path.
fn validate(export: Export) -> Result<(Vec<ImportEntity>, Vec<ImportRelation>), String> {
    let mut entities = Vec::with_capacity(export.entities.len());
    let mut seen = std::collections::HashMap::new();
    for (i, e) in export.entities.into_iter().enumerate() {
        let at = format!("entities[{i}]");
        let id = e.id.parse::<EntityId>().map_err(|m| format!("{at}.id: {m}"))?;
        if id.0 == 0 || id.0 > MAX_ENTITY_ID {
            return Err(format!("{at}.id: {} is out of range (e1 to e{MAX_ENTITY_ID})", e.id));
        }
        if let Some(first) = seen.insert(id, i) {
            return Err(format!("{at}.id: {} is already the id of entities[{first}]", e.id));
        }
        let mut articles = std::collections::HashSet::new();
        for (j, article) in e.articles.iter().enumerate() {
            if !articles.insert(article) {
                return Err(format!("{at}.articles[{j}]: article {article:?} is listed twice"));
            }
        }
        entities.push(ImportEntity {
            id,
            kind: e.kind.parse::<EntityKind>().map_err(|m| format!("{at}.type: {m}"))?,
            name: e.name,
            aliases: e.aliases,
            articles: e.articles,
        });
    }
    let mut relations = Vec::with_capacity(export.relations.len());
    let mut pairs = std::collections::HashMap::new();
    for (i, r) in export.relations.into_iter().enumerate() {
        let at = format!("relations[{i}]");
        let end = |field: &str, value: &str| -> Result<EntityId, String> {
            let id = value.parse::<EntityId>().map_err(|m| format!("{at}.{field}: {m}"))?;
            if !seen.contains_key(&id) {
                return Err(format!("{at}.{field}: {value} names no entity of the export"));
            }
            Ok(id)
        };
        let (source, target) = (end("source", &r.source)?, end("target", &r.target)?);
        let kind = r.relation.parse::<RelationKind>().map_err(|m| format!("{at}.relation: {m}"))?;
        if let Some(first) = pairs.insert((source, kind, target), i) {
            return Err(format!("{at}: the same relation as relations[{first}]"));
        }
        if r.evidence.is_empty() {
            return Err(format!("{at}.evidence: a relation needs at least one piece of evidence"));
        }
        let mut evidence = Vec::with_capacity(r.evidence.len());
        for (j, e) in r.evidence.into_iter().enumerate() {
            let confidence = e.confidence.unwrap_or(1.0);
            if !confidence.is_finite() || !(0.0..=1.0).contains(&confidence) {
                return Err(format!("{at}.evidence[{j}].confidence: {confidence} is not a number from 0 to 1"));
            }
            evidence.push((e.article, e.sentence, e.pattern, confidence));
        }
        relations.push(ImportRelation { source, target, kind, evidence });
    }
    Ok((entities, relations))
}
