//! Analysts' corrections to the graph: a rejected edge, an asserted one. Each is an entry of
//! an ordered log (the `corrections` tree) and the writes that carry it out, committed in one
//! transaction; `undo` restores what the writes replaced, also in one transaction.
//!
//! A correction names entities as the analyst did (their canonical names, so that a log
//! exported from one store replays on another) and keeps the ids they resolved to here. Its
//! entry keeps what each write replaced and what it wrote: undo refuses when a later write
//! (an ingest that replaced one of the articles involved) changed those keys since, instead
//! of putting back a state that no longer fits the graph.
//!
//! Corrections survive later ingests: a rejected edge is dropped from every article written
//! after (`Store::rejections`, read by each write batch), and an asserted edge is the
//! evidence of a synthetic article (`kg-correction-N`) that no ingest touches.

use super::codec::{self, ArticleRecord, DayCounts, EvidenceItem, EvidenceRecord};
use super::{keys, Error, Result, Store};
use crate::graph::{EntityId, RelationKind};
use bincode::{Decode, Encode};
use sled::Transactional;
use std::collections::{BTreeMap, HashSet};

/// One write of a correction: (tree index, key, value before, value after); `None` is absent.
pub type Write = (u8, Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>);

/// A rejected edge: (source, relation, target, the one article or all).
pub type Rejection = (EntityId, RelationKind, EntityId, Option<String>);

/// What a correction does.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum Op {
    /// The edge is wrong: its evidence goes, everywhere or from one article.
    Reject { article: Option<String> },
    /// The edge is right: the note is its evidence.
    Assert,
}

/// One entry of the log.
#[derive(Clone, Debug, PartialEq, Encode, Decode)]
pub struct Correction {
    /// When it was made: an RFC 3339 UTC timestamp.
    pub date: String,
    pub note: String,
    pub op: Op,
    /// The entities as named (canonical names), for replay on another store.
    pub source: String,
    pub relation: u8,
    pub target: String,
    /// The ids they resolved to here, and whether the correction took effect (one whose
    /// entities were missing is kept, reported, and has no effect).
    pub ids: Option<(u64, u64)>,
    /// Each write: (tree, key, value before, value after).
    pub writes: Vec<Write>,
    /// What it added to the kept counts: articles, and relations of its kind.
    pub counts: (i64, i64),
}

/// The trees a correction writes, by the index its entries use.
const TREES: [&str; 4] = [keys::ARTICLES, keys::EVIDENCE, keys::OUT, keys::IN];
const DATES: u8 = 4;

impl Correction {
    pub fn kind(&self) -> Option<RelationKind> {
        RelationKind::from_code(self.relation)
    }
}

/// The id of the synthetic article that carries assertion `n`.
pub fn assertion_article(n: u64) -> String {
    format!("kg-correction-{n}")
}

impl Store {
    fn tree(&self, index: u8) -> &sled::Tree {
        match index {
            0 => &self.articles,
            1 => &self.evidence,
            2 => &self.out,
            3 => &self.inn,
            _ => &self.dates,
        }
    }

    /// The log, in order.
    pub fn corrections(&self) -> Result<Vec<(u64, Correction)>> {
        let mut out = Vec::new();
        for item in self.corrections.iter() {
            let (key, value) = item?;
            let n = u64::from_be_bytes(
                key.as_ref().try_into().map_err(|_| Error::corrupt(keys::CORRECTIONS, &key, "key is not 8 bytes"))?,
            );
            out.push((n, codec::decode(&value).map_err(|r| Error::corrupt(keys::CORRECTIONS, &key, &r))?));
        }
        Ok(out)
    }

    /// The edges rejected by the log: (source, relation, target, the one article or all).
    pub fn rejections(&self) -> Result<HashSet<Rejection>> {
        let mut out = HashSet::new();
        for (_, c) in self.corrections()? {
            if let (Op::Reject { article }, Some((s, t)), Some(kind)) = (&c.op, c.ids, c.kind()) {
                out.insert((EntityId(s), kind, EntityId(t), article.clone()));
            }
        }
        Ok(out)
    }

    /// Records a correction and carries it out, in one transaction. `ids` are the entities
    /// the names resolved to, or `None` to keep a correction that cannot take effect here.
    /// Returns its number.
    ///
    /// # Errors
    /// An i/o error, or a corrupt record.
    pub fn correct(&self, mut c: Correction, number: Option<u64>) -> Result<u64> {
        let n = match number {
            Some(n) => n,
            None => {
                self.corrections.last()?.map_or(Ok(0), |(k, _)| {
                    k.as_ref()
                        .try_into()
                        .map(u64::from_be_bytes)
                        .map_err(|_| Error::corrupt(keys::CORRECTIONS, &k, "bad key"))
                })? + 1
            }
        };
        if let (Some((s, t)), Some(kind)) = (c.ids, c.kind()) {
            let (s, t) = (EntityId(s), EntityId(t));
            let (writes, counts) = match &c.op {
                Op::Reject { article } => self.plan_reject(s, kind, t, article.as_deref())?,
                Op::Assert => self.plan_assert(s, kind, t, &c.note, &c.date, n)?,
            };
            c.writes = writes;
            c.counts = counts;
        }
        self.commit_correction(n, Some(&c), &c.writes, c.counts, c.relation)?;
        Ok(n)
    }

    /// Undoes correction `n`: puts back what its writes replaced and drops it from the log.
    ///
    /// # Errors
    /// No such correction; a key it wrote changed since (the message says which); an i/o
    /// error.
    pub fn undo(&self, n: u64) -> Result<Correction> {
        let Some(value) = self.corrections.get(n.to_be_bytes())? else {
            return Err(Error::Sled(format!("no correction {n} (see `kg corrections list`)")));
        };
        let c: Correction =
            codec::decode(&value).map_err(|r| Error::corrupt(keys::CORRECTIONS, &n.to_be_bytes(), &r))?;
        for (tree, key, _, after) in &c.writes {
            let now = self.tree(*tree).get(key)?;
            if now.as_deref() != after.as_deref() {
                return Err(Error::Sled(format!(
                    "correction {n} cannot be undone: the graph changed since ({} was written again, by an ingest of one of its articles); correct the graph again instead",
                    TREES.get(usize::from(*tree)).copied().unwrap_or(keys::DATES)
                )));
            }
        }
        let back: Vec<_> =
            c.writes.iter().map(|(t, k, before, after)| (*t, k.clone(), after.clone(), before.clone())).collect();
        self.commit_correction(n, None, &back, (-c.counts.0, -c.counts.1), c.relation)?;
        Ok(c)
    }

    /// Writes `writes` (tree, key, _, value), the log entry `n` (or, with `None`, its
    /// removal) and the counts, all or nothing.
    fn commit_correction(
        &self,
        n: u64,
        entry: Option<&Correction>,
        writes: &[Write],
        (articles, relations): (i64, i64),
        relation_code: u8,
    ) -> Result<()> {
        let mut counts = self.stored_counts()?;
        counts.articles = counts.articles.saturating_add_signed(articles);
        for _ in 0..relations.unsigned_abs() {
            codec::CountsRecord::bump(&mut counts.relations, relation_code, relations > 0);
        }
        let mut batches: [sled::Batch; 7] = Default::default();
        for (tree, key, _, value) in writes {
            let b = &mut batches[usize::from(*tree).min(4)];
            match value {
                Some(v) => b.insert(key.as_slice(), v.as_slice()),
                None => b.remove(key.as_slice()),
            }
        }
        match entry {
            Some(c) => batches[5].insert(&n.to_be_bytes(), codec::encode(c)),
            None => batches[5].remove(&n.to_be_bytes()),
        }
        batches[6].insert(keys::COUNTS, codec::encode(&counts));
        let trees = [&self.articles, &self.evidence, &self.out, &self.inn, &self.dates, &self.corrections, &self.meta];
        trees
            .as_slice()
            .transaction(|views| {
                for (view, batch) in views.iter().zip(&batches) {
                    view.apply_batch(batch)?;
                }
                Ok::<(), sled::transaction::ConflictableTransactionError<()>>(())
            })
            .map_err(|e| match e {
                sled::transaction::TransactionError::Storage(e) => Error::from(e),
                sled::transaction::TransactionError::Abort(()) => Error::Sled("correction aborted".into()),
            })?;
        self.flush()
    }

    /// The writes that take a relation's evidence out (from one article, or all), and what
    /// they do to the counts.
    fn plan_reject(
        &self,
        s: EntityId,
        kind: RelationKind,
        t: EntityId,
        only: Option<&str>,
    ) -> Result<(Vec<Write>, (i64, i64))> {
        let mut writes = Vec::new();
        let mut months: BTreeMap<u32, DayCounts> = BTreeMap::new();
        for item in self.evidence.scan_prefix(keys::edge(s, kind, t)) {
            let (key, value) = item?;
            let article = keys::article_suffix(&key, 17).unwrap_or_default();
            if only.is_some_and(|a| a != article) {
                let date = EvidenceRecord::date_of(&value).map_err(|r| Error::corrupt(keys::EVIDENCE, &key, &r))?;
                months.entry(keys::bucket(&date)).or_default().add(&date);
                continue;
            }
            writes.push((1, key.to_vec(), Some(value.to_vec()), None));
            if let Some(bytes) = self.articles.get(article.as_bytes())? {
                let mut record: ArticleRecord =
                    codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
                record.relations.retain(|&r| r != (s.0, kind.code(), t.0));
                writes.push((0, article.into_bytes(), Some(bytes.to_vec()), Some(codec::encode(&record))));
            }
        }
        for item in self.dates.scan_prefix(keys::edge(s, kind, t)) {
            let (key, value) = item?;
            let bucket = u32::from_be_bytes(key.get(17..21).and_then(|b| b.try_into().ok()).unwrap_or_default());
            let after = months.remove(&bucket).map(|m| codec::encode(&m));
            if after.as_deref() != Some(value.as_ref()) {
                writes.push((DATES, key.to_vec(), Some(value.to_vec()), after));
            }
        }
        let mut relations = 0;
        if writes.iter().any(|w| w.0 == 1) && !self.evidence_left(s, kind, t, only)? {
            let out = keys::edge(s, kind, t).to_vec();
            let inn = keys::edge(t, kind, s).to_vec();
            writes.push((2, out, Some(Vec::new()), None));
            writes.push((3, inn, Some(Vec::new()), None));
            relations = -1;
        }
        Ok((writes, (0, relations)))
    }

    /// Whether evidence other than what a rejection takes out remains.
    fn evidence_left(&self, s: EntityId, kind: RelationKind, t: EntityId, only: Option<&str>) -> Result<bool> {
        let Some(only) = only else { return Ok(false) };
        for item in self.evidence.scan_prefix(keys::edge(s, kind, t)) {
            let (key, _) = item?;
            if keys::article_suffix(&key, 17).as_deref() != Some(only) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The writes that add an analyst's edge: a synthetic article whose one piece of evidence
    /// is the note, dated the day of the correction.
    fn plan_assert(
        &self,
        s: EntityId,
        kind: RelationKind,
        t: EntityId,
        note: &str,
        when: &str,
        n: u64,
    ) -> Result<(Vec<Write>, (i64, i64))> {
        let article = assertion_article(n);
        let date = when.get(..10).unwrap_or_default().to_string();
        let record = ArticleRecord {
            hash: [0; 32],
            title: format!("analyst assertion {n}"),
            date: date.clone(),
            source: "kg corrections".into(),
            entities: Vec::new(),
            relations: vec![(s.0, kind.code(), t.0)],
        };
        let mut writes = vec![(0, article.clone().into_bytes(), None, Some(codec::encode(&record)))];
        let item = EvidenceItem { sentence: note.to_string(), pattern: "analyst-assertion".into(), confidence: 1.0 };
        let evidence = EvidenceRecord { date: date.clone(), items: vec![item] };
        writes.push((1, keys::evidence(s, kind, t, &article), None, Some(evidence.encode())));
        let key = keys::dated(s, kind, t, keys::bucket(&date)).to_vec();
        let before = self.dates.get(&key)?.map(|v| v.to_vec());
        let mut month = match &before {
            Some(b) => codec::decode::<DayCounts>(b).map_err(|r| Error::corrupt(keys::DATES, &key, &r))?,
            None => DayCounts::default(),
        };
        month.add(&date);
        writes.push((DATES, key, before, Some(codec::encode(&month))));
        let mut relations = 0;
        let out = keys::edge(s, kind, t).to_vec();
        if !self.out.contains_key(&out)? {
            writes.push((2, out, None, Some(Vec::new())));
            writes.push((3, keys::edge(t, kind, s).to_vec(), None, Some(Vec::new())));
            relations = 1;
        }
        Ok((writes, (1, relations)))
    }
}
