//! Reading articles: files and JSON Lines batches in, `Article`s out.
//!
//! A `.txt`, `.md`, `.html` (`.htm`, `.xhtml`) or `.pdf` file is one article whose id is the
//! file name without its extension; a `.jsonl` file (or `-`, standard input) is a batch, one
//! article per line. Directories are walked recursively in name order. A bad file or line
//! never stops the walk: it becomes an `Item::Failed` naming the file (and line) and saying
//! why, and reading goes on. A file in a directory that is no article (an image, a `.docx`,
//! a hidden file such as `.DS_Store`) is an `Item::Skipped`, so that the summary can name it:
//! nothing passes silently. So is a hidden directory (`.git`) and the `NAME_files` folder a
//! browser saves beside a page, each counted once and not walked. This module never extracts and never touches the store.

mod html;
mod jsonl;
mod pdf;
mod text;

pub use pdf::NO_TEXT as PDF_NO_TEXT;

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
    /// Where the article was published (JSON Lines `url`, front matter `url:`, an HTML
    /// page's canonical URL), empty when unknown.
    pub url: String,
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
    /// A file met in a directory that is not an article; `kind` says what it is (`.png`,
    /// `hidden file`, `no extension`).
    Skipped {
        origin: String,
        kind: String,
    },
    /// A file read but not yet decoded (a page or a PDF, whose parsing costs milliseconds):
    /// `Item::decode` makes it an `Article` or a `Failed`, on whichever thread calls it, so
    /// that the pipeline parses on its extraction workers, not on the one reader thread.
    Unread(Unread),
}

/// The bytes of one article file, and how to decode them.
#[derive(Debug)]
pub struct Unread {
    bytes: Vec<u8>,
    id: String,
    origin: String,
    options: Options,
    reader: fn(&[u8], String, &str, &Options) -> Item,
}

impl Item {
    /// The item, its file decoded if it was `Unread`.
    pub fn decode(self) -> Item {
        match self {
            Item::Unread(u) => (u.reader)(&u.bytes, u.id, &u.origin, &u.options),
            item => item,
        }
    }
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

/// A title for an article that gives none: its first line, when it is short and does not end
/// as a sentence does (a headline, not the first sentence of the story).
fn title_from_text(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .filter(|l| l.len() <= 200 && !l.ends_with(['.', '"', '\u{201d}']))
        .unwrap_or("")
        .to_string()
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
        for child in &children {
            if let Some(kind) = not_articles(child, &children) {
                sink(Item::Skipped { origin: child.display().to_string(), kind: kind.into() });
                continue;
            }
            walk(child, false, options, visited, sink);
        }
        return;
    }
    // A FIFO would block the read for ever and a device (/dev/zero) never ends: only regular
    // files are articles, whatever a link points at.
    if !meta.is_file() {
        return fail(sink, "not a regular file (a device, FIFO or socket), skipped".into());
    }
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let reader: fn(&[u8], String, &str, &Options) -> Item = match ext.as_str() {
        "jsonl" | "ndjson" => {
            return match std::fs::File::open(path) {
                Ok(file) => jsonl::read(std::io::BufReader::new(file), &origin, options, sink),
                Err(e) => fail(sink, describe_io(&e)),
            }
        }
        // Hidden files (`.DS_Store`, editors' `.swp`) are counted as skipped, never read.
        _ if hidden && !explicit => return sink(Item::Skipped { origin: origin.clone(), kind: "hidden file".into() }),
        "txt" => |b, id, o, opts| text::read(b, id, true, o, opts),
        "md" | "markdown" => |b, id, o, opts| text::read(b, id, false, o, opts),
        "html" | "htm" | "xhtml" => html::read,
        "pdf" => pdf::read,
        // Inside a directory, other files (images, notes) are not articles: counted and named
        // in the summary.
        _ if !explicit => {
            let kind = if ext.is_empty() { "no extension".to_string() } else { format!(".{ext}") };
            return sink(Item::Skipped { origin: origin.clone(), kind });
        }
        _ => return fail(sink, "not an article file (expected .txt, .md, .html, .pdf or .jsonl)".into()),
    };
    // A PDF holds images and fonts besides its text: the limit is on the text it gives, and
    // the file may be larger.
    let limit = if ext == "pdf" {
        options.max_article_bytes.saturating_mul(PDF_SIZE_FACTOR)
    } else {
        options.max_article_bytes
    };
    let what = if ext == "pdf" { "PDF file" } else { "article" };
    if meta.len() > limit as u64 {
        return fail(
            sink,
            format!("{what} is {} bytes, over the limit of {limit} (see --max-article-bytes)", meta.len()),
        );
    }
    // The limit holds on the bytes read, not only on the size the file claims.
    let mut bytes = Vec::new();
    if let Err(e) = std::fs::File::open(path).and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes)) {
        return fail(sink, describe_io(&e));
    }
    if bytes.len() > limit {
        return fail(sink, format!("{what} is over the limit of {limit} bytes (see --max-article-bytes)"));
    }
    let id = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    sink(Item::Unread(Unread { bytes, id, origin: origin.clone(), options: options.clone(), reader }));
}

/// Whether a directory met in a walk holds no articles, and what it is: a hidden one (`.git`),
/// or the `NAME_files` folder a browser saves beside `NAME.html` (its pictures, scripts, and
/// its ads' and embeds' frames as `.html` files that must not become articles).
fn not_articles(child: &Path, siblings: &[PathBuf]) -> Option<&'static str> {
    let name = child.file_name()?.to_str()?;
    if !child.is_dir() {
        return None;
    }
    if name.starts_with('.') {
        return Some("hidden directory");
    }
    let page = name.strip_suffix("_files")?;
    let saved =
        ["html", "htm", "xhtml"].iter().any(|ext| siblings.contains(&child.with_file_name(format!("{page}.{ext}"))));
    saved.then_some("a saved page's files")
}

/// How much larger than the article limit a PDF file may be.
const PDF_SIZE_FACTOR: usize = 8;

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
