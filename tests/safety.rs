//! The store survives what users do to it: a second process, and `kill -9` mid-ingest.
use crate::util::{triples, Kg};
use std::time::{Duration, Instant};

/// A deterministic batch of news-like articles, each naming a few of a small cast.
fn corpus(n: usize) -> String {
    let people =
        ["Anja Holt", "Tomas Rivera", "Erik Sand", "Carla Mendes", "Ines Moreau", "Pavel Drozd", "Lina Haddad"];
    let countries = ["Chilean", "Norwegian", "Brazilian", "Peruvian", "Danish"];
    let cities = ["Oslo", "Lima", "Rome", "Quito", "Bern"];
    let mut out = String::new();
    for i in 0..n {
        let (a, b, c) = (people[i % 7], people[(i * 3 + 1) % 7], people[(i * 5 + 2) % 7]);
        let text = format!(
            "{city} — {a} met {b} in {city} on Monday. {c}, the {adj} special envoy, joined the talks. \
             {a} demanded the release of prisoners and an end to the blockade. Article number {i}.",
            city = cities[i % 5],
            adj = countries[i % 5],
        );
        out.push_str(&serde_json::json!({"id": format!("a{i:05}"), "text": text}).to_string());
        out.push('\n');
    }
    out
}

#[test]
fn a_second_process_gets_a_clear_in_use_error_and_exit_3() {
    let kg = Kg::new();
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo.");
    kg.ingest(&[&kg.path("a.txt")]);
    let holder = sled::open(kg.db()).unwrap();
    let start = Instant::now();
    let run = kg.run(&["stats"]).expect(3);
    assert!(start.elapsed() < Duration::from_secs(2), "took {:?}", start.elapsed());
    assert!(run.stderr.contains("is in use by another kg process"), "{}", run.stderr);
    kg.run(&["ingest", kg.path("a.txt").to_str().unwrap()]).expect(3);
    drop(holder);
    kg.run(&["stats"]).expect(0);
}

#[test]
fn killed_ingest_leaves_a_checkable_store_and_resumes_to_the_same_graph() {
    let reference = Kg::new();
    let batch = reference.write("batch.jsonl", corpus(400));
    reference.ingest(&[&batch]);
    let expected = reference.run(&["export"]).expect(0).stdout;
    assert!(triples(&reference.export()).len() > 10);

    let kg = Kg::new();
    let batch = kg.write("batch.jsonl", corpus(400));
    // Kill points spread over the run, from before the first commit to near the end.
    for delay_ms in [30u64, 150, 400, 900, 1600, 2500] {
        let mut child = kg
            .command(&["--quiet", "ingest", "--jobs", "2", batch.to_str().unwrap()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no destructor, no flush
        let _ = child.wait();
        if kg.db().join("conf").exists() {
            let check = kg.run(&["check"]);
            assert_eq!(check.code, 0, "after a kill at {delay_ms} ms:\n{}\n{}", check.stdout, check.stderr);
        }
    }
    kg.run(&["ingest", batch.to_str().unwrap()]).expect(0);
    kg.run(&["check"]).expect(0);
    assert_eq!(kg.run(&["export"]).expect(0).stdout, expected);
}

#[test]
fn backup_is_a_consistent_copy_that_opens_as_a_store() {
    let kg = Kg::new();
    kg.ingest(&[&crate::util::fixture("articles")]);
    let dest = kg.path("copy.sled");
    kg.run(&["backup", dest.to_str().unwrap()]).expect(0);
    let original = kg.run(&["export"]).expect(0).stdout;
    let copy = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["--db", dest.to_str().unwrap(), "export"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&copy.stdout), original);
    let again = kg.run(&["backup", dest.to_str().unwrap()]).expect(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}

#[test]
fn export_import_export_gives_the_same_graph() {
    let kg = Kg::new();
    kg.ingest(&[&crate::util::fixture("articles")]);
    let first = kg.run(&["export"]).expect(0).stdout;
    let file = kg.write("graph.json", &first);
    let other = Kg::new();
    other.run(&["import", file.to_str().unwrap()]).expect(0);
    assert_eq!(other.run(&["export"]).expect(0).stdout, first);
    other.run(&["check"]).expect(0);
    let piped = Kg::new();
    piped.run_with_stdin(&["import", "-"], Some(first.as_bytes())).expect(0);
    assert_eq!(piped.run(&["export"]).expect(0).stdout, first);
    // Importing over a store that has data is refused; a non-export is a clear error.
    other.run(&["import", file.to_str().unwrap()]).expect(2);
    let junk = other.write("junk.json", "{\"entities\": 3}");
    let fresh = Kg::new();
    let run = fresh.run(&["import", junk.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("not a kg JSON export"), "{}", run.stderr);
}

#[test]
fn check_finds_kept_counts_that_differ_from_the_store() {
    let kg = Kg::new();
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo on Monday.");
    kg.ingest(&[&kg.path("a.txt")]);
    kg.run(&["check"]).expect(0);
    {
        let db = sled::open(kg.db()).unwrap();
        let wrong = kg::store::codec::CountsRecord { articles: 7, ..Default::default() };
        db.open_tree("meta").unwrap().insert("counts", kg::store::codec::encode(&wrong)).unwrap();
        db.flush().unwrap();
    }
    let run = kg.run(&["check"]).expect(1);
    assert!(run.stdout.contains("kept counts"), "{}", run.stdout);
    // What `stats` reads is the kept record: the tampering shows there too.
    assert_eq!(kg.run(&["stats", "--format", "json"]).expect(0).json()["articles"], 7);
}

#[test]
fn ingest_leaves_the_store_with_a_fresh_snapshot_so_the_next_command_replays_nothing() {
    let kg = Kg::new();
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo on Monday.");
    kg.ingest(&[&kg.path("a.txt")]);
    let snapshots: Vec<String> = std::fs::read_dir(kg.db())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("snap.") && !n.ends_with(".generating"))
        .collect();
    assert_eq!(snapshots.len(), 1, "{snapshots:?}");
}

/// Runs `kg ingest --jobs 2 BATCH`, sends it SIGINT once `started` says so, and waits:
/// its exit code, standard output and standard error.
fn interrupted_ingest(kg: &Kg, batch: &std::path::Path, started: &dyn Fn() -> bool) -> (Option<i32>, String, String) {
    let (out, err) = (kg.path("ingest.out"), kg.path("ingest.err"));
    let mut child = kg
        .command(&["ingest", "--jobs", "2", batch.to_str().unwrap()])
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while !started() && Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::process::Command::new("kill").arg("-INT").arg(child.id().to_string()).status().unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "kg ingest did not stop within 120 s of a Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    (status.code(), std::fs::read_to_string(&out).unwrap(), std::fs::read_to_string(&err).unwrap())
}

/// The articles an interrupted ingest says went in, checking the words and exit code 130.
fn articles_in(code: Option<i32>, stderr: &str) -> usize {
    assert_eq!(code, Some(130), "{stderr}");
    let line = stderr.lines().find(|l| l.starts_with("kg: interrupted: ")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.ends_with(" articles in; rerun the same command to continue"), "{line}");
    line["kg: interrupted: ".len()..].split(' ').next().unwrap().replace(',', "").parse().unwrap()
}

#[test]
fn ctrl_c_during_an_ingest_commits_what_was_read_says_so_exits_130_and_a_rerun_continues() {
    let kg = Kg::new();
    let n = 6_000;
    let batch = kg.write("batch.jsonl", corpus(n));
    // Started: the store holds a first committed batch (its files grow past an empty store's).
    let size = |dir: &std::path::Path| -> u64 {
        std::fs::read_dir(dir).map_or(0, |d| d.flatten().filter_map(|e| e.metadata().ok()).map(|m| m.len()).sum())
    };
    let (code, summary, stderr) = interrupted_ingest(&kg, &batch, &|| size(&kg.db()) > 100_000);
    let done = articles_in(code, &stderr);
    assert!(done > 0 && done < n, "{stderr}");
    // The summary counts what went in.
    assert!(summary.contains(&format!("articles: {done} new, 0 unchanged")), "{summary}");
    kg.run(&["check"]).expect(0);
    let rerun = kg.run(&["ingest", batch.to_str().unwrap()]).expect(0);
    assert!(rerun.stdout.contains(&format!("articles: {} new, {done} unchanged", n - done)), "{}", rerun.stdout);
    kg.run(&["check"]).expect(0);
}

#[test]
fn ctrl_c_during_an_ingest_through_the_server_keeps_the_batches_sent_and_a_rerun_continues() {
    let kg = Kg::new();
    kg.write("seed.txt", "Anja Holt met Tomas Rivera in Oslo.");
    kg.ingest(&[&kg.path("seed.txt")]);
    let n = 6_000;
    let batch = kg.write("batch.jsonl", corpus(n));
    let served = crate::serve::Served::start(&kg, &[]);
    let articles = || served.get("/api/stats").1["articles"].as_u64().unwrap_or(0);
    let (code, _, stderr) = interrupted_ingest(&kg, &batch, &|| articles() > 1);
    let done = articles_in(code, &stderr);
    assert!(done > 0 && done < n, "{stderr}");
    assert_eq!(articles() as usize, done + 1, "the server holds what went in, and no more");
    kg.run(&["check"]).expect(0);
    let rerun = kg.run(&["ingest", batch.to_str().unwrap()]).expect(0);
    assert!(rerun.stdout.contains(&format!("articles: {} new, {done} unchanged", n - done)), "{}", rerun.stdout);
}
