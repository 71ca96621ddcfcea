//! The extracted-facts record: what `kg extract` writes, one JSON line per article, and what
//! `kg ingest --facts` reads back.
//!
//! A record holds an article's metadata and its facts as the extractor read them, before
//! cross-article linking (which needs the whole graph, so it stays with the store): the
//! entities with their surface forms and types, and the relations between them (by index)
//! with sentence, pattern and confidence. `hash` is the article's content hash under the
//! extraction rules (`rules`), so that a later ingest knows an unchanged article without its
//! text. Extraction is pure, so records can be made anywhere (a Spark executor) and ingested
//! here: the graph is the same as a plain ingest of the same articles.
//!
//! The format is versioned by `schema`; a reader refuses a schema it does not know.
//! `kg-facts/2` lists an entity's `forms` (what the article wrote) apart from its `keys`
//! (other spellings from the lexicon it is also found by). `kg-facts/1`, still read, had no
//! `keys`: its generated spellings are among the forms, and count as written (re-run
//! `kg extract` to tell them apart).

use crate::graph::{ArticleFacts, EntityKind, FactEntity, FactRelation, RelationKind};
use serde::{Deserialize, Serialize};

/// The format version this kg writes.
pub const SCHEMA: &str = "kg-facts/2";

/// The older versions this kg still reads.
const OLDER: &[&str] = &["kg-facts/1"];

/// One article's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactsRecord {
    pub schema: String,
    pub id: String,
    pub title: String,
    /// Normalised (`2025-03-04`, `2025-03`, `2025`), empty when undated.
    pub date: String,
    pub source: String,
    /// Where the article was published; absent when unknown (records without it still read).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// SHA-256 of the rules fingerprint and the text, hex.
    pub hash: String,
    /// The extraction rules' fingerprint (kg version, lexicons, patterns), hex.
    pub rules: String,
    /// Bytes of article text.
    pub bytes: usize,
    pub entities: Vec<EntityFact>,
    pub relations: Vec<RelationFact>,
    /// How the article was read, when worth saying (a sentence with too many relations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityFact {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// The surface forms the article wrote, the name included.
    pub forms: Vec<String>,
    /// Other spellings of those forms that the article did not write (from `kg-facts/2`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
}

/// `source` and `target` index `entities`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationFact {
    pub source: usize,
    pub relation: String,
    pub target: usize,
    pub sentence: String,
    pub pattern: String,
    pub confidence: f32,
    /// A meeting's day, month or year, as the sentence gives it (`extract::when`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_date: Option<String>,
    /// A meeting's place: an index into `entities`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<usize>,
}

fn hex(bytes: &[u8; 32]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

impl FactsRecord {
    /// The record of an article and what was extracted from it under `rules`.
    pub fn new(article: &crate::ingest::Article, facts: &ArticleFacts, rules: &[u8; 32]) -> FactsRecord {
        FactsRecord {
            schema: SCHEMA.into(),
            id: article.id.clone(),
            title: article.title.clone(),
            date: article.date.clone(),
            source: article.source.clone(),
            url: article.url.clone(),
            hash: hex(&crate::store::content_hash(&article.text, rules)),
            rules: hex(rules),
            bytes: article.text.len(),
            entities: facts
                .entities
                .iter()
                .map(|e| EntityFact {
                    name: e.name.clone(),
                    kind: e.kind.as_str().into(),
                    forms: e.forms.clone(),
                    keys: e.keys.clone(),
                })
                .collect(),
            relations: facts
                .relations
                .iter()
                .map(|r| RelationFact {
                    source: r.source,
                    relation: r.kind.as_str().into(),
                    target: r.target,
                    sentence: r.sentence.clone(),
                    pattern: r.pattern.clone(),
                    confidence: r.confidence,
                    event_date: r.event_date.clone(),
                    venue: r.venue,
                })
                .collect(),
            warnings: facts.warnings.clone(),
        }
    }

    /// Reads a record from one JSON line, checked: the schema, the hash, the types and
    /// relations by name, the indices in range, a valid date.
    ///
    /// # Errors
    /// What is wrong with the line, in a few words.
    pub fn parse(line: &str) -> Result<FactsRecord, String> {
        let record: FactsRecord = serde_json::from_str(line).map_err(|e| format!("not a facts record: {e}"))?;
        if record.schema != SCHEMA && !OLDER.contains(&record.schema.as_str()) {
            return Err(format!("schema {:?}: this kg reads {SCHEMA:?} (re-run kg extract)", record.schema));
        }
        if record.id.trim().is_empty() {
            return Err("empty \"id\"".into());
        }
        if !record.date.is_empty() && crate::graph::date::parse(&record.date).ok().as_deref() != Some(&record.date) {
            return Err(format!("{:?} is not a normalised date", record.date));
        }
        record.hash_bytes().ok_or("\"hash\" is not 64 hex digits")?;
        for e in &record.entities {
            e.kind.parse::<EntityKind>()?;
            if e.name.trim().is_empty() || e.forms.iter().chain(&e.keys).any(|f| f.trim().is_empty()) {
                return Err("an entity with an empty name or form".into());
            }
        }
        for r in &record.relations {
            r.relation.parse::<RelationKind>()?;
            if r.source >= record.entities.len() || r.target >= record.entities.len() {
                return Err(format!("relation {} points past the {} entities", r.relation, record.entities.len()));
            }
            if let Some(Err(reason)) = r.event_date.as_deref().map(crate::graph::date::parse) {
                return Err(format!("relation {} has a bad event_date: {reason}", r.relation));
            }
            if r.venue.is_some_and(|v| v >= record.entities.len()) {
                return Err(format!("relation {} has a venue past the {} entities", r.relation, record.entities.len()));
            }
            if !(0.0..=1.0).contains(&r.confidence) {
                return Err(format!("relation {} has confidence {}, outside 0 to 1", r.relation, r.confidence));
            }
        }
        Ok(record)
    }

    pub fn hash_bytes(&self) -> Option<[u8; 32]> {
        unhex(&self.hash)
    }

    /// The article's facts, as extraction gave them (unlinked).
    ///
    /// # Errors
    /// A type or relation name this kg does not know (`parse` checks them first).
    pub fn facts(&self) -> Result<ArticleFacts, String> {
        let mut entities = Vec::with_capacity(self.entities.len());
        for e in &self.entities {
            entities.push(FactEntity {
                name: e.name.clone(),
                kind: e.kind.parse()?,
                forms: e.forms.clone(),
                keys: e.keys.clone(),
                known: None,
            });
        }
        let mut relations = Vec::with_capacity(self.relations.len());
        for r in &self.relations {
            relations.push(FactRelation {
                source: r.source,
                kind: r.relation.parse()?,
                target: r.target,
                sentence: r.sentence.clone(),
                pattern: r.pattern.clone(),
                confidence: r.confidence,
                event_date: r.event_date.clone(),
                venue: r.venue,
            });
        }
        Ok(ArticleFacts { entities, relations, warnings: self.warnings.clone() })
    }

    /// The article's metadata (its text is not in the record).
    pub fn article(&self) -> crate::ingest::Article {
        crate::ingest::Article {
            id: self.id.clone(),
            title: self.title.clone(),
            date: self.date.clone(),
            source: self.source.clone(),
            url: self.url.clone(),
            text: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_the_facts_it_was_made_from() {
        let lex = crate::extract::Lexicon::builtin();
        let article = crate::ingest::Article {
            id: "a1".into(),
            date: "2025-03-04".into(),
            text: "US envoy Steve Witkoff met Vladimir Putin in Moscow on Friday.".into(),
            ..Default::default()
        };
        let facts = crate::extract::extract(&article.text, &article.date, &lex);
        let record = FactsRecord::new(&article, &facts, &lex.fingerprint);
        let line = serde_json::to_string(&record).unwrap();
        let back = FactsRecord::parse(&line).unwrap();
        assert_eq!(back, record);
        assert_eq!(back.facts().unwrap(), facts);
        assert_eq!(back.hash_bytes().unwrap(), crate::store::content_hash(&article.text, &lex.fingerprint));
    }

    #[test]
    fn a_bad_record_says_what_is_wrong() {
        let ok = r#"{"schema":"kg-facts/2","id":"a","title":"","date":"","source":"","hash":"00000000000000000000000000000000000000000000000000000000000000aa","rules":"","bytes":0,"entities":[{"name":"X","type":"person","forms":["X"]}],"relations":[]}"#;
        assert!(FactsRecord::parse(ok).is_ok());
        for (bad, says) in [
            (ok.replace("kg-facts/2", "kg-facts/9"), "schema"),
            (ok.replace("\"forms\":[\"X\"]", "\"forms\":[\"X\"],\"keys\":[\"\"]"), "empty name or form"),
            (ok.replace("\"person\"", "\"planet\""), "planet"),
            (ok.replace("\"name\":\"X\"", "\"name\":\" \""), "empty name"),
            (ok.replace("\"relations\":[]", r#""relations":[{"source":0,"relation":"met-with","target":0,"sentence":"","pattern":"","confidence":-5}]"#), "outside 0 to 1"),
            (ok.replace("00000000000000", "zz"), "hex"),
            (ok.replace("\"date\":\"\"", "\"date\":\"2025-02-30\""), "date"),
            (ok.replace("\"relations\":[]", r#""relations":[{"source":0,"relation":"met-with","target":3,"sentence":"","pattern":"","confidence":1}]"#), "past"),
            ("{".to_string(), "not a facts record"),
        ] {
            let err = FactsRecord::parse(&bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }

    #[test]
    fn a_first_schema_record_is_read_with_its_forms_as_written() {
        let line = r#"{"schema":"kg-facts/1","id":"a","title":"","date":"","source":"","hash":"00000000000000000000000000000000000000000000000000000000000000aa","rules":"","bytes":0,"entities":[{"name":"Anja Holt","type":"person","forms":["Anja Holt","Holt","Anja Hollt"]}],"relations":[]}"#;
        let facts = FactsRecord::parse(line).unwrap().facts().unwrap();
        assert_eq!(facts.entities[0].forms, ["Anja Holt", "Holt", "Anja Hollt"]);
        assert!(facts.entities[0].keys.is_empty());
    }

    #[test]
    fn generated_spellings_are_written_as_keys_apart_from_the_forms() {
        let lex = crate::extract::Lexicon::builtin();
        let article = crate::ingest::Article {
            id: "a1".into(),
            text: "Anja Holt met Volodymyr Zelenskiy in Lviv on Tuesday.".into(),
            ..Default::default()
        };
        let facts = crate::extract::extract(&article.text, &article.date, &lex);
        let line = serde_json::to_string(&FactsRecord::new(&article, &facts, &lex.fingerprint)).unwrap();
        let record = FactsRecord::parse(&line).unwrap();
        let e = record.entities.iter().find(|e| e.forms.iter().any(|f| f == "Volodymyr Zelenskiy")).unwrap();
        assert!(e.keys.iter().any(|k| k == "Volodymyr Zelensky"), "{line}");
        assert!(!e.forms.iter().any(|f| f == "Volodymyr Zelensky"), "{line}");
    }
}
