//! `search`: the articles whose text holds words or phrases, ranked by BM25, each with a
//! snippet and its best sentences, the words found marked.
//!
//! The index (`crate::search`) may hold articles the store no longer does, or an older text of
//! one (an ingest or a forget stopped between its two commits): those hits are dropped here,
//! by the content hash the store keeps.

use super::{dated, Error};
use crate::search::Marked;
use crate::store::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// Hits shown when no limit is given, and the most a request may ask.
pub const DEFAULT_LIMIT: usize = 10;
pub const MAX_LIMIT: usize = 1000;

/// The question.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SearchRequest {
    /// The query: words, `"a phrase"`, `-word`, `a OR b`.
    #[serde(default)]
    pub q: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<usize>,
}

/// The answer, best first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    pub query: String,
    pub hits: Vec<SearchHit>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub date: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// BM25 over the title (weighed double) and the text.
    pub score: f32,
    /// The passage with the most of the query's words; `highlights` are character ranges
    /// `[start, end)` of `text`.
    pub snippet: Marked,
    /// The article's sentences with the most of the query's words, best first (at most two).
    pub sentences: Vec<Marked>,
}

/// Answers the question.
pub fn search(store: &Store, req: &SearchRequest) -> Result<SearchView, Error> {
    let period = super::period(&req.since, &req.until)?;
    let limit = req.limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Error::Usage(format!("limit {limit}: give 1 to {MAX_LIMIT}")));
    }
    let index = store.search_index().map_err(index_error)?;
    // An index that misses articles the store holds (a store older than the index): an
    // error when it has none of them, a count from `kg check` otherwise.
    if index.is_empty() && store.counts()?.articles > 0 && store.unindexed()? > 0 {
        return Err(Error::NotFound(format!(
            "the search index of {} is empty: this store was made before kg search (or by kg import). Ingest the same sources again (kg ingest PATH...) to index them; unchanged articles are only indexed, not re-extracted",
            store.path().display()
        )));
    }
    // Dropped hits (see the module doc) are rare: a few more than asked make up for them.
    let found = index.search(&req.q, &period, limit + limit / 2 + 5).map_err(index_error)?;
    let mut hits = Vec::with_capacity(limit);
    for hit in found {
        let Some(record) = store.article(&hit.id)? else { continue };
        if hex(&record.hash) != hit.hash {
            continue;
        }
        hits.push(SearchHit {
            date: dated(&record.date),
            title: record.title,
            id: hit.id,
            url: hit.url,
            score: hit.score,
            snippet: hit.snippet,
            sentences: hit.sentences,
        });
        if hits.len() == limit {
            break;
        }
    }
    Ok(SearchView { query: req.q.clone(), hits })
}

fn index_error(e: crate::search::Error) -> Error {
    match e {
        crate::search::Error::Query(m) => Error::Usage(m),
        other => Error::Store(crate::store::Error::Sled(other.to_string())),
    }
}

fn hex(hash: &[u8; 32]) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The text with each highlighted span between « and », plain text for any terminal.
pub fn mark(m: &Marked) -> String {
    let mut out = String::with_capacity(m.text.len() + 4 * m.highlights.len());
    let mut spans = m.highlights.iter().peekable();
    let mut open = false;
    for (i, c) in m.text.chars().enumerate() {
        while let Some(&&[start, end]) = spans.peek() {
            if open && i == end {
                out.push('»');
                open = false;
                spans.next();
            } else if !open && i == start {
                out.push('«');
                open = true;
                break;
            } else if end <= i {
                spans.next();
            } else {
                break;
            }
        }
        out.push(c);
    }
    if open {
        out.push('»');
    }
    out
}

impl SearchView {
    /// Each hit: rank, date, id and title, then its best sentences (or its snippet when no
    /// sentence holds a word of the query: a match in the title only).
    pub fn write_table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let n = self.hits.len();
        let articles = if n == 1 { "article" } else { "articles" };
        writeln!(out, "{n} {articles} for {:?}, best first (« » mark the words found)", self.query)?;
        for (i, h) in self.hits.iter().enumerate() {
            let date = h.date.as_deref().unwrap_or("undated");
            writeln!(out, "\n{}. {date}  {}  {}  (score {:.2})", i + 1, h.id, h.title, h.score)?;
            if let Some(url) = &h.url {
                writeln!(out, "   {url}")?;
            }
            let lines: Vec<&Marked> =
                if h.sentences.is_empty() { vec![&h.snippet] } else { h.sentences.iter().collect() };
            for m in lines.into_iter().filter(|m| !m.text.is_empty()) {
                writeln!(out, "   {}", mark(m).replace('\n', " "))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{mark, Marked};

    #[test]
    fn marks_surround_each_highlighted_span_by_characters() {
        let m = Marked { text: "Ärzte met in Kyiv".into(), highlights: vec![[0, 5], [13, 17]] };
        assert_eq!(mark(&m), "«Ärzte» met in «Kyiv»");
        let touching = Marked { text: "ab".into(), highlights: vec![[0, 1], [1, 2]] };
        assert_eq!(mark(&touching), "«a»«b»");
    }
}
