//! The extractor's last step: the article's entities and relations as `ArticleFacts`, only
//! entities that are named or take part in a relation, each relation once per sentence with
//! that sentence as its evidence.

use super::lexicon::Calendar;
use super::resolve::{Entities, Sentence};
use super::role::Found;
use super::when;
use super::{MAX_EVIDENCE_BYTES, MAX_RELATIONS_PER_SENTENCE};
use crate::graph::{ArticleFacts, EntityKind, FactEntity, FactRelation, RelationKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// A sentence as evidence: whole, or cut at `MAX_EVIDENCE_BYTES` with an ellipsis.
fn evidence_text(sentence: &str) -> String {
    if sentence.len() <= MAX_EVIDENCE_BYTES {
        return sentence.to_string();
    }
    let mut end = MAX_EVIDENCE_BYTES;
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\u{2026}", &sentence[..end])
}

/// Turns the article's entities and found relations into `ArticleFacts`: only entities that
/// are named or take part in a relation, relations deduplicated with their sentences.
pub(super) fn facts(
    sentences: &[Sentence],
    entities: Entities,
    found: Vec<(usize, Found)>,
    date: &str,
    cal: &Calendar,
) -> ArticleFacts {
    // An entity is in the article when a mention names it (not only a nationality adjective).
    let mut used: HashSet<usize> = sentences
        .iter()
        .flat_map(|s| &s.mentions)
        .map(|m| m.entity)
        .filter(|&e| entities.list[e].named && entities.list[e].kind != EntityKind::Concept)
        .collect();
    let mut seen = HashSet::default();
    let mut relations = Vec::new();
    let mut per_sentence: HashMap<usize, usize> = HashMap::default();
    let mut capped: Vec<usize> = Vec::new();
    for (k, f) in found {
        let key = (f.source, f.kind, f.target, k);
        let sym = (f.target, f.kind, f.source, k);
        if !seen.insert(key) || (f.kind.is_symmetric() && seen.contains(&sym)) {
            continue;
        }
        // Each relation keeps its sentence as evidence: a run-on sentence naming thousands
        // of people would otherwise cost memory quadratic in its length.
        let n = per_sentence.entry(k).or_default();
        *n += 1;
        if *n > MAX_RELATIONS_PER_SENTENCE {
            if !capped.contains(&k) {
                capped.push(k);
            }
            continue;
        }
        used.insert(f.source);
        used.insert(f.target);
        relations.push((k, f));
    }
    // When and where each meeting was, read before the entities move into the output.
    let settings: Vec<(Option<String>, Option<usize>)> = relations
        .iter()
        .map(|(k, f)| match f.kind {
            RelationKind::MetWith | RelationKind::SpokeWith => {
                when::time_and_place(&sentences[*k], &entities, (f.source, f.target), date, cal)
            }
            _ => (None, None),
        })
        .collect();
    let mut index = HashMap::default();
    let mut out = ArticleFacts::default();
    for k in capped {
        out.warnings.push(format!(
            "sentence {} gives more than {MAX_RELATIONS_PER_SENTENCE} relations: only the first {MAX_RELATIONS_PER_SENTENCE} are kept",
            k + 1
        ));
    }
    for (i, e) in entities.list.into_iter().enumerate() {
        if !used.contains(&i) {
            continue;
        }
        index.insert(i, out.entities.len());
        let mut forms: Vec<String> = e.forms.into_iter().filter(|f| !f.is_empty()).collect();
        forms.dedup();
        // A name the article did not write (the lexicon's) finds the entity, like the other
        // spellings, but is no form of the article's.
        let unwritten = (!forms.contains(&e.name)).then(|| e.name.clone());
        let mut keys: Vec<String> = Vec::with_capacity(e.keys.len() + 1);
        for k in unwritten.into_iter().chain(e.keys) {
            if !k.is_empty() && !forms.contains(&k) && !keys.contains(&k) {
                keys.push(k);
            }
        }
        out.entities.push(FactEntity { name: e.name, kind: e.kind, forms, keys, known: None });
    }
    for ((k, f), (event_date, venue)) in relations.into_iter().zip(settings) {
        let (Some(&s), Some(&t)) = (index.get(&f.source), index.get(&f.target)) else {
            continue;
        };
        out.relations.push(FactRelation {
            source: s,
            kind: f.kind,
            target: t,
            sentence: evidence_text(&sentences[k].text),
            pattern: f.pattern,
            confidence: f.confidence,
            event_date,
            venue: venue.and_then(|v| index.get(&v).copied()),
        });
    }
    out
}
