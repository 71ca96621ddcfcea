//! CSV files for `neo4j-admin database import full`, with the header conventions it reads.
//!
//! `nodes.csv`: `id:ID,name,aliases:string[],articles:int,:LABEL` (label `Person`,
//! `Organization`, `Place` or `Concept`; aliases separated by `;`, Neo4j's array delimiter);
//! `relationships.csv`: `:START_ID,:END_ID,:TYPE,evidence:int,confidence:float,sentences:string[]`
//! (type `ENVOY_OF`, `MET_WITH`, ...; `sentences` are `article: sentence` strings). A
//! README.md beside them gives the exact import command.

use super::csv::io;
use super::{Error, Selection};
use crate::graph::{EntityKind, RelationKind};
use crate::store::Store;
use std::path::Path;

fn label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "Person",
        EntityKind::Organization => "Organization",
        EntityKind::Place => "Place",
        EntityKind::Concept => "Concept",
    }
}

/// The relationship type: `met-with` → `MET_WITH`.
pub fn rel_type(kind: RelationKind) -> String {
    kind.as_str().replace('-', "_").to_uppercase()
}

/// Writes the Neo4j import files under `dir`. Returns the node and relationship counts.
pub fn write(store: &Store, selection: &Selection, dir: &Path) -> Result<(usize, usize), Error> {
    std::fs::create_dir_all(dir)?;
    let mut nodes = csv::Writer::from_path(dir.join("nodes.csv")).map_err(io)?;
    nodes.write_record(["id:ID", "name", "aliases:string[]", "articles:int", ":LABEL"]).map_err(io)?;
    let ids = selection.entity_ids(store)?;
    let mut articles = super::Articles::new(store);
    for &id in &ids {
        let Some(e) = store.entity(id)? else { continue };
        // ";" separates array items: one inside an alias would split it.
        let aliases: Vec<String> = e.aliases.iter().map(|a| a.form.replace(';', ",")).collect();
        let articles = articles.of_entity(id, &selection.period)?.len().to_string();
        nodes
            .write_record([e.id.to_string(), e.name, aliases.join(";"), articles, label(e.kind).to_string()])
            .map_err(io)?;
    }
    nodes.flush()?;
    let mut rels = csv::Writer::from_path(dir.join("relationships.csv")).map_err(io)?;
    rels.write_record([
        ":START_ID",
        ":END_ID",
        ":TYPE",
        "evidence:int",
        "articles:int",
        "first_seen:date",
        "last_seen:date",
        "confidence:float",
        "sentences:string[]",
        "event_dates:string[]",
        "venues:string[]",
    ])
    .map_err(io)?;
    let mut n = 0;
    let mut occasions = super::occasions::Occasions::new(store);
    selection.for_each_relation(store, |r| {
        let (dates, venues) = occasions.of(r)?;
        let venues: Vec<String> = venues.iter().map(|v| v.replace(';', ",")).collect();
        let sentences: Vec<String> =
            r.evidence.iter().map(|e| format!("{}: {}", e.article, e.sentence).replace(';', ",")).collect();
        rels.write_record([
            r.source.to_string(),
            r.target.to_string(),
            rel_type(r.kind),
            r.evidence.len().to_string(),
            r.support.articles.to_string(),
            r.support.first_seen.clone(),
            r.support.last_seen.clone(),
            r.confidence().to_string(),
            sentences.join(";"),
            dates.join(";"),
            venues.join(";"),
        ])
        .map_err(io)?;
        n += 1;
        Ok(())
    })?;
    rels.flush()?;
    std::fs::write(dir.join("README.md"), README)?;
    Ok((ids.len(), n))
}

const README: &str = "# kg graph for Neo4j

Written by `kg export --format neo4j`. Load it into an empty database (Neo4j 5) with:

```sh
neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \\
    --array-delimiter=\";\" --overwrite-destination neo4j
```

Run it from this directory (or give the files' full paths), with the database stopped.
Nodes carry `id`, `name`, `aliases` (a string array) and `articles` (how many articles name
them), labelled `Person`, `Organization`, `Place` or `Concept`. Relationships are typed
`ENVOY_OF`, `MET_WITH`, `DEMANDS`, `AIDE_OF`, `LEADER_OF`, `SPOKE_WITH`, with `evidence` (the
number of supporting sentences), `confidence`, `sentences` (`article: sentence`), and for a
meeting or a call `event_dates` and `venues` (the days and places its sentences give).

```cypher
MATCH (a:Person {name: 'Steve Witkoff'})-[r]-(b) RETURN a, r, b
```
";
