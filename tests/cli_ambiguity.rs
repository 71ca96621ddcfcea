//! A name that fits several entities: the error lists each (id, type, articles, first and last
//! date) and says how to choose one, by id or by type; every command that takes an entity
//! takes either. Invented articles (`fixtures/ambiguity.jsonl`) where "Kessary" is a town and
//! a mayor, and two people share the surname "Sand".

use crate::util::{fixture, Kg};

/// A store of the articles, and the ids of the mayor and the town called Kessary.
fn store() -> (Kg, String, String) {
    let kg = Kg::new();
    kg.ingest(&[&fixture("ambiguity.jsonl")]);
    let json = kg.run(&["entities", "--format", "json"]).expect(0).json();
    let id = |kind: &str| {
        let entities = json["entities"].as_array().expect("entities");
        let e = entities.iter().find(|e| e["name"] == "Kessary" && e["type"] == kind);
        e.unwrap_or_else(|| panic!("no {kind} Kessary in {json:#}"))["id"].as_str().unwrap().to_string()
    };
    let (person, place) = (id("person"), id("place"));
    (kg, person, place)
}

#[test]
fn a_name_held_by_a_person_and_a_place_lists_both_with_dates_and_says_how_to_choose() {
    let (kg, person, place) = store();
    let run = kg.run(&["show", "Kessary"]).expect(2);
    let expected = format!(
        "kg: \"Kessary\" is ambiguous: it names 2 entities
  {person}  person  Kessary  2 articles  2025-04-12 to 2025-05-02  choose with {person} or --type person
  {place}  place   Kessary  1 article   2025-04-09                choose with {place} or --type place
give the id instead of the name, or the type with --type
"
    );
    assert_eq!(run.stderr, expected);
    assert_eq!(run.stdout, "");
    // Either way of choosing answers.
    let by_type = kg.run(&["show", "Kessary", "--type", "place", "--format", "json"]).expect(0).json();
    assert_eq!((&by_type["id"], &by_type["type"]), (&place.as_str().into(), &"place".into()));
    let by_id = kg.run(&["show", &person, "--format", "json"]).expect(0).json();
    assert_eq!(by_id["type"], "person");
    assert_eq!(by_id["articles"].as_array().unwrap().len(), 2);
}

#[test]
fn people_who_share_a_surname_are_told_apart_by_id_and_type_does_not_pretend_to() {
    let (kg, _, _) = store();
    let run = kg.run(&["query", "neighbors", "Sand"]).expect(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stderr);
    assert!(lines[1].contains("person  Anna Sand  1 article  2025-03-01  choose with e"), "{}", run.stderr);
    assert!(lines[2].contains("person  Erik Sand  1 article  2025-03-20  choose with e"), "{}", run.stderr);
    assert!(!run.stderr.contains("or --type person"), "{}", run.stderr);
    assert_eq!(lines[3], "give the id instead of the name: both are of type person, so --type cannot tell them apart");
    kg.run(&["query", "neighbors", "Sand", "--type", "person"]).expect(2);
    let id = lines[2].split_whitespace().next().unwrap();
    let json = kg.run(&["query", "neighbors", id, "--format", "json"]).expect(0).json();
    assert_eq!(json["entity"]["name"], "Erik Sand");
}

#[test]
fn a_type_the_name_does_not_have_is_refused_saying_what_it_names() {
    let (kg, person, place) = store();
    let run = kg.run(&["show", "Kessary", "--type", "organization"]).expect(2);
    assert_eq!(
        run.stderr,
        format!(
            "kg: \"Kessary\" names no organization; it names Kessary ({person}, person), Kessary ({place}, place)\n"
        )
    );
    let run = kg.run(&["timeline", &place, "--type", "person"]).expect(2);
    assert_eq!(run.stderr, format!("kg: {place} is Kessary ({place}, place), not a person\n"));
    let run = kg.run(&["show", "Kessary", "--type", "planet"]).expect(2);
    assert!(run.stderr.contains("unknown entity type \"planet\""), "{}", run.stderr);
    // A word of a name finds the entity of that type, and says what it is when it is not.
    kg.run(&["show", "Lindqvist", "--type", "person"]).expect(0);
    let run = kg.run(&["show", "Lindqvist", "--type", "place"]).expect(2);
    assert!(run.stderr.contains("\"Lindqvist\" names no place; it names Marta Lindqvist (e"), "{}", run.stderr);
}

#[test]
fn every_reading_command_takes_an_id_or_a_type_for_an_ambiguous_name() {
    let (kg, person, place) = store();
    // (command with the ambiguous name, the flag its error names, the same with the type, with the id)
    type Case<'a> = (Vec<&'a str>, &'a str, Vec<&'a str>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            vec!["timeline", "Kessary"],
            "--type",
            vec!["timeline", "Kessary", "--type", "person"],
            vec!["timeline", &person],
        ),
        (
            vec!["query", "neighbors", "Kessary"],
            "--type",
            vec!["query", "neighbors", "Kessary", "--type", "place"],
            vec!["query", "neighbors", &place],
        ),
        (
            vec!["query", "path", "Kessary", "Rivera"],
            "--from-type",
            vec!["query", "path", "Kessary", "Rivera", "--from-type", "person"],
            vec!["query", "path", &person, "Rivera"],
        ),
        (
            vec!["query", "path", "Holt", "Kessary"],
            "--to-type",
            vec!["query", "path", "Holt", "Kessary", "--to-type", "person"],
            vec!["query", "path", "Holt", &person],
        ),
        (
            vec!["export", "--around", "Kessary"],
            "--type",
            vec!["export", "--around", "Kessary", "--type", "person"],
            vec!["export", "--around", &person],
        ),
    ];
    for (ambiguous, flag, typed, by_id) in cases {
        let run = kg.run(&ambiguous).expect(2);
        assert!(run.stderr.contains(&format!("choose with {person} or {flag} person")), "{}", run.stderr);
        let (a, b) = (kg.run(&typed).expect(0).stdout, kg.run(&by_id).expect(0).stdout);
        assert_eq!(a, b, "{typed:?} and {by_id:?} chose differently");
    }
    let json = kg.run(&["export", "--around", "Kessary", "--type", "person"]).expect(0).json();
    let names: Vec<&str> = json["entities"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Tomas Rivera") && names.contains(&"Anja Holt"), "{names:?}");
    assert!(!names.contains(&"Marta Lindqvist"), "the town's neighbour: {names:?}");
    // `--type` of export is the --around entity's.
    kg.run(&["export", "--type", "person"]).expect(2);
}

#[test]
fn every_correction_takes_an_id_or_a_type_for_an_ambiguous_name() {
    let (kg, person, place) = store();
    let before = kg.export();
    // Each refused while ambiguous, naming its flag, and nothing written.
    let refused: &[(&[&str], &str)] = &[
        (&["rename", "Kessary", "Ilsa Kessary"], "--type"),
        (&["retype", "Kessary", "organization"], "--type"),
        (&["merge", "Kessary", "Rivera"], "--type"),
        (&["unmerge", "Kessary", "Mayor Kessary"], "--type"),
        (&["reject", "Kessary", "met-with", "Rivera"], "--source-type"),
        (&["assert", "Holt", "met-with", "Kessary", "--note", "n"], "--target-type"),
        (&["duplicates", "--dismiss", "Kessary", "Rivera"], "--type"),
    ];
    for (args, flag) in refused {
        let run = kg.run(args).expect(2);
        assert!(run.stderr.contains(&format!("choose with {place} or {flag} place")), "{args:?}: {}", run.stderr);
    }
    assert_eq!(kg.export(), before);
    assert!(kg.run(&["corrections", "list"]).expect(0).stdout.contains("no corrections"));
    // Chosen by type or by id, each goes through.
    let run = kg.run(&["rename", "Kessary", "Ilsa Kessary", "--type", "person"]).expect(0);
    assert!(run.stdout.contains("renamed Kessary to Ilsa Kessary"), "{}", run.stdout);
    kg.run(&["corrections", "undo", "1"]).expect(0);
    kg.run(&["reject", "Kessary", "met-with", "Rivera", "--source-type", "person"]).expect(0);
    kg.run(&["assert", "Holt", "met-with", "Kessary", "--target-type", "place", "--note", "at the town hall"])
        .expect(0);
    kg.run(&["retype", &place, "organization"]).expect(0);
    let show = kg.run(&["show", &place, "--format", "json"]).expect(0).json();
    assert_eq!(show["type"], "organization");
    assert!(show["relations"].to_string().contains("at the town hall"), "{show}");
    let person_now = kg.run(&["show", &person, "--format", "json"]).expect(0).json();
    assert!(!person_now["relations"].to_string().contains("Tomas Rivera"), "{person_now}");
    kg.run(&["check"]).expect(0);
}

#[test]
fn through_a_server_the_ambiguity_is_the_same_message_and_the_api_gives_the_candidates() {
    let (kg, person, place) = store();
    let alone = kg.run(&["show", "Kessary"]).expect(2);
    let served = crate::serve::Served::start(&kg, &[]);
    let via = kg.run(&["show", "Kessary"]).expect(2);
    assert_eq!(via.stderr, alone.stderr);
    let (status, body) = served.get("/api/show?entity=Kessary");
    assert_eq!(status, 409, "{body}");
    let candidates = body["candidates"].as_array().expect("candidates");
    assert_eq!(candidates.len(), 2, "{body}");
    assert_eq!(candidates[0]["id"], person.as_str());
    assert_eq!(
        (&candidates[0]["first_seen"], &candidates[0]["last_seen"]),
        (&"2025-04-12".into(), &"2025-05-02".into())
    );
    assert_eq!((&candidates[1]["type"], &candidates[1]["articles"]), (&"place".into(), &1.into()));
    let (status, body) = served.get("/api/show?entity=Kessary&type=place");
    assert_eq!((status, &body["id"]), (200, &place.as_str().into()), "{body}");
    let (status, body) = served.get("/api/path?from=Kessary&to=Rivera&from_type=person");
    assert_eq!(status, 200, "{body}");
    kg.run(&["rename", "Kessary", "Ilsa Kessary", "--type", "person"]).expect(0);
    drop(served);
    assert!(kg.run(&["show", &person]).expect(0).stdout.starts_with("Ilsa Kessary"));
}

/// The type of the entity named exactly `name` in the store, from `kg entities`.
fn type_of(kg: &Kg, name: &str) -> String {
    let json = kg.run(&["entities", "--format", "json"]).expect(0).json();
    let all = json["entities"].as_array().expect("entities");
    let e = all.iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("no {name}: {json}"));
    e["type"].as_str().expect("type").to_string()
}

#[test]
fn names_are_typed_by_their_shape_so_that_one_name_is_not_two_entities() {
    let kg = Kg::new();
    kg.write(
        "in/a.jsonl",
        concat!(
            r#"{"id":"a","date":"2026-02-02","text":"Mira Castelli's envoy Tomas Brekke met Sofia Marren in Oslo. West Dorvania's envoy Ivo Lang met Marren too."}"#,
            "\n",
            r#"{"id":"b","date":"2026-02-03","text":"Korvel Minerals and Ostrand Airlines signed a deal in Port Kelvar. Steel prices rose. Aung San Suu Kyi visited San Teodoro."}"#,
            "\n"
        ),
    );
    kg.ingest(&[&kg.path("in/a.jsonl")]);
    // A possessive is a person's ("Mira Castelli's envoy"), never a nationality's.
    assert_eq!(type_of(&kg, "Mira Castelli"), "person");
    // A compass word or a town prefix leads a place; a company's head noun ends its name.
    assert_eq!(type_of(&kg, "West Dorvania"), "place");
    assert_eq!(type_of(&kg, "Port Kelvar"), "place");
    assert_eq!(type_of(&kg, "San Teodoro"), "place");
    assert_eq!(type_of(&kg, "Aung San Suu Kyi"), "person");
    assert_eq!(type_of(&kg, "Korvel Minerals"), "organization");
    assert_eq!(type_of(&kg, "Ostrand Airlines"), "organization");
    let json = kg.run(&["entities", "--format", "json"]).expect(0).json();
    assert!(!json.to_string().contains("\"Steel\""), "a sentence's first word is no company: {json}");
    // Typed once, each name is one entity: a query by name is answered.
    kg.run(&["query", "neighbors", "Mira Castelli"]).expect(0);
}
