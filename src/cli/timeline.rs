//! `kg timeline ENTITY`: an entity's facts in date order, and its roles over time.

use super::output::{dated, json, seen, terminal_safe as safe};
use super::{Format, Global};
use crate::graph::EntityId;
use crate::query::timeline::timeline;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

/// Show an entity's facts in date order: each with its date, article and the sentence behind
/// it. Undated facts come last, marked undated. Roles (leader-of, envoy-of, aide-of) are
/// listed with the first and last dates they are seen on.
///
/// A date stands for its whole day, month or year: with --since and --until a fact counts
/// only when its article's whole date lies inside the period, and undated facts are left out.
///
/// Examples:
///   kg timeline "Steve Witkoff"
///   kg timeline Witkoff --relation met-with --since 2025-03 --until 2025-03
///   kg timeline e17 --format json
#[derive(clap::Args, Debug)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The entity: name, alias or id.
    pub entity: String,
    /// Only these relations (repeatable).
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    #[command(flatten)]
    pub dates: super::Dates,
    /// Show the facts of the latest N dated articles (and of up to N undated ones); 0 for
    /// every fact. A hub's whole history is long: narrow it with --since, --until or
    /// --relation.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Serialize)]
struct TimelineDto<'a> {
    entity: EntityDto<'a>,
    facts: Vec<FactDto<'a>>,
    roles: Vec<RoleDto<'a>>,
}

#[derive(Serialize)]
struct EntityDto<'a> {
    id: String,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
}

#[derive(Serialize)]
struct FactDto<'a> {
    date: Option<&'a str>,
    article: &'a str,
    title: &'a str,
    source: String,
    source_name: &'a str,
    relation: &'a str,
    target: String,
    target_name: &'a str,
    sentence: &'a str,
    pattern: &'a str,
    confidence: f32,
}

#[derive(Serialize)]
struct RoleDto<'a> {
    source: String,
    source_name: &'a str,
    relation: &'a str,
    target: String,
    target_name: &'a str,
    articles: u32,
    first_seen: Option<&'a str>,
    last_seen: Option<&'a str>,
}

pub fn run(a: Args, g: &Global) -> anyhow::Result<ExitCode> {
    let period = a.dates.period()?;
    let relations = super::relations(&a.relations)?;
    let store = super::open_existing(g)?;
    let e = super::find(&store, &a.entity)?;
    let found = timeline(&store, e.id, &relations, &period, (a.limit > 0).then_some(a.limit))?;
    if found.shown_articles < found.articles && !g.quiet {
        eprintln!(
            "kg: showing the facts of the latest {} of {} supporting articles; narrow with --since, --until or --relation, or pass --limit 0 for all",
            found.shown_articles, found.articles
        );
    }
    let mut names: HashMap<EntityId, String> = HashMap::new();
    for id in found
        .facts
        .iter()
        .flat_map(|f| [f.source, f.target])
        .chain(found.roles.iter().flat_map(|r| [r.source, r.target]))
    {
        if let std::collections::hash_map::Entry::Vacant(v) = names.entry(id) {
            v.insert(store.entity(id)?.map(|x| x.name).unwrap_or_default());
        }
    }
    let mut out = std::io::stdout().lock();
    match a.format {
        Format::Json => {
            let facts: Vec<FactDto> = found
                .facts
                .iter()
                .map(|f| FactDto {
                    date: dated(&f.date),
                    article: &f.article,
                    title: &f.title,
                    source: f.source.to_string(),
                    source_name: &names[&f.source],
                    relation: f.relation.as_str(),
                    target: f.target.to_string(),
                    target_name: &names[&f.target],
                    sentence: &f.sentence,
                    pattern: &f.pattern,
                    confidence: f.confidence,
                })
                .collect();
            let roles: Vec<RoleDto> = found
                .roles
                .iter()
                .map(|r| RoleDto {
                    source: r.source.to_string(),
                    source_name: &names[&r.source],
                    relation: r.relation.as_str(),
                    target: r.target.to_string(),
                    target_name: &names[&r.target],
                    articles: r.support.articles,
                    first_seen: dated(&r.support.first_seen),
                    last_seen: dated(&r.support.last_seen),
                })
                .collect();
            let entity = EntityDto { id: e.id.to_string(), name: &e.name, kind: e.kind.as_str() };
            json(&mut out, &TimelineDto { entity, facts, roles })?;
        }
        Format::Table => {
            writeln!(out, "{} ({}, {})", safe(&e.name), e.id, e.kind)?;
            if !found.roles.is_empty() {
                writeln!(out, "\nroles:")?;
                for r in &found.roles {
                    writeln!(
                        out,
                        "  {} -[{}]-> {}  ({}, {} article{})",
                        safe(&names[&r.source]),
                        r.relation,
                        safe(&names[&r.target]),
                        seen(&r.support),
                        r.support.articles,
                        if r.support.articles == 1 { "" } else { "s" }
                    )?;
                }
            }
            if found.facts.is_empty() {
                writeln!(out, "\nno facts{}", if period.is_all() { "" } else { " in this period" })?;
            }
            let mut last_date: Option<&str> = None;
            for f in &found.facts {
                if last_date != Some(f.date.as_str()) {
                    let heading = if f.date.is_empty() { "undated" } else { f.date.as_str() };
                    writeln!(out, "\n{heading}")?;
                    last_date = Some(f.date.as_str());
                }
                let arrow = if f.relation.is_symmetric() {
                    format!("-[{}]-", f.relation)
                } else {
                    format!("-[{}]->", f.relation)
                };
                let title = if f.title.is_empty() { String::new() } else { format!(" \"{}\"", f.title) };
                writeln!(
                    out,
                    "  {} {arrow} {}  ({}{})",
                    safe(&names[&f.source]),
                    safe(&names[&f.target]),
                    safe(&f.article),
                    safe(&title)
                )?;
                writeln!(out, "    {}", safe(&f.sentence))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
