//! Stores written by older layouts open and are migrated; newer ones are refused.
//!
//! A test binary of its own, its tests one at a time: they open sled stores inside the test
//! process (to write old layouts and to leave what a kill leaves), and sled's background
//! threads are shared by a process, so no other test's store work runs beside them.

#[allow(dead_code)]
mod util;

use std::sync::{Mutex, MutexGuard, PoisonError};
use util::{fixture, Kg};

/// Held by each test for its whole run.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(PoisonError::into_inner)
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// Writes the raw trees of a fixture into a fresh sled store at `path`.
fn write_fixture(path: &std::path::Path, name: &str) {
    let dump: serde_json::Value = serde_json::from_slice(&std::fs::read(fixture(name)).unwrap()).unwrap();
    let db = sled::open(path).unwrap();
    for (tree, pairs) in dump["trees"].as_object().unwrap() {
        let t = db.open_tree(tree).unwrap();
        for pair in pairs.as_array().unwrap() {
            t.insert(unhex(pair[0].as_str().unwrap()), unhex(pair[1].as_str().unwrap())).unwrap();
        }
    }
    db.flush().unwrap();
}

#[test]
fn schema_1_store_is_migrated_and_finds_names_without_diacritics() {
    let _serial = one_at_a_time();
    let kg = Kg::new();
    write_fixture(&kg.db(), "store-v1.json");
    // Schema 1 keyed names as written: only the new layout finds "erdogan".
    let run = kg.run(&["show", "recep tayyip erdogan"]).expect(0);
    assert!(run.stdout.starts_with("Recep Tayyip Erdoğan"), "{}", run.stdout);
    assert!(run.stdout.contains("Ömer Çelik -[aide-of]-> Recep Tayyip Erdoğan"), "{}", run.stdout);
    let db = sled::open(kg.db()).unwrap();
    let version = db.open_tree("meta").unwrap().get("schema_version").unwrap().unwrap();
    assert_eq!(u32::from_be_bytes(version.as_ref().try_into().unwrap()), 10);
    assert!(!db.tree_names().iter().any(|t| t.as_ref() == b"mentions"), "0003 drops the mentions tree");
    assert!(db.open_tree("names").unwrap().get("omer celik").unwrap().is_some());
    assert!(db.open_tree("meta").unwrap().get("counts").unwrap().is_some(), "0004 keeps the counts in meta");
    assert!(db.open_tree("words").unwrap().get("celik\0omer celik").unwrap().is_some(), "0006 indexes words");
    drop(db);
    // `check` also compares the counts 0004 wrote with the store's contents.
    kg.run(&["check"]).expect(0);
}

#[test]
fn migrated_store_takes_new_articles_and_links_to_old_entities() {
    let _serial = one_at_a_time();
    let kg = Kg::new();
    write_fixture(&kg.db(), "store-v1.json");
    kg.write("new.txt", "Anja Holt met Tomas Rivera in Oslo on Friday.");
    let run = kg.ingest(&[&kg.path("new.txt")]);
    for step in [
        "0002_normalized_names",
        "0003_postings",
        "0004_counts",
        "0005_dated_evidence",
        "0006_word_index",
        "0007_written_forms",
        "0009_posting_buckets",
        "0010_evidence_buckets",
    ] {
        assert!(run.stderr.contains(step), "{step}: {}", run.stderr);
    }
    let json = kg.run(&["show", "Anja Holt", "--format", "json"]).expect(0).json();
    assert_eq!(json["articles"], serde_json::json!(["erdogan-visit", "new"]));
    // 0009: the old article's postings stay one key per entity, the new one's are filed by
    // bucket, and an entity's articles are read from both.
    {
        let db = sled::open(kg.db()).unwrap();
        let meta = db.open_tree("meta").unwrap();
        let first = meta.get("first_bucket_chunk").unwrap().expect("0009 records the first bucket chunk");
        assert!(u32::from_be_bytes(first.as_ref().try_into().unwrap()) > 0);
        assert!(!db.open_tree("postings").unwrap().is_empty());
        assert!(!db.open_tree("posting_buckets").unwrap().is_empty());
        // 0010: the same for evidence: the old article's stays one key per relation and
        // article, the new one's is filed by bucket.
        assert!(!db.open_tree("evidence").unwrap().is_empty());
        assert!(!db.open_tree("evidence_buckets").unwrap().is_empty());
    }
    kg.run(&["check"]).expect(0);
    kg.run(&["forget", "erdogan-visit"]).expect(0);
    let json = kg.run(&["show", "Anja Holt", "--format", "json"]).expect(0).json();
    assert_eq!(json["articles"], serde_json::json!(["new"]));
    kg.run(&["check"]).expect(0);
    // The kept counts went on from the migrated ones: the same as counting the export.
    let stats = kg.run(&["stats", "--format", "json"]).expect(0).json();
    let export = kg.run(&["export", "--format", "json"]).expect(0).json();
    assert_eq!(stats["articles"], 1);
    assert_eq!(stats["entities"]["total"], export["entities"].as_array().unwrap().len());
    assert_eq!(stats["relations"]["total"], export["relations"].as_array().unwrap().len());
}

#[test]
fn store_newer_than_the_binary_is_refused() {
    let _serial = one_at_a_time();
    let kg = Kg::new();
    {
        let db = sled::open(kg.db()).unwrap();
        db.open_tree("meta").unwrap().insert("schema_version", &99u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let run = kg.run(&["stats"]).expect(2);
    assert!(run.stderr.contains("store schema version 99 is newer than this kg supports (10)"), "{}", run.stderr);
    kg.write("a.txt", "Anja Holt met Tomas Rivera.");
    kg.run(&["ingest", kg.path("a.txt").to_str().unwrap()]).expect(2);
}

#[test]
fn a_step_rerun_after_a_kill_before_its_version_was_recorded_changes_nothing() {
    let _serial = one_at_a_time();
    let kg = Kg::new();
    write_fixture(&kg.db(), "store-v1.json");
    kg.run(&["stats"]).expect(0);
    let before = kg.run(&["export"]).expect(0).stdout;
    let chunk = |db: &sled::Db| db.open_tree("meta").unwrap().get("next_posting_chunk").unwrap().unwrap().to_vec();
    // Ingest enough batches to move the posting-chunk counter past what the migration set.
    for i in 0..3 {
        kg.write(&format!("n{i}.txt"), format!("Anja Holt met Tomas Rivera{i} in Oslo on Friday."));
        kg.ingest(&[&kg.path(&format!("n{i}.txt"))]);
    }
    let after_ingest = kg.run(&["export"]).expect(0).stdout;
    assert_ne!(before, after_ingest);
    kg.run(&["check"]).expect(0);
    // What a kill between a step's writes and its version record leaves: the writes done, the
    // version one lower, and the step runs again (0007, 0006, 0003 and 0004; 0002's rerun is
    // only possible before 0003 has rewritten the entities).
    for version in [6u32, 5, 4, 3, 2] {
        let db = sled::open(kg.db()).unwrap();
        let counter = chunk(&db);
        db.open_tree("meta").unwrap().insert("schema_version", &version.to_be_bytes()).unwrap();
        db.flush().unwrap();
        drop(db);
        kg.run(&["check"]).expect(0);
        assert_eq!(kg.run(&["export"]).expect(0).stdout, after_ingest, "rerun from version {version}");
        let db = sled::open(kg.db()).unwrap();
        assert!(chunk(&db) >= counter, "the posting-chunk counter went back from version {version}");
    }
    kg.write("later.txt", "Anja Holt met Erik Sand in Lima on Monday.");
    kg.ingest(&[&kg.path("later.txt")]);
    kg.run(&["check"]).expect(0);
    let json = kg.run(&["show", "Anja Holt", "--format", "json"]).expect(0).json();
    assert_eq!(json["articles"].as_array().unwrap().len(), 5, "{json}");
}

#[test]
fn schema_4_store_is_migrated_and_answers_dated_questions_from_its_article_records() {
    let _serial = one_at_a_time();
    let kg = Kg::new();
    write_fixture(&kg.db(), "store-v4.json");
    let run =
        kg.run(&["query", "neighbors", "Lindqvist", "--since", "2025-03", "--until", "2025-03", "--format", "json"]);
    let run = run.expect(0);
    assert!(run.stderr.contains("0005_dated_evidence"), "{}", run.stderr);
    let json = run.json();
    let rivera = json["neighbors"].as_array().unwrap().iter().find(|n| n["name"] == "Tomas Rivera").unwrap();
    assert_eq!((rivera["articles"].as_u64(), rivera["first_seen"].as_str()), (Some(2), Some("2025-03")));
    kg.run(&["check"]).expect(0);
    // The same answers as a store built at schema 5 from the same articles.
    let fresh = Kg::new();
    fresh.run(&["ingest", fixture("dated").to_str().unwrap()]).expect(0);
    // ...but for the urls that kg keeps since schema 8 (#26), which schema 4 read past, and
    // each meeting's day and place, which come with re-extraction.
    let mut expected = without_meeting_details(fresh.run(&["export"]).expect(0).json());
    drop_urls(&mut expected);
    assert_eq!(kg.run(&["export"]).expect(0).json(), expected);
    let timeline = kg.run(&["timeline", "Lindqvist", "--format", "json"]).expect(0).json();
    assert_eq!(timeline["facts"][0]["date"], "2025-01-14");
}

/// Takes every `url` key out of a JSON value.
fn drop_urls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("url");
            map.values_mut().for_each(drop_urls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_urls),
        _ => {}
    }
}

#[test]
fn schema_5_store_gets_its_word_index_and_suggests_from_it() {
    let _serial = one_at_a_time();
    // See: #23 (suggestions come from an index, not a pass over every name).
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    kg.run(&["merge", "Tomas Rivera", "Anja Holt"]).expect(0);
    // What a schema-5 kg left: the same trees, without the word index.
    {
        let db = sled::open(kg.db()).unwrap();
        for tree in ["words", "ends"] {
            assert!(db.drop_tree(tree).unwrap(), "{tree}");
        }
        db.open_tree("meta").unwrap().insert("schema_version", &5u32.to_be_bytes()).unwrap();
        db.flush().unwrap();
    }
    let run = kg.run(&["show", "Tomas Riviera"]).expect(2);
    assert!(run.stderr.contains("0006_word_index"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean: Tomas Rivera"), "{}", run.stderr);
    // A name merged away before the migration still finds the entity it went to.
    let run = kg.run(&["show", "Anja Hol"]).expect(2);
    assert!(run.stderr.contains("did you mean: Tomas Rivera"), "{}", run.stderr);
    kg.run(&["check"]).expect(0);
}

#[test]
fn schema_6_store_counts_its_old_forms_as_written_until_its_articles_are_read_again() {
    let _serial = one_at_a_time();
    // See: #25 (aliases are what articles wrote).
    let kg = Kg::new();
    write_fixture(&kg.db(), "store-v6.json");
    let run = kg.run(&["show", "Zelenskii", "--format", "json"]).expect(0);
    assert!(run.stderr.contains("0007_written_forms"), "{}", run.stderr);
    // Schema 6 did not tell the spellings extraction generated from those written: all count.
    let json = run.json();
    assert_eq!(json["name"], "Volodymyr Zelensky", "{json}");
    assert_eq!(json["aliases"].as_array().unwrap().len(), 7, "{json}");
    assert_eq!(json["alias_articles"][0], serde_json::json!({"alias": "Volodymyr Zelenskii", "articles": 2}));
    kg.run(&["check"]).expect(0);
    // The rename made at schema 6 is undone: the log's copies of the records it wrote were
    // converted with the records.
    kg.run(&["corrections", "undo", "1"]).expect(0);
    let json = kg.run(&["show", "Zelenskii", "--format", "json"]).expect(0).json();
    assert_eq!(json["name"], "Volodymyr Zelenskyy", "{json}");
    // Read again, the articles say what they wrote; the other spellings still find him.
    kg.run(&["ingest", "--reextract", fixture("spellings").to_str().unwrap()]).expect(0);
    let json = kg.run(&["show", "Zelenskii", "--format", "json"]).expect(0).json();
    assert_eq!(
        json["alias_articles"],
        serde_json::json!([
            {"alias": "Volodymyr Zelenskiy", "articles": 1},
            {"alias": "Volodymyr Zelensky", "articles": 1},
            {"alias": "Zelensky", "articles": 2}
        ]),
        "{json}"
    );
    kg.run(&["check"]).expect(0);
}

/// An export without what only extraction since schema 7 gives: each meeting's day and place.
fn without_meeting_details(mut export: serde_json::Value) -> serde_json::Value {
    for relation in export["relations"].as_array_mut().into_iter().flatten() {
        for evidence in relation["evidence"].as_array_mut().into_iter().flatten() {
            evidence["event_date"] = serde_json::Value::Null;
            evidence["venue"] = serde_json::Value::Null;
        }
    }
    export
}

#[test]
fn schema_7_store_reads_its_articles_without_a_url_and_takes_new_ones_with_theirs() {
    let _serial = one_at_a_time();
    // See: #26 (an article's url is kept).
    let kg = Kg::new();
    write_fixture(&kg.db(), "store-v7.json");
    let run = kg.run(&["articles", "--format", "json"]).expect(0);
    assert!(run.stderr.contains("0008_article_urls"), "{}", run.stderr);
    let json = run.json();
    assert_eq!(
        json["articles"][0],
        serde_json::json!({"id": "lisbon-talks", "date": "2025-03-04", "title": "Talks in Lisbon",
                           "source": "Example Wire", "entities": 4, "relations": 2}),
        "{json}"
    );
    kg.run(&["check"]).expect(0);
    let show = kg.run(&["show", "Anja Holt"]).expect(0).stdout;
    assert!(show.contains("lisbon-talks 2025-03-04 [met-verb]: Portuguese envoy Rui Costa met Anja Holt"), "{show}");
    let line =
        r#"{"id": "oslo-talks", "url": "https://example.org/oslo", "text": "Anja Holt met Pavel Brandt in Oslo."}"#;
    kg.run_with_stdin(&["ingest", "-"], Some(line.as_bytes())).expect(0);
    let json = kg.run(&["articles", "--format", "json"]).expect(0).json();
    let urls: Vec<&str> =
        json["articles"].as_array().unwrap().iter().map(|a| a["url"].as_str().unwrap_or("-")).collect();
    assert_eq!(urls, ["-", "https://example.org/oslo"], "{json}");
    kg.run(&["check"]).expect(0);
}

/// The met-with edge of the fixture's article, as `kg query neighbors` of Anja Holt gives it.
fn erdogan_articles(kg: &Kg) -> u64 {
    let json = kg.run(&["query", "neighbors", "Anja Holt", "--format", "json"]).expect(0).json();
    let found = json["neighbors"].as_array().unwrap().iter().find(|n| n["relation"] == "met-with");
    found.map_or(0, |n| n["articles"].as_u64().unwrap())
}

#[test]
fn a_relation_reads_evidence_of_both_layouts_and_corrections_take_out_either() {
    let _serial = one_at_a_time();
    let kg = Kg::new();
    write_fixture(&kg.db(), "store-v1.json");
    // The migrated article's evidence is one key of `evidence`; this one's is filed by bucket.
    kg.write("again.txt", "President Recep Tayyip Erdoğan met Anja Holt in Ankara on Monday.");
    kg.ingest(&[&kg.path("again.txt")]);
    assert_eq!(erdogan_articles(&kg), 2);
    let show = kg.run(&["show", "Anja Holt"]).expect(0).stdout;
    assert!(show.contains("met Anja Holt in Ankara on Monday") && show.contains("received Anja Holt"), "{show}");
    kg.run(&["check"]).expect(0);
    // Rejected in the new article only: its bucket entry is hidden, the old key stays.
    kg.run(&["reject", "Anja Holt", "met-with", "Erdoğan", "--article", "again"]).expect(0);
    assert_eq!(erdogan_articles(&kg), 1);
    kg.run(&["check"]).expect(0);
    kg.run(&["corrections", "undo", "1"]).expect(0);
    assert_eq!(erdogan_articles(&kg), 2);
    kg.run(&["check"]).expect(0);
    // Rejected everywhere, then given again by a changed article: it stays out.
    kg.run(&["reject", "Anja Holt", "met-with", "Erdoğan"]).expect(0);
    assert_eq!(erdogan_articles(&kg), 0);
    kg.write("again.txt", "President Recep Tayyip Erdoğan met Anja Holt in Ankara on Tuesday.");
    kg.ingest(&[&kg.path("again.txt")]);
    assert_eq!(erdogan_articles(&kg), 0);
    kg.run(&["check"]).expect(0);
    // Forgetting the new article takes its entry out of its chunk.
    kg.run(&["forget", "again"]).expect(0);
    kg.run(&["check"]).expect(0);
}
