//! `kg forget`: articles out, with every fact only they gave; the rest, the corrections and
//! `kg check` as they were; a forgotten article ingested again gives back the same graph.

use crate::serve::Served;
use crate::util::{triples, Kg};
use serde_json::Value;

/// Three invented articles: the second shares Tomas Rivera with the first, and alone names
/// Pavel Drozd and Lina Haddad.
const ARTICLES: [(&str, &str); 3] = [
    (
        "harbour-talks.md",
        "---\ntitle: Harbour talks in Oslo\ndate: 2025-02-03\nsource: North Wire\n---\n\
         Anja Holt met Tomas Rivera in Oslo on Monday.\n",
    ),
    (
        "envoy-visit.md",
        "---\ntitle: Envoy visits Lima\ndate: 2025-02-10\nsource: South Daily\n---\n\
         Tomas Rivera met Pavel Drozd in Lima on Tuesday. Drozd later met Lina Haddad.\n",
    ),
    (
        "summit-rome.md",
        "---\ntitle: Summit in Rome\ndate: 2025-02-17\nsource: North Wire\n---\n\
         Carla Mendes met Anja Holt in Rome on Friday.\n",
    ),
];

/// A store with the three articles, ingested in order, and their paths.
fn three() -> (Kg, Vec<std::path::PathBuf>) {
    let kg = Kg::new();
    let paths: Vec<_> = ARTICLES.iter().map(|(name, text)| kg.write(&format!("in/{name}"), text)).collect();
    for p in &paths {
        kg.ingest(&[p]);
    }
    (kg, paths)
}

fn ingest(kg: &Kg, path: &std::path::Path) -> String {
    kg.run(&["ingest", &path.display().to_string()]).expect(0).stdout
}

/// The export with entities known by name and type instead of id, everything sorted: the
/// same graph whatever ids its entities got.
fn by_names(export: &Value) -> Value {
    let mut export = export.clone();
    let names: std::collections::HashMap<String, String> = export["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .map(|e| (e["id"].as_str().expect("id").to_string(), format!("{} ({})", e["name"], e["type"])))
        .collect();
    let mut entities: Vec<Value> = export["entities"].as_array().expect("entities").clone();
    for e in &mut entities {
        e["id"] = Value::String(names[e["id"].as_str().expect("id")].clone());
        let mut aliases = e["alias_articles"].as_array().expect("alias_articles").clone();
        aliases.sort_by_key(|a| a.to_string());
        e["alias_articles"] = Value::Array(aliases);
        let mut plain = e["aliases"].as_array().expect("aliases").clone();
        plain.sort_by_key(|a| a.to_string());
        e["aliases"] = Value::Array(plain);
    }
    entities.sort_by_key(|e| e["id"].to_string());
    let mut relations: Vec<Value> = export["relations"].as_array().expect("relations").clone();
    for r in &mut relations {
        for end in ["source", "target"] {
            r[end] = Value::String(names[r[end].as_str().expect("end")].clone());
        }
        // A meeting's place is an entity too.
        for e in r["evidence"].as_array_mut().into_iter().flatten() {
            if let Some(venue) = e["venue"].as_str().map(|v| names[v].clone()) {
                e["venue"] = Value::String(venue);
            }
        }
        // A symmetric relation is stored lower id first: by name, either way is one edge.
        if ["met-with", "spoke-with"].contains(&r["relation"].as_str().expect("relation"))
            && r["source"].as_str() > r["target"].as_str()
        {
            let source = r["source"].take();
            r["source"] = r["target"].take();
            r["target"] = source;
        }
    }
    relations.sort_by_key(|r| r.to_string());
    export["entities"] = Value::Array(entities);
    export["relations"] = Value::Array(relations);
    export
}

fn check_is_clean(kg: &Kg) {
    let run = kg.run(&["check"]);
    assert_eq!(run.code, 0, "kg check:\n{}\n{}", run.stdout, run.stderr);
}

fn article_ids(kg: &Kg) -> Vec<String> {
    let view = kg.run(&["articles", "--format", "json"]).expect(0).json();
    view["articles"].as_array().expect("articles").iter().map(|a| a["id"].as_str().expect("id").to_string()).collect()
}

#[test]
fn forgetting_one_article_of_three_keeps_the_others_facts_and_a_clean_check() {
    let (kg, paths) = three();
    assert!(triples(&kg.export()).contains(&"Tomas Rivera met-with Pavel Drozd".to_string()));
    let run = kg.run(&["forget", "envoy-visit"]).expect(0);
    assert!(run.stdout.starts_with("forgot 1 article; "), "{}", run.stdout);
    assert!(run.stdout.contains("envoy-visit"), "{}", run.stdout);
    check_is_clean(&kg);
    assert_eq!(article_ids(&kg), ["harbour-talks", "summit-rome"]);
    // Only the forgotten article named Drozd and Haddad: gone, and not found any more.
    kg.run(&["show", "Pavel Drozd"]).expect(2);
    kg.run(&["show", "Lina Haddad"]).expect(2);
    // Rivera stays, with the first article's relation and no more.
    let show = kg.run(&["show", "Tomas Rivera", "--format", "json"]).expect(0).json();
    assert_eq!(show["articles"].as_u64().or(show["articles"].as_array().map(|a| a.len() as u64)), Some(1), "{show}");
    // The same graph, and the same counts, as a store that never had the article.
    let fresh = Kg::new();
    fresh.ingest(&[&paths[0]]);
    fresh.ingest(&[&paths[2]]);
    assert_eq!(by_names(&kg.export()), by_names(&fresh.export()));
    let stats = |k: &Kg| {
        let mut v = k.run(&["stats", "--format", "json"]).expect(0).json();
        v.as_object_mut().expect("stats").retain(|key, _| !key.contains("store") && !key.contains("bytes"));
        v
    };
    assert_eq!(stats(&kg), stats(&fresh));
}

#[test]
fn a_forgotten_article_ingested_again_gives_back_the_same_graph() {
    let (kg, paths) = three();
    let original = kg.run(&["export", "--format", "json"]).expect(0).stdout;
    // The last one in: the same bytes, entity ids included.
    kg.run(&["forget", "summit-rome"]).expect(0);
    check_is_clean(&kg);
    assert!(ingest(&kg, &paths[2]).contains("1 new"));
    assert_eq!(kg.run(&["export", "--format", "json"]).expect(0).stdout, original);
    // One in the middle: its entities come back under new ids (an id is never handed out
    // again while a later entity holds a higher one), and the graph is the same by name.
    kg.run(&["forget", "envoy-visit"]).expect(0);
    assert!(ingest(&kg, &paths[1]).contains("1 new"));
    check_is_clean(&kg);
    let again: Value = serde_json::from_str(&kg.run(&["export", "--format", "json"]).expect(0).stdout).expect("json");
    assert_eq!(by_names(&again), by_names(&serde_json::from_str(&original).expect("json")));
}

#[test]
fn corrections_stay_and_hold_after_a_forget_and_after_the_article_comes_back() {
    let (kg, paths) = three();
    // Of entities that stay and of ones that go: renames, merges, an assertion.
    kg.run(&["rename", "Anja Holt", "Anja K. Holt"]).expect(0);
    kg.run(&["rename", "Lina Haddad", "Lina R. Haddad"]).expect(0);
    kg.run(&["merge", "Oslo", "Lima"]).expect(0);
    kg.run(&["assert", "Tomas Rivera", "met-with", "Carla Mendes", "--note", "Seen together at the summit."]).expect(0);
    kg.run(&["assert", "Pavel Drozd", "met-with", "Carla Mendes", "--note", "Both at the summit dinner."]).expect(0);
    check_is_clean(&kg);
    let before = kg.run(&["export", "--format", "json"]).expect(0).stdout;
    let dry = kg.run(&["forget", "envoy-visit", "--dry-run", "--format", "json"]).expect(0).json();
    assert_eq!((&dry["entities"], &dry["relations"]), (&1.into(), &2.into()), "Haddad goes, Drozd stays: {dry}");
    kg.run(&["forget", "envoy-visit"]).expect(0);
    check_is_clean(&kg);
    // The assertions are analysts' facts: they stay, and Drozd with his.
    let facts = triples(&kg.export());
    assert!(facts.contains(&"Pavel Drozd met-with Carla Mendes".to_string()), "{facts:?}");
    assert!(facts.contains(&"Tomas Rivera met-with Carla Mendes".to_string()), "{facts:?}");
    assert!(!facts.iter().any(|f| f.contains("Haddad")), "{facts:?}");
    let log = kg.run(&["corrections", "list", "--format", "json"]).expect(0).json();
    assert!(log["corrections"].as_array().expect("log").iter().all(|c| c["fails"].is_null()), "{log}");
    // Forgetting an assertion's own article is refused: it is undone instead.
    let refused = kg.run(&["forget", "kg-correction-4"]).expect(2);
    assert!(refused.stderr.contains("undo"), "{}", refused.stderr);
    // The article comes back: its entities come back to what the corrections made of them.
    ingest(&kg, &paths[1]);
    check_is_clean(&kg);
    kg.run(&["show", "Lina R. Haddad"]).expect(0);
    let again: Value = serde_json::from_str(&kg.run(&["export", "--format", "json"]).expect(0).stdout).expect("json");
    assert_eq!(by_names(&again), by_names(&serde_json::from_str(&before).expect("json")));
}

#[test]
fn a_merge_whose_entities_all_go_holds_when_their_article_comes_back() {
    let kg = Kg::new();
    let article = kg.write("envoy-visit.md", ARTICLES[1].1);
    kg.ingest(&[&article]);
    kg.run(&["merge", "Pavel Drozd", "Lina Haddad"]).expect(0);
    let before = kg.run(&["export", "--format", "json"]).expect(0).stdout;
    kg.run(&["forget", "envoy-visit"]).expect(0);
    check_is_clean(&kg);
    assert_eq!(kg.run(&["stats", "--format", "json"]).expect(0).json()["articles"], 0);
    ingest(&kg, &article);
    check_is_clean(&kg);
    // Drozd, whom the log names, comes back as e2; the others under new ids.
    let again = kg.export();
    assert_eq!(again["entities"][0]["id"], "e2", "{again}");
    assert_eq!(by_names(&again), by_names(&serde_json::from_str(&before).expect("json")));
}

#[test]
fn forget_by_source_and_by_match_and_a_dry_run_that_changes_nothing() {
    let (kg, _) = three();
    let before = kg.run(&["export", "--format", "json"]).expect(0).stdout;
    let dry = kg.run(&["forget", "--source", "north wire", "--dry-run"]).expect(0);
    assert!(dry.stdout.starts_with("would forget 2 articles; "), "{}", dry.stdout);
    assert!(dry.stdout.contains("dry run: nothing changed"), "{}", dry.stdout);
    assert!(dry.stdout.contains("harbour-talks") && dry.stdout.contains("summit-rome"), "{}", dry.stdout);
    assert_eq!(kg.run(&["export", "--format", "json"]).expect(0).stdout, before, "a dry run changed the store");
    let json = kg.run(&["forget", "--match", "LIMA", "--format", "json"]).expect(0).json();
    assert_eq!(json["dry_run"], false);
    assert_eq!(json["articles"][0]["id"], "envoy-visit");
    assert_eq!(json["articles"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["entities"], 3, "Drozd, Lima and Haddad: {json}");
    assert_eq!(article_ids(&kg), ["harbour-talks", "summit-rome"]);
    kg.run(&["forget", "--source", "North Wire"]).expect(0);
    assert!(article_ids(&kg).is_empty());
    check_is_clean(&kg);
    let stats = kg.run(&["stats", "--format", "json"]).expect(0).json();
    assert_eq!(stats["articles"], 0, "{stats}");
    kg.run(&["forget", "--match", "nothing like it"]).expect(2);
}

#[test]
fn unknown_article_ids_are_named_and_nothing_is_forgotten() {
    let (kg, _) = three();
    let before = kg.run(&["export", "--format", "json"]).expect(0).stdout;
    let run = kg.run(&["forget", "envoy-visit", "no-such-one", "nor-this"]).expect(2);
    assert!(run.stderr.contains("\"no-such-one\", \"nor-this\""), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was forgotten"), "{}", run.stderr);
    assert_eq!(kg.run(&["export", "--format", "json"]).expect(0).stdout, before);
    // Nothing named: a usage error.
    kg.run(&["forget"]).expect(2);
}

#[test]
fn forget_goes_through_the_server_like_every_write() {
    let (kg, _) = three();
    let alone = {
        let copy = Kg::new();
        for (name, text) in ARTICLES {
            copy.ingest(&[&copy.write(name, text)]);
        }
        copy.run(&["forget", "envoy-visit", "--dry-run"]).expect(0).stdout
    };
    // A token file: the server asks writes for it, and the CLI reads it.
    std::fs::write(kg.db().join("serve.token"), "s3cret\n").expect("token file");
    let served = Served::start(&kg, &[]);
    let body = br#"{"articles": ["envoy-visit"]}"#;
    assert_eq!(served.post("/api/forget", body, None).0, 401);
    assert_eq!(served.post("/api/forget", br#"{"articles": ["nope"]}"#, Some("s3cret")).0, 404);
    // The CLI as the server's client prints what it prints alone.
    assert_eq!(kg.run(&["forget", "envoy-visit", "--dry-run"]).expect(0).stdout, alone);
    let (status, reply) = served.post("/api/forget", body, Some("s3cret"));
    assert_eq!(status, 200, "{reply}");
    assert_eq!(reply["articles"][0]["id"], "envoy-visit");
    let (status, check) = served.get("/api/check");
    assert_eq!((status, &check["ok"]), (200, &Value::Bool(true)), "{check}");
    drop(served);
    assert_eq!(article_ids(&kg), ["harbour-talks", "summit-rome"]);
}

#[test]
fn articles_forgotten_together_take_out_a_relation_only_they_supported_once() {
    let lines = [
        r#"{"id": "x1", "date": "2025-04-01", "text": "Anja Holt met Tomas Rivera in Oslo on Monday."}"#,
        r#"{"id": "x2", "date": "2025-04-08", "text": "Tomas Rivera met Anja Holt in Rome on Tuesday."}"#,
        r#"{"id": "x3", "date": "2025-04-15", "text": "Anja Holt met Carla Mendes in Lima on Friday."}"#,
    ];
    let kg = Kg::new();
    kg.ingest(&[&kg.write("batch.jsonl", lines.join("\n"))]);
    // One of the two: the relation stays, supported by the other.
    let one = kg.run(&["forget", "x1", "--dry-run", "--format", "json"]).expect(0).json();
    assert_eq!((&one["entities"], &one["relations"]), (&1.into(), &0.into()), "Oslo goes: {one}");
    // Both, in one transaction: the relation goes, once, and Rivera with it.
    let both = kg.run(&["forget", "x2", "x1", "--format", "json"]).expect(0).json();
    assert_eq!((&both["entities"], &both["relations"]), (&3.into(), &1.into()), "Rivera, Oslo, Rome: {both}");
    assert_eq!(both["articles"][0]["id"], "x1", "by date: {both}");
    check_is_clean(&kg);
    let fresh = Kg::new();
    fresh.ingest(&[&fresh.write("x3.jsonl", lines[2])]);
    assert_eq!(by_names(&kg.export()), by_names(&fresh.export()));
    let stats = kg.run(&["stats", "--format", "json"]).expect(0).json();
    let fresh_stats = fresh.run(&["stats", "--format", "json"]).expect(0).json();
    assert_eq!(stats["entities"], fresh_stats["entities"]);
    assert_eq!(stats["relations"], fresh_stats["relations"]);
}

#[test]
fn an_entity_an_assertion_names_stays_when_a_replaced_article_no_longer_names_it() {
    // The removal forget shares with re-ingest: a changed article that drops the entity.
    let kg = Kg::new();
    let a = kg.write("a.txt", "Anja Holt met Pavel Drozd in Oslo.");
    kg.ingest(&[&a, &kg.write("b.txt", "Carla Mendes met Erik Sand in Rome.")]);
    kg.run(&["assert", "Pavel Drozd", "met-with", "Carla Mendes", "--note", "Seen together."]).expect(0);
    kg.write("a.txt", "Anja Holt stayed in Oslo.");
    assert!(ingest(&kg, &a).contains("1 replaced"));
    check_is_clean(&kg);
    assert_eq!(triples(&kg.export()), ["Carla Mendes met-with Erik Sand", "Pavel Drozd met-with Carla Mendes"]);
    let show = kg.run(&["show", "Pavel Drozd", "--format", "json"]).expect(0).json();
    assert_eq!(show["entity"]["name"].as_str().or(show["name"].as_str()), Some("Pavel Drozd"), "{show}");
}
