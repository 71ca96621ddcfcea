//! An entity record as articles come and go: its forms counted, and its name the longest full
//! name an article gave. The rule for naming an entity, kept apart from the write batch that
//! applies it (`batch.rs`); it reads and writes nothing.
//!
//! Each form counts the articles that give it and, of those, the articles that wrote it: a
//! spelling only generated for an entity (a variant of a written form, `FactEntity::keys`)
//! finds it, but is never an alias, and goes when the last article giving it goes.

use super::codec::{ArticleEntity, EntityRecord, FormCount};
use crate::graph::name::is_reference;
use crate::graph::EntityKind;
use std::collections::BTreeSet;

/// An entity record with one more article: its forms counted (the written ones, and the
/// `keys` it did not write; `name` is one or the other, a key when neither says), and its name
/// the longest full name any article gave (by words, then characters), "Vladimir Putin" over
/// "Putin". A description ("the Russian President") is never the name.
pub(super) fn add_article(
    current: Option<EntityRecord>,
    kind: EntityKind,
    name: &str,
    forms: &BTreeSet<String>,
    keys: &BTreeSet<String>,
) -> EntityRecord {
    let mut record =
        current.unwrap_or(EntityRecord { name: String::new(), kind: kind.code(), forms: Vec::new(), articles: 0 });
    record.articles += 1;
    let name = name.to_string();
    for form in forms {
        count(&mut record, form, 1, 1);
    }
    let unlisted = (!forms.contains(&name) && !keys.contains(&name)).then_some(&name);
    for key in keys.iter().chain(unlisted).filter(|k| !forms.contains(*k)) {
        count(&mut record, key, 1, 0);
    }
    if record.name.is_empty() || (!is_reference(&name) && longer(&name, &record.name)) {
        record.name = name;
    }
    record
}

/// Adds `articles` articles giving `form`, `written` of which wrote it.
fn count(record: &mut EntityRecord, form: &str, articles: u32, written: u32) {
    match record.forms.iter_mut().find(|f| f.form == form) {
        Some(f) => {
            f.count += articles;
            f.written += written;
        }
        None => record.forms.push(FormCount { form: form.to_string(), count: articles, written }),
    }
}

/// Takes away one article that gave `form` (and wrote it, when `written`).
fn uncount(record: &mut EntityRecord, form: &str, written: bool) {
    if let Some(f) = record.forms.iter_mut().find(|f| f.form == form) {
        f.count = f.count.saturating_sub(1);
        if written {
            f.written = f.written.saturating_sub(1);
        }
    }
}

/// An entity record with one article fewer (`entry`, the article's forms and keys for it):
/// the forms only it gave go (returned), and the name falls back to the longest remaining full
/// form an article wrote. `None` when no article is left.
pub(super) fn remove_article(mut record: EntityRecord, entry: &ArticleEntity) -> (Option<EntityRecord>, Vec<String>) {
    record.articles = record.articles.saturating_sub(1);
    take_entry(&mut record, entry);
    let gone = drop_unused(&mut record);
    if record.articles == 0 || record.forms.is_empty() {
        let all = gone.into_iter().chain(record.forms.into_iter().map(|f| f.form)).collect();
        return (None, all);
    }
    if !record.forms.iter().any(|f| f.form == record.name) {
        record.name = fallback_name(&record);
    }
    (Some(record), gone)
}

/// Takes an article's entry out of the record's form counts (its article count aside).
pub(super) fn take_entry(record: &mut EntityRecord, entry: &ArticleEntity) {
    for form in &entry.forms {
        uncount(record, form, true);
    }
    for key in entry.keys.iter().filter(|k| !entry.forms.contains(k)) {
        uncount(record, key, false);
    }
}

/// Adds an article's entry to the record's form counts (its article count aside).
pub(super) fn give_entry(record: &mut EntityRecord, entry: &ArticleEntity) {
    for form in &entry.forms {
        count(record, form, 1, 1);
    }
    for key in entry.keys.iter().filter(|k| !entry.forms.contains(k)) {
        count(record, key, 1, 0);
    }
}

/// Drops the forms no article gives any more and returns them.
pub(super) fn drop_unused(record: &mut EntityRecord) -> Vec<String> {
    let gone = record.forms.iter().filter(|f| f.count == 0).map(|f| f.form.clone()).collect();
    record.forms.retain(|f| f.count > 0);
    gone
}

/// Two entries of one article for one entity (a merge made them one): `theirs` joins `ours`,
/// and what both gave is taken off `record` once, since it was counted twice. A form one
/// wrote and the other only generated is written.
pub(super) fn join_entries(record: &mut EntityRecord, ours: &mut ArticleEntity, theirs: &ArticleEntity) {
    for form in &theirs.forms {
        if ours.forms.contains(form) {
            uncount(record, form, true);
        } else if let Some(i) = ours.keys.iter().position(|k| k == form) {
            // Counted twice, written once: one count off, the written one stays.
            uncount(record, form, false);
            ours.keys.remove(i);
            ours.forms.push(form.clone());
        } else {
            ours.forms.push(form.clone());
        }
    }
    for key in theirs.keys.iter().filter(|k| !theirs.forms.contains(k)) {
        if ours.forms.contains(key) || ours.keys.contains(key) {
            uncount(record, key, false);
        } else {
            ours.keys.push(key.clone());
        }
    }
}

/// The longest full form an article wrote, for a record whose name no article gives any
/// more; any form when none was written.
fn fallback_name(record: &EntityRecord) -> String {
    let best = |written: bool| {
        record
            .forms
            .iter()
            .filter(|f| !written || f.written > 0)
            .map(|f| f.form.as_str())
            .filter(|f| !is_reference(f))
            .fold(None::<&str>, |best, f| match best {
                Some(b) if !longer(f, b) => Some(b),
                _ => Some(f),
            })
    };
    best(true)
        .or_else(|| best(false))
        .or_else(|| record.forms.first().map(|f| f.form.as_str()))
        .map(str::to_string)
        .unwrap_or_default()
}

fn longer(a: &str, b: &str) -> bool {
    (a.split_whitespace().count(), a.chars().count()) > (b.split_whitespace().count(), b.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(forms: &[&str]) -> BTreeSet<String> {
        forms.iter().map(|s| s.to_string()).collect()
    }

    fn entry(forms: &[&str], keys: &[&str]) -> ArticleEntity {
        ArticleEntity {
            id: 1,
            forms: forms.iter().map(|s| s.to_string()).collect(),
            keys: keys.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn longest_full_form_becomes_the_name() {
        let forms = set(&["Putin", "Vladimir Putin", "the Russian President"]);
        let r = add_article(None, EntityKind::Person, "Vladimir Putin", &forms, &BTreeSet::new());
        assert_eq!(r.name, "Vladimir Putin");
        let aliases: Vec<String> = r.aliases().into_iter().map(|(a, _)| a).collect();
        assert_eq!(aliases, vec!["Putin", "the Russian President"]);
    }

    #[test]
    fn removing_an_article_drops_only_the_forms_it_alone_used() {
        let r = add_article(None, EntityKind::Person, "Vladimir Putin", &set(&["Putin", "Vladimir Putin"]), &set(&[]));
        let r = add_article(Some(r), EntityKind::Person, "Putin", &set(&["Putin"]), &BTreeSet::new());
        assert_eq!(r.articles, 2);
        let (r, gone) = remove_article(r, &entry(&["Putin", "Vladimir Putin"], &[]));
        let r = r.unwrap();
        assert_eq!(gone, vec!["Vladimir Putin"]);
        assert_eq!((r.name.as_str(), r.articles), ("Putin", 1));
        let (r, gone) = remove_article(r, &entry(&["Putin"], &[]));
        assert!(r.is_none() && gone == vec!["Putin"]);
    }

    #[test]
    fn generated_spellings_find_the_entity_but_are_no_aliases() {
        let keys = set(&["Zelensky", "Volodymyr Zelensky"]);
        let r = add_article(None, EntityKind::Person, "Volodymyr Zelenskyy", &set(&["Zelenskyy"]), &keys);
        assert_eq!(r.aliases(), [("Zelenskyy".to_string(), 1)]);
        assert_eq!(r.keys(), ["Volodymyr Zelensky", "Zelensky"], "the name, unwritten, is a key but no alias");
        let name = r.forms.iter().find(|f| f.form == "Volodymyr Zelenskyy").unwrap();
        assert_eq!((name.count, name.written), (1, 0));
        // A later article writes one of them: it becomes an alias, written once, given twice.
        let r = add_article(Some(r), EntityKind::Person, "Zelensky", &set(&["Zelensky"]), &set(&["Zelenskyy"]));
        assert_eq!(r.aliases(), [("Zelenskyy".to_string(), 1), ("Zelensky".to_string(), 1)]);
        let zelensky = r.forms.iter().find(|f| f.form == "Zelensky").unwrap();
        assert_eq!((zelensky.count, zelensky.written), (2, 1));
        // That article goes again: the spelling is a key again, and the name stays.
        let (r, gone) = remove_article(r, &entry(&["Zelensky"], &["Zelenskyy"]));
        let r = r.unwrap();
        assert!(gone.is_empty(), "{gone:?}");
        assert_eq!(r.aliases(), [("Zelenskyy".to_string(), 1)]);
        assert_eq!(r.keys(), ["Volodymyr Zelensky", "Zelensky"]);
    }

    #[test]
    fn a_name_no_article_gives_any_more_falls_back_to_a_written_form() {
        let r = add_article(
            None,
            EntityKind::Person,
            "Anja Holt",
            &set(&["Anja Holt", "Holt"]),
            &set(&["Anja Hollt Berg"]),
        );
        let r = add_article(Some(r), EntityKind::Person, "Holt", &set(&["Holt"]), &set(&["Anja Hollt Berg"]));
        let (r, _) = remove_article(r, &entry(&["Anja Holt", "Holt"], &["Anja Hollt Berg"]));
        assert_eq!(r.unwrap().name, "Holt", "a longer key is not written: never the name");
    }

    #[test]
    fn joined_entries_count_each_form_once_and_written_wins() {
        let mut r = add_article(None, EntityKind::Person, "Anja Holt", &set(&["Anja Holt", "Holt"]), &set(&["Hollt"]));
        let other = add_article(None, EntityKind::Person, "Hollt", &set(&["Hollt"]), &set(&["Holt"]));
        for f in other.forms {
            count(&mut r, &f.form, f.count, f.written);
        }
        let mut ours = entry(&["Anja Holt", "Holt"], &["Hollt"]);
        join_entries(&mut r, &mut ours, &entry(&["Hollt"], &["Holt"]));
        assert_eq!(ours, entry(&["Anja Holt", "Holt", "Hollt"], &[]));
        let counts: Vec<(&str, u32, u32)> = r.forms.iter().map(|f| (f.form.as_str(), f.count, f.written)).collect();
        assert_eq!(counts, [("Anja Holt", 1, 1), ("Holt", 1, 1), ("Hollt", 1, 1)]);
    }
}
