//! A batch planned while the one before it is being written.

use super::*;
use crate::extract::{extract, link, Lexicon};
use crate::graph::EntityKind;
use crate::store::Access;

/// Plans one article into `batch`, linked against what the batch sees.
fn write(batch: &mut Batch<'_>, lex: &Lexicon, id: &str, text: &str) -> WriteOutcome {
    let mut facts = extract(text, "2025-01-01", lex);
    link(&mut facts, &*batch, lex);
    let meta = ArticleMeta { id: id.into(), ..ArticleMeta::default() };
    batch.write_article(&meta, text, &facts).unwrap()
}

#[test]
fn articles_planned_while_a_batch_is_being_written_see_it() {
    let lex = Lexicon::builtin();
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(&dir.path().join("db"), Access::Create).unwrap();
    let mut batch = store.batch().unwrap();
    write(&mut batch, &lex, "a", "Anja Holt met Tomas Rivera in Oslo on Monday.");
    batch.submit().unwrap();
    // Planned while "a" may still be in flight: links to its entities and its relation.
    write(&mut batch, &lex, "b", "Tomas Rivera met Anja Holt in Rome on Friday.");
    batch.submit().unwrap();
    assert_eq!(write(&mut batch, &lex, "a", "Anja Holt met Tomas Rivera in Oslo on Monday."), WriteOutcome::Unchanged);
    // A replacement right after a submit waits for it, then takes the old facts out.
    assert_eq!(write(&mut batch, &lex, "b", "Tomas Rivera stayed in Rome."), WriteOutcome::Replaced);
    batch.commit().unwrap();
    drop(batch);
    let counts = store.counts().unwrap();
    assert_eq!(counts.articles, 2);
    assert_eq!(counts.entities.get(&EntityKind::Person), Some(&2));
    assert_eq!(counts.relations.get(&RelationKind::MetWith), Some(&1));
    let holt = store.lookup("anja holt").unwrap();
    assert_eq!(holt.len(), 1);
    assert_eq!(store.entity_articles(holt[0]).unwrap(), vec!["a".to_string()]);
    let report = store.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}
