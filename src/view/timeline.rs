//! `timeline`: an entity's facts in date order, and its roles over time.

use super::text::terminal_safe as safe;
use super::{dated, seen, when_where, EntityRef, Error, VenueRef};
use crate::graph::{EntityId, RelationKind};
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;

/// The question. `limit` 0 means every fact.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TimelineRequest {
    pub entity: String,
    /// The entity's type, when its name fits several entities.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, with = "super::comma", skip_serializing_if = "Vec::is_empty")]
    pub relation: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default = "thousand")]
    pub limit: usize,
}

fn thousand() -> usize {
    1000
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineView {
    pub entity: EntityRef,
    pub facts: Vec<FactView>,
    pub roles: Vec<RoleView>,
    /// Supporting articles in scope, and how many the facts shown come from (fewer when the
    /// limit left the earlier ones out).
    pub supporting_articles: u64,
    pub shown_articles: u64,
    /// Whether a period was asked for (the table says "no facts in this period").
    #[serde(skip)]
    pub in_period: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactView {
    pub date: Option<String>,
    pub article: String,
    pub title: String,
    pub source: String,
    pub source_name: String,
    pub relation: String,
    pub target: String,
    pub target_name: String,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// A meeting's day, month or year, as its sentence gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    /// The place a meeting was at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<VenueRef>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleView {
    pub source: String,
    pub source_name: String,
    pub relation: String,
    pub target: String,
    pub target_name: String,
    pub articles: u32,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

/// Answers the question.
pub fn timeline(store: &Store, req: &TimelineRequest) -> Result<TimelineView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let relations = super::relations(&req.relation)?;
    let e = super::find_as(store, &req.entity, req.kind.as_deref(), "--type")?;
    let found =
        crate::query::timeline::timeline(store, e.id, &relations, &period, (req.limit > 0).then_some(req.limit))?;
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
    let mut venues = Vec::with_capacity(found.facts.len());
    for f in &found.facts {
        venues.push(VenueRef::of(store, f.venue)?);
    }
    let facts = found
        .facts
        .into_iter()
        .zip(venues)
        .map(|(f, venue)| FactView {
            event_date: dated(&f.event_date),
            venue,
            date: dated(&f.date),
            article: f.article,
            title: f.title,
            source: f.source.to_string(),
            source_name: names[&f.source].clone(),
            relation: f.relation.as_str().into(),
            target: f.target.to_string(),
            target_name: names[&f.target].clone(),
            sentence: f.sentence,
            pattern: f.pattern,
            confidence: f.confidence,
        })
        .collect();
    let roles = found
        .roles
        .into_iter()
        .map(|r| RoleView {
            source: r.source.to_string(),
            source_name: names[&r.source].clone(),
            relation: r.relation.as_str().into(),
            target: r.target.to_string(),
            target_name: names[&r.target].clone(),
            articles: r.support.articles,
            first_seen: dated(&r.support.first_seen),
            last_seen: dated(&r.support.last_seen),
        })
        .collect();
    Ok(TimelineView {
        entity: EntityRef::of(&e),
        facts,
        roles,
        supporting_articles: found.articles,
        shown_articles: found.shown_articles,
        in_period: !period.is_all(),
    })
}

impl TimelineView {
    /// The note for standard error when the limit left facts out.
    pub fn note(&self) -> Option<String> {
        (self.shown_articles < self.supporting_articles).then(|| {
            format!(
                "showing the facts of the latest {} of {} supporting articles; narrow with --since, --until or --relation, or pass --limit 0 for all",
                self.shown_articles, self.supporting_articles
            )
        })
    }

    /// Roles with their periods, then the facts under a heading for each date.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let e = &self.entity;
        writeln!(out, "{} ({}, {})", safe(&e.name), e.id, e.kind)?;
        if !self.roles.is_empty() {
            writeln!(out, "\nroles:")?;
            for r in &self.roles {
                writeln!(
                    out,
                    "  {} -[{}]-> {}  ({}, {} article{})",
                    safe(&r.source_name),
                    r.relation,
                    safe(&r.target_name),
                    seen(&r.first_seen, &r.last_seen),
                    r.articles,
                    if r.articles == 1 { "" } else { "s" }
                )?;
            }
        }
        if self.facts.is_empty() {
            writeln!(out, "\nno facts{}", if self.in_period { " in this period" } else { "" })?;
        }
        let mut last_date: Option<Option<&str>> = None;
        for f in &self.facts {
            if last_date != Some(f.date.as_deref()) {
                writeln!(out, "\n{}", f.date.as_deref().unwrap_or("undated"))?;
                last_date = Some(f.date.as_deref());
            }
            let symmetric = f.relation.parse::<RelationKind>().is_ok_and(RelationKind::is_symmetric);
            let arrow = if symmetric { format!("-[{}]-", f.relation) } else { format!("-[{}]->", f.relation) };
            let title = if f.title.is_empty() { String::new() } else { format!(" \"{}\"", f.title) };
            writeln!(
                out,
                "  {} {arrow} {}{}  ({}{})",
                safe(&f.source_name),
                safe(&f.target_name),
                safe(&when_where(&f.event_date, &f.venue)),
                safe(&f.article),
                safe(&title)
            )?;
            writeln!(out, "    {}", safe(&f.sentence))?;
        }
        Ok(())
    }
}
