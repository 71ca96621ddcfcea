//! Reading evidence: the sentences behind a relation, each with its article's date and, for a
//! meeting, the day and place its sentence gives.

use super::codec::EvidenceRecord;
use super::{keys, Error, Result, Store};
use crate::graph::{EntityId, EntityKind, Evidence, RelationKind};

impl Store {
    /// The evidence of one relation, ordered by article then sentence.
    pub fn evidence(&self, source: EntityId, kind: RelationKind, target: EntityId) -> Result<Vec<Evidence>> {
        let mut out = Vec::new();
        for stored in self.stored_evidence(&keys::edge(source, kind, target))? {
            let article = keys::article_suffix(&stored.key, 17)
                .ok_or_else(|| Error::corrupt(keys::EVIDENCE, &stored.key, "article id is not UTF-8"))?;
            self.read_items(&article, &stored.key, &stored.value, &mut out)?;
        }
        Ok(out)
    }

    /// The sentences of one article behind one relation (a symmetric relation is stored
    /// lower id first: pass it that way round).
    pub fn article_evidence(&self, triple: (EntityId, RelationKind, EntityId), article: &str) -> Result<Vec<Evidence>> {
        let key = keys::evidence(triple.0, triple.1, triple.2, article);
        let mut out = Vec::new();
        for stored in self.stored_evidence(&key)?.into_iter().filter(|s| s.key == key) {
            self.read_items(article, &key, &stored.value, &mut out)?;
        }
        Ok(out)
    }

    fn read_items(&self, article: &str, key: &[u8], value: &[u8], out: &mut Vec<Evidence>) -> Result<()> {
        let record = EvidenceRecord::decode(value).map_err(|r| Error::corrupt(keys::EVIDENCE, key, &r))?;
        for item in record.items {
            let venue = match item.venue {
                Some((id, name)) => self.venue(EntityId(id), &name)?,
                None => None,
            };
            out.push(Evidence {
                article: article.to_string(),
                date: record.date.clone(),
                sentence: item.sentence,
                pattern: item.pattern,
                confidence: item.confidence,
                event_date: item.event_date,
                venue,
            });
        }
        Ok(())
    }

    /// The place a meeting's evidence names: the entity it was written with, or, once a
    /// merge has moved that one, the place its name now finds.
    fn venue(&self, id: EntityId, name: &str) -> Result<Option<EntityId>> {
        if self.entity(id)?.is_some() {
            return Ok(Some(id));
        }
        for found in self.lookup(&crate::graph::name::normalize(name))? {
            if self.entity(found)?.is_some_and(|e| e.kind == EntityKind::Place) {
                return Ok(Some(found));
            }
        }
        Ok(None)
    }
}
