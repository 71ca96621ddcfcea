//! Table-driven extraction cases: `tests/extract/*.tsv`, one article per line, run through
//! `kg extract` and checked triple by triple (the shape of PETRARCH2's unit-test records).
//! A row lists the triples that must be read and, with a leading `!`, those that must not.

use crate::util::Kg;
use std::collections::BTreeSet;
use std::path::Path;

/// One expectation: `source -relation-> target`, a demand's target as `[keyword]`.
struct Expect {
    negated: bool,
    source: String,
    relation: String,
    target: String,
}

struct Row {
    id: String,
    date: String,
    text: String,
    expects: Vec<Expect>,
}

fn parse_expect(raw: &str, file: &str, line: usize) -> Expect {
    let (negated, raw) = match raw.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    let bad = || panic!("{file}:{line}: expected `Source -relation-> Target`, got {raw:?}");
    let (source, rest) = raw.split_once(" -").unwrap_or_else(bad);
    let (relation, target) = rest.split_once("-> ").unwrap_or_else(bad);
    Expect { negated, source: source.trim().into(), relation: relation.into(), target: target.trim().into() }
}

fn rows(path: &Path) -> Vec<Row> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).expect("read table");
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "{file}:{}: expected id, date, text, triples", i + 1);
        let expects = cols[3].split(';').map(str::trim).filter(|e| !e.is_empty());
        out.push(Row {
            id: cols[0].into(),
            date: cols[1].into(),
            text: cols[2].into(),
            expects: expects.map(|e| parse_expect(e, &file, i + 1)).collect(),
        });
    }
    out
}

/// The triples `kg extract` reads from each article: id -> {(source, relation, target)}.
fn extracted(kg: &Kg, rows: &[Row]) -> std::collections::HashMap<String, BTreeSet<(String, String, String)>> {
    let input: String = rows
        .iter()
        .map(|r| serde_json::json!({"id": r.id, "date": r.date, "text": r.text}).to_string() + "\n")
        .collect();
    let run = kg.run_with_stdin(&["extract", "-"], Some(input.as_bytes())).expect(0);
    let mut out = std::collections::HashMap::new();
    for line in run.stdout.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("facts record");
        let names: Vec<&str> = record["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| e["name"].as_str().expect("name"))
            .collect();
        let triples = record["relations"]
            .as_array()
            .expect("relations")
            .iter()
            .map(|r| {
                let end = |k: &str| names[r[k].as_u64().expect("index") as usize].to_string();
                (end("source"), r["relation"].as_str().expect("relation").to_string(), end("target"))
            })
            .collect();
        out.insert(record["id"].as_str().expect("id").to_string(), triples);
    }
    out
}

fn holds(e: &Expect, got: &BTreeSet<(String, String, String)>) -> bool {
    got.iter().any(|(s, r, t)| {
        if *r != e.relation {
            return false;
        }
        match e.target.strip_prefix('[').and_then(|k| k.strip_suffix(']')) {
            Some(keyword) => *s == e.source && t.to_lowercase().contains(&keyword.to_lowercase()),
            None => (*s == e.source && *t == e.target) || (r == "met-with" && *s == e.target && *t == e.source),
        }
    })
}

fn check_table(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extract").join(name);
    let rows = rows(&path);
    let got = extracted(&Kg::new(), &rows);
    let mut failures = Vec::new();
    for row in &rows {
        let triples = got.get(&row.id).cloned().unwrap_or_default();
        for e in &row.expects {
            if holds(e, &triples) == e.negated {
                let what = if e.negated { "read, but must not be" } else { "not read" };
                failures.push(format!(
                    "{}: {what}: {} -{}-> {}\n    text: {}\n    read: {triples:?}",
                    row.id, e.source, e.relation, e.target, row.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {name}'s expectations failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn modern_news_wording_gives_the_relations_the_rules_define() {
    check_table("relations.tsv");
}
