//! Reading articles: files and JSON Lines batches in, `Article`s out.
//!
//! A `.txt` or `.md` file is one article whose id is the file name without its extension; a
//! `.jsonl` file (or `-`, standard input) is a batch, one article per line. Directories are
//! walked recursively in name order. A bad file or line never stops the walk: it becomes an
//! `Item::Failed` naming the file (and line) and saying why, and reading goes on.
//! This module never extracts and never touches the store.

mod jsonl;
mod text;

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Articles larger than this are refused unless the caller raises the limit.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 16 * 1024 * 1024;

/// One news article, whatever it was read from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub date: String,
    pub source: String,
    pub text: String,
}

/// What reading produced: an article, or a failure to report and count.
#[derive(Debug)]
pub enum Item {
    Article {
        article: Article,
        /// `path` or `path:line`, for messages.
        origin: String,
        /// Invalid UTF-8 decoded lossily, a bad date.
        warnings: Vec<Warning>,
    },
    Failed {
        origin: String,
        reason: String,
    },
}

/// Reading options.
#[derive(Clone, Debug)]
pub struct Options {
    pub max_article_bytes: usize,
    /// The date (normalised) of articles that carry none (`kg ingest --date`).
    pub default_date: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES, default_date: None }
    }
}

/// Something to tell the user about an article that still goes in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// `path`, `path:line` of a JSON Lines record, or `path:line` inside a file's front matter.
    pub origin: String,
    pub message: String,
}

/// Reads an article's date field: a valid date is normalised; a missing one is the default
/// date if any; a bad one is a warning and leaves the article undated, never dated "today".
fn article_date(raw: &str, origin: &str, options: &Options, warnings: &mut Vec<Warning>) -> String {
    if raw.trim().is_empty() {
        return options.default_date.clone().unwrap_or_default();
    }
    match crate::graph::date::parse(raw) {
        Ok(date) => date,
        Err(reason) => {
            warnings.push(Warning {
                origin: origin.to_string(),
                message: format!("{reason}; the article goes in undated"),
            });
            String::new()
        }
    }
}

/// Reads every article under `path` (a file, a directory, or `-` for standard input) and
/// hands each to `sink` as soon as it is read, so a large batch streams.
pub fn read_path(path: &Path, options: &Options, sink: &mut dyn FnMut(Item)) {
    if path == Path::new("-") {
        let stdin = std::io::stdin();
        jsonl::read(stdin.lock(), "<stdin>", options, sink);
        return;
    }
    let mut visited = HashSet::new();
    walk(path, true, options, &mut visited, sink);
}

/// Reads a JSON Lines batch (a request body), naming it `origin` in messages.
pub fn read_jsonl(input: impl std::io::BufRead, origin: &str, options: &Options, sink: &mut dyn FnMut(Item)) {
    jsonl::read(input, origin, options, sink);
}

fn walk(path: &Path, explicit: bool, options: &Options, visited: &mut HashSet<PathBuf>, sink: &mut dyn FnMut(Item)) {
    let origin = path.display().to_string();
    let fail = |sink: &mut dyn FnMut(Item), reason: String| sink(Item::Failed { origin: origin.clone(), reason });
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return fail(sink, describe_io(&e)),
    };
    if meta.is_dir() {
        // A symlink loop would walk forever: visit each real directory once.
        match std::fs::canonicalize(path) {
            Ok(real) => {
                if !visited.insert(real) {
                    return fail(sink, "directory already visited (symlink loop?), skipped".into());
                }
            }
            Err(e) => return fail(sink, describe_io(&e)),
        }
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => return fail(sink, describe_io(&e)),
        };
        let mut children: Vec<PathBuf> = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => children.push(entry.path()),
                Err(e) => fail(sink, describe_io(&e)),
            }
        }
        children.sort();
        for child in children {
            walk(&child, false, options, visited, sink);
        }
        return;
    }
    // A FIFO would block the read for ever and a device (/dev/zero) never ends: only regular
    // files are articles, whatever a link points at.
    if !meta.is_file() {
        return fail(sink, "not a regular file (a device, FIFO or socket), skipped".into());
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match ext.as_str() {
        "jsonl" | "ndjson" => match std::fs::File::open(path) {
            Ok(file) => jsonl::read(std::io::BufReader::new(file), &origin, options, sink),
            Err(e) => fail(sink, describe_io(&e)),
        },
        "txt" | "md" | "markdown" => {
            if meta.len() > options.max_article_bytes as u64 {
                return fail(
                    sink,
                    format!(
                        "article is {} bytes, over the limit of {} (see --max-article-bytes)",
                        meta.len(),
                        options.max_article_bytes
                    ),
                );
            }
            // The limit holds on the bytes read, not only on the size the file claims.
            let mut bytes = Vec::new();
            let limit = options.max_article_bytes as u64 + 1;
            if let Err(e) = std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes)) {
                return fail(sink, describe_io(&e));
            }
            if bytes.len() > options.max_article_bytes {
                return fail(
                    sink,
                    format!(
                        "article is over the limit of {} bytes (see --max-article-bytes)",
                        options.max_article_bytes
                    ),
                );
            }
            let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            sink(text::read(&bytes, id, ext == "txt", &origin, options));
        }
        // Inside a directory, other files (images, notes) are simply not articles.
        _ if !explicit => {}
        _ => fail(sink, "not an article file (expected .txt, .md or .jsonl)".into()),
    }
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Decodes article bytes: binary data is refused, invalid UTF-8 is decoded lossily with a
/// warning (a stray Latin-1 byte should not cost the user a whole article).
fn decode(bytes: &[u8]) -> Result<(String, Option<String>), String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("binary file (contains NUL bytes), skipped".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_string(), None)),
        Err(e) => Ok((
            String::from_utf8_lossy(bytes).into_owned(),
            Some(format!("invalid UTF-8 at byte {}, decoded with replacement characters", e.valid_up_to())),
        )),
    }
}
