//! The lexicons and patterns the extractor reads: data, not code.
//!
//! Defaults are the files under `data/lexicon` and `data/patterns`, built into the binary so
//! that `kg` works from any directory. `Lexicon::load(Some(dir))` reads files of the same names
//! from `dir` and adds their entries, so users extend `kg` without recompiling. Parsing never
//! panics: a malformed line is a `LexiconError` naming the file and line.

use crate::graph::name::normalize;
use crate::graph::{EntityKind, RelationKind};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

mod calendar;
pub mod coordinates;
mod patterns;
mod words;

pub use calendar::{Calendar, CalendarWord, Unit};
use patterns::parse_pattern;
pub use patterns::{Frame, Gate, GateScope, Pattern, TriggerPart};
pub use words::WordClass;

/// A lexicon or pattern file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}:{line}: {reason}")]
    Malformed { file: String, line: usize, reason: String },
    #[error("reading {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("lexicon directory {0} does not exist")]
    NoDir(String),
}

/// What a gazetteer entry names.
#[derive(Clone, Debug, PartialEq)]
pub struct GazEntry {
    /// The canonical name of the entity the form refers to.
    pub name: String,
    pub kind: EntityKind,
    /// How the form refers to it.
    pub role: GazRole,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GazRole {
    /// The name itself or a variant ("Russia", "Russian Federation").
    Name,
    /// A capital: a venue as itself (`venue`), an actor as its country (`name`).
    Capital { venue: String },
    /// A seat of power (the Kremlin): an organization as itself, the country as an actor.
    Seat { country: String },
    /// A nationality adjective ("Russian"): points at the country.
    Demonym,
    /// An organization that speaks for a country (the State Department).
    StandsFor { country: String },
}

/// The role class of a role noun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleClass {
    Envoy,
    Aide,
    Leader,
    Title,
}

impl RoleClass {
    pub fn relation(self) -> Option<RelationKind> {
        match self {
            RoleClass::Envoy => Some(RelationKind::EnvoyOf),
            RoleClass::Aide => Some(RelationKind::AideOf),
            RoleClass::Leader => Some(RelationKind::LeaderOf),
            RoleClass::Title => None,
        }
    }
}

/// One office holder: `person` held `office` of `of` from `from` to `to` (ISO dates).
#[derive(Clone, Debug, PartialEq)]
pub struct Office {
    pub person: String,
    /// Other names of the person ("King Fahd"), each also a key to the office.
    pub aliases: Vec<String>,
    pub office: String,
    pub of: String,
    pub from: String,
    pub to: String,
}

/// Everything the extractor knows before reading an article.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    /// A fingerprint of the extraction rules: kg's version and every lexicon and pattern file
    /// read, built-in or `--lexicon`. An article extracted under other rules is re-extracted
    /// by the next ingest that reads it.
    pub fingerprint: [u8; 32],
    /// Normalised form → entries (a form can name two things: "Georgia").
    pub gazetteer: HashMap<String, Vec<GazEntry>>,
    /// Canonical names of the countries (places that act).
    pub countries: HashSet<String>,
    /// Each country's capital (the first one `countries.tsv` lists): "the Saudi capital".
    pub capitals: HashMap<String, String>,
    /// The period (from, to; ISO dates, empty = open) of a state that no longer exists.
    periods: HashMap<String, (String, String)>,
    /// Longest gazetteer form in words, to bound the longest-match search.
    pub max_gaz_words: usize,
    /// Every word-prefix of a gazetteer form ("democratic", "democratic republic", ...): the
    /// longest-match search stops as soon as the words read so far begin no form.
    pub gaz_prefixes: HashSet<String>,
    /// Role phrases by their first word (and its plural), for a lookup per token.
    roles_by_first: HashMap<String, Vec<(Vec<String>, RoleClass)>>,
    /// Pattern indices by each word their trigger may start with.
    patterns_by_first: HashMap<String, Vec<usize>>,
    /// Gate indices by their first word, so a gate test looks up the words it passes.
    gates_by_first: HashMap<String, Vec<usize>>,
    /// Offices by normalised person, by normalised country or organization, and by surname.
    offices_by_person: HashMap<String, Vec<usize>>,
    offices_by_of: HashMap<String, Vec<usize>>,
    offices_by_surname: HashMap<String, Vec<usize>>,
    /// Role phrases as lower-case word sequences, longest first.
    pub roles: Vec<(Vec<String>, RoleClass)>,
    pub offices: Vec<Office>,
    /// Normalised variant spelling → canonical spelling (one word each).
    pub variants: HashMap<String, String>,
    /// Normalised canonical spelling → its variants, as written.
    pub spellings: HashMap<String, Vec<String>>,
    /// Letter sequences that interchange in romanised names, longer first: (from, to), each
    /// pair in both directions for spelling alternatives, folded to `to` for comparing.
    pub transliterations: Vec<(String, String)>,
    /// British and American spellings of word parts (`spellings.tsv`): "isation" / "ization".
    pub regional: Vec<(String, String)>,
    /// First letters (normalised) of the variant spellings.
    variant_initials: HashSet<char>,
    /// Closed word classes of words.tsv: each word with the bits of the classes it is in.
    word_classes: HashMap<String, u64>,
    /// The entries of words.tsv that are several words ("as part"), split into words.
    word_sequences: Vec<(WordClass, Vec<String>)>,
    /// GeoNames cities and regions (`geonames.tsv`): normalised name -> population (a region
    /// counts as populous). Types a name no other list knows; never a relation's trigger.
    geonames: HashMap<String, u32>,
    pub abbreviations: HashSet<String>,
    /// Weekdays, months and relative words that date an event (`calendar.tsv`).
    pub calendar: Calendar,
    pub patterns: Vec<Pattern>,
    pub gates: Vec<Gate>,
}

struct Source<'a> {
    file: &'static str,
    text: &'a str,
}

/// The built-in files, in load order: `spellings.tsv` first, as every name of the files
/// after it is indexed in each of its spellings.
const DEFAULTS: &[(&str, &str)] = &[
    ("spellings.tsv", include_str!("../../../data/lexicon/spellings.tsv")),
    ("countries.tsv", include_str!("../../../data/lexicon/countries.tsv")),
    ("places.tsv", include_str!("../../../data/lexicon/places.tsv")),
    ("organizations.tsv", include_str!("../../../data/lexicon/organizations.tsv")),
    ("roles.tsv", include_str!("../../../data/lexicon/roles.tsv")),
    ("leaders.tsv", include_str!("../../../data/lexicon/leaders.tsv")),
    ("variants.tsv", include_str!("../../../data/lexicon/variants.tsv")),
    ("transliterations.tsv", include_str!("../../../data/lexicon/transliterations.tsv")),
    ("words.tsv", include_str!("../../../data/lexicon/words.tsv")),
    ("geonames.tsv", include_str!("../../../data/lexicon/geonames.tsv")),
    ("abbreviations.txt", include_str!("../../../data/lexicon/abbreviations.txt")),
    ("calendar.tsv", include_str!("../../../data/lexicon/calendar.tsv")),
    ("patterns.tsv", include_str!("../../../data/patterns/patterns.tsv")),
    ("gates.tsv", include_str!("../../../data/patterns/gates.tsv")),
];

impl Lexicon {
    /// The built-in lexicon, plus the files found in `extra` (same names as under `data/`).
    ///
    /// # Errors
    /// A missing directory, an unreadable file, or a malformed line (with file and line).
    pub fn load(extra: Option<&Path>) -> Result<Lexicon, LexiconError> {
        use sha2::Digest;
        let mut rules = sha2::Sha256::new();
        rules.update(env!("CARGO_PKG_VERSION").as_bytes());
        let mut lex = Lexicon::default();
        for (file, text) in DEFAULTS {
            rules.update(file.as_bytes());
            rules.update(text.as_bytes());
            lex.add_file(&Source { file, text })?;
        }
        if let Some(dir) = extra {
            if !dir.is_dir() {
                return Err(LexiconError::NoDir(dir.display().to_string()));
            }
            for (file, _) in DEFAULTS {
                let path = dir.join(file);
                if !path.exists() {
                    continue;
                }
                let text = std::fs::read_to_string(&path)
                    .map_err(|source| LexiconError::Io { path: path.display().to_string(), source })?;
                rules.update(b"extra ");
                rules.update(file.as_bytes());
                rules.update(text.as_bytes());
                lex.add_file(&Source { file, text: &text })?;
            }
        }
        lex.fingerprint = rules.finalize().into();
        lex.roles.sort_by_key(|(words, _)| std::cmp::Reverse(words.len()));
        lex.transliterations.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        lex.index();
        Ok(lex)
    }

    /// The built-in lexicon alone (for tests and benches).
    pub fn builtin() -> Lexicon {
        // Parsed once per process (the GeoNames list alone is 63k lines); tests ask often.
        static BUILTIN: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        // The defaults are compiled in and covered by tests: failing here is a build defect.
        #[allow(clippy::expect_used)]
        BUILTIN.get_or_init(|| Lexicon::load(None).expect("built-in lexicon parses")).clone()
    }

    fn add_file(&mut self, src: &Source) -> Result<(), LexiconError> {
        for (i, line) in src.text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let bad = |reason: &str| LexiconError::Malformed {
                file: src.file.to_string(),
                line: i + 1,
                reason: reason.to_string(),
            };
            let col = |n: usize| cols.get(n).copied().unwrap_or("");
            let list = |n: usize| -> Vec<String> {
                col(n).split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
            };
            if col(0).is_empty() && src.file != "abbreviations.txt" {
                return Err(bad("first column is empty"));
            }
            match src.file {
                "countries.tsv" => {
                    let name = col(0).to_string();
                    self.countries.insert(name.clone());
                    self.gaz(&name, &name, EntityKind::Place, GazRole::Name);
                    for v in list(1) {
                        self.gaz(&v, &name, EntityKind::Place, GazRole::Name);
                    }
                    let capitals = list(2);
                    if let Some(first) = capitals.first() {
                        self.capitals.insert(name.clone(), first.clone());
                        for c in &capitals {
                            self.gaz(c, &name, EntityKind::Place, GazRole::Capital { venue: first.clone() });
                        }
                    }
                    for d in list(3) {
                        self.gaz(&d, &name, EntityKind::Place, GazRole::Demonym);
                    }
                    for s in list(4) {
                        let seat = s.clone();
                        self.gaz(&s, &seat, EntityKind::Organization, GazRole::Seat { country: name.clone() });
                    }
                    if !col(5).is_empty() || !col(6).is_empty() {
                        self.periods.insert(name.clone(), (col(5).to_string(), col(6).to_string()));
                    }
                }
                "places.tsv" => {
                    let name = col(0).to_string();
                    self.gaz(&name, &name, EntityKind::Place, GazRole::Name);
                    for v in list(1) {
                        self.gaz(&v, &name, EntityKind::Place, GazRole::Name);
                    }
                }
                "organizations.tsv" => {
                    let name = col(0).to_string();
                    let role = match col(2) {
                        "" => GazRole::Name,
                        c => GazRole::StandsFor { country: c.to_string() },
                    };
                    self.gaz(&name, &name, EntityKind::Organization, role.clone());
                    for v in list(1) {
                        self.gaz(&v, &name, EntityKind::Organization, role.clone());
                    }
                }
                "roles.tsv" => {
                    let class = match col(1) {
                        "envoy" => RoleClass::Envoy,
                        "aide" => RoleClass::Aide,
                        "leader" => RoleClass::Leader,
                        "title" => RoleClass::Title,
                        _ => return Err(bad("class must be envoy, aide, leader or title")),
                    };
                    let words = col(0).split_whitespace().map(str::to_lowercase).collect();
                    self.roles.push((words, class));
                }
                "leaders.tsv" => {
                    let person = col(0).to_string();
                    if col(2).is_empty() || col(3).is_empty() {
                        return Err(bad("expected person, aliases, office, of, from, to"));
                    }
                    self.gaz(&person, &person, EntityKind::Person, GazRole::Name);
                    for a in list(1) {
                        self.gaz(&a, &person, EntityKind::Person, GazRole::Name);
                    }
                    self.offices.push(Office {
                        person,
                        aliases: list(1),
                        office: col(2).to_lowercase(),
                        of: col(3).to_string(),
                        from: col(4).to_string(),
                        to: col(5).to_string(),
                    });
                }
                "variants.tsv" => {
                    for v in list(1) {
                        self.variant_initials.extend(normalize(&v).chars().next());
                        self.variants.insert(normalize(&v), col(0).to_string());
                        self.spellings.entry(normalize(col(0))).or_default().push(v);
                    }
                }
                "transliterations.tsv" => {
                    if col(1).is_empty() {
                        return Err(bad("expected two letter sequences"));
                    }
                    self.transliterations.push((col(0).to_lowercase(), col(1).to_lowercase()));
                }
                "spellings.tsv" => {
                    if col(1).is_empty() {
                        return Err(bad("expected a British and an American spelling"));
                    }
                    self.regional.push((col(0).to_lowercase(), col(1).to_lowercase()));
                }
                "words.tsv" => {
                    let Some(class) = WordClass::parse(col(0)) else {
                        return Err(bad(&format!("unknown word class {:?}", col(0))));
                    };
                    for word in list(1) {
                        if word.contains(' ') {
                            self.word_sequences.push((class, word.split_whitespace().map(String::from).collect()));
                        }
                        *self.word_classes.entry(word).or_default() |= 1 << class as u32;
                    }
                }
                "geonames.tsv" => {
                    let population = match (col(3), col(2).parse::<u32>()) {
                        ("region", _) => u32::MAX,
                        ("country", _) => continue, // only placed on a map (coordinates.rs)
                        (_, Ok(n)) => n,
                        _ => return Err(bad("expected name, country code, population, kind")),
                    };
                    let entry = self.geonames.entry(normalize(col(0))).or_default();
                    *entry = (*entry).max(population);
                }
                "abbreviations.txt" => {
                    self.abbreviations.insert(line.trim().to_string());
                }
                "calendar.tsv" => self.calendar.add(col(0), &list(1), col(2)).map_err(|r| bad(&r))?,
                "patterns.tsv" => self.patterns.push(parse_pattern(&cols).map_err(|r| bad(&r))?),
                "gates.tsv" => {
                    let scope = match col(0) {
                        "before" => GateScope::Before,
                        "span" => GateScope::Span,
                        "sentence" => GateScope::Sentence,
                        _ => return Err(bad("scope must be before, span or sentence")),
                    };
                    let mut relations = Vec::new();
                    for r in list(2) {
                        relations.push(r.parse().map_err(|e: String| bad(&e))?);
                    }
                    self.gates.push(Gate {
                        words: col(1).split_whitespace().map(str::to_lowercase).collect(),
                        scope,
                        relations,
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Builds the lookup indexes once everything is loaded.
    fn index(&mut self) {
        self.gaz_prefixes = self
            .gazetteer
            .keys()
            .flat_map(|k| {
                let words: Vec<&str> = k.split(' ').collect();
                (1..=words.len()).map(move |n| words[..n].join(" "))
            })
            .collect();
        self.roles_by_first.clear();
        for (words, class) in &self.roles {
            if let Some(first) = words.first() {
                for key in [first.clone(), format!("{first}s")] {
                    self.roles_by_first.entry(key).or_default().push((words.clone(), *class));
                }
            }
        }
        self.patterns_by_first.clear();
        for (i, p) in self.patterns.iter().enumerate() {
            if let Some(TriggerPart::Word(words)) = p.trigger.first() {
                for w in words {
                    self.patterns_by_first.entry(w.clone()).or_default().push(i);
                }
            }
        }
        self.gates_by_first.clear();
        for (i, g) in self.gates.iter().enumerate() {
            if let Some(first) = g.words.first() {
                self.gates_by_first.entry(first.clone()).or_default().push(i);
            }
        }
        self.offices_by_person.clear();
        self.offices_by_of.clear();
        self.offices_by_surname.clear();
        for (i, o) in self.offices.iter().enumerate() {
            for name in std::iter::once(&o.person).chain(&o.aliases) {
                self.offices_by_person.entry(normalize(name)).or_default().push(i);
            }
            self.offices_by_of.entry(normalize(&o.of)).or_default().push(i);
            if let Some(last) = o.person.split_whitespace().last() {
                let key = normalize(self.canonical_word(last));
                self.offices_by_surname.entry(key).or_default().push(i);
            }
        }
    }

    /// The indices of the patterns whose trigger may start with this (lower-case) word.
    pub fn patterns_starting(&self, word: &str) -> &[usize] {
        self.patterns_by_first.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The indices of the gates whose phrase starts with this (lower-case) word.
    pub fn gates_starting(&self, word: &str) -> &[usize] {
        self.gates_by_first.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The role phrases that may start with this (lower-case) word, longest first.
    pub fn roles_starting(&self, word: &str) -> &[(Vec<String>, RoleClass)] {
        self.roles_by_first.get(word).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The office holders whose surname is this word: those in office on `date`, or for an
    /// undated article all of them ("Abe" in 1987 is not the prime minister of 2012).
    pub fn offices_with_surname<'a>(&'a self, normalized: &str, date: &'a str) -> impl Iterator<Item = &'a Office> {
        self.offices_by_surname
            .get(normalized)
            .into_iter()
            .flatten()
            .map(|&i| &self.offices[i])
            .filter(move |o| date.is_empty() || held_on(o, date))
    }

    fn gaz(&mut self, form: &str, name: &str, kind: EntityKind, role: GazRole) {
        let key = normalize(form);
        // "George W. Bush" is also written "George W Bush": initials without their periods.
        if key
            .split(' ')
            .any(|w| w.len() >= 2 && w.ends_with('.') && w.chars().filter(|c| c.is_alphabetic()).count() <= 2)
        {
            let bare: Vec<String> = key
                .split(' ')
                .map(|w| {
                    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
                    if w.ends_with('.') && letters <= 2 {
                        w.split('.').filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            self.gaz_key(bare.join(" "), name, kind, role.clone());
        }
        // "UN Security Council" is also written "U.N. Security Council": acronyms with periods.
        let acronym = |w: &str| (2..=3).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase());
        if form.contains(' ') && form.split(' ').any(acronym) {
            let dotted: Vec<String> = form
                .split(' ')
                .map(|w| if acronym(w) { w.chars().flat_map(|c| [c, '.']).collect() } else { w.to_string() })
                .collect();
            self.gaz_key(normalize(&dotted.join(" ")), name, kind, role.clone());
        }
        // British and American spellings of one name ("Organisation", "Co-operation") are one
        // form, in every combination ("Organisation for Security and Cooperation").
        for form in self.regional_spellings(&key) {
            self.gaz_key(form, name, kind, role.clone());
        }
    }

    /// `text` in every combination of its British and American spellings (`spellings.tsv`),
    /// itself first: "Organisation for Security and Co-operation" gives four.
    pub fn regional_spellings(&self, text: &str) -> Vec<String> {
        let mut forms = vec![text.to_string()];
        for (a, b) in &self.regional {
            for i in 0..forms.len() {
                for (from, to) in [(a, b), (b, a)] {
                    // Both sides of a pair may match the same spot ("centre" inside "centres"):
                    // only a change that is not already there counts.
                    if forms[i].to_lowercase().contains(from.as_str()) {
                        let other = replace_folded(&forms[i], from, to);
                        if !forms.contains(&other) {
                            forms.push(other);
                        }
                    }
                }
            }
        }
        forms
    }

    fn gaz_key(&mut self, key: String, name: &str, kind: EntityKind, role: GazRole) {
        self.max_gaz_words = self.max_gaz_words.max(key.split(' ').count());
        let entry = GazEntry { name: name.to_string(), kind, role };
        let list = self.gazetteer.entry(key).or_default();
        if !list.contains(&entry) {
            list.push(entry);
        }
    }

    /// A word like "Palestinian-ruled" or "EU-wide": it describes a name and is no part of one.
    pub fn is_hyphen_descriptor(&self, lower: &str) -> bool {
        // ("pro-Israel", "anti-Kremlin" too.)
        let prefixed =
            lower.split_once('-').is_some_and(|(head, tail)| matches!(head, "pro" | "anti") && !tail.is_empty());
        prefixed
            || lower
                .rsplit_once('-')
                .is_some_and(|(head, tail)| !head.is_empty() && self.is(WordClass::HyphenDescriptor, tail))
    }

    /// Whether `word` is in the closed class `class` of words.tsv.
    pub fn is(&self, class: WordClass, word: &str) -> bool {
        self.word_classes.get(word).is_some_and(|bits| bits & (1 << class as u32) != 0)
    }

    /// Whether `text`, one word or several ("prime minister"), is an entry of `class`.
    pub fn is_entry(&self, class: WordClass, text: &str) -> bool {
        self.is(class, text)
            || self.phrases(class).any(|ws| ws.len() > 1 && ws.iter().map(String::as_str).eq(text.split(' ')))
    }

    /// The entries of `class` that are several words ("as part" as `["as", "part"]`), for the
    /// code that matches word sequences; `is` tests one word.
    pub fn phrases(&self, class: WordClass) -> impl Iterator<Item = &[String]> {
        self.word_sequences.iter().filter(move |(c, _)| *c == class).map(|(_, words)| words.as_slice())
    }

    /// The population of the GeoNames city or region of this name (regions count as
    /// `u32::MAX`), if there is one.
    pub fn geonames_population(&self, name: &str) -> Option<u32> {
        self.geonames.get(&normalize(name)).copied()
    }

    /// The canonical spelling of one word of a person's name.
    pub fn canonical_word<'a>(&'a self, word: &'a str) -> &'a str {
        // Only the words the variants file lists have another spelling: check the cheap
        // first letter before normalising.
        let first = match word.chars().next() {
            Some(c) if c.is_ascii() => Some(c.to_ascii_lowercase()),
            Some(c) => normalize(c.encode_utf8(&mut [0; 4])).chars().next(),
            None => None,
        };
        if !first.is_some_and(|c| self.variant_initials.contains(&c)) {
            return word;
        }
        self.variants.get(&normalize(word)).map(String::as_str).unwrap_or(word)
    }

    /// Every other spelling of a person's name form ("Volodymyr Zelensky" for
    /// "Volodymyr Zelenskyy"), one variant word at a time.
    pub fn other_spellings(&self, form: &str) -> Vec<String> {
        let words: Vec<&str> = form.split(' ').collect();
        let mut out = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let canonical = self.canonical_word(w);
            let mut options: Vec<&str> = vec![canonical];
            if let Some(v) = self.spellings.get(&normalize(canonical)) {
                options.extend(v.iter().map(String::as_str));
            }
            for o in options {
                if normalize(o) != normalize(w) {
                    let mut changed = words.clone();
                    changed[i] = o;
                    out.push(changed.join(" "));
                }
            }
        }
        out
    }

    /// Whether the state an entry points at existed on `date`. States without a period, and
    /// undated articles, always count.
    pub fn existed_on(&self, entry: &GazEntry, date: &str) -> bool {
        let country = match &entry.role {
            GazRole::Seat { country } | GazRole::StandsFor { country } => country,
            _ => &entry.name,
        };
        match self.periods.get(country) {
            Some((from, to)) if !date.is_empty() => from.as_str() <= date && (to.is_empty() || date < to.as_str()),
            _ => true,
        }
    }

    /// The office `person` held on `date` (or now, for an undated article), if known.
    pub fn office_of(&self, person: &str, date: &str) -> Option<&Office> {
        let ids = self.offices_by_person.get(&normalize(person))?;
        ids.iter().map(|&i| &self.offices[i]).find(|o| held_on(o, date))
    }

    /// Who held a leader office of `of` on `date`.
    pub fn holders_of<'a>(&'a self, of: &str, date: &'a str) -> impl Iterator<Item = &'a Office> + 'a {
        self.offices_by_of
            .get(&normalize(of))
            .into_iter()
            .flatten()
            .map(|&i| &self.offices[i])
            .filter(move |o| held_on(o, date))
    }
}

/// Whether an office was held on `date`; with no date, whether it is held now (open-ended).
fn held_on(o: &Office, date: &str) -> bool {
    if date.is_empty() {
        o.to.is_empty()
    } else {
        o.from.as_str() <= date && (o.to.is_empty() || date < o.to.as_str())
    }
}

/// `text` with each occurrence of the lower-case `from` (in any case) replaced by `to`, a
/// capital kept at the start of a word ("Organisation" gives "Organization").
fn replace_folded(text: &str, from: &str, to: &str) -> String {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return text.replace(from, to);
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut at = 0;
    while let Some(i) = lower[at..].find(from) {
        let start = at + i;
        out.push_str(&text[at..start]);
        let capital = text[start..].starts_with(|c: char| c.is_uppercase());
        let mut piece = to.to_string();
        if capital {
            piece = piece[..1].to_uppercase() + &piece[1..];
        }
        out.push_str(&piece);
        at = start + from.len();
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_parses_and_knows_capitals_and_demonyms() {
        let lex = Lexicon::builtin();
        let moscow = &lex.gazetteer["moscow"][0];
        assert_eq!(moscow.name, "Russia");
        assert!(matches!(moscow.role, GazRole::Capital { .. }));
        assert!(lex.gazetteer["ukrainian"].iter().any(|e| e.role == GazRole::Demonym));
        assert!(lex.patterns.iter().any(|p| p.relation == RelationKind::MetWith));
    }

    #[test]
    fn user_directory_adds_entries() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("places.tsv"), "Velmar\tVelmar City\n").unwrap();
        let lex = Lexicon::load(Some(dir.path())).unwrap();
        assert_eq!(lex.gazetteer["velmar city"][0].name, "Velmar");
    }

    #[test]
    fn malformed_line_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("roles.tsv"), "# c\nenvoy\tboss\n").unwrap();
        let err = Lexicon::load(Some(dir.path())).unwrap_err().to_string();
        assert_eq!(err, "roles.tsv:2: class must be envoy, aide, leader or title");
    }

    #[test]
    fn office_holders_depend_on_the_date() {
        let lex = Lexicon::builtin();
        assert!(lex.office_of("Donald Trump", "2025-03-01").is_some());
        assert!(lex.office_of("Donald Trump", "2022-03-01").is_none());
        assert!(lex.office_of("Joe Biden", "2022-03-01").is_some());
    }
}
