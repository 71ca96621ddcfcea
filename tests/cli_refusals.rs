//! Corrections refused for bad input, each with a clear error (exit 2) that changes nothing:
//! judged by `kg check` and by the export before and after. Self-merges and cycles, merges
//! naming an entity merged away, a rename to a name another entity holds, self-edges, notes
//! too long, dates that are no day.

use crate::cli_corrections::{dated, log_line, replayed};
use crate::util::Kg;

/// Runs a command that must be refused: exit 2, the graph and the log as they were, `kg
/// check` clean. Returns what it printed on standard error.
fn refused(kg: &Kg, args: &[&str]) -> String {
    let (graph, log) = (kg.export(), kg.run(&["corrections", "list", "--format", "json"]).expect(0).stdout);
    let run = kg.run(args).expect(2);
    assert_eq!(kg.export(), graph, "{args:?} changed the graph");
    assert_eq!(kg.run(&["corrections", "list", "--format", "json"]).expect(0).stdout, log, "{args:?} wrote to the log");
    kg.run(&["check"]).expect(0);
    run.stderr
}

#[test]
fn a_self_merge_or_a_merge_cycle_in_an_imported_file_is_refused_whole() {
    // See: #23 (case 12: the entity was deleted, references dangled, exit 0).
    let kg = dated();
    let before = kg.export();
    let files = [
        log_line(1, "merge", "Tomas Rivera", "-", "Rivera"),
        log_line(1, "merge", "Tomas Rivera", "-", "Carla Mendes")
            + &log_line(2, "merge", "Carla Mendes", "-", "Tomas Rivera"),
        log_line(1, "merge", "Anja Holt", "-", "Erik Sand")
            + &log_line(2, "merge", "Tomas Rivera", "-", "Carla Mendes")
            + &log_line(3, "merge", "Erik Sand", "-", "Anja Holt"),
    ];
    for (i, text) in files.iter().enumerate() {
        let file = kg.write(&format!("merges-{i}.jsonl"), text);
        let run = kg.run(&["corrections", "import", file.to_str().unwrap()]).expect(2);
        assert!(run.stderr.contains("into itself") && run.stderr.contains("nothing imported"), "{}", run.stderr);
        kg.run(&["check"]).expect(0);
        assert_eq!(kg.export(), before, "file {i}: something was written");
    }
    // The CLI and the API refuse it too (the store's own check).
    let run = kg.run(&["merge", "Tomas Rivera", "Rivera"]).expect(2);
    assert!(run.stderr.contains("itself"), "{}", run.stderr);
}

#[test]
fn an_edge_from_an_entity_to_itself_is_refused() {
    // See: #23 (case 15: accepted, counted, never shown).
    let kg = dated();
    let before = kg.export();
    for op in ["assert", "reject"] {
        let run = kg.run(&[op, "Anja Holt", "met-with", "Holt", "--note", "x"]).expect(2);
        assert!(run.stderr.contains("Anja Holt (e2) to itself"), "{}", run.stderr);
    }
    assert_eq!(kg.export(), before);
    kg.run(&["check"]).expect(0);
}

#[test]
fn a_merge_naming_the_kept_entity_among_the_others_merges_nothing() {
    // See: #23 (case 16: the first merge went in, then exit 2).
    let kg = dated();
    let before = kg.export();
    for others in
        [&["Carla Mendes", "Tomas Rivera"][..], &["Carla Mendes", "Mendes"], &["Carla Mendes", "Nobody Atall"]]
    {
        let mut args = vec!["merge", "Tomas Rivera"];
        args.extend_from_slice(others);
        kg.run(&args).expect(2);
        assert_eq!(kg.export(), before, "{others:?}");
    }
    kg.run(&["check"]).expect(0);
    kg.run(&["merge", "Tomas Rivera", "Carla Mendes", "Anja Holt"]).expect(0);
    kg.run(&["check"]).expect(0);
}

#[test]
fn a_rename_to_a_name_another_entity_holds_is_refused_naming_it() {
    // See: #23 (case 17: accepted, then the exported log did not replay: "ambiguous").
    let kg = dated();
    let err = refused(&kg, &["rename", "Anja Holt", "erik sand"]);
    assert!(err.starts_with("kg: \"erik sand\" is the name of Erik Sand (e1, person): "), "{err}");
    assert!(err.contains("merge them (kg merge e1 e2) or choose another name"), "{err}");
    // Its own name in another case, and a new one, are fine; the log replays.
    kg.run(&["rename", "Anja Holt", "Anja HOLT"]).expect(0);
    kg.run(&["rename", "Erik Sand", "Erik G. Sand"]).expect(0);
    kg.run(&["check"]).expect(0);
    let (out, _) = replayed(&kg);
    assert!(out.contains("imported 2 corrections"), "{out}");
}

#[test]
fn a_note_is_capped_like_an_evidence_sentence() {
    // See: #23 (a 20 MB note was stored and served with every show).
    let kg = dated();
    let note = "x".repeat(5000);
    let run = kg.run(&["assert", "Anja Holt", "met-with", "Erik Sand", "--note", &note]).expect(2);
    assert!(run.stderr.contains("a note is at most 4096 bytes"), "{}", run.stderr);
    kg.run(&["merge", "Tomas Rivera", "Carla Mendes", "--note", &note]).expect(2);
    kg.run(&["check"]).expect(0);
    assert!(kg.run(&["corrections", "list"]).expect(0).stdout.contains("no corrections"));
}

#[test]
fn a_merge_that_would_give_a_rejected_edge_evidence_is_refused_and_check_stays_clean() {
    let kg = dated();
    // The rejected edge has no evidence; the merge would move it onto one that has.
    kg.run(&["reject", "Erik Sand", "met-with", "Carla Mendes"]).expect(0);
    let run = kg.run(&["merge", "Marta Lindqvist", "Carla Mendes"]).expect(2);
    assert!(run.stderr.contains("would give the rejected edge"), "{}", run.stderr);
    assert!(run.stderr.contains("talks-resume"), "{}", run.stderr);
    kg.run(&["check"]).expect(0);
    // Rejecting the other edge too settles it: the merge then goes through, still clean.
    kg.run(&["reject", "Erik Sand", "met-with", "Marta Lindqvist"]).expect(0);
    kg.run(&["merge", "Marta Lindqvist", "Carla Mendes"]).expect(0);
    kg.run(&["check"]).expect(0);
}

#[test]
fn an_assertion_date_must_be_a_calendar_day() {
    let kg = dated();
    for bad in ["2025-02-30", "2025-13-01", "2025-03", "5 March", ""] {
        let run = kg.run(&["assert", "Lindqvist", "aide-of", "Rivera", "--note", "n", "--date", bad]).expect(2);
        assert!(run.stderr.contains("is not a calendar day (use YYYY-MM-DD"), "{bad}: {}", run.stderr);
    }
    assert!(kg.run(&["corrections", "list"]).expect(0).stdout.contains("no corrections"));
}

#[test]
fn merging_an_entity_into_itself_by_name_alias_or_id_is_refused() {
    let kg = dated();
    for (keep, other) in [("Tomas Rivera", "Tomas Rivera"), ("Tomas Rivera", "rivera"), ("e4", "Tomas Rivera")] {
        let err = refused(&kg, &["merge", keep, other]);
        assert!(err.contains("itself: nothing merged"), "{keep} {other}: {err}");
    }
}

#[test]
fn a_merge_naming_an_entity_merged_away_says_where_it_went_and_changes_nothing() {
    let kg = dated();
    kg.run(&["merge", "Carla Mendes", "Erik Sand"]).expect(0);
    // Into it, from it, again, and the other way round (a cycle): each names where it went.
    let into = refused(&kg, &["merge", "Erik Sand", "Anja Holt"]);
    assert_eq!(
        into,
        "kg: \"Erik Sand\" was merged into Carla Mendes (e5, person) by correction 1: nothing merged (name that entity, e5 or \"Carla Mendes\", if you mean it)\n"
    );
    let from = refused(&kg, &["merge", "Anja Holt", "Erik Sand"]);
    assert!(from.contains("\"Erik Sand\" was merged into Carla Mendes (e5, person) by correction 1"), "{from}");
    let again = refused(&kg, &["merge", "Carla Mendes", "Erik Sand"]);
    assert_eq!(
        again,
        "kg: \"Erik Sand\" is merged into Carla Mendes (e5, person) already (correction 1): nothing merged\n"
    );
    let cycle = refused(&kg, &["merge", "Erik Sand", "Carla Mendes"]);
    assert!(cycle.contains("was merged into Carla Mendes (e5, person) by correction 1"), "{cycle}");
    // By id, in a merge and in every other command.
    for args in [&["merge", "e1", "Anja Holt"][..], &["merge", "Anja Holt", "e1"], &["show", "e1"]] {
        let err = refused(&kg, args);
        assert_eq!(
            err, "kg: unknown entity \"e1\": correction 1 merged it into Carla Mendes (e5, person)\n",
            "{args:?}"
        );
    }
    // Named as what it is now, the merge goes through.
    kg.run(&["merge", "Carla Mendes", "Anja Holt"]).expect(0);
    let run = kg.run(&["merge", "Tomas Rivera", "e1"]).expect(2);
    assert!(run.stderr.contains("merged it into Carla Mendes (e5, person)"), "{}", run.stderr);
    kg.run(&["check"]).expect(0);
}

#[test]
fn a_rename_to_the_name_of_an_entity_of_another_type_says_its_type() {
    let kg = dated();
    let err = refused(&kg, &["rename", "Anja Holt", "Oslo"]);
    assert!(err.contains("is the name of Oslo (e"), "{err}");
    assert!(err.contains(", place): two entities with one name cannot be told apart"), "{err}");
}
