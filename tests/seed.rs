//! The seed article the project started from, read from ../shared: every annotated relation,
//! no other of the five scored types.
use crate::util::{triples, Kg};
use std::path::Path;

#[test]
#[ignore = "needs ../shared/seed beside the project (.ci/run has it)"]
fn seed_article_yields_exactly_its_annotated_relations() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed");
    assert!(seed.exists(), "{} not found: this test reads the seed article beside the project", seed.display());
    let kg = Kg::new();
    kg.ingest(&[&seed]);
    let export = kg.export();
    let scored = ["envoy-of", "met-with", "demands", "aide-of", "leader-of"];
    let mut got: Vec<String> = triples(&export)
        .into_iter()
        .filter(|t| scored.iter().any(|s| t.contains(&format!(" {s} "))))
        .map(|t| {
            if t.contains(" demands ") {
                t.split(" demands ").next().unwrap().to_string()
                    + " demands "
                    + &t.split(" demands ").nth(1).unwrap().to_lowercase()
            } else {
                t
            }
        })
        .collect();
    got.sort();
    let expected = [
        "Donald Trump leader-of United States",
        "Russia demands demilitarisation of ukraine",
        "Russia demands formal recognition of territories it now holds",
        "Steve Witkoff envoy-of Donald Trump",
        "Steve Witkoff met-with Vladimir Putin",
        "Vladimir Putin leader-of Russia",
        "Volodymyr Zelenskyy leader-of Ukraine",
        "Yuri Ushakov aide-of Vladimir Putin",
    ];
    assert_eq!(got, expected);
    let neighbors = kg.run(&["query", "neighbors", "Steve Witkoff", "--format", "json"]).expect(0).json();
    let n: Vec<(String, String)> = neighbors["neighbors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["name"].as_str().unwrap().to_string(), x["relation"].as_str().unwrap().to_string()))
        .collect();
    assert!(
        n.contains(&("Vladimir Putin".into(), "met-with".into()))
            && n.contains(&("Donald Trump".into(), "envoy-of".into())),
        "{n:?}"
    );
    let path = kg.run(&["query", "path", "Yuri Ushakov", "Donald Trump"]).expect(0);
    assert_eq!(
        path.stdout.trim(),
        "Yuri Ushakov -[aide-of]-> Vladimir Putin -[met-with]- Steve Witkoff -[envoy-of]-> Donald Trump"
    );
}
