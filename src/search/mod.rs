//! Full-text search of the articles (tantivy): the index in `<store>/search/`, fed at ingest,
//! asked by `kg search` and `GET /api/search`.
//!
//! The store keeps only a hash of each article's text, so the text lives here (stored, for the
//! snippets). One document per article, keyed by its id: adding an article first deletes any
//! document with its id, so a re-ingest or a replaced article never leaves two. Each document
//! also carries a `version` term (id and content hash): whether the index holds an article as
//! the store does is one term lookup, which is how an ingest repairs an index that misses an
//! unchanged article and how `kg check` counts the missing ones.
//!
//! Crash safety comes from the order of commits, kept by the ingest: the index commits a batch
//! before the store does, and `kg forget` removes from the store before the index. So the
//! index always holds at least what the store does; hits the store does not hold (or holds
//! with another hash) are dropped by the reader (`view::search`).
//!
//! Only one kg process opens a store (`kg.lock`), so tantivy's writer lock is never contended
//! by another process; within one (`kg serve`), writes take the server's writer lock first.

mod sentences;

use crate::graph::date::{span, Period};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The index's directory inside the store directory (sled ignores directories it did not make).
pub const DIR: &str = "search";

/// The writer's memory budget: tantivy flushes a segment when it is used up. Modest, as an
/// ingest also holds sled's cache and the extraction workers' data.
const WRITER_BYTES: usize = 50 << 20;

/// Decompressed blocks of stored text a reader keeps (per segment): tantivy's default of 100
/// was 6 MB in blocks of 64 KB, and would be 50 MB in the blocks of 512 KB `settings` makes.
const DOCSTORE_CACHE_BLOCKS: usize = 12;

/// Characters of the snippet shown for each hit.
const SNIPPET_CHARS: usize = 200;

/// Characters of a sentence shown whole; a longer one is cut around its matches.
const SENTENCE_CHARS: usize = 600;

/// Why the index could not answer or be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The query does not parse, or is empty: the user's to fix.
    #[error("{0}")]
    Query(String),
    #[error("search index {path}: {message}")]
    Index { path: String, message: String },
}

/// One article to index.
#[derive(Clone, Debug, Default)]
pub struct Doc<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Normalised (`graph::date`), empty when undated.
    pub date: &'a str,
    pub url: Option<&'a str>,
    pub text: &'a str,
    /// The store's content hash of the article.
    pub hash: [u8; 32],
    /// `text` is not the article's text but what stands for it (a facts record's evidence
    /// sentences): `holds` says no, so that ingesting the article itself indexes its text.
    pub partial: bool,
}

/// A text with the spans that matched the query: character offsets, end excluded.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Marked {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// One article found.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub date: String,
    pub url: Option<String>,
    /// BM25, title and text together.
    pub score: f32,
    /// The content hash the article was indexed with, hex.
    pub hash: String,
    /// The passage of the text with the most of the query's terms.
    pub snippet: Marked,
    /// The article's sentences with the most of the query's terms, best first (at most two).
    pub sentences: Vec<Marked>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    version: Field,
    title: Field,
    text: Field,
    date: Field,
    url: Field,
    first: Field,
    last: Field,
}

/// The search index of one store.
pub struct SearchIndex {
    path: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Queries parse the title and the text; the title weighs more.
    parser: QueryParser,
    /// The open writer, kept between the batches of one ingest (`close_writer` ends it).
    writer: Mutex<Option<IndexWriter>>,
    /// Whether anything was staged since the last commit: committing nothing costs a write.
    staged: AtomicBool,
}

/// How a new index stores the texts, the largest part of the index: zstd at level 6 in
/// blocks of 512 KB. Against zstd 3 in 64 KB blocks, the stored text of 10k synthetic
/// articles took 5.2 MB instead of 7.7 MB (news repeats itself across articles more than
/// within one, and a bigger block sees more of it), at no measurable ingest cost; a hit's
/// snippet decompresses one block (10 hits: 80-89 ms for the whole `kg search` at 100k
/// articles, against 69-80 ms before). An existing index keeps the settings it was made with.
fn settings() -> tantivy::IndexSettings {
    use tantivy::store::{Compressor, ZstdCompressor};
    tantivy::IndexSettings {
        docstore_compression: Compressor::Zstd(ZstdCompressor { compression_level: Some(6) }),
        docstore_blocksize: 512 << 10,
        ..tantivy::IndexSettings::default()
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // English stemming: "meetings" finds "meeting"; phrases still need their words in order.
    let words = TextFieldIndexing::default()
        .set_tokenizer("en_stem")
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = TextOptions::default().set_indexing_options(words).set_stored();
    let day = NumericOptions::default().set_indexed().set_fast();
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        version: b.add_text_field("version", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        text: b.add_text_field("text", text),
        date: b.add_text_field("date", STORED),
        url: b.add_text_field("url", STORED),
        first: b.add_i64_field("first_day", day.clone()),
        last: b.add_i64_field("last_day", day),
    };
    (b.build(), fields)
}

fn hex(hash: &[u8; 32]) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn version(id: &str, hash: &str, partial: bool) -> String {
    if partial {
        format!("{hash}:{id}:partial")
    } else {
        format!("{hash}:{id}")
    }
}

impl SearchIndex {
    /// Opens the index of the store at `store_dir`, creating it (empty) if there is none: an
    /// older store gets one at its first use.
    ///
    /// # Errors
    /// The directory cannot be made or read, or holds something that is not this index.
    pub fn open(store_dir: &Path) -> Result<SearchIndex, Error> {
        let path = store_dir.join(DIR);
        let fail =
            |e: &dyn std::fmt::Display| Error::Index { path: path.display().to_string(), message: e.to_string() };
        std::fs::create_dir_all(&path).map_err(|e| fail(&e))?;
        let (schema, fields) = schema();
        let dir = tantivy::directory::MmapDirectory::open(&path).map_err(|e| fail(&e))?;
        let index = Index::builder().schema(schema).settings(settings()).open_or_create(dir).map_err(|e| fail(&e))?;
        // Reloaded by hand after each commit of this process: the only writer is this one.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOCSTORE_CACHE_BLOCKS)
            .try_into()
            .map_err(|e| fail(&e))?;
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.text]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, 2.0);
        Ok(SearchIndex {
            path,
            index,
            reader,
            fields,
            parser,
            writer: Mutex::new(None),
            staged: AtomicBool::new(false),
        })
    }

    fn fail(&self, e: &dyn std::fmt::Display) -> Error {
        // Tantivy's writer threads die with a message of their own when the disk fills ("an
        // index writer was killed"): say what the store says then, and what to do.
        let message = if disk_full(&self.path) {
            let full = std::io::Error::from_raw_os_error(libc::ENOSPC);
            format!("{full}: free disk space and run the command again (what was committed is kept)")
        } else {
            e.to_string()
        };
        Error::Index { path: self.path.display().to_string(), message }
    }

    /// The index's directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Indexes articles, replacing any document with the same id, and commits.
    ///
    /// # Errors
    /// Writing the index failed.
    pub fn add(&self, docs: &[Doc<'_>]) -> Result<(), Error> {
        for doc in docs {
            self.stage(doc)?;
        }
        self.commit()
    }

    /// Removes the articles with these ids, and commits. Call it after the store forgot them:
    /// a crash between the two leaves documents the reader drops.
    ///
    /// # Errors
    /// Writing the index failed.
    pub fn remove(&self, ids: &[&str]) -> Result<(), Error> {
        self.with_writer(|w, f| {
            for id in ids {
                w.delete_term(Term::from_field_text(f.id, id));
            }
            self.staged.store(true, Ordering::Relaxed);
            Ok(())
        })?;
        self.commit()
    }

    /// Adds one article to the writer, not yet committed (`commit`): an ingest stages a batch
    /// and commits it before the store commits the same batch.
    ///
    /// # Errors
    /// The writer could not be opened or took no document.
    pub fn stage(&self, doc: &Doc<'_>) -> Result<(), Error> {
        self.with_writer(|w, f| {
            w.delete_term(Term::from_field_text(f.id, doc.id));
            let mut d = TantivyDocument::default();
            let hash = hex(&doc.hash);
            d.add_text(f.id, doc.id);
            d.add_text(f.version, version(doc.id, &hash, doc.partial));
            d.add_text(f.title, doc.title);
            d.add_text(f.text, doc.text);
            d.add_text(f.date, doc.date);
            if let Some(url) = doc.url {
                d.add_text(f.url, url);
            }
            if let Some((first, last)) = span(doc.date) {
                d.add_i64(f.first, i64::from(first));
                d.add_i64(f.last, i64::from(last));
            }
            self.staged.store(true, Ordering::Relaxed);
            w.add_document(d).map(|_| ())
        })
    }

    /// Commits what was staged, if anything, and lets searches see it.
    ///
    /// # Errors
    /// Writing the index failed.
    pub fn commit(&self) -> Result<(), Error> {
        let mut slot = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !self.staged.swap(false, Ordering::Relaxed) {
            return Ok(());
        }
        if let Some(w) = slot.as_mut() {
            w.commit().map_err(|e| self.fail(&e))?;
            self.reader.reload().map_err(|e| self.fail(&e))?;
        }
        Ok(())
    }

    /// Closes the writer (after a commit, or dropping what was staged), releasing its threads
    /// and memory, and waits for its merges.
    pub fn close_writer(&self) {
        let taken = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        self.staged.store(false, Ordering::Relaxed);
        if let Some(w) = taken {
            // What was staged and not committed is dropped with the writer.
            let _ = w.wait_merging_threads();
        }
    }

    fn with_writer<T>(&self, act: impl FnOnce(&IndexWriter, Fields) -> tantivy::Result<T>) -> Result<T, Error> {
        let mut slot = self.writer.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.is_none() {
            // One indexing thread: ingest's extraction workers have the other cores.
            *slot = Some(self.index.writer_with_num_threads(1, WRITER_BYTES).map_err(|e| self.fail(&e))?);
        }
        let w = slot.as_ref().ok_or_else(|| self.fail(&"no writer"))?;
        act(w, self.fields).map_err(|e| self.fail(&e))
    }

    /// Whether the index holds this article with this content hash (committed), by its text;
    /// with `partial`, by what stood for it too.
    ///
    /// # Errors
    /// Reading the index failed.
    pub fn holds(&self, id: &str, hash: &[u8; 32], partial: bool) -> Result<bool, Error> {
        let hash = hex(hash);
        let searcher = self.reader.searcher();
        for version in [version(id, &hash, false), version(id, &hash, true)].iter().take(1 + usize::from(partial)) {
            let term = Term::from_field_text(self.fields.version, version);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            if searcher.search(&query, &Count).map_err(|e| self.fail(&e))? > 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// How many articles the index holds (the reader drops those the store does not).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` articles for `query` (tantivy's query language: words, `"a phrase"`,
    /// `-word`, `a OR b`; every word must appear by default), dated within `period` unless it
    /// is the whole time, best first.
    ///
    /// # Errors
    /// `Query` for an empty query or one that does not parse; reading the index failed.
    pub fn search(&self, query: &str, period: &Period, limit: usize) -> Result<Vec<Hit>, Error> {
        if query.trim().is_empty() {
            return Err(Error::Query("the query is empty: give words to search, or a \"phrase\"".into()));
        }
        let parsed = self.parser.parse_query(query).map_err(|e| {
            Error::Query(format!(
                "query {query:?} does not parse ({e}): use words, \"a phrase\", -word, a OR b; quote other punctuation"
            ))
        })?;
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, parsed.box_clone())];
        let day = |field: Field, d: i32| Term::from_field_i64(field, i64::from(d));
        // Filters: boosted to nothing, so that a period does not change the scores.
        let filter = |lower, upper| -> (Occur, Box<dyn Query>) {
            (Occur::Must, Box::new(BoostQuery::new(Box::new(RangeQuery::new(lower, upper)), 0.0)))
        };
        if let Some(s) = period.since {
            clauses.push(filter(Bound::Included(day(f.first, s)), Bound::Unbounded));
        }
        if let Some(u) = period.until {
            clauses.push(filter(Bound::Unbounded, Bound::Included(day(f.last, u))));
        }
        let full = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top =
            searcher.search(&full, &TopDocs::with_limit(limit.max(1)).order_by_score()).map_err(|e| self.fail(&e))?;
        let mut snippets = SnippetGenerator::create(&searcher, &*parsed, f.text).map_err(|e| self.fail(&e))?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut whole = SnippetGenerator::create(&searcher, &*parsed, f.text).map_err(|e| self.fail(&e))?;
        whole.set_max_num_chars(SENTENCE_CHARS);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| self.fail(&e))?;
            let get = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let text = get(f.text);
            let id = get(f.id);
            let hash = doc
                .get_all(f.version)
                .next()
                .and_then(|v| v.as_str())
                .and_then(|v| v.split_once(':'))
                .map(|(h, _)| h.to_string())
                .unwrap_or_default();
            hits.push(Hit {
                snippet: marked(&snippets.snippet(&text)),
                sentences: sentences::best(&whole, &text, 2),
                title: get(f.title),
                date: get(f.date),
                url: Some(get(f.url)).filter(|u| !u.is_empty()),
                id,
                score,
                hash,
            });
        }
        Ok(hits)
    }

    /// Copies the index's files into `dest_store/search` (a backup). Call it with no writer
    /// committing meanwhile (the server's writer lock held): the files then do not change.
    ///
    /// # Errors
    /// Reading or writing a file failed.
    pub fn copy_to(&self, dest_store: &Path) -> Result<(), Error> {
        let dest = dest_store.join(DIR);
        std::fs::create_dir_all(&dest).map_err(|e| self.fail(&e))?;
        for entry in std::fs::read_dir(&self.path).map_err(|e| self.fail(&e))? {
            let entry = entry.map_err(|e| self.fail(&e))?;
            let name = entry.file_name();
            // The lock files belong to this process's writer.
            if name.to_string_lossy().ends_with(".lock") || !entry.path().is_file() {
                continue;
            }
            std::fs::copy(entry.path(), dest.join(&name)).map_err(|e| self.fail(&e))?;
        }
        Ok(())
    }
}

/// A snippet as text and character ranges.
fn marked(s: &tantivy::snippet::Snippet) -> Marked {
    let text = s.fragment();
    let chars = |byte: usize| text[..byte].chars().count();
    Marked {
        text: text.to_string(),
        highlights: s.highlighted().iter().map(|r| [chars(r.start), chars(r.end)]).collect(),
    }
}

#[cfg(test)]
mod tests;

/// Whether the file system holding `path` has no room left (statvfs: no block free to an
/// unprivileged writer).
fn disk_full(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    // SAFETY: statvfs writes into the struct it is given and reads a NUL-terminated path.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::statvfs(c.as_ptr(), &mut st) };
    rc == 0 && st.f_bavail.saturating_mul(st.f_frsize) < 64 * 1024
}
