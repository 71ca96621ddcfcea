//! Taking articles out: the old version of a replaced article (`write_extracted`), and
//! articles forgotten altogether (`kg forget`). One removal serves both: every fact only the
//! articles gave goes (entities, forms and their alias-index and word-index entries,
//! postings, relations, evidence, date counts), what other articles still support stays, and
//! the kept counts follow.
//!
//! Several articles forgotten together go in one removal, one transaction: each relation's
//! evidence and each entity's postings are read once for all of them, so forgetting a
//! thousand articles about the same few people costs one scan of each, not a thousand.

use super::{Batch, Relations};
use crate::graph::name::normalize;
use crate::graph::{EntityId, RelationKind};
use crate::store::codec::PostingRecord;
use crate::store::codec::{ArticleEntity, ArticleRecord, CountsRecord, EntityRecord, FormCount};
use crate::store::entity::remove_article;
use crate::store::{evidence_buckets, keys, Error, Result, Store};
use std::collections::{BTreeMap, HashSet};

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
        let (mut old, mut seen) = (Vec::with_capacity(articles.len()), HashSet::new());
        for id in articles.iter().filter(|id| seen.insert(id.as_str())) {
            if let Some(record) = self.article(id)? {
                old.push((id.as_str(), record));
            }
        }
        batch.forget(&old)?;
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
    /// Plans taking `articles` (ids, with their records) out altogether. A batch that
    /// forgets articles is meant to do nothing else before its commit.
    fn forget(&mut self, articles: &[(&str, ArticleRecord)]) -> Result<()> {
        let old: Vec<(&str, &ArticleRecord)> = articles.iter().map(|(id, r)| (*id, r)).collect();
        self.plan_removal(&old, &BTreeMap::new())?;
        for (id, _) in articles {
            self.plan.forgotten.insert(id.to_string());
        }
        self.counts.articles = self.counts.articles.saturating_sub(articles.len() as u64);
        Ok(())
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

    /// Plans taking out every fact the `old` articles (ids and records: a replaced article's
    /// old version, or the articles forgotten) gave, keeping what other articles still
    /// support. Runs on a committed store (no pending writes), so its prefix scans see
    /// everything. `keep_relations` are what the new version re-adds.
    pub(super) fn plan_removal(&mut self, old: &[(&str, &ArticleRecord)], keep_relations: &Relations) -> Result<()> {
        let store = self.store;
        let gone: HashSet<&str> = old.iter().map(|(id, _)| *id).collect();
        // Each relation once, with the articles that gave it.
        let mut relations: BTreeMap<(u64, u8, u64), Vec<&str>> = BTreeMap::new();
        for (article, record) in old {
            for &relation in &record.relations {
                relations.entry(relation).or_default().push(article);
            }
        }
        for ((s, code, t), articles) in relations {
            let Some(kind) = RelationKind::from_code(code) else {
                continue;
            };
            let (s, t) = (EntityId(s), EntityId(t));
            for article in &articles {
                let key = keys::evidence(s, kind, t, article);
                if store.evidence.contains_key(&key)? {
                    self.plan.evidence.insert(key, None);
                }
            }
            // Every entry of theirs leaves its chunk, hidden or written over in the `evidence`
            // tree or not; what the other articles still give the relation is counted again.
            let edge = keys::edge(s, kind, t);
            let filed = store.bucket_entries(&edge, &[])?;
            for (key, _, chunk) in &filed {
                let article = keys::article_suffix(key, 17).unwrap_or_default();
                if gone.contains(article.as_str()) {
                    let entries = self.plan.evidence_buckets.entry(keys::posting_bucket(s, *chunk)).or_default();
                    entries.insert(((s.0, code, t.0), article), None);
                }
            }
            let mut left = store.over_tree(&edge, evidence_buckets::latest(filed))?;
            left.retain(|e| !keys::article_suffix(&e.key, 17).is_some_and(|a| gone.contains(a.as_str())));
            let months = evidence_buckets::months_of(&left)?;
            for item in store.dates.scan_prefix(keys::edge(s, kind, t)) {
                let (key, _) = item?;
                self.plan.dates.insert(key.to_vec(), None);
            }
            let others = !months.is_empty();
            for (bucket, month) in months {
                self.plan.dates.insert(keys::dated(s, kind, t, bucket).to_vec(), Some(month.encode()));
            }
            // A relation the new version gives again stays, even with no other support.
            if !others && !keep_relations.contains_key(&(s, kind, t)) {
                CountsRecord::bump(&mut self.counts.relations, kind.code(), false);
                self.plan.out.insert(keys::edge(s, kind, t).to_vec(), None);
                self.plan.inn.insert(keys::edge(t, kind, s).to_vec(), None);
            }
        }
        // Each entity once, with the articles' entries for it, taken off one by one.
        let mut entities: BTreeMap<u64, Vec<&ArticleEntity>> = BTreeMap::new();
        for (_, record) in old {
            for entity in &record.entities {
                entities.entry(entity.id).or_default().push(entity);
            }
        }
        for (id, entries) in entities {
            let id = EntityId(id);
            self.remove_postings(id, &gone, entries.len())?;
            let Some(record) = self.entity_record(id)? else {
                continue;
            };
            let (record_kind, name) = (record.kind, record.name.clone());
            let (mut rebuilt, mut gone_forms) = (Some(record), Vec::new());
            for entry in entries {
                let Some(record) = rebuilt.take() else { break };
                let (left, forms) = remove_article(record, entry);
                rebuilt = left;
                gone_forms.extend(forms);
            }
            if rebuilt.is_none() && self.has_other_edges(id, keep_relations)? {
                // An analyst's assertion still names it: it stays, as an assertion creates
                // an entity the graph did not know, with its name as its one form.
                let key = normalize(&name);
                gone_forms.retain(|f| normalize(f) != key);
                rebuilt = Some(EntityRecord {
                    forms: vec![FormCount::written_by(name.clone(), 1)],
                    name,
                    kind: record_kind,
                    articles: 0,
                });
            }
            for form in &gone_forms {
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
                for (chunk, _) in self.store.posting_chunks(id)? {
                    self.plan.postings.insert((id, chunk), None);
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

    /// Takes articles out of an entity's postings: its chunks, each as planned so far, until
    /// the `mentions` articles that mention it were found (an article is in one chunk).
    fn remove_postings(&mut self, id: EntityId, articles: &HashSet<&str>, mentions: usize) -> Result<()> {
        let mut left = mentions;
        for (chunk, stored) in self.store.posting_chunks(id)? {
            let mut record = match self.plan.postings.get(&(id, chunk)) {
                Some(Some(planned)) => planned.clone(),
                Some(None) => continue,
                None => PostingRecord { articles: stored },
            };
            let before = record.articles.len();
            record.articles.retain(|a| !articles.contains(a.as_str()));
            if record.articles.len() != before {
                left = left.saturating_sub(before - record.articles.len());
                // An emptied chunk of one entity stays (empty) so that chunk numbers only grow;
                // in a bucket, an emptied list leaves it (`postings::chunk_writes`).
                self.plan.postings.insert((id, chunk), Some(record));
                if left == 0 {
                    return Ok(());
                }
            }
        }
        Ok(())
    }
}
