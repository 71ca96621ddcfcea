//! Unit tests of the correction planners (issue 24): each plan is checked to write nothing,
//! and to be exactly what `Store::correct` then writes and counts. Every test builds its own
//! small store from invented sentences in a temp dir and drops it before it ends.

use super::*;
use crate::extract::{extract, link, Lexicon};
use crate::graph::name::normalize;
use crate::graph::EntityKind;
use crate::store::{Access, ArticleMeta};

const HOLT_MEETS_RIVERA: &str = "Anja Holt met Tomas Rivera in Oslo on Monday.";
const HOLT_MEETS_WEBER: &str = "Anja Holt met Karl Weber in Bern on Tuesday.";
const BERG_MEETS_MAREK: &str = "Lena Berg met Ivo Marek in Rome on Friday.";

/// A store holding `articles` (id, text), in its own temp dir (kept alive with it).
fn store_with(articles: &[(&str, &str)]) -> (tempfile::TempDir, Store) {
    let lex = Lexicon::builtin();
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("db"), Access::Create).unwrap();
    let mut batch = store.batch().unwrap();
    for (id, text) in articles {
        let mut facts = extract(text, "2025-01-01", &lex);
        link(&mut facts, &batch, &lex);
        let meta = ArticleMeta { id: (*id).into(), ..ArticleMeta::default() };
        batch.write_article(&meta, text, &facts).unwrap();
        // Submitted one by one, so that each article links to the entities of those before.
        batch.submit().unwrap();
    }
    batch.commit().unwrap();
    drop(batch);
    (dir, store)
}

/// The one entity called `name`.
fn id(store: &Store, name: &str) -> EntityId {
    let ids = store.lookup(&normalize(name)).unwrap();
    assert_eq!(ids.len(), 1, "{name}: {ids:?}");
    ids[0]
}

/// A met-with edge between two entities, lower id first as the store keeps symmetric ones.
fn met(a: EntityId, b: EntityId) -> (EntityId, RelationKind, EntityId) {
    (a.min(b), RelationKind::MetWith, a.max(b))
}

/// Every key and value of every tree a correction writes, and of `meta`.
fn dump(store: &Store) -> Vec<(u8, Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    for (index, tree) in (0..TREES.len() as u8).map(|i| (i, store.tree(i))).chain([(9, &store.meta)]) {
        for item in tree.iter() {
            let (k, v) = item.unwrap();
            out.push((index, k.to_vec(), v.to_vec()));
        }
    }
    out
}

/// The kept counts after adding `delta`.
fn counts_after(store: &Store, delta: &Delta) -> codec::CountsRecord {
    let mut counts = store.stored_counts().unwrap();
    delta.apply(&mut counts, 1);
    counts
}

/// A correction of `op` between `s` and `t`, made today with a short note.
fn correction(op: Op, s: EntityId, relation: u8, t: EntityId) -> Correction {
    Correction {
        date: "2026-12-07T04:00:00Z".into(),
        note: "Checked against the wire copy.".into(),
        op,
        source: format!("{s}"),
        relation,
        target: format!("{t}"),
        ids: Some((s.0, t.0)),
        writes: Vec::new(),
        counts: Delta::default(),
        imported: false,
    }
}

/// Carries `c` out through `Store::correct` and checks that it wrote the `planned` writes,
/// logged them with the planned delta, and moved the kept counts by that delta, to counts
/// that agree with the graph. Returns the entry's number.
fn apply_as_planned(store: &Store, c: Correction, planned: &(Vec<Write>, Delta)) -> u64 {
    let (writes, delta) = planned;
    let expected = counts_after(store, delta);
    let n = store.correct(c, None).unwrap();
    let logged = store.correction(n).unwrap().unwrap();
    assert_eq!(&logged.writes, writes, "the log keeps other writes than planned");
    assert_eq!(&logged.counts, delta);
    for (tree, key, _, after) in writes {
        assert_eq!(store.tree(*tree).get(key).unwrap().map(|v| v.to_vec()), *after, "tree {tree}, key {key:?}");
    }
    let counts = store.stored_counts().unwrap();
    assert_eq!(counts, expected, "the kept counts moved by another delta than planned");
    assert_eq!(store.scan_counts().unwrap(), counts, "the kept counts no longer match the graph");
    let report = store.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    n
}

/// The number `correct` gives the next entry.
fn next_number(store: &Store) -> u64 {
    store.corrections().unwrap().last().map_or(0, |(n, _)| *n) + 1
}

#[test]
fn rejecting_an_edge_everywhere_plans_without_writing_and_takes_one_relation_away() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA), ("b", HOLT_MEETS_RIVERA)]);
    let (s, kind, t) = met(id(&store, "Anja Holt"), id(&store, "Tomas Rivera"));
    let before = dump(&store);
    let planned = store.plan_reject(s, kind, t, None).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned.1, Delta { relations: vec![(kind.code(), -1)], ..Delta::default() });
    let evidence: Vec<_> = planned.0.iter().filter(|w| w.0 == EVIDENCE).collect();
    assert_eq!(evidence.len(), 2, "both articles' evidence goes");
    // Filed by bucket, the evidence is hidden by an empty value of the `evidence` tree.
    assert!(evidence.iter().all(|w| w.3.as_deref() == Some(TOMBSTONE)));
    assert!(planned.0.iter().any(|w| w.0 == OUT && w.3.is_none()));
    assert!(planned.0.iter().any(|w| w.0 == IN && w.3.is_none()));

    apply_as_planned(&store, correction(Op::Reject { article: None }, s, kind.code(), t), &planned);
    assert!(store.evidence(s, kind, t).unwrap().is_empty());
    for article in ["a", "b"] {
        assert!(store.article(article).unwrap().unwrap().relations.is_empty(), "{article} still lists the edge");
    }
    drop(store);
}

#[test]
fn rejecting_an_edge_in_one_of_its_two_articles_keeps_the_edge() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA), ("b", HOLT_MEETS_RIVERA)]);
    let (s, kind, t) = met(id(&store, "Anja Holt"), id(&store, "Tomas Rivera"));
    let before = dump(&store);
    let planned = store.plan_reject(s, kind, t, Some("a")).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned.1, Delta::default());
    assert!(planned.0.iter().all(|w| w.0 != OUT && w.0 != IN), "the edge keeps its adjacency");
    let evidence: Vec<_> = planned.0.iter().filter(|w| w.0 == EVIDENCE).collect();
    assert_eq!(evidence.len(), 1);
    assert_eq!(keys::article_suffix(&evidence[0].1, 17).as_deref(), Some("a"));

    apply_as_planned(&store, correction(Op::Reject { article: Some("a".into()) }, s, kind.code(), t), &planned);
    let left: Vec<String> = store.evidence(s, kind, t).unwrap().into_iter().map(|e| e.article).collect();
    assert_eq!(left, vec!["b".to_string()]);
    drop(store);
}

#[test]
fn rejecting_an_edge_in_its_only_article_takes_the_edge_away() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA), ("c", HOLT_MEETS_WEBER)]);
    let (s, kind, t) = met(id(&store, "Anja Holt"), id(&store, "Karl Weber"));
    let before = dump(&store);
    let planned = store.plan_reject(s, kind, t, Some("c")).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned.1, Delta { relations: vec![(kind.code(), -1)], ..Delta::default() });

    apply_as_planned(&store, correction(Op::Reject { article: Some("c".into()) }, s, kind.code(), t), &planned);
    assert!(store.evidence(s, kind, t).unwrap().is_empty());
    drop(store);
}

#[test]
fn rejecting_an_edge_without_evidence_plans_no_writes_but_is_logged() {
    // Not an error: the graph lacks the edge today, and the logged rejection keeps later
    // articles from giving it (`Store::rejections`, read by each write batch).
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA)]);
    let (s, _, t) = met(id(&store, "Anja Holt"), id(&store, "Tomas Rivera"));
    let kind = RelationKind::SpokeWith;
    let before = dump(&store);
    let planned = store.plan_reject(s, kind, t, None).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned, (Vec::new(), Delta::default()));

    apply_as_planned(&store, correction(Op::Reject { article: None }, s, kind.code(), t), &planned);
    assert!(store.rejections().unwrap().contains(&(s, kind, t, None)));
    drop(store);
}

#[test]
fn asserting_a_new_edge_adds_an_article_and_a_relation() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA), ("d", BERG_MEETS_MAREK)]);
    let (s, kind, t) = met(id(&store, "Anja Holt"), id(&store, "Lena Berg"));
    let c = correction(Op::Assert, s, kind.code(), t);
    let n = next_number(&store);
    let before = dump(&store);
    let planned = store.plan_assert(s, kind, t, &c.note, &c.date, n, (None, None)).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned.1, Delta { articles: 1, relations: vec![(kind.code(), 1)], ..Delta::default() });
    assert!(planned.0.iter().any(|w| w.0 == OUT && w.2.is_none() && w.3.is_some()));

    assert_eq!(apply_as_planned(&store, c, &planned), n);
    let evidence = store.evidence(s, kind, t).unwrap();
    assert_eq!(evidence.len(), 1);
    assert_eq!(evidence[0].article, assertion_article(n));
    assert_eq!(evidence[0].sentence, "Checked against the wire copy.");
    drop(store);
}

#[test]
fn asserting_an_existing_edge_adds_an_article_but_no_relation() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA)]);
    let (s, kind, t) = met(id(&store, "Anja Holt"), id(&store, "Tomas Rivera"));
    let c = correction(Op::Assert, s, kind.code(), t);
    let n = next_number(&store);
    let before = dump(&store);
    let planned = store.plan_assert(s, kind, t, &c.note, &c.date, n, (None, None)).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned.1, Delta { articles: 1, ..Delta::default() });
    assert!(planned.0.iter().all(|w| w.0 != OUT && w.0 != IN), "the edge has its adjacency already");

    apply_as_planned(&store, c, &planned);
    assert_eq!(store.evidence(s, kind, t).unwrap().len(), 2);
    drop(store);
}

#[test]
fn renaming_an_entity_changes_its_record_and_the_alias_index_but_no_count() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA)]);
    let rivera = id(&store, "Tomas Rivera");
    let before = dump(&store);
    let planned = store.plan_rename(rivera, "Tom Rivera").unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned.1, Delta::default());
    let trees: Vec<u8> = planned.0.iter().map(|w| w.0).collect();
    assert_eq!(trees, vec![ENTITIES, NAMES]);

    let op = Op::Rename { name: "Tom Rivera".into() };
    apply_as_planned(&store, correction(op, rivera, 0, rivera), &planned);
    assert_eq!(store.entity(rivera).unwrap().unwrap().name, "Tom Rivera");
    assert_eq!(store.lookup("tom rivera").unwrap(), vec![rivera]);
    assert_eq!(store.lookup("tomas rivera").unwrap(), vec![rivera], "the old name still finds it");
    drop(store);
}

#[test]
fn renaming_an_entity_to_another_entitys_name_is_refused_and_writes_nothing() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA)]);
    let rivera = id(&store, "Tomas Rivera");
    let before = dump(&store);
    // The planner itself would plan it; the refusal is `validate`'s, on the way into `correct`.
    assert!(store.plan_rename(rivera, "Anja Holt").is_ok());
    let op = Op::Rename { name: "Anja Holt".into() };
    let err = store.correct(correction(op, rivera, 0, rivera), None).unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err}");
    assert_eq!(dump(&store), before, "a refused correction wrote to the store");
    drop(store);
}

#[test]
fn retyping_an_entity_moves_one_count_from_its_kind_to_the_new_one() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA)]);
    let rivera = id(&store, "Tomas Rivera");
    let (person, organization) = (EntityKind::Person.code(), EntityKind::Organization.code());
    let before = dump(&store);
    let planned = store.plan_retype(rivera, organization).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(planned.1, Delta { entities: vec![(person, -1), (organization, 1)], ..Delta::default() });

    apply_as_planned(&store, correction(Op::Retype { kind: organization }, rivera, 0, rivera), &planned);
    assert_eq!(store.entity(rivera).unwrap().unwrap().kind, EntityKind::Organization);
    drop(store);
}

#[test]
fn merging_moves_the_edges_and_the_log_entries_that_name_the_merged_entity() {
    let articles = [("a", HOLT_MEETS_RIVERA), ("c", HOLT_MEETS_WEBER), ("d", BERG_MEETS_MAREK)];
    let (_dir, store) = store_with(&articles);
    let (holt, rivera, weber, berg) =
        (id(&store, "Anja Holt"), id(&store, "Tomas Rivera"), id(&store, "Karl Weber"), id(&store, "Lena Berg"));
    // Two log entries on the entity about to be merged: an assertion and a rejection.
    let (s, kind, t) = met(weber, berg);
    let asserted = store.correct(correction(Op::Assert, s, kind.code(), t), None).unwrap();
    let (s, kind, t) = met(holt, weber);
    let rejected =
        store.correct(correction(Op::Reject { article: Some("c".into()) }, s, kind.code(), t), None).unwrap();

    let chunk = store.next_posting_chunk().unwrap();
    let before = dump(&store);
    let (mut writes, delta) = store.plan_merge(rivera, weber, chunk).unwrap();
    let moves = store.plan_log_moves(rivera, weber).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(delta.entities, vec![(EntityKind::Person.code(), -1)]);
    // Both entries are rewritten, and the assertion's own article with them.
    let moved: Vec<(u8, Vec<u8>)> = moves.iter().map(|w| (w.0, w.1.clone())).collect();
    assert_eq!(
        moved,
        vec![
            (CORRECTIONS, asserted.to_be_bytes().to_vec()),
            (ARTICLES, assertion_article(asserted).into_bytes()),
            (CORRECTIONS, rejected.to_be_bytes().to_vec()),
        ]
    );
    writes.extend(moves);

    apply_as_planned(&store, correction(Op::Merge, rivera, 0, weber), &(writes, delta));
    assert!(store.entity(weber).unwrap().is_none());
    assert_eq!(store.lookup("karl weber").unwrap(), vec![rivera]);
    let (s, kind, t) = met(rivera, berg);
    assert_eq!(store.evidence(s, kind, t).unwrap().len(), 1, "the asserted edge moved to the kept entity");
    assert_eq!(store.correction(asserted).unwrap().unwrap().ids, Some((s.0, t.0)));
    let (s, _, t) = met(holt, rivera);
    assert_eq!(store.correction(rejected).unwrap().unwrap().ids, Some((s.0, t.0)));
    let (s, kind, t) = met(holt, weber);
    assert!(store.evidence(s, kind, t).unwrap().is_empty());
    drop(store);
}

#[test]
fn merging_two_entities_with_one_neighbour_joins_their_edges() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA), ("c", HOLT_MEETS_WEBER)]);
    let (holt, rivera, weber) = (id(&store, "Anja Holt"), id(&store, "Tomas Rivera"), id(&store, "Karl Weber"));
    let chunk = store.next_posting_chunk().unwrap();
    let before = dump(&store);
    let (mut writes, delta) = store.plan_merge(rivera, weber, chunk).unwrap();
    let moves = store.plan_log_moves(rivera, weber).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert!(moves.is_empty(), "no log entry names either entity");
    let met_with = RelationKind::MetWith.code();
    assert_eq!(
        delta,
        Delta { entities: vec![(EntityKind::Person.code(), -1)], relations: vec![(met_with, -1)], articles: 0 }
    );
    writes.extend(moves);

    apply_as_planned(&store, correction(Op::Merge, rivera, 0, weber), &(writes, delta));
    let (s, kind, t) = met(holt, rivera);
    let mut articles: Vec<String> = store.evidence(s, kind, t).unwrap().into_iter().map(|e| e.article).collect();
    articles.sort();
    assert_eq!(articles, vec!["a".to_string(), "c".to_string()]);
    drop(store);
}

#[test]
fn unmerging_a_form_restores_what_the_merge_took() {
    let (_dir, store) = store_with(&[("a", HOLT_MEETS_RIVERA), ("c", HOLT_MEETS_WEBER)]);
    let (holt, rivera, weber) = (id(&store, "Anja Holt"), id(&store, "Tomas Rivera"), id(&store, "Karl Weber"));
    let unmerged = store.stored_counts().unwrap();
    store.correct(correction(Op::Merge, rivera, 0, weber), None).unwrap();

    let (new, chunk) = (EntityId(store.next_entity_id().unwrap()), store.next_posting_chunk().unwrap());
    let before = dump(&store);
    let planned = store.plan_unmerge(rivera, "Karl Weber", new, chunk).unwrap();
    assert_eq!(dump(&store), before, "planning wrote to the store");
    assert_eq!(counts_after(&store, &planned.1), unmerged, "the unmerge does not give back the merge's counts");

    let n =
        apply_as_planned(&store, correction(Op::Unmerge { form: "Karl Weber".into() }, rivera, 0, rivera), &planned);
    assert_eq!(store.correction(n).unwrap().unwrap().ids, Some((rivera.0, new.0)));
    assert_eq!(store.lookup("karl weber").unwrap(), vec![new]);
    assert_eq!(store.entity(new).unwrap().unwrap().name, "Karl Weber");
    let (s, kind, t) = met(holt, new);
    let articles: Vec<String> = store.evidence(s, kind, t).unwrap().into_iter().map(|e| e.article).collect();
    assert_eq!(articles, vec!["c".to_string()]);
    let (s, kind, t) = met(holt, rivera);
    let articles: Vec<String> = store.evidence(s, kind, t).unwrap().into_iter().map(|e| e.article).collect();
    assert_eq!(articles, vec!["a".to_string()]);
    drop(store);
}

#[test]
fn a_dismissal_writes_only_its_entry_and_follows_a_merge_whose_chain_the_log_can_walk() {
    let articles = [("a", HOLT_MEETS_RIVERA), ("c", HOLT_MEETS_WEBER), ("d", BERG_MEETS_MAREK)];
    let (_dir, store) = store_with(&articles);
    let (holt, rivera, weber) = (id(&store, "Anja Holt"), id(&store, "Tomas Rivera"), id(&store, "Karl Weber"));
    let (berg, marek) = (id(&store, "Lena Berg"), id(&store, "Ivo Marek"));
    let before = dump(&store);
    let n = store.correct(correction(Op::Dismiss, rivera, u8::MAX, weber), None).unwrap();
    let written: Vec<_> = dump(&store).into_iter().filter(|w| !before.contains(w)).collect();
    assert!(written.iter().all(|(tree, _, _)| *tree == CORRECTIONS || *tree == 9), "{written:?}");
    assert_eq!(store.dismissal_of(weber, rivera).unwrap(), Some(n));
    // Refused: again, with itself, across types (Oslo is a place), and a merge of the two.
    let oslo = id(&store, "Oslo");
    for (a, b) in [(weber, rivera), (holt, holt), (holt, oslo)] {
        let refused = store.correct(correction(Op::Dismiss, a, u8::MAX, b), None);
        assert!(matches!(refused, Err(Error::Refused(_))), "{a} {b}: {refused:?}");
    }
    assert!(matches!(store.correct(correction(Op::Merge, rivera, 0, weber), None), Err(Error::Refused(_))));
    // Weber is Berg, and Berg is Marek: the dismissal moves to Marek, and Weber's id tells
    // where it went through both merges.
    let first = store.correct(correction(Op::Merge, berg, 0, weber), None).unwrap();
    store.correct(correction(Op::Merge, marek, 0, berg), None).unwrap();
    assert_eq!(store.dismissal_of(rivera, marek).unwrap(), Some(n));
    let gone = store.merged_away(weber).unwrap().unwrap();
    assert_eq!((gone.n, gone.into, gone.name.as_str()), (first, marek, weber.to_string().as_str()));
    assert_eq!(store.merged_away(holt).unwrap(), None);
    let undone = store.undo(n).unwrap();
    assert_eq!(undone.op, Op::Dismiss);
    assert!(store.dismissals().unwrap().is_empty());
    drop(store);
}
