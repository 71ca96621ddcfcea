//! Aliases are what articles wrote (issue 25): each with the number of articles that wrote it,
//! in `show`, `entities` and the JSON export, through merges, exports and imports, facts
//! records and re-extraction. The spellings extraction generates from `variants.tsv` find an
//! entity but are never aliases.
//!
//! `tests/fixtures/spellings/`: one article writes "Volodymyr Zelensky" and "Zelensky", a
//! later one "Volodymyr Zelenskiy" and "Zelensky"; the lexicon knows the person as
//! "Volodymyr Zelenskyy" and by the spellings Zelensky, Zelenskiy and Zelenskii.

use crate::util::{fixture, Kg};
use serde_json::{json, Value};

fn aliases(entity: &Value) -> (Value, Value) {
    (entity["aliases"].clone(), entity["alias_articles"].clone())
}

/// The entity of the JSON export that `show NAME` finds.
fn exported(kg: &Kg, name: &str) -> Value {
    let id = kg.run(&["show", name, "--format", "json"]).expect(0).json()["id"].clone();
    let export = kg.export();
    export["entities"].as_array().unwrap().iter().find(|e| e["id"] == id).cloned().unwrap()
}

/// Both articles, the first spelling first.
fn both(kg: &Kg) {
    kg.ingest(&[&fixture("spellings/harbour-talks.txt"), &fixture("spellings/grain-corridor.txt")]);
}

#[test]
fn aliases_are_the_forms_articles_wrote_with_how_many_articles_wrote_each() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("spellings/harbour-talks.txt")]);
    let show = kg.run(&["show", "Zelensky", "--format", "json"]).expect(0).json();
    assert_eq!(show["name"], "Volodymyr Zelenskyy");
    let one = (
        json!(["Volodymyr Zelensky", "Zelensky"]),
        json!([{"alias": "Volodymyr Zelensky", "articles": 1}, {"alias": "Zelensky", "articles": 1}]),
    );
    assert_eq!(aliases(&show), one, "{show}");
    assert_eq!(aliases(&exported(&kg, "Volodymyr Zelenskyy")), one);
    let table = kg.run(&["show", "Zelensky"]).expect(0).stdout;
    assert!(table.contains("\naliases:  Volodymyr Zelensky (1 article), Zelensky (1 article)\n"), "{table}");
    // A spelling no article wrote still finds him, though it is no alias.
    for generated in ["Zelenskii", "Volodymyr Zelenskiy", "zelenskyy"] {
        let found = kg.run(&["show", generated, "--format", "json"]).expect(0).json();
        assert_eq!(found["id"], show["id"], "{generated}");
    }
    let listed = kg.run(&["entities", "--match", "zelenskii", "--format", "json"]).expect(0).json();
    assert_eq!(listed["entities"][0]["aliases"], one.0);

    // A later article writes another spelling, and one of the first again.
    kg.ingest(&[&fixture("spellings/grain-corridor.txt")]);
    let two = (
        json!(["Volodymyr Zelensky", "Zelensky", "Volodymyr Zelenskiy"]),
        json!([
            {"alias": "Volodymyr Zelensky", "articles": 1},
            {"alias": "Zelensky", "articles": 2},
            {"alias": "Volodymyr Zelenskiy", "articles": 1}
        ]),
    );
    let show = kg.run(&["show", "Zelenskii", "--format", "json"]).expect(0).json();
    assert_eq!(aliases(&show), two, "{show}");
    assert_eq!(aliases(&exported(&kg, "Volodymyr Zelenskyy")), two);
    let table = kg.run(&["entities", "--type", "person"]).expect(0).stdout;
    assert!(table.contains("Volodymyr Zelensky, Zelensky, Volodymyr Zelenskiy\n"), "{table}");
    kg.run(&["check"]).expect(0);
}

#[test]
fn alias_counts_and_generated_spellings_survive_import_facts_and_reextraction() {
    let kg = Kg::new();
    both(&kg);
    let before = kg.run(&["export"]).expect(0).stdout;
    let alias_counts = aliases(&exported(&kg, "Volodymyr Zelenskyy"));

    // Export, import, export: the same bytes, and the generated spellings still find him.
    let file = kg.write("export.json", &before);
    let imported = Kg::new();
    imported.run(&["import", file.to_str().unwrap()]).expect(0);
    assert_eq!(imported.run(&["export"]).expect(0).stdout, before);
    let found = imported.run(&["show", "Zelenskii", "--format", "json"]).expect(0).json();
    assert_eq!(aliases(&found), alias_counts);
    imported.run(&["check"]).expect(0);
    // The imported store counts the aliases as its articles wrote them: taking an article
    // out again leaves the others' aliases.
    imported.ingest(&[&fixture("spellings/grain-corridor.txt")]);
    imported.run(&["check"]).expect(0);

    // kg extract then kg ingest --facts: the same graph.
    let (first, second) = (fixture("spellings/harbour-talks.txt"), fixture("spellings/grain-corridor.txt"));
    let facts = kg.run(&["extract", first.to_str().unwrap(), second.to_str().unwrap()]).expect(0).stdout;
    let line: Value = serde_json::from_str(facts.lines().next().unwrap()).unwrap();
    let zelensky = line["entities"].as_array().unwrap().iter().find(|e| e["name"] == "Volodymyr Zelenskyy").unwrap();
    assert!(zelensky["keys"].as_array().unwrap().contains(&json!("Zelenskii")), "{zelensky}");
    assert!(!zelensky["forms"].as_array().unwrap().contains(&json!("Zelenskii")), "{zelensky}");
    let from_facts = Kg::new();
    from_facts.write("facts.jsonl", &facts);
    from_facts.run(&["ingest", "--facts", from_facts.path("facts.jsonl").to_str().unwrap()]).expect(0);
    assert_eq!(from_facts.run(&["export"]).expect(0).stdout, before);

    // Re-extracting every article changes nothing.
    kg.run(&["ingest", "--reextract", first.to_str().unwrap(), second.to_str().unwrap()]).expect(0);
    assert_eq!(kg.run(&["export"]).expect(0).stdout, before);
    kg.run(&["check"]).expect(0);
}

#[test]
fn a_merge_adds_the_other_s_written_forms_and_an_unmerge_takes_them_back() {
    let kg = Kg::new();
    both(&kg);
    kg.write("kharkiv.txt", "Anja Holt met Volodymyr Zelenskyj in Kharkiv on Monday. Zelenskyj spoke of the winter.\n");
    kg.ingest(&[&kg.path("kharkiv.txt")]);
    let other = kg.run(&["show", "Volodymyr Zelenskyj", "--format", "json"]).expect(0).json();
    assert_ne!(other["name"], "Volodymyr Zelenskyy", "the test needs a second node: {other}");
    kg.run(&["merge", "Volodymyr Zelenskyy", "Volodymyr Zelenskyj"]).expect(0);
    let show = kg.run(&["show", "Zelenskii", "--format", "json"]).expect(0).json();
    assert_eq!(
        show["alias_articles"],
        json!([
            {"alias": "Volodymyr Zelensky", "articles": 1},
            {"alias": "Zelensky", "articles": 2},
            {"alias": "Volodymyr Zelenskiy", "articles": 1},
            {"alias": "Volodymyr Zelenskyj", "articles": 1},
            {"alias": "Zelenskyj", "articles": 1}
        ]),
        "{show}"
    );
    kg.run(&["check"]).expect(0);
    // A spelling no article wrote is not a form to split off.
    let run = kg.run(&["unmerge", "Volodymyr Zelenskyy", "Zelenskii"]).expect(2);
    assert!(run.stderr.contains("is not an alias"), "{}", run.stderr);
    kg.run(&["unmerge", "Volodymyr Zelenskyy", "Volodymyr Zelenskyj"]).expect(0);
    let show = kg.run(&["show", "Zelenskii", "--format", "json"]).expect(0).json();
    assert_eq!(show["aliases"], json!(["Volodymyr Zelensky", "Zelensky", "Volodymyr Zelenskiy"]), "{show}");
    let split = kg.run(&["show", "Volodymyr Zelenskyj", "--format", "json"]).expect(0).json();
    assert_eq!(split["alias_articles"], json!([{"alias": "Zelenskyj", "articles": 1}]), "{split}");
    kg.run(&["check"]).expect(0);
    // The first article never wrote the lexicon's name it was given: it called him only
    // "Volodymyr Zelensky", so it is the one that goes with that form.
    kg.run(&["unmerge", "Volodymyr Zelenskyy", "Volodymyr Zelensky"]).expect(0);
    let split = kg.run(&["show", "Volodymyr Zelensky", "--format", "json"]).expect(0).json();
    assert_eq!(split["articles"], json!(["harbour-talks"]), "{split}");
    assert_eq!(split["alias_articles"], json!([{"alias": "Zelensky", "articles": 1}]), "{split}");
    let kept = kg.run(&["show", "e2", "--format", "json"]).expect(0).json();
    assert_eq!(kept["name"], "Volodymyr Zelenskyy");
    assert_eq!(kept["articles"], json!(["grain-corridor"]), "{kept}");
    assert_eq!(kept["aliases"], json!(["Zelensky", "Volodymyr Zelenskiy"]), "{kept}");
    kg.run(&["check"]).expect(0);
}
