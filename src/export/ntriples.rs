//! RDF N-Triples for any triple store (Oxigraph, Apache Jena, ...).
//!
//! Entities are IRIs under a base (`<BASE/entity/e17>`), typed `<BASE/ontology/Person>` etc.,
//! labelled with `rdfs:label` (the name) and `skos:altLabel` (each alias). Each relation is one
//! triple with a property per relation type (`<BASE/ontology/metWith>`), and its evidence is
//! kept by reification: one `rdf:Statement` per supporting sentence with `rdf:subject`,
//! `rdf:predicate`, `rdf:object`, `<BASE/ontology/article>` and `<BASE/ontology/sentence>`,
//! and `schema:url` (an `xsd:anyURI` literal: a page's url need not be a valid IRI) when the
//! article's url is known.

use super::{Error, Selection};
use crate::graph::{EntityKind, RelationKind};
use crate::store::Store;
use std::io::Write;

/// The default IRI base.
pub const DEFAULT_BASE: &str = "https://kg.example.org/";

const RDF_TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
const RDF_STATEMENT: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement>";
const RDF_SUBJECT: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>";
const RDF_PREDICATE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate>";
const RDF_OBJECT: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#object>";
const RDFS_LABEL: &str = "<http://www.w3.org/2000/01/rdf-schema#label>";
const SKOS_ALT: &str = "<http://www.w3.org/2004/02/skos/core#altLabel>";
const DCTERMS_DATE: &str = "<http://purl.org/dc/terms/date>";
const SCHEMA_URL: &str = "<https://schema.org/url>";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// A date as a typed literal: a day is an `xsd:date`, a month an `xsd:gYearMonth`, a year an
/// `xsd:gYear`.
fn date_literal(date: &str) -> String {
    let ty = match date.len() {
        4 => "gYear",
        7 => "gYearMonth",
        _ => "date",
    };
    format!("\"{date}\"^^<{XSD}{ty}>")
}

/// A string literal, escaped as N-Triples requires.
pub fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn class(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "Person",
        EntityKind::Organization => "Organization",
        EntityKind::Place => "Place",
        EntityKind::Concept => "Concept",
    }
}

/// The property name of a relation: `met-with` → `metWith`.
fn property(kind: RelationKind) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in kind.as_str().chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes the selected graph as N-Triples with IRIs under `base` (ending in `/` or `#`).
pub fn write(store: &Store, selection: &Selection, base: &str, out: &mut dyn Write) -> Result<(), Error> {
    let entity = |id: crate::graph::EntityId| format!("<{base}entity/{id}>");
    for id in selection.entity_ids(store)? {
        let Some(e) = store.entity(id)? else { continue };
        let s = entity(e.id);
        writeln!(out, "{s} {RDF_TYPE} <{base}ontology/{}> .", class(e.kind))?;
        writeln!(out, "{s} {RDFS_LABEL} {} .", literal(&e.name))?;
        for alias in &e.aliases {
            writeln!(out, "{s} {SKOS_ALT} {} .", literal(&alias.form))?;
        }
    }
    let mut statement = 0u64;
    let mut articles = super::Articles::new(store);
    selection.for_each_relation(store, |r| {
        let (subject, predicate, object) =
            (entity(r.source), format!("<{base}ontology/{}>", property(r.kind)), entity(r.target));
        writeln!(out, "{subject} {predicate} {object} .")?;
        // The relation as a resource of its own, carrying what its evidence adds up to.
        let relation = format!("<{base}relation/{}/{}/{}>", r.source, r.kind, r.target);
        writeln!(out, "{relation} {RDF_TYPE} {RDF_STATEMENT} .")?;
        writeln!(out, "{relation} {RDF_SUBJECT} {subject} .")?;
        writeln!(out, "{relation} {RDF_PREDICATE} {predicate} .")?;
        writeln!(out, "{relation} {RDF_OBJECT} {object} .")?;
        writeln!(out, "{relation} <{base}ontology/articles> \"{}\"^^<{XSD}integer> .", r.support.articles)?;
        if !r.support.first_seen.is_empty() {
            writeln!(out, "{relation} <{base}ontology/firstSeen> {} .", date_literal(&r.support.first_seen))?;
            writeln!(out, "{relation} <{base}ontology/lastSeen> {} .", date_literal(&r.support.last_seen))?;
        }
        for ev in &r.evidence {
            statement += 1;
            let node = format!("_:s{statement}");
            writeln!(out, "{node} {RDF_TYPE} {RDF_STATEMENT} .")?;
            writeln!(out, "{node} {RDF_SUBJECT} {subject} .")?;
            writeln!(out, "{node} {RDF_PREDICATE} {predicate} .")?;
            writeln!(out, "{node} {RDF_OBJECT} {object} .")?;
            writeln!(out, "{node} <{base}ontology/article> {} .", literal(&ev.article))?;
            if !ev.date.is_empty() {
                writeln!(out, "{node} {DCTERMS_DATE} {} .", date_literal(&ev.date))?;
            }
            writeln!(out, "{node} <{base}ontology/sentence> {} .", literal(&ev.sentence))?;
            let url = &articles.get(&ev.article)?.url;
            if !url.is_empty() {
                let url = literal(url);
                writeln!(out, "{node} {SCHEMA_URL} {url}^^<{XSD}anyURI> .")?;
            }
        }
        Ok(())
    })?;
    Ok(())
}
