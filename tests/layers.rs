//! The module import graph of `src/` has no cycle: arrows run one way, faces (`cli`,
//! `serve`) over the core (`ops`, `view`, `error`) over the engine (`store`, `query`,
//! `extract`, ...). See: issue 24 (`cli/{backup,check,correct,remote}` and `serve/client`
//! imported each other, and `serve` built `cli::Failure`). Also the other invariants of
//! ARCHITECTURE.md a reader of the source can check: neither face imports the other, only
//! `store` names sled, no Rust file of `src/` is over 700 lines.
//!
//! A module is a top-level file or folder of `src/`; inside `cli/` and `serve/` each file or
//! folder is one of its own (`cli::correct`, `serve::api`), so that a circle between two
//! faces' parts shows. A parent naming its own children (`cli/mod.rs` dispatching to
//! `cli::correct`) is how Rust nests modules, not an arrow: only `crate::` and `super::`
//! paths count, the ones a child uses to reach up or across.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Folders whose files are modules of their own here.
const SPLIT: &[&str] = &["cli", "serve"];

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's module path: `src/cli/correct.rs` → [cli, correct]; `mod.rs` is its folder.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The node an absolute module path belongs to.
fn node(path: &[String], src: &Path) -> Option<String> {
    let top = path.first()?;
    // `crate::Error` and `crate::Result` are `error`'s, re-exported by lib.rs.
    if matches!(top.as_str(), "Error" | "Result") {
        return Some("error".into());
    }
    if !src.join(format!("{top}.rs")).exists() && !src.join(top).is_dir() {
        return None;
    }
    match path.get(1) {
        Some(sub) if SPLIT.contains(&top.as_str()) && is_module(&src.join(top), sub) => Some(format!("{top}::{sub}")),
        _ => Some(top.clone()),
    }
}

fn is_module(dir: &Path, name: &str) -> bool {
    dir.join(format!("{name}.rs")).exists() || dir.join(name).join("mod.rs").exists()
}

/// Every path a file names through `crate::` or `super::`, made absolute: `use` trees
/// (`crate::{a, b::c}`) are expanded to their first two segments.
fn paths_named(text: &str, here: &[String]) -> Vec<Vec<String>> {
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect();
    // Bytes, not chars: the paths are ASCII, and comments and strings may not be.
    let bytes = code.as_bytes();
    let at = |j: usize, s: &str| bytes.get(j..).is_some_and(|b| b.starts_with(s.as_bytes()));
    let word = |j: usize| -> String {
        bytes[j..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').map(|&c| char::from(c)).collect()
    };
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word =
            i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b':');
        let (mut base, mut j) = if starts_word && at(i, "crate::") {
            (Vec::new(), i + "crate::".len())
        } else if starts_word && at(i, "super::") {
            let mut base = here.to_vec();
            let mut j = i;
            while at(j, "super::") {
                base.pop();
                j += "super::".len();
            }
            (base, j)
        } else {
            i += 1;
            continue;
        };
        // Segments up to a brace group or the end of the path.
        loop {
            let seg = word(j);
            if seg.is_empty() {
                break;
            }
            j += seg.len();
            base.push(seg);
            if at(j, "::") && base.len() < 2 {
                j += 2;
            } else {
                break;
            }
        }
        if at(j, "{") {
            let end = bytes[j..].iter().position(|&c| c == b'}').map_or(bytes.len(), |e| j + e);
            let group = String::from_utf8_lossy(&bytes[j + 1..end]).into_owned();
            for item in group.split(',') {
                let first: Vec<String> = item.trim().split("::").take(2).map(|s| s.trim().to_string()).collect();
                if first.first().is_some_and(|f| !f.is_empty() && f != "self") {
                    found.push(base.iter().cloned().chain(first).collect());
                }
            }
            j = end;
        }
        if !base.is_empty() {
            found.push(base);
        }
        i = j.max(i + 1);
    }
    found
}

/// The module graph of the crate at `src`.
fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut g = Graph::new();
    for file in files {
        let here = module_path(src, &file);
        let Some(from) = node(&here, src) else { continue };
        let text = std::fs::read_to_string(&file).expect("read");
        for path in paths_named(&text, &here) {
            let Some(to) = node(&path, src) else { continue };
            // Within one node, or a parent reaching its own child: not an arrow.
            if to != from && !to.starts_with(&format!("{from}::")) {
                g.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    g
}

/// A cycle, if the graph has one, as the nodes around it (the first repeated at the end).
fn cycle(g: &Graph) -> Option<Vec<String>> {
    fn visit(n: &str, g: &Graph, stack: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut found = stack[at..].to_vec();
            found.push(n.to_string());
            return Some(found);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for next in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, g, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    g.keys().find_map(|n| visit(n, g, &mut Vec::new(), &mut done))
}

#[test]
fn the_module_import_graph_has_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let g = graph(&src);
    // The reader sees the arrows it must: otherwise no cycle would be found either.
    for (from, to) in [("cli::correct", "ops"), ("serve::api", "ops"), ("ops", "store"), ("cli::correct", "cli")] {
        assert!(g.get(from).is_some_and(|t| t.contains(to)), "{from} → {to} not read; the graph: {g:#?}");
    }
    if let Some(c) = cycle(&g) {
        panic!("the module imports go round in a circle: {}\nthe graph: {g:#?}", c.join(" → "));
    }
}

#[test]
fn a_circle_between_two_faces_parts_is_found() {
    let here = |p: &str| p.split("::").map(String::from).collect::<Vec<_>>();
    let named = paths_named(
        "use super::{Format, remote::Remote};\nuse crate::{ops::Client, serve::client};\n// crate::graph in a comment\n",
        &here("cli::correct"),
    );
    assert!(named.contains(&here("cli::remote::Remote")), "{named:?}");
    assert!(named.contains(&here("serve::client")), "{named:?}");
    assert!(!named.iter().any(|p| p.first().is_some_and(|f| f == "graph")), "{named:?}");
    let mut g = Graph::new();
    for (a, b) in [("cli::remote", "serve::client"), ("serve::client", "cli::remote"), ("cli::remote", "ops")] {
        g.entry(a.into()).or_default().insert(b.into());
    }
    assert_eq!(cycle(&g).map(|c| c.join(" → ")).as_deref(), Some("cli::remote → serve::client → cli::remote"));
    g.remove("serve::client");
    assert_eq!(cycle(&g), None);
}

/// The arrows from one face to the other (`cli` and `serve`, or their parts), as `a → b`.
fn face_crossings(g: &Graph) -> Vec<String> {
    let face = |n: &str| ["cli", "serve"].into_iter().find(|f| n == *f || n.starts_with(&format!("{f}::")));
    g.iter()
        .flat_map(|(from, tos)| tos.iter().map(move |to| (from, to)))
        .filter(|(from, to)| face(from).is_some_and(|a| face(to).is_some_and(|b| a != b)))
        .map(|(from, to)| format!("{from} → {to}"))
        .collect()
}

#[test]
fn neither_face_imports_the_other() {
    // `kg serve`'s flags are parsed by cli::serve and handed to serve::run by main.rs,
    // which is no module here (see cli::Serve).
    let g = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let crossings = face_crossings(&g);
    assert!(crossings.is_empty(), "a face imports the other: {crossings:?}\nthe graph: {g:#?}");
}

#[test]
fn an_arrow_between_the_faces_is_found() {
    let mut g = Graph::new();
    for (a, b) in
        [("cli::serve", "serve"), ("serve::api", "ops"), ("cli::correct", "cli"), ("serve::gate", "serve::guard")]
    {
        g.entry(a.into()).or_default().insert(b.into());
    }
    assert_eq!(face_crossings(&g), vec!["cli::serve → serve".to_string()]);
}

/// The engine: what the faces reach only through the core (`ops`, `view`).
const ENGINE: &[&str] = &["pipeline", "ingest", "extract", "facts", "store", "query", "export"];

/// The arrows from a face's modules (`face` and its parts) to any of `to`, as `a → b`.
fn arrows_from(g: &Graph, face: &str, to: &[&str]) -> Vec<String> {
    g.iter()
        .filter(|(from, _)| *from == face || from.starts_with(&format!("{face}::")))
        .flat_map(|(from, tos)| tos.iter().filter(|t| to.contains(&t.as_str())).map(move |t| format!("{from} → {t}")))
        .collect()
}

#[test]
fn the_cli_reaches_the_engine_only_through_the_core() {
    // Issue 24: kg ingest, extract, import and export were the last commands that ran the
    // pipeline, the store or an exporter themselves; they are operations of ops/ now.
    let g = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    // The reader sees the CLI's arrows to the core: otherwise it would see none to the engine.
    for (from, to) in [("cli::ingest", "ops"), ("cli::export", "ops"), ("cli::query", "view")] {
        assert!(g.get(from).is_some_and(|t| t.contains(to)), "{from} → {to} not read; the graph: {g:#?}");
    }
    let reached = arrows_from(&g, "cli", ENGINE);
    assert!(reached.is_empty(), "the CLI reaches the engine past ops and view: {reached:?}");
}

#[test]
fn the_server_ingests_through_ops_not_the_pipeline() {
    // POST /api/ingest runs ops::ingest::Batch, the code kg ingest runs; the server still
    // opens the store it holds and loads its lexicon (ARCHITECTURE.md, known exceptions).
    let g = graph(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(g.get("serve::api").is_some_and(|t| t.contains("ops")), "serve::api → ops not read; the graph: {g:#?}");
    let reached = arrows_from(&g, "serve", &["pipeline", "ingest", "facts"]);
    assert!(reached.is_empty(), "the server runs the pipeline itself: {reached:?}");
}

/// The files under `src` outside `src/store/` whose code (comments aside) names sled.
fn sled_outside_the_store(src: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files
        .into_iter()
        .filter(|f| !f.starts_with(src.join("store")))
        .filter(|f| {
            let text = std::fs::read_to_string(f).expect("read");
            text.lines().filter(|l| !l.trim_start().starts_with("//")).any(names_sled)
        })
        .collect()
}

/// Whether a line of code names the sled crate: `sled::...`, `use sled`, `extern crate sled`.
fn names_sled(line: &str) -> bool {
    line.match_indices("sled").any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let starts_word = !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '.');
        let rest = &line[i + "sled".len()..];
        starts_word
            && (rest.starts_with("::") || line[..i].trim_end().ends_with("use") || line[..i].ends_with("crate "))
    })
}

#[test]
fn only_the_store_touches_sled() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // The reader sees the store's own uses: otherwise it would see none elsewhere either.
    assert!(std::fs::read_to_string(src.join("store/mod.rs")).expect("read").lines().any(names_sled));
    let outside = sled_outside_the_store(&src);
    assert!(outside.is_empty(), "sled named outside src/store/ (only the store touches sled): {outside:?}");
    assert!(
        names_sled("use sled::Tree;") && names_sled("    let t: sled::Tree = x;") && names_sled("extern crate sled;")
    );
    assert!(!names_sled("default_value = \"kg.sled\",") && !names_sled("let sled_cache = 1;"));
}

#[test]
fn no_rust_file_in_src_is_over_700_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).expect("read").lines().count()))
        .filter(|(_, n)| *n > 700)
        .map(|(f, n)| format!("{} ({n} lines)", f.display()))
        .collect();
    assert!(long.is_empty(), "split these by job (ARCHITECTURE.md): {long:?}");
}
