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

use super::codec::{self, ArticleRecord, DayCounts, EvidenceItem, EvidenceRecord};
use super::{keys, Error, Result, Store};
use crate::graph::{EntityId, RelationKind};
use bincode::{Decode, Encode};
use sled::Transactional;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

/// The trees a correction writes, by the index its entries use. A merge writes other
/// entries of the log (`corrections`): the edges they name move to the kept entity.
const TREES: [&str; 9] = [
    keys::ARTICLES,
    keys::EVIDENCE,
    keys::OUT,
    keys::IN,
    keys::DATES,
    keys::ENTITIES,
    keys::NAMES,
    keys::POSTINGS,
    keys::CORRECTIONS,
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

/// The longest note a correction keeps, in bytes: an assertion's note is its evidence, so it
/// has the cap of an evidence sentence. A note is a source and a quote, not a document.
pub const MAX_NOTE_BYTES: usize = crate::extract::MAX_EVIDENCE_BYTES;

/// The longest name a rename gives, in characters (the longest name `find` looks up).
pub const MAX_NAME_CHARS: usize = crate::query::find::MAX_NAME_CHARS;

/// The first fields of a log entry, read without its writes (which hold whole records):
/// bincode reads fields in order, so a prefix of `Correction` decodes on its own.
#[derive(Clone, Debug, Decode)]
struct Head {
    _date: String,
    _note: String,
    op: Op,
    _source: String,
    relation: u8,
    _target: String,
    ids: Option<(u64, u64)>,
}

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
            Op::Assert => true,
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

/// One line of an exported log.
#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
pub struct Line {
    pub n: u64,
    pub date: String,
    pub op: String,
    pub source: String,
    pub relation: String,
    pub target: String,
    #[serde(default)]
    pub article: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// A log entry as a line of the corrections file (and of the JSON export).
pub fn line(n: u64, c: &Correction) -> Line {
    let (op, article) = match &c.op {
        Op::Reject { article } => ("reject", article.clone()),
        Op::Assert => ("assert", None),
        Op::Merge => ("merge", None),
        Op::Rename { .. } => ("rename", None),
        Op::Retype { .. } => ("retype", None),
        Op::Unmerge { .. } => ("unmerge", None),
    };
    Line {
        n,
        date: c.date.clone(),
        op: op.into(),
        source: c.source.clone(),
        relation: c.kind().map_or("-", RelationKind::as_str).into(),
        target: c.target.clone(),
        article,
        note: c.note.clone(),
    }
}

/// The id of the synthetic article that carries assertion `n`.
pub fn assertion_article(n: u64) -> String {
    format!("kg-correction-{n}")
}

impl Store {
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
            _ => &self.postings,
        }
    }

    /// The log, in order.
    pub fn corrections(&self) -> Result<Vec<(u64, Correction)>> {
        self.log()
    }

    /// Every entry of the log, decoded as `T` (the whole entry, or its head alone).
    fn log<T: bincode::Decode<()>>(&self) -> Result<Vec<(u64, T)>> {
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
        let (mut next_chunk, mut next_id) = (None, None);
        if let Some((s, t)) = c.ids {
            let (s, t) = (EntityId(s), EntityId(t));
            let (writes, counts) = match (&c.op, c.kind()) {
                (Op::Reject { article }, Some(kind)) => self.plan_reject(s, kind, t, article.as_deref())?,
                (Op::Assert, Some(kind)) => self.plan_assert(s, kind, t, &c.note, &c.date, n)?,
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
                _ => return Err(Error::corrupt(keys::CORRECTIONS, &n.to_be_bytes(), "unknown relation")),
            };
            c.writes = writes;
            c.counts = counts;
        }
        self.commit_correction(n, Some(&c), &c.writes, &c.counts, 1, (next_chunk, next_id))?;
        if flush {
            self.flush()?;
        }
        Ok(n)
    }

    /// Refuses a correction that would leave the graph inconsistent or its log unreplayable,
    /// saying why and naming the entities involved. The one check for the CLI, the API and
    /// `corrections import`, all of which come through `correct`.
    fn validate(&self, c: &Correction, s: EntityId, t: EntityId) -> Result<()> {
        use crate::graph::name::normalize;
        if c.note.len() > MAX_NOTE_BYTES {
            return Err(Error::Refused(format!(
                "a note is at most {MAX_NOTE_BYTES} bytes (this one has {}): give the source and a quote",
                c.note.len()
            )));
        }
        match &c.op {
            Op::Reject { .. } | Op::Assert if s == t => Err(Error::Refused(format!(
                "an edge from {} ({s}) to itself is refused: kg keeps no self-edges",
                c.source
            ))),
            Op::Merge if s == t => Err(Error::Refused(format!(
                "merging {} ({s}) into itself is refused: it is one entity already",
                c.source
            ))),
            Op::Merge => {
                // An asserted edge between the two would become an edge from one to itself,
                // which has nowhere to go: its evidence would vanish with the merge.
                let heads = self.heads()?;
                let superseded = supersessions(heads.iter().map(|(n, h)| (*n, &h.op, h.relation, h.ids)));
                for (n, h) in &heads {
                    let Some((a, b)) = h.ids else { continue };
                    let between = (a.min(b), a.max(b)) == (s.0.min(t.0), s.0.max(t.0));
                    if h.op == Op::Assert && between && !superseded.contains_key(n) {
                        return Err(Error::Refused(format!(
                            "merging {} ({t}) into {} ({s}) would turn the edge correction {n} asserts between them into an edge from {} to itself: undo it first (kg corrections undo {n})",
                            c.target, c.source, c.source
                        )));
                    }
                }
                self.check_rejections_survive_merge(c, s, t)
            }
            Op::Rename { name } => {
                let chars = name.chars().count();
                if name.trim().is_empty() || chars > MAX_NAME_CHARS {
                    return Err(Error::Refused(format!(
                        "a name has 1 to {MAX_NAME_CHARS} characters (this one has {chars})"
                    )));
                }
                let key = normalize(name);
                for id in self.lookup(&key)? {
                    if id == s {
                        continue;
                    }
                    if let Some(other) = self.entity_record(id)? {
                        if normalize(&other.name) == key {
                            return Err(Error::Refused(format!(
                                "{name:?} is the name of {id} ({}): two entities with one name cannot be told apart, and the log would not replay; merge them (kg merge {id} {s}) or choose another name",
                                other.name
                            )));
                        }
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A merge must not give evidence to an edge the log rejects: the rejected edge of a
    /// merged entity moves onto the kept one, and the other's edges join the kept one's. A
    /// rejection whose edge would hold evidence again is a conflict the analyst settles.
    fn check_rejections_survive_merge(&self, c: &Correction, keep: EntityId, other: EntityId) -> Result<()> {
        let ends = |id: EntityId| if id == keep || id == other { vec![keep, other] } else { vec![id] };
        let map = |id: EntityId| if id == other { keep } else { id };
        for (a, kind, b, only) in self.rejections()? {
            if ![a, b].iter().any(|&x| x == keep || x == other) || map(a) == map(b) {
                continue;
            }
            for x in ends(a) {
                for y in ends(b) {
                    if (x, y) == (a, b) || x == y {
                        continue;
                    }
                    let mut edges = vec![(x, y)];
                    if kind.is_symmetric() {
                        edges.push((y, x));
                    }
                    for (p, q) in edges {
                        for item in self.evidence.scan_prefix(keys::edge(p, kind, q)) {
                            let (key, _) = item?;
                            let article = keys::article_suffix(&key, 17).unwrap_or_default();
                            if only.as_deref().is_none_or(|o| o == article) {
                                return Err(Error::Refused(format!(
                                    "merging {} ({other}) into {} ({keep}) would give the rejected edge {a} {} {b} the evidence of {p} {} {q} (article {article:?}): undo the rejection first, or reject that edge too",
                                    c.target,
                                    c.source,
                                    kind.as_str(),
                                    kind.as_str()
                                )));
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The writes that move the log's edge entries (assertions, rejections) off `other`,
    /// merged into `keep`, so that they keep holding: an asserted edge's evidence moves to
    /// the kept entity with the merge, and its entry must name where it went.
    fn plan_log_moves(&self, keep: EntityId, other: EntityId) -> Result<Vec<Write>> {
        let mut writes = Vec::new();
        for (n, h) in self.heads()? {
            let Some((a, b)) = h.ids else { continue };
            if !matches!(h.op, Op::Reject { .. } | Op::Assert) || (a != other.0 && b != other.0) {
                continue;
            }
            let Some(c) = self.correction(n)? else { continue };
            let map = |id: u64| if id == other.0 { keep.0 } else { id };
            let (mut na, mut nb) = (map(a), map(b));
            if c.kind().is_some_and(RelationKind::is_symmetric) && nb < na {
                std::mem::swap(&mut na, &mut nb);
            }
            let mut moved = c.clone();
            moved.ids = Some((na, nb));
            let key = n.to_be_bytes().to_vec();
            let before = self.corrections.get(&key)?.map(|v| v.to_vec());
            writes.push((CORRECTIONS, key, before, Some(codec::encode(&moved))));
            // An assertion's synthetic article names the edge too (the merge moved its
            // evidence with the rest, but finds articles by their entities, and this one has
            // none).
            if c.op == Op::Assert {
                let article = assertion_article(n);
                if let Some(bytes) = self.articles.get(article.as_bytes())? {
                    let mut record: ArticleRecord =
                        codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
                    for r in &mut record.relations {
                        if (r.0, r.2) == (a, b) && r.1 == c.relation {
                            *r = (na, r.1, nb);
                        }
                    }
                    writes.push((ARTICLES, article.into_bytes(), Some(bytes.to_vec()), Some(codec::encode(&record))));
                }
            }
        }
        Ok(writes)
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
        if let (Op::Assert, Some((a, b)), Some(kind)) = (&c.op, c.ids, c.kind()) {
            // Undone, the assertion no longer supersedes the rejection before it, which
            // would hold again over evidence that later articles gave the edge meanwhile.
            let over: Vec<u64> = self.superseded()?.into_iter().filter(|(_, by)| *by == n).map(|(m, _)| m).collect();
            let own = assertion_article(n);
            if let Some(m) = over.first() {
                for item in self.evidence.scan_prefix(keys::edge(EntityId(a), kind, EntityId(b))) {
                    let (key, _) = item?;
                    if keys::article_suffix(&key, 17).is_some_and(|article| article != own) {
                        return Err(Error::Refused(format!(
                            "correction {n} cannot be undone: it supersedes rejection {m}, which would hold again while articles ingested since give the edge; reject the edge again instead"
                        )));
                    }
                }
            }
        }
        for (tree, key, _, after) in &c.writes {
            let now = self.tree(*tree).get(key)?;
            if now.as_deref() != after.as_deref() {
                return Err(Error::Sled(format!(
                    "correction {n} cannot be undone: the graph changed since (a record of `{}` it wrote was written again by a later ingest or correction); correct the graph again instead",
                    TREES.get(usize::from(*tree)).copied().unwrap_or(keys::POSTINGS)
                )));
            }
        }
        let back: Vec<_> =
            c.writes.iter().map(|(t, k, before, after)| (*t, k.clone(), after.clone(), before.clone())).collect();
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
    /// that evidence. The keys the undo writes are checked unchanged already; this checks
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
            let evidence = w.scan(EVIDENCE, &prefix)?;
            let adjacent = w.exists(OUT, &prefix)?;
            let mut months: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
            let mut counted: BTreeMap<u32, DayCounts> = BTreeMap::new();
            for (key, value) in &evidence {
                let date = EvidenceRecord::date_of(value).map_err(|r| Error::corrupt(keys::EVIDENCE, key, &r))?;
                counted.entry(keys::bucket(&date)).or_default().add(&date);
            }
            if let Some((s, kind, t)) = keys::parse_edge(&prefix) {
                for (bucket, month) in counted {
                    months.insert(keys::dated(s, kind, t, bucket).to_vec(), codec::encode(&month));
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
        let mut batches: [sled::Batch; 10] = Default::default();
        for (tree, key, _, value) in writes {
            let b = &mut batches[usize::from(*tree).min(8)];
            match value {
                Some(v) => b.insert(key.as_slice(), v.as_slice()),
                None => b.remove(key.as_slice()),
            }
        }
        match entry {
            Some(c) => batches[8].insert(&n.to_be_bytes(), codec::encode(c)),
            None => batches[8].remove(&n.to_be_bytes()),
        }
        batches[9].insert(keys::COUNTS, codec::encode(&counts));
        if let Some(chunk) = next_chunk {
            batches[9].insert(keys::NEXT_POSTING_CHUNK, &chunk.to_be_bytes());
        }
        if let Some(id) = next_id {
            batches[9].insert(keys::NEXT_ENTITY_ID, &id.to_be_bytes());
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

    /// The writes that take a relation's evidence out (from one article, or all), and what
    /// they do to the counts.
    fn plan_reject(
        &self,
        s: EntityId,
        kind: RelationKind,
        t: EntityId,
        only: Option<&str>,
    ) -> Result<(Vec<Write>, Delta)> {
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
        let mut delta = Delta::default();
        if writes.iter().any(|w| w.0 == EVIDENCE) && !self.evidence_left(s, kind, t, only)? {
            let out = keys::edge(s, kind, t).to_vec();
            let inn = keys::edge(t, kind, s).to_vec();
            writes.push((OUT, out, Some(Vec::new()), None));
            writes.push((IN, inn, Some(Vec::new()), None));
            delta.relation(kind.code(), -1);
        }
        Ok((writes, delta))
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
    ) -> Result<(Vec<Write>, Delta)> {
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
        let mut delta = Delta { articles: 1, ..Delta::default() };
        let out = keys::edge(s, kind, t).to_vec();
        if !self.out.contains_key(&out)? {
            writes.push((OUT, out, None, Some(Vec::new())));
            writes.push((IN, keys::edge(t, kind, s).to_vec(), None, Some(Vec::new())));
            delta.relation(kind.code(), 1);
        }
        Ok((writes, delta))
    }

    /// What the log pins on entities for later ingests: names set by `rename`, and the forms
    /// of retyped entities (normalised), which link to them whatever kind they are read as.
    pub fn pinned(&self) -> Result<(HashMap<EntityId, String>, HashMap<String, EntityId>)> {
        let (mut names, mut forms) = (HashMap::new(), HashMap::new());
        for (_, c) in self.corrections()? {
            let Some((id, _)) = c.ids else { continue };
            match &c.op {
                Op::Rename { name } => {
                    names.insert(EntityId(id), name.clone());
                }
                Op::Retype { .. } => {
                    if let Some(record) = self.entity_record(EntityId(id))? {
                        for f in record.forms {
                            forms.insert(crate::graph::name::normalize(&f.form), EntityId(id));
                        }
                    }
                }
                _ => {}
            }
        }
        Ok((names, forms))
    }

    /// The writes that give an entity a new name: its record's name, the name as a form of
    /// its own (never taken away by an article), and the alias index.
    fn plan_rename(&self, id: EntityId, name: &str) -> Result<(Vec<Write>, Delta)> {
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let Some(mut record) = self.entity_record(id)? else {
            return Err(Error::Sled(format!("rename: {id} does not exist")));
        };
        record.name = name.to_string();
        if !record.forms.iter().any(|f| f.form == name) {
            record.forms.push(codec::FormCount { form: name.to_string(), count: 1 });
        }
        w.set(ENTITIES, &keys::entity(id), Some(codec::encode(&record)))?;
        let key = crate::graph::name::normalize(name);
        let mut ids = w.get(NAMES, key.as_bytes())?.map(|b| keys::decode_ids(&b)).unwrap_or_default();
        if !ids.contains(&id) {
            ids.push(id);
            w.set(NAMES, key.as_bytes(), Some(keys::encode_ids(&ids)))?;
        }
        Ok((w.into_writes(), Delta::default()))
    }

    /// The writes that give an entity another kind.
    fn plan_retype(&self, id: EntityId, kind: u8) -> Result<(Vec<Write>, Delta)> {
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let Some(mut record) = self.entity_record(id)? else {
            return Err(Error::Sled(format!("retype: {id} does not exist")));
        };
        let delta = Delta { entities: vec![(record.kind, -1), (kind, 1)], ..Delta::default() };
        record.kind = kind;
        w.set(ENTITIES, &keys::entity(id), Some(codec::encode(&record)))?;
        Ok((w.into_writes(), delta))
    }

    /// The writes that split `form` off `entity` into the new entity `new`: the articles whose
    /// entry for the entity used the form but not the entity's name move, with their forms,
    /// postings and relations (evidence and dates); the alias index sends the form to `new`.
    fn plan_unmerge(&self, entity: EntityId, form: &str, new: EntityId, chunk: u32) -> Result<(Vec<Write>, Delta)> {
        use crate::graph::name::normalize;
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let Some(mut old) = self.entity_record(entity)? else {
            return Err(Error::Sled(format!("unmerge: {entity} does not exist")));
        };
        if old.name == form || !old.forms.iter().any(|f| f.form == form) {
            return Err(Error::Sled(format!("unmerge: {form:?} is not an alias of {} (see `kg show`)", old.name)));
        }
        let mut created =
            codec::EntityRecord { name: form.to_string(), kind: old.kind, forms: Vec::new(), articles: 0 };
        let mut delta = Delta { entities: vec![(old.kind, 1)], ..Delta::default() };
        let mut moved: Vec<String> = Vec::new();
        let mut relations: BTreeSet<(EntityId, RelationKind, EntityId)> = BTreeSet::new();
        for article in self.entity_articles(entity)? {
            let Some(bytes) = w.get(ARTICLES, article.as_bytes())? else { continue };
            let mut record: ArticleRecord =
                codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
            let Some(entry) = record.entities.iter_mut().find(|e| e.id == entity.0) else { continue };
            if !entry.forms.iter().any(|f| f == form) || entry.forms.contains(&old.name) {
                continue;
            }
            entry.id = new.0;
            for f in &entry.forms {
                if let Some(c) = old.forms.iter_mut().find(|c| c.form == *f) {
                    c.count = c.count.saturating_sub(1);
                }
                match created.forms.iter_mut().find(|c| c.form == *f) {
                    Some(c) => c.count += 1,
                    None => created.forms.push(codec::FormCount { form: f.clone(), count: 1 }),
                }
            }
            created.articles += 1;
            old.articles = old.articles.saturating_sub(1);
            let remap = |id: u64| if id == entity.0 { new.0 } else { id };
            for r in &mut record.relations {
                if r.0 == entity.0 || r.2 == entity.0 {
                    if let Some(kind) = RelationKind::from_code(r.1) {
                        relations.insert((EntityId(r.0), kind, EntityId(r.2)));
                    }
                    let (mut s, mut t) = (remap(r.0), remap(r.2));
                    if RelationKind::from_code(r.1).is_some_and(RelationKind::is_symmetric) && t < s {
                        std::mem::swap(&mut s, &mut t);
                    }
                    *r = (s, r.1, t);
                }
            }
            w.set(ARTICLES, article.as_bytes(), Some(codec::encode(&record)))?;
            moved.push(article);
        }
        if moved.is_empty() {
            return Err(Error::Sled(format!(
                "unmerge: no article calls {} {form:?} without also naming it {:?}: nothing to split off",
                old.name, old.name
            )));
        }
        // The forms only the moved articles used leave the entity, in its record and the index.
        let gone: Vec<String> = old.forms.iter().filter(|f| f.count == 0).map(|f| f.form.clone()).collect();
        old.forms.retain(|f| f.count > 0);
        w.set(ENTITIES, &keys::entity(entity), Some(codec::encode(&old)))?;
        w.set(ENTITIES, &keys::entity(new), Some(codec::encode(&created)))?;
        for f in &created.forms {
            let key = normalize(&f.form);
            let mut ids = w.get(NAMES, key.as_bytes())?.map(|b| keys::decode_ids(&b)).unwrap_or_default();
            if gone.contains(&f.form) || f.form == form {
                ids.retain(|i| *i != entity);
            }
            if !ids.contains(&new) {
                ids.push(new);
            }
            w.set(NAMES, key.as_bytes(), Some(keys::encode_ids(&ids)))?;
        }
        // Postings: the moved articles leave the entity's chunks and make the new one's.
        for item in self.postings.scan_prefix(keys::entity(entity)) {
            let (key, value) = item?;
            let mut chunk: codec::PostingRecord =
                codec::decode(&value).map_err(|r| Error::corrupt(keys::POSTINGS, &key, &r))?;
            let before = chunk.articles.len();
            chunk.articles.retain(|a| !moved.contains(a));
            if chunk.articles.len() != before {
                w.set(POSTINGS, &key, (!chunk.articles.is_empty()).then(|| codec::encode(&chunk)))?;
            }
        }
        w.set(
            POSTINGS,
            &keys::posting(new, chunk),
            Some(codec::encode(&codec::PostingRecord { articles: moved.clone() })),
        )?;
        // Relations: the moved articles' evidence goes to the new entity's relations.
        let mut touched: BTreeSet<(EntityId, RelationKind, EntityId)> = BTreeSet::new();
        for (s, kind, t) in relations {
            let remap = |id: EntityId| if id == entity { new } else { id };
            let (mut ns, mut nt) = (remap(s), remap(t));
            if kind.is_symmetric() && nt < ns {
                std::mem::swap(&mut ns, &mut nt);
            }
            for article in &moved {
                let key = keys::evidence(s, kind, t, article);
                if let Some(value) = w.get(EVIDENCE, &key)? {
                    w.set(EVIDENCE, &key, None)?;
                    w.set(EVIDENCE, &keys::evidence(ns, kind, nt, article), Some(value))?;
                }
            }
            touched.insert((s, kind, t));
            touched.insert((ns, kind, nt));
        }
        for (s, kind, t) in touched {
            w.settle_relation(s, kind, t, &mut delta)?;
        }
        Ok((w.into_writes(), delta))
    }

    /// The writes that merge `other` into `keep`. Every record that names `other` is
    /// rewritten to name `keep`: its alias-index entries, postings, the articles that mention
    /// it (their entity and relation lists), its relations with their evidence and dates
    /// (a relation both had with one entity becomes one; one between the two disappears),
    /// and `keep`'s record takes its forms and articles. `chunk` is the posting chunk for
    /// the articles `keep` gains.
    fn plan_merge(&self, keep: EntityId, other: EntityId, chunk: u32) -> Result<(Vec<Write>, Delta)> {
        use crate::graph::name::normalize;
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let (Some(k), Some(o)) = (self.entity_record(keep)?, self.entity_record(other)?) else {
            return Err(Error::Sled(format!("merge: {keep} or {other} does not exist")));
        };
        let mut delta = Delta { entities: vec![(o.kind, -1)], ..Delta::default() };
        let keep_articles: HashSet<String> = self.entity_articles(keep)?.into_iter().collect();
        let other_articles = self.entity_articles(other)?;

        // The articles: the other entity's entry becomes (or joins) the kept one's; forms
        // both entries used in one article were counted twice.
        let mut merged = k.clone();
        merged.articles += other_articles.iter().filter(|a| !keep_articles.contains(*a)).count() as u32;
        for f in &o.forms {
            match merged.forms.iter_mut().find(|m| m.form == f.form) {
                Some(m) => m.count += f.count,
                None => merged.forms.push(f.clone()),
            }
        }
        let map = |id: u64| if id == other.0 { keep.0 } else { id };
        for article in &other_articles {
            let Some(bytes) = w.get(ARTICLES, article.as_bytes())? else { continue };
            let mut record: ArticleRecord =
                codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
            let theirs = record.entities.iter().position(|e| e.id == other.0);
            let ours = record.entities.iter().position(|e| e.id == keep.0);
            if let (Some(i), Some(j)) = (theirs, ours) {
                let forms = record.entities[i].forms.clone();
                for form in forms {
                    if record.entities[j].forms.contains(&form) {
                        if let Some(m) = merged.forms.iter_mut().find(|m| m.form == form) {
                            m.count -= 1;
                        }
                    } else {
                        record.entities[j].forms.push(form);
                    }
                }
                record.entities.remove(i);
            } else if let Some(i) = theirs {
                record.entities[i].id = keep.0;
            }
            let mut relations = Vec::new();
            for &(s, code, t) in &record.relations {
                let (mut s, mut t) = (map(s), map(t));
                if s == t {
                    continue;
                }
                if RelationKind::from_code(code).is_some_and(RelationKind::is_symmetric) && t < s {
                    std::mem::swap(&mut s, &mut t);
                }
                if !relations.contains(&(s, code, t)) {
                    relations.push((s, code, t));
                }
            }
            record.relations = relations;
            w.set(ARTICLES, article.as_bytes(), Some(codec::encode(&record)))?;
        }
        w.set(ENTITIES, &keys::entity(keep), Some(codec::encode(&merged)))?;
        w.set(ENTITIES, &keys::entity(other), None)?;

        // The alias index: every form of the other entity now names the kept one.
        for f in &o.forms {
            let key = normalize(&f.form);
            let Some(bytes) = w.get(NAMES, key.as_bytes())? else { continue };
            let mut ids: Vec<EntityId> = keys::decode_ids(&bytes).into_iter().map(|i| EntityId(map(i.0))).collect();
            let mut seen = HashSet::new();
            ids.retain(|i| seen.insert(*i));
            w.set(NAMES, key.as_bytes(), Some(keys::encode_ids(&ids)))?;
        }

        // Postings: the other entity's go; the kept one gains the articles it lacked.
        for item in self.postings.scan_prefix(keys::entity(other)) {
            let (key, _) = item?;
            w.set(POSTINGS, &key, None)?;
        }
        let gained: Vec<String> = other_articles.iter().filter(|a| !keep_articles.contains(*a)).cloned().collect();
        if !gained.is_empty() {
            let record = codec::PostingRecord { articles: gained };
            w.set(POSTINGS, &keys::posting(keep, chunk), Some(codec::encode(&record)))?;
        }

        // Relations: each of the other entity's edges is taken out and, unless it joined the
        // two, put back on the kept entity, its evidence merged with what is there.
        let mut moved: BTreeSet<(EntityId, RelationKind, EntityId)> = BTreeSet::new();
        for edge in self.edges(other)? {
            let (s, kind, t) = edge.triple(other);
            if !w.exists(OUT, &keys::edge(s, kind, t))? {
                continue;
            }
            delta.relation(kind.code(), -1);
            w.set(OUT, &keys::edge(s, kind, t), None)?;
            w.set(IN, &keys::edge(t, kind, s), None)?;
            for item in self.dates.scan_prefix(keys::edge(s, kind, t)) {
                let (key, _) = item?;
                w.set(DATES, &key, None)?;
            }
            let (mut ns, mut nt) = (EntityId(map(s.0)), EntityId(map(t.0)));
            if kind.is_symmetric() && nt < ns {
                std::mem::swap(&mut ns, &mut nt);
            }
            for item in self.evidence.scan_prefix(keys::edge(s, kind, t)) {
                let (key, value) = item?;
                w.set(EVIDENCE, &key, None)?;
                if ns == nt {
                    continue;
                }
                let article = keys::article_suffix(&key, 17).unwrap_or_default();
                let mut record =
                    EvidenceRecord::decode(&value).map_err(|r| Error::corrupt(keys::EVIDENCE, &key, &r))?;
                let new_key = keys::evidence(ns, kind, nt, &article);
                if let Some(there) = w.get(EVIDENCE, &new_key)? {
                    let there =
                        EvidenceRecord::decode(&there).map_err(|r| Error::corrupt(keys::EVIDENCE, &new_key, &r))?;
                    for item in there.items.into_iter().rev() {
                        if !record.items.iter().any(|i| i.sentence == item.sentence) {
                            record.items.insert(0, item);
                        }
                    }
                }
                w.set(EVIDENCE, &new_key, Some(record.encode()))?;
            }
            if ns != nt {
                moved.insert((ns, kind, nt));
            }
        }
        for (s, kind, t) in moved {
            w.settle_relation(s, kind, t, &mut delta)?;
        }
        Ok((w.into_writes(), delta))
    }
}

/// Writes being planned over the store: reads see them first. Each key keeps the value it
/// had in the store and the last value planned.
struct Overlay<'s> {
    store: &'s Store,
    #[allow(clippy::type_complexity)]
    writes: BTreeMap<(u8, Vec<u8>), (Option<Vec<u8>>, Option<Vec<u8>>)>,
}

impl Overlay<'_> {
    /// Makes a relation's adjacency and `dates` entries agree with its evidence as planned:
    /// adjacency added or taken out (counted in `delta`), dates counted again.
    fn settle_relation(&mut self, s: EntityId, kind: RelationKind, t: EntityId, delta: &mut Delta) -> Result<()> {
        let prefix = keys::edge(s, kind, t);
        let evidence = self.scan(EVIDENCE, &prefix)?;
        let existed = self.exists(OUT, &prefix)?;
        if evidence.is_empty() && existed {
            delta.relation(kind.code(), -1);
            self.set(OUT, &prefix, None)?;
            self.set(IN, &keys::edge(t, kind, s), None)?;
        } else if !evidence.is_empty() && !existed {
            delta.relation(kind.code(), 1);
            self.set(OUT, &prefix, Some(Vec::new()))?;
            self.set(IN, &keys::edge(t, kind, s), Some(Vec::new()))?;
        }
        let mut months: BTreeMap<u32, DayCounts> = BTreeMap::new();
        for (key, value) in &evidence {
            let date = EvidenceRecord::date_of(value).map_err(|r| Error::corrupt(keys::EVIDENCE, key, &r))?;
            months.entry(keys::bucket(&date)).or_default().add(&date);
        }
        for (key, _) in self.scan(DATES, &prefix)? {
            self.set(DATES, &key, None)?;
        }
        for (bucket, month) in months {
            self.set(DATES, &keys::dated(s, kind, t, bucket), Some(codec::encode(&month)))?;
        }
        Ok(())
    }

    fn into_writes(self) -> Vec<Write> {
        self.writes.into_iter().map(|((t, k), (before, after))| (t, k, before, after)).collect()
    }

    fn get(&self, tree: u8, key: &[u8]) -> Result<Option<Vec<u8>>> {
        match self.writes.get(&(tree, key.to_vec())) {
            Some((_, after)) => Ok(after.clone()),
            None => Ok(self.store.tree(tree).get(key)?.map(|v| v.to_vec())),
        }
    }

    fn exists(&self, tree: u8, key: &[u8]) -> Result<bool> {
        Ok(self.get(tree, key)?.is_some())
    }

    fn set(&mut self, tree: u8, key: &[u8], value: Option<Vec<u8>>) -> Result<()> {
        let slot = (tree, key.to_vec());
        if let Some(entry) = self.writes.get_mut(&slot) {
            entry.1 = value;
            return Ok(());
        }
        let before = self.store.tree(tree).get(key)?.map(|v| v.to_vec());
        self.writes.insert(slot, (before, value));
        Ok(())
    }

    /// Every (key, value) under `prefix` as it will be.
    fn scan(&self, tree: u8, prefix: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut out: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        for item in self.store.tree(tree).scan_prefix(prefix) {
            let (k, v) = item?;
            out.insert(k.to_vec(), Some(v.to_vec()));
        }
        for ((t, k), (_, after)) in self.writes.range((tree, prefix.to_vec())..) {
            if *t != tree || !k.starts_with(prefix) {
                break;
            }
            out.insert(k.clone(), after.clone());
        }
        Ok(out.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
    }
}
