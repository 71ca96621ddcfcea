//! Writing articles: a batch of articles whose facts are committed in one sled transaction.
//!
//! Committing many articles at once is what makes bulk ingest fast (one transaction and one
//! log write per batch instead of per article), and the transaction keeps it safe: an ingest
//! stopped at any point leaves every article either fully in or fully out. Until `commit`,
//! the batch is an overlay on the store: reads made while planning (the alias index, entity
//! records, article hashes) see the batch's own pending writes first, so an article can link
//! to an entity created by the article before it in the same batch.
//!
//! Entities count the articles and forms that use them, so a changed article is taken out
//! by decrementing, without reading the other articles. Finding whether another article
//! still supports a relation is a short prefix scan; scans do not see the overlay, so the
//! batch commits its pending writes before planning a replacement.

use super::codec::{
    self, ArticleEntity, ArticleRecord, CountsRecord, EntityRecord, EvidenceItem, EvidenceRecord, PostingRecord,
};
use super::entity::add_article;
use super::evidence_buckets::{DatedMonth, EvidenceBucket};
use super::{content_hash, keys, postings, ArticleMeta, Error, Result, Store, WriteOutcome};
use crate::graph::name::normalize;
use crate::graph::{ArticleFacts, EntityId, RelationKind};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

type Pending = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// Changes to the entries of one evidence bucket chunk, by relation and article.
type EntryChanges = BTreeMap<((u64, u8, u64), String), Option<Vec<u8>>>;

/// Pending writes; `None` values are removals.
#[derive(Default)]
struct Plan {
    articles: BTreeMap<String, ArticleRecord>,
    entities: BTreeMap<EntityId, Option<EntityRecord>>,
    /// Entities whose record changed: only these are rewritten.
    dirty_entities: BTreeSet<EntityId>,
    names: BTreeMap<String, Vec<EntityId>>,
    /// The names of `names` with more than one word, by their last: what linking a lone
    /// surname asks of the batch, one lookup instead of a scan of every planned name.
    surnames: HashMap<String, Vec<String>>,
    /// Names whose entity list changed: only these are rewritten.
    dirty_names: BTreeSet<String>,
    /// Posting chunks touched, by entity and chunk number; `None` removes the chunk.
    postings: BTreeMap<(EntityId, u32), Option<PostingRecord>>,
    /// Keys of the `evidence` tree to take out (what an older store, an import or a correction
    /// wrote for the articles replaced or forgotten).
    evidence: Pending,
    /// Evidence entries to set (`Some`) or take out (`None`), by bucket chunk key, relation and
    /// article (`evidence_buckets.rs`).
    evidence_buckets: BTreeMap<[u8; 12], EntryChanges>,
    out: Pending,
    inn: Pending,
    dates: Pending,
    /// Articles taken out altogether (`forget`): their records are removed.
    forgotten: BTreeSet<String>,
}

/// Articles written together. Dropping a batch without `commit` discards it.
pub struct Batch<'s> {
    store: &'s Store,
    plan: Plan,
    cache: RefCell<cache::Cache>,
    next_id: u64,
    /// The posting chunk number of this batch: every entity's new articles go to one new key
    /// of its bucket.
    posting_chunk: u32,
    /// Bytes of article text planned since the last commit: a size hint for callers.
    pending_bytes: usize,
    /// The store's counts as they will be once everything planned is written.
    counts: CountsRecord,
    /// The plan being written by the commit thread: reads look here after `plan`.
    inflight: Option<Arc<Plan>>,
    /// The commit thread, started by the first `submit`.
    committer: Option<Committer>,
    /// Edges analysts rejected (`kg reject`): never written again.
    rejected: HashSet<super::correct::Rejection>,
    /// What the log pins on entities (`Store::pinned`): names and types that later articles
    /// never change, forms that link to an entity whatever kind the extractor reads.
    pinned: super::correct::Pinned,
    /// The fingerprint of the extraction rules, part of each article's hash.
    rules: [u8; 32],
    /// Replace articles even when their text and rules are unchanged (`--reextract`).
    force: bool,
    /// The full-text index the caller stages this batch's articles in: committed before each
    /// commit of the store, so that it always holds at least what the store does.
    search: Option<Arc<crate::search::SearchIndex>>,
}

/// A plan for the commit thread: the plan, the next entity id and the next posting chunk.
type Job = (Arc<Plan>, u64, u32, CountsRecord);

/// One long-lived thread that writes handed-over plans, one at a time, and answers each.
struct Committer {
    jobs: std::sync::mpsc::SyncSender<Job>,
    done: std::sync::mpsc::Receiver<Result<()>>,
    thread: std::thread::JoinHandle<()>,
}

impl Committer {
    fn start(store: &Store) -> Result<Committer> {
        let s = store;
        let trees = [
            &s.meta,
            &s.articles,
            &s.entities,
            &s.names,
            &s.postings,
            &s.evidence,
            &s.out,
            &s.inn,
            &s.dates,
            &s.posting_buckets,
            &s.evidence_buckets,
        ];
        let trees: Vec<sled::Tree> = trees.into_iter().chain(s.index.trees()).cloned().collect();
        let first_bucket = s.first_bucket_chunk()?;
        let index = s.index.clone();
        let commits = std::sync::Arc::clone(&s.commits);
        let cache = std::sync::Arc::clone(&s.bucket_cache);
        let (jobs, rx) = std::sync::mpsc::sync_channel::<Job>(0);
        let (tx, done) = std::sync::mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("kg-commit".into())
            .spawn(move || {
                for (plan, next_id, next_chunk, counts) in rx {
                    let mut batches = sled_batches(&plan, next_id, next_chunk, &counts);
                    let committed = {
                        let _commit = Store::committing(&commits);
                        // The word index and the posting buckets are read as committed so far:
                        // under the lock.
                        let names = plan.names.iter().filter(|(name, _)| plan.dirty_names.contains(*name));
                        let committed = posting_batches(&plan, first_bucket, &trees[9], &mut batches)
                            .and_then(|()| evidence_batch(&plan, &trees[10], &mut batches[10]))
                            .and_then(|()| {
                                index
                                    .follow(names.map(|(name, ids)| (name.as_bytes(), !ids.is_empty())))
                                    .and_then(|f| apply(&trees, &batches.into_iter().chain(f).collect::<Vec<_>>()))
                            });
                        // Written or not, what the cache holds of these buckets may be stale.
                        cache.written(plan.evidence_buckets.keys());
                        committed
                    };
                    if tx.send(committed).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| Error::from(sled::Error::Io(e)))?;
        Ok(Committer { jobs, done, thread })
    }
}

/// Relations of one article, deduplicated, with their evidence.
type Relations = BTreeMap<(EntityId, RelationKind, EntityId), Vec<EvidenceItem>>;
/// Entities of one article: the index of their first fact entity, every form written and
/// the other spellings generated (keys).
type Forms = BTreeMap<EntityId, (usize, BTreeSet<String>, BTreeSet<String>)>;

impl<'s> Batch<'s> {
    pub(super) fn new(store: &'s Store) -> Result<Batch<'s>> {
        Ok(Batch {
            store,
            plan: Plan::default(),
            cache: RefCell::new(cache::Cache::default()),
            next_id: store.next_entity_id()?,
            posting_chunk: store.next_posting_chunk()?,
            pending_bytes: 0,
            counts: store.stored_counts()?,
            inflight: None,
            committer: None,
            rejected: store.rejections()?,
            pinned: store.pinned()?,
            rules: [0; 32],
            force: false,
            search: None,
        })
    }

    /// Hashes articles with these extraction rules (`Lexicon::fingerprint`), so that an
    /// article read by other rules counts as changed; with `force`, every article does.
    pub fn with_rules(mut self, rules: [u8; 32], force: bool) -> Self {
        self.rules = rules;
        self.force = force;
        self
    }

    /// Commits `index` before each commit of the store (`submit`).
    pub fn with_search(mut self, index: Arc<crate::search::SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    /// How many articles are waiting for `commit`.
    pub fn len(&self) -> usize {
        self.plan.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plan.articles.is_empty()
    }

    /// Bytes of article text waiting for `commit`.
    pub fn pending_bytes(&self) -> usize {
        self.pending_bytes
    }

    /// Plans one article. An unchanged article (same id, same text hash) is a no-op; a changed
    /// one first loses every fact its old version gave (committing what is pending first).
    ///
    /// Entities in `facts` with `known: Some(id)` are merged into that entity; the others get
    /// new ids. Nothing is written before `commit`.
    pub fn write_article(&mut self, meta: &ArticleMeta, text: &str, facts: &ArticleFacts) -> Result<WriteOutcome> {
        self.write_extracted(meta, content_hash(text, &self.rules), text.len(), facts)
    }

    /// As `write_article`, for an article known by its content hash and size (a facts record
    /// from `kg extract`, whose text is not at hand).
    pub fn write_extracted(
        &mut self,
        meta: &ArticleMeta,
        hash: [u8; 32],
        bytes: usize,
        facts: &ArticleFacts,
    ) -> Result<WriteOutcome> {
        let old = match self.pending(|p| p.articles.get(&meta.id)) {
            Some(pending) => Some(pending.clone()),
            None => self.store.article(&meta.id)?,
        };
        if let Some(old) = &old {
            if old.hash == hash && !self.force {
                return Ok(WriteOutcome::Unchanged);
            }
            // Removal scans the store: everything pending must be written first.
            self.commit()?;
        }
        // Store ids: linked entities keep theirs, the rest get fresh ones.
        let mut ids = Vec::with_capacity(facts.entities.len());
        let mut forms: Forms = BTreeMap::new();
        for (i, fact) in facts.entities.iter().enumerate() {
            // What the log pins on this exact name goes before what linking guessed (a
            // respelt or lone surname may find another entity than the one analysts said).
            let id = match self.pinned.link(&fact.name, fact.kind).or(fact.known) {
                Some(id) if self.entity_exists(id)? => id,
                // An entity the log corrected, gone since: it comes back under its id.
                _ => match self.pinned.revive(&fact.name, fact.kind) {
                    Some(id) if !self.entity_exists(id)? => id,
                    _ => {
                        self.next_id += 1;
                        EntityId(self.next_id - 1)
                    }
                },
            };
            ids.push(id);
            let slot = forms.entry(id).or_insert_with(|| (i, BTreeSet::new(), BTreeSet::new()));
            slot.1.extend(fact.forms.iter().cloned());
            // A name the article did not write (the lexicon's) is a key: it finds the entity.
            if !fact.forms.contains(&fact.name) {
                slot.2.insert(fact.name.clone());
            }
            slot.2.extend(fact.keys.iter().cloned());
        }
        let mut relations: Relations = BTreeMap::new();
        for r in &facts.relations {
            let (Some(&s), Some(&t)) = (ids.get(r.source), ids.get(r.target)) else {
                continue;
            };
            if s == t {
                continue;
            }
            // met-with is symmetric: stored once, lower id first, so the reverse sentence
            // adds evidence to the same edge instead of a second one.
            let (s, t) = if r.kind.is_symmetric() && t < s { (t, s) } else { (s, t) };
            if !self.rejected.is_empty()
                && (self.rejected.contains(&(s, r.kind, t, None))
                    || self.rejected.contains(&(s, r.kind, t, Some(meta.id.clone()))))
            {
                continue;
            }
            let items = relations.entry((s, r.kind, t)).or_default();
            if !items.iter().any(|i| i.sentence == r.sentence) {
                let venue = r.venue.and_then(|v| Some((ids.get(v)?.0, facts.entities.get(v)?.name.clone())));
                items.push(EvidenceItem {
                    sentence: r.sentence.clone(),
                    pattern: r.pattern.clone(),
                    confidence: r.confidence,
                    event_date: r.event_date.clone().unwrap_or_default(),
                    venue,
                });
            }
        }

        // Take the old version out first; what the new one re-adds is simply rewritten.
        if let Some(old) = &old {
            self.plan_removal(&[(meta.id.as_str(), old)], &relations)?;
        }
        // A spelling one fact entity wrote and another was only given is written.
        for (_, written, keys) in forms.values_mut() {
            keys.retain(|k| !written.contains(k));
        }
        for (&id, (first, article_forms, keys)) in &forms {
            let fact = &facts.entities[*first];
            let current = match self.plan.entities.remove(&id) {
                Some(pending) => pending,
                None => self.entity_record(id)?,
            };
            let new_forms: Vec<String> = std::iter::once(&fact.name)
                .chain(article_forms)
                .chain(keys)
                .filter(|f| !current.as_ref().is_some_and(|c| c.forms.iter().any(|x| x.form == **f)))
                .cloned()
                .collect();
            // A retyped entity rebuilt from nothing (its one article replaced) keeps its type.
            let kind = self.pinned.kinds.get(&id).copied().unwrap_or(fact.kind);
            if current.is_none() {
                CountsRecord::bump(&mut self.counts.entities, kind.code(), true);
            }
            let mut record = add_article(current, kind, &fact.name, article_forms, keys);
            if let Some(name) = self.pinned.name_onto(id, &mut record) {
                self.add_name(&name, id)?;
            }
            for form in &new_forms {
                self.add_name(form, id)?;
            }
            self.plan.entities.insert(id, Some(record));
            self.plan.dirty_entities.insert(id);
            self.append_posting(id, &meta.id);
        }
        // Dates from readers are normalised already; anything else counts as undated.
        let date = crate::graph::date::parse(&meta.date).unwrap_or_default();
        for (&(s, kind, t), items) in &relations {
            let evidence = EvidenceRecord { date: date.clone(), items: items.clone() };
            let chunk = keys::posting_bucket(s, self.posting_chunk);
            let entries = self.plan.evidence_buckets.entry(chunk).or_default();
            entries.insert(((s.0, kind.code(), t.0), meta.id.clone()), Some(evidence.encode()));
            // A key of the `evidence` tree would go over the entry (one written by an older kg).
            let key = keys::evidence(s, kind, t, &meta.id);
            if self.store.evidence.contains_key(&key)? {
                self.plan.evidence.insert(key, None);
            }
            // An edge another article already gave needs no new adjacency.
            let edge = keys::edge(s, kind, t);
            let out_key = edge.to_vec();
            let known = match self.pending(|p| p.out.get(&out_key)) {
                Some(pending) => pending.is_some(),
                None => self.cache.get_mut().edge(self.store, edge)?,
            };
            if !known {
                CountsRecord::bump(&mut self.counts.relations, kind.code(), true);
                self.plan.out.insert(out_key, Some(Vec::new()));
                self.plan.inn.insert(keys::edge(t, kind, s).to_vec(), Some(Vec::new()));
            }
            // A relation new to the store has no dates there yet: no read.
            let dated = keys::dated(s, kind, t, keys::bucket(&date));
            let key = dated.to_vec();
            let decode = |bytes: &[u8]| DatedMonth::decode(bytes).map_err(|r| Error::corrupt(keys::DATES, &key, &r));
            let mut month = match self.pending(|p| p.dates.get(&key)) {
                Some(Some(bytes)) => decode(bytes)?,
                Some(None) => DatedMonth::default(),
                None if !known => DatedMonth::default(),
                None => {
                    self.cache.get_mut().dated(self.store, dated)?.map(|v| decode(&v)).transpose()?.unwrap_or_default()
                }
            };
            month.add(&date, Some(self.posting_chunk));
            self.plan.dates.insert(key, Some(month.encode()));
        }
        let record = ArticleRecord {
            hash,
            title: meta.title.clone(),
            date: meta.date.clone(),
            source: meta.source.clone(),
            url: meta.url.clone(),
            entities: forms
                .iter()
                .map(|(id, (_, f, k))| ArticleEntity {
                    id: id.0,
                    forms: f.iter().cloned().collect(),
                    keys: k.iter().cloned().collect(),
                })
                .collect(),
            relations: relations.keys().map(|(s, k, t)| (s.0, k.code(), t.0)).collect(),
        };
        self.plan.articles.insert(meta.id.clone(), record);
        self.pending_bytes = self.pending_bytes.saturating_add(bytes);
        if old.is_none() {
            self.counts.articles += 1;
        }
        Ok(if old.is_some() { WriteOutcome::Replaced } else { WriteOutcome::New })
    }

    /// A pending value: this batch's plan first, then the plan being written.
    fn pending<'a, T: ?Sized>(&'a self, get: impl Fn(&'a Plan) -> Option<&'a T>) -> Option<&'a T> {
        get(&self.plan).or_else(|| self.inflight.as_deref().and_then(get))
    }

    fn entity_exists(&self, id: EntityId) -> Result<bool> {
        match self.pending(|p| p.entities.get(&id)) {
            Some(pending) => Ok(pending.is_some()),
            None => self.cache.borrow_mut().exists(self.store, id),
        }
    }

    /// The entity record as the batch sees it: pending first, then the store.
    fn entity_record(&self, id: EntityId) -> Result<Option<EntityRecord>> {
        match self.pending(|p| p.entities.get(&id)) {
            Some(pending) => Ok(pending.clone()),
            None => self.cache.borrow_mut().record(self.store, id),
        }
    }

    /// The ids under a normalised name as the batch sees them.
    fn name_ids(&mut self, key: &str) -> Result<&mut Vec<EntityId>> {
        if !self.plan.names.contains_key(key) {
            let ids = match self.inflight.as_ref().and_then(|p| p.names.get(key)) {
                Some(ids) => ids.clone(),
                None => self.cache.get_mut().names(self.store, key)?,
            };
            self.plan.names.insert(key.to_string(), ids);
            if let Some((_, last)) = key.rsplit_once(' ') {
                self.plan.surnames.entry(last.to_string()).or_default().push(key.to_string());
            }
        }
        Ok(self.plan.names.entry(key.to_string()).or_default())
    }

    fn add_name(&mut self, form: &str, id: EntityId) -> Result<()> {
        let key = normalize(form);
        if key.is_empty() {
            return Ok(());
        }
        let ids = self.name_ids(&key)?;
        if !ids.contains(&id) {
            ids.push(id);
            self.plan.dirty_names.insert(key);
        }
        Ok(())
    }

    fn remove_name(&mut self, form: &str, id: EntityId) -> Result<()> {
        let key = normalize(form);
        self.name_ids(&key)?.retain(|&x| x != id);
        self.plan.dirty_names.insert(key);
        Ok(())
    }

    /// Adds an article to an entity's postings: to this batch's own chunk, a new key, so no
    /// earlier chunk is read or rewritten however many articles name the entity.
    fn append_posting(&mut self, id: EntityId, article: &str) {
        let chunk =
            self.plan.postings.entry((id, self.posting_chunk)).or_insert_with(|| Some(PostingRecord::default()));
        chunk.get_or_insert_with(PostingRecord::default).articles.push(article.to_string());
    }

    /// Writes everything pending in one transaction and waits for it. The batch can be used
    /// again after.
    pub fn commit(&mut self) -> Result<()> {
        self.submit()?;
        self.settle()
    }

    /// Waits for the plan being written, if any, and reports how its write went.
    fn settle(&mut self) -> Result<()> {
        if self.inflight.take().is_none() {
            return Ok(());
        }
        let lost = || Error::Sled("the store's commit thread stopped (see the error before this one)".into());
        match &self.committer {
            Some(c) => c.done.recv().unwrap_or_else(|_| Err(lost())),
            None => Err(lost()),
        }
    }

    /// Hands everything pending to the commit thread, which encodes it and commits it in one
    /// transaction while the caller plans the next articles: ingest then extracts, plans and
    /// writes at the same time. Reads go on seeing the handed-over plan until the next
    /// `submit` or `commit`, which first waits for this write (and returns its error).
    pub fn submit(&mut self) -> Result<()> {
        self.settle()?;
        if let Some(index) = &self.search {
            index.commit().map_err(|e| Error::Sled(e.to_string()))?;
        }
        let plan = Arc::new(std::mem::take(&mut self.plan));
        self.pending_bytes = 0;
        self.cache.get_mut().remember(&plan);
        // The next batch writes its postings under a new chunk number.
        self.posting_chunk = self.posting_chunk.saturating_add(1);
        let job = (Arc::clone(&plan), self.next_id, self.posting_chunk, self.counts.clone());
        let committer = match self.committer.take() {
            Some(c) => c,
            None => Committer::start(self.store)?,
        };
        let sent = committer.jobs.send(job);
        self.committer = Some(committer);
        sent.map_err(|_| Error::Sled("the store's commit thread stopped (see the error before this one)".into()))?;
        self.inflight = Some(plan);
        Ok(())
    }
}

impl Drop for Batch<'_> {
    /// A handed-over plan is always finished, so that what `submit` accepted is written.
    fn drop(&mut self) {
        let _ = self.settle();
        if let Some(c) = self.committer.take() {
            drop(c.jobs);
            let _ = c.thread.join();
        }
    }
}

/// The plan as one sled batch per tree, in the order of `apply`'s trees, but for the
/// postings (`posting_batches`).
fn sled_batches(plan: &Plan, next_id: u64, next_chunk: u32, counts: &CountsRecord) -> [sled::Batch; 11] {
    let mut batches: [sled::Batch; 11] = Default::default();
    batches[0].insert(keys::NEXT_ENTITY_ID, &next_id.to_be_bytes());
    batches[0].insert(keys::NEXT_POSTING_CHUNK, &next_chunk.to_be_bytes());
    batches[0].insert(keys::COUNTS, codec::encode(counts));
    for (id, record) in &plan.articles {
        batches[1].insert(id.as_bytes(), codec::encode(record));
    }
    for id in &plan.forgotten {
        batches[1].remove(id.as_bytes());
    }
    for (id, rec) in plan.entities.iter().filter(|(id, _)| plan.dirty_entities.contains(id)) {
        match rec {
            Some(r) => batches[2].insert(&keys::entity(*id), codec::encode(r)),
            None => batches[2].remove(&keys::entity(*id)),
        }
    }
    for (name, ids) in plan.names.iter().filter(|(name, _)| plan.dirty_names.contains(*name)) {
        if ids.is_empty() {
            batches[3].remove(name.as_bytes());
        } else {
            batches[3].insert(name.as_bytes(), keys::encode_ids(ids));
        }
    }
    for (i, map) in [(5, &plan.evidence), (6, &plan.out), (7, &plan.inn), (8, &plan.dates)] {
        for (k, v) in map {
            match v {
                Some(v) => batches[i].insert(k.as_slice(), v.as_slice()),
                None => batches[i].remove(k.as_slice()),
            }
        }
    }
    batches
}

/// Adds the plan's postings to `batches`. A posting bucket holds other entities' lists too:
/// those are read from `buckets` as committed, so this runs under the commit lock.
fn posting_batches(
    plan: &Plan,
    first_bucket: u32,
    buckets: &sled::Tree,
    batches: &mut [sled::Batch; 11],
) -> Result<()> {
    let changes = plan.postings.iter().map(|((id, chunk), record)| (*id, *chunk, record.as_ref()));
    let read = |key: &[u8]| Ok(buckets.get(key)?.map(|v| v.to_vec()));
    for (layout, key, value) in postings::chunk_writes(changes, first_bucket, read)? {
        let batch = &mut batches[if layout == postings::Layout::PerEntity { 4 } else { 9 }];
        match value {
            Some(v) => batch.insert(key, v),
            None => batch.remove(key),
        }
    }
    Ok(())
}

/// Sets the plan's evidence entries in their bucket chunks. A chunk may hold entries of
/// earlier batches (an article replaced or forgotten leaves its chunk): each is read as
/// committed, so this runs under the commit lock.
fn evidence_batch(plan: &Plan, buckets: &sled::Tree, batch: &mut sled::Batch) -> Result<()> {
    for (key, changes) in &plan.evidence_buckets {
        let mut bucket = match buckets.get(key)? {
            Some(bytes) => {
                EvidenceBucket::decode(&bytes).map_err(|r| Error::corrupt(keys::EVIDENCE_BUCKETS, key, &r))?
            }
            None => EvidenceBucket::default(),
        };
        for ((edge, article), record) in changes {
            bucket.set(*edge, article, record.clone());
        }
        if bucket.entries.is_empty() {
            batch.remove(key);
        } else {
            batch.insert(key, bucket.encode());
        }
    }
    Ok(())
}

/// Applies the batches to meta, articles, entities, names, postings, evidence, out, in,
/// dates, posting buckets, evidence buckets, and the word index's two trees, all or nothing.
fn apply(trees: &[sled::Tree], batches: &[sled::Batch]) -> Result<()> {
    // Everything was computed before: the closure only writes, so sled may rerun it safely.
    trees
        .transaction(|views| {
            for (tree, batch) in views.iter().zip(batches) {
                tree.apply_batch(batch)?;
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        })
        .map_err(|e| match e {
            TransactionError::Storage(e) => Error::from(e),
            TransactionError::Abort(()) => {
                Error::Corrupt { tree: "transaction", key: "batch".into(), reason: "aborted".into() }
            }
        })
}

mod cache;
mod known;
mod remove;

pub use remove::Forgetting;

#[cfg(test)]
mod tests;
