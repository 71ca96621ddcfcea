//! GraphML for Gephi, yEd and NetworkX: one mixed graph, attributes declared as keys.
//!
//! Nodes: `name`, `type`, `aliases` (joined with `; `), `articles` (a count). Edges:
//! `relation`, `evidence` (a count), `confidence`, and for a meeting or a call the days
//! (`event_dates`) and places (`venues`) its sentences give, joined with `; `.
//!
//! The graph's `edgedefault` is directed and every edge says what it is with GraphML's own
//! `directed` attribute: `"false"` for the symmetric relations (met-with, spoke-with: one
//! edge, from the lower id, with no direction), `"true"` for the others, so a reader that
//! defaults the other way still gets each edge right. Gephi reads such a mixed graph as it
//! is; NetworkX has no mixed graph and refuses `directed="false"` in a directed one (README:
//! GraphML shows how to read it there).

use super::{Error, Selection};
use crate::store::Store;
use std::io::Write;

/// Escapes text for XML content and attribute values; drops characters XML 1.0 forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes the selected graph as GraphML.
pub fn write(store: &Store, selection: &Selection, out: &mut dyn Write) -> Result<(), Error> {
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(out, "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">")?;
    for (id, of, name, ty) in [
        ("name", "node", "name", "string"),
        ("type", "node", "type", "string"),
        ("aliases", "node", "aliases", "string"),
        ("articles", "node", "articles", "int"),
        ("first_mentioned", "node", "first_mentioned", "string"),
        ("last_mentioned", "node", "last_mentioned", "string"),
        ("relation", "edge", "relation", "string"),
        ("evidence", "edge", "evidence", "int"),
        ("supporting_articles", "edge", "articles", "int"),
        ("first_seen", "edge", "first_seen", "string"),
        ("last_seen", "edge", "last_seen", "string"),
        ("confidence", "edge", "confidence", "double"),
        ("event_dates", "edge", "event_dates", "string"),
        ("venues", "edge", "venues", "string"),
    ] {
        writeln!(out, "  <key id=\"{id}\" for=\"{of}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>")?;
    }
    writeln!(out, "  <graph id=\"kg\" edgedefault=\"directed\">")?;
    let mut articles = super::Articles::new(store);
    for id in selection.entity_ids(store)? {
        let Some(e) = store.entity(id)? else { continue };
        writeln!(out, "    <node id=\"{}\">", e.id)?;
        writeln!(out, "      <data key=\"name\">{}</data>", escape(&e.name))?;
        writeln!(out, "      <data key=\"type\">{}</data>", e.kind)?;
        writeln!(out, "      <data key=\"aliases\">{}</data>", escape(&e.alias_forms().join("; ")))?;
        let ids = articles.of_entity(id, &selection.period)?;
        writeln!(out, "      <data key=\"articles\">{}</data>", ids.len())?;
        let mut seen = crate::store::Support::default();
        for a in &ids {
            seen.add(&articles.get(a)?.date, 1);
        }
        if !seen.first_seen.is_empty() {
            writeln!(out, "      <data key=\"first_mentioned\">{}</data>", seen.first_seen)?;
            writeln!(out, "      <data key=\"last_mentioned\">{}</data>", seen.last_seen)?;
        }
        writeln!(out, "    </node>")?;
    }
    let mut n = 0;
    let mut occasions = super::occasions::Occasions::new(store);
    selection.for_each_relation(store, |r| {
        let (s, kind, t) = (r.source, r.kind, r.target);
        let directed = !kind.is_symmetric();
        writeln!(out, "    <edge id=\"r{n}\" source=\"{s}\" target=\"{t}\" directed=\"{directed}\">")?;
        writeln!(out, "      <data key=\"relation\">{kind}</data>")?;
        writeln!(out, "      <data key=\"evidence\">{}</data>", r.evidence.len())?;
        writeln!(out, "      <data key=\"supporting_articles\">{}</data>", r.support.articles)?;
        if !r.support.first_seen.is_empty() {
            writeln!(out, "      <data key=\"first_seen\">{}</data>", r.support.first_seen)?;
            writeln!(out, "      <data key=\"last_seen\">{}</data>", r.support.last_seen)?;
        }
        writeln!(out, "      <data key=\"confidence\">{}</data>", r.confidence())?;
        let (dates, venues) = occasions.of(r)?;
        if !dates.is_empty() {
            writeln!(out, "      <data key=\"event_dates\">{}</data>", escape(&dates.join("; ")))?;
        }
        if !venues.is_empty() {
            writeln!(out, "      <data key=\"venues\">{}</data>", escape(&venues.join("; ")))?;
        }
        writeln!(out, "    </edge>")?;
        n += 1;
        Ok(())
    })?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    Ok(())
}
