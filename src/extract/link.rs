//! Cross-article resolution: the same person named in two articles is one node.
//!
//! Each entity of an article is matched against what the graph already knows, by the
//! normalised forms of its names. A full name matches the same full name (or a known alias
//! of it); a lone surname matches only when exactly one known entity of that kind carries it,
//! so two people who share a surname stay apart when their articles tell them apart.
//! Title-led references ("the US President") never link: offices change hands.

use crate::graph::name::normalize;
use crate::graph::{ArticleFacts, EntityId, EntityKind, KnownEntities};

/// Sets `known` on every entity of `facts` that the graph already has.
pub fn link(facts: &mut ArticleFacts, known: &dyn KnownEntities) {
    for entity in &mut facts.entities {
        entity.known = find(&entity.name, entity.kind, &entity.forms, known);
    }
}

fn find(name: &str, kind: EntityKind, forms: &[String], known: &dyn KnownEntities) -> Option<EntityId> {
    let key = normalize(name);
    let candidates: Vec<(EntityId, String)> =
        known.known(&key).into_iter().filter(|(_, k, _)| *k == kind).map(|(id, _, n)| (id, normalize(&n))).collect();
    // The same canonical name: the oldest such entity.
    if let Some((id, _)) = candidates.iter().filter(|(_, n)| *n == key).min_by_key(|(id, _)| *id) {
        return Some(*id);
    }
    // A lone surname may stand for the one known person who carries it; a place or an
    // organization links only by its canonical name ("Moscow" the city is not Russia).
    if let [(id, _)] = candidates.as_slice() {
        if kind == EntityKind::Person {
            return Some(*id);
        }
    }
    if kind == EntityKind::Concept {
        return None;
    }
    // Another full form of the article ("Volodymyr Zelensky") may be what the graph knows.
    for form in forms {
        if crate::graph::name::is_reference(form) {
            continue;
        }
        let f = normalize(form);
        if f == key || (kind == EntityKind::Person && !f.contains(' ') && name.contains(' ')) {
            continue;
        }
        let c: Vec<EntityId> =
            known.known(&f).into_iter().filter(|(_, k, _)| *k == kind).map(|(id, _, _)| id).collect();
        if let [id] = c.as_slice() {
            return Some(*id);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::FactEntity;
    use std::collections::HashMap;

    struct Fake(HashMap<String, Vec<(EntityId, EntityKind, String)>>);

    impl KnownEntities for Fake {
        fn known(&self, normalized: &str) -> Vec<(EntityId, EntityKind, String)> {
            self.0.get(normalized).cloned().unwrap_or_default()
        }
    }

    fn person(name: &str, forms: &[&str]) -> FactEntity {
        FactEntity {
            name: name.into(),
            kind: EntityKind::Person,
            forms: forms.iter().map(|s| s.to_string()).collect(),
            known: None,
        }
    }

    fn fake(entries: &[(&str, u64, &str)]) -> Fake {
        let mut map: HashMap<String, Vec<(EntityId, EntityKind, String)>> = HashMap::new();
        for (form, id, name) in entries {
            map.entry(normalize(form)).or_default().push((EntityId(*id), EntityKind::Person, name.to_string()));
        }
        Fake(map)
    }

    #[test]
    fn full_name_links_to_the_same_person() {
        let known = fake(&[("Vladimir Putin", 3, "Vladimir Putin"), ("Putin", 3, "Vladimir Putin")]);
        let mut facts = ArticleFacts { entities: vec![person("Vladimir Putin", &["Putin"])], relations: vec![] };
        link(&mut facts, &known);
        assert_eq!(facts.entities[0].known, Some(EntityId(3)));
    }

    #[test]
    fn shared_surname_of_two_people_does_not_merge() {
        let known = fake(&[("Kim Jong Un", 1, "Kim Jong Un"), ("Kim", 1, "Kim Jong Un"), ("Kim", 2, "Kim Yo Jong")]);
        let mut facts = ArticleFacts { entities: vec![person("Kim", &["Kim"])], relations: vec![] };
        link(&mut facts, &known);
        assert_eq!(facts.entities[0].known, None);
    }

    #[test]
    fn different_full_names_sharing_a_surname_stay_apart() {
        let known = fake(&[("Mike Waltz", 1, "Mike Waltz"), ("Waltz", 1, "Mike Waltz")]);
        let mut facts = ArticleFacts { entities: vec![person("Anna Waltz", &["Waltz"])], relations: vec![] };
        link(&mut facts, &known);
        assert_eq!(facts.entities[0].known, None);
    }
}
