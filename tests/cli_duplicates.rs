//! `kg duplicates`: merge candidates, best first, on invented articles that spell one entity
//! two ways (`fixtures/duplicates/`).

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
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].contains("person  Daniel Okonkwo (e"), "{}", run.stdout);
    assert!(lines[0].contains(", 2 articles)  ~  Daniel Okonkow (e"), "{}", run.stdout);
    assert!(
        lines[1].starts_with("      surname \"okonkwo\" ~ \"okonkow\" (0.97); same given name \"daniel\""),
        "{}",
        run.stdout
    );
    assert_eq!(lines[2], "      kg merge \"Daniel Okonkwo\" \"Daniel Okonkow\"");
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
