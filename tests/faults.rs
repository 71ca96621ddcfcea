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
    // An empty directory is fine.
    std::fs::remove_file(kg.db().join("db")).unwrap();
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
