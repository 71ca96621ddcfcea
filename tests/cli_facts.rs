//! `kg extract` and `kg ingest --facts`: extraction apart from the store, and the same graph
//! as a plain ingest.

use crate::util::{fixture, Kg};

/// A few hundred small articles of varied shape, written here (people meet, envoys, aides,
/// demands, repeated names across articles so that linking matters).
fn many_articles(kg: &Kg) -> std::path::PathBuf {
    let people = ["Anna Sand", "Erik Lund", "Marta Lindqvist", "Tomas Rivera", "Carla Mendes", "Ola Dahl"];
    let places = ["Oslo", "Rome", "Lima", "Bern", "Riga"];
    let mut out = String::new();
    for i in 0..240 {
        let (a, b) = (people[i % people.len()], people[(i * 7 + 1) % people.len()]);
        if a == b {
            continue;
        }
        let place = places[i % places.len()];
        let text = match i % 4 {
            0 => format!(
                "{a} met {b} in {place} on Monday. {} said the talks were useful.",
                a.split(' ').nth(1).unwrap_or(a)
            ),
            1 => format!("Envoy {a} travelled to {place} to meet {b}, officials said."),
            2 => format!("{b} demanded a ceasefire before any talks with {a} in {place}."),
            _ => format!("{a}, an aide to {b}, joined the meeting in {place}."),
        };
        let date = format!("2025-{:02}-{:02}", i % 12 + 1, i % 27 + 1);
        out.push_str(
            &serde_json::json!({"id": format!("n{i:03}"), "date": date, "title": format!("Report {i}"), "text": text})
                .to_string(),
        );
        out.push('\n');
    }
    kg.write("many.jsonl", out)
}

fn inputs(kg: &Kg) -> Vec<String> {
    vec![
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles").display().to_string(),
        fixture("articles").display().to_string(),
        fixture("dated").display().to_string(),
        many_articles(kg).display().to_string(),
    ]
}

#[test]
fn extract_then_ingest_facts_builds_the_export_a_plain_ingest_builds_byte_for_byte() {
    let plain = Kg::new();
    let paths = inputs(&plain);
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(String::as_str));
    plain.run(&args).expect(0);
    let kg = Kg::new();
    let paths = inputs(&kg);
    let mut args = vec!["extract", "--output", "facts.jsonl"];
    args.extend(paths.iter().map(String::as_str));
    kg.run(&args).expect(0);
    let run = kg.run(&["ingest", "--facts", "facts.jsonl"]).expect(0);
    assert!(run.stdout.contains(" new, 0 unchanged"), "{}", run.stdout);
    for format in ["json", "graphml", "ntriples"] {
        let a = plain.run(&["export", "--format", format]).expect(0).stdout;
        let b = kg.run(&["export", "--format", format]).expect(0).stdout;
        assert!(a == b, "{format} exports differ");
    }
    // Ingesting the same articles again finds them unchanged, whichever way they come.
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(String::as_str));
    let again = kg.run(&args).expect(0);
    assert!(again.stdout.contains("0 new,") && again.stdout.contains("0 replaced"), "{}", again.stdout);
}

#[test]
fn extract_is_deterministic_whatever_the_threads_and_reads_standard_input() {
    let kg = Kg::new();
    let many = many_articles(&kg).display().to_string();
    let one = kg.run(&["extract", "--jobs", "1", &many]).expect(0).stdout;
    let two = kg.run(&["extract", "--jobs", "2", &many]).expect(0).stdout;
    assert_eq!(one, two);
    let piped = kg.run_with_stdin(&["extract", "-"], Some(std::fs::read(&many).expect("read").as_slice())).expect(0);
    assert_eq!(piped.stdout, one);
    let first: serde_json::Value = serde_json::from_str(one.lines().next().expect("a line")).expect("json");
    assert_eq!(first["schema"], "kg-facts/2");
    assert_eq!(first["id"], "n000");
    assert!(first["relations"][0]["sentence"].as_str().is_some_and(|s| !s.is_empty()), "{first}");
    // No store was made.
    assert!(!kg.db().exists());
}

#[test]
fn bad_facts_lines_are_reported_by_line_and_the_rest_goes_in() {
    let kg = Kg::new();
    let facts = kg.run(&["extract", &fixture("articles").display().to_string()]).expect(0).stdout;
    let mut lines: Vec<String> = facts.lines().map(String::from).collect();
    lines.insert(1, "{\"schema\": \"kg-facts/9\", \"id\": \"x\"}".into());
    lines.insert(2, "not json".into());
    kg.write("facts.jsonl", lines.join("\n") + "\n");
    let run = kg.run(&["ingest", "--facts", "facts.jsonl"]).expect(1);
    assert!(run.stderr.contains("facts.jsonl:2: "), "{}", run.stderr);
    assert!(run.stderr.contains("facts.jsonl:3: not a facts record"), "{}", run.stderr);
    assert!(run.stdout.contains("4 new, 0 unchanged, 0 replaced, 2 failed"), "{}", run.stdout);
}

#[test]
fn corrections_hold_for_facts_ingested_later_and_facts_go_through_a_server() {
    let kg = Kg::new();
    kg.ingest(&[&fixture("dated")]);
    kg.run(&["reject", "Sand", "aide-of", "Rivera", "--note", "misread"]).expect(0);
    let facts = kg.run(&["extract", &fixture("dated").display().to_string()]).expect(0).stdout;
    kg.write("facts.jsonl", &facts);
    kg.run(&["ingest", "--facts", "--reextract", "facts.jsonl"]).expect(0);
    let triples = crate::util::triples(&kg.export());
    assert!(!triples.contains(&"Erik Sand aide-of Tomas Rivera".to_string()), "{triples:?}");
    // Through a running server, the same summary.
    let other = Kg::new();
    other.write("facts.jsonl", &facts);
    let served = crate::serve::Served::start(&other, &[]);
    let run = other.run(&["ingest", "--facts", "facts.jsonl"]).expect(0);
    assert!(run.stdout.contains("6 new"), "{}", run.stdout);
    drop(served);
    assert!(crate::util::triples(&other.export()).contains(&"Erik Sand aide-of Tomas Rivera".to_string()));
}

#[test]
fn extract_gives_each_meeting_its_day_and_place_resolved_against_the_article_date() {
    let kg = Kg::new();
    let article = "---\ntitle: Ministers meet\ndate: 2025-03-12\n---\n\
        Foreign Minister Ana Ruiz met Chancellor Peter Brandt in Vienna on Tuesday.\n\n\
        Ruiz had first met Prime Minister Ola Dahl in 2019.\n\n\
        Brandt will meet Ola Dahl in Geneva on Friday.\n";
    let path = kg.write("meet.md", article).display().to_string();
    let facts: serde_json::Value = serde_json::from_str(&kg.run(&["extract", &path]).expect(0).stdout).expect("json");
    let name = |i: &serde_json::Value| facts["entities"][i.as_u64().expect("index") as usize]["name"].clone();
    let mut meetings: Vec<String> = facts["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .filter(|r| r["relation"] == "met-with")
        .map(|r| {
            let venue = if r["venue"].is_null() { "-".into() } else { name(&r["venue"]) };
            format!("{} {} {} {}", name(&r["source"]), name(&r["target"]), r["event_date"], venue)
        })
        .collect();
    meetings.sort();
    assert_eq!(
        meetings,
        ["\"Ana Ruiz\" \"Ola Dahl\" \"2019\" \"-\"", "\"Ana Ruiz\" \"Peter Brandt\" \"2025-03-11\" \"Vienna\"",],
        "{facts}"
    );
    // The facts go in as they came out.
    kg.write("meet.facts", kg.run(&["extract", &path]).expect(0).stdout);
    kg.run(&["ingest", "--facts", "meet.facts"]).expect(0);
}
