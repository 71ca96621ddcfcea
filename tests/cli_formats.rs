//! Exports for other graph software, each read back by a real consumer: an RDF parser, an
//! XML parser, a CSV reader, Graphviz.
use crate::util::{fixture, Kg};
use std::collections::HashSet;

fn seeded() -> (Kg, serde_json::Value) {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let export = kg.export();
    (kg, export)
}

fn count(export: &serde_json::Value, key: &str) -> usize {
    export[key].as_array().unwrap().len()
}

#[test]
fn ntriples_parse_with_an_rdf_parser_and_keep_every_fact() {
    let (kg, export) = seeded();
    let nt = kg.run(&["export", "--format", "ntriples", "--base-iri", "https://example.org/kg/"]).expect(0).stdout;
    let parsed: Vec<_> = oxttl::NTriplesParser::new()
        .for_slice(nt.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("invalid N-Triples: {e}\n{nt}"));
    let entities = export["entities"].as_array().unwrap();
    let aliases: usize = entities.iter().map(|e| e["aliases"].as_array().unwrap().len()).sum();
    let relations = export["relations"].as_array().unwrap();
    let evidence: Vec<&serde_json::Value> = relations.iter().flat_map(|r| r["evidence"].as_array().unwrap()).collect();
    let dated_relations = relations.iter().filter(|r| !r["first_seen"].is_null()).count();
    let dated_evidence = evidence.iter().filter(|e| !e["date"].is_null()).count();
    // type + label per entity, one altLabel per alias; per relation the triple and five about
    // it as a statement (type, subject, predicate, object, articles), two more when dated; six
    // per evidence, one more when dated.
    assert_eq!(
        parsed.len(),
        2 * entities.len() + aliases + 6 * relations.len() + 2 * dated_relations + 6 * evidence.len() + dated_evidence
    );
    assert!(nt.contains("<https://example.org/kg/ontology/envoyOf>"));
    kg.run(&["export", "--format", "ntriples", "--base-iri", "not an iri"]).expect(2);
}

#[test]
fn graphml_parses_as_xml_with_every_node_and_edge() {
    let (kg, export) = seeded();
    let xml = kg.run(&["export", "--format", "graphml"]).expect(0).stdout;
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("invalid XML: {e}"));
    let nodes = doc.descendants().filter(|n| n.has_tag_name("node")).count();
    let edges: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("edge")).collect();
    assert_eq!(nodes, count(&export, "entities"));
    assert_eq!(edges.len(), count(&export, "relations"));
    let ids: HashSet<&str> =
        doc.descendants().filter(|n| n.has_tag_name("node")).filter_map(|n| n.attribute("id")).collect();
    assert!(edges
        .iter()
        .all(|e| ids.contains(e.attribute("source").unwrap()) && ids.contains(e.attribute("target").unwrap())));
    assert!(xml.contains("<data key=\"relation\">envoy-of</data>"));
}

#[test]
fn graphml_writes_symmetric_relations_as_undirected_edges_of_a_mixed_graph() {
    let (kg, export) = seeded();
    let xml = kg.run(&["export", "--format", "graphml"]).expect(0).stdout;
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("invalid XML: {e}"));
    let graph = doc.descendants().find(|n| n.has_tag_name("graph")).unwrap();
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let relation = |e: &roxmltree::Node| {
        e.children().find(|d| d.attribute("key") == Some("relation")).and_then(|d| d.text()).unwrap().to_string()
    };
    let edges: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("edge")).collect();
    let mut undirected = 0;
    for e in &edges {
        let symmetric = ["met-with", "spoke-with"].contains(&relation(e).as_str());
        assert_eq!(e.attribute("directed"), Some(if symmetric { "false" } else { "true" }), "{}", relation(e));
        undirected += usize::from(symmetric);
    }
    let symmetric_in_export = export["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["relation"] == "met-with" || r["relation"] == "spoke-with")
        .count();
    assert!(undirected > 0 && undirected < edges.len());
    assert_eq!(undirected, symmetric_in_export, "each symmetric relation is one undirected edge");
}

#[test]
fn neo4j_files_follow_the_import_header_conventions() {
    let (kg, export) = seeded();
    let dir = kg.path("neo4j");
    kg.run(&["export", "--format", "neo4j", "--output", dir.to_str().unwrap()]).expect(0);
    let mut nodes = csv::Reader::from_path(dir.join("nodes.csv")).unwrap();
    assert_eq!(nodes.headers().unwrap(), vec!["id:ID", "name", "aliases:string[]", "articles:int", ":LABEL"]);
    let rows: Vec<csv::StringRecord> = nodes.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), count(&export, "entities"));
    let ids: HashSet<String> = rows.iter().map(|r| r[0].to_string()).collect();
    assert!(rows.iter().all(|r| ["Person", "Organization", "Place", "Concept"].contains(&&r[4])));
    let mut rels = csv::Reader::from_path(dir.join("relationships.csv")).unwrap();
    assert_eq!(
        rels.headers().unwrap(),
        vec![
            ":START_ID",
            ":END_ID",
            ":TYPE",
            "evidence:int",
            "articles:int",
            "first_seen:date",
            "last_seen:date",
            "confidence:float",
            "sentences:string[]",
            "event_dates:string[]",
            "venues:string[]"
        ]
    );
    let rels: Vec<csv::StringRecord> = rels.records().map(Result::unwrap).collect();
    assert_eq!(rels.len(), count(&export, "relations"));
    assert!(rels.iter().all(|r| ids.contains(&r[0]) && ids.contains(&r[1])));
    assert!(rels.iter().any(|r| &r[2] == "ENVOY_OF"));
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(readme.contains("neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv"));
    kg.run(&["export", "--format", "neo4j"]).expect(2);
}

#[test]
fn csv_files_hold_every_node_and_edge() {
    let (kg, export) = seeded();
    let dir = kg.path("csv");
    kg.run(&["export", "--format", "csv", "--output", dir.to_str().unwrap()]).expect(0);
    let mut nodes = csv::Reader::from_path(dir.join("nodes.csv")).unwrap();
    assert_eq!(nodes.headers().unwrap(), vec!["id", "name", "type", "aliases", "articles"]);
    assert_eq!(nodes.records().count(), count(&export, "entities"));
    let mut edges = csv::Reader::from_path(dir.join("edges.csv")).unwrap();
    assert_eq!(
        edges.headers().unwrap(),
        vec![
            "source",
            "target",
            "relation",
            "evidence",
            "articles",
            "first_seen",
            "last_seen",
            "confidence",
            "event_dates",
            "venues"
        ]
    );
    assert_eq!(edges.records().count(), count(&export, "relations"));
}

#[test]
fn min_evidence_keeps_only_well_supported_relations() {
    let kg = Kg::new();
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo. Erik Sand met Carla Mendes in Rome.");
    kg.write("b.txt", "Tomas Rivera met Anja Holt in Lima.");
    kg.ingest(&[&kg.path("a.txt"), &kg.path("b.txt")]);
    let all = kg.export();
    assert_eq!(count(&all, "relations"), 2);
    let strong = kg.run(&["export", "--min-evidence", "2"]).expect(0).json();
    assert_eq!(count(&strong, "relations"), 1);
    assert_eq!(count(&strong, "entities"), 2);
}

#[test]
fn pictures_render_through_graphviz_or_say_how_to_install_it() {
    let (kg, _) = seeded();
    let has_dot = std::process::Command::new("dot").arg("-V").output().is_ok();
    let svg = kg.run(&["export", "--format", "svg", "--around", "Tomas Rivera"]);
    if has_dot {
        let svg = svg.expect(0);
        assert!(svg.stdout.contains("<svg") && svg.stdout.contains("Tomas Rivera"), "{}", svg.stdout);
        let png = kg.path("g.png");
        kg.run(&["export", "--format", "png", "--output", png.to_str().unwrap()]).expect(0);
        assert_eq!(&std::fs::read(png).unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    } else {
        let svg = svg.expect(2);
        assert!(svg.stderr.contains("apt-get install graphviz"), "{}", svg.stderr);
    }
}
