//! The index on its own: replacing, removing, periods, phrases, bad queries.

use super::{Doc, Error, SearchIndex};
use crate::graph::date::Period;

fn doc<'a>(id: &'a str, date: &'a str, text: &'a str, n: u8) -> Doc<'a> {
    Doc { id, title: "A title", date, url: None, text, hash: [n; 32], partial: false }
}

fn ids(index: &SearchIndex, query: &str, period: &Period) -> Vec<String> {
    index.search(query, period, 10).unwrap().into_iter().map(|h| h.id).collect()
}

#[test]
fn an_article_added_again_replaces_its_old_text() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    let all = Period::default();
    index.add(&[doc("a", "2025-03-01", "Anja Holt met the envoy in Lviv.", 1)]).unwrap();
    index.add(&[doc("a", "2025-03-01", "Anja Holt stayed in Kyiv.", 2)]).unwrap();
    assert!(ids(&index, "Lviv", &all).is_empty());
    assert_eq!(ids(&index, "Kyiv", &all), ["a"]);
    assert!(index.holds("a", &[2; 32], false).unwrap());
    assert!(!index.holds("a", &[1; 32], true).unwrap());
    let evidence = Doc { partial: true, ..doc("a", "2025-03-01", "Anja Holt stayed in Kyiv.", 2) };
    index.add(&[evidence]).unwrap();
    assert!(!index.holds("a", &[2; 32], false).unwrap(), "not by its text");
    assert!(index.holds("a", &[2; 32], true).unwrap());
    assert_eq!(index.len(), 1);
    index.remove(&["a"]).unwrap();
    assert!(ids(&index, "Kyiv", &all).is_empty());
    assert!(!index.holds("a", &[2; 32], true).unwrap());
}

#[test]
fn a_phrase_needs_its_words_in_order_and_a_period_its_dates() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    index
        .add(&[
            doc("a", "2025-03-01", "The grain deal was signed. Talks went on.", 1),
            doc("b", "2025-05", "A deal on grain was far off.", 2),
            doc("c", "", "The grain deal, undated.", 3),
        ])
        .unwrap();
    let all = Period::default();
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(ids(&index, "\"grain deal\"", &all)), ["a", "c"]);
    assert_eq!(sorted(ids(&index, "grain deal", &all)), ["a", "b", "c"]);
    let spring = Period::new(Some("2025-04"), None).unwrap();
    assert_eq!(ids(&index, "grain", &spring), ["b"]);
    let march = Period::new(None, Some("2025-03")).unwrap();
    assert_eq!(ids(&index, "grain", &march), ["a"]);
    let hit = &index.search("\"grain deal\"", &march, 1).unwrap()[0];
    assert_eq!(hit.sentences[0].text, "The grain deal was signed.");
    assert_eq!(hit.sentences[0].highlights, [[4, 9], [10, 14]]);
}

#[test]
fn an_empty_or_broken_query_is_a_query_error() {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open(dir.path()).unwrap();
    for q in ["", "  ", "title:", "nosuchfield:x", "\"open"] {
        match index.search(q, &Period::default(), 5) {
            Err(Error::Query(_)) | Ok(_) => {}
            Err(e) => panic!("{q:?}: {e}"),
        }
    }
    assert!(matches!(index.search(" ", &Period::default(), 5), Err(Error::Query(_))));
}
