//! Golden files: what each reading command and each export format prints for the sample
//! articles (`data/articles`), compared byte for byte with `tests/golden/<case>`, so that any
//! change of output is a diff someone reviews. `KG_UPDATE_GOLDEN=1` rewrites the files instead
//! of comparing (see `tests/golden/README.md`).
//!
//! A few things in the output are not kg's to fix: the temporary store's path, the store's size
//! on disk (sled's page layout) and the wall-clock time a correction was made. `normalise_*`
//! below replace exactly those, and nothing else, with fixed placeholders.
use crate::util::{Kg, Run};
use std::path::{Path, PathBuf};

/// A store holding the sample articles.
fn sample() -> Kg {
    let kg = Kg::new();
    kg.ingest(&[&sample_articles()]);
    kg
}

fn sample_articles() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn updating() -> bool {
    std::env::var_os("KG_UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

/// Compares `actual` with the golden file `case` (a path under `tests/golden/`), or rewrites
/// the file when `KG_UPDATE_GOLDEN=1`. A mismatch names the first line that differs.
fn golden(case: &str, actual: &str) {
    let path = golden_dir().join(case);
    if updating() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create tests/golden");
        }
        std::fs::write(&path, actual).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "golden file {} cannot be read ({e}); to create it, run\n  KG_UPDATE_GOLDEN=1 cargo test --test tests golden\n\
             and review it before committing. The output was:\n{actual}",
            path.display()
        )
    });
    if expected != actual {
        panic!("{} differs from the output:\n{}", path.display(), first_difference(&expected, actual));
    }
}

/// Where two texts part: the line number and both lines, or which one ends first.
fn first_difference(expected: &str, actual: &str) -> String {
    let hint = "if the change is intended, run KG_UPDATE_GOLDEN=1 cargo test --test tests golden and review \
                `git diff tests/golden`";
    let (mut want, mut got) = (expected.split_inclusive('\n'), actual.split_inclusive('\n'));
    let mut line = 1;
    loop {
        match (want.next(), got.next()) {
            (Some(w), Some(g)) if w == g => line += 1,
            (Some(w), Some(g)) => {
                return format!("first difference at line {line}:\n  golden: {w:?}\n  output: {g:?}\n{hint}")
            }
            (Some(w), None) => {
                return format!(
                    "the output ends before line {line}, which the golden file has:\n  golden: {w:?}\n{hint}"
                )
            }
            (None, Some(g)) => {
                return format!("the output has more lines than the golden file; line {line}:\n  output: {g:?}\n{hint}")
            }
            // Equal line by line, so only what `split_inclusive` hides is left (it cannot be).
            (None, None) => return format!("the texts differ, but not line by line\n{hint}"),
        }
    }
}

/// Runs a reading command on the store, expecting `code`, and returns its standard output.
fn stdout(kg: &Kg, args: &[&str], code: i32) -> String {
    let run: Run = kg.run(args).expect(code);
    run.stdout
}

/// The temporary store's path, which changes every run, as `<store>`.
fn normalise_store_path(text: &str, kg: &Kg) -> String {
    text.replace(&kg.db().display().to_string(), "<store>")
}

/// `stats` ends with the store's size on disk: how sled lays out its pages and when it last
/// flushed, not what was ingested. The number goes; the line stays.
fn normalise_store_size(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| if l.starts_with("store size") { "store size      <size>\n" } else { l })
        .collect()
}

/// Corrections carry the UTC time they were made (`2026-12-07T02:37:59Z`): each becomes
/// `0000-00-00T00:00:00Z`, of the same width, so that table columns stay aligned.
fn normalise_times(text: &str) -> String {
    const SHAPE: &[u8] = b"dddd-dd-ddTdd:dd:ddZ";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let is_time = bytes.len() - i >= SHAPE.len()
            && SHAPE.iter().zip(&bytes[i..]).all(|(s, b)| if *s == b'd' { b.is_ascii_digit() } else { s == b });
        if is_time {
            out.push_str("0000-00-00T00:00:00Z");
            i += SHAPE.len();
        } else {
            // Advance one whole character, so multi-byte text is copied intact.
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

#[test]
fn ingest_summary_of_the_sample_articles_matches_its_golden_file() {
    let kg = Kg::new();
    let run = kg.ingest(&[&sample_articles()]);
    golden("ingest.txt", &normalise_store_path(&run.stdout, &kg));
}

#[test]
fn stats_table_matches_its_golden_file() {
    let kg = sample();
    golden("stats.txt", &normalise_store_size(&stdout(&kg, &["stats"], 0)));
}

#[test]
fn stats_table_for_march_2025_matches_its_golden_file() {
    let kg = sample();
    let out = stdout(&kg, &["stats", "--since", "2025-03", "--until", "2025-03"], 0);
    golden("stats-march-2025.txt", &normalise_store_size(&out));
}

#[test]
fn entities_table_matches_its_golden_file() {
    let kg = sample();
    golden("entities.txt", &stdout(&kg, &["entities"], 0));
}

#[test]
fn entities_table_of_people_in_march_2025_matches_its_golden_file() {
    let kg = sample();
    let out = stdout(&kg, &["entities", "--type", "person", "--since", "2025-03", "--until", "2025-03"], 0);
    golden("entities-person-march-2025.txt", &out);
}

#[test]
fn articles_table_matches_its_golden_file() {
    let kg = sample();
    golden("articles.txt", &stdout(&kg, &["articles"], 0));
}

#[test]
fn neighbors_of_donald_trump_at_depth_two_match_their_golden_file() {
    let kg = sample();
    golden(
        "query-neighbors-trump-depth-2.txt",
        &stdout(&kg, &["query", "neighbors", "Donald Trump", "--depth", "2"], 0),
    );
}

#[test]
fn shortest_path_from_kellogg_to_rubio_matches_its_golden_file() {
    let kg = sample();
    golden("query-path-kellogg-rubio.txt", &stdout(&kg, &["query", "path", "Keith Kellogg", "Marco Rubio"], 0));
}

#[test]
fn every_path_from_kellogg_to_rubio_matches_its_golden_file() {
    let kg = sample();
    let out = stdout(&kg, &["query", "path", "Keith Kellogg", "Marco Rubio", "--all", "--max-depth", "5"], 0);
    golden("query-path-all-kellogg-rubio.txt", &out);
}

#[test]
fn no_path_between_von_der_leyen_and_hamas_matches_its_golden_file() {
    let kg = sample();
    golden("query-path-none.txt", &stdout(&kg, &["query", "path", "Ursula von der Leyen", "Hamas"], 1));
}

#[test]
fn show_andriy_yermak_matches_its_golden_file() {
    let kg = sample();
    golden("show-yermak.txt", &stdout(&kg, &["show", "Andriy Yermak"], 0));
}

#[test]
fn timeline_of_donald_trump_matches_its_golden_file() {
    let kg = sample();
    golden("timeline-trump.txt", &stdout(&kg, &["timeline", "Donald Trump"], 0));
}

#[test]
fn check_of_the_sample_store_matches_its_golden_file() {
    let kg = sample();
    golden("check.txt", &stdout(&kg, &["check"], 0));
}

#[test]
fn corrections_list_of_a_store_without_corrections_matches_its_golden_file() {
    let kg = sample();
    golden("corrections-list-empty.txt", &stdout(&kg, &["corrections", "list"], 0));
}

#[test]
fn corrections_list_and_log_match_their_golden_files_once_times_are_normalised() {
    let kg = sample();
    kg.run(&["reject", "Steve Witkoff", "envoy-of", "Donald Trump"]).expect(0);
    kg.run(&["assert", "Marco Rubio", "met-with", "Steve Witkoff", "--note", "same delegation"]).expect(0);
    golden("corrections-list.txt", &normalise_times(&stdout(&kg, &["corrections", "list"], 0)));
    let log = kg.path("log.jsonl");
    kg.run(&["corrections", "export", log.to_str().expect("utf-8 path")]).expect(0);
    let text = std::fs::read_to_string(&log).expect("read the exported log");
    golden("corrections-export.jsonl", &normalise_times(&text));
}

#[test]
fn json_export_matches_its_golden_file() {
    let kg = sample();
    let out = stdout(&kg, &["export", "--format", "json"], 0);
    // Also what the JSON export contract promises: it parses, and every relation's ends exist.
    let v: serde_json::Value = serde_json::from_str(&out).expect("the JSON export parses");
    let ids: Vec<&str> = v["entities"].as_array().expect("entities").iter().filter_map(|e| e["id"].as_str()).collect();
    for r in v["relations"].as_array().expect("relations") {
        assert!(ids.contains(&r["source"].as_str().unwrap_or("")) && ids.contains(&r["target"].as_str().unwrap_or("")));
    }
    golden("export.json", &out);
}

#[test]
fn dot_export_matches_its_golden_file() {
    let kg = sample();
    golden("export.dot", &stdout(&kg, &["export", "--format", "dot"], 0));
}

#[test]
fn dot_export_around_steve_witkoff_matches_its_golden_file() {
    let kg = sample();
    let out = stdout(&kg, &["export", "--format", "dot", "--around", "Steve Witkoff", "--depth", "2"], 0);
    golden("export-around-witkoff.dot", &out);
}

#[test]
fn graphml_export_matches_its_golden_file() {
    let kg = sample();
    golden("export.graphml", &stdout(&kg, &["export", "--format", "graphml"], 0));
}

#[test]
fn ntriples_export_matches_its_golden_file() {
    let kg = sample();
    golden("export.nt", &stdout(&kg, &["export", "--format", "ntriples"], 0));
}

/// Exports that write a directory: one golden file per file written, and no other file. The
/// `.kg-export` marker, which lets a later export replace the directory, is output too.
fn golden_directory(format: &str, files: &[&str]) {
    let kg = sample();
    let dir = kg.path(format);
    kg.run(&["export", "--format", format, "--output", dir.to_str().expect("utf-8 path")]).expect(0);
    let mut written: Vec<String> = std::fs::read_dir(&dir)
        .expect("read the export directory")
        .map(|e| e.expect("directory entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, files, "files written by --format {format}");
    for file in files {
        let text = std::fs::read_to_string(dir.join(file)).expect("read an exported file");
        golden(&format!("export-{format}/{file}"), &text);
    }
}

#[test]
fn csv_export_files_match_their_golden_files() {
    golden_directory("csv", &[".kg-export", "edges.csv", "nodes.csv"]);
}

#[test]
fn neo4j_export_files_match_their_golden_files() {
    golden_directory("neo4j", &[".kg-export", "README.md", "nodes.csv", "relationships.csv"]);
}

#[test]
fn timestamps_are_normalised_to_a_placeholder_of_the_same_width() {
    assert_eq!(
        normalise_times("1  2026-12-07T02:37:59Z  reject  Zoë\n\"date\":\"2025-01-02T03:04:05Z\""),
        "1  0000-00-00T00:00:00Z  reject  Zoë\n\"date\":\"0000-00-00T00:00:00Z\""
    );
    // A date alone is an article's date, part of the output: kept.
    assert_eq!(normalise_times("2025-03-10  kyiv-envoy-visit"), "2025-03-10  kyiv-envoy-visit");
}

#[test]
fn a_golden_mismatch_names_the_first_differing_line() {
    let d = first_difference("a\nb\nc\n", "a\nB\nc\n");
    assert!(d.contains("line 2") && d.contains("\"b\\n\"") && d.contains("\"B\\n\""), "{d}");
    assert!(first_difference("a\nb\n", "a\n").contains("ends before line 2"));
    assert!(first_difference("a\n", "a\nb\n").contains("more lines"));
    assert!(first_difference("a\n", "a").contains("line 1"));
}
