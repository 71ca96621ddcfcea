//! `articles`: the articles in the store, with their dates, titles and sources.

use super::text::table;
use super::{dated, Error};
use crate::graph::date::order;
use crate::graph::name::normalize;
use crate::store::{ArticleMeta, Store};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The question.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ArticlesRequest {
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub matching: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// The answer, by date (undated last), then id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticlesView {
    pub articles: Vec<ArticleRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleRow {
    pub id: String,
    pub date: Option<String>,
    pub title: String,
    pub source: String,
    /// Where it was published; absent when unknown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// How many entities and relations it gave.
    pub entities: usize,
    pub relations: usize,
}

/// Answers the question.
pub fn articles(store: &Store, req: &ArticlesRequest) -> Result<ArticlesView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let needle = req.matching.as_deref().map(normalize);
    let mut found = Vec::new();
    for item in store.articles() {
        let (meta, entities, relations) = item?;
        if !period.contains(&meta.date) {
            continue;
        }
        if needle.as_ref().is_some_and(|n| !matches(&meta, n)) {
            continue;
        }
        found.push((meta, entities, relations));
    }
    found.sort_by(|a, b| order(&a.0.date, &b.0.date).then_with(|| a.0.id.cmp(&b.0.id)));
    let articles = found
        .into_iter()
        .map(|(m, entities, relations)| ArticleRow {
            date: dated(&m.date),
            id: m.id,
            title: m.title,
            source: m.source,
            url: m.url,
            entities,
            relations,
        })
        .collect();
    Ok(ArticlesView { articles })
}

/// Whether an article's id, title or source contains `needle` (normalised: case and
/// diacritics ignored): what `--match` selects, in `kg articles` and `kg forget`.
pub fn matches(meta: &ArticleMeta, needle: &str) -> bool {
    [&meta.id, &meta.title, &meta.source].iter().any(|f| normalize(f).contains(needle))
}

impl ArticlesView {
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut rows = vec![["date", "id", "title", "source", "entities", "relations"].map(String::from).to_vec()];
        for a in &self.articles {
            rows.push(vec![
                a.date.clone().unwrap_or_else(|| "undated".into()),
                a.id.clone(),
                a.title.clone(),
                a.source.clone(),
                a.entities.to_string(),
                a.relations.to_string(),
            ]);
        }
        table(out, &rows)
    }
}
