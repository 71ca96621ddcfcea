//! `rebuild`: a new store from a JSON export (`kg import FILE`), so that export → import →
//! export gives the same graph. The export is read twice, streamed: checked whole first
//! (nothing is written for a bad one), then written in batches; the store is built beside
//! its place and renamed into it once complete. Memory holds one batch, not the graph.

use super::Client;
use crate::error::{Error, Result};
use crate::graph::{EntityId, EntityKind, RelationKind};
use crate::store::copy::{ImportEntity, ImportEvidence, ImportRelation, Importer, IMPORT_BATCH, IMPORT_BATCH_LINKS};
use crate::store::correct::{Correction, Line, Op};
use crate::store::ArticleMeta;
use crate::store::Store;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Rebuild the store from the export in `file` (`-`: standard input).
#[derive(Clone, Debug)]
pub struct Rebuild {
    pub file: PathBuf,
    /// Extra lexicon files: the spellings entities are found by besides their aliases
    /// (`variants.tsv`) are not in an export, and come from the lexicon again.
    pub lexicon: Option<PathBuf>,
}

/// What was imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rebuilt {
    pub entities: usize,
    pub relations: usize,
}

#[derive(Deserialize)]
struct EntityDto {
    id: String,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    /// How many articles wrote each alias (exports before it: one each).
    #[serde(default)]
    alias_articles: Vec<AliasDto>,
    #[serde(default)]
    articles: Vec<String>,
}

#[derive(Deserialize)]
struct AliasDto {
    alias: String,
    articles: u32,
}

#[derive(Deserialize)]
struct RelationDto {
    source: String,
    target: String,
    relation: String,
    #[serde(default)]
    evidence: Vec<EvidenceDto>,
}

#[derive(Deserialize)]
struct EvidenceDto {
    article: String,
    #[serde(default)]
    date: Option<String>,
    sentence: String,
    #[serde(default)]
    pattern: String,
    #[serde(default)]
    confidence: Option<f32>,
    #[serde(default)]
    event_date: Option<String>,
    #[serde(default)]
    venue: Option<String>,
}

#[derive(Deserialize)]
struct ArticleDto {
    id: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    url: String,
}

fn bad(message: String) -> Error {
    Error::Usage(message)
}

impl Rebuild {
    /// Builds the store the client names, which must be new or empty and not held by a
    /// server.
    ///
    /// # Errors
    /// A store that exists, or is held by a server; an export that is not one (each
    /// problem named with its JSON path); a store that cannot be written.
    pub fn run(&self, client: &Client) -> Result<Rebuilt> {
        // A store held by a server is not new.
        client.refuse_if_served("import")?;
        let (a, db) = (self, client.db);
        let lex = crate::extract::Lexicon::load(a.lexicon.as_deref()).map_err(|e| bad(format!("lexicon: {e}")))?;
        if db.exists() && std::fs::read_dir(db).map(|mut d| d.next().is_some()).unwrap_or(true) {
            return Err(bad(format!(
                "{} already exists and is not empty: kg import builds a new store (choose a new --db)",
                db.display()
            )));
        }
        // Two passes over the export (check everything, then write) need a file: standard input
        // is spooled beside the new store first.
        let spool = if a.file.as_os_str() == "-" { Some(Spool::new(db)?) } else { None };
        let file = spool.as_ref().map_or(a.file.clone(), |s| s.path.clone());
        let shown = if spool.is_some() { "<stdin>".to_string() } else { a.file.display().to_string() };
        let open = || -> Result<std::io::BufReader<std::fs::File>> {
            let f = std::fs::File::open(&file).map_err(|e| bad(format!("reading {shown}: {e}")))?;
            Ok(std::io::BufReader::new(f))
        };
        let (n_entities, n_relations) =
            check(open()?).map_err(|e| bad(format!("{shown}: {e}; nothing was imported")))?;
        // Built beside --db and renamed into place once complete: a killed import leaves either
        // no store or the whole one. Memory holds one batch, not the graph.
        crate::atomic::build_dir(db, |tmp| -> Result<()> {
            let writer = std::cell::RefCell::new(BatchWriter {
                importer: Importer::create(tmp).map_err(|e| bad(e.to_string()))?,
                lex: &lex,
                entities: Vec::with_capacity(IMPORT_BATCH),
                relations: Vec::with_capacity(IMPORT_BATCH),
                entity_links: 0,
                relation_links: 0,
            });
            let mut corrections = Vec::new();
            stream(
                open()?,
                &mut |_, e| writer.borrow_mut().entity(e).map_err(|e| e.to_string()),
                &mut |_, r| writer.borrow_mut().relation(r).map_err(|e| e.to_string()),
                &mut |_, a| writer.borrow_mut().importer.article(&article(a)).map_err(|e| e.to_string()),
                &mut |_, c| {
                    corrections.push(c);
                    Ok(())
                },
            )
            .map_err(|e| bad(format!("{shown}: {e}")))?;
            let store = writer.into_inner().finish()?;
            keep_corrections(&store, corrections)?;
            // As after an ingest: the next command then opens the store without replaying the import.
            store.close_and_snapshot()?;
            Ok(())
        })?;
        Ok(Rebuilt { entities: n_entities, relations: n_relations })
    }
}

/// Standard input copied to a file beside the new store, removed when done.
struct Spool {
    path: PathBuf,
}

impl Spool {
    fn new(db: &Path) -> Result<Spool> {
        let name = db.file_name().map_or_else(|| "kg".into(), |n| n.to_string_lossy().into_owned());
        let parent = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let spool = Spool { path: parent.join(format!(".{name}.kg-spool-{}", std::process::id())) };
        let mut file =
            std::fs::File::create(&spool.path).map_err(|e| bad(format!("creating {}: {e}", spool.path.display())))?;
        std::io::copy(&mut std::io::stdin().lock(), &mut file)
            .map_err(|e| bad(format!("reading standard input: {e}")))?;
        Ok(spool)
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Buffers entities and relations into batches for the importer.
struct BatchWriter<'l> {
    importer: Importer,
    lex: &'l crate::extract::Lexicon,
    entities: Vec<ImportEntity>,
    relations: Vec<ImportRelation>,
    /// Article links in the pending batches: the entities' articles, the relations' evidence.
    entity_links: usize,
    relation_links: usize,
}

impl BatchWriter<'_> {
    fn entity(&mut self, e: EntityDto) -> Result<()> {
        let e = entity(e, self.lex).map_err(bad)?;
        self.entity_links += e.articles.len();
        self.entities.push(e);
        if self.entities.len() >= IMPORT_BATCH || self.entity_links >= IMPORT_BATCH_LINKS {
            self.importer.entities(&self.entities)?;
            self.entities.clear();
            self.entity_links = 0;
        }
        Ok(())
    }

    fn relation(&mut self, r: RelationDto) -> Result<()> {
        let r = relation(r).map_err(bad)?;
        self.relation_links += r.evidence.len();
        self.relations.push(r);
        if self.relations.len() >= IMPORT_BATCH || self.relation_links >= IMPORT_BATCH_LINKS {
            self.importer.relations(&self.relations)?;
            self.relations.clear();
            self.relation_links = 0;
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Store> {
        self.importer.entities(&self.entities)?;
        self.importer.relations(&self.relations)?;
        Ok(self.importer.finish()?)
    }
}

/// An exported entity as the importer takes it: each alias with how many articles wrote it,
/// and the other spellings of its forms that find it (`extract::spellings`).
fn entity(e: EntityDto, lex: &crate::extract::Lexicon) -> Result<ImportEntity, String> {
    let kind = e.kind.parse::<EntityKind>()?;
    let written: Vec<String> = std::iter::once(&e.name).chain(&e.aliases).cloned().collect();
    let keys = crate::extract::spellings(kind, &written, lex);
    let count = |alias: &String| e.alias_articles.iter().find(|a| a.alias == *alias).map_or(1, |a| a.articles);
    Ok(ImportEntity {
        id: e.id.parse::<EntityId>()?,
        kind,
        aliases: e.aliases.iter().map(|a| (a.clone(), count(a))).collect(),
        keys,
        name: e.name,
        articles: e.articles,
    })
}

fn relation(r: RelationDto) -> Result<ImportRelation, String> {
    let mut evidence = Vec::with_capacity(r.evidence.len());
    for e in r.evidence {
        let event_date = match e.event_date {
            Some(d) => crate::graph::date::parse(&d).map_err(|reason| format!("event_date {d:?}: {reason}"))?,
            None => String::new(),
        };
        evidence.push(ImportEvidence {
            date: e.date.unwrap_or_default(),
            article: e.article,
            sentence: e.sentence,
            pattern: e.pattern,
            confidence: e.confidence.unwrap_or(1.0),
            event_date,
            venue: e.venue.map(|v| v.parse::<EntityId>()).transpose()?,
        });
    }
    Ok(ImportRelation {
        source: r.source.parse()?,
        target: r.target.parse()?,
        kind: r.relation.parse::<RelationKind>()?,
        evidence,
    })
}

fn article(a: ArticleDto) -> ArticleMeta {
    ArticleMeta { id: a.id, title: a.title, date: a.date.unwrap_or_default(), source: a.source, url: a.url }
}

/// Reads an export's entities, relations and articles one at a time (`{"entities": [...],
/// "relations": [...], "articles": [...]}`, other keys ignored), handing each with its index to a callback; a callback's error
/// stops the reading and is returned as it is, a syntax error as "not a kg JSON export".
fn stream(
    reader: impl std::io::Read,
    on_entity: &mut dyn FnMut(usize, EntityDto) -> Result<(), String>,
    on_relation: &mut dyn FnMut(usize, RelationDto) -> Result<(), String>,
    on_article: &mut dyn FnMut(usize, ArticleDto) -> Result<(), String>,
    on_correction: &mut dyn FnMut(usize, Line) -> Result<(), String>,
) -> Result<(), String> {
    let mut stopped: Option<String> = None;
    let mut de = serde_json::Deserializer::from_reader(reader);
    let visitor =
        ExportVisitor { on_entity, on_relation, on_article, on_correction, stopped: &mut stopped, seen: false };
    let result = serde::Deserializer::deserialize_map(&mut de, visitor).and_then(|()| de.end());
    match (result, stopped) {
        (_, Some(reason)) => Err(reason),
        (Err(e), None) => Err(format!("not a kg JSON export: {e}")),
        (Ok(()), None) => Ok(()),
    }
}

struct ExportVisitor<'a> {
    on_entity: &'a mut dyn FnMut(usize, EntityDto) -> Result<(), String>,
    on_relation: &'a mut dyn FnMut(usize, RelationDto) -> Result<(), String>,
    on_article: &'a mut dyn FnMut(usize, ArticleDto) -> Result<(), String>,
    on_correction: &'a mut dyn FnMut(usize, Line) -> Result<(), String>,
    stopped: &'a mut Option<String>,
    seen: bool,
}

impl<'de> serde::de::Visitor<'de> for ExportVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object with \"entities\" and \"relations\" arrays")
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(mut self, mut map: M) -> Result<(), M::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "entities" => {
                    map.next_value_seed(Elements { each: &mut *self.on_entity, stopped: &mut *self.stopped })?;
                }
                "relations" => {
                    map.next_value_seed(Elements { each: &mut *self.on_relation, stopped: &mut *self.stopped })?;
                }
                "articles" => {
                    map.next_value_seed(Elements { each: &mut *self.on_article, stopped: &mut *self.stopped })?;
                    continue;
                }
                "corrections" => {
                    map.next_value_seed(Elements { each: &mut *self.on_correction, stopped: &mut *self.stopped })?;
                    continue;
                }
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    continue;
                }
            }
            self.seen = true;
        }
        if !self.seen {
            return Err(serde::de::Error::custom("no \"entities\" or \"relations\""));
        }
        Ok(())
    }
}

/// One array of an export, element by element.
struct Elements<'a, T> {
    each: &'a mut dyn FnMut(usize, T) -> Result<(), String>,
    stopped: &'a mut Option<String>,
}

impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for Elements<'_, T> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Elements<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<S: serde::de::SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut i = 0;
        while let Some(item) = seq.next_element::<T>()? {
            if let Err(reason) = (self.each)(i, item) {
                *self.stopped = Some(reason);
                return Err(serde::de::Error::custom("stopped"));
            }
            i += 1;
        }
        Ok(())
    }
}

/// The log entry a correction line stands for (without ids or writes).
fn correction_op(l: &Line) -> Result<Correction, String> {
    let none = u8::MAX;
    let (op, relation) = match l.op.as_str() {
        "reject" => (Op::Reject { article: l.article.clone() }, l.relation.parse::<RelationKind>()?.code()),
        "assert" => (crate::store::correct::assert_op(l)?, l.relation.parse::<RelationKind>()?.code()),
        "merge" => (Op::Merge, none),
        "rename" => (Op::Rename { name: l.target.clone() }, none),
        "retype" => (Op::Retype { kind: l.target.parse::<EntityKind>()?.code() }, none),
        "unmerge" => (Op::Unmerge { form: l.target.clone() }, none),
        "dismiss" => (Op::Dismiss, none),
        other => return Err(format!("unknown op {other:?}")),
    };
    Ok(Correction {
        date: l.date.clone(),
        note: l.note.clone(),
        op,
        source: l.source.clone(),
        relation,
        target: l.target.clone(),
        ids: None,
        writes: Vec::new(),
        counts: Default::default(),
        imported: true,
    })
}

/// Keeps the exported log in the new store, its entities resolved by name there. Its effect
/// is already in the imported graph: the entries carry no writes and cannot be undone.
fn keep_corrections(store: &Store, lines: Vec<Line>) -> Result<()> {
    // Each entry names entities as they were named when it was written. What the names
    // stand for now follows the later entries, read backwards from the end of the log:
    // `now` maps a name to the one its entity has now, through later renames and merges (a
    // name renamed or merged away may be another's alias since, and find that one instead);
    // `renamed` through later renames only, and `merged` holds the names later merges took
    // away: a rename or retype of an entity that a later merge took in no longer names
    // anything (in the exporting store its id is gone), and must not pin the kept entity,
    // which now answers to the name.
    let mut now: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut renamed: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut merged: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut kept = Vec::with_capacity(lines.len());
    for l in lines.iter().rev() {
        let mut c = correction_op(l).map_err(bad)?;
        let follow = |map: &std::collections::HashMap<String, String>, name: &str| {
            map.get(name).cloned().unwrap_or_else(|| name.to_string())
        };
        let id = |name: &str| crate::query::find::find(store, &follow(&now, name)).ok().map(|e| e.id.0);
        let gone = |name: &str| merged.contains(&follow(&renamed, name));
        c.ids = match c.op {
            // A merged entity is gone: the kept one stands for both ends.
            Op::Merge => id(&l.source).map(|k| (k, u64::MAX)),
            Op::Rename { .. } | Op::Retype { .. } if gone(if l.op == "rename" { &l.target } else { &l.source }) => {
                Some((u64::MAX, u64::MAX))
            }
            Op::Rename { .. } => id(&l.target).map(|e| (e, e)),
            Op::Retype { .. } => id(&l.source).map(|e| (e, e)),
            Op::Unmerge { .. } => id(&l.source).zip(id(&l.target)),
            // A symmetric edge's ends in stored order, lower id first, whatever order their
            // names come in (a merge since may have swapped them).
            Op::Dismiss => id(&l.source).zip(id(&l.target)).map(|(a, b)| (a.min(b), a.max(b))),
            _ if c.kind().is_some_and(RelationKind::is_symmetric) => {
                id(&l.source).zip(id(&l.target)).map(|(a, b)| (a.min(b), a.max(b)))
            }
            _ => id(&l.source).zip(id(&l.target)),
        };
        match c.op {
            Op::Rename { .. } => {
                let to = follow(&now, &l.target);
                now.insert(l.source.clone(), to);
                let to = follow(&renamed, &l.target);
                renamed.insert(l.source.clone(), to);
            }
            Op::Merge => {
                let to = follow(&now, &l.source);
                now.insert(l.target.clone(), to);
                merged.insert(l.target.clone());
            }
            _ => {}
        }
        kept.push((l.n, c));
    }
    for (n, c) in kept.iter().rev() {
        store.record_correction(*n, c)?;
    }
    Ok(())
}

/// An article id as a 64-bit hash: the check pass keeps a million of them.
fn hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

/// The largest entity id an import accepts: ids above it would leave no room for the ids the
/// next ingest allocates.
const MAX_ENTITY_ID: u64 = 1 << 52;

/// Checks a whole export before anything is written, reading it once: every problem is
/// named with its JSON path. Holds the ids and relation keys, not the graph. Returns the
/// counts of entities and relations.
fn check(reader: impl std::io::Read) -> Result<(usize, usize), String> {
    let mut ids: std::collections::HashMap<EntityId, usize> = std::collections::HashMap::new();
    let mut pairs: std::collections::HashMap<(EntityId, RelationKind, EntityId), usize> =
        std::collections::HashMap::new();
    let mut on_entity = |i: usize, e: EntityDto| -> Result<(), String> {
        let at = format!("entities[{i}]");
        let id = e.id.parse::<EntityId>().map_err(|m| format!("{at}.id: {m}"))?;
        if id.0 == 0 || id.0 > MAX_ENTITY_ID {
            return Err(format!("{at}.id: {} is out of range (e1 to e{MAX_ENTITY_ID})", e.id));
        }
        if let Some(first) = ids.insert(id, i) {
            return Err(format!("{at}.id: {} is already the id of entities[{first}]", e.id));
        }
        e.kind.parse::<EntityKind>().map_err(|m| format!("{at}.type: {m}"))?;
        let mut articles = std::collections::HashSet::new();
        for (j, article) in e.articles.iter().enumerate() {
            if !articles.insert(article) {
                return Err(format!("{at}.articles[{j}]: article {article:?} is listed twice"));
            }
        }
        Ok(())
    };
    // Each article has one date: its evidence and its entry in "articles" must agree.
    let dates: std::cell::RefCell<std::collections::HashMap<u64, (Box<str>, String)>> = Default::default();
    let date_of = |id: &str, date: &Option<String>, at: String| -> Result<(), String> {
        let date = date.as_deref().unwrap_or("");
        if !date.is_empty() && crate::graph::date::parse(date).as_deref() != Ok(date) {
            return Err(format!("{at}: {date:?} is not a date as kg writes them (YYYY-MM-DD, YYYY-MM or YYYY)"));
        }
        let mut dates = dates.borrow_mut();
        match dates.entry(hash(id)) {
            std::collections::hash_map::Entry::Occupied(first) if &*first.get().0 != date => {
                Err(format!("{at}: article {id:?} is dated {date:?} here but {:?} at {}", first.get().0, first.get().1))
            }
            std::collections::hash_map::Entry::Occupied(_) => Ok(()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((date.into(), at));
                Ok(())
            }
        }
    };
    let mut listed = std::collections::HashMap::new();
    let mut on_article = |i: usize, a: ArticleDto| -> Result<(), String> {
        let at = format!("articles[{i}]");
        if let Some(first) = listed.insert(hash(&a.id), i) {
            return Err(format!("{at}.id: article {:?} is already articles[{first}]", a.id));
        }
        date_of(&a.id, &a.date, format!("{at}.date"))
    };
    let mut on_relation = |i: usize, r: RelationDto| -> Result<(), String> {
        let at = format!("relations[{i}]");
        let source = r.source.parse::<EntityId>().map_err(|m| format!("{at}.source: {m}"))?;
        let target = r.target.parse::<EntityId>().map_err(|m| format!("{at}.target: {m}"))?;
        let kind = r.relation.parse::<RelationKind>().map_err(|m| format!("{at}.relation: {m}"))?;
        if let Some(first) = pairs.insert((source, kind, target), i) {
            return Err(format!("{at}: the same relation as relations[{first}]"));
        }
        if r.evidence.is_empty() {
            return Err(format!("{at}.evidence: a relation needs at least one piece of evidence"));
        }
        for (j, e) in r.evidence.iter().enumerate() {
            let confidence = e.confidence.unwrap_or(1.0);
            if !confidence.is_finite() || !(0.0..=1.0).contains(&confidence) {
                return Err(format!("{at}.evidence[{j}].confidence: {confidence} is not a number from 0 to 1"));
            }
            date_of(&e.article, &e.date, format!("{at}.evidence[{j}].date"))?;
        }
        Ok(())
    };
    let mut on_correction = |i: usize, c: Line| -> Result<(), String> {
        correction_op(&c).map(|_| ()).map_err(|m| format!("corrections[{i}]: {m}"))
    };
    stream(reader, &mut on_entity, &mut on_relation, &mut on_article, &mut on_correction)?;
    // Ends are checked once every entity is known: an export may list relations first.
    let mut dangling: Vec<(usize, &str, EntityId)> = pairs
        .iter()
        .flat_map(|(&(s, _, t), &i)| [(i, "source", s), (i, "target", t)])
        .filter(|(_, _, id)| !ids.contains_key(id))
        .collect();
    dangling.sort();
    if let Some((i, field, id)) = dangling.first() {
        return Err(format!("relations[{i}].{field}: {id} names no entity of the export"));
    }
    Ok((ids.len(), pairs.len()))
}
