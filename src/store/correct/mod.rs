//! Analysts' corrections to the graph: a rejected edge, an asserted one, two entities merged
//! into one. Each is an entry of
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
//! after (`Store::rejections`, read by each write batch), an asserted edge is the evidence of
//! a synthetic article (`kg-correction-N`) that no ingest touches, and a merged entity's
//! names are the kept entity's in the alias index, so later articles link to it.

use super::codec::{self, ArticleRecord, EvidenceItem, EvidenceRecord};
use super::evidence_buckets::{months_of, DatedMonth, Stored, TOMBSTONE};
use super::{keys, postings, Error, Result, Store};
use crate::graph::{EntityId, RelationKind};
use bincode::{Decode, Encode};
use sled::Transactional;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

mod lookup;
mod merge;
mod overlay;
mod pin;
mod plan;
mod validate;

mod line;
#[cfg(test)]
mod tests;

pub use line::{assert_op, line, Line};
pub use lookup::{Dismissal, Merged};
pub use pin::Pinned;

/// The pattern an assertion's evidence carries: it marks asserted evidence in every output.
pub const ASSERTION_PATTERN: &str = "analyst-assertion";

use overlay::Overlay;

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
    /// The target entity is the source one: its names, articles, relations and evidence
    /// move to the source, and it is gone.
    Merge,
    /// The entity's name is this; later articles never change it.
    Rename { name: String },
    /// The entity is of this kind (code); later articles naming it link to it whatever kind
    /// the extractor gives them.
    Retype { kind: u8 },
    /// This form of the entity is someone else: the articles that used it (and not the
    /// entity's name) go to a new entity of that name, with their relations.
    Unmerge { form: String },
    /// An assertion as an analyst writes it: its evidence dated `date` (YYYY-MM-DD), citing
    /// `article` from `source` when given. A variant of its own, appended, so that entries
    /// written before (`Assert`, dated the day of the correction) still decode.
    /// An end named in `create` (source, target: an entity kind code) that the graph does
    /// not know is created with the assertion, and goes again with its undo.
    AssertCited { date: String, article: Option<String>, source: Option<String>, create: (Option<u8>, Option<u8>) },
    /// The two entities (of one type) are two, however alike their names: `kg duplicates`
    /// never lists them as a pair again. It writes nothing but its entry; a merge of one of
    /// them moves it to the kept entity, as it moves an edge's.
    Dismiss,
}

/// What creating an assertion's ends writes: the writes, the entity counts by kind code, and
/// the next entity id when one was taken.
type Created = (Vec<Write>, Vec<(u8, i64)>, Option<u64>);

/// The ids that stand, in a correction to be written, for the source and the target the
/// assertion creates: the store gives them real ids when it writes the correction.
pub const TO_CREATE: (u64, u64) = (u64::MAX - 1, u64::MAX);

impl Op {
    /// Whether the correction asserts an edge (either way of writing one).
    pub fn is_assert(&self) -> bool {
        matches!(self, Op::Assert | Op::AssertCited { .. })
    }
}

/// What a correction added to the kept counts (an undo takes it away again).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode)]
pub struct Delta {
    pub articles: i64,
    /// By entity kind code.
    pub entities: Vec<(u8, i64)>,
    /// By relation code.
    pub relations: Vec<(u8, i64)>,
}

impl Delta {
    fn relation(&mut self, code: u8, n: i64) {
        match self.relations.iter_mut().find(|(c, _)| *c == code) {
            Some((_, m)) => *m += n,
            None => self.relations.push((code, n)),
        }
    }

    fn apply(&self, counts: &mut codec::CountsRecord, sign: i64) {
        counts.articles = counts.articles.saturating_add_signed(sign * self.articles);
        for (table, changes) in [(&mut counts.entities, &self.entities), (&mut counts.relations, &self.relations)] {
            for (code, n) in changes {
                for _ in 0..n.unsigned_abs() {
                    codec::CountsRecord::bump(table, *code, sign * n > 0);
                }
            }
        }
    }
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
    /// What it added to the kept counts.
    pub counts: Delta,
    /// It came with `kg import`, in a graph that already holds its effect: it has no writes,
    /// and cannot be undone.
    pub imported: bool,
}

impl codec::Record for Correction {}

/// The trees a correction writes, by the index its entries use. A merge writes other
/// entries of the log (`corrections`): the edges they name move to the kept entity.
const TREES: [&str; 10] = [
    keys::ARTICLES,
    keys::EVIDENCE,
    keys::OUT,
    keys::IN,
    keys::DATES,
    keys::ENTITIES,
    keys::NAMES,
    keys::POSTINGS,
    keys::CORRECTIONS,
    keys::POSTING_BUCKETS,
];
const ARTICLES: u8 = 0;
const EVIDENCE: u8 = 1;
const OUT: u8 = 2;
const IN: u8 = 3;
const DATES: u8 = 4;
const ENTITIES: u8 = 5;
const NAMES: u8 = 6;
const POSTINGS: u8 = 7;
const CORRECTIONS: u8 = 8;
const POSTING_BUCKETS: u8 = 9;

/// The longest note a correction keeps, in bytes: an assertion's note is its evidence, so it
/// has the cap of an evidence sentence. A note is a source and a quote, not a document.
pub const MAX_NOTE_BYTES: usize = crate::extract::MAX_EVIDENCE_BYTES;

/// The longest name a rename gives, in characters (the longest name `find` looks up).
pub const MAX_NAME_CHARS: usize = crate::graph::name::MAX_NAME_CHARS;

/// The first fields of a log entry, read without its writes (which hold whole records):
/// bincode reads fields in order, so a prefix of `Correction` decodes on its own.
#[derive(Clone, Debug, Decode)]
struct Head {
    _date: String,
    _note: String,
    op: Op,
    source: String,
    relation: u8,
    target: String,
    ids: Option<(u64, u64)>,
}

impl codec::Record for Head {}

/// Tracks, entry by entry in log order, which entries a later one overrides: an assertion
/// of an edge and a rejection of the whole edge (every article) supersede each other, the
/// later wins. A rejection from one article only does not conflict with an assertion (whose
/// evidence is its own article) and supersedes nothing.
#[derive(Default)]
pub struct Supersession {
    /// The edge entries in effect, by edge: (number, whether an assertion).
    open: HashMap<(u64, u8, u64), Vec<(u64, bool)>>,
}

impl Supersession {
    /// Takes entry `n` in; returns the entries it supersedes.
    pub fn push(&mut self, n: u64, op: &Op, relation: u8, ids: Option<(u64, u64)>) -> Vec<u64> {
        let Some((s, t)) = ids else { return Vec::new() };
        let asserts = match op {
            Op::Assert | Op::AssertCited { .. } => true,
            Op::Reject { article: None } => false,
            _ => return Vec::new(),
        };
        let entries = self.open.entry((s, relation, t)).or_default();
        let gone: Vec<u64> = entries.iter().filter(|(_, was)| *was != asserts).map(|(m, _)| *m).collect();
        entries.retain(|(_, was)| *was == asserts);
        entries.push((n, asserts));
        gone
    }
}

/// Which entries a later one supersedes, each with the one that does.
fn supersessions<'a>(log: impl IntoIterator<Item = (u64, &'a Op, u8, Option<(u64, u64)>)>) -> HashMap<u64, u64> {
    let mut tracker = Supersession::default();
    let mut out = HashMap::new();
    for (n, op, relation, ids) in log {
        for m in tracker.push(n, op, relation, ids) {
            out.insert(m, n);
        }
    }
    out
}
impl Correction {
    pub fn kind(&self) -> Option<RelationKind> {
        RelationKind::from_code(self.relation)
    }
}

/// The id of the synthetic article that carries assertion `n`.
pub fn assertion_article(n: u64) -> String {
    format!("{ASSERTION_ARTICLE}{n}")
}

/// Whether an article is the synthetic one an assertion wrote (its evidence is the
/// analyst's note): a correction, which only undoing it takes out.
pub fn is_assertion_article(id: &str) -> bool {
    id.starts_with(ASSERTION_ARTICLE)
}

/// What the id of every assertion's synthetic article starts with.
const ASSERTION_ARTICLE: &str = "kg-correction-";

impl Store {
    /// Whether an analyst asserted the relation: one seek for evidence of an assertion's
    /// article, whose ids share a prefix inside the relation's evidence keys.
    /// A symmetric relation may be named either way round.
    pub fn is_asserted(&self, source: EntityId, kind: RelationKind, target: EntityId) -> Result<bool> {
        let (source, target) =
            if kind.is_symmetric() { (source.min(target), source.max(target)) } else { (source, target) };
        let prefix = keys::evidence(source, kind, target, ASSERTION_ARTICLE);
        for item in self.evidence.scan_prefix(prefix) {
            if item?.1.as_ref() != TOMBSTONE {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn tree(&self, index: u8) -> &sled::Tree {
        match index {
            ARTICLES => &self.articles,
            EVIDENCE => &self.evidence,
            OUT => &self.out,
            IN => &self.inn,
            DATES => &self.dates,
            ENTITIES => &self.entities,
            NAMES => &self.names,
            CORRECTIONS => &self.corrections,
            POSTING_BUCKETS => &self.posting_buckets,
            _ => &self.postings,
        }
    }

    /// The log, in order.
    pub fn corrections(&self) -> Result<Vec<(u64, Correction)>> {
        self.log()
    }

    /// Every entry of the log, decoded as `T` (the whole entry, or its head alone).
    fn log<T: codec::Record + bincode::Decode<()>>(&self) -> Result<Vec<(u64, T)>> {
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

    /// Whether the log has an entry `n`.
    ///
    /// # Errors
    /// An i/o error.
    pub fn has_correction(&self, n: u64) -> Result<bool> {
        Ok(self.corrections.contains_key(n.to_be_bytes())?)
    }

    /// One entry of the log.
    pub fn correction(&self, n: u64) -> Result<Option<Correction>> {
        match self.corrections.get(n.to_be_bytes())? {
            None => Ok(None),
            Some(v) => codec::decode(&v).map(Some).map_err(|r| Error::corrupt(keys::CORRECTIONS, &n.to_be_bytes(), &r)),
        }
    }

    /// The log's heads: each entry without its writes.
    fn heads(&self) -> Result<Vec<(u64, Head)>> {
        self.log()
    }

    /// The entries a later one supersedes (an assertion and a rejection of the same edge),
    /// each with the number of the one that does. A superseded entry has no effect: the later
    /// one holds.
    ///
    /// # Errors
    /// An i/o error, or a corrupt entry.
    pub fn superseded(&self) -> Result<HashMap<u64, u64>> {
        let heads = self.heads()?;
        Ok(supersessions(heads.iter().map(|(n, h)| (*n, &h.op, h.relation, h.ids))))
    }

    /// The edges rejected by the log: (source, relation, target, the one article or all).
    /// A rejection a later assertion superseded is not among them.
    pub fn rejections(&self) -> Result<HashSet<Rejection>> {
        let mut out = HashSet::new();
        let heads = self.heads()?;
        let superseded = supersessions(heads.iter().map(|(n, h)| (*n, &h.op, h.relation, h.ids)));
        for (n, c) in heads {
            if superseded.contains_key(&n) {
                continue;
            }
            if let (Op::Reject { article }, Some((s, t)), Some(kind)) =
                (&c.op, c.ids, RelationKind::from_code(c.relation))
            {
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
    pub fn correct(&self, c: Correction, number: Option<u64>) -> Result<u64> {
        self.correct_and(c, number, true)
    }

    /// `correct`, flushing to disk or not (an import flushes once a batch).
    ///
    /// # Errors
    /// `Refused` for a correction that would leave the graph inconsistent (nothing is
    /// written); an i/o error, or a corrupt record.
    pub fn correct_and(&self, mut c: Correction, number: Option<u64>, flush: bool) -> Result<u64> {
        let (made, made_delta, made_next) = self.create_ends(&mut c)?;
        if let Some((s, t)) = c.ids {
            self.validate(&c, EntityId(s), EntityId(t))?;
        }
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
        let (mut next_chunk, mut next_id) = (None, made_next);
        if let Some((s, t)) = c.ids {
            let (s, t) = (EntityId(s), EntityId(t));
            let (writes, counts) = match (&c.op, c.kind()) {
                (Op::Reject { article }, Some(kind)) => self.plan_reject(s, kind, t, article.as_deref())?,
                (Op::Assert, Some(kind)) => self.plan_assert(s, kind, t, &c.note, &c.date, n, (None, None))?,
                (Op::AssertCited { date, article, source, .. }, Some(kind)) => {
                    self.plan_assert(s, kind, t, &c.note, date, n, (article.as_deref(), source.as_deref()))?
                }
                (Op::Merge, _) => {
                    let chunk = self.next_posting_chunk()?;
                    next_chunk = Some(chunk + 1);
                    let (mut writes, delta) = self.plan_merge(s, t, chunk)?;
                    writes.extend(self.plan_log_moves(s, t)?);
                    (writes, delta)
                }
                (Op::Rename { name }, _) => self.plan_rename(s, name)?,
                (Op::Unmerge { form }, _) => {
                    let (id, chunk) = (self.next_entity_id()?, self.next_posting_chunk()?);
                    next_chunk = Some(chunk + 1);
                    next_id = Some(id + 1);
                    c.ids = Some((s.0, id));
                    self.plan_unmerge(s, form, EntityId(id), chunk)?
                }
                (Op::Retype { kind }, _) => self.plan_retype(s, *kind)?,
                // A decision about the two, not a change to the graph: the entry is all of it.
                (Op::Dismiss, _) => (Vec::new(), Delta::default()),
                _ => return Err(Error::corrupt(keys::CORRECTIONS, &n.to_be_bytes(), "unknown relation")),
            };
            c.writes = made.into_iter().chain(writes).collect();
            c.counts = counts;
            c.counts.entities.extend(made_delta);
        }
        self.commit_correction(n, Some(&c), &c.writes, &c.counts, 1, (next_chunk, next_id))?;
        if flush {
            self.flush()?;
        }
        Ok(n)
    }

    /// Gives the ends an assertion creates (`TO_CREATE` in its ids) their ids, and returns
    /// the writes that create them (an entity record and its name in the alias index), the
    /// entity counts they add, and the next entity id.
    fn create_ends(&self, c: &mut Correction) -> Result<Created> {
        let (Op::AssertCited { create, .. }, Some((s, t))) = (&c.op, c.ids) else {
            return Ok((Vec::new(), Vec::new(), None));
        };
        let first = self.next_entity_id()?;
        let mut next = first;
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let mut delta = Vec::new();
        let mut ends = [s, t];
        for ((end, kind), (placeholder, name)) in
            ends.iter_mut().zip([create.0, create.1]).zip([(TO_CREATE.0, &c.source), (TO_CREATE.1, &c.target)])
        {
            if *end != placeholder {
                continue;
            }
            let Some(kind) = kind else {
                return Err(Error::Refused(format!("{name:?} is not in the graph and no type was given to create it")));
            };
            let id = EntityId(next);
            let record = codec::EntityRecord {
                name: name.clone(),
                kind,
                forms: vec![codec::FormCount::written_by(name.clone(), 1)],
                articles: 0,
            };
            w.set(ENTITIES, &keys::entity(id), Some(codec::encode(&record)))?;
            let key = crate::graph::name::normalize(name);
            let mut ids = w.get(NAMES, key.as_bytes())?.map(|b| keys::decode_ids(&b)).unwrap_or_default();
            ids.push(id);
            w.set(NAMES, key.as_bytes(), Some(keys::encode_ids(&ids)))?;
            delta.push((kind, 1));
            *end = next;
            next += 1;
        }
        c.ids = Some((ends[0], ends[1]));
        Ok((w.into_writes(), delta, (next > first).then_some(next)))
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
        if c.imported {
            return Err(Error::Sled(format!(
                "correction {n} came with `kg import`: its effect is part of the imported graph and cannot be undone here"
            )));
        }
        if let (true, Some((a, b)), Some(kind)) = (c.op.is_assert(), c.ids, c.kind()) {
            // Undone, the assertion no longer supersedes the rejection before it, which
            // would hold again over evidence that later articles gave the edge meanwhile.
            let over: Vec<u64> = self.superseded()?.into_iter().filter(|(_, by)| *by == n).map(|(m, _)| m).collect();
            let own = assertion_article(n);
            if let Some(m) = over.first() {
                for stored in self.stored_evidence(&keys::edge(EntityId(a), kind, EntityId(b)))? {
                    let key = stored.key;
                    if keys::article_suffix(&key, 17).is_some_and(|article| article != own) {
                        return Err(Error::Refused(format!(
                            "correction {n} cannot be undone: it supersedes rejection {m}, which would hold again while articles ingested since give the edge; reject the edge again instead"
                        )));
                    }
                }
            }
        }
        if let (Some((a, b)), Some(kind)) = (c.ids, c.kind()) {
            // An entity the assertion created goes with it: refused while another edge uses it.
            for (tree, key, before, _) in &c.writes {
                if *tree != ENTITIES || before.is_some() {
                    continue;
                }
                let own = [keys::edge(EntityId(a), kind, EntityId(b)), keys::edge(EntityId(b), kind, EntityId(a))];
                for index in [&self.out, &self.inn] {
                    for item in index.scan_prefix(key) {
                        let (edge, _) = item?;
                        if !own.iter().any(|o| o.as_slice() == edge.as_ref()) {
                            let name = if key.as_slice() == a.to_be_bytes() { &c.source } else { &c.target };
                            return Err(Error::Refused(format!(
                                "correction {n} cannot be undone: it created {name}, and another edge now uses it; undo or reject that edge first"
                            )));
                        }
                    }
                }
            }
        }
        let mut back: Vec<Write> = Vec::with_capacity(c.writes.len());
        for (tree, key, before, after) in &c.writes {
            let now = self.tree(*tree).get(key)?;
            // A posting bucket also holds other entities' lists, which later batches may have
            // changed: only the lists this correction changed must be as it left them.
            let undone = if *tree == POSTING_BUCKETS {
                postings::undo_bucket(now.as_deref(), before.as_deref(), after.as_deref())
                    .map_err(|r| Error::corrupt(keys::POSTING_BUCKETS, key, &r))?
            } else {
                (now.as_deref() == after.as_deref()).then(|| before.clone())
            };
            let Some(undone) = undone else {
                return Err(Error::Sled(format!(
                    "correction {n} cannot be undone: the graph changed since (a record of `{}` it wrote was written again by a later ingest or correction); correct the graph again instead",
                    TREES.get(usize::from(*tree)).copied().unwrap_or(keys::POSTINGS)
                )));
            };
            back.push((*tree, key.clone(), now.map(|v| v.to_vec()), undone));
        }
        if let (Op::Rename { .. } | Op::Retype { .. }, Some((id, _))) = (&c.op, c.ids) {
            // A later rename (retype) of the entity set the name (type) it has now; undoing
            // this one would put back the one before, under the later one.
            let rename = matches!(c.op, Op::Rename { .. });
            let later = self.heads()?.into_iter().find(|(m, h)| {
                *m > n
                    && h.ids.map(|(e, _)| e) == Some(id)
                    && matches!(h.op, Op::Rename { .. }) == rename
                    && matches!(h.op, Op::Rename { .. } | Op::Retype { .. })
            });
            if let Some((m, _)) = later {
                return Err(Error::Refused(format!(
                    "correction {n} cannot be undone while correction {m} {} the same entity again: undo {m} first",
                    if rename { "renames" } else { "retypes" }
                )));
            }
        }
        self.check_undo(n, &back)?;
        self.commit_correction(n, None, &back, &c.counts, -1, (None, None))?;
        self.flush()?;
        Ok(c)
    }

    /// Refuses an undo that would leave an edge it touches inconsistent: later corrections
    /// or ingests may have given evidence to an edge the correction made (an assertion on a
    /// merged entity), and putting back the adjacency and dates from before would contradict
    /// that evidence. The keys the undo writes are checked unchanged already (in a posting
    /// bucket, the lists the correction changed); this checks
    /// each touched edge as it will be: adjacency exactly when there is evidence, and the
    /// dates counted from the evidence.
    fn check_undo(&self, n: u64, back: &[Write]) -> Result<()> {
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let mut edges = BTreeSet::new();
        for (tree, key, before, after) in back {
            w.writes.insert((*tree, key.clone()), (before.clone(), after.clone()));
            if matches!(*tree, OUT | EVIDENCE | DATES) {
                if let Some(edge) = key.get(..17) {
                    edges.insert(edge.to_vec());
                }
            }
        }
        for prefix in edges {
            let evidence = w.scan_evidence(&prefix)?;
            let adjacent = w.exists(OUT, &prefix)?;
            let mut months: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
            if let Some((s, kind, t)) = keys::parse_edge(&prefix) {
                for (bucket, month) in months_of(&evidence)? {
                    months.insert(keys::dated(s, kind, t, bucket).to_vec(), month.encode());
                }
            }
            let dated: BTreeMap<Vec<u8>, Vec<u8>> = w.scan(DATES, &prefix)?.into_iter().collect();
            if adjacent == evidence.is_empty() || (adjacent && dated != months) {
                return Err(Error::Refused(format!(
                    "correction {n} cannot be undone: a later correction or ingest gave evidence to an edge it changed, which the undo would contradict; undo the later one first, or correct the graph again instead"
                )));
            }
        }
        Ok(())
    }

    /// Writes `writes` (tree, key, _, value), the log entry `n` (or, with `None`, its
    /// removal), the counts moved by `sign` times `delta`, and the next posting chunk and
    /// entity id when the correction took one, all or nothing.
    fn commit_correction(
        &self,
        n: u64,
        entry: Option<&Correction>,
        writes: &[Write],
        delta: &Delta,
        sign: i64,
        (next_chunk, next_id): (Option<u32>, Option<u64>),
    ) -> Result<()> {
        let mut counts = self.stored_counts()?;
        delta.apply(&mut counts, sign);
        let mut batches: [sled::Batch; 11] = Default::default();
        for (tree, key, _, value) in writes {
            let b = &mut batches[usize::from(*tree).min(9)];
            match value {
                Some(v) => b.insert(key.as_slice(), v.as_slice()),
                None => b.remove(key.as_slice()),
            }
        }
        match entry {
            Some(c) => batches[8].insert(&n.to_be_bytes(), codec::encode(c)),
            None => batches[8].remove(&n.to_be_bytes()),
        }
        batches[10].insert(keys::COUNTS, codec::encode(&counts));
        if let Some(chunk) = next_chunk {
            batches[10].insert(keys::NEXT_POSTING_CHUNK, &chunk.to_be_bytes());
        }
        if let Some(id) = next_id {
            batches[10].insert(keys::NEXT_ENTITY_ID, &id.to_be_bytes());
        }
        let [words, ends] = self.index.trees();
        let trees = [
            &self.articles,
            &self.evidence,
            &self.out,
            &self.inn,
            &self.dates,
            &self.entities,
            &self.names,
            &self.postings,
            &self.corrections,
            &self.posting_buckets,
            &self.meta,
            words,
            ends,
        ];
        let _commit = Store::committing(&self.commits);
        // The word index follows the alias index, as committed so far: read under the lock.
        let names = writes.iter().filter(|w| w.0 == NAMES).map(|(_, key, _, after)| (key.as_slice(), after.is_some()));
        let batches: Vec<sled::Batch> = batches.into_iter().chain(self.index.follow(names)?).collect();
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
            })
    }

    /// Records an entry as it is, without carrying it out: for an import, whose graph already
    /// holds its effect. Such an entry has no writes to undo.
    ///
    /// # Errors
    /// An i/o error.
    pub fn record_correction(&self, n: u64, c: &Correction) -> Result<()> {
        self.corrections.insert(n.to_be_bytes(), codec::encode(c))?;
        Ok(())
    }
}
