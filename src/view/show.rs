//! `show`: everything the graph holds about one entity, with the evidence.

use super::text::terminal_safe as safe;
use super::{dated, seen, when_where, Error, VenueRef};
use crate::graph::{EntityId, RelationKind};
use crate::store::{Store, Support};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::Write;

/// The question: one entity, within an optional period.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShowRequest {
    pub entity: String,
    /// The entity's type, when its name fits several entities.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShowView {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The forms articles wrote for it, the name excepted.
    pub aliases: Vec<String>,
    /// How many articles wrote each alias, in the same order.
    pub alias_articles: Vec<AliasView>,
    /// Ids of the articles that mention it (in the period).
    pub articles: Vec<String>,
    /// The same articles by date, undated last.
    pub article_details: Vec<ArticleDetail>,
    pub relations: Vec<ShowRelation>,
}

/// An alias and how many articles wrote it (all the store's articles, whatever the period).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AliasView {
    pub alias: String,
    pub articles: u32,
}

impl AliasView {
    /// Each alias of `e` with its count.
    pub fn of(e: &crate::graph::Entity) -> Vec<AliasView> {
        e.aliases.iter().map(|a| AliasView { alias: a.form.clone(), articles: a.articles }).collect()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleDetail {
    pub id: String,
    pub date: Option<String>,
    pub title: String,
    pub source: String,
    /// Where it was published; absent when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShowRelation {
    pub source: String,
    pub source_name: String,
    pub relation: String,
    pub target: String,
    pub target_name: String,
    pub confidence: f32,
    pub articles: u32,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub evidence: Vec<EvidenceView>,
}

/// One sentence behind a relation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EvidenceView {
    pub article: String,
    pub date: Option<String>,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// The article's url; absent when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// What an analyst's assertion cites: the article and the source, as given to `kg assert`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cites: Option<String>,
    /// A meeting's day, month or year, as its sentence gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    /// The place a meeting was at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<VenueRef>,
}

/// What the synthetic article of an assertion cites (`kg assert --article --source`), in
/// words: its title names the article, its source the source.
fn citation(meta: &crate::store::ArticleMeta) -> Option<String> {
    let article = meta.title.split_once(", citing ").map(|(_, a)| format!("citing {a}"));
    let source = (meta.source != "kg corrections" && !meta.source.is_empty()).then(|| format!("from {}", meta.source));
    match (article, source) {
        (None, None) => None,
        (a, s) => Some(a.into_iter().chain(s).collect::<Vec<_>>().join(", ")),
    }
}

/// Answers the question.
pub fn show(store: &Store, req: &ShowRequest) -> Result<ShowView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let e = super::find_as(store, &req.entity, req.kind.as_deref(), "--type")?;
    let mut lookup = crate::export::Articles::new(store);
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
    let mut shown = Vec::with_capacity(relations.len());
    for ((s, kind, t), support) in relations {
        let mut evidence = store.evidence(s, kind, t)?;
        evidence.retain(|ev| period.contains(&ev.date));
        let mut cited = Vec::with_capacity(evidence.len());
        let mut venues = Vec::with_capacity(evidence.len());
        for ev in &evidence {
            let asserted = ev.pattern == crate::store::correct::ASSERTION_PATTERN;
            let meta = lookup.get(&ev.article)?;
            let cites = if asserted { citation(meta) } else { None };
            cited.push((cites, meta.url.clone()));
            venues.push(VenueRef::of(store, ev.venue)?);
        }
        shown.push(ShowRelation {
            source: s.to_string(),
            source_name: names[&s].clone(),
            relation: kind.as_str().into(),
            target: t.to_string(),
            target_name: names[&t].clone(),
            confidence: crate::graph::confidence(&evidence),
            articles: support.articles,
            first_seen: dated(&support.first_seen),
            last_seen: dated(&support.last_seen),
            evidence: evidence
                .into_iter()
                .zip(cited)
                .zip(venues)
                .map(|((ev, (cites, url)), venue)| EvidenceView {
                    event_date: dated(&ev.event_date),
                    venue,
                    date: dated(&ev.date),
                    article: ev.article,
                    sentence: ev.sentence,
                    pattern: ev.pattern,
                    confidence: ev.confidence,
                    url,
                    cites,
                })
                .collect(),
        });
    }
    let (alias_articles, aliases) = (AliasView::of(&e), e.alias_forms());
    Ok(ShowView {
        id: e.id.to_string(),
        name: e.name,
        kind: e.kind.as_str().into(),
        alias_articles,
        aliases,
        articles,
        article_details: details
            .into_iter()
            .map(|m| ArticleDetail { date: dated(&m.date), id: m.id, title: m.title, source: m.source, url: m.url })
            .collect(),
        relations: shown,
    })
}

impl ShowView {
    /// The entity, its articles, then each relation with its sentences.
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        writeln!(out, "{} ({}, {})", safe(&self.name), self.id, self.kind)?;
        let counted: Vec<String> = self
            .alias_articles
            .iter()
            .map(|a| format!("{} ({} article{})", a.alias, a.articles, if a.articles == 1 { "" } else { "s" }))
            .collect();
        let aliases = if counted.is_empty() { "-".to_string() } else { counted.join(", ") };
        writeln!(out, "aliases:  {}", safe(&aliases))?;
        writeln!(out, "articles: {}", self.article_details.len())?;
        for m in &self.article_details {
            let date = m.date.as_deref().unwrap_or("undated");
            let title = if m.title.is_empty() { String::new() } else { format!("  \"{}\"", m.title) };
            let url = if m.url.is_empty() { String::new() } else { format!("  {}", m.url) };
            writeln!(out, "  {date}  {}{}{}", safe(&m.id), safe(&title), safe(&url))?;
        }
        writeln!(out, "relations: {}", self.relations.len())?;
        for r in &self.relations {
            let symmetric = r.relation.parse::<RelationKind>().is_ok_and(RelationKind::is_symmetric);
            let arrow = if symmetric { format!("-[{}]-", r.relation) } else { format!("-[{}]->", r.relation) };
            let n = r.articles;
            writeln!(
                out,
                "\n  {} {arrow} {}  (confidence {:.2}; {n} article{}, {})",
                safe(&r.source_name),
                safe(&r.target_name),
                r.confidence,
                if n == 1 { "" } else { "s" },
                seen(&r.first_seen, &r.last_seen)
            )?;
            for ev in &r.evidence {
                let date = ev.date.as_deref().unwrap_or("undated");
                let cites = ev.cites.as_ref().map_or(String::new(), |c| format!("  ({c})"));
                let url = if ev.url.is_empty() { String::new() } else { format!("  <{}>", ev.url) };
                writeln!(
                    out,
                    "    {} {date} [{}]{}: {}{}{}",
                    safe(&ev.article),
                    safe(&ev.pattern),
                    safe(&when_where(&ev.event_date, &ev.venue)),
                    safe(&ev.sentence),
                    safe(&cites),
                    safe(&url)
                )?;
            }
        }
        Ok(())
    }
}
