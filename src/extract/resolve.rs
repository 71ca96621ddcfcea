//! In-article resolution: which entity each span names.
//!
//! Full names make entities; later short forms ("Witkoff") join the full name that contains
//! them; spelling variants (Zelensky / Zelenskyy) are one person; a capital or a seat of power
//! is the country when it acts ("Moscow demands") and a place when it is a venue ("in
//! Moscow"); a nationality adjective points at its country. Title-led references ("the
//! Russian President") are resolved later, in `role`, once offices are known.

use super::lexicon::{GazEntry, GazRole, Lexicon, RoleClass, WordClass};
use super::mention::{Span, SpanKind};
use super::token::Token;
use crate::graph::name::{dot_initials, normalize};
use crate::graph::EntityKind;
use rustc_hash::FxHashMap as HashMap;

mod position;
use position::{
    beside_person_verb, envoy_of, held_or_worked_at, hosts_meeting, is_venue_position, listed_with_place,
    owns_state_noun, title_of,
};

/// An entity of one article.
#[derive(Clone, Debug, PartialEq)]
pub struct Local {
    /// The name the text gave, or the lexicon's for what the text named ("Volodymyr
    /// Zelenskyy" for "President Zelensky").
    pub name: String,
    pub kind: EntityKind,
    /// The surface forms the text wrote for it: the name only when the text wrote it.
    pub forms: Vec<String>,
    /// Spellings of the name and forms that the article did not write
    /// (`Article::add_spellings`).
    pub keys: Vec<String>,
    /// Named in the text (not only through a nationality adjective).
    pub named: bool,
}

/// One mention of an entity in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The entity the words name.
    pub entity: usize,
    /// The entity that acts when this mention is a relation endpoint (the Kremlin → Russia).
    pub actor: usize,
    /// A venue ("in Moscow"): never a relation endpoint.
    pub venue: bool,
    /// A nationality adjective ("Russian").
    pub demonym: bool,
    /// A title-led reference ("the Russian President") resolved to a person.
    pub reference: bool,
    /// Part of a role phrase whose holder stands for it ("Putin's aide Ushakov": Putin).
    pub absorbed: bool,
}

/// A sentence with its tokens, spans and mentions.
#[derive(Clone, Debug)]
pub struct Sentence {
    pub text: String,
    pub tokens: Vec<Token>,
    pub spans: Vec<Span>,
    pub mentions: Vec<Mention>,
    /// Plural references to two people named before ("the two presidents", "both ministers").
    pub groups: Vec<Group>,
}

/// A plural reference, tokens `start..end`, and the two people it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub start: usize,
    pub end: usize,
    pub members: [usize; 2],
}

impl Sentence {
    /// The mention starting at token `i`, if any.
    /// The longest wins: a resolved reference over the words inside it.
    pub fn mention_at(&self, i: usize) -> Option<usize> {
        (0..self.mentions.len()).filter(|&m| self.mentions[m].start == i).max_by_key(|&m| self.mentions[m].end)
    }

    /// The mention ending just before token `i`, if any.
    pub fn mention_ending_at(&self, i: usize) -> Option<usize> {
        (0..self.mentions.len()).filter(|&m| self.mentions[m].end == i).min_by_key(|&m| self.mentions[m].start)
    }
}

/// The entities of one article and the index that finds them by kind and name.
#[derive(Debug, Default)]
pub struct Entities {
    pub list: Vec<Local>,
    index: HashMap<(EntityKind, String), usize>,
    /// Acronyms defined in the text ("Sudanese Armed Forces (SAF)").
    acronyms: HashMap<String, usize>,
    /// Unknown nationality adjectives read as states ("Velorian President"), to be matched
    /// with the state they stand for.
    pub guessed_demonyms: Vec<usize>,
}

impl Entities {
    /// The entity of this kind and name, created when new; `form`, what the text wrote, is
    /// added to its forms.
    pub fn get_or_add(&mut self, kind: EntityKind, name: &str, form: &str, named: bool) -> usize {
        let key = (kind, normalize(name));
        let id = match self.index.get(&key) {
            Some(&id) => id,
            None => {
                self.list.push(Local {
                    name: name.to_string(),
                    kind,
                    forms: Vec::new(),
                    keys: Vec::new(),
                    named: false,
                });
                self.index.insert(key, self.list.len() - 1);
                self.list.len() - 1
            }
        };
        self.add_form(id, form);
        if named {
            self.list[id].named = true;
        }
        id
    }

    pub fn add_form(&mut self, id: usize, form: &str) {
        let local = &mut self.list[id];
        if !form.is_empty() && !local.forms.iter().any(|f| f == form) {
            local.forms.push(form.to_string());
        }
    }
}

/// The article-wide view needed to resolve short forms: every person's full name.
pub struct People {
    /// (canonical words, display name) of each full person name in the article.
    full: Vec<(Vec<String>, String)>,
    /// Indexes into `full`: by all its words, and by each word (also behind a particle), so
    /// that a run-on sentence naming thousands of people costs linear time, not quadratic.
    by_words: HashMap<Vec<String>, usize>,
    by_word: HashMap<String, Vec<usize>>,
}

fn canonical_words(name: &str, lex: &Lexicon) -> Vec<String> {
    // An initial is one word with or without its period ("W." and "W").
    let word = |w: &str| match w.strip_suffix('.') {
        Some(i) if i.len() == 1 => i.to_lowercase(),
        _ => normalize(lex.canonical_word(w)),
    };
    name.split_whitespace().map(word).collect()
}

/// Whether a name word is `w`, also behind a particle: "al-Burhan" is "Burhan".
fn word_is(name_word: &str, w: &str) -> bool {
    name_word == w || name_word.split_once('-').is_some_and(|(p, rest)| p.len() <= 3 && rest == w)
}

impl People {
    /// Collects the full person names of all sentences (pass one).
    pub fn collect(sentences: &[(Vec<Token>, Vec<Span>)], lex: &Lexicon) -> People {
        let mut people = People { full: Vec::new(), by_words: HashMap::default(), by_word: HashMap::default() };
        for (_, spans) in sentences {
            for span in spans {
                let name = match &span.kind {
                    SpanKind::Name(None) if span.text.split_whitespace().count() >= 2 => dot_initials(&span.text),
                    SpanKind::Known(e) if e.first().is_some_and(|e| e.kind == EntityKind::Person) => e[0].name.clone(),
                    _ => continue,
                };
                let words = canonical_words(&name, lex);
                if people.by_words.contains_key(&words) {
                    continue;
                }
                let i = people.full.len();
                for w in &words {
                    let behind_particle =
                        w.split_once('-').filter(|(p, _)| p.len() <= 3).map(|(_, rest)| rest.to_string());
                    for key in std::iter::once(w.clone()).chain(behind_particle) {
                        let list = people.by_word.entry(key).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                }
                people.by_words.insert(words.clone(), i);
                people.full.push((words, name));
            }
        }
        people
    }

    /// The full name a single word refers to: a last-word match first, then any word;
    /// `None` when no full name or several equally good ones contain it.
    fn expand(&self, word: &str, lex: &Lexicon) -> Option<&str> {
        let w = normalize(lex.canonical_word(word));
        let any: Vec<&(Vec<String>, String)> =
            self.by_word.get(&w).map(|ids| ids.iter().map(|&i| &self.full[i]).collect()).unwrap_or_default();
        let last: Vec<&(Vec<String>, String)> =
            any.iter().copied().filter(|(ws, _)| ws.last().is_some_and(|l| word_is(l, &w))).collect();
        if last.len() == 1 {
            return Some(&last[0].1);
        }
        match any.as_slice() {
            [one] => Some(&one.1),
            // "Kim" with Kim Jong Un and Kim Yo Jong: take the first-named, as a reader would.
            [first, ..] if last.is_empty() && any.iter().all(|(ws, _)| ws.first() == Some(&w)) => Some(&first.1),
            _ => None,
        }
    }

    /// The full name whose canonical words equal this name's, if one is known; else the one
    /// full name that ends with them, a surname of several words ("Abu Rdainah" after "Nabil
    /// Abu Rdainah", "von der Leyen" after "Ursula von der Leyen").
    fn same_as(&self, name: &str, lex: &Lexicon) -> Option<&str> {
        let words = canonical_words(name, lex);
        let longer: Vec<usize> = match words.last().and_then(|last| self.by_word.get(last)) {
            Some(ids) => ids
                .iter()
                .copied()
                .filter(|&i| self.full[i].0.len() > words.len() && self.full[i].0.ends_with(&words))
                .collect(),
            None => Vec::new(),
        };
        if let [i] = longer.as_slice() {
            return Some(self.full[*i].1.as_str());
        }
        self.by_words.get(&words).map(|&i| self.full[i].1.as_str())
    }
}

/// Resolves the spans of one sentence to mentions, adding entities as they appear.
pub fn resolve(sentence: &mut Sentence, people: &People, entities: &mut Entities, lex: &Lexicon, date: &str) {
    let tokens = &sentence.tokens;
    let mut mentions = Vec::new();
    for (si, span) in sentence.spans.iter().enumerate() {
        let after_locative = is_venue_position(tokens, span.start, lex);
        // "the Moscow talks", "a Geneva summit": a place before a meeting noun is where it was.
        let before_meeting = tokens.get(span.end).is_some_and(|t| lex.is(WordClass::MeetingNoun, &t.lower));
        let hosts = hosts_meeting(tokens, span.end, lex);
        let venue = span.dateline || after_locative || before_meeting || hosts;
        // A name used as an adjective ("US envoy", "Kremlin aide") is followed by a role or a name.
        let adjectival = sentence.spans.get(si + 1).is_some_and(|next| next.start == span.end)
            && tokens.get(span.end).is_some_and(|t| t.is_capitalized() || !t.is_word())
            || sentence.spans.get(si + 1).is_some_and(|n| n.start == span.end && matches!(n.kind, SpanKind::Role(_)));
        // The role noun right after the span, if any ("Gendry President", "Economic Planning Minister").
        // A possessive may stand between ("Borvia's Prime Minister").
        let poss = usize::from(tokens.get(span.end).is_some_and(|t| t.lower == "'s"));
        let title_after =
            sentence.spans.get(si + 1).filter(|n| n.start == span.end + poss).and_then(|n| match n.kind {
                SpanKind::Role(class) => Some((class, n.text.to_lowercase())),
                _ => None,
            });
        let mention = |entity: usize, actor: usize, venue: bool, demonym: bool| Mention {
            start: span.start,
            end: span.end,
            entity,
            actor,
            venue,
            demonym,
            reference: false,
            absorbed: false,
        };
        match &span.kind {
            SpanKind::Role(_) => {}
            SpanKind::Known(entries) => {
                // "Montenegro's chief of staff" after "Luís Montenegro": the person, not the country.
                if span.end - span.start == 1 && entries.iter().all(|e| e.kind != EntityKind::Person) {
                    if let Some(full) = people.expand(&span.text, lex).filter(|f| f.split_whitespace().count() > 1) {
                        let id = entities.get_or_add(EntityKind::Person, full, &span.text, true);
                        mentions.push(mention(id, id, false, false));
                        continue;
                    }
                }
                // A state that did not exist on the article's date yields to one that did
                // ("Moscow" in 1987 is the Soviet Union's capital).
                let current: Vec<GazEntry> = entries.iter().filter(|e| lex.existed_on(e, date)).cloned().collect();
                let entries = if current.is_empty() { entries } else { &current };
                let Some(entry) = choose_entry(entries, adjectival) else {
                    continue;
                };
                match &entry.role {
                    GazRole::Name | GazRole::StandsFor { .. } => {
                        let name = match entry.kind {
                            EntityKind::Person => people.same_as(&entry.name, lex).unwrap_or(&entry.name).to_string(),
                            _ => entry.name.clone(),
                        };
                        let id = entities.get_or_add(entry.kind, &name, &span.text, true);
                        if let Some(h) = &span.honorific_form {
                            entities.add_form(id, h);
                        }
                        mentions.push(mention(
                            id,
                            id,
                            (venue && !is_country(entry, lex) || hosts) && entry.kind == EntityKind::Place,
                            false,
                        ));
                    }
                    GazRole::Capital { venue: city } => {
                        // "Kyiv Mayor X", "the mayor of Paris": the city's own office, not its country's.
                        let town = |noun: &str| lex.is_entry(WordClass::TownTitle, noun);
                        let of_town = span.start > 0
                            && tokens[span.start - 1].lower == "of"
                            && title_of(&sentence.spans[..si], span.start - 1).is_some_and(|n| town(&n));
                        if venue || of_town || title_after.as_ref().is_some_and(|(_, n)| town(n)) {
                            let id = entities.get_or_add(EntityKind::Place, city, &span.text, true);
                            mentions.push(mention(id, id, venue, false));
                        } else {
                            let id = entities.get_or_add(EntityKind::Place, &entry.name, &span.text, true);
                            mentions.push(mention(id, id, false, false));
                        }
                    }
                    GazRole::Seat { country } => {
                        let kind = if venue { EntityKind::Place } else { EntityKind::Organization };
                        let id = entities.get_or_add(kind, &entry.name, &span.text, true);
                        let actor = entities.get_or_add(EntityKind::Place, country, "", false);
                        mentions.push(mention(id, actor, venue, false));
                    }
                    GazRole::Demonym => {
                        // "US" in "the US President" is the country's name used as an adjective:
                        // the country is named. "Russian" is not a name of Russia.
                        let is_name = entries.iter().any(|e| e.role == GazRole::Name && e.name == entry.name);
                        let form = if is_name { span.text.as_str() } else { "" };
                        let id = entities.get_or_add(EntityKind::Place, &entry.name, form, is_name);
                        mentions.push(mention(id, id, false, true));
                        // "in the Saudi capital": the city, a venue, when the article names it
                        // (an entity nothing names is left out of the facts).
                        let capital_noun =
                            tokens.get(span.end).is_some_and(|t| lex.is(WordClass::CapitalNoun, &t.lower));
                        if let Some(city) = lex.capitals.get(&entry.name).filter(|_| after_locative && capital_noun) {
                            let id = entities.get_or_add(EntityKind::Place, city, "", false);
                            mentions.push(Mention { end: span.end + 1, ..mention(id, id, true, false) });
                        }
                    }
                }
            }
            SpanKind::Name(kind) => {
                let words = span.text.split_whitespace().count();
                let defined = entities.acronyms.get(&span.text).copied();
                let (kind, name) = match (kind, defined) {
                    (_, Some(id)) => (entities.list[id].kind, entities.list[id].name.clone()),
                    (Some(k), None) => (*k, span.text.clone()),
                    // "Velorian President X", "West Rokashi envoy Y": a nationality no lexicon
                    // knows stands for the state the article names (settled once every sentence
                    // is read), not for a person or a body of that name. A nationality is never
                    // possessive: "Anna Rokashi's envoy" is a person's.
                    (None, None)
                        if !span.titled
                            && poss == 0
                            && title_after.is_some()
                            && looks_like_demonym(span.text.split_whitespace().last().unwrap_or(""))
                            && !lex
                                .is(WordClass::RegionAdjective, span.text.split_whitespace().last().unwrap_or(""))
                            && people.expand(&span.text, lex).is_none() =>
                    {
                        let id = entities.get_or_add(EntityKind::Place, &span.text, "", false);
                        if !entities.guessed_demonyms.contains(&id) {
                            entities.guessed_demonyms.push(id);
                        }
                        mentions.push(mention(id, id, false, true));
                        continue;
                    }
                    // "President Tolan of West Gendry": what a leader's title is of is a state or
                    // a body, never a person, however many words it has.
                    (None, None)
                        if words >= 2
                            && span.start > 0
                            && tokens[span.start - 1].lower == "of"
                            && title_of(&sentence.spans[..si], span.start - 1).is_some() =>
                    {
                        match title_of(&sentence.spans[..si], span.start - 1) {
                            Some(noun) if heads_a_place(&noun, lex) => (EntityKind::Place, span.text.clone()),
                            _ => (EntityKind::Organization, span.text.clone()),
                        }
                    }
                    // "Gendry President Tolan": the unknown word before a head-of-state title is
                    // the state; before another leader noun ("Velmar leader") an organization.
                    (None, None)
                        if !span.titled
                            && title_after.as_ref().is_some_and(|(c, _)| *c == RoleClass::Leader)
                            && people.same_as(&span.text, lex).is_none()
                            && people.expand(&span.text, lex).is_none() =>
                    {
                        // "Opposition leader", "Democratic leader": a camp, not a named body.
                        // "European leaders": a region's, not a body's.
                        let last = span.text.split_whitespace().last().unwrap_or("");
                        if lex.is(WordClass::PoliticalSide, last) || lex.is(WordClass::RegionAdjective, last) {
                            continue;
                        }
                        let (_, noun) = title_after.as_ref().map_or((RoleClass::Leader, String::new()), Clone::clone);
                        let state = heads_a_place(noun.trim_end_matches('s'), lex);
                        if words == 1 && state {
                            (EntityKind::Place, span.text.clone())
                        } else {
                            (EntityKind::Organization, span.text.clone())
                        }
                    }
                    // "Economic Planning Minister", "Trade Representative": words of the title.
                    (None, None)
                        if words >= 2
                            && !span.titled
                            && title_after.is_some()
                            && people.same_as(&span.text, lex).is_none() =>
                    {
                        continue
                    }
                    (None, None) if words >= 2 && after_locative && people.same_as(&span.text, lex).is_none() => {
                        (EntityKind::Place, span.text.clone())
                    }
                    (None, None) if words >= 2 => (
                        EntityKind::Person,
                        people.same_as(&span.text, lex).map_or_else(|| dot_initials(&span.text), str::to_string),
                    ),
                    (None, None) => match (people.expand(&span.text, lex), lone_surname(&span.text, lex, date)) {
                        (Some(full), _) => (EntityKind::Person, full.to_string()),
                        (None, Some(full)) => (EntityKind::Person, full),
                        // "economists at Borvex", "shares in Borvex": a company, not a place.
                        (None, None) if held_or_worked_at(tokens, span.start, lex) => {
                            (EntityKind::Organization, span.text.clone())
                        }
                        (None, None) if after_locative => (EntityKind::Place, span.text.clone()),
                        // "President Lula", "Gen. Brel": a name after a title is a person's.
                        (None, None) if span.titled => (EntityKind::Person, span.text.clone()),
                        // "the rights group Liberty", "the daily Kommersant": named by its kind.
                        (None, None) if span.start > 0 && lex.is(WordClass::OrgNoun, &tokens[span.start - 1].lower) => {
                            (EntityKind::Organization, span.text.clone())
                        }
                        // A large city GeoNames knows, inside the sentence ("Grozny was quiet" opens
                        // it, where a capitalised word may be anything).
                        (None, None)
                            if span.start > 0
                                && tokens[..span.start].iter().any(|t| t.is_word())
                                && lex.geonames_population(&span.text).is_some_and(|p| p >= LONE_CITY_POPULATION) =>
                        {
                            (EntityKind::Place, span.text.clone())
                        }
                        // "President Tolan of Gendry", "general director of Borvex": what a title
                        // is of is a state (after a head of state) or else an organization. "The
                        // envoy of Arnor", "ambassadors of Gondor": a state sends envoys.
                        (None, None) if span.start > 0 && tokens[span.start - 1].lower == "of" => {
                            match title_of(&sentence.spans[..si], span.start - 1) {
                                Some(noun) if heads_a_place(&noun, lex) => (EntityKind::Place, span.text.clone()),
                                Some(_) => (EntityKind::Organization, span.text.clone()),
                                None if envoy_of(&sentence.spans[..si], span.start - 1) => {
                                    (EntityKind::Place, span.text.clone())
                                }
                                None => continue,
                            }
                        }
                        // "Gondor's foreign minister", "Arnor's government": what owns what only a
                        // state has is a state.
                        (None, None) if owns_state_noun(tokens, span.end, &sentence.spans[si..], lex) => {
                            (EntityKind::Place, span.text.clone())
                        }
                        // "Okonkwo met Haugland", "Haugland hosted Okonkwo": a lone name beside a
                        // verb only people do is a person's, a surname the store may know.
                        (None, None) if beside_person_verb(tokens, span, lex) => {
                            (EntityKind::Person, span.text.clone())
                        }
                        // "the ambassadors of Arnor, Osgiliath and Gondor": listed with a place.
                        (None, None) if listed_with_place(tokens, span, &mentions, entities) => {
                            (EntityKind::Place, span.text.clone())
                        }
                        // An unknown single capitalised word: too often a sentence opener.
                        (None, None) => continue,
                    },
                };
                // "the Organisation of Petroleum Exporting Countries (OPEC)": an expansion whose
                // acronym the lexicon knows is that entity.
                let (kind, name) = match acronym_entry(tokens, span, sentence.spans.get(si + 1)) {
                    Some(entry) if kind != EntityKind::Person => (entry.kind, entry.name.clone()),
                    _ => (kind, name),
                };
                let id = entities.get_or_add(kind, &name, &span.text, true);
                if let Some(h) = &span.honorific_form {
                    entities.add_form(id, h);
                }
                // "Sudanese Armed Forces (SAF)": the acronym names the same entity from now on.
                if tokens.get(span.end).is_some_and(|t| t.text == "(")
                    && tokens.get(span.end + 2).is_some_and(|t| t.text == ")")
                {
                    if let Some(acr) = tokens.get(span.end + 1).filter(|t| t.is_acronym()) {
                        entities.acronyms.insert(acr.text.to_string(), id);
                    }
                }
                mentions.push(mention(id, id, venue && kind == EntityKind::Place, false));
            }
        }
    }
    sentence.mentions = mentions;
}

/// Whether a title is a head of state's or government's, or a town's: the unknown word before
/// one is a place ("Gendry President Tolan", "Velmo Mayor Ana Ruiz").
pub(super) fn heads_a_place(noun: &str, lex: &Lexicon) -> bool {
    lex.is_entry(WordClass::StateTitle, noun) || lex.is_entry(WordClass::TownTitle, noun)
}

/// Whether an unknown capitalised word has a nationality adjective's ending ("Velorian",
/// "Rokashi", "Dravanese").
pub fn looks_like_demonym(word: &str) -> bool {
    let w = word.to_lowercase();
    w.chars().count() > 4 && ["an", "ese", "ish", "i"].iter().any(|s| w.ends_with(s))
}

/// The state a nationality adjective stands for among the places an article names: the one
/// whose name the adjective extends ("Velorian" - "Veloria", "North Rokashi" - "North Rokash").
pub fn demonym_state(adjective: &str, places: &[(usize, String)]) -> Option<usize> {
    let a = normalize(adjective);
    let fits: Vec<usize> = places
        .iter()
        .filter(|(_, name)| {
            let n = normalize(name);
            let common = a.chars().zip(n.chars()).take_while(|(x, y)| x == y).count();
            let len = n.chars().count();
            len >= 4 && a.chars().count() >= len && common >= len.saturating_sub(2).max(4)
        })
        .map(|(id, _)| *id)
        .collect();
    match fits[..] {
        [id] => Some(id),
        _ => None,
    }
}

/// Titles of a town's head: a capital before or after one is the city, not its country.
/// A lone unknown word is a city when GeoNames has one of at least this many people: smaller
/// towns share their names with too many surnames.
const LONE_CITY_POPULATION: u32 = 100_000;

/// A gazetteer form can be a name and a demonym ("US"): the adjective reading wins before a
/// role or a name ("US envoy Steve Witkoff"), the name reading elsewhere.
fn choose_entry(entries: &[GazEntry], adjectival: bool) -> Option<&GazEntry> {
    if adjectival {
        if let Some(d) = entries.iter().find(|e| e.role == GazRole::Demonym) {
            return Some(d);
        }
    }
    entries.iter().find(|e| e.role != GazRole::Demonym).or_else(|| entries.first())
}

fn is_country(entry: &GazEntry, lex: &Lexicon) -> bool {
    lex.countries.contains(&entry.name)
}

/// The lexicon's organization named by the acronym in brackets right after `span`.
fn acronym_entry<'a>(tokens: &[Token], span: &Span, next: Option<&'a Span>) -> Option<&'a GazEntry> {
    let next = next.filter(|n| n.start == span.end + 1 && n.end == n.start + 1)?;
    if tokens.get(span.end).is_none_or(|t| t.text != "(") || tokens.get(next.end).is_none_or(|t| t.text != ")") {
        return None;
    }
    match &next.kind {
        SpanKind::Known(entries) if tokens[next.start].is_acronym() => entries.iter().find(|e| {
            e.kind == EntityKind::Organization && matches!(e.role, GazRole::Name | GazRole::StandsFor { .. })
        }),
        _ => None,
    }
}

/// A known office holder's full name from a lone surname ("Putin"), when exactly one matches.
fn lone_surname(word: &str, lex: &Lexicon, date: &str) -> Option<String> {
    let w = normalize(lex.canonical_word(word));
    let mut found = lex.offices_with_surname(&w, date);
    let first = found.next()?;
    if found.any(|o| o.person != first.person) {
        return None;
    }
    Some(first.person.clone())
}
