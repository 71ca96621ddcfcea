//! The JSON export, exactly the contract of EXTRACTION.md, plus extra keys:
//!
//! ```json
//! {"entities": [{"id": "e17", "name": "Vladimir Putin", "type": "person",
//!                "aliases": ["Putin"], "articles": ["witkoff-putin"]}],
//!  "relations": [{"source": "e3", "target": "e17", "relation": "met-with", "confidence": 0.9,
//!                 "evidence": [{"article": "witkoff-putin", "sentence": "...",
//!                               "pattern": "met-verb", "confidence": 0.9}]}]}
//! ```
//!
//! One entity or relation per line, entities by id, relations by (source, relation code,
//! target), evidence by (article, sentence order): stable output that diffs well. Written as
//! it is read from the store, so memory does not grow with the graph.

use super::{Error, Selection};
use crate::store::Store;
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct EntityDto<'a> {
    id: String,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    aliases: &'a [String],
    articles: Vec<String>,
}

#[derive(Serialize)]
struct EvidenceDto<'a> {
    article: &'a str,
    sentence: &'a str,
    pattern: &'a str,
    confidence: f32,
}

#[derive(Serialize)]
struct RelationDto<'a> {
    source: String,
    target: String,
    relation: &'a str,
    confidence: f32,
    evidence: Vec<EvidenceDto<'a>>,
}

/// Writes the selected part of the graph as JSON.
pub fn write(store: &Store, selection: &Selection, out: &mut dyn Write) -> Result<(), Error> {
    out.write_all(b"{\"entities\": [")?;
    let mut first = true;
    for id in selection.entity_ids(store)? {
        let Some(e) = store.entity(id)? else { continue };
        let dto = EntityDto {
            id: e.id.to_string(),
            name: &e.name,
            kind: e.kind.as_str(),
            aliases: &e.aliases,
            articles: store.entity_articles(id)?,
        };
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &dto).map_err(std::io::Error::from)?;
        first = false;
    }
    out.write_all(b"\n], \"relations\": [")?;
    let mut first = true;
    selection.for_each_relation(store, |s, kind, t| {
        let evidence = store.evidence(s, kind, t)?;
        let dto = RelationDto {
            source: s.to_string(),
            target: t.to_string(),
            relation: kind.as_str(),
            confidence: crate::graph::confidence(&evidence),
            evidence: evidence
                .iter()
                .map(|e| EvidenceDto {
                    article: &e.article,
                    sentence: &e.sentence,
                    pattern: &e.pattern,
                    confidence: e.confidence,
                })
                .collect(),
        };
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &dto).map_err(std::io::Error::from)?;
        first = false;
        Ok(())
    })?;
    out.write_all(b"\n]}\n")?;
    Ok(())
}
