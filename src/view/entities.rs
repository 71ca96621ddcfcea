//! `entities`: list entities by type, by a piece of their name, or by period.

use super::text::table;
use super::Error;
use crate::graph::name::normalize;
use crate::graph::EntityKind;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// The question. `limit` caps the list (the web page's suggestions ask for a few).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct EntitiesRequest {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub matching: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// The answer, in id order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntitiesView {
    pub entities: Vec<EntityRow>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRow {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The forms articles wrote for it, the name excepted.
    pub aliases: Vec<String>,
    /// How many articles wrote each alias, in the same order.
    pub alias_articles: Vec<super::show::AliasView>,
    /// Articles that mention it (in the period).
    pub articles: usize,
}

/// Answers the question.
pub fn entities(store: &Store, req: &EntitiesRequest) -> Result<EntitiesView, Error> {
    let kind: Option<EntityKind> = req.kind.as_deref().map(str::parse).transpose().map_err(Error::Usage)?;
    let needle = req.matching.as_deref().map(normalize);
    let period = super::period(&req.since, &req.until)?;
    let limit = req.limit.unwrap_or(usize::MAX);
    let mut dates = article_dates(store, &period)?;
    let mut found = Vec::new();
    for e in store.entities() {
        if found.len() >= limit {
            break;
        }
        let e = e?;
        if kind.is_some_and(|k| k != e.kind) {
            continue;
        }
        if let Some(n) = &needle {
            // Other spellings the entity is found by match too, though they are no aliases.
            let mut forms = std::iter::once(&e.name).chain(e.aliases.iter().map(|a| &a.form)).chain(&e.keys);
            if !forms.any(|f| normalize(f).contains(n.as_str())) {
                continue;
            }
        }
        let articles = store.mentioned_in(e.id, &period, &mut dates)?;
        if articles > 0 || period.is_all() {
            let (alias_articles, aliases) = (super::show::AliasView::of(&e), e.alias_forms());
            found.push(EntityRow {
                id: e.id.to_string(),
                name: e.name,
                kind: e.kind.as_str().into(),
                alias_articles,
                aliases,
                articles,
            });
        }
    }
    Ok(EntitiesView { entities: found })
}

/// A lookup of article dates for a period question: with a period, the dates of every
/// article are read once (one pass over the article records); without one, nothing is read.
pub fn article_dates<'s>(
    store: &'s Store,
    period: &crate::graph::date::Period,
) -> Result<impl FnMut(&str) -> crate::store::Result<String> + 's, Error> {
    let mut dates: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    if !period.is_all() {
        for item in store.articles() {
            let (meta, _, _) = item?;
            dates.insert(meta.id, meta.date);
        }
    }
    Ok(move |id: &str| Ok(dates.get(id).cloned().unwrap_or_default()))
}

impl EntitiesView {
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut rows = vec![["id", "type", "name", "articles", "aliases"].map(String::from).to_vec()];
        for e in &self.entities {
            rows.push(vec![e.id.clone(), e.kind.clone(), e.name.clone(), e.articles.to_string(), e.aliases.join(", ")]);
        }
        table(out, &rows)
    }
}
