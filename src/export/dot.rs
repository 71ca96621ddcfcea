//! Graphviz DOT, written by hand rather than with petgraph's `Dot` (which Debug-formats
//! labels and exposes internal indices): valid, escaped and readable when rendered.
//!
//! Node ids are our entity ids (`"e17"`), labels the names; shape and colour say the type,
//! edge labels the relation; met-with is drawn without arrowheads. A legend cluster explains
//! the colours. Escaping follows the DOT grammar: in a quoted string `\` and `"` are escaped,
//! line breaks become `\n`, other control characters are dropped.

use super::{Error, Selection};
use crate::graph::EntityKind;
use crate::store::Store;
use std::io::Write;

/// Quotes a string for DOT.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            // Controls, and the noncharacters XML 1.0 forbids: an SVG rendered from this
            // must stay well-formed XML.
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn style(kind: EntityKind) -> (&'static str, &'static str) {
    match kind {
        EntityKind::Person => ("ellipse", "#cfe2ff"),
        EntityKind::Organization => ("box", "#ffe5b4"),
        EntityKind::Place => ("hexagon", "#d1f2d1"),
        EntityKind::Concept => ("note", "#eeeeee"),
    }
}

/// Writes the selected part of the graph as a DOT digraph.
pub fn write(store: &Store, selection: &Selection, out: &mut dyn Write) -> Result<(), Error> {
    writeln!(out, "digraph kg {{")?;
    writeln!(out, "  graph [rankdir=LR, fontname=\"Helvetica\", overlap=false];")?;
    writeln!(out, "  node [fontname=\"Helvetica\", style=filled];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(out, "  subgraph cluster_legend {{")?;
    writeln!(out, "    label=\"legend\"; style=dashed;")?;
    for kind in EntityKind::ALL {
        let (shape, color) = style(kind);
        writeln!(
            out,
            "    {} [label={}, shape={shape}, fillcolor={}];",
            quote(&format!("legend_{kind}")),
            quote(kind.as_str()),
            quote(color)
        )?;
    }
    writeln!(out, "  }}")?;
    for id in selection.entity_ids(store)? {
        let Some(e) = store.entity(id)? else { continue };
        let (shape, color) = style(e.kind);
        writeln!(
            out,
            "  {} [label={}, shape={shape}, fillcolor={}];",
            quote(&e.id.to_string()),
            quote(&e.name),
            quote(color)
        )?;
    }
    let mut occasions = super::occasions::Occasions::new(store);
    selection.for_each_relation(store, |r| {
        let arrow = if r.kind.is_symmetric() { ", dir=none" } else { "" };
        let (dates, venues) = occasions.of(r)?;
        writeln!(
            out,
            "  {} -> {} [label={}, tooltip={}{arrow}];",
            quote(&r.source.to_string()),
            quote(&r.target.to_string()),
            quote(r.kind.as_str()),
            quote(&tooltip(r, &dates, &venues))
        )?;
        Ok(())
    })?;
    writeln!(out, "}}")?;
    Ok(())
}

/// What a reader hovering over an edge sees: the relation, its articles and their dates, and
/// for a meeting or a call the days and places its sentences give.
fn tooltip(r: &super::Related, event_dates: &[String], venues: &[String]) -> String {
    let articles = match r.support.articles {
        1 => "1 article".to_string(),
        n => format!("{n} articles"),
    };
    let dates = match (r.support.first_seen.as_str(), r.support.last_seen.as_str()) {
        ("", _) => "undated".to_string(),
        (first, last) if first == last => first.to_string(),
        (first, last) => format!("{first} to {last}"),
    };
    let mut tip = format!("{}: {articles}, {dates}", r.kind);
    if !event_dates.is_empty() {
        tip.push_str(&format!("; on {}", event_dates.join(", ")));
    }
    if !venues.is_empty() {
        tip.push_str(&format!("; in {}", venues.join(", ")));
    }
    tip
}

#[cfg(test)]
mod tests {
    use super::quote;

    proptest::proptest! {
        #[test]
        fn quoted_strings_never_break_out(s in "\\PC*|[\\\\\"\n\r\u{0}-\u{1f}a-z]{0,30}") {
            let q = quote(&s);
            let inner = &q[1..q.len() - 1];
            // Every quote inside is escaped by an odd run of backslashes; no raw line breaks.
            let bytes = inner.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'"' {
                    let run = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
                    proptest::prop_assert!(run % 2 == 1, "unescaped quote in {q:?}");
                }
            }
            proptest::prop_assert!(!inner.contains('\n') && !inner.contains('\r'));
            let trailing = bytes.iter().rev().take_while(|&&c| c == b'\\').count();
            proptest::prop_assert!(trailing % 2 == 0, "a trailing backslash would escape the closing quote");
        }
    }

    #[test]
    fn quoting_escapes_backslash_quote_and_newline() {
        assert_eq!(quote("a\\b \"c\"\nd\u{7}é"), "\"a\\\\b \\\"c\\\"\\nd\u{e9}\"");
    }
}
