//! `kg duplicates`: merge candidates, best first, on invented articles that spell one entity
//! two ways (`fixtures/duplicates/`); `kg duplicates --dismiss`, which records a pair as two
//! entities for good.

use crate::util::{fixture, Kg};

fn store() -> Kg {
    let kg = Kg::new();
    kg.ingest(&[&fixture("duplicates")]);
    kg
}

/// The candidate joining two names, from `--format json`, either way round.
fn pair<'a>(json: &'a serde_json::Value, x: &str, y: &str) -> Option<&'a serde_json::Value> {
    json.as_array().expect("an array").iter().find(|d| {
        let (a, b) = (d["a"]["name"].as_str().unwrap_or(""), d["b"]["name"].as_str().unwrap_or(""));
        (a == x && b == y) || (a == y && b == x)
    })
}

#[test]
fn a_slipped_letter_is_one_high_scoring_candidate_that_keeps_the_entity_with_more_articles() {
    let kg = store();
    let json = kg.run(&["duplicates", "--type", "person", "--format", "json"]).expect(0).json();
    let d = pair(&json, "Daniel Okonkwo", "Daniel Okonkow").expect("Okonkwo and Okonkow are a candidate");
    assert!(d["score"].as_f64().unwrap() >= 0.8, "{d:#}");
    assert_eq!(d["a"]["name"], "Daniel Okonkwo");
    assert_eq!(d["a"]["articles"], 2);
    assert_eq!(d["b"]["articles"], 1);
    assert_eq!(d["a"]["type"], "person");
    assert!(d["a"]["id"].as_str().unwrap().starts_with('e'));
    assert_eq!(d["merge"], "kg merge \"Daniel Okonkwo\" \"Daniel Okonkow\"");
    assert_eq!(d["dismiss"], "kg duplicates --dismiss \"Daniel Okonkwo\" \"Daniel Okonkow\"");
    let reasons: Vec<&str> = d["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(reasons.contains(&"surname \"okonkwo\" ~ \"okonkow\" (0.97)"), "{reasons:?}");
    assert!(reasons.contains(&"1 shared neighbour"), "{reasons:?}");
    assert!(reasons.contains(&"articles 2 days apart"), "{reasons:?}");
    // Sharing only "Daniel" is no evidence.
    assert!(pair(&json, "Daniel Okonkwo", "Daniel Mensah").is_none(), "{json:#}");
    assert!(pair(&json, "Daniel Okonkow", "Daniel Mensah").is_none(), "{json:#}");
}

#[test]
fn punctuation_and_british_spelling_are_candidates_of_their_own_type() {
    // Ingest already links these spellings; a store imported from elsewhere may not have.
    let kg = Kg::new();
    kg.run(&["import", &fixture("duplicates-split.json").display().to_string()]).expect(0);
    let json = kg.run(&["duplicates", "--format", "json"]).expect(0).json();
    let bush = pair(&json, "George W. Bush", "George W Bush").expect("the two Bushes");
    assert!(bush["score"].as_f64().unwrap() >= 0.8, "{bush:#}");
    assert_eq!(bush["reasons"][0], "same name once folded: \"george w bush\"");
    let plo = pair(&json, "Palestine Liberation Organisation", "Palestine Liberation Organization")
        .expect("the two spellings of the PLO");
    assert_eq!(plo["a"]["type"], "organization");
    assert_eq!(plo["b"]["type"], "organization");
    assert!(pair(&json, "George W. Bush", "George Osborne").is_none(), "{json:#}");
    // Best first.
    let scores: Vec<f64> = json.as_array().unwrap().iter().map(|d| d["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let orgs = kg.run(&["duplicates", "--type", "organization", "--format", "json"]).expect(0).json();
    assert_eq!(orgs.as_array().unwrap().len(), 1, "{orgs:#}");
    let one = kg.run(&["duplicates", "--limit", "1", "--format", "json"]).expect(0).json();
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["a"]["name"], "George W. Bush");
}

#[test]
fn the_table_gives_each_candidate_its_score_evidence_and_merge() {
    let kg = store();
    let run = kg.run(&["duplicates", "--type", "person", "--limit", "1"]).expect(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[0].contains("person  Daniel Okonkwo (e"), "{}", run.stdout);
    assert!(lines[0].contains(", 2 articles)  ~  Daniel Okonkow (e"), "{}", run.stdout);
    assert!(
        lines[1].starts_with("      surname \"okonkwo\" ~ \"okonkow\" (0.97); same given name \"daniel\""),
        "{}",
        run.stdout
    );
    assert_eq!(lines[2], "      kg merge \"Daniel Okonkwo\" \"Daniel Okonkow\"");
    assert_eq!(lines[3], "      kg duplicates --dismiss \"Daniel Okonkwo\" \"Daniel Okonkow\"");
    let run = kg.run(&["duplicates", "--type", "concept"]).expect(0);
    assert_eq!(run.stdout, "no duplicate candidates\n");
}

#[test]
fn a_merge_it_suggests_joins_the_pair_and_the_candidate_goes() {
    let kg = store();
    kg.run(&["merge", "Daniel Okonkwo", "Daniel Okonkow"]).expect(0);
    let json = kg.run(&["duplicates", "--type", "person", "--format", "json"]).expect(0).json();
    assert!(pair(&json, "Daniel Okonkwo", "Daniel Okonkow").is_none(), "{json:#}");
}

#[test]
fn bad_options_are_usage_errors() {
    let kg = store();
    let run = kg.run(&["duplicates", "--type", "planet"]).expect(2);
    assert!(run.stderr.contains("unknown entity type"), "{}", run.stderr);
    let run = kg.run(&["duplicates", "--limit", "0"]).expect(2);
    assert!(run.stderr.contains("limit must be between 1 and 10000"), "{}", run.stderr);
    let help = kg.run(&["duplicates", "--help"]).expect(0);
    assert!(help.stdout.contains("kg merge \"Daniel Okonkwo\" \"Daniel Okonkow\""), "{}", help.stdout);
}

/// The person pairs `kg duplicates --format json` lists, as "a ~ b" names.
fn listed(kg: &Kg) -> Vec<String> {
    let json = kg.run(&["duplicates", "--type", "person", "--format", "json"]).expect(0).json();
    json.as_array()
        .expect("an array")
        .iter()
        .map(|d| format!("{} ~ {}", d["a"]["name"].as_str().unwrap(), d["b"]["name"].as_str().unwrap()))
        .collect()
}

const PAIR: &str = "Daniel Okonkwo ~ Daniel Okonkow";

#[test]
fn a_dismissed_pair_is_a_correction_and_never_listed_again_until_it_is_undone() {
    let kg = store();
    assert_eq!(listed(&kg), [PAIR]);
    let run =
        kg.run(&["duplicates", "--dismiss", "Daniel Okonkow", "Daniel Okonkwo", "--note", "two cousins"]).expect(0);
    assert_eq!(
        run.stdout,
        "correction 1: recorded Daniel Okonkwo (e1) and Daniel Okonkow (e4) as two entities: kg duplicates will not list them as a pair again\n"
    );
    assert!(listed(&kg).is_empty());
    assert_eq!(kg.run(&["duplicates", "--type", "person"]).expect(0).stdout, "no duplicate candidates\n");
    let log = kg.run(&["corrections", "list", "--format", "json"]).expect(0).json();
    let entry = &log["corrections"][0];
    assert_eq!(
        (&entry["op"], &entry["source"], &entry["target"]),
        (&"dismiss".into(), &"Daniel Okonkwo".into(), &"Daniel Okonkow".into())
    );
    assert_eq!((&entry["note"], &entry["in_effect"]), (&"two cousins".into(), &true.into()));
    kg.run(&["check"]).expect(0);
    let run = kg.run(&["corrections", "undo", "1"]).expect(0);
    assert!(run.stdout.contains("kg duplicates may list the pair again"), "{}", run.stdout);
    assert_eq!(listed(&kg), [PAIR]);
    kg.run(&["check"]).expect(0);
}

#[test]
fn a_dismissal_holds_after_a_reextract_an_export_and_import_and_a_replayed_log() {
    let kg = store();
    kg.run(&["duplicates", "--dismiss", "e1", "e4"]).expect(0);
    kg.run(&["ingest", "--reextract", fixture("duplicates").to_str().unwrap()]).expect(0);
    assert!(listed(&kg).is_empty());
    kg.run(&["check"]).expect(0);
    // The graph exported and imported: the log goes with it.
    let graph = kg.path("graph.json");
    kg.run(&["export", "--output", graph.to_str().unwrap()]).expect(0);
    let copy = Kg::at(&kg.path("copy.sled"));
    copy.run(&["import", graph.to_str().unwrap()]).expect(0);
    assert!(listed(&copy).is_empty());
    copy.run(&["check"]).expect(0);
    // The log replayed on another store of the same articles, twice: once in.
    let file = kg.path("corrections.jsonl");
    kg.run(&["corrections", "export", file.to_str().unwrap()]).expect(0);
    assert!(std::fs::read_to_string(&file).unwrap().contains("\"op\":\"dismiss\""));
    let team = store();
    assert_eq!(listed(&team), [PAIR]);
    let run = team.run(&["corrections", "import", file.to_str().unwrap()]).expect(0);
    assert!(
        run.stdout.contains("recorded Daniel Okonkwo (e1) and Daniel Okonkow (e4) as two entities"),
        "{}",
        run.stdout
    );
    assert!(listed(&team).is_empty());
    let run = team.run(&["corrections", "import", file.to_str().unwrap()]).expect(0);
    assert!(run.stdout.contains("imported 0 corrections; 1 already in the log"), "{}", run.stdout);
    team.run(&["check"]).expect(0);
}

#[test]
fn dismissing_an_unknown_entity_one_entity_twice_or_two_types_is_refused_and_writes_nothing() {
    let kg = store();
    let before = kg.export();
    let cases: &[(&[&str], &str)] = &[
        (&["Daniel Okonkwo", "Daniel Okonkwu"], "kg: unknown entity \"Daniel Okonkwu\"; did you mean: "),
        (&["e99", "e1"], "kg: unknown entity \"e99\""),
        (
            &["Daniel Okonkwo", "e1"],
            "kg: \"Daniel Okonkwo\" and \"e1\" are both Daniel Okonkwo (e1, person): one entity cannot be recorded as two; nothing dismissed\n",
        ),
        (
            &["Daniel Okonkwo", "Oslo"],
            "kg: Daniel Okonkwo (e1, person) and Oslo (e3, place) are of two types: kg duplicates only pairs entities of one type, so there is nothing to dismiss\n",
        ),
    ];
    for (pair, message) in cases {
        let run = kg.run(&["duplicates", "--dismiss", pair[0], pair[1]]).expect(2);
        assert!(run.stderr.starts_with(message), "{pair:?}: {}", run.stderr);
    }
    // With --type, both names are looked up as that type.
    let run = kg.run(&["duplicates", "--dismiss", "Daniel Okonkwo", "Oslo", "--type", "person"]).expect(2);
    assert!(run.stderr.contains("\"Oslo\" names no person; it names Oslo (e3, place)"), "{}", run.stderr);
    let run = kg.run(&["duplicates", "--dismiss", "e1"]).expect(2);
    assert!(run.stderr.contains("2 values required"), "{}", run.stderr);
    kg.run(&["duplicates", "--dismiss", "e1", "e4", "--limit", "2"]).expect(2);
    assert_eq!(kg.export(), before);
    assert!(kg.run(&["corrections", "list"]).expect(0).stdout.contains("no corrections"));
    kg.run(&["check"]).expect(0);
}

#[test]
fn dismissing_a_pair_again_says_so_and_writes_nothing() {
    let kg = store();
    kg.run(&["duplicates", "--dismiss", "Daniel Okonkwo", "Daniel Okonkow"]).expect(0);
    let log = kg.run(&["corrections", "list", "--format", "json"]).expect(0).stdout;
    for pair in [["Daniel Okonkwo", "Daniel Okonkow"], ["e4", "e1"]] {
        let run = kg.run(&["duplicates", "--dismiss", pair[0], pair[1], "--note", "again"]).expect(0);
        assert_eq!(
            run.stdout,
            "Daniel Okonkwo (e1) and Daniel Okonkow (e4) are already recorded as two entities (correction 1): nothing written\n"
        );
    }
    assert_eq!(kg.run(&["corrections", "list", "--format", "json"]).expect(0).stdout, log);
}

#[test]
fn a_dismissed_pair_cannot_be_merged_and_a_merge_into_a_third_keeps_them_apart() {
    let kg = store();
    kg.run(&["duplicates", "--dismiss", "Daniel Okonkwo", "Daniel Okonkow"]).expect(0);
    let before = kg.export();
    let run = kg.run(&["merge", "Daniel Okonkwo", "Daniel Okonkow"]).expect(2);
    assert!(
        run.stderr.contains(
            "contradicts correction 1, which records them as two entities: undo it first (kg corrections undo 1)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(kg.export(), before);
    // Okonkow turns out to be Mensah: still not Okonkwo.
    kg.run(&["merge", "Daniel Mensah", "Daniel Okonkow"]).expect(0);
    kg.run(&["check"]).expect(0);
    let run = kg.run(&["merge", "Daniel Okonkwo", "Daniel Mensah"]).expect(2);
    assert!(run.stderr.contains("contradicts correction 1"), "{}", run.stderr);
    // Undone, the merge gives the dismissal back to Okonkow.
    kg.run(&["corrections", "undo", "2"]).expect(0);
    kg.run(&["check"]).expect(0);
    assert!(listed(&kg).is_empty());
    kg.run(&["merge", "Daniel Okonkwo", "Daniel Mensah"]).expect(0);
    kg.run(&["check"]).expect(0);
}

#[test]
fn a_dismissal_through_a_server_is_the_same_correction_and_the_api_leaves_the_pair_out() {
    let kg = store();
    let served = crate::serve::Served::start(&kg, &[]);
    let (_, before) = served.get("/api/duplicates?type=person");
    assert_eq!(before.as_array().map(Vec::len), Some(1), "{before}");
    let run = kg.run(&["duplicates", "--dismiss", "Daniel Okonkwo", "Daniel Okonkow"]).expect(0);
    assert!(
        run.stdout.starts_with("correction 1: recorded Daniel Okonkwo (e1) and Daniel Okonkow (e4)"),
        "{}",
        run.stdout
    );
    let (status, after) = served.get("/api/duplicates?type=person");
    assert_eq!((status, after), (200, serde_json::json!([])));
    let again = served.post("/api/corrections", br#"{"op": "dismiss", "a": "e4", "b": "e1"}"#, None);
    assert_eq!(again.0, 200, "{}", again.1);
    assert_eq!(again.1["applied"], serde_json::json!([]));
    assert_eq!(again.1["already"]["n"], 1);
    let (status, body) = served.post("/api/corrections", br#"{"op": "dismiss", "a": "e1", "b": "Oslo"}"#, None);
    assert_eq!(status, 400, "{body}");
    assert!(body["error"].as_str().unwrap().contains("are of two types"), "{body}");
    drop(served);
    assert!(listed(&kg).is_empty());
}
