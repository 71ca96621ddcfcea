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

mod round_trip {
    //! A store built from random articles, exported to JSON and imported into a new store, is
    //! the same graph: every export format, the counts, the article and entity lists are the
    //! same bytes, and the imported store checks clean.
    use crate::util::Kg;
    use proptest::prelude::*;

    const PEOPLE: &[&str] =
        &["Anja Holt", "Tomas Rivera", "Erik Sand", "Carla Mendes", "Marta Lindqvist", "Vladimir Putin", "Rivera"];
    const PLACES: &[&str] = &["Oslo", "Chile", "Peru", "Moscow", "Geneva"];
    const CONCEPTS: &[&str] = &["a ceasefire", "the release of prisoners", "new quotas"];

    /// One sentence from a template, filled with names by index.
    fn sentence(template: usize, a: usize, other: usize, place: usize) -> String {
        let (a, b, p) = (PEOPLE[a], PEOPLE[other], PLACES[place]);
        match template {
            0 => format!("{a} met {b} in {p} on Monday."),
            1 => format!("{a}, the special envoy of {p}, held talks with {b}."),
            2 => format!("{p} demanded {}.", CONCEPTS[other % CONCEPTS.len()]),
            3 => format!("{a}, an aide to {b}, did not meet anyone."),
            _ => format!("{b} spoke with {a} by phone from {p}."),
        }
    }

    fn article() -> impl Strategy<Value = (u8, Vec<(usize, usize, usize, usize)>)> {
        let one = (0..5usize, 0..PEOPLE.len(), 0..PEOPLE.len(), 0..PLACES.len());
        (0u8..3, proptest::collection::vec(one, 1..5))
    }

    /// What must not change across the round trip: every export format and every listing.
    fn views(kg: &Kg) -> Vec<(String, String)> {
        let commands: &[&[&str]] = &[
            &["export", "--format", "json"],
            &["export", "--format", "dot"],
            &["export", "--format", "graphml"],
            &["export", "--format", "ntriples"],
            &["stats"],
            &["articles"],
            &["entities"],
        ];
        commands
            .iter()
            .map(|args| {
                let out = kg.run(args).expect(0).stdout;
                // The store's size on disk is sled's, not the graph's.
                let out: String = out
                    .split_inclusive('\n')
                    .map(|l| if l.starts_with("store size") { "store size <size>\n" } else { l })
                    .collect();
                (args.join(" "), out)
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn a_store_exported_to_json_and_imported_is_the_same_graph(
            articles in proptest::collection::vec(article(), 1..6)
        ) {
            let kg = Kg::new();
            let mut batch = String::new();
            for (i, (month, sentences)) in articles.iter().enumerate() {
                let text: Vec<String> = sentences.iter().map(|&(t, a, b, p)| sentence(t, a, b, p)).collect();
                let record = serde_json::json!({
                    "id": format!("a{i}"), "title": format!("Article {i}"), "source": "test",
                    "date": format!("2025-0{}-1{i}", month + 1), "text": text.join(" "),
                });
                batch.push_str(&record.to_string());
                batch.push('\n');
            }
            let input = kg.write("batch.jsonl", batch);
            kg.run(&["ingest", input.to_str().unwrap()]).expect(0);
            let file = kg.path("graph.json");
            kg.run(&["export", "--format", "json", "--output", file.to_str().unwrap()]).expect(0);
            let other = Kg::at(&kg.path("imported.sled"));
            other.run(&["import", file.to_str().unwrap()]).expect(0);
            other.run(&["check"]).expect(0);
            let (before, after) = (views(&kg), views(&other));
            for ((command, want), (_, got)) in before.iter().zip(&after) {
                prop_assert_eq!(want, got, "`kg {}` differs after the round trip", command);
            }
        }
    }
}

/// Imports a star: one hub who met `n` people with long names, so that every reading
/// command has far more output than a pipe holds (64 KiB on Linux; the tests ask for twice that).
fn import_star(kg: &Kg, n: usize) {
    let mut entities = vec![serde_json::json!({"id": "e1", "name": "Hub", "type": "person", "articles": ["a1"]})];
    let mut relations = Vec::new();
    for i in 2..=n + 1 {
        let name = format!("Person {i} of the long-named delegation to the talks");
        entities.push(serde_json::json!({"id": format!("e{i}"), "name": name, "type": "person", "articles": ["a1"]}));
        relations.push(serde_json::json!({"source": "e1", "target": format!("e{i}"), "relation": "met-with",
            "evidence": [{"article": "a1", "sentence": format!("Hub met {name} in Oslo on Monday.")}]}));
    }
    let file = kg.write("star.json", serde_json::json!({"entities": entities, "relations": relations}).to_string());
    kg.run(&["import", file.to_str().unwrap()]).expect(0);
}

/// Commands that write a lot to standard output, each as a table or JSON.
const LONG_OUTPUTS: &[&[&str]] = &[
    &["export", "--format", "json"],
    &["export", "--format", "ntriples"],
    &["export", "--format", "graphml"],
    &["entities"],
    &["show", "Hub"],
    &["query", "neighbors", "Hub", "--format", "json"],
];

/// Checks that each long output, cut short by its reader, ends kg with exit 0 and nothing
/// on stderr, as `kg ... | head` should.
fn each_long_output_cut_short_exits_0_quietly(kg: &Kg) {
    for args in LONG_OUTPUTS {
        let whole = kg.run(args).expect(0);
        assert!(whole.stdout.len() > 128 * 1024, "`kg {}` is too short to fill a pipe", args.join(" "));
        let cut = kg.run_cut_short(args, 10).expect(0);
        assert_eq!(cut.stderr, "", "`{}` printed on stderr", cut.cmd);
        assert_eq!(cut.stdout, whole.stdout[..10]);
    }
}

#[test]
fn a_reader_that_closes_the_pipe_early_ends_kg_with_exit_0_and_no_message() {
    // See: #24 (`kg export --format json | head -c 10` exited 2 with "kg: reading: Broken pipe").
    let kg = Kg::new();
    import_star(&kg, 3000);
    each_long_output_cut_short_exits_0_quietly(&kg);
}

#[test]
fn through_the_server_a_reader_that_closes_the_pipe_early_ends_kg_with_exit_0() {
    // The CLI as a client copies the server's answer to stdout: a closed pipe is no
    // server error either.
    let kg = Kg::new();
    import_star(&kg, 3000);
    let _served = crate::serve::Served::start(&kg, &[]);
    each_long_output_cut_short_exits_0_quietly(&kg);
}
