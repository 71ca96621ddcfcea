//! Tests of `Store::verdicts` (what each correction must find, and which later one wins),
//! and regression tests of the ways the property test of `ops/check/corrections_hold.rs`
//! found a correction not holding after a re-ingest (issue 25). Each builds its own small
//! store from invented sentences in a temp dir.

use super::*;
use crate::extract::{extract, link, Lexicon};
use crate::store::correct::Delta;
use crate::store::{Access, ArticleMeta};

/// An empty store in its own temp dir (kept alive with it).
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("db"), Access::Create).unwrap();
    (dir, store)
}

/// Writes `articles` (id, text), each linked against what the store knows; with `again`,
/// also the unchanged ones (`ingest --reextract`).
fn ingest(store: &Store, articles: &[(&str, &str)], again: bool) {
    let lex = Lexicon::builtin();
    let mut batch = store.batch().unwrap().with_rules([0; 32], again);
    for (id, text) in articles {
        let mut facts = extract(text, "2025-03-01", &lex);
        link(&mut facts, &batch, &lex);
        let meta = ArticleMeta { id: (*id).into(), date: "2025-03-01".into(), ..ArticleMeta::default() };
        batch.write_article(&meta, text, &facts).unwrap();
        batch.submit().unwrap();
    }
    batch.commit().unwrap();
}

/// The one entity called `name`.
fn id(store: &Store, name: &str) -> EntityId {
    let ids = store.lookup(&normalize(name)).unwrap();
    assert_eq!(ids.len(), 1, "{name}: {ids:?}");
    ids[0]
}

/// Writes a correction of entities `s` and `t` (the same for a rename, a retype or an
/// unmerge), named as the store names them, as `ops::correct` does; returns its number.
fn correct(store: &Store, op: Op, s: EntityId, t: EntityId) -> u64 {
    let name = |id: EntityId| store.entity(id).unwrap().map(|e| e.name).unwrap_or_default();
    let target = match &op {
        Op::Rename { name } => name.clone(),
        Op::Unmerge { form } => form.clone(),
        Op::Retype { kind } => EntityKind::from_code(*kind).unwrap().to_string(),
        _ => name(t),
    };
    let c = Correction {
        date: "2026-12-07T06:00:00Z".into(),
        note: String::new(),
        op,
        source: name(s),
        relation: u8::MAX,
        target,
        ids: Some((s.0, t.0)),
        writes: Vec::new(),
        counts: Delta::default(),
        imported: false,
    };
    store.correct(c, None).unwrap()
}

fn verdicts(store: &Store) -> Vec<(u64, Verdict)> {
    store.verdicts(&store.corrections().unwrap()).unwrap().into_iter().collect()
}

/// The store's check problems (none expected).
fn clean(store: &Store) {
    let report = store.check().unwrap();
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
}

const HOLT_MEETS_RIVERA: (&str, &str) = ("a", "Anja Holt met Tomas Rivera in Oslo on Monday.");
const SAND_MEETS_RIVERA: (&str, &str) = ("b", "Erik Sand met Tomas Rivera in Riga on Friday.");

#[test]
fn a_rename_the_graph_disagrees_with_fails_saying_what_the_graph_shows() {
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA], false);
    let holt = id(&store, "Anja Holt");
    correct(&store, Op::Rename { name: "Anja P. Holt".into() }, holt, holt);
    assert_eq!(verdicts(&store), [(1, Verdict::Holds)]);
    clean(&store);
    // A write that bypasses the pins: the record gets its old name back.
    let mut record = store.entity_record(holt).unwrap().unwrap();
    record.name = "Anja Holt".into();
    store.entities.insert(keys::entity(holt), crate::store::codec::encode(&record)).unwrap();
    assert_eq!(verdicts(&store), [(1, Verdict::Fails(format!("{holt} is called \"Anja Holt\"")))]);
    assert_eq!(
        store.check().unwrap().problems,
        [format!("correction 1 (renames Anja Holt ({holt}) to \"Anja P. Holt\"): {holt} is called \"Anja Holt\"")]
    );
}

#[test]
fn a_later_rename_or_a_merge_that_takes_the_entity_away_supersedes_a_rename() {
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA, SAND_MEETS_RIVERA], false);
    let (holt, sand, rivera) = (id(&store, "Anja Holt"), id(&store, "Erik Sand"), id(&store, "Tomas Rivera"));
    correct(&store, Op::Rename { name: "Anja P. Holt".into() }, holt, holt);
    correct(&store, Op::Rename { name: "Anja Holt-Berg".into() }, holt, holt);
    correct(&store, Op::Rename { name: "Erik P. Sand".into() }, sand, sand);
    correct(&store, Op::Merge, rivera, sand);
    assert_eq!(
        verdicts(&store),
        [(1, Verdict::Superseded(2)), (2, Verdict::Holds), (3, Verdict::Superseded(4)), (4, Verdict::Holds)]
    );
    clean(&store);
}

#[test]
fn a_merge_and_an_unmerge_of_the_merged_away_name_both_hold() {
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA, ("c", "Jon Sandvik met Carla Mendes in Bern.")], false);
    let (rivera, sandvik) = (id(&store, "Tomas Rivera"), id(&store, "Jon Sandvik"));
    correct(&store, Op::Merge, rivera, sandvik);
    correct(&store, Op::Unmerge { form: "Jon Sandvik".into() }, rivera, rivera);
    // The merged-away name finds the entity the unmerge split off, not the kept one.
    let split = id(&store, "Jon Sandvik");
    assert_ne!(split, rivera);
    assert_eq!(verdicts(&store), [(1, Verdict::Holds), (2, Verdict::Holds)]);
    clean(&store);
    // Merged again: the unmerge is superseded, the merges hold.
    correct(&store, Op::Merge, rivera, split);
    assert_eq!(verdicts(&store), [(1, Verdict::Holds), (2, Verdict::Superseded(3)), (3, Verdict::Holds)]);
    clean(&store);
}

#[test]
fn a_renamed_entity_rebuilt_by_a_reextract_keeps_its_name_in_the_alias_index() {
    // Its one article replaced, the entity was rebuilt with the pinned name but without it as
    // a form: `kg show "Anja P. Holt"` found nothing, and `kg check` said ok.
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA], false);
    let holt = id(&store, "Anja Holt");
    correct(&store, Op::Rename { name: "Anja P. Holt".into() }, holt, holt);
    ingest(&store, &[HOLT_MEETS_RIVERA], true);
    assert_eq!(store.lookup("anja p. holt").unwrap(), [holt]);
    assert_eq!(store.entity(holt).unwrap().unwrap().name, "Anja P. Holt");
    clean(&store);
}

#[test]
fn a_retyped_entity_rebuilt_by_a_reextract_keeps_its_type() {
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA], false);
    let rivera = id(&store, "Tomas Rivera");
    correct(&store, Op::Retype { kind: EntityKind::Organization.code() }, rivera, rivera);
    ingest(&store, &[HOLT_MEETS_RIVERA], true);
    assert_eq!(store.entity(rivera).unwrap().unwrap().kind, EntityKind::Organization);
    assert_eq!(store.counts().unwrap().entities.get(&EntityKind::Organization), Some(&1));
    clean(&store);
}

#[test]
fn an_unmerged_form_finds_the_split_off_entity_also_where_an_article_kept_it_beside_the_name() {
    // Article "a" calls him "Tomas Rivera" and "Rivera"; "x" only "Rivera". The form stays
    // his alias (article "a" gives it) and finds the entity split off too.
    let (_dir, store) = store();
    ingest(
        &store,
        &[("a", "Tomas Rivera met Anja Holt in Oslo. Rivera thanked Holt."), ("x", "Rivera met Erik Sand.")],
        false,
    );
    let rivera = id(&store, "Tomas Rivera");
    correct(&store, Op::Unmerge { form: "Rivera".into() }, rivera, rivera);
    let finds = store.lookup("rivera").unwrap();
    assert_eq!(finds.len(), 2, "{finds:?}");
    assert_eq!(verdicts(&store), [(1, Verdict::Holds)]);
    clean(&store);
    // A graph where the form no longer finds the split-off entity fails the check.
    let split = finds.into_iter().find(|id| *id != rivera).unwrap();
    store.names.insert("rivera", keys::encode_ids(&[rivera])).unwrap();
    assert_eq!(
        verdicts(&store),
        [(1, Verdict::Fails(format!("\"Rivera\" does not find {split}, split off as its own entity")))]
    );
}

#[test]
fn a_merged_away_place_name_links_to_the_kept_place_in_later_articles() {
    // A place links by its canonical name only: "Riga", merged into "Oslo", became a new
    // node again when an article named it.
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA, SAND_MEETS_RIVERA], false);
    let (oslo, riga) = (id(&store, "Oslo"), id(&store, "Riga"));
    correct(&store, Op::Merge, oslo, riga);
    ingest(
        &store,
        &[("b", "Tomas Rivera met Erik Sand in Riga on Sunday."), ("c", "Carla Mendes flew to Riga.")],
        false,
    );
    assert_eq!(store.lookup("riga").unwrap(), [oslo]);
    assert_eq!(store.entity_articles(oslo).unwrap().len(), 3);
    clean(&store);
}

#[test]
fn a_merged_away_person_keeps_linking_to_the_kept_entity_of_another_type() {
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA, SAND_MEETS_RIVERA], false);
    let (oslo, sand) = (id(&store, "Oslo"), id(&store, "Erik Sand"));
    correct(&store, Op::Merge, oslo, sand);
    ingest(&store, &[SAND_MEETS_RIVERA], true);
    assert_eq!(store.lookup("erik sand").unwrap(), [oslo]);
    clean(&store);
}

#[test]
fn forms_merged_twice_link_as_the_type_they_were_read_as() {
    // "Riga" (a place) merged into Erik Sand (a person), and he into Tomas Rivera: the second
    // merge passed "Riga" on as a person's form, and a reextract read it as a new place.
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA, SAND_MEETS_RIVERA], false);
    let (riga, sand, rivera) = (id(&store, "Riga"), id(&store, "Erik Sand"), id(&store, "Tomas Rivera"));
    correct(&store, Op::Merge, sand, riga);
    correct(&store, Op::Merge, rivera, sand);
    ingest(&store, &[SAND_MEETS_RIVERA], true);
    assert_eq!(store.lookup("riga").unwrap(), [rivera]);
    clean(&store);
}

#[test]
fn a_renamed_place_keeps_its_article_through_a_reextract() {
    // A renamed place no longer has its old name as canonical name, by which places link:
    // the reextract made "Riga" a new node and the renamed one went with its last article.
    let (_dir, store) = store();
    ingest(&store, &[SAND_MEETS_RIVERA], false);
    let riga = id(&store, "Riga");
    correct(&store, Op::Rename { name: "Riga City".into() }, riga, riga);
    ingest(&store, &[SAND_MEETS_RIVERA], true);
    assert_eq!(store.lookup("riga").unwrap(), [riga]);
    assert_eq!(store.entity(riga).unwrap().unwrap().name, "Riga City");
    clean(&store);
}

#[test]
fn the_kept_entity_keeps_its_name_when_an_article_gives_the_longer_merged_away_one() {
    // See: issue 25 ("a re-ingest was also seen renaming the kept person to the merged-away
    // spelling"): the longest full name an article gives is an entity's name, unless pinned.
    let (_dir, store) = store();
    ingest(
        &store,
        &[("a", "Jon Sandvik met Carla Mendes in Oslo."), ("b", "Johan Peter Sandvik met Tomas Rivera.")],
        false,
    );
    let (jon, johan) = (id(&store, "Jon Sandvik"), id(&store, "Johan Peter Sandvik"));
    correct(&store, Op::Merge, jon, johan);
    ingest(&store, &[("b", "Johan Peter Sandvik met Tomas Rivera in Bergen.")], false);
    assert_eq!(store.entity(jon).unwrap().unwrap().name, "Jon Sandvik");
    assert_eq!(store.lookup("johan peter sandvik").unwrap(), [jon]);
    assert_eq!(verdicts(&store), [(1, Verdict::Holds)]);
    clean(&store);
}

#[test]
fn a_name_merged_into_a_renamed_entity_links_as_the_type_it_was_read_as() {
    // The rename pinned every form the entity had when an ingest began, the merged-away
    // person's name among them, as a place's: read as a person's, it became a new node.
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA], false);
    let (oslo, rivera) = (id(&store, "Oslo"), id(&store, "Tomas Rivera"));
    correct(&store, Op::Rename { name: "Oslo City".into() }, oslo, oslo);
    correct(&store, Op::Merge, oslo, rivera);
    ingest(&store, &[HOLT_MEETS_RIVERA], true);
    assert_eq!(store.lookup("tomas rivera").unwrap(), [oslo]);
    assert_eq!(verdicts(&store), [(1, Verdict::Holds), (2, Verdict::Holds)]);
    clean(&store);
}

#[test]
fn the_forms_of_a_retyped_entity_merged_away_link_to_the_kept_one_whatever_they_are_read_as() {
    // Erik Sand, retyped an organization, merged into Riga: the merge passed his forms on as
    // an organization's, and the pin of the retype went with the entity; read as a person's
    // again, "Erik Sand" became a new node.
    let (_dir, store) = store();
    ingest(&store, &[SAND_MEETS_RIVERA], false);
    let (riga, sand) = (id(&store, "Riga"), id(&store, "Erik Sand"));
    correct(&store, Op::Retype { kind: EntityKind::Organization.code() }, sand, sand);
    correct(&store, Op::Merge, riga, sand);
    ingest(&store, &[SAND_MEETS_RIVERA], true);
    assert_eq!(store.lookup("erik sand").unwrap(), [riga]);
    clean(&store);
}

#[test]
fn a_name_the_log_pins_goes_before_what_linking_guesses() {
    // Tomas Rivera, retyped an organization, is no person linking could find by his name;
    // linking then respelt "Tomas Rivera" as the one person "Rivera" (a name an analyst gave
    // Carla Mendes), and the retyped entity lost its articles.
    let (_dir, store) = store();
    ingest(&store, &[HOLT_MEETS_RIVERA, SAND_MEETS_RIVERA, ("c", "Carla Mendes met Erik Sand in Oslo.")], false);
    let (rivera, mendes) = (id(&store, "Tomas Rivera"), id(&store, "Carla Mendes"));
    correct(&store, Op::Rename { name: "Rivera".into() }, mendes, mendes);
    correct(&store, Op::Retype { kind: EntityKind::Organization.code() }, rivera, rivera);
    ingest(&store, &[HOLT_MEETS_RIVERA, SAND_MEETS_RIVERA], true);
    assert_eq!(store.entity_articles(rivera).unwrap(), ["a", "b"]);
    assert_eq!(verdicts(&store), [(1, Verdict::Holds), (2, Verdict::Holds)]);
    clean(&store);
}

#[test]
fn a_merged_away_name_another_entity_has_as_an_alias_does_not_fail_the_merge() {
    let (_dir, store) = store();
    ingest(&store, &[("a", "Tomas Rivera met Anja Holt in Oslo. Rivera thanked Holt."), SAND_MEETS_RIVERA], false);
    let (oslo, sand) = (id(&store, "Oslo"), id(&store, "Erik Sand"));
    correct(&store, Op::Rename { name: "Rivera".into() }, oslo, oslo);
    correct(&store, Op::Merge, sand, oslo);
    // "Rivera" finds Erik Sand, and Tomas Rivera, whose alias it was before.
    assert_eq!(store.lookup("rivera").unwrap().len(), 2);
    assert_eq!(verdicts(&store), [(1, Verdict::Superseded(2)), (2, Verdict::Holds)]);
    clean(&store);
}
