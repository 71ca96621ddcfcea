//! `kg check` against the corrections log (issue 25): a graph that disagrees with a
//! correction fails the check (exit 1), naming the correction, what it says and what the
//! graph shows instead, and `kg corrections list` never calls it in effect; a session of
//! every correction, re-ingests and `--reextract` ends with `kg check` saying ok.
use crate::util::Kg;

#[test]
fn a_graph_that_disagrees_with_a_rename_fails_the_check_with_the_correction_and_what_the_graph_shows() {
    let kg = Kg::new();
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo on Monday.");
    kg.ingest(&[&kg.path("a.txt")]);
    kg.run(&["rename", "Anja Holt", "Anja P. Holt", "--note", "full name"]).expect(0);
    kg.run(&["check"]).expect(0);
    // A write that bypasses the log: the entity gets its old name back.
    {
        let db = sled::open(kg.db()).unwrap();
        let entities = db.open_tree("entities").unwrap();
        let key = 1u64.to_be_bytes();
        let mut record: kg::store::codec::EntityRecord =
            kg::store::codec::decode(&entities.get(key).unwrap().unwrap()).unwrap();
        assert_eq!(record.name, "Anja P. Holt");
        record.name = "Anja Holt".into();
        entities.insert(key, kg::store::codec::encode(&record)).unwrap();
        db.flush().unwrap();
    }
    let run = kg.run(&["check"]).expect(1);
    assert!(
        run.stdout.contains(r#"correction 1 (renames Anja Holt (e1) to "Anja P. Holt"): e1 is called "Anja Holt""#),
        "{}",
        run.stdout
    );
    let json = kg.run(&["check", "--format", "json"]).expect(1).json();
    assert_eq!(json["ok"], false);
    let list = kg.run(&["corrections", "list"]).expect(0).stdout;
    assert!(list.contains(r#"does not hold: e1 is called "Anja Holt""#), "{list}");
    assert!(!list.contains("in effect"), "{list}");
    let json = kg.run(&["corrections", "list", "--format", "json"]).expect(0).json();
    assert_eq!(json["corrections"][0]["in_effect"], false, "{json}");
    assert_eq!(json["corrections"][0]["fails"], r#"e1 is called "Anja Holt""#, "{json}");
}

#[test]
fn a_session_of_every_correction_with_reingests_and_a_reextract_ends_with_kg_check_ok() {
    let kg = Kg::new();
    kg.write("in/a.txt", "Anja Holt met Tomas Rivera in Oslo on Monday.");
    kg.write("in/b.txt", "Erik Sand met Tomas Rivera in Riga. Peru called for a ceasefire in the north.");
    kg.write("in/c.txt", "Jon Sandvik met Carla Mendes in Bern. The Nordic Council demanded a ceasefire in the north.");
    kg.write("in/d.txt", "Johan Sandvik met Ivo Marek in Bern. Carla Mendes was there.");
    kg.run(&["--quiet", "ingest", "in"]).expect(0);
    for args in [
        &["rename", "Anja Holt", "Anja P. Holt"][..],
        &["rename", "ceasefire in the north", "northern ceasefire"],
        &["rename", "Riga", "Riga City"],
        &["retype", "Nordic Council", "place"],
        &["retype", "Tomas Rivera", "organization"],
        &["merge", "Johan Sandvik", "Jon Sandvik"],
        &["merge", "Oslo", "Bern"],
        &["unmerge", "Johan Sandvik", "Jon Sandvik"],
        &["reject", "Erik Sand", "met-with", "Tomas Rivera"],
        &["assert", "Ivo Marek", "aide-of", "Anja P. Holt", "--note", "an invented staff list", "--date", "2025-03-05"],
        &["rename", "Anja P. Holt", "Anja Holt-Berg"],
    ] {
        kg.run(args).expect(0);
    }
    kg.run(&["check"]).expect(0);
    // Another version of one article, then every article read again.
    kg.write("in/b.txt", "Tomas Rivera met Erik Sand in Riga on Friday. Peru demanded a ceasefire in the north.");
    kg.run(&["--quiet", "ingest", "in"]).expect(0);
    kg.run(&["check"]).expect(0);
    kg.run(&["--quiet", "ingest", "--reextract", "in"]).expect(0);
    let run = kg.run(&["check"]).expect(0);
    assert!(run.stdout.ends_with(": ok\n"), "{}", run.stdout);
    // Every entry holds, or a later one took its place.
    let json = kg.run(&["corrections", "list", "--format", "json"]).expect(0).json();
    let effects: Vec<String> = json["corrections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| match (c["in_effect"].as_bool(), c["superseded_by"].as_u64()) {
            (Some(true), _) => "in effect".to_string(),
            (_, Some(by)) => format!("superseded by {by}"),
            _ => format!("{c}"),
        })
        .collect();
    let mut expected = vec!["in effect".to_string(); 11];
    expected[0] = "superseded by 11".into();
    assert_eq!(effects, expected);
    // What the log says, as the graph shows it.
    let entities = kg.run(&["entities", "--format", "json"]).expect(0).json();
    let of = |name: &str| {
        entities["entities"].as_array().unwrap().iter().find(|e| e["name"] == name).cloned().unwrap_or_default()
    };
    for (name, kind) in [
        ("Anja Holt-Berg", "person"),
        ("northern ceasefire", "concept"),
        ("Riga City", "place"),
        ("Nordic Council", "place"),
        ("Tomas Rivera", "organization"),
        ("Jon Sandvik", "person"),
        ("Oslo", "place"),
    ] {
        assert_eq!(of(name)["type"], kind, "{name}: {entities}");
    }
    assert!(of("Bern").is_null() && of("Anja Holt").is_null() && of("Riga").is_null(), "{entities}");
    let oslo = kg.run(&["show", "Bern", "--format", "json"]).expect(0).json();
    assert_eq!(oslo["name"], "Oslo");
}
