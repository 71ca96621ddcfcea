//! Taking articles out: the old version of a replaced article (`write_extracted`), and
//! articles forgotten altogether (`kg forget`). One removal serves both: every fact only the
//! articles gave goes (entities, forms and their alias-index and word-index entries,
//! postings, relations, evidence, date counts), what other articles still support stays, and
//! the kept counts follow.
//!
//! Several articles forgotten in one batch go in one transaction. The removal's prefix scans
//! read the store, not the plan, so each one skips the evidence of the articles planned out
//! before it, and reads posting chunks as planned: the articles go as if one by one.

use super::{Batch, Relations};
use crate::graph::name::normalize;
use crate::graph::{EntityId, RelationKind};
use crate::store::codec::PostingRecord;
use crate::store::codec::{self, ArticleRecord, CountsRecord, DayCounts, EntityRecord, EvidenceRecord, FormCount};
use crate::store::entity::remove_article;
use crate::store::{keys, Error, Result, Store};
use std::collections::BTreeMap;

/// What forgetting articles takes out with them: the entities and relations no other
/// article (or analyst's assertion) supports.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Forgetting {
    pub articles: u64,
    pub entities: u64,
    pub relations: u64,
}

impl Store {
    /// Forgets `articles` (ids the store holds; others are skipped) and every fact only they
    /// gave, all in one transaction; with `dry_run`, only counts what would go. The
    /// corrections log is left as it is: its corrections still hold (an asserted edge is no
    /// article's fact, and keeps its entities).
    ///
    /// # Errors
    /// An i/o error, or a corrupt record.
    pub fn forget(&self, articles: &[String], dry_run: bool) -> Result<Forgetting> {
        let mut batch = self.batch()?;
        let before = batch.counts.clone();
        for id in articles {
            batch.forget(id)?;
        }
        batch.reclaim_entity_ids()?;
        let after = &batch.counts;
        let gone = |a: &BTreeMap<u8, u64>, b: &BTreeMap<u8, u64>| {
            a.values().sum::<u64>().saturating_sub(b.values().sum::<u64>())
        };
        let forgetting = Forgetting {
            articles: before.articles.saturating_sub(after.articles),
            entities: gone(&before.entities, &after.entities),
            relations: gone(&before.relations, &after.relations),
        };
        if dry_run {
            // Dropped without a commit: nothing planned is written.
            return Ok(forgetting);
        }
        batch.commit()?;
        drop(batch);
        self.flush()?;
        Ok(forgetting)
    }
}

impl Batch<'_> {
    /// Plans taking `article` out altogether; `false` when the store does not hold it. A
    /// batch that forgets articles is meant to do nothing else before its commit.
    fn forget(&mut self, article: &str) -> Result<bool> {
        if self.plan.forgotten.contains(article) {
            return Ok(true);
        }
        let Some(old) = self.store.article(article)? else { return Ok(false) };
        self.plan_removal(article, &old, &BTreeMap::new())?;
        self.plan.forgotten.insert(article.to_string());
        self.counts.articles = self.counts.articles.saturating_sub(1);
        Ok(true)
    }

    /// Hands out again the entity ids above every entity left and every id the corrections
    /// log names: forgetting the last articles ingested and ingesting them again then gives
    /// the same ids, the same graph. An id a correction names is never handed out again.
    fn reclaim_entity_ids(&mut self) -> Result<()> {
        let mut top = 0u64;
        for key in self.store.entities.iter().keys().rev() {
            let key = key?;
            let id = keys::parse_entity(&key).ok_or_else(|| Error::corrupt(keys::ENTITIES, &key, "bad entity key"))?;
            if !matches!(self.plan.entities.get(&id), Some(None)) {
                top = id.0;
                break;
            }
        }
        for (_, c) in self.store.corrections()? {
            if let Some((a, b)) = c.ids {
                for id in [a, b].into_iter().filter(|&i| i < crate::store::correct::TO_CREATE.0) {
                    top = top.max(id);
                }
            }
        }
        self.next_id = self.next_id.min(top.saturating_add(1)).max(1);
        Ok(())
    }

    /// Plans taking out every fact the old version of `article` gave, keeping what other
    /// articles still support. Runs on a committed store (no pending writes but those of
    /// articles forgotten in this batch), so its prefix scans see everything else.
    /// `keep_relations` are what the new version re-adds.
    pub(super) fn plan_removal(
        &mut self,
        article: &str,
        old: &ArticleRecord,
        keep_relations: &Relations,
    ) -> Result<()> {
        let store = self.store;
        for &(s, code, t) in &old.relations {
            let Some(kind) = RelationKind::from_code(code) else {
                continue;
            };
            let (s, t) = (EntityId(s), EntityId(t));
            self.plan.evidence.insert(keys::evidence(s, kind, t, article), None);
            // What the other articles still give the relation, rebuilt from their evidence.
            let mut months: BTreeMap<u32, DayCounts> = BTreeMap::new();
            for item in store.evidence.scan_prefix(keys::edge(s, kind, t)) {
                let (key, value) = item?;
                let from = keys::article_suffix(&key, 17);
                if from.as_deref() == Some(article) || from.is_some_and(|a| self.plan.forgotten.contains(&a)) {
                    continue;
                }
                let date = EvidenceRecord::date_of(&value).map_err(|r| Error::corrupt(keys::EVIDENCE, &key, &r))?;
                months.entry(keys::bucket(&date)).or_default().add(&date);
            }
            for item in store.dates.scan_prefix(keys::edge(s, kind, t)) {
                let (key, _) = item?;
                self.plan.dates.insert(key.to_vec(), None);
            }
            let others = !months.is_empty();
            for (bucket, month) in months {
                self.plan.dates.insert(keys::dated(s, kind, t, bucket).to_vec(), Some(codec::encode(&month)));
            }
            // A relation the new version gives again stays, even with no other support.
            let out = keys::edge(s, kind, t).to_vec();
            if !others && !keep_relations.contains_key(&(s, kind, t)) && self.plan.out.get(&out) != Some(&None) {
                CountsRecord::bump(&mut self.counts.relations, kind.code(), false);
                self.plan.out.insert(out, None);
                self.plan.inn.insert(keys::edge(t, kind, s).to_vec(), None);
            }
        }
        for entity in &old.entities {
            let id = EntityId(entity.id);
            self.remove_posting(id, article)?;
            let Some(record) = self.entity_record(id)? else {
                continue;
            };
            let (record_kind, name) = (record.kind, record.name.clone());
            let (mut rebuilt, mut gone) = remove_article(record, entity);
            if rebuilt.is_none() && self.has_other_edges(id, keep_relations)? {
                // An analyst's assertion still names it: it stays, as an assertion creates
                // an entity the graph did not know, with its name as its one form.
                let key = normalize(&name);
                gone.retain(|f| normalize(f) != key);
                rebuilt = Some(EntityRecord {
                    forms: vec![FormCount::written_by(name.clone(), 1)],
                    name,
                    kind: record_kind,
                    articles: 0,
                });
            }
            for form in &gone {
                // Another remaining form may share the normalised key ("Erdoğan", "Erdogan").
                let key = normalize(form);
                let shared = rebuilt.as_ref().is_some_and(|r| r.forms.iter().any(|f| normalize(&f.form) == key));
                if !shared {
                    self.remove_name(form, id)?;
                }
            }
            // An entity no article mentions any more is gone, postings included; if the new
            // version mentions it again, it starts afresh under the same id.
            if rebuilt.is_none() {
                CountsRecord::bump(&mut self.counts.entities, record_kind, false);
                for item in self.store.postings.scan_prefix(keys::entity(id)).keys() {
                    let key = item?;
                    if let Some(chunk) = keys::parse_posting_chunk(&key) {
                        self.plan.postings.insert((id, chunk), None);
                    }
                }
            }
            self.plan.entities.insert(id, rebuilt);
            self.plan.dirty_entities.insert(id);
        }
        Ok(())
    }

    /// Whether an edge of `id` stays once what is planned is written, besides those the
    /// new version re-adds (whose entities it mentions anyway): an analyst's assertion.
    fn has_other_edges(&self, id: EntityId, keep_relations: &Relations) -> Result<bool> {
        for (tree, out) in [(&self.store.out, true), (&self.store.inn, false)] {
            for key in tree.scan_prefix(keys::entity(id)).keys() {
                let key = key?;
                let Some((a, kind, b)) = keys::parse_edge(&key) else { continue };
                let (s, t) = if out { (a, b) } else { (b, a) };
                if keep_relations.contains_key(&(s, kind, t)) {
                    continue;
                }
                if self.plan.out.get(keys::edge(s, kind, t).as_slice()) != Some(&None) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Takes an article out of an entity's postings (a scan of its chunks: removals only),
    /// each chunk as planned so far.
    fn remove_posting(&mut self, id: EntityId, article: &str) -> Result<()> {
        for item in self.store.postings.scan_prefix(keys::entity(id)) {
            let (key, value) = item?;
            let chunk =
                keys::parse_posting_chunk(&key).ok_or_else(|| Error::corrupt(keys::POSTINGS, &key, "bad key"))?;
            let mut record: PostingRecord = match self.plan.postings.get(&(id, chunk)) {
                Some(Some(planned)) => planned.clone(),
                Some(None) => continue,
                None => codec::decode(&value).map_err(|r| Error::corrupt(keys::POSTINGS, &key, &r))?,
            };
            let before = record.articles.len();
            record.articles.retain(|a| a != article);
            if record.articles.len() != before {
                // An emptied chunk stays (empty) so that chunk numbers only grow.
                self.plan.postings.insert((id, chunk), Some(record));
                return Ok(());
            }
        }
        Ok(())
    }
}
