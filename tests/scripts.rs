//! The measuring scripts of `scripts/`, run by python3 on invented fixtures: `name_splits.py`
//! (issue 25), on two invented articles with their gold (`fixtures/name_splits/`).

use crate::util::{fixture, Kg};
use std::path::Path;
use std::process::Command;

/// Runs `scripts/name_splits.py ARGS`, failing the test (saying what to install) when python3
/// cannot be run: these tests are `#[ignore = "needs python3 ..."]`, run by `.ci/run`.
fn name_splits(args: &[&str]) -> crate::util::Run {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/name_splits.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("this test needs python3 (apt-get install python3): {e}"));
    crate::util::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        cmd: format!("python3 {} {}", script.display(), args.join(" ")),
    }
}

fn gold() -> String {
    fixture("name_splits/gold").display().to_string()
}

/// The gold entity (or joining node) of a `--json` report whose name field is `name`.
fn named<'a>(list: &'a serde_json::Value, field: &str, name: &str) -> &'a serde_json::Value {
    list.as_array()
        .expect("an array")
        .iter()
        .find(|g| g[field] == name)
        .unwrap_or_else(|| panic!("no {name}: {list:#}"))
}

#[test]
#[ignore = "needs python3 (.ci/run installs it)"]
fn name_splits_finds_a_person_split_across_articles_an_acronym_split_in_one_and_a_node_joining_two_people() {
    let export = fixture("name_splits/export.json").display().to_string();
    let json = name_splits(&["--export", &export, &gold(), "--json"]).expect(0).json();
    assert_eq!(json["articles"], 2);
    // Haugland (two people), Okonkwo, the organisation, the Storting, the directorate.
    assert_eq!(json["gold_entities"], 6, "{json:#}");
    assert_eq!(json["in_two_or_more_articles"], 4, "{json:#}");
    assert_eq!(json["found"], 4);
    // The directorate has no node in the second article.
    assert_eq!(json["found_in_two_or_more_articles"], 3);
    assert_eq!(
        named(&json["gold"], "gold", "Fisheries Directorate")["unmatched_articles"],
        serde_json::json!(["ns2-quota-deal"])
    );

    // "Daniel Okonkow"'s gold lists "Daniel Okonkwo" as an alias: one person, on two nodes.
    let okonkwo = named(&json["gold"], "gold", "Daniel Okonkwo");
    assert_eq!(okonkwo["split"], true);
    assert_eq!(okonkwo["split_in_one_article"], false);
    let ids: Vec<&str> = okonkwo["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["e2", "e3"]);
    // The acronym and the full name are two nodes in the first article.
    let cfo = named(&json["gold"], "gold", "Coastal Fishing Organisation");
    assert_eq!(cfo["split_in_one_article"], true);
    assert_eq!(cfo["nodes"][1]["name"], "CFO");
    // The node "Norway" carries the alias "Storting" but is named by its own name in the
    // article: it is the country, and the Storting stays on one node.
    assert_eq!(named(&json["gold"], "gold", "Storting")["split"], false);
    assert_eq!(json["split"], 2);
    assert_eq!(json["split_in_one_article"], 1);

    assert_eq!(json["joining_nodes"], 1);
    let joined = named(&json["joins"], "id", "e1");
    let golds: Vec<&str> = joined["gold"].as_array().unwrap().iter().map(|g| g["gold"].as_str().unwrap()).collect();
    assert_eq!(golds, ["Lena Haugland", "Marta Haugland"]);

    // The table says the same.
    let table = name_splits(&["--export", &export, &gold()]).expect(0).stdout;
    let split = table.lines().find(|l| l.trim_start().starts_with("split across two or more nodes"));
    assert_eq!(split.and_then(|l| l.split_whitespace().last()), Some("2"), "{table}");
    assert!(
        table.contains(
            "  Daniel Okonkwo (person, 2 articles)\n    e2      Daniel Okonkwo [person]  ns1-fishing-talks\n"
        ),
        "{table}"
    );
    assert!(table.contains("  e1      Lena Haugland [person]\n    Lena Haugland  ns1-fishing-talks\n"), "{table}");
}

#[test]
#[ignore = "needs python3 (.ci/run installs it)"]
fn name_splits_ingests_every_gold_article_into_one_store_with_its_date() {
    let kg = Kg::new();
    let keep = kg.path("measured");
    let keep = keep.to_str().unwrap();
    let json = name_splits(&[env!("CARGO_BIN_EXE_kg"), &gold(), "--keep-store", keep, "--json"]).expect(0).json();
    assert_eq!(json["articles"], 2);
    assert_eq!(json["in_two_or_more_articles"], 4);
    let again = name_splits(&[env!("CARGO_BIN_EXE_kg"), &gold(), "--json"]).expect(0).json();
    assert_eq!(json, again, "two runs give the same report");

    let store = Kg::at(&Path::new(keep).join("kg.sled"));
    let articles = store.run(&["articles", "--format", "json"]).expect(0).json();
    let dated: Vec<(&str, &str)> = articles["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["date"].as_str().unwrap()))
        .collect();
    assert_eq!(dated, [("ns1-fishing-talks", "2025-03-03"), ("ns2-quota-deal", "2025-03-10")]);
}

#[test]
#[ignore = "needs python3 (.ci/run installs it)"]
fn name_splits_refuses_a_missing_gold_directory_or_an_existing_store_with_a_clear_error() {
    let kg = Kg::new();
    let missing = kg.path("no-such-gold").display().to_string();
    let run = name_splits(&[env!("CARGO_BIN_EXE_kg"), &missing]).expect(2);
    assert!(run.stderr.contains("no-such-gold: not a directory"), "{}", run.stderr);
    let existing = kg.dir.path().display().to_string();
    let run = name_splits(&[env!("CARGO_BIN_EXE_kg"), &gold(), "--keep-store", &existing]).expect(2);
    assert!(run.stderr.contains("exists; --keep-store makes a new store"), "{}", run.stderr);
}
