//! One article on its way through the extractor: its sentences with their mentions, the
//! entities they name, the role phrases read in them and the relations found so far. Each
//! stage of `extract` reads it and adds to it.

use super::lexicon::Lexicon;
use super::resolve::{self, Entities, People, Sentence};
use super::role::{self, Found, RolePhrase};
use super::{event, mention, sentence, token, MAX_NAMES_PER_SENTENCE};
use crate::graph::{EntityKind, RelationKind};
use rustc_hash::FxHashMap as HashMap;

pub(super) struct Article<'a> {
    pub lex: &'a Lexicon,
    /// `YYYY-MM-DD` or empty: picks who held an office then.
    pub date: &'a str,
    pub sentences: Vec<Sentence>,
    pub entities: Entities,
    /// The role phrases of each sentence.
    pub phrases: Vec<Vec<RolePhrase>>,
    /// The relations found so far, each with the index of its sentence.
    pub found: Vec<(usize, Found)>,
    /// Who leads what, as read so far: (person, country or body).
    pub offices: Vec<(usize, usize)>,
    /// People titled as leaders without a country ("President Ruiz").
    pub titled: Vec<usize>,
    /// Who holds each leader title in this article ("president" -> [Ruiz]), for "the President".
    pub holders_by_title: HashMap<String, Vec<usize>>,
    /// Sentences that named too many things to be read whole.
    pub crowded: Vec<usize>,
}

impl<'a> Article<'a> {
    /// Splits `text` into sentences, finds their names and resolves them to entities.
    pub fn read(text: &str, date: &'a str, lex: &'a Lexicon) -> Self {
        let raw = sentence::split(text, lex);
        let mut crowded = Vec::new();
        let tokenized: Vec<_> = raw
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let tokens = token::tokenize(s, lex);
                let mut spans = mention::detect(&tokens, lex, i == 0);
                // A run-on sentence naming thousands of things: read its first names only, so
                // that one article costs the store what an ordinary one does.
                if spans.len() > MAX_NAMES_PER_SENTENCE {
                    spans.truncate(MAX_NAMES_PER_SENTENCE);
                    crowded.push(i);
                }
                (tokens, spans)
            })
            .collect();
        let people = People::collect(&tokenized, lex);
        let mut entities = Entities::default();
        let mut sentences: Vec<Sentence> = Vec::with_capacity(raw.len());
        for (text, (tokens, spans)) in raw.into_iter().zip(tokenized) {
            let mut s = Sentence { text, tokens, spans, mentions: Vec::new(), groups: Vec::new() };
            resolve::resolve(&mut s, &people, &mut entities, lex, date);
            sentences.push(s);
        }
        Article {
            lex,
            date,
            sentences,
            entities,
            phrases: Vec::new(),
            found: Vec::new(),
            offices: Vec::new(),
            titled: Vec::new(),
            holders_by_title: HashMap::default(),
            crowded,
        }
    }

    /// The role phrases of every sentence, with their holders: who holds which office in this
    /// article is read before any event.
    pub fn read_roles(&mut self) {
        self.phrases = Vec::with_capacity(self.sentences.len());
        for k in 0..self.sentences.len() {
            let before = role::Before {
                person: recent_person(&self.sentences[..k], &self.entities),
                body: k.checked_sub(1).and_then(|j| last_body(&self.sentences[j], &self.entities)),
            };
            let mut p = role::phrases(&mut self.sentences[k], &self.entities, self.lex, before);
            role::keep_person_holders(&mut p, &mut self.sentences[k], &self.entities);
            self.phrases.push(p);
        }
    }

    /// The event relations of every sentence (meetings, demands, ...), each sentence read with
    /// who "he" and "the group" were before it.
    pub fn read_events(&mut self) {
        let mut concepts: Vec<(usize, event::ConceptFound)> = Vec::new();
        let mut last_org = None;
        for k in 0..self.sentences.len() {
            let context =
                event::Context { prev_subject: recent_person(&self.sentences[..k], &self.entities), last_org };
            let (f, c) = event::read(&self.sentences[k], &self.phrases[k], &self.entities, self.lex, context);
            let org = self.sentences[k]
                .mentions
                .iter()
                .rev()
                .find(|m| self.entities.list[m.actor].kind == EntityKind::Organization && !m.venue);
            if let Some(m) = org {
                last_org = Some(m.actor);
            }
            self.found.extend(f.into_iter().map(|f| (k, f)));
            concepts.extend(c.into_iter().map(|c| (k, c)));
        }
        for (k, c) in concepts {
            let target = self.entities.get_or_add(EntityKind::Concept, &c.phrase, &c.phrase, true);
            self.found.push((
                k,
                Found {
                    source: c.source,
                    kind: RelationKind::Demands,
                    target,
                    pattern: c.pattern,
                    confidence: c.confidence,
                },
            ));
        }
    }

    /// Spelling variants are one person and a user may type either: each person's other
    /// spellings (`variants.tsv`) become matching keys, never forms, since no article
    /// wrote them.
    pub fn add_spellings(&mut self) {
        for e in self.entities.list.iter_mut() {
            let written: Vec<String> = std::iter::once(&e.name).chain(&e.forms).cloned().collect();
            e.keys = spellings(e.kind, &written, self.lex);
        }
    }
}

/// The other spellings of an entity's forms that are not among them: what the entity is also
/// found by, though no article wrote it. A person's come from `variants.tsv`, a body's from
/// `spellings.tsv` ("Organization" for "Organisation"); places and concepts have none.
pub fn spellings(kind: EntityKind, forms: &[String], lex: &Lexicon) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let names = forms.iter().filter(|f| !crate::graph::name::is_reference(f));
    let other: Vec<String> = match kind {
        EntityKind::Person => names.flat_map(|f| lex.other_spellings(f)).collect(),
        EntityKind::Organization => names.flat_map(|f| lex.regional_spellings(f).into_iter().skip(1)).collect(),
        _ => return keys,
    };
    for f in other {
        if !forms.contains(&f) && !keys.contains(&f) {
            keys.push(f);
        }
    }
    keys
}

/// "Velorian President X": the unknown nationality stands for the state of the article it
/// extends ("Veloria"); with none, it is only an adjective and names nothing.
pub(super) fn settle_guessed_demonyms(sentences: &mut [Sentence], entities: &Entities) {
    if entities.guessed_demonyms.is_empty() {
        return;
    }
    let places: Vec<(usize, String)> = entities
        .list
        .iter()
        .enumerate()
        .filter(|(i, e)| e.kind == EntityKind::Place && e.named && !entities.guessed_demonyms.contains(i))
        .map(|(i, e)| (i, e.name.clone()))
        .collect();
    for &g in &entities.guessed_demonyms {
        let state = resolve::demonym_state(&entities.list[g].name, &places);
        for m in sentences.iter_mut().flat_map(|s| s.mentions.iter_mut()).filter(|m| m.entity == g) {
            match state {
                Some(p) => {
                    m.entity = p;
                    m.actor = p;
                }
                None => m.venue = true,
            }
        }
    }
}

/// A seat of power used both as a venue and as an institution in one article ("In Kremlin"
/// ... "according to the Kremlin") is one entity, the institution.
pub(super) fn merge_venue_and_institution(sentences: &mut [Sentence], entities: &Entities) {
    let key = |i: usize| crate::graph::name::normalize(&entities.list[i].name);
    let mut redirect: HashMap<usize, usize> = HashMap::default();
    for (p, place) in entities.list.iter().enumerate() {
        if place.kind != EntityKind::Place {
            continue;
        }
        if let Some(o) =
            entities.list.iter().enumerate().position(|(o, e)| e.kind == EntityKind::Organization && key(o) == key(p))
        {
            redirect.insert(p, o);
        }
    }
    for s in sentences.iter_mut() {
        for m in s.mentions.iter_mut() {
            if let Some(&o) = redirect.get(&m.entity) {
                m.entity = o;
            }
            if let Some(&o) = redirect.get(&m.actor) {
                m.actor = o;
            }
        }
    }
}

/// The last organization named in a sentence as an actor, not a venue: what an opening "Its"
/// of the next sentence most likely means.
fn last_body(sent: &Sentence, entities: &Entities) -> Option<usize> {
    sent.mentions
        .iter()
        .rev()
        .find(|m| !m.venue && !m.demonym && entities.list[m.actor].kind == EntityKind::Organization)
        .map(|m| m.actor)
}

/// The first person named in a sentence: who "he" or "his" most likely means next.
pub(super) fn first_person(sent: &Sentence, entities: &Entities) -> Option<usize> {
    sent.mentions.iter().find(|m| entities.list[m.entity].kind == EntityKind::Person).map(|m| m.entity)
}

/// Who "he" or "his" most likely means at the start of a sentence: the first person of the
/// nearest sentence before it that names one.
pub(super) fn recent_person(before: &[Sentence], entities: &Entities) -> Option<usize> {
    before.iter().rev().find_map(|s| first_person(s, entities))
}
