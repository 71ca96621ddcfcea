//! The JSON export, exactly the contract of EXTRACTION.md, plus extra keys:
//!
//! ```json
//! {"entities": [{"id": "e17", "name": "Vladimir Putin", "type": "person",
//!                "aliases": ["Putin"], "alias_articles": [{"alias": "Putin", "articles": 1}],
//!                "articles": ["witkoff-putin"]}],
//!  "relations": [{"source": "e3", "target": "e17", "relation": "met-with", "confidence": 0.9,
//!                 "articles": 1, "first_seen": "2025-04-11", "last_seen": "2025-04-11",
//!                 "evidence": [{"article": "witkoff-putin", "date": "2025-04-11",
//!                               "title": "...", "sentence": "...",
//!                               "pattern": "met-verb", "confidence": 0.9,
//!                               "event_date": "2025-04-10", "venue": "e5"}]}],
//!  "articles": [{"id": "witkoff-putin", "date": "2025-04-11", "title": "...", "source": "..."}]}
//! ```
//!
//! `aliases` are the forms articles wrote (other spellings an entity is only found by are
//! not aliases), and `alias_articles` says how many articles wrote each, in the same order.
//! Dates are the articles' normalised dates, null when undated. A meeting's evidence also
//! says when (`event_date`: a day, month or year) and where (`venue`: a place's id) its
//! sentence says it happened, each null when the sentence does not say. `articles` lists every
//! article of a whole export (in a period, those dated inside it), or those a partial export
//! names, so that `kg import` restores titles, dates and sources; `corrections` is the
//! analysts' log (`kg corrections export`'s lines), which an import keeps.
//!
//! One entity or relation per line, entities by id, relations by (source, relation code,
//! target), evidence by (article, sentence order): stable output that diffs well. Written as
//! it is read from the store, so memory does not grow with the graph.

use super::{Articles, Error, Selection};
use crate::store::Store;
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::Write;

#[derive(Serialize)]
struct EntityDto<'a> {
    id: String,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    aliases: Vec<&'a str>,
    alias_articles: Vec<AliasDto<'a>>,
    articles: Vec<String>,
}

#[derive(Serialize)]
struct AliasDto<'a> {
    alias: &'a str,
    /// How many articles wrote it.
    articles: u32,
}

#[derive(Serialize)]
struct EvidenceDto<'a> {
    article: &'a str,
    /// The article's date; null when undated.
    date: Option<&'a str>,
    title: &'a str,
    sentence: &'a str,
    pattern: &'a str,
    confidence: f32,
    /// A meeting's day, month or year as its sentence gives it; null when it gives none.
    event_date: Option<&'a str>,
    /// The id of the place a meeting was at; null when the sentence names none.
    venue: Option<String>,
    /// The article's url, when known (a key the contract does not name, so left out when empty).
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

#[derive(Serialize)]
struct RelationDto<'a> {
    source: String,
    target: String,
    relation: &'a str,
    confidence: f32,
    /// How many articles support the relation, and its first and last dates (null when
    /// none of them is dated).
    articles: u32,
    first_seen: Option<&'a str>,
    last_seen: Option<&'a str>,
    evidence: Vec<EvidenceDto<'a>>,
}

#[derive(Serialize)]
struct ArticleDto<'a> {
    id: &'a str,
    date: Option<&'a str>,
    title: &'a str,
    source: &'a str,
    /// Where it was published, when known.
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
}

fn dated(date: &str) -> Option<&str> {
    (!date.is_empty()).then_some(date)
}

/// Writes the selected part of the graph as JSON.
pub fn write(store: &Store, selection: &Selection, out: &mut dyn Write) -> Result<(), Error> {
    let mut articles = Articles::new(store);
    let whole = selection.entities.is_none();
    // The articles a partial export names, listed at the end.
    let mut named: BTreeSet<String> = BTreeSet::new();
    out.write_all(b"{\"entities\": [")?;
    let mut first = true;
    for id in selection.entity_ids(store)? {
        let Some(e) = store.entity(id)? else { continue };
        let dto = EntityDto {
            id: e.id.to_string(),
            name: &e.name,
            kind: e.kind.as_str(),
            aliases: e.aliases.iter().map(|a| a.form.as_str()).collect(),
            alias_articles: e.aliases.iter().map(|a| AliasDto { alias: &a.form, articles: a.articles }).collect(),
            articles: articles.of_entity(id, &selection.period)?,
        };
        if !whole {
            named.extend(dto.articles.iter().cloned());
        }
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &dto).map_err(std::io::Error::from)?;
        first = false;
    }
    out.write_all(b"\n], \"relations\": [")?;
    let mut first = true;
    selection.for_each_relation(store, |r| {
        let mut evidence = Vec::with_capacity(r.evidence.len());
        for e in &r.evidence {
            let meta = articles.get(&e.article)?;
            evidence.push((e, meta.title.clone(), meta.url.clone()));
        }
        let dto = RelationDto {
            source: r.source.to_string(),
            target: r.target.to_string(),
            relation: r.kind.as_str(),
            confidence: r.confidence(),
            articles: r.support.articles,
            first_seen: dated(&r.support.first_seen),
            last_seen: dated(&r.support.last_seen),
            evidence: evidence
                .iter()
                .map(|(e, title, url)| EvidenceDto {
                    article: &e.article,
                    date: dated(&e.date),
                    title,
                    sentence: &e.sentence,
                    pattern: &e.pattern,
                    confidence: e.confidence,
                    event_date: dated(&e.event_date),
                    venue: e.venue.map(|v| v.to_string()),
                    url,
                })
                .collect(),
        };
        if !whole {
            named.extend(r.evidence.iter().map(|e| e.article.clone()));
        }
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &dto).map_err(std::io::Error::from)?;
        first = false;
        Ok(())
    })?;
    out.write_all(b"\n], \"articles\": [")?;
    let mut first = true;
    let mut write_article = |meta: &crate::store::ArticleMeta, out: &mut dyn Write| -> Result<(), Error> {
        let dto = ArticleDto {
            id: &meta.id,
            date: dated(&meta.date),
            title: &meta.title,
            source: &meta.source,
            url: &meta.url,
        };
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &dto).map_err(std::io::Error::from)?;
        first = false;
        Ok(())
    };
    if whole {
        for item in store.articles() {
            let (meta, _, _) = item?;
            if selection.period.contains(&meta.date) {
                write_article(&meta, out)?;
            }
        }
    } else {
        for id in &named {
            let meta = articles.get(id)?.clone();
            write_article(&meta, out)?;
        }
    }
    // The analysts' corrections, as lines of the corrections file: an import keeps them, so
    // later ingests into the imported store respect them too.
    out.write_all(b"\n], \"corrections\": [")?;
    let mut first = true;
    for (n, c) in store.corrections()? {
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &crate::store::correct::line(n, &c)).map_err(std::io::Error::from)?;
        first = false;
    }
    out.write_all(b"\n]}\n")?;
    Ok(())
}
