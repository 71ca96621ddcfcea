//! `kg forget` (`POST /api/forget`): articles taken out of the store with every fact only
//! they gave, chosen by id, by source, or by a text their id, title or source contains (as
//! `kg articles --match` selects). One transaction: all of them go, or none.
//!
//! The removal is the one a replaced article's old version goes through
//! (`store::batch`'s `plan_removal`): entities no other article mentions, relations and
//! evidence no other article supports, their alias-index, word-index, postings and date
//! entries, and the kept counts. The corrections log stays as it is and still holds: an
//! asserted edge is an analyst's fact, not an article's, so its synthetic article
//! (`kg-correction-N`) is never forgotten (undo the assertion instead), and keeps the
//! entities it names.
//!
//! Unknown ids are refused all together, naming each, and nothing is forgotten.

use super::{Local, Method, Operation};
use crate::error::{Error, Result};
use crate::graph::name::normalize;
use crate::store::correct::is_assertion_article;
use crate::store::Store;
use crate::view::articles::{matches, ArticleRow};
use serde::{Deserialize, Serialize};

/// The articles to forget: by id, by source, or by text (exactly one of the three).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forget {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub articles: Vec<String>,
    /// Every article from this source (case and diacritics ignored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Every article whose id, title or source contains this text.
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub matching: Option<String>,
    /// Say what would go; change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// What went (or, in a dry run, would go), as `kg forget --format json` prints it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Forgotten {
    pub dry_run: bool,
    /// The articles, by date (undated last), then id.
    pub articles: Vec<ArticleRow>,
    /// How many entities and relations went with them: those no other article (or
    /// assertion) supports.
    pub entities: u64,
    pub relations: u64,
}

impl Operation for Forget {
    type Reply = Forgotten;
    const WRITES: bool = true;

    fn route(&self) -> (Method, String) {
        (Method::Post, "/api/forget".into())
    }

    fn validate(&self) -> Result<()> {
        let chosen = [!self.articles.is_empty(), self.source.is_some(), self.matching.is_some()];
        if chosen.iter().filter(|c| **c).count() != 1 {
            return Err(Error::usage(
                "name the articles to forget: by id, or --source NAME, or --match TEXT (one of them)",
            ));
        }
        let blank = |t: &Option<String>| t.as_deref().is_some_and(|t| normalize(t).is_empty());
        if blank(&self.source) || blank(&self.matching) || self.articles.iter().any(|a| a.is_empty()) {
            return Err(Error::usage("an empty article id, source or text would choose nothing (or everything)"));
        }
        Ok(())
    }

    fn run(&self, local: &Local) -> Result<Forgotten> {
        let _one_writer = local.one_writer();
        let store = local.store;
        let mut rows = self.chosen(store)?;
        rows.sort_by(|a, b| {
            let date = |r: &ArticleRow| r.date.clone().unwrap_or_default();
            crate::graph::date::order(&date(a), &date(b)).then_with(|| a.id.cmp(&b.id))
        });
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let gone = store.forget(&ids, self.dry_run)?;
        if !self.dry_run {
            removed(local, &ids)?;
        }
        Ok(Forgotten { dry_run: self.dry_run, articles: rows, entities: gone.entities, relations: gone.relations })
    }
}

/// The one place that knows which articles were just forgotten, once the store has
/// committed their removal: what keeps its own index of articles (a search index) takes
/// them out here.
fn removed(local: &Local, ids: &[String]) -> Result<()> {
    // The store has let them go; a search hit for an article it no longer holds is dropped
    // anyway, so an index left behind by a crash here only costs space until the next forget
    // or ingest of those ids.
    let failed = |e: crate::search::Error| Error::from(crate::store::Error::Sled(e.to_string()));
    let index = local.store.search_index().map_err(failed)?;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    index.remove(&ids).map_err(failed)
}

impl Forget {
    /// The articles chosen, each once; an error naming every id the store does not hold.
    fn chosen(&self, store: &Store) -> Result<Vec<ArticleRow>> {
        let mut rows = Vec::new();
        if !self.articles.is_empty() {
            let (mut unknown, mut assertions) = (Vec::new(), Vec::new());
            let mut seen = std::collections::HashSet::new();
            for id in self.articles.iter().filter(|id| seen.insert(id.as_str())) {
                match (store.article_meta(id)?, store.article(id)?) {
                    _ if is_assertion_article(id) => assertions.push(format!("{id:?}")),
                    (Some(meta), Some(record)) => rows.push(row(meta, record.entities.len(), record.relations.len())),
                    _ => unknown.push(format!("{id:?}")),
                }
            }
            if !assertions.is_empty() {
                return Err(Error::usage(format!(
                    "{} carries an analyst's assertion, not an article: undo the assertion instead (kg corrections undo N); nothing was forgotten",
                    assertions.join(", ")
                )));
            }
            if !unknown.is_empty() {
                return Err(Error::NotFound {
                    message: format!(
                        "no article {} in the store (kg articles lists them): nothing was forgotten",
                        unknown.join(", ")
                    ),
                    suggestions: Vec::new(),
                });
            }
            return Ok(rows);
        }
        let source = self.source.as_deref().map(normalize);
        let needle = self.matching.as_deref().map(normalize);
        for item in store.articles() {
            let (meta, entities, relations) = item?;
            if is_assertion_article(&meta.id) {
                continue;
            }
            let chosen = match (&source, &needle) {
                (Some(source), _) => normalize(&meta.source) == *source,
                (None, Some(needle)) => matches(&meta, needle),
                (None, None) => false,
            };
            if chosen {
                rows.push(row(meta, entities, relations));
            }
        }
        if rows.is_empty() {
            let what = match (&self.source, &self.matching) {
                (Some(source), _) => format!("no article has the source {source:?}"),
                (None, matching) => {
                    format!("no article's id, title or source contains {:?}", matching.as_deref().unwrap_or(""))
                }
            };
            return Err(Error::NotFound {
                message: format!("{what} (kg articles lists them): nothing was forgotten"),
                suggestions: Vec::new(),
            });
        }
        Ok(rows)
    }
}

fn row(meta: crate::store::ArticleMeta, entities: usize, relations: usize) -> ArticleRow {
    ArticleRow {
        date: (!meta.date.is_empty()).then(|| meta.date.clone()),
        id: meta.id,
        title: meta.title,
        source: meta.source,
        url: meta.url,
        entities,
        relations,
    }
}
