//! An entity's facts in date order: each piece of evidence of each of its relations, with
//! the article, date and sentence behind it, and its roles with the period they are seen in.
//!
//! Cost: one prefix scan of `out` and `in` for the entity and of `dates` for each of its
//! relations; then, with a limit, the evidence of only the relations seen since the date the
//! latest `limit` facts start at (a hub's whole history is not read to print its last
//! page), and one article read per article shown (for its title).

use crate::graph::date::{order, Period};
use crate::graph::{EntityId, RelationKind};
use crate::store::{self, Store, Support};
use std::collections::HashMap;

/// One dated (or undated) fact about the entity.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// Normalised; empty when the article is undated.
    pub date: String,
    pub article: String,
    pub title: String,
    pub source: EntityId,
    pub relation: RelationKind,
    pub target: EntityId,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// A meeting's day, month or year as its sentence gives it; empty when none.
    pub event_date: String,
    pub venue: Option<EntityId>,
}

/// A role of the entity or held over it (leader-of, envoy-of, aide-of) and when it is seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    pub source: EntityId,
    pub relation: RelationKind,
    pub target: EntityId,
    pub support: Support,
}

/// What `timeline` found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// By date (a day before its month, a month before its year), then article; undated last.
    pub facts: Vec<Fact>,
    pub roles: Vec<Role>,
    /// Supporting articles in scope (each relation's, summed), and how many of them the
    /// facts shown come from: fewer when a limit left the earlier ones out.
    pub articles: u64,
    pub shown_articles: u64,
}

/// Relations that hold over a period rather than happen on a day.
pub fn is_role(kind: RelationKind) -> bool {
    matches!(kind, RelationKind::LeaderOf | RelationKind::EnvoyOf | RelationKind::AideOf)
}

/// The facts of `entity` inside `period`, over `relations` (empty: all). With `limit`, only
/// the facts of the latest `limit` dated supporting articles (and of up to `limit` undated
/// ones) are read.
pub fn timeline(
    store: &Store,
    entity: EntityId,
    relations: &[RelationKind],
    period: &Period,
    limit: Option<usize>,
) -> Result<Timeline, store::Error> {
    let mut out = Timeline::default();
    let mut titles: HashMap<String, String> = HashMap::new();
    let mut edges = Vec::new();
    // Each edge's dates are read once: for its support here, and for the cutoff below.
    let mut dates_of: HashMap<(EntityId, RelationKind, EntityId), Vec<(String, u32)>> = HashMap::new();
    for (edge, dates) in store.edges_dated(entity)? {
        if !relations.is_empty() && !relations.contains(&edge.kind) {
            continue;
        }
        let Some(support) = store::support_in(&dates, period) else { continue };
        let (s, kind, t) = edge.triple(entity);
        // A relation of an entity with itself is listed from both ends: once is enough.
        if s == t && edge.direction == store::Direction::In {
            continue;
        }
        out.articles += u64::from(support.articles);
        if is_role(kind) {
            out.roles.push(Role { source: s, relation: kind, target: t, support: support.clone() });
        }
        edges.push(((s, kind, t), support));
        dates_of.insert((s, kind, t), dates);
    }
    // With a limit: the date the latest `limit` dated articles start at, from the dates
    // index, and which relations have undated articles; the others, last seen before that
    // date, are not read.
    let mut with_undated: std::collections::HashSet<(EntityId, RelationKind, EntityId)> = Default::default();
    let cutoff = match limit {
        None => None,
        Some(limit) => {
            let mut dated: Vec<(String, u32)> = Vec::new();
            for (triple, _) in &edges {
                for (date, n) in dates_of.remove(triple).unwrap_or_default() {
                    if date.is_empty() {
                        with_undated.insert(*triple);
                    } else if period.contains(&date) {
                        dated.push((date, n));
                    }
                }
            }
            dated.sort_by(|a, b| order(&b.0, &a.0));
            let mut seen = 0usize;
            dated
                .into_iter()
                .find(|(_, n)| {
                    seen += *n as usize;
                    seen >= limit
                })
                .map(|(d, _)| d)
        }
    };
    let recent = |date: &str| cutoff.as_ref().is_none_or(|c| !date.is_empty() && !order(date, c).is_lt());
    let mut undated = 0usize;
    let mut shown: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for ((s, kind, t), support) in edges {
        let undated_wanted = with_undated.contains(&(s, kind, t)) && limit.is_none_or(|l| undated < l);
        if cutoff.is_some() && !recent(&support.last_seen) && !undated_wanted {
            continue;
        }
        for ev in store.evidence(s, kind, t)? {
            if !period.contains(&ev.date) {
                continue;
            }
            if ev.date.is_empty() {
                if limit.is_some_and(|l| undated >= l) {
                    continue;
                }
                undated += 1;
            } else if !recent(&ev.date) {
                continue;
            }
            let title = match titles.get(&ev.article) {
                Some(t) => t.clone(),
                None => {
                    let title = store.article_meta(&ev.article)?.map(|m| m.title).unwrap_or_default();
                    titles.insert(ev.article.clone(), title.clone());
                    title
                }
            };
            shown.insert((format!("{s}{kind}{t}"), ev.article.clone()));
            out.facts.push(Fact {
                date: ev.date,
                article: ev.article,
                title,
                source: s,
                relation: kind,
                target: t,
                sentence: ev.sentence,
                pattern: ev.pattern,
                confidence: ev.confidence,
                event_date: ev.event_date,
                venue: ev.venue,
            });
        }
    }
    out.shown_articles = shown.len() as u64;
    out.facts.sort_by(|a, b| {
        order(&a.date, &b.date)
            .then_with(|| a.article.cmp(&b.article))
            .then_with(|| (a.source, a.relation, a.target).cmp(&(b.source, b.relation, b.target)))
    });
    out.roles.sort_by(|a, b| {
        order(&a.support.first_seen, &b.support.first_seen)
            .then_with(|| (a.source, a.relation, a.target).cmp(&(b.source, b.relation, b.target)))
    });
    Ok(out)
}
