use crate::util::{fixture, Kg};

#[test]
fn show_prints_aliases_articles_and_evidence_with_patterns() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let run = kg.run(&["show", "Rivera"]).expect(0);
    assert!(run.stdout.contains("Tomas Rivera (e"), "{}", run.stdout);
    assert!(run.stdout.contains("aliases:  Rivera"), "{}", run.stdout);
    assert!(
        run.stdout.contains("articles: 3\n  undated  met-and-envoy\n  undated  negated-meeting\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Tomas Rivera -[envoy-of]-> Brazil  (confidence"), "{}", run.stdout);
    assert!(run.stdout.contains("met-and-envoy undated [role:special envoy]: LISBON"), "{}", run.stdout);
    let json = kg.run(&["show", "Rivera", "--format", "json"]).expect(0).json();
    let rel = json["relations"].as_array().unwrap().iter().find(|r| r["relation"] == "envoy-of").unwrap();
    assert_eq!(rel["target_name"], "Brazil");
    assert_eq!(rel["evidence"][0]["article"], "met-and-envoy");
}

#[test]
fn entities_filters_by_type_and_text() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let json = kg.run(&["entities", "--type", "person", "--format", "json"]).expect(0).json();
    assert!(json["entities"].as_array().unwrap().iter().all(|e| e["type"] == "person"));
    let run = kg.run(&["entities", "--match", "erdogan"]).expect(0);
    assert!(run.stdout.contains("Recep Tayyip Erdoğan"), "{}", run.stdout);
    kg.run(&["entities", "--type", "planet"]).expect(2);
}

#[test]
fn stats_counts_articles_entities_and_relations() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let json = kg.run(&["stats", "--format", "json"]).expect(0).json();
    assert_eq!(json["articles"], 4);
    let export = kg.export();
    assert_eq!(json["entities"]["total"].as_u64().unwrap() as usize, export["entities"].as_array().unwrap().len());
    assert_eq!(json["relations"]["total"].as_u64().unwrap() as usize, export["relations"].as_array().unwrap().len());
    assert!(json["store_bytes"].as_u64().unwrap() > 0);
    let run = kg.run(&["stats"]).expect(0);
    assert!(run.stdout.contains("articles") && run.stdout.contains("met-with"));
    assert!(!run.stdout.contains("key family"), "{}", run.stdout);
}

#[test]
fn stats_storage_says_where_the_bytes_go_by_key_family_and_by_file() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let json = kg.run(&["stats", "--storage", "--format", "json"]).expect(0).json();
    let families = json["storage"]["families"].as_array().unwrap();
    let family = |name: &str| families.iter().find(|f| f["name"] == name).unwrap_or_else(|| panic!("{name}: {json}"));
    assert_eq!(family("articles")["keys"], 4);
    let export = kg.export();
    let relations = export["relations"].as_array().unwrap().len() as u64;
    assert_eq!(family("out")["keys"].as_u64().unwrap(), relations);
    assert!(family("evidence_buckets")["value_bytes"].as_u64().unwrap() > 0);
    // The files add up to the store's size, the search index included.
    let files = &json["storage"]["files"];
    assert!(files["log"].as_u64().unwrap() > 0 && files["search"].as_u64().unwrap() > 0, "{files}");
    let sum: u64 = ["log", "snapshots", "search", "other"].iter().map(|k| files[k].as_u64().unwrap()).sum();
    assert_eq!(sum, json["store_bytes"].as_u64().unwrap());
    let run = kg.run(&["stats", "--storage"]).expect(0);
    assert!(run.stdout.contains("key family") && run.stdout.contains("search index"), "{}", run.stdout);
}
