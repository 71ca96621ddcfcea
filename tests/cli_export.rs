use crate::util::{fixture, Kg};

#[test]
fn json_export_follows_the_contract() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let export = kg.export();
    let entities = export["entities"].as_array().unwrap();
    for e in entities {
        assert!(
            e["id"].is_string() && e["name"].is_string() && e["aliases"].is_array() && e["articles"].is_array(),
            "{e}"
        );
        assert!(["person", "organization", "place", "concept"].contains(&e["type"].as_str().unwrap()));
    }
    let ids: std::collections::HashSet<&str> = entities.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), entities.len(), "ids are unique");
    for r in export["relations"].as_array().unwrap() {
        assert!(ids.contains(r["source"].as_str().unwrap()) && ids.contains(r["target"].as_str().unwrap()));
        let ev = r["evidence"].as_array().unwrap();
        assert!(!ev.is_empty());
        assert!(ev.iter().all(|x| x["article"].is_string() && x["sentence"].is_string()));
        assert!(r["confidence"].as_f64().unwrap() > 0.0);
    }
}

#[test]
fn export_around_an_entity_keeps_only_its_neighbourhood() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let run = kg.run(&["export", "--around", "Tomas Rivera", "--depth", "1", "--relation", "envoy-of"]).expect(0);
    let json = run.json();
    let names: Vec<&str> = json["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"Tomas Rivera") && names.contains(&"Brazil"));
}

#[test]
fn export_writes_to_a_file() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let out = kg.path("g.json");
    kg.run(&["export", "--output", out.to_str().unwrap()]).expect(0);
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert!(v["relations"].as_array().unwrap().len() > 5);
}

#[test]
fn dot_export_parses_with_a_real_dot_parser_and_escapes_names() {
    let kg = Kg::new();
    // Quotes, backslashes and non-ASCII in names and article ids must survive.
    kg.write("odd.jsonl", "{\"id\": \"q\\\"id\\\\\", \"text\": \"Ömer \\\"Çelik\\\" Back\\\\Slash met Anja Holt in Oslo. Organisation of \\\"Quoted\\\" Forces met Anja Holt in Rome.\"}\n");
    kg.ingest(&[&fixture("articles"), &kg.path("odd.jsonl")]);
    let dot = kg.run(&["export", "--format", "dot"]).expect(0).stdout;
    let graph =
        dot_parser::ast::Graph::try_from(dot.as_str()).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
    let canonical = dot_parser::canonical::Graph::from(graph);
    assert!(canonical.nodes.set.len() > 10);
    assert!(canonical.edges.set.len() > 5);
    assert!(dot.contains("label=\"met-with\", tooltip=\"met-with: 1 article, undated\", dir=none"), "{dot}");
    assert!(dot.contains("Ömer"), "{dot}");
    assert!(!dot.contains("NodeIndex") && !dot.contains("EntityId("));
}
