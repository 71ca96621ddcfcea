use crate::util::{fixture, Kg};

fn seeded() -> Kg {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    kg
}

#[test]
fn neighbors_lists_relations_with_direction() {
    let kg = seeded();
    let run = kg.run(&["query", "neighbors", "tomas rivera"]).expect(0);
    assert!(run.stdout.starts_with("Tomas Rivera (e"), "{}", run.stdout);
    let line = run.stdout.lines().find(|l| l.contains("Brazil")).unwrap_or_default();
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols[..4], ["1", "envoy-of", "->", "Brazil"], "{}", run.stdout);
    let json = kg.run(&["query", "neighbors", "Tomas Rivera", "--format", "json"]).expect(0).json();
    assert_eq!(json["entity"]["name"], "Tomas Rivera");
    let n = json["neighbors"].as_array().unwrap();
    assert!(n
        .iter()
        .any(|x| x["name"] == "Brazil" && x["relation"] == "envoy-of" && x["direction"] == "out" && x["depth"] == 1));
    assert!(n.iter().any(|x| x["name"] == "Anja Holt" && x["relation"] == "met-with"));
}

#[test]
fn neighbors_filters_by_relation_direction_and_depth() {
    let kg = seeded();
    let json = kg.run(&["query", "neighbors", "Rivera", "--relation", "met-with", "--format", "json"]).expect(0).json();
    assert!(json["neighbors"].as_array().unwrap().iter().all(|x| x["relation"] == "met-with"));
    let json = kg.run(&["query", "neighbors", "Brazil", "--direction", "out", "--format", "json"]).expect(0).json();
    assert!(json["neighbors"].as_array().unwrap().iter().all(|x| x["direction"] == "out"), "{json}");
    let deep = kg.run(&["query", "neighbors", "Brazil", "--depth", "2", "--format", "json"]).expect(0).json();
    assert!(
        deep["neighbors"].as_array().unwrap().iter().any(|x| x["depth"] == 2 && x["name"] == "Anja Holt"),
        "{deep}"
    );
}

#[test]
fn neighbors_past_depth_one_name_in_a_via_column_the_entity_each_is_reached_from() {
    let kg = seeded();
    let json = kg.run(&["query", "neighbors", "Brazil", "--depth", "2", "--format", "json"]).expect(0).json();
    let holt = json["neighbors"].as_array().unwrap().iter().find(|x| x["name"] == "Anja Holt").cloned().unwrap();
    assert_eq!(holt["depth"], 2);
    let via =
        json["neighbors"].as_array().unwrap().iter().find(|x| x["id"] == holt["via"]).expect("via is a neighbour");
    let via_name = via["name"].as_str().unwrap();

    let table = kg.run(&["query", "neighbors", "Brazil", "--depth", "2"]).expect(0).stdout;
    let mut lines = table.lines().skip(1);
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(header, ["depth", "via", "relation", "direction", "neighbor", "type", "id", "articles", "seen"]);
    // Cells are separated by two spaces or more (names have single spaces).
    let cells = |line: &str| -> Vec<String> {
        line.split("  ").map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect()
    };
    // A hop reads left to right: via -[relation]- neighbour.
    let row = cells(table.lines().find(|l| l.contains("Anja Holt")).unwrap());
    assert_eq!(row[..5], ["2", via_name, "met-with", "--", "Anja Holt"], "{table}");
    // Depth-1 rows come from the entity asked about.
    assert_eq!(cells(table.lines().nth(2).unwrap())[..2], ["1", "Brazil"], "{table}");

    // At depth 1 every row comes from the entity itself: no via column.
    let shallow = kg.run(&["query", "neighbors", "Brazil"]).expect(0).stdout;
    assert!(shallow.lines().nth(1).unwrap().starts_with("depth  relation"), "{shallow}");
}

#[test]
fn names_match_ignoring_case_and_diacritics() {
    let kg = seeded();
    let run = kg.run(&["show", "recep tayyip erdogan"]).expect(0);
    assert!(run.stdout.starts_with("Recep Tayyip Erdoğan"), "{}", run.stdout);
}

#[test]
fn unknown_entity_suggests_names_and_exits_2() {
    let kg = seeded();
    let run = kg.run(&["query", "neighbors", "Tomas Riviera"]).expect(2);
    assert!(run.stderr.contains("unknown entity \"Tomas Riviera\"; did you mean: Tomas Rivera"), "{}", run.stderr);
}

#[test]
fn a_miss_is_suggested_names_from_the_word_index_after_ingest_and_corrections() {
    // See: #23 (suggestions come from an index, not from a pass over every name).
    let kg = seeded();
    let suggests = |miss: &str, meant: &str| {
        let run = kg.run(&["show", miss]).expect(2);
        assert!(run.stderr.contains(&format!("did you mean: {meant}")), "{miss}: {}", run.stderr);
    };
    // A slip inside a word, in its first letter, in its last, and the start of a word.
    suggests("Tomas Riviera", "Tomas Rivera");
    suggests("Jecep Tayyip Erdogan", "Recep Tayyip Erdoğan");
    suggests("Yuri Ushakof", "Yuri Ushakov");
    suggests("Monteneg", "Luís Montenegro");
    // A rename's name is suggested; a merged entity's names suggest the one kept.
    kg.run(&["rename", "Yuri Ushakov", "Yury Ushakov"]).expect(0);
    suggests("Yury Ushakof", "Yury Ushakov");
    kg.run(&["merge", "Tomas Rivera", "Carla Mendes"]).expect(0);
    suggests("Carla Mendez", "Tomas Rivera");
    kg.run(&["check"]).expect(0);
    // Undone, they are gone from the index again.
    kg.run(&["corrections", "undo", "2"]).expect(0);
    kg.run(&["corrections", "undo", "1"]).expect(0);
    suggests("Yury Ushakof", "Yuri Ushakov");
    suggests("Carla Mendez", "Carla Mendes");
    kg.run(&["check"]).expect(0);
}

#[test]
fn ambiguous_entity_lists_candidates_and_exits_2() {
    let kg = Kg::new();
    kg.write("a.txt", "Anna Sand met Carla Mendes in Rome. Sand said it went well.");
    kg.write("b.txt", "Erik Sand met Tomas Rivera in Oslo. Sand said little.");
    kg.ingest(&[&kg.path("a.txt"), &kg.path("b.txt")]);
    let run = kg.run(&["show", "Sand"]).expect(2);
    assert!(
        run.stderr.contains("ambiguous") && run.stderr.contains("Anna Sand") && run.stderr.contains("Erik Sand"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_surname_or_a_word_of_a_name_finds_the_one_entity_it_belongs_to() {
    let kg = Kg::new();
    // Neither article ever calls them by surname alone: "Lindqvist" is no alias.
    kg.write("a.txt", "Marta Lindqvist met Tomas Rivera in Oslo.");
    kg.write("b.txt", "Anna Sand met Carla Mendes in Rome. Erik Sand met Carla Mendes in Lima.");
    kg.ingest(&[&kg.path("a.txt"), &kg.path("b.txt")]);
    let run = kg.run(&["show", "lindqvist"]).expect(0);
    assert!(run.stdout.starts_with("Marta Lindqvist"), "{}", run.stdout);
    kg.run(&["query", "path", "LINDQVIST", "rivera"]).expect(0);
    // Two people share the surname: both are listed, with type, articles and how to pick one.
    let run = kg.run(&["query", "neighbors", "Sand"]).expect(2);
    assert!(run.stderr.contains("\"Sand\" is ambiguous"), "{}", run.stderr);
    assert!(run.stderr.contains("person  Anna Sand  1 article  undated  choose with e"), "{}", run.stderr);
    assert!(run.stderr.contains("person  Erik Sand  1 article  undated  choose with e"), "{}", run.stderr);
    // A miss suggests names with a word starting the same way before merely similar ones.
    let run = kg.run(&["show", "Lindq"]).expect(2);
    assert!(run.stderr.contains("did you mean: Marta Lindqvist"), "{}", run.stderr);
}

#[test]
fn path_finds_the_shortest_chain_with_directions() {
    let kg = seeded();
    let run = kg.run(&["query", "path", "Carla Mendes", "Brazil"]).expect(0);
    assert_eq!(
        run.stdout.trim(),
        "Carla Mendes -[aide-of]-> Luís Montenegro -[met-with]- Tomas Rivera -[envoy-of]-> Brazil"
    );
    let json = kg.run(&["query", "path", "Carla Mendes", "Brazil", "--format", "json"]).expect(0).json();
    let p = &json["paths"][0];
    assert_eq!(p["nodes"].as_array().unwrap().len(), 4);
    assert_eq!(p["edges"][0]["relation"], "aide-of");
    assert_eq!(p["edges"][2]["target"], p["nodes"][3]["id"]);
}

#[test]
fn directed_path_follows_relations_only_forwards() {
    let kg = seeded();
    // Brazil is only ever a target: no directed path starts there.
    kg.run(&["query", "path", "Brazil", "Tomas Rivera", "--directed"]).expect(1);
    kg.run(&["query", "path", "Tomas Rivera", "Brazil", "--directed"]).expect(0);
}

#[test]
fn all_paths_lists_every_simple_path_up_to_max_depth() {
    let kg = Kg::new();
    // A diamond: Holt - Rivera - Sand and Holt - Mendes - Sand, plus a direct edge.
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo. Tomas Rivera met Erik Sand in Rome.");
    kg.write("b.txt", "Anja Holt met Carla Mendes in Lima. Carla Mendes met Erik Sand in Quito.");
    kg.write("c.txt", "Anja Holt met Erik Sand in Bern.");
    kg.ingest(&[&kg.path("a.txt"), &kg.path("b.txt"), &kg.path("c.txt")]);
    let json = kg
        .run(&["query", "path", "Anja Holt", "Erik Sand", "--all", "--max-depth", "3", "--format", "json"])
        .expect(0)
        .json();
    let lengths: Vec<usize> =
        json["paths"].as_array().unwrap().iter().map(|p| p["nodes"].as_array().unwrap().len()).collect();
    assert_eq!(lengths, vec![2, 3, 3], "{json}");
    let shortest = kg.run(&["query", "path", "Anja Holt", "Erik Sand"]).expect(0);
    assert_eq!(shortest.stdout.trim(), "Anja Holt -[met-with]- Erik Sand");
    let limited = kg
        .run(&["query", "path", "Anja Holt", "Erik Sand", "--all", "--max-depth", "1", "--format", "json"])
        .expect(0)
        .json();
    assert_eq!(limited["paths"].as_array().unwrap().len(), 1);
}

#[test]
fn unconnected_entities_exit_1_and_bad_flags_exit_2() {
    let kg = seeded();
    let run = kg.run(&["query", "path", "Oslo", "Brazil"]).expect(1);
    assert!(run.stdout.contains("no path"), "{}", run.stdout);
    kg.run(&["query", "neighbors", "Brazil", "--depth", "0"]).expect(2);
    let run = kg.run(&["query", "neighbors", "Brazil", "--relation", "hates"]).expect(2);
    assert!(run.stderr.contains("unknown relation \"hates\""), "{}", run.stderr);
}

#[test]
fn path_from_an_entity_to_itself_is_that_entity() {
    let kg = seeded();
    let run = kg.run(&["query", "path", "Brazil", "Brazil"]).expect(0);
    assert_eq!(run.stdout.trim(), "Brazil");
}

#[test]
fn queries_on_a_missing_store_or_a_file_exit_2() {
    let kg = Kg::new();
    let run = kg.run(&["query", "neighbors", "X"]).expect(2);
    assert!(run.stderr.contains("no store at"), "{}", run.stderr);
    let file = kg.write("file", "x");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["--db", file.to_str().unwrap(), "stats"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a kg store"));
}

#[test]
fn an_asserted_relation_is_marked_as_asserted_among_the_neighbours_and_on_a_path() {
    let kg = Kg::new();
    kg.write("a.txt", "---\ndate: 2026-03-01\n---\nDaniel Okonkwo met Anja Holt in Lagos on Monday.\n");
    kg.run(&["--quiet", "ingest", "a.txt"]).expect(0);
    kg.run(&[
        "assert",
        "Lena Haugland",
        "met-with",
        "Daniel Okonkwo",
        "--note",
        "cable 12",
        "--create-source",
        "person",
    ])
    .expect(0);
    let table = kg.run(&["query", "neighbors", "Daniel Okonkwo"]).expect(0).stdout;
    let row = |name: &str| table.lines().find(|l| l.contains(name)).unwrap_or_default().to_string();
    assert!(row("Lena Haugland").contains("met-with (asserted)"), "{table}");
    assert!(!row("Anja Holt").contains("asserted"), "{table}");
    let json = kg.run(&["query", "neighbors", "Daniel Okonkwo", "--format", "json"]).expect(0).json();
    let asserted: Vec<(&str, bool)> = json["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["name"].as_str().unwrap(), n["asserted"].as_bool().unwrap()))
        .collect();
    assert_eq!(asserted.len(), 2);
    assert!(asserted.contains(&("Lena Haugland", true)) && asserted.contains(&("Anja Holt", false)), "{asserted:?}");
    // A path through it says so at that hop, and only there.
    let path = kg.run(&["query", "path", "Anja Holt", "Lena Haugland"]).expect(0).stdout;
    assert_eq!(path.trim(), "Anja Holt -[met-with]- Daniel Okonkwo -[met-with (asserted)]- Lena Haugland");
    let json = kg.run(&["query", "path", "Anja Holt", "Lena Haugland", "--format", "json"]).expect(0).json();
    let marks: Vec<bool> =
        json["paths"][0]["edges"].as_array().unwrap().iter().map(|e| e["asserted"].as_bool().unwrap()).collect();
    assert_eq!(marks, [false, true]);
}
