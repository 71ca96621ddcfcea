//! `kg show ENTITY`: everything the graph holds about one entity, with the evidence.

use super::output::{dated, json, seen, terminal_safe as safe};
use super::{Format, Global};
use crate::graph::{EntityId, RelationKind};
use crate::store::Support;
use serde_json::json;
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

/// Show an entity: type, aliases, the articles that mention it (with date and title), and
/// every relation with how many articles support it, when it is first and last seen, and the
/// sentences (with article, date and pattern) behind it.
///
/// Examples:
///   kg show "Vladimir Putin"
///   kg show Putin --since 2025-01 --until 2025-06
///   kg show e17 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The entity: name, alias or id.
    pub entity: String,
    #[command(flatten)]
    pub dates: super::Dates,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let period = a.dates.period()?;
    let store = super::open_existing(g)?;
    let e = super::find(&store, &a.entity)?;
    let mut lookup = crate::export::Articles::new(&store);
    let articles = lookup.of_entity(e.id, &period)?;
    let mut details = Vec::with_capacity(articles.len());
    for id in &articles {
        details.push(lookup.get(id)?.clone());
    }
    details.sort_by(|a, b| crate::graph::date::order(&a.date, &b.date).then_with(|| a.id.cmp(&b.id)));
    let mut relations: Vec<((EntityId, RelationKind, EntityId), Support)> =
        store.edges_in(e.id, &period)?.into_iter().map(|(edge, support)| (edge.triple(e.id), support)).collect();
    relations.sort_by_key(|r| r.0);
    relations.dedup_by(|a, b| a.0 == b.0);
    let mut names: HashMap<EntityId, String> = HashMap::from([(e.id, e.name.clone())]);
    for &((s, _, t), _) in &relations {
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
        writeln!(out, "articles: {}", details.len())?;
        for m in &details {
            let date = if m.date.is_empty() { "undated" } else { m.date.as_str() };
            let title = if m.title.is_empty() { String::new() } else { format!("  \"{}\"", m.title) };
            writeln!(out, "  {date}  {}{}", safe(&m.id), safe(&title))?;
        }
        writeln!(out, "relations: {}", relations.len())?;
    }
    for &((s, kind, t), ref support) in &relations {
        let mut evidence = store.evidence(s, kind, t)?;
        evidence.retain(|ev| period.contains(&ev.date));
        let confidence = crate::graph::confidence(&evidence);
        let arrow = if kind.is_symmetric() { format!("-[{kind}]-") } else { format!("-[{kind}]->") };
        let n = support.articles;
        match a.format {
            Format::Table => {
                writeln!(
                    out,
                    "\n  {} {arrow} {}  (confidence {confidence:.2}; {n} article{}, {})",
                    safe(&names[&s]),
                    safe(&names[&t]),
                    if n == 1 { "" } else { "s" },
                    seen(support)
                )?;
                for ev in &evidence {
                    let date = if ev.date.is_empty() { "undated" } else { ev.date.as_str() };
                    writeln!(out, "    {} {date} [{}]: {}", safe(&ev.article), safe(&ev.pattern), safe(&ev.sentence))?;
                }
            }
            Format::Json => rels_json.push(json!({
                "source": s.to_string(), "source_name": names[&s], "relation": kind.as_str(),
                "target": t.to_string(), "target_name": names[&t], "confidence": confidence,
                "articles": n, "first_seen": dated(&support.first_seen), "last_seen": dated(&support.last_seen),
                "evidence": evidence.iter().map(|ev| json!({"article": ev.article, "date": dated(&ev.date),
                    "sentence": ev.sentence, "pattern": ev.pattern, "confidence": ev.confidence})).collect::<Vec<_>>(),
            })),
        }
    }
    if a.format == Format::Json {
        let details: Vec<_> = details
            .iter()
            .map(|m| json!({"id": m.id, "date": dated(&m.date), "title": m.title, "source": m.source}))
            .collect();
        json(
            &mut out,
            &json!({"id": e.id.to_string(), "name": e.name, "type": e.kind.as_str(), "aliases": e.aliases,
                    "articles": articles, "article_details": details, "relations": rels_json}),
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
