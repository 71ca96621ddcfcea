//! `Store::check`: verifies the invariants every write keeps, and reports what is broken.
//!
//! - every relation's endpoints exist, it has evidence, adjacency is in both `out` and `in`,
//!   and its `dates` entries count its evidence by date, month by month;
//! - every evidence item belongs to a relation and to an article that lists that relation,
//!   and carries that article's date;
//! - every alias-index entry points at a live entity that has a form with that name;
//! - every entity's forms, written and generated (keys), are in the alias index, none written
//!   by more articles than give it, and its article count matches its postings;
//! - the word index holds every word of every alias, each word once spelt backwards, and
//!   nothing else (`words.rs`);
//! - every article's entities exist and list the article in their postings, and every
//!   relation it lists has its evidence;
//! - the next entity id is above every entity id, the next posting chunk above every chunk;
//! - each correction of the log holds in the graph, unless a later one superseded it
//!   (`check_corrections.rs` says what each must find).
//!
//! One pass over each tree; point reads for the cross-checks. Nothing is repaired.

use super::codec::{self, ArticleRecord, CountsRecord, EntityRecord, EvidenceRecord};
use super::evidence_buckets::{DatedMonth, EvidenceBucket, TOMBSTONE};
use super::{keys, Error, Result, Store};
use crate::graph::name::normalize;
use crate::graph::{EntityId, RelationKind};
use std::collections::{HashMap, HashSet};

/// What `check` found.
#[derive(Debug, Default)]
pub struct Report {
    pub articles: u64,
    pub entities: u64,
    pub relations: u64,
    /// One line per broken invariant.
    pub problems: Vec<String>,
}

impl Store {
    /// Verifies the store's invariants.
    ///
    /// # Errors
    /// Only read errors; a broken invariant or an undecodable value is a problem in the report.
    pub fn check(&self) -> Result<Report> {
        let mut report = Report::default();
        // What the store holds, counted on the way, to compare with the counts kept in `meta`.
        let mut found = CountsRecord::default();
        let mut problem = |p: String| report.problems.push(p);
        let entity_exists = |id: EntityId| -> Result<bool> { Ok(self.entities.contains_key(keys::entity(id))?) };

        // Entities, their forms in the alias index, their postings.
        let mut entity_ids = HashSet::new();
        let mut max_id = 0u64;
        let mut posted: HashMap<EntityId, HashSet<String>> = HashMap::new();
        let next_chunk = self.next_posting_chunk()?;
        for item in self.all_postings() {
            let (id, chunk, articles) = match item {
                Ok(found) => found,
                Err(e @ Error::Corrupt { .. }) => {
                    problem(format!("postings: {e}"));
                    continue;
                }
                Err(e) => return Err(e),
            };
            if chunk >= next_chunk {
                problem(format!("postings of {id}: chunk number not below the next one ({next_chunk})"));
            }
            posted.entry(id).or_default().extend(articles);
        }
        for item in self.entities.iter() {
            let (key, value) = item?;
            let Some(id) = keys::parse_entity(&key) else {
                problem(format!("entities: bad key {key:?}"));
                continue;
            };
            entity_ids.insert(id);
            max_id = max_id.max(id.0);
            let record: EntityRecord = match codec::decode(&value) {
                Ok(r) => r,
                Err(e) => {
                    problem(format!("entity {id}: undecodable ({e})"));
                    continue;
                }
            };
            CountsRecord::bump(&mut found.entities, record.kind, true);
            for form in &record.forms {
                // Of the articles giving a form, only so many can have written it.
                if form.written > form.count {
                    problem(format!(
                        "entity {id} ({}): form {:?} written by {} articles, given by {}",
                        record.name, form.form, form.written, form.count
                    ));
                }
                if !self.lookup(&normalize(&form.form))?.contains(&id) {
                    problem(format!(
                        "entity {id} ({}): form {:?} is missing from the alias index",
                        record.name, form.form
                    ));
                }
            }
            let articles = posted.get(&id).map_or(0, HashSet::len);
            if articles != record.articles as usize {
                problem(format!(
                    "entity {id} ({}): counts {} articles, postings list {articles}",
                    record.name, record.articles
                ));
            }
        }
        report.entities = entity_ids.len() as u64;
        for id in posted.keys() {
            if !entity_ids.contains(id) {
                problem(format!("postings of {id}: no such entity"));
            }
        }
        if self.next_entity_id()? <= max_id {
            problem(format!("meta: next entity id {} is not above the largest id {max_id}", self.next_entity_id()?));
        }

        // The alias index.
        for item in self.names() {
            let (name, ids) = item?;
            for id in ids {
                match self.entity_record(id) {
                    Ok(Some(r)) if r.forms.iter().any(|f| normalize(&f.form) == name) => {}
                    Ok(Some(r)) => problem(format!("alias {name:?}: entity {id} ({}) has no such form", r.name)),
                    Ok(None) => problem(format!("alias {name:?}: points at missing entity {id}")),
                    Err(e) => problem(format!("alias {name:?}: entity {id}: {e}")),
                }
            }
        }

        // The word index against the alias index's keys.
        for p in self.check_words()? {
            problem(p);
        }

        // Relations, adjacency both ways, evidence.
        // Each article's relations and evidence dates (one, its own), from the evidence.
        let mut evidence_of: HashMap<String, HashSet<(u64, u8, u64)>> = HashMap::new();
        let mut dated: HashMap<String, HashSet<String>> = HashMap::new();
        for item in self.out.iter() {
            let (key, _) = item?;
            let Some((s, kind, t)) = keys::parse_edge(&key) else {
                problem(format!("out: bad key {key:?}"));
                continue;
            };
            report.relations += 1;
            CountsRecord::bump(&mut found.relations, kind.code(), true);
            for end in [s, t] {
                if !entity_exists(end)? {
                    problem(format!("relation {s} {kind} {t}: endpoint {end} does not exist"));
                }
            }
            if !self.inn.contains_key(keys::edge(t, kind, s))? {
                problem(format!("relation {s} {kind} {t}: missing from the `in` adjacency"));
            }
            let mut evidence = 0;
            let mut months: std::collections::BTreeMap<Vec<u8>, DatedMonth> = std::collections::BTreeMap::new();
            for e in self.stored_evidence(&keys::edge(s, kind, t))? {
                evidence += 1;
                match (EvidenceRecord::decode(&e.value), keys::article_suffix(&e.key, 17)) {
                    (Ok(record), Some(article)) => {
                        let month = keys::dated(s, kind, t, keys::bucket(&record.date)).to_vec();
                        months.entry(month).or_default().add(&record.date, e.chunk);
                        dated.entry(article.clone()).or_default().insert(record.date);
                        evidence_of.entry(article).or_default().insert((s.0, kind.code(), t.0));
                    }
                    (Err(r), _) => problem(format!("evidence of {s} {kind} {t}: undecodable ({r})")),
                    (_, None) => problem(format!("evidence of {s} {kind} {t}: bad key {:?}", e.key)),
                }
            }
            let mut stored = std::collections::BTreeMap::new();
            for item in self.dates.scan_prefix(keys::edge(s, kind, t)) {
                let (k, v) = item?;
                match DatedMonth::decode(&v) {
                    Ok(month) => {
                        stored.insert(k.to_vec(), month);
                    }
                    Err(e) => problem(format!("relation {s} {kind} {t}: undecodable dates entry ({e})")),
                }
            }
            if stored != months {
                problem(format!(
                    "relation {s} {kind} {t}: its `dates` entries do not count its evidence by date, or name other chunks"
                ));
            }
            if evidence == 0 {
                problem(format!("relation {s} {kind} {t}: has no evidence"));
            }
        }
        for item in self.inn.iter() {
            let (key, _) = item?;
            match keys::parse_edge(&key) {
                Some((t, kind, s)) if !self.out.contains_key(keys::edge(s, kind, t))? => {
                    problem(format!("`in` adjacency {t} {kind} {s}: no such relation in `out`"))
                }
                Some(_) => {}
                None => problem(format!("in: bad key {key:?}")),
            }
        }
        for item in self.dates.iter() {
            let (key, _) = item?;
            match key.get(..17).and_then(keys::parse_edge) {
                Some((s, kind, t)) if key.len() == 21 => {
                    if !self.out.contains_key(keys::edge(s, kind, t))? {
                        problem(format!("`dates` entry of {s} {kind} {t}: no such relation"));
                    }
                }
                _ => problem(format!("dates: bad key {key:?}")),
            }
        }
        // What the `evidence` tree holds beyond the relations' own evidence: keys of no
        // relation. Empty values only hide bucket entries.
        for item in self.evidence.iter() {
            let (key, value) = item?;
            if value.as_ref() == TOMBSTONE {
                continue;
            }
            let (Some((s, kind, t)), Some(article)) =
                (keys::parse_edge(key.get(..17).unwrap_or(&[])), keys::article_suffix(&key, 17))
            else {
                problem(format!("evidence: bad key {key:?}"));
                continue;
            };
            if !self.out.contains_key(keys::edge(s, kind, t))? {
                problem(format!("evidence of {s} {kind} {t} in {article:?}: no such relation"));
            }
            if let Err(e) = EvidenceRecord::decode(&value) {
                problem(format!("evidence of {s} {kind} {t} in {article:?}: undecodable ({e})"));
            }
        }
        for item in self.evidence_buckets.iter() {
            let (key, value) = item?;
            match EvidenceBucket::decode(&value) {
                Ok(bucket) => {
                    let filed = keys::parse_entity(&key).map(|b| b.0);
                    let sorted = bucket.entries.windows(2).all(|w| w[0].key() < w[1].key());
                    if !sorted || bucket.entries.iter().any(|e| Some(e.source >> keys::BUCKET_BITS) != filed) {
                        problem(format!("evidence bucket {key:?}: entries out of order, or of another bucket"));
                    }
                }
                Err(e) => problem(format!("evidence bucket {key:?}: undecodable ({e})")),
            }
        }

        // Articles: their facts are all there.
        for item in self.articles.iter() {
            let (key, value) = item?;
            let id = String::from_utf8_lossy(&key).into_owned();
            report.articles += 1;
            found.articles += 1;
            let record: ArticleRecord = match codec::decode(&value) {
                Ok(r) => r,
                Err(e) => {
                    problem(format!("article {id:?}: undecodable ({e})"));
                    continue;
                }
            };
            for e in &record.entities {
                let eid = EntityId(e.id);
                if !entity_ids.contains(&eid) {
                    problem(format!("article {id:?}: entity {eid} does not exist"));
                } else if !posted.get(&eid).is_some_and(|p| p.contains(&id)) {
                    problem(format!("article {id:?}: missing from the postings of {eid}"));
                }
            }
            let date = crate::graph::date::parse(&record.date).unwrap_or_default();
            for other in dated.remove(&id).unwrap_or_default() {
                if other != date {
                    problem(format!("article {id:?}: dated {date:?}, but evidence from it is dated {other:?}"));
                }
            }
            let has = evidence_of.remove(&id).unwrap_or_default();
            for &(s, code, t) in &record.relations {
                if !has.contains(&(s, code, t)) {
                    let kind = RelationKind::from_code(code).map_or("?", RelationKind::as_str);
                    problem(format!("article {id:?}: relation e{s} {kind} e{t} has no evidence from it"));
                }
            }
        }
        for (article, _) in evidence_of {
            problem(format!("evidence from article {article:?}, which is not in the store"));
        }

        // The corrections log against the graph: each correction's effect, unless a later
        // one superseded it (`check_corrections.rs`).
        let log = self.corrections()?;
        let verdicts = self.verdicts(&log)?;
        for (n, c) in &log {
            if let Some(super::check_corrections::Verdict::Fails(shows)) = verdicts.get(n) {
                problem(format!("correction {n} ({}): {shows}", super::check_corrections::says(c)));
            }
        }

        // The counts kept in `meta` against what is there.
        let kept = self.stored_counts()?;
        if kept != found {
            problem(format!("meta: kept counts {kept:?} differ from the store's {found:?}"));
        }
        Ok(report)
    }
}

impl From<Error> for Report {
    fn from(e: Error) -> Report {
        Report { problems: vec![e.to_string()], ..Report::default() }
    }
}

impl Store {
    /// How many articles the full-text index does not hold as the store does (missing, or
    /// indexed with another text): a re-ingest of their sources indexes them. Not a broken
    /// invariant: a store made before the index has none. Articles without a text hash (an
    /// analyst's assertion, an article of `kg import`) have no text to index: not counted.
    ///
    /// # Errors
    /// A read error of either.
    pub fn unindexed(&self) -> Result<u64> {
        let index = self.search_index().map_err(|e| Error::Sled(e.to_string()))?;
        let mut missing = 0;
        for item in self.articles.iter() {
            let (key, value) = item?;
            let record: ArticleRecord = codec::decode(&value).map_err(|r| Error::corrupt(keys::ARTICLES, &key, &r))?;
            if record.hash != [0; 32]
                && !index
                    .holds(&String::from_utf8_lossy(&key), &record.hash, true)
                    .map_err(|e| Error::Sled(e.to_string()))?
            {
                missing += 1;
            }
        }
        Ok(missing)
    }
}
