//! Faults users and attackers cause (issue 14): interrupted snapshots, directories kg did not
//! create, files that are not files, hostile imports, outputs interrupted halfway.
use crate::util::{triples, Kg};

fn sample(kg: &Kg) {
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo on Monday.");
    kg.ingest(&[&kg.path("a.txt")]);
}

#[test]
fn a_half_written_snapshot_from_a_killed_process_is_set_aside_and_the_store_opens() {
    let kg = Kg::new();
    sample(&kg);
    // What a kill during sled's snapshot write leaves: an empty `snap.*.generating`.
    let partial = kg.db().join("snap.00000000FFFFFFFF.generating");
    std::fs::write(&partial, b"").unwrap();
    let run = kg.run(&["stats"]).expect(0);
    assert!(run.stdout.contains("articles"), "{}", run.stdout);
    assert!(!partial.exists());
    assert!(kg.db().join("set-aside/snap.00000000FFFFFFFF.generating").exists());
    kg.run(&["check"]).expect(0);
    assert_eq!(triples(&kg.export()), vec!["Anja Holt met-with Tomas Rivera"]);
}

#[test]
fn db_on_a_directory_that_is_not_a_store_is_refused_and_its_files_kept() {
    let kg = Kg::new();
    std::fs::create_dir_all(kg.db()).unwrap();
    std::fs::write(kg.db().join("db"), "my own file").unwrap();
    kg.write("a.txt", "Anja Holt met Tomas Rivera in Oslo.");
    let run = kg.run(&["ingest", kg.path("a.txt").to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("is not empty and is not a kg store"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(kg.db().join("db")).unwrap(), "my own file");
    // An empty directory is fine, and so is what a kill while creating the store leaves.
    std::fs::remove_file(kg.db().join("db")).unwrap();
    std::fs::write(kg.db().join("kg.lock"), "").unwrap();
    std::fs::create_dir(kg.db().join("blobs")).unwrap();
    kg.run(&["ingest", kg.path("a.txt").to_str().unwrap()]).expect(0);
}

#[test]
fn errors_are_one_line_printed_once_without_debug_formatting() {
    let kg = Kg::new();
    sample(&kg);
    let conf = kg.db().join("conf");
    std::fs::remove_file(&conf).unwrap();
    std::fs::create_dir(&conf).unwrap();
    let run = kg.run(&["stats"]);
    assert_ne!(run.code, 0);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(!run.stderr.contains("Os {") && !run.stderr.contains("kind:"), "{}", run.stderr);
}

#[test]
fn export_never_writes_through_a_symlink_or_into_the_store() {
    let kg = Kg::new();
    sample(&kg);
    let precious = kg.write("precious.txt", "keep me");
    std::os::unix::fs::symlink(&precious, kg.path("link.json")).unwrap();
    let run = kg.run(&["export", "--output", kg.path("link.json").to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    let inside = kg.db().join("export.json");
    let run = kg.run(&["export", "--output", inside.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("inside the store"), "{}", run.stderr);
    assert!(!inside.exists());
    let run = kg.run(&["backup", kg.db().join("copy").to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("inside the store"), "{}", run.stderr);
    kg.run(&["check"]).expect(0);
}

#[test]
fn export_replaces_a_file_whole_and_cleans_what_killed_runs_left() {
    let kg = Kg::new();
    sample(&kg);
    let out = kg.path("graph.json");
    std::fs::write(&out, "an older export").unwrap();
    // What a kill -9 halfway through an earlier export leaves beside the target.
    std::fs::write(kg.path(".graph.json.kg-tmp-4242"), "{\"entities\": [").unwrap();
    kg.run(&["export", "--output", out.to_str().unwrap()]).expect(0);
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written["relations"].as_array().unwrap().len(), 1);
    assert!(!kg.path(".graph.json.kg-tmp-4242").exists());
}

#[test]
fn directory_exports_replace_older_exports_whole_and_refuse_other_directories() {
    let kg = Kg::new();
    sample(&kg);
    let dir = kg.path("csv-out");
    kg.run(&["export", "--format", "csv", "--output", dir.to_str().unwrap()]).expect(0);
    std::fs::write(dir.join("stale.csv"), "from an older export").unwrap();
    kg.run(&["export", "--format", "neo4j", "--output", dir.to_str().unwrap()]).expect(0);
    assert!(!dir.join("stale.csv").exists() && !dir.join("edges.csv").exists());
    assert!(dir.join("relationships.csv").exists());
    let mine = kg.path("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "mine").unwrap();
    let run = kg.run(&["export", "--format", "csv", "--output", mine.to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("is not a kg export"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);
}

/// Starts `kg args` with its output captured.
fn spawn(kg: &Kg, args: &[&str]) -> std::process::Child {
    kg.command(args).stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
}

/// Runs `args` and kills it with SIGKILL after `delay_ms`.
fn kill_after(kg: &Kg, args: &[&str], delay_ms: u64) {
    let mut child =
        kg.command(args).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    let _ = child.kill();
    let _ = child.wait();
}

fn big_sample(kg: &Kg, n: usize) {
    let mut batch = String::new();
    for i in 0..n {
        let text = format!("Anja Holt met Tomas Rivera{i} in Oslo. Erik Sand{i} called for a truce number {i}.");
        batch.push_str(&serde_json::json!({"id": format!("a{i}"), "text": text}).to_string());
        batch.push('\n');
    }
    let path = kg.write("big.jsonl", batch);
    kg.run(&["--quiet", "ingest", path.to_str().unwrap()]).expect(0);
}

#[test]
fn a_killed_backup_or_import_leaves_nothing_or_a_whole_store() {
    let kg = Kg::new();
    big_sample(&kg, 3000);
    let export = kg.path("export.json");
    kg.run(&["export", "--output", export.to_str().unwrap()]).expect(0);
    let expected = std::fs::read_to_string(&export).unwrap();
    for (i, delay) in [5u64, 40, 120, 300].into_iter().enumerate() {
        let dest = kg.path(&format!("backup{i}"));
        kill_after(&kg, &["backup", dest.to_str().unwrap()], delay);
        if dest.exists() {
            crate::util::Kg::at(&dest).run(&["check"]).expect(0);
        }
        let db = kg.path(&format!("imported{i}"));
        kill_after(&Kg::at(&db), &["import", export.to_str().unwrap()], delay);
        if db.exists() {
            let again = crate::util::Kg::at(&db);
            again.run(&["check"]).expect(0);
            assert_eq!(again.run(&["export"]).expect(0).stdout, expected);
        } else {
            // Nothing was left but, at most, a temporary the next import cleans.
            let again = crate::util::Kg::at(&db);
            again.run(&["import", export.to_str().unwrap()]).expect(0);
            assert_eq!(again.run(&["export"]).expect(0).stdout, expected);
        }
    }
}

#[test]
fn hostile_imports_are_refused_with_the_json_path_and_write_nothing() {
    let kg = Kg::new();
    let entity = |id: &str| serde_json::json!({"id": id, "name": format!("Person {id}"), "type": "person", "aliases": [], "articles": ["a1"]});
    let evidence = serde_json::json!([{"article": "a1", "sentence": "They met."}]);
    let relation = |s: &str, t: &str, ev: &serde_json::Value| serde_json::json!({"source": s, "target": t, "relation": "met-with", "evidence": ev});
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        (
            "duplicate-id",
            serde_json::json!({"entities": [entity("e1"), entity("e1")], "relations": []}),
            "entities[1].id",
        ),
        (
            "duplicate-article",
            serde_json::json!({"entities": [{"id": "e1", "name": "A", "type": "person", "articles": ["a1", "a1"]}], "relations": []}),
            "entities[0].articles[1]",
        ),
        (
            "no-evidence",
            serde_json::json!({"entities": [entity("e1"), entity("e2")], "relations": [relation("e1", "e2", &serde_json::json!([]))]}),
            "relations[0].evidence",
        ),
        (
            "max-id",
            serde_json::json!({"entities": [entity("e18446744073709551615")], "relations": []}),
            "entities[0].id",
        ),
        (
            "unknown-entity",
            serde_json::json!({"entities": [entity("e1")], "relations": [relation("e1", "e9", &evidence)]}),
            "relations[0].target",
        ),
        (
            "huge-confidence",
            serde_json::json!({"entities": [entity("e1"), entity("e2")], "relations": [relation("e1", "e2", &serde_json::json!([{"article": "a1", "sentence": "x", "confidence": 1e39}]))]}),
            "relations[0].evidence[0].confidence",
        ),
    ];
    for (name, export, path) in cases {
        let file = kg.write(&format!("{name}.json"), export.to_string());
        let db = kg.path(&format!("db-{name}"));
        let run = crate::util::Kg::at(&db).run(&["import", file.to_str().unwrap()]).expect(2);
        assert!(run.stderr.contains(path), "{name}: {}", run.stderr);
        assert!(run.stderr.contains("nothing was imported"), "{name}: {}", run.stderr);
        assert!(!db.exists(), "{name}: a store was left");
    }
}

#[test]
fn devices_and_fifos_named_like_articles_are_refused_and_the_rest_goes_in() {
    let kg = Kg::new();
    kg.write("in/good.txt", "Anja Holt met Tomas Rivera in Oslo.");
    std::os::unix::fs::symlink("/dev/zero", kg.path("in/zero.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", kg.path("in/zero.jsonl")).unwrap();
    let fifos = ["in/pipe.txt", "in/pipe.jsonl"]
        .iter()
        .all(|f| std::process::Command::new("mkfifo").arg(kg.path(f)).status().is_ok_and(|s| s.success()));
    assert!(fifos, "mkfifo (coreutils) could not make the FIFOs this test reads");
    let mut child = spawn(&kg, &["ingest", kg.path("in").to_str().unwrap()]);
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("ingest hung on a device or FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 new"), "{stdout}");
    assert!(stderr.contains("zero.txt") && stderr.contains("not a regular file"), "{stderr}");
    assert_eq!(triples(&kg.export()), vec!["Anja Holt met-with Tomas Rivera"]);
}

/// Waits for `child` at most `secs` seconds; kills it and fails the test if it hangs.
/// How long a command that must end may take before it counts as hung: far past its normal
/// time (about 15 s for the largest here, in a debug build), since CI shares its cores.
const HANG_SECS: u64 = 240;

fn wait_or_fail(mut child: std::process::Child, secs: u64, what: &str) -> std::process::Output {
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(secs) {
            let _ = child.kill();
            panic!("{what} did not end within {secs} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn corpus_file(kg: &Kg, n: usize) -> std::path::PathBuf {
    let mut batch = String::new();
    for i in 0..n {
        let text = format!(
            "Anja Holt{i} met Tomas Rivera{i} in Oslo on Monday. Erik Sand{i}, the Chilean envoy, \
             called for a truce and the release of prisoners number {i}. {}",
            "The talks went on for hours. ".repeat(20)
        );
        batch.push_str(&serde_json::json!({"id": format!("a{i}"), "text": text}).to_string());
        batch.push('\n');
    }
    kg.write("corpus.jsonl", batch)
}

#[test]
#[ignore = "needs root: mounts a small tmpfs (.ci/run runs it)"]
fn a_full_disk_stops_ingest_and_check_with_one_clear_line_and_the_store_recovers() {
    let kg = Kg::new();
    let mount = kg.path("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=3m", "tmpfs", mount.to_str().unwrap()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(mounted, "cannot mount a small tmpfs: this test needs root (and, in a container, CAP_SYS_ADMIN)");
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mount.clone());
    let corpus = corpus_file(&kg, 3000);
    let store = Kg::at(&mount.join("db"));
    let child = spawn(&store, &["--quiet", "ingest", corpus.to_str().unwrap()]);
    let out = wait_or_fail(child, HANG_SECS, "an ingest on a full disk");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device") && stderr.contains("free disk space"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains("Os {"), "{stderr}");
    // check on the full disk ends too; then, with space again, the store opens and checks.
    let child = spawn(&store, &["check"]);
    wait_or_fail(child, HANG_SECS, "check on a full disk");
    let grown = std::process::Command::new("mount")
        .args(["-o", "remount,size=64m", mount.to_str().unwrap()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(grown, "remount failed");
    store.run(&["check"]).expect(0);
    store.run(&["--quiet", "ingest", corpus.to_str().unwrap()]).expect(0);
    store.run(&["check"]).expect(0);
    // A read-only file system: reading commands say exactly why they cannot run.
    let read_only = std::process::Command::new("mount")
        .args(["-o", "remount,ro", mount.to_str().unwrap()])
        .status()
        .is_ok_and(|s| s.success());
    assert!(read_only, "remounting the tmpfs read-only failed");
    let run = store.run(&["stats"]).expect(2);
    assert!(run.stderr.contains("Read-only file system") && run.stderr.contains("copy the store"), "{}", run.stderr);
}

#[test]
fn deleting_the_store_during_an_ingest_ends_it_with_an_error() {
    let kg = Kg::new();
    let corpus = corpus_file(&kg, 6000);
    let child = spawn(&kg, &["--quiet", "ingest", corpus.to_str().unwrap()]);
    // Wait for the store to appear, then take it away.
    let start = std::time::Instant::now();
    while !kg.db().join("conf").exists() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    std::fs::remove_dir_all(kg.db()).unwrap();
    let out = wait_or_fail(child, HANG_SECS, "an ingest whose store was deleted");
    // Either it noticed (exit 2, one line), or it had already finished writing.
    if out.status.code() != Some(0) {
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1, "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_run_on_sentence_naming_thousands_is_read_up_to_its_caps_with_a_warning() {
    let kg = Kg::new();
    let first = ["Anja", "Tomas", "Erik", "Carla", "Ines", "Pavel", "Lina", "Ivo", "Nils", "Ana"];
    let mut text = String::from("Anja Holt met");
    let mut i = 0;
    while text.len() < 5_000_000 {
        text.push_str(&format!(" {} Velm{i} and", first[i % 10]));
        i += 1;
    }
    text.push_str(" Carl Berg.");
    let path = kg.write("runon.txt", &text);
    let child = spawn(&kg, &["ingest", path.to_str().unwrap()]);
    let out = wait_or_fail(child, 120, "a 5 MB one-sentence article");
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("names more than 500"), "{stderr}");
    let export = kg.export();
    let relations = export["relations"].as_array().unwrap();
    assert_eq!(relations.len(), 64);
    for r in relations {
        let sentence = r["evidence"][0]["sentence"].as_str().unwrap();
        assert!(sentence.len() <= 4096 + 3 && sentence.ends_with('\u{2026}'), "{} bytes", sentence.len());
    }
    kg.run(&["check"]).expect(0);
}

/// Imports two entities whose names, aliases, article ids and evidence hold what spreadsheets,
/// terminals and XML readers would take for commands or markup.
fn import_hostile(kg: &Kg) {
    let export = serde_json::json!({
        "entities": [
            {"id": "e1", "name": "=HYPERLINK(\"http://evil\")", "type": "person", "aliases": ["@SUM(A1)"], "articles": ["a\u{1b}]0;owned\u{7}"]},
            {"id": "e2", "name": "Bad\u{fffe}Name\u{ffff}", "type": "person", "aliases": [], "articles": ["a\u{1b}]0;owned\u{7}"]}
        ],
        "relations": [{"source": "e1", "target": "e2", "relation": "met-with",
                       "evidence": [{"article": "a\u{1b}]0;owned\u{7}", "sentence": "They met.\u{1b}[2J"}]}]
    });
    let file = kg.write("hostile.json", export.to_string());
    kg.run(&["import", file.to_str().unwrap()]).expect(0);
}

#[test]
fn outputs_others_read_are_safe_from_hostile_names() {
    let kg = Kg::new();
    import_hostile(&kg);
    // CSV: formulas neutralised.
    let dir = kg.path("csv");
    kg.run(&["export", "--format", "csv", "--output", dir.to_str().unwrap()]).expect(0);
    let nodes = std::fs::read_to_string(dir.join("nodes.csv")).unwrap();
    assert!(nodes.contains("'=HYPERLINK") && nodes.contains("'@SUM"), "{nodes}");
    // Terminal: control characters escaped, never raw.
    for args in [vec!["show", "e1"], vec!["entities"]] {
        let run = kg.run(&args).expect(0);
        assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'), "{args:?}: {:?}", run.stdout);
    }
    // GraphML: well-formed XML whatever the names hold (SVG: the next test).
    let graphml = kg.run(&["export", "--format", "graphml"]).expect(0).stdout;
    assert!(!graphml.contains('\u{fffe}') && !graphml.contains('\u{ffff}'));
    // N-Triples: only absolute IRIs as a base.
    for bad in ["relative/", "https://example.org/a b/", "https://example.org/\n#", "http://x/>"] {
        let run = kg.run(&["export", "--format", "ntriples", "--base-iri", bad]).expect(2);
        assert!(run.stderr.contains("absolute IRI"), "{bad:?}: {}", run.stderr);
    }
    kg.run(&["export", "--format", "ntriples", "--base-iri", "urn:x-kg:"]).expect(2);
    kg.run(&["export", "--format", "ntriples", "--base-iri", "https://example.org/kg#"]).expect(0);
}

#[test]
#[ignore = "needs Graphviz (.ci/run installs it)"]
fn svg_pictures_are_well_formed_xml_whatever_the_names_hold() {
    crate::util::require_graphviz();
    let kg = Kg::new();
    import_hostile(&kg);
    let svg = kg.run(&["export", "--format", "svg"]).expect(0).stdout;
    assert!(!svg.contains('\u{fffe}') && !svg.contains('\u{ffff}') && svg.contains("</svg>"));
}

#[test]
fn path_search_on_a_clique_stops_at_its_limit_or_its_budget_and_says_so() {
    let kg = Kg::new();
    let n = 20;
    crate::util::import_clique(&kg, n);
    let limited = kg
        .command(&["query", "path", "e1", "e20", "--all", "--max-depth", "10", "--limit", "5", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_or_fail(limited, 60, "path --all --limit 5 on a clique");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["paths"].as_array().unwrap().len(), 5);
    assert_eq!(v["paths"][0]["edges"].as_array().unwrap().len(), 1, "shortest first");
    assert_eq!(v["complete"], true);
    let unlimited = kg
        .command(&["query", "path", "e1", "e20", "--all", "--max-depth", "10", "--limit", "100000000"])
        // Thousands of paths: not read back, so not piped (a full pipe would stall kg).
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_or_fail(unlimited, 120, "path --all on a clique with no practical limit");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the search stopped after"));
}

/// Imports a graph of `n` people, each meeting the next three.
fn import_web(kg: &Kg, n: usize) {
    let entities: Vec<serde_json::Value> = (1..=n)
        .map(|i| serde_json::json!({"id": format!("e{i}"), "name": format!("Person {i}"), "type": "person", "articles": ["a1"]}))
        .collect();
    let mut relations = Vec::new();
    for a in 1..=n {
        for b in a + 1..=(a + 3).min(n) {
            relations
                .push(serde_json::json!({"source": format!("e{a}"), "target": format!("e{b}"), "relation": "met-with",
                "evidence": [{"article": "a1", "sentence": "They met."}]}));
        }
    }
    let file = kg.write("web.json", serde_json::json!({"entities": entities, "relations": relations}).to_string());
    kg.run(&["import", file.to_str().unwrap()]).expect(0);
}

#[test]
fn pictures_past_the_size_limit_are_refused() {
    let kg = Kg::new();
    import_web(&kg, 2500);
    let run = kg.run(&["export", "--format", "svg", "--output", kg.path("big.svg").to_str().unwrap()]).expect(2);
    assert!(run.stderr.contains("--around") && run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!kg.path("big.svg").exists(), "no zero-byte picture is left");
}

#[test]
#[ignore = "needs Graphviz (.ci/run installs it)"]
fn graphviz_dies_with_kg_when_kg_is_killed_during_a_forced_picture() {
    crate::util::require_graphviz();
    let kg = Kg::new();
    import_web(&kg, 2500);
    let mut child =
        spawn(&kg, &["export", "--format", "svg", "--force", "--output", kg.path("forced.svg").to_str().unwrap()]);
    // Wait for Graphviz to start under kg, then kill kg outright.
    let children = |pid: u32| -> Vec<u32> {
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .unwrap_or_default()
            .split_whitespace()
            .filter_map(|s| s.parse().ok())
            .collect()
    };
    let start = std::time::Instant::now();
    let mut dot = Vec::new();
    while dot.is_empty() && start.elapsed() < std::time::Duration::from_secs(20) {
        dot = children(child.id());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    // 2,500 people take Graphviz seconds to lay out: not seeing it at all means kg never ran it.
    assert!(!dot.is_empty(), "no Graphviz process was seen under kg within 20 s");
    let gone = |pid: u32| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .map(|s| s.split_whitespace().nth(2).is_some_and(|state| state == "Z"))
            .unwrap_or(true)
    };
    let start = std::time::Instant::now();
    while !dot.iter().all(|&p| gone(p)) {
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "Graphviz outlived kg");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!kg.path("forced.svg").exists());
}

#[test]
fn import_streams_from_a_file_or_standard_input_in_any_key_order() {
    let kg = Kg::new();
    big_sample(&kg, 300);
    let export = kg.run(&["export"]).expect(0).stdout;
    let via_stdin = Kg::at(&kg.path("from-stdin"));
    via_stdin.run_with_stdin(&["import", "-"], Some(export.as_bytes())).expect(0);
    assert_eq!(via_stdin.run(&["export"]).expect(0).stdout, export);
    assert!(!std::fs::read_dir(kg.dir.path()).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains("spool")));
    // Relations before entities, and a key kg does not write: the same graph.
    let v: serde_json::Value = serde_json::from_str(&export).unwrap();
    let reordered = serde_json::json!({"relations": v["relations"], "note": {"by": "hand"}, "entities": v["entities"]});
    let file = kg.write("reordered.json", reordered.to_string());
    let other = Kg::at(&kg.path("reordered"));
    other.run(&["import", file.to_str().unwrap()]).expect(0);
    assert_eq!(other.run(&["export"]).expect(0).stdout, export);
    other.run(&["check"]).expect(0);
}

#[test]
fn a_killed_export_leaves_the_previous_file_whole() {
    let kg = Kg::new();
    big_sample(&kg, 3000);
    let out = kg.path("graph.json");
    std::fs::write(&out, "{\"entities\": [], \"relations\": []}").unwrap();
    let previous = std::fs::read_to_string(&out).unwrap();
    let complete = kg.run(&["export"]).expect(0).stdout;
    for delay in [5u64, 30, 80, 200] {
        kill_after(&kg, &["export", "--output", out.to_str().unwrap()], delay);
        let now = std::fs::read_to_string(&out).unwrap();
        assert!(
            now == previous || now == complete,
            "after a kill at {delay} ms the file is neither the old nor the new export"
        );
    }
    kg.run(&["export", "--output", out.to_str().unwrap()]).expect(0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), complete);
    let leftovers: Vec<String> = std::fs::read_dir(kg.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("kg-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
