//! An entity record as articles come and go: its forms counted, and its name the longest full
//! name an article gave. The rule for naming an entity, kept apart from the write batch that
//! applies it (`batch.rs`); it reads and writes nothing.

use super::codec::{EntityRecord, FormCount};
use crate::graph::name::is_reference;
use crate::graph::EntityKind;
use std::collections::BTreeSet;

/// An entity record with one more article: its forms counted, and its name the longest
/// full name any article gave (by words, then characters), "Vladimir Putin" over "Putin".
/// A description ("the Russian President") is never the name.
pub(super) fn add_article(
    current: Option<EntityRecord>,
    kind: EntityKind,
    name: &str,
    forms: &BTreeSet<String>,
) -> EntityRecord {
    let mut record =
        current.unwrap_or(EntityRecord { name: String::new(), kind: kind.code(), forms: Vec::new(), articles: 0 });
    record.articles += 1;
    for form in forms.iter().chain(std::iter::once(&name.to_string())).collect::<BTreeSet<_>>() {
        match record.forms.iter_mut().find(|f| f.form == *form) {
            Some(f) => f.count += 1,
            None => record.forms.push(FormCount { form: form.clone(), count: 1 }),
        }
    }
    if record.name.is_empty() || (!is_reference(name) && longer(name, &record.name)) {
        record.name = name.to_string();
    }
    record
}

/// An entity record with one article fewer: the forms only it used go (returned), and the
/// name falls back to the longest remaining full form. `None` when no article is left.
pub(super) fn remove_article(mut record: EntityRecord, forms: &[String]) -> (Option<EntityRecord>, Vec<String>) {
    record.articles = record.articles.saturating_sub(1);
    for form in forms {
        if let Some(f) = record.forms.iter_mut().find(|f| f.form == *form) {
            f.count = f.count.saturating_sub(1);
        }
    }
    let gone: Vec<String> = record.forms.iter().filter(|f| f.count == 0).map(|f| f.form.clone()).collect();
    record.forms.retain(|f| f.count > 0);
    if record.articles == 0 || record.forms.is_empty() {
        let all = gone.into_iter().chain(record.forms.into_iter().map(|f| f.form)).collect();
        return (None, all);
    }
    if !record.forms.iter().any(|f| f.form == record.name) {
        let best = record
            .forms
            .iter()
            .map(|f| f.form.as_str())
            .filter(|f| !is_reference(f))
            .fold(None::<&str>, |best, f| match best {
                Some(b) if !longer(f, b) => Some(b),
                _ => Some(f),
            })
            .or_else(|| record.forms.first().map(|f| f.form.as_str()))
            .map(str::to_string)
            .unwrap_or_default();
        record.name = best;
    }
    (Some(record), gone)
}

fn longer(a: &str, b: &str) -> bool {
    (a.split_whitespace().count(), a.chars().count()) > (b.split_whitespace().count(), b.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_full_form_becomes_the_name() {
        let forms: BTreeSet<String> =
            ["Putin", "Vladimir Putin", "the Russian President"].into_iter().map(String::from).collect();
        let r = add_article(None, EntityKind::Person, "Vladimir Putin", &forms);
        assert_eq!(r.name, "Vladimir Putin");
        assert_eq!(r.aliases(), vec!["Putin", "the Russian President"]);
    }

    #[test]
    fn removing_an_article_drops_only_the_forms_it_alone_used() {
        let one: BTreeSet<String> = ["Putin", "Vladimir Putin"].into_iter().map(String::from).collect();
        let two: BTreeSet<String> = ["Putin"].into_iter().map(String::from).collect();
        let r = add_article(None, EntityKind::Person, "Vladimir Putin", &one);
        let r = add_article(Some(r), EntityKind::Person, "Putin", &two);
        assert_eq!(r.articles, 2);
        let (r, gone) = remove_article(r, &["Putin".into(), "Vladimir Putin".into()]);
        let r = r.unwrap();
        assert_eq!(gone, vec!["Vladimir Putin"]);
        assert_eq!((r.name.as_str(), r.articles), ("Putin", 1));
        let (r, gone) = remove_article(r, &["Putin".into()]);
        assert!(r.is_none() && gone == vec!["Putin"]);
    }
}
