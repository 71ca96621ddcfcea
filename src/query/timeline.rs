//! An entity's facts in date order: each piece of evidence of each of its relations, with
//! the article, date and sentence behind it, and its roles with the period they are seen in.
//!
//! Cost: one prefix scan of `out` and `in` for the entity, one evidence scan per relation
//! that has evidence in the period, and one article read per article (for its title).

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
}

/// Relations that hold over a period rather than happen on a day.
pub fn is_role(kind: RelationKind) -> bool {
    matches!(kind, RelationKind::LeaderOf | RelationKind::EnvoyOf | RelationKind::AideOf)
}

/// The facts of `entity` inside `period`, over `relations` (empty: all).
pub fn timeline(
    store: &Store,
    entity: EntityId,
    relations: &[RelationKind],
    period: &Period,
) -> Result<Timeline, store::Error> {
    let mut out = Timeline::default();
    let mut titles: HashMap<String, String> = HashMap::new();
    for (edge, support) in store.edges_in(entity, period)? {
        if !relations.is_empty() && !relations.contains(&edge.kind) {
            continue;
        }
        let (s, kind, t) = edge.triple(entity);
        // A relation of an entity with itself is listed from both ends: once is enough.
        if s == t && edge.direction == store::Direction::In {
            continue;
        }
        if is_role(kind) {
            out.roles.push(Role { source: s, relation: kind, target: t, support });
        }
        for ev in store.evidence(s, kind, t)? {
            if !period.contains(&ev.date) {
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
            });
        }
    }
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
