//! The planners of a merge and of its inverse, an unmerge: every article, posting, relation
//! and alias of one entity moved onto another (or a form split off into a new one).

use super::*;
use crate::store::entity;

impl Store {
    /// The writes that split `form` off `entity` into the new entity `new`: the articles whose
    /// entry for the entity used the form but not the entity's name move, with their forms,
    /// postings and relations (evidence and dates); the alias index sends the form to `new`.
    pub(super) fn plan_unmerge(
        &self,
        entity: EntityId,
        form: &str,
        new: EntityId,
        chunk: u32,
    ) -> Result<(Vec<Write>, Delta)> {
        use crate::graph::name::normalize;
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let Some(mut old) = self.entity_record(entity)? else {
            return Err(Error::Sled(format!("unmerge: {entity} does not exist")));
        };
        if old.name == form || !old.forms.iter().any(|f| f.form == form && f.written > 0) {
            return Err(Error::Sled(format!("unmerge: {form:?} is not an alias of {} (see `kg show`)", old.name)));
        }
        let mut created =
            codec::EntityRecord { name: form.to_string(), kind: old.kind, forms: Vec::new(), articles: 0 };
        let mut delta = Delta { entities: vec![(old.kind, 1)], ..Delta::default() };
        let mut moved: Vec<String> = Vec::new();
        let mut relations: BTreeSet<(EntityId, RelationKind, EntityId)> = BTreeSet::new();
        for article in self.entity_articles(entity)? {
            let Some(bytes) = w.get(ARTICLES, article.as_bytes())? else { continue };
            let mut record: ArticleRecord =
                codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
            let Some(entry) = record.entities.iter_mut().find(|e| e.id == entity.0) else { continue };
            if !entry.forms.iter().any(|f| f == form) || entry.forms.contains(&old.name) {
                continue;
            }
            entry.id = new.0;
            entity::take_entry(&mut old, entry);
            entity::give_entry(&mut created, entry);
            created.articles += 1;
            old.articles = old.articles.saturating_sub(1);
            let remap = |id: u64| if id == entity.0 { new.0 } else { id };
            for r in &mut record.relations {
                if r.0 == entity.0 || r.2 == entity.0 {
                    if let Some(kind) = RelationKind::from_code(r.1) {
                        relations.insert((EntityId(r.0), kind, EntityId(r.2)));
                    }
                    let (mut s, mut t) = (remap(r.0), remap(r.2));
                    if RelationKind::from_code(r.1).is_some_and(RelationKind::is_symmetric) && t < s {
                        std::mem::swap(&mut s, &mut t);
                    }
                    *r = (s, r.1, t);
                }
            }
            w.set(ARTICLES, article.as_bytes(), Some(codec::encode(&record)))?;
            moved.push(article);
        }
        if moved.is_empty() {
            return Err(Error::Sled(format!(
                "unmerge: no article calls {} {form:?} without also naming it {:?}: nothing to split off",
                old.name, old.name
            )));
        }
        // The forms only the moved articles used leave the entity, in its record and the index;
        // one the others still give (written, or another spelling of theirs) stays in both, and
        // the new entity, named by it, is the one it finds and links to.
        let gone = entity::drop_unused(&mut old);
        w.set(ENTITIES, &keys::entity(entity), Some(codec::encode(&old)))?;
        w.set(ENTITIES, &keys::entity(new), Some(codec::encode(&created)))?;
        for f in &created.forms {
            let key = normalize(&f.form);
            let mut ids = w.get(NAMES, key.as_bytes())?.map(|b| keys::decode_ids(&b)).unwrap_or_default();
            if gone.contains(&f.form) && !old.forms.iter().any(|o| normalize(&o.form) == key) {
                ids.retain(|i| *i != entity);
            }
            if !ids.contains(&new) {
                ids.push(new);
            }
            w.set(NAMES, key.as_bytes(), Some(keys::encode_ids(&ids)))?;
        }
        // Postings: the moved articles leave the entity's chunks and make the new one's.
        for (chunk, articles) in self.posting_chunks(entity)? {
            let before = articles.len();
            let kept: Vec<String> = articles.into_iter().filter(|a| !moved.contains(a)).collect();
            if kept.len() != before {
                let record = codec::PostingRecord { articles: kept };
                w.set_postings(entity, chunk, (!record.articles.is_empty()).then_some(&record))?;
            }
        }
        w.set_postings(new, chunk, Some(&codec::PostingRecord { articles: moved.clone() }))?;
        // Relations: the moved articles' evidence goes to the new entity's relations.
        let mut touched: BTreeSet<(EntityId, RelationKind, EntityId)> = BTreeSet::new();
        for (s, kind, t) in relations {
            let remap = |id: EntityId| if id == entity { new } else { id };
            let (mut ns, mut nt) = (remap(s), remap(t));
            if kind.is_symmetric() && nt < ns {
                std::mem::swap(&mut ns, &mut nt);
            }
            for article in &moved {
                let key = keys::evidence(s, kind, t, article);
                if let Some(value) = w.evidence(&key)? {
                    w.set_evidence(&key, None)?;
                    w.set_evidence(&keys::evidence(ns, kind, nt, article), Some(value))?;
                }
            }
            touched.insert((s, kind, t));
            touched.insert((ns, kind, nt));
        }
        for (s, kind, t) in touched {
            w.settle_relation(s, kind, t, &mut delta)?;
        }
        Ok((w.into_writes(), delta))
    }

    /// The writes that merge `other` into `keep`. Every record that names `other` is
    /// rewritten to name `keep`: its alias-index entries, postings, the articles that mention
    /// it (their entity and relation lists), its relations with their evidence and dates
    /// (a relation both had with one entity becomes one; one between the two disappears),
    /// and `keep`'s record takes its forms and articles. `chunk` is the posting chunk for
    /// the articles `keep` gains.
    pub(super) fn plan_merge(&self, keep: EntityId, other: EntityId, chunk: u32) -> Result<(Vec<Write>, Delta)> {
        use crate::graph::name::normalize;
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let (Some(k), Some(o)) = (self.entity_record(keep)?, self.entity_record(other)?) else {
            return Err(Error::Sled(format!("merge: {keep} or {other} does not exist")));
        };
        let mut delta = Delta { entities: vec![(o.kind, -1)], ..Delta::default() };
        let keep_articles: HashSet<String> = self.entity_articles(keep)?.into_iter().collect();
        let other_articles = self.entity_articles(other)?;

        // The articles: the other entity's entry becomes (or joins) the kept one's; forms
        // both entries used in one article were counted twice.
        let mut merged = k.clone();
        merged.articles += other_articles.iter().filter(|a| !keep_articles.contains(*a)).count() as u32;
        for f in &o.forms {
            match merged.forms.iter_mut().find(|m| m.form == f.form) {
                Some(m) => {
                    m.count += f.count;
                    m.written += f.written;
                }
                None => merged.forms.push(f.clone()),
            }
        }
        let map = |id: u64| if id == other.0 { keep.0 } else { id };
        for article in &other_articles {
            let Some(bytes) = w.get(ARTICLES, article.as_bytes())? else { continue };
            let mut record: ArticleRecord =
                codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
            let theirs = record.entities.iter().position(|e| e.id == other.0);
            let ours = record.entities.iter().position(|e| e.id == keep.0);
            if let (Some(i), Some(j)) = (theirs, ours) {
                let theirs = record.entities[i].clone();
                entity::join_entries(&mut merged, &mut record.entities[j], &theirs);
                record.entities.remove(i);
            } else if let Some(i) = theirs {
                record.entities[i].id = keep.0;
            }
            let mut relations = Vec::new();
            for &(s, code, t) in &record.relations {
                let (mut s, mut t) = (map(s), map(t));
                if s == t {
                    continue;
                }
                if RelationKind::from_code(code).is_some_and(RelationKind::is_symmetric) && t < s {
                    std::mem::swap(&mut s, &mut t);
                }
                if !relations.contains(&(s, code, t)) {
                    relations.push((s, code, t));
                }
            }
            record.relations = relations;
            w.set(ARTICLES, article.as_bytes(), Some(codec::encode(&record)))?;
        }
        w.set(ENTITIES, &keys::entity(keep), Some(codec::encode(&merged)))?;
        w.set(ENTITIES, &keys::entity(other), None)?;

        // The alias index: every form of the other entity now names the kept one.
        for f in &o.forms {
            let key = normalize(&f.form);
            let Some(bytes) = w.get(NAMES, key.as_bytes())? else { continue };
            let mut ids: Vec<EntityId> = keys::decode_ids(&bytes).into_iter().map(|i| EntityId(map(i.0))).collect();
            let mut seen = HashSet::new();
            ids.retain(|i| seen.insert(*i));
            w.set(NAMES, key.as_bytes(), Some(keys::encode_ids(&ids)))?;
        }

        // Postings: the other entity's go; the kept one gains the articles it lacked.
        for (chunk, _) in self.posting_chunks(other)? {
            w.set_postings(other, chunk, None)?;
        }
        let gained: Vec<String> = other_articles.iter().filter(|a| !keep_articles.contains(*a)).cloned().collect();
        if !gained.is_empty() {
            w.set_postings(keep, chunk, Some(&codec::PostingRecord { articles: gained }))?;
        }

        // Relations: each of the other entity's edges is taken out and, unless it joined the
        // two, put back on the kept entity, its evidence merged with what is there.
        let mut moved: BTreeSet<(EntityId, RelationKind, EntityId)> = BTreeSet::new();
        for edge in self.edges(other)? {
            let (s, kind, t) = edge.triple(other);
            if !w.exists(OUT, &keys::edge(s, kind, t))? {
                continue;
            }
            delta.relation(kind.code(), -1);
            w.set(OUT, &keys::edge(s, kind, t), None)?;
            w.set(IN, &keys::edge(t, kind, s), None)?;
            for item in self.dates.scan_prefix(keys::edge(s, kind, t)) {
                let (key, _) = item?;
                w.set(DATES, &key, None)?;
            }
            let (mut ns, mut nt) = (EntityId(map(s.0)), EntityId(map(t.0)));
            if kind.is_symmetric() && nt < ns {
                std::mem::swap(&mut ns, &mut nt);
            }
            for Stored { key, value, .. } in w.scan_evidence(&keys::edge(s, kind, t))? {
                w.set_evidence(&key, None)?;
                if ns == nt {
                    continue;
                }
                let article = keys::article_suffix(&key, 17).unwrap_or_default();
                let mut record =
                    EvidenceRecord::decode(&value).map_err(|r| Error::corrupt(keys::EVIDENCE, &key, &r))?;
                let new_key = keys::evidence(ns, kind, nt, &article);
                if let Some(there) = w.evidence(&new_key)? {
                    let there =
                        EvidenceRecord::decode(&there).map_err(|r| Error::corrupt(keys::EVIDENCE, &new_key, &r))?;
                    for item in there.items.into_iter().rev() {
                        if !record.items.iter().any(|i| i.sentence == item.sentence) {
                            record.items.insert(0, item);
                        }
                    }
                }
                w.set_evidence(&new_key, Some(record.encode()))?;
            }
            if ns != nt {
                moved.insert((ns, kind, nt));
            }
        }
        for (s, kind, t) in moved {
            w.settle_relation(s, kind, t, &mut delta)?;
        }
        Ok((w.into_writes(), delta))
    }
}
