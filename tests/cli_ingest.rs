use crate::util::{fixture, triples, Kg};

#[test]
fn text_markdown_and_jsonl_articles_all_go_in() {
    let kg = Kg::new();
    kg.write("in/a.txt", "Canadian Prime Minister Mark Carney met Anja Holt in Ottawa on Monday.");
    kg.write("in/sub/b.md", "# Heading\n\n**Anja Holt** met *Tomas Rivera* in Oslo on Friday.");
    kg.write("in/c.jsonl", "{\"id\": \"c1\", \"text\": \"Tomas Rivera met Erik Sand in Paris.\"}\n");
    kg.write("in/notes.png", [0u8, 1, 2]);
    let run = kg.ingest(&[&kg.path("in")]);
    assert!(run.stdout.contains("articles: 3 new, 0 unchanged, 0 replaced, 0 failed"), "{}", run.stdout);
    let export = kg.export();
    let t = triples(&export);
    assert!(t.contains(&"Mark Carney met-with Anja Holt".to_string()), "{t:?}");
    assert!(t.contains(&"Anja Holt met-with Tomas Rivera".to_string()), "{t:?}");
    assert!(
        t.contains(&"Tomas Rivera met-with Erik Sand".to_string())
            || t.contains(&"Erik Sand met-with Tomas Rivera".to_string()),
        "{t:?}"
    );
    let ids: Vec<&str> = export["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["articles"].as_array().unwrap())
        .filter_map(|a| a.as_str())
        .collect();
    for id in ["a", "b", "c1"] {
        assert!(ids.contains(&id), "article id {id} missing: {ids:?}");
    }
}

#[test]
fn standard_input_reads_a_jsonl_batch() {
    let kg = Kg::new();
    let input = b"{\"id\": \"s1\", \"text\": \"Anja Holt met Tomas Rivera in Oslo.\"}\n";
    let run = kg.run_with_stdin(&["ingest", "-"], Some(input)).expect(0);
    assert!(run.stdout.contains("1 new"), "{}", run.stdout);
    assert_eq!(triples(&kg.export()), vec!["Anja Holt met-with Tomas Rivera"]);
}

#[test]
fn reingesting_unchanged_articles_changes_nothing() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let before = kg.run(&["export"]).expect(0).stdout;
    let run = kg.ingest(&[&fixture("articles")]);
    assert!(run.stdout.contains("0 new, 4 unchanged, 0 replaced, 0 failed"), "{}", run.stdout);
    assert_eq!(kg.run(&["export"]).expect(0).stdout, before);
}

#[test]
fn changed_article_replaces_its_old_facts() {
    let kg = Kg::new();
    let dir = kg.path("a");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("articles/met-and-envoy.txt"), dir.join("met-and-envoy.txt")).unwrap();
    kg.ingest(&[&dir]);
    let before = triples(&kg.export());
    assert!(before.contains(&"Tomas Rivera envoy-of Brazil".to_string()), "{before:?}");
    std::fs::copy(fixture("changed/met-and-envoy.txt"), dir.join("met-and-envoy.txt")).unwrap();
    let run = kg.ingest(&[&dir]);
    assert!(run.stdout.contains("0 new, 0 unchanged, 1 replaced"), "{}", run.stdout);
    let export = kg.export();
    let after = triples(&export);
    assert_eq!(after, vec!["Luís Montenegro leader-of Portugal", "Luís Montenegro met-with Anja Holt"]);
    // Entities only the old version named are gone, with their aliases.
    let names: Vec<&str> = export["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(!names.contains(&"Tomas Rivera") && !names.contains(&"Brazil"), "{names:?}");
    kg.run(&["show", "Rivera"]).expect(2);
    // The counts kept by each batch follow: what `stats` says is what the export holds.
    let stats = kg.run(&["stats", "--format", "json"]).expect(0).json();
    assert_eq!(stats["articles"], 1);
    assert_eq!(stats["entities"]["total"], names.len());
    assert_eq!(stats["relations"]["total"], 2);
    assert_eq!(stats["relations"]["by_type"]["envoy-of"], 0);
}

#[test]
fn replacement_keeps_facts_other_articles_still_support() {
    let kg = Kg::new();
    kg.write("one/x.txt", "Anja Holt met Tomas Rivera in Oslo on Monday.");
    kg.write("two/y.txt", "Tomas Rivera met Anja Holt in Rome on Friday.");
    kg.ingest(&[&kg.path("one"), &kg.path("two")]);
    kg.write("one/x.txt", "Anja Holt stayed home.");
    kg.ingest(&[&kg.path("one")]);
    let export = kg.export();
    assert_eq!(triples(&export).len(), 1);
    let evidence = export["relations"][0]["evidence"].as_array().unwrap();
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0]["article"], "y");
}

#[test]
fn bad_lines_are_reported_with_file_and_line_and_the_rest_goes_in() {
    let kg = Kg::new();
    let batch = kg.write(
        "b.jsonl",
        "{\"id\": \"ok1\", \"text\": \"Anja Holt met Tomas Rivera in Oslo.\"}\nnot json\n{\"id\": 7, \"text\": \"x\"}\n{\"text\": \"no id\"}\n{\"id\": \"e\", \"text\": \"  \"}\n{\"id\": \"ok2\", \"text\": \"Erik Sand met Carla Mendes in Rome.\"}\n",
    );
    kg.write("empty.txt", "");
    kg.write("bin.txt", [0u8, 159, 146, 150]);
    let run = kg
        .run(&[
            "ingest",
            batch.to_str().unwrap(),
            kg.path("empty.txt").to_str().unwrap(),
            kg.path("bin.txt").to_str().unwrap(),
            "missing.txt",
        ])
        .expect(1);
    assert!(run.stdout.contains("2 new, 0 unchanged, 0 replaced, 7 failed"), "{}", run.stdout);
    for needle in [
        "b.jsonl:2: malformed JSON",
        "b.jsonl:3: field \"id\" must be a string",
        "b.jsonl:4: missing required field \"id\"",
        "b.jsonl:5: article \"e\" has an empty \"text\"",
        "empty.txt: empty article",
        "bin.txt: binary file",
        "missing.txt: no such file or directory",
    ] {
        assert!(run.stderr.contains(needle), "missing {needle:?} in:\n{}", run.stderr);
    }
    assert_eq!(triples(&kg.export()).len(), 2);
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let kg = Kg::new();
    let mut bytes = b"Anja Holt met Tomas Rivera in Oslo. Caf".to_vec();
    bytes.push(0xe9);
    kg.write("latin1.txt", &bytes);
    let run = kg.run(&["ingest", kg.path("latin1.txt").to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("invalid UTF-8"), "{}", run.stderr);
    assert!(run.stdout.contains("1 new"));
}

#[test]
fn duplicate_ids_in_one_batch_keep_the_last_with_a_warning() {
    let kg = Kg::new();
    let batch = kg.write("d.jsonl", "{\"id\": \"d\", \"text\": \"Anja Holt met Tomas Rivera in Oslo.\"}\n{\"id\": \"d\", \"text\": \"Erik Sand met Carla Mendes in Rome.\"}\n");
    let run = kg.run(&["ingest", batch.to_str().unwrap()]).expect(0);
    assert!(run.stderr.contains("duplicate article id \"d\""), "{}", run.stderr);
    assert_eq!(triples(&kg.export()), vec!["Erik Sand met-with Carla Mendes"]);
}

#[test]
fn oversized_articles_are_refused() {
    let kg = Kg::new();
    kg.write("big.txt", "Anja Holt met Tomas Rivera. ".repeat(100));
    let run = kg.run(&["ingest", "--max-article-bytes", "1000", kg.path("big.txt").to_str().unwrap()]).expect(1);
    assert!(run.stderr.contains("over the limit of 1000"), "{}", run.stderr);
}

#[test]
fn same_person_in_two_articles_is_one_entity() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles")]);
    let export = kg.export();
    let holts: Vec<&serde_json::Value> =
        export["entities"].as_array().unwrap().iter().filter(|e| e["name"] == "Anja Holt").collect();
    assert_eq!(holts.len(), 1);
    assert_eq!(holts[0]["articles"].as_array().unwrap().len(), 3);
}

#[test]
fn one_person_spelt_differently_in_two_articles_is_one_node() {
    let kg = Kg::new();
    kg.write(
        "in/a.jsonl",
        concat!(
            "{\"id\": \"a1\", \"text\": \"Sergey Vetrov met Recep Ilkan Durmaz in Ankara. Durmaz hosted him.\"}\n",
            "{\"id\": \"a2\", \"text\": \"Sergei Vetrov met Ilkan Durmaz in Izmir. Mahmud Tarek met Anja Holt.\"}\n",
            "{\"id\": \"a3\", \"text\": \"Mahmoud Tarek met Erik Sand. Maria Vetrov met Carl Berg.\"}\n",
        ),
    );
    kg.ingest(&[&kg.path("in/a.jsonl")]);
    let export = kg.export();
    let people: Vec<(String, usize)> = export["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "person")
        .map(|e| (e["name"].as_str().unwrap().to_string(), e["articles"].as_array().unwrap().len()))
        .collect();
    for (name, articles) in [("Sergey Vetrov", 2), ("Recep Ilkan Durmaz", 2), ("Mahmoud Tarek", 2), ("Maria Vetrov", 1)]
    {
        assert!(people.contains(&(name.to_string(), articles)), "{name} in {articles} articles: {people:?}");
    }
    assert_eq!(people.len(), 7, "{people:?}");
}

#[test]
fn wire_copy_roles_across_sentences_and_delegations_reach_the_export() {
    let kg = Kg::new();
    kg.write(
        "in/wire.txt",
        "LIMA — Presidents Ana Ruiz of Chile and Ivo Tolan of Peru spoke at the summit on Monday.\n\n\
         Peruvian Mining Minister Nils Brand came to Lima at the head of a big delegation.\n\n\
         A French envoy arrived on Tuesday. The envoy, Paul Delorme, met Ana Ruiz.\n\n\
         Presidential spokesman Carl Berg said the talks would go on.",
    );
    kg.ingest(&[&kg.path("in/wire.txt")]);
    let t = triples(&kg.export());
    for want in [
        "Ana Ruiz leader-of Chile",
        "Ivo Tolan leader-of Peru",
        "Nils Brand envoy-of Peru",
        "Paul Delorme envoy-of France",
    ] {
        assert!(t.contains(&want.to_string()), "missing {want}: {t:?}");
    }
    // met-with is stored once, in either direction.
    assert!(
        t.contains(&"Paul Delorme met-with Ana Ruiz".to_string())
            || t.contains(&"Ana Ruiz met-with Paul Delorme".to_string()),
        "{t:?}"
    );
    // Two presidents in the article: "presidential" points at neither.
    assert!(t.iter().all(|r| !r.starts_with("Carl Berg aide-of")), "{t:?}");
}

#[test]
fn negated_planned_and_phoned_meetings_yield_no_met_with() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("articles/negated-meeting.txt")]);
    let t = triples(&kg.export());
    assert!(t.iter().all(|r| !r.contains("met-with") && !r.contains("leader-of") && !r.contains("demands")), "{t:?}");
    assert!(t.contains(&"Tomas Rivera spoke-with Erik Sand".to_string()), "{t:?}");
}

#[test]
fn user_lexicon_directory_teaches_new_names() {
    let kg = Kg::new();
    kg.write("lex/organizations.tsv", "Velmar Accord Group\tVAG\n");
    kg.write("a.txt", "Anja Holt, the VAG's special envoy, met Tomas Rivera in Oslo.");
    kg.run(&["ingest", "--lexicon", kg.path("lex").to_str().unwrap(), kg.path("a.txt").to_str().unwrap()]).expect(0);
    assert!(triples(&kg.export()).contains(&"Anja Holt envoy-of Velmar Accord Group".to_string()));
    kg.write("badlex/roles.tsv", "boss\tchief-thing\n");
    let run = kg
        .run(&["ingest", "--lexicon", kg.path("badlex").to_str().unwrap(), kg.path("a.txt").to_str().unwrap()])
        .expect(2);
    assert!(run.stderr.contains("roles.tsv:1:"), "{}", run.stderr);
}

#[test]
fn symlink_loops_are_reported_and_do_not_hang() {
    let kg = Kg::new();
    kg.write("tree/a.txt", "Anja Holt met Tomas Rivera in Oslo.");
    std::os::unix::fs::symlink(kg.path("tree"), kg.path("tree/loop")).unwrap();
    let run = kg.run(&["ingest", kg.path("tree").to_str().unwrap()]).expect(1);
    assert!(run.stdout.contains("1 new"), "{}", run.stdout);
    assert!(run.stderr.contains("symlink loop"), "{}", run.stderr);
}

#[test]
fn control_characters_and_odd_unicode_reach_json_and_dot_escaped() {
    let kg = Kg::new();
    kg.write(
        "odd.jsonl",
        "{\"id\": \"odd\\u0007id\\u202e\", \"text\": \"Zoë Ünal met Ångström Berg in Oslo.\\u0000 \\u202e\\u0001\"}\n",
    );
    kg.run(&["ingest", kg.path("odd.jsonl").to_str().unwrap()]).expect(0);
    let json = kg.run(&["export"]).expect(0);
    let parsed = json.json();
    let names: Vec<&str> = parsed["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Zoë Ünal") && names.contains(&"Ångström Berg"), "{names:?}");
    assert_eq!(parsed["relations"][0]["evidence"][0]["article"], "odd\u{7}id\u{202e}");
    assert!(json.stdout.contains("odd\\u0007id"), "control characters are escaped in JSON");
    let dot = kg.run(&["export", "--format", "dot"]).expect(0).stdout;
    dot_parser::ast::Graph::try_from(dot.as_str()).unwrap_or_else(|e| panic!("{e}\n{dot}"));
    assert!(dot.contains("\"Zoë Ünal\"") && !dot.contains('\u{0}') && !dot.contains('\u{7}'));
}

#[test]
fn ingest_summary_in_json_counts_every_outcome() {
    let kg = Kg::new();
    kg.write("in/a.txt", "Anja Holt met Tomas Rivera in Oslo.");
    kg.write("in/b.jsonl", "not json\n");
    let json = kg.run(&["ingest", "--format", "json", kg.path("in").to_str().unwrap()]).expect(1).json();
    assert_eq!(json["articles"]["new"], 1);
    assert_eq!(json["articles"]["failed"], 1);
    assert_eq!(json["store"]["relations"], 1);
}

#[test]
fn the_graph_does_not_depend_on_the_number_of_extraction_threads() {
    let one = Kg::new();
    let two = Kg::new();
    one.run(&["ingest", "--jobs", "1", fixture("articles").to_str().unwrap()]).expect(0);
    two.run(&["ingest", "--jobs", "4", fixture("articles").to_str().unwrap()]).expect(0);
    assert_eq!(one.run(&["export"]).expect(0).stdout, two.run(&["export"]).expect(0).stdout);
}

/// A JSONL batch of `n` short articles, each naming two people who meet.
fn meeting_batch(n: usize) -> String {
    (0..n)
        .map(|i| {
            let text = format!("Anja Holt{i} met Tomas Rivera{i} in Oslo on Monday. They discussed trade at length.");
            format!("{}\n", serde_json::json!({"id": format!("m{i}"), "text": text}))
        })
        .collect()
}

#[test]
#[ignore = "needs script (util-linux) for a pseudo-terminal (.ci/run installs it)"]
fn progress_shows_rates_and_eta_on_a_terminal_and_nothing_in_a_pipe() {
    let kg = Kg::new();
    let input = kg.write("batch.jsonl", meeting_batch(3000));
    // Through `script`, standard error is a pseudo-terminal, as in an interactive shell.
    let line = format!("{} --db {} ingest {}", env!("CARGO_BIN_EXE_kg"), kg.db().display(), input.display());
    let out = std::process::Command::new("script").args(["-qec", &line, "/dev/null"]).output();
    let out = out.expect("script (util-linux) runs a command on a pseudo-terminal; .ci/run installs it");
    let screen = String::from_utf8_lossy(&out.stdout);
    for shown in ["ETA", "/s ", "articles (", "KiB", "articles: 3000 new"] {
        assert!(screen.contains(shown), "{shown:?} not on the terminal:\n{screen}");
    }
    // In a pipe (as here), the summary alone.
    let again = Kg::new();
    let run = again.run(&["ingest", input.to_str().unwrap()]).expect(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run.stdout.starts_with("articles: 3000 new"), "{}", run.stdout);
}

#[test]
fn a_lexicon_fix_reaches_articles_already_ingested_and_reextract_forces_it() {
    let kg = Kg::new();
    kg.write("in/a.txt", "Anja Holt met Tomas Rivera in Oslo. The Zorvani Accord Council demanded a ceasefire.");
    let (input, lexicon) = (kg.path("in"), kg.path("lex"));
    let ingest = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec!["ingest", input.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(extra);
        kg.run(&args).expect(0).json()["articles"].clone()
    };
    assert_eq!(ingest(&[])["new"], 1);
    assert_eq!(ingest(&[])["unchanged"], 1, "the same text and rules: nothing to do");
    // A lexicon file changes the rules: the unchanged article is read again.
    kg.write("lex/organizations.tsv", "Zorvani Accord Council\tZAC\n");
    let with_lexicon = ["--lexicon", lexicon.to_str().unwrap()];
    assert_eq!(ingest(&with_lexicon)["replaced"], 1);
    assert_eq!(ingest(&with_lexicon)["unchanged"], 1);
    // A rejection survives a forced re-extraction.
    kg.run(&["reject", "Anja Holt", "met-with", "Tomas Rivera"]).expect(0);
    assert_eq!(ingest(&[with_lexicon[0], with_lexicon[1], "--reextract"])["replaced"], 1);
    let json = kg.run(&["query", "neighbors", "Anja Holt", "--format", "json"]).expect(0).json();
    assert!(json["neighbors"].as_array().unwrap().iter().all(|n| n["name"] != "Tomas Rivera"), "{json}");
    kg.run(&["check"]).expect(0);
}

#[test]
fn a_lone_surname_in_a_later_article_is_the_one_known_person_who_carries_it() {
    let kg = Kg::new();
    kg.write("one.txt", "Daniel Okonkwo met Anja Holt in Lagos on Monday.");
    kg.write("two.txt", "Okonkwo met Foreign Minister Lena Haugland in Oslo on Tuesday.");
    // In one batch, and in two ingests: the meeting is Daniel Okonkwo's either way.
    kg.run(&["--quiet", "ingest", "one.txt", "two.txt"]).expect(0);
    let run = kg.run(&["query", "neighbors", "Daniel Okonkwo"]).expect(0);
    assert!(run.stdout.contains("Lena Haugland") && run.stdout.contains("Anja Holt"), "{}", run.stdout);
    let other = Kg::new();
    other.write("one.txt", "Daniel Okonkwo met Anja Holt in Lagos on Monday.");
    other.write("two.txt", "Okonkwo met Foreign Minister Lena Haugland in Oslo on Tuesday.");
    other.run(&["--quiet", "ingest", "one.txt"]).expect(0);
    other.run(&["--quiet", "ingest", "two.txt"]).expect(0);
    let run = other.run(&["query", "neighbors", "Daniel Okonkwo"]).expect(0);
    assert!(run.stdout.contains("Lena Haugland"), "{}", run.stdout);
    // Two known people with the surname: the lone form links neither.
    let two = Kg::new();
    two.write("one.txt", "Daniel Okonkwo met Anja Holt in Lagos. Grace Okonkwo met Erik Sand in Accra.");
    two.write("two.txt", "Okonkwo met Foreign Minister Lena Haugland in Oslo on Tuesday.");
    two.run(&["--quiet", "ingest", "one.txt"]).expect(0);
    two.run(&["--quiet", "ingest", "two.txt"]).expect(0);
    let run = two.run(&["query", "neighbors", "Daniel Okonkwo"]).expect(0);
    assert!(!run.stdout.contains("Lena Haugland"), "{}", run.stdout);
}
