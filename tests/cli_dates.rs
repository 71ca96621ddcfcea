//! Dates: read from front matter, JSON Lines and `--date`, carried by every fact, and asked
//! about with `--since` and `--until`, `kg timeline` and `kg articles`.
use crate::util::{fixture, Kg};
use std::collections::HashSet;

fn dated() -> Kg {
    let kg = Kg::new();
    kg.run(&["ingest", fixture("dated").to_str().unwrap()]).expect(0);
    kg
}

fn names(list: &serde_json::Value, key: &str) -> HashSet<String> {
    list.as_array().unwrap().iter().map(|n| n[key].as_str().unwrap().to_string()).collect()
}

#[test]
fn front_matter_in_markdown_and_text_is_metadata_that_articles_lists() {
    let kg = dated();
    let articles = kg.run(&["articles", "--format", "json"]).expect(0).json();
    let list = articles["articles"].as_array().unwrap();
    let ids: Vec<&str> = list.iter().map(|a| a["id"].as_str().unwrap()).collect();
    // By date, a month before the days inside it that start later, undated last.
    assert_eq!(ids, ["envoy-opens-talks", "bern-round", "talks-resume", "lima-visit", "bad-date", "rome-note"]);
    let md = &list[0];
    assert_eq!(md["title"], "Envoy opens talks in Oslo");
    assert_eq!(md["date"], "2025-01-14");
    assert_eq!(md["source"], "Example Wire");
    // An RFC 3339 timestamp keeps its own calendar day.
    assert_eq!(list[2]["date"], "2025-03-02");
    assert_eq!(list[2]["title"], "Talks resume in Geneva");
    assert!(list[5]["date"].is_null());
    // Front matter is never text: no entity came from "Example Wire" or the URL.
    let entities = kg.run(&["entities", "--format", "json"]).expect(0).json();
    let all = names(&entities["entities"], "name");
    assert!(!all.iter().any(|n| n.contains("Example") || n.contains("Wire")), "{all:?}");
    let march = kg.run(&["articles", "--since", "2025-03", "--until", "2025-03"]).expect(0).stdout;
    assert!(march.contains("bern-round") && march.contains("talks-resume") && !march.contains("lima-visit"), "{march}");
    let matched = kg.run(&["articles", "--match", "lima", "--format", "json"]).expect(0).json();
    assert_eq!(matched["articles"].as_array().unwrap().len(), 1);
}

#[test]
fn a_bad_date_is_a_warning_with_file_and_line_and_the_article_goes_in_undated() {
    let kg = Kg::new();
    let run = kg.run(&["ingest", fixture("dated").to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("bad-date.md:3: \"2025-02-30\" is not a date"), "{}", run.stderr);
    assert!(run.stderr.contains("the article goes in undated"), "{}", run.stderr);
    let show = kg.run(&["show", "Anja Holt", "--format", "json"]).expect(0).json();
    assert!(show["article_details"][0]["date"].is_null(), "{show}");
    kg.write("b.jsonl", "{\"id\": \"x\", \"date\": \"March 3\", \"text\": \"Anja Holt met Erik Sand in Riga.\"}\n");
    let run = kg.run(&["ingest", kg.path("b.jsonl").to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("b.jsonl:1: \"March 3\" is not a date"), "{}", run.stderr);
}

#[test]
fn ingest_date_dates_only_the_articles_that_carry_none() {
    let kg = Kg::new();
    kg.write("in/plain.txt", "Anja Holt met Erik Sand in Riga.");
    kg.write("in/own.md", "---\ndate: 2024-12-01\n---\nAnja Holt met Carla Mendes in Rome.\n");
    kg.run(&["ingest", kg.path("in").to_str().unwrap(), "--date", "2025-02"]).expect(0);
    let list = kg.run(&["articles", "--format", "json"]).expect(0).json();
    let dates: Vec<(&str, &str)> = list["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["date"].as_str().unwrap()))
        .collect();
    assert_eq!(dates, [("own", "2024-12-01"), ("plain", "2025-02")]);
    let run = kg.run(&["ingest", kg.path("in").to_str().unwrap(), "--date", "yesterday"]).expect(2);
    assert!(run.stderr.contains("\"yesterday\" is not a date"), "{}", run.stderr);
}

#[test]
fn a_period_that_excludes_a_relations_only_evidence_leaves_it_out_of_every_answer() {
    let kg = dated();
    // Carla Mendes met Lindqvist only in an undated note, and Rivera in May.
    let all = kg.run(&["query", "neighbors", "Carla Mendes", "--format", "json"]).expect(0).json();
    let all_names = names(&all["neighbors"], "name");
    assert!(all_names.contains("Marta Lindqvist") && all_names.contains("Tomas Rivera"), "{all}");
    let may =
        kg.run(&["query", "neighbors", "Carla Mendes", "--since", "2025-05", "--format", "json"]).expect(0).json();
    let may_names = names(&may["neighbors"], "name");
    assert!(may_names.contains("Tomas Rivera") && !may_names.contains("Marta Lindqvist"), "{may}");
    assert_eq!(may["neighbors"][0]["first_seen"], "2025-05-20");
    // A relation with evidence on both sides of a bound keeps only what is inside.
    let march = kg
        .run(&["query", "neighbors", "Lindqvist", "--since", "2025-03", "--until", "2025-03", "--format", "json"])
        .expect(0)
        .json();
    let rivera = march["neighbors"].as_array().unwrap().iter().find(|n| n["name"] == "Tomas Rivera").unwrap();
    assert_eq!(
        (rivera["articles"].as_u64(), rivera["first_seen"].as_str(), rivera["last_seen"].as_str()),
        (Some(2), Some("2025-03"), Some("2025-03-02"))
    );
    // Mendes meets Lindqvist only undated, and Rivera meets Lindqvist only before May: no
    // path between them from May on.
    kg.run(&["query", "path", "Carla Mendes", "Lindqvist"]).expect(0);
    kg.run(&["query", "path", "Carla Mendes", "Lindqvist", "--since", "2025-05"]).expect(1);
    // show, export, stats and entities answer for the period too.
    let show = kg.run(&["show", "Carla Mendes", "--since", "2025-05", "--format", "json"]).expect(0).json();
    assert_eq!(show["relations"].as_array().unwrap().len(), 1, "{show}");
    assert_eq!(show["articles"], serde_json::json!(["lima-visit"]));
    let export = kg.run(&["export", "--since", "2025-05"]).expect(0).json();
    assert_eq!(export["relations"].as_array().unwrap().len(), 1, "{export}");
    assert_eq!(export["articles"].as_array().unwrap().len(), 1);
    let stats = kg.run(&["stats", "--since", "2025-05", "--format", "json"]).expect(0).json();
    assert_eq!((stats["articles"].as_u64(), stats["relations"]["total"].as_u64()), (Some(1), Some(1)));
    let entities = kg.run(&["entities", "--since", "2025-05", "--format", "json"]).expect(0).json();
    assert!(!names(&entities["entities"], "name").contains("Marta Lindqvist"));
    // A period with nothing in it is an empty answer, not an error; a reversed one is.
    kg.run(&["export", "--since", "2030"]).expect(0);
    let run = kg.run(&["query", "neighbors", "Lindqvist", "--since", "2025-04", "--until", "2025-03"]).expect(2);
    assert!(run.stderr.contains("is after --until"), "{}", run.stderr);
}

#[test]
fn min_evidence_counts_articles_not_sentences() {
    let kg = dated();
    // Rivera and Mendes met in two sentences of one article: one article.
    let one = kg.run(&["export", "--min-evidence", "2"]).expect(0).json();
    let pairs: Vec<(String, u64)> = one["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["relation"].as_str().unwrap().to_string(), r["articles"].as_u64().unwrap()))
        .collect();
    assert_eq!(pairs, [("met-with".to_string(), 3)], "{one}");
    let all = kg.export();
    let rivera_mendes = all["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["evidence"].as_array().unwrap().iter().all(|e| e["article"] == "lima-visit"))
        .unwrap();
    assert_eq!(rivera_mendes["evidence"].as_array().unwrap().len(), 2);
    assert_eq!(rivera_mendes["articles"], 1);
}

#[test]
fn timeline_lists_facts_by_date_with_undated_last_and_roles_with_their_period() {
    let kg = dated();
    let t = kg.run(&["timeline", "Lindqvist", "--format", "json"]).expect(0).json();
    let facts = t["facts"].as_array().unwrap();
    let dates: Vec<Option<&str>> = facts.iter().map(|f| f["date"].as_str()).collect();
    assert_eq!(
        dates,
        [Some("2025-01-14"), Some("2025-01-14"), Some("2025-03"), Some("2025-03-02"), Some("2025-03-02"), None]
    );
    assert_eq!(facts[0]["title"], "Envoy opens talks in Oslo");
    assert!(facts[5]["sentence"].as_str().unwrap().contains("Rome"));
    let roles = t["roles"].as_array().unwrap();
    assert_eq!(roles.len(), 1);
    assert_eq!((roles[0]["relation"].as_str(), roles[0]["target_name"].as_str()), (Some("envoy-of"), Some("Sweden")));
    assert_eq!(roles[0]["first_seen"], "2025-01-14");
    let table = kg.run(&["timeline", "Lindqvist"]).expect(0).stdout;
    let undated = table.find("\nundated\n").expect("an undated heading");
    assert!(table.find("2025-03-02").unwrap() < undated, "{table}");
    assert!(table.contains("Marta Lindqvist -[envoy-of]-> Sweden  (2025-01-14, 1 article)"), "{table}");
    // A limit keeps the latest articles' facts (and the undated), and says what it left out.
    let run = kg.run(&["timeline", "Lindqvist", "--limit", "2", "--format", "json"]).expect(0);
    let dates: Vec<Option<String>> =
        run.json()["facts"].as_array().unwrap().iter().map(|f| f["date"].as_str().map(String::from)).collect();
    assert_eq!(dates, [Some("2025-03-02".into()), Some("2025-03-02".into()), None]);
    assert!(run.stderr.contains("showing the facts of the latest 3 of 6 supporting articles"), "{}", run.stderr);
    let met = kg
        .run(&["timeline", "Lindqvist", "--relation", "met-with", "--until", "2025-02", "--format", "json"])
        .expect(0)
        .json();
    assert_eq!(met["facts"].as_array().unwrap().len(), 1);
    assert!(met["roles"].as_array().unwrap().is_empty());
}

#[test]
fn every_export_format_carries_dates_its_reader_can_read() {
    let kg = dated();
    let json = kg.export();
    let rel = json["relations"].as_array().unwrap().iter().find(|r| r["articles"] == 3).unwrap();
    assert_eq!((rel["first_seen"].as_str(), rel["last_seen"].as_str()), (Some("2025-01-14"), Some("2025-03-02")));
    assert!(rel["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["date"] == "2025-03" && e["title"] == "A round in Bern"));

    let xml = kg.run(&["export", "--format", "graphml"]).expect(0).stdout;
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let data = |key: &str| -> Vec<String> {
        doc.descendants()
            .filter(|n| n.has_tag_name("data") && n.attribute("key") == Some(key))
            .filter_map(|n| n.text().map(str::to_string))
            .collect()
    };
    assert!(data("first_seen").contains(&"2025-01-14".to_string()));
    assert!(data("last_mentioned").contains(&"2025-05-20".to_string()));

    let nt = kg.run(&["export", "--format", "ntriples"]).expect(0).stdout;
    let triples: Vec<_> = oxttl::NTriplesParser::new().for_slice(nt.as_bytes()).collect::<Result<Vec<_>, _>>().unwrap();
    let dated: Vec<String> = triples
        .iter()
        .filter(|t| t.predicate.as_str() == "http://purl.org/dc/terms/date")
        .map(|t| t.object.to_string())
        .collect();
    assert!(dated.contains(&"\"2025-03\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>".to_string()), "{dated:?}");
    assert!(triples.iter().any(|t| t.predicate.as_str().ends_with("ontology/firstSeen")));

    let dir = kg.path("neo4j");
    kg.run(&["export", "--format", "neo4j", "--output", dir.to_str().unwrap()]).expect(0);
    let mut rels = csv::Reader::from_path(dir.join("relationships.csv")).unwrap();
    let headers = rels.headers().unwrap().clone();
    let first = headers.iter().position(|h| h == "first_seen:date").unwrap();
    let rows: Vec<csv::StringRecord> = rels.records().map(Result::unwrap).collect();
    assert!(rows.iter().any(|r| &r[first] == "2025-01-14"));

    let dir = kg.path("csv");
    kg.run(&["export", "--format", "csv", "--output", dir.to_str().unwrap()]).expect(0);
    let mut edges = csv::Reader::from_path(dir.join("edges.csv")).unwrap();
    let last = edges.headers().unwrap().iter().position(|h| h == "last_seen").unwrap();
    assert!(edges.records().map(Result::unwrap).any(|r| &r[last] == "2025-03-02"));

    let dot = kg.run(&["export", "--format", "dot"]).expect(0).stdout;
    dot_parser::ast::Graph::try_from(dot.as_str()).unwrap_or_else(|e| panic!("DOT does not parse: {e}"));
    assert!(dot.contains("tooltip=\"met-with: 3 articles, 2025-01-14 to 2025-03-02"), "{dot}");
}

#[test]
fn export_import_export_keeps_dates_titles_and_sources_byte_for_byte() {
    let kg = dated();
    let first = kg.run(&["export"]).expect(0).stdout;
    kg.write("graph.json", &first);
    let copy = Kg::at(&kg.path("copy.sled"));
    copy.run(&["import", kg.path("graph.json").to_str().unwrap()]).expect(0);
    copy.run(&["check"]).expect(0);
    assert_eq!(copy.run(&["export"]).expect(0).stdout, first);
    let articles = copy.run(&["articles", "--format", "json"]).expect(0).json();
    assert_eq!(articles["articles"][0]["title"], "Envoy opens talks in Oslo");
    assert_eq!(articles["articles"][0]["source"], "Example Wire");
    // An export whose evidence disagrees with its article list about a date is refused.
    let bad = first.replacen("\"date\":\"2025-03\"", "\"date\":\"2025-04\"", 1);
    assert_ne!(bad, first);
    kg.write("bad.json", &bad);
    let run = Kg::at(&kg.path("bad.sled")).run(&["import", kg.path("bad.json").to_str().unwrap()]).expect(2);
    assert!(
        run.stderr.contains("article \"bern-round\" is dated \"2025-03\" here but \"2025-04\" at relations["),
        "{}",
        run.stderr
    );
}
