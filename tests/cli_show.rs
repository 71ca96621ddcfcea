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
}
