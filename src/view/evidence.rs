//! `evidence`: the sentences behind one relation, with their articles' dates and titles.
//! The web page's evidence panel asks it when an edge is clicked.

use super::{dated, EntityRef, Error};
use crate::graph::RelationKind;
use crate::store::Store;
use serde::{Deserialize, Serialize};

/// The question: `source` -[relation]-> `target` (names or ids, as stored: a symmetric
/// relation is looked up both ways).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EvidenceRequest {
    pub source: String,
    pub relation: String,
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceListView {
    pub source: EntityRef,
    pub relation: String,
    pub target: EntityRef,
    pub confidence: f32,
    pub articles: u32,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub evidence: Vec<Sentence>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub article: String,
    pub title: String,
    pub date: Option<String>,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// The article's url; absent when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

/// Answers the question; 404 when the two are not so related (in the period).
pub fn evidence(store: &Store, req: &EvidenceRequest) -> Result<EvidenceListView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let kind: RelationKind = req.relation.parse().map_err(Error::Usage)?;
    let (mut s, mut t) = (super::find(store, &req.source)?, super::find(store, &req.target)?);
    let mut found = store.evidence(s.id, kind, t.id)?;
    if found.is_empty() && kind.is_symmetric() {
        std::mem::swap(&mut s, &mut t);
        found = store.evidence(s.id, kind, t.id)?;
    }
    found.retain(|ev| period.contains(&ev.date));
    if found.is_empty() {
        return Err(Error::NotFound(format!("no {kind} relation from {} to {} (in this period)", s.name, t.name)));
    }
    let support = crate::export::support_of(&found);
    let mut articles = crate::export::Articles::new(store);
    let mut evidence = Vec::with_capacity(found.len());
    for ev in &found {
        let meta = articles.get(&ev.article)?;
        evidence.push(Sentence {
            url: meta.url.clone(),
            title: meta.title.clone(),
            article: ev.article.clone(),
            date: dated(&ev.date),
            sentence: ev.sentence.clone(),
            pattern: ev.pattern.clone(),
            confidence: ev.confidence,
        });
    }
    evidence.sort_by(|a, b| {
        crate::graph::date::order(a.date.as_deref().unwrap_or(""), b.date.as_deref().unwrap_or(""))
            .then_with(|| a.article.cmp(&b.article))
    });
    Ok(EvidenceListView {
        source: EntityRef::of(&s),
        relation: kind.as_str().into(),
        target: EntityRef::of(&t),
        confidence: crate::graph::confidence(&found),
        articles: support.articles,
        first_seen: dated(&support.first_seen),
        last_seen: dated(&support.last_seen),
        evidence,
    })
}
