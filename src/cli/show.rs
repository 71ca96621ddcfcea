//! `kg show ENTITY`: everything the graph holds about one entity, with the evidence.

use super::output::{json, terminal_safe as safe};
use super::{Format, Global};
use crate::graph::{EntityId, RelationKind};
use serde_json::json;
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

/// Show an entity: type, aliases, the articles that mention it, and every relation with the
/// sentences (and the pattern) that support it.
///
/// Examples:
///   kg show "Vladimir Putin"
///   kg show e17 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The entity: name, alias or id.
    pub entity: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let store = super::open_existing(g)?;
    let e = super::find(&store, &a.entity)?;
    let articles = store.entity_articles(e.id)?;
    let mut relations: Vec<(EntityId, RelationKind, EntityId)> =
        store.edges(e.id)?.iter().map(|edge| edge.triple(e.id)).collect();
    relations.sort();
    relations.dedup();
    let mut names: HashMap<EntityId, String> = HashMap::from([(e.id, e.name.clone())]);
    for &(s, _, t) in &relations {
        for id in [s, t] {
            if let std::collections::hash_map::Entry::Vacant(v) = names.entry(id) {
                v.insert(store.entity(id)?.map(|x| x.name).unwrap_or_default());
            }
        }
    }
    let mut out = std::io::stdout().lock();
    let mut rels_json = Vec::new();
    if a.format == Format::Table {
        writeln!(out, "{} ({}, {})", safe(&e.name), e.id, e.kind)?;
        let aliases = if e.aliases.is_empty() { "-".to_string() } else { e.aliases.join(", ") };
        writeln!(out, "aliases:  {}", safe(&aliases))?;
        writeln!(out, "articles: {}", safe(&articles.join(", ")))?;
        writeln!(out, "relations: {}", relations.len())?;
    }
    for &(s, kind, t) in &relations {
        let evidence = store.evidence(s, kind, t)?;
        let confidence = crate::graph::confidence(&evidence);
        let arrow = if kind.is_symmetric() { format!("-[{kind}]-") } else { format!("-[{kind}]->") };
        match a.format {
            Format::Table => {
                writeln!(out, "\n  {} {arrow} {}  (confidence {confidence:.2})", safe(&names[&s]), safe(&names[&t]))?;
                for ev in &evidence {
                    writeln!(out, "    {} [{}]: {}", safe(&ev.article), safe(&ev.pattern), safe(&ev.sentence))?;
                }
            }
            Format::Json => rels_json.push(json!({
                "source": s.to_string(), "source_name": names[&s], "relation": kind.as_str(),
                "target": t.to_string(), "target_name": names[&t], "confidence": confidence,
                "evidence": evidence.iter().map(|ev| json!({"article": ev.article, "sentence": ev.sentence,
                    "pattern": ev.pattern, "confidence": ev.confidence})).collect::<Vec<_>>(),
            })),
        }
    }
    if a.format == Format::Json {
        json(
            &mut out,
            &json!({"id": e.id.to_string(), "name": e.name, "type": e.kind.as_str(), "aliases": e.aliases,
                    "articles": articles, "relations": rels_json}),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
