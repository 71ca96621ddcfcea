//! Meetings as events: who was in the room, when and where.
//!
//! A `met-with` relation is stored pairwise, but "Dahl hosted Ruiz, Brandt and Marren in Oslo"
//! is one meeting of four. So the meetings of an article are read back from its met-with
//! evidence: the pairs one sentence gives with the same day and place, joined where they share
//! a person, are one meeting ("X met Y, and Z met W" stays two). Across articles, meetings of
//! the same people on the same day at a compatible place (the same one, or one not named)
//! are one meeting with several articles behind it.
//!
//! Only the articles that can hold an answer are read: those that mention the entity or the
//! place asked about (postings), or every article when neither is given.

use crate::graph::date::Period;
use crate::graph::{EntityId, Evidence, RelationKind};
use crate::store::{Result, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One meeting.
#[derive(Clone, Debug, PartialEq)]
pub struct Meeting {
    /// The day, month or year its sentences give, else the article's date; empty when
    /// neither is known.
    pub date: String,
    /// Whether `date` is the article's, because no sentence said when.
    pub date_is_article_date: bool,
    pub venue: Option<EntityId>,
    pub participants: BTreeSet<EntityId>,
    /// The articles behind it, sorted.
    pub articles: BTreeSet<String>,
    /// The sentences behind it, one per article and sentence.
    pub evidence: Vec<Evidence>,
}

/// Which meetings to list.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only meetings this entity took part in.
    pub entity: Option<EntityId>,
    /// Only meetings at this place.
    pub venue: Option<EntityId>,
    /// Only meetings whose date lies in this period.
    pub period: Period,
}

/// The meetings that pass `filter`, newest first (undated last).
pub fn meetings(store: &Store, filter: &Filter) -> Result<Vec<Meeting>> {
    let articles: Vec<String> = match (filter.entity, filter.venue) {
        (Some(e), Some(v)) => {
            let at: BTreeSet<String> = store.entity_articles(v)?.into_iter().collect();
            store.entity_articles(e)?.into_iter().filter(|a| at.contains(a)).collect()
        }
        (Some(id), None) | (None, Some(id)) => store.entity_articles(id)?,
        (None, None) => store.articles().map(|a| a.map(|(meta, _, _)| meta.id)).collect::<Result<_>>()?,
    };
    let mut found: Vec<Meeting> = Vec::new();
    // Meetings by participants and date, to join the same meeting told by several articles.
    let mut by_key: HashMap<(Vec<EntityId>, String), Vec<usize>> = HashMap::new();
    for article in articles {
        for m in article_meetings(store, &article)? {
            if !passes(&m, filter) {
                continue;
            }
            let key = (m.participants.iter().copied().collect::<Vec<_>>(), m.date.clone());
            let same = by_key.get(&key).and_then(|ids| {
                ids.iter().copied().find(|&i| {
                    !m.date.is_empty()
                        && match (found[i].venue, m.venue) {
                            (Some(a), Some(b)) => a == b,
                            _ => true,
                        }
                })
            });
            match same {
                Some(i) => {
                    let into = &mut found[i];
                    into.venue = into.venue.or(m.venue);
                    into.articles.extend(m.articles);
                    into.evidence.extend(m.evidence);
                }
                None => {
                    by_key.entry(key).or_default().push(found.len());
                    found.push(m);
                }
            }
        }
    }
    found.sort_by(|a, b| {
        let undated = a.date.is_empty().cmp(&b.date.is_empty());
        undated.then_with(|| crate::graph::date::order(&b.date, &a.date)).then_with(|| a.articles.cmp(&b.articles))
    });
    Ok(found)
}

fn passes(m: &Meeting, filter: &Filter) -> bool {
    filter.entity.is_none_or(|e| m.participants.contains(&e))
        && filter.venue.is_none_or(|v| m.venue == Some(v))
        && (filter.period.is_all() || filter.period.contains(&m.date))
}

/// The meetings one article tells of.
fn article_meetings(store: &Store, article: &str) -> Result<Vec<Meeting>> {
    let Some(record) = store.article(article)? else { return Ok(Vec::new()) };
    let met = RelationKind::MetWith.code();
    // (sentence, event date, venue) → the pairs it gives, with its evidence.
    type Told = BTreeMap<(String, String, Option<EntityId>), (Vec<(EntityId, EntityId)>, Evidence)>;
    let mut told: Told = BTreeMap::new();
    let mut pairs: BTreeSet<(u64, u64)> = BTreeSet::new();
    for &(s, code, t) in &record.relations {
        if code != met || !pairs.insert((s.min(t), s.max(t))) {
            continue;
        }
        let (s, t) = (EntityId(s.min(t)), EntityId(s.max(t)));
        for ev in store.article_evidence((s, RelationKind::MetWith, t), article)? {
            let key = (ev.sentence.clone(), ev.event_date.clone(), ev.venue);
            told.entry(key).or_insert_with(|| (Vec::new(), ev)).0.push((s, t));
        }
    }
    let mut out = Vec::new();
    for ((_, event_date, venue), (edges, evidence)) in told {
        for participants in joined(&edges) {
            let (date, date_is_article_date) =
                if event_date.is_empty() { (evidence.date.clone(), true) } else { (event_date.clone(), false) };
            out.push(Meeting {
                date,
                date_is_article_date,
                venue,
                participants,
                articles: BTreeSet::from([article.to_string()]),
                evidence: vec![evidence.clone()],
            });
        }
    }
    Ok(out)
}

/// The groups of people the pairs join: "X met Y and Z" is one group, "X met Y, and Z met W"
/// two.
fn joined(edges: &[(EntityId, EntityId)]) -> Vec<BTreeSet<EntityId>> {
    let mut groups: Vec<BTreeSet<EntityId>> = Vec::new();
    for &(a, b) in edges {
        let touching: Vec<usize> =
            (0..groups.len()).filter(|&i| groups[i].contains(&a) || groups[i].contains(&b)).collect();
        let mut group = BTreeSet::from([a, b]);
        for &i in touching.iter().rev() {
            group.extend(groups.swap_remove(i));
        }
        groups.push(group);
    }
    groups.sort();
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_sharing_a_person_are_one_meeting_and_others_another() {
        let e = EntityId;
        let groups = joined(&[(e(1), e(2)), (e(1), e(3)), (e(5), e(6)), (e(3), e(4))]);
        assert_eq!(groups, vec![BTreeSet::from([e(1), e(2), e(3), e(4)]), BTreeSet::from([e(5), e(6)])]);
    }
}
