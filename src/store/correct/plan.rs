//! The planners of the edge corrections (reject, assert) and of renames and retypes: the
//! writes each would make and what they do to the counts, computed before any is made.

use super::*;

impl Store {
    /// The writes that move the log's entries about pairs (assertions, rejections,
    /// dismissals) off `other`, merged into `keep`, so that they keep holding: an asserted
    /// edge's evidence moves to the kept entity with the merge, and its entry must name where
    /// it went; two entities recorded as two stay so when one is merged into a third.
    pub(super) fn plan_log_moves(&self, keep: EntityId, other: EntityId) -> Result<Vec<Write>> {
        let mut writes = Vec::new();
        for (n, h) in self.heads()? {
            let Some((a, b)) = h.ids else { continue };
            if !matches!(h.op, Op::Reject { .. } | Op::Assert | Op::AssertCited { .. } | Op::Dismiss)
                || (a != other.0 && b != other.0)
            {
                continue;
            }
            let Some(c) = self.correction(n)? else { continue };
            let map = |id: u64| if id == other.0 { keep.0 } else { id };
            let (mut na, mut nb) = (map(a), map(b));
            let unordered = c.op == Op::Dismiss || c.kind().is_some_and(RelationKind::is_symmetric);
            if unordered && nb < na {
                std::mem::swap(&mut na, &mut nb);
            }
            let mut moved = c.clone();
            moved.ids = Some((na, nb));
            let key = n.to_be_bytes().to_vec();
            let before = self.corrections.get(&key)?.map(|v| v.to_vec());
            writes.push((CORRECTIONS, key, before, Some(codec::encode(&moved))));
            // An assertion's synthetic article names the edge too (the merge moved its
            // evidence with the rest, but finds articles by their entities, and this one has
            // none).
            if c.op.is_assert() {
                let article = assertion_article(n);
                if let Some(bytes) = self.articles.get(article.as_bytes())? {
                    let mut record: ArticleRecord =
                        codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
                    for r in &mut record.relations {
                        if (r.0, r.2) == (a, b) && r.1 == c.relation {
                            *r = (na, r.1, nb);
                        }
                    }
                    writes.push((ARTICLES, article.into_bytes(), Some(bytes.to_vec()), Some(codec::encode(&record))));
                }
            }
        }
        Ok(writes)
    }

    /// The writes that take a relation's evidence out (from one article, or all), and what
    /// they do to the counts.
    pub(super) fn plan_reject(
        &self,
        s: EntityId,
        kind: RelationKind,
        t: EntityId,
        only: Option<&str>,
    ) -> Result<(Vec<Write>, Delta)> {
        let mut writes = Vec::new();
        let mut left = Vec::new();
        let edge = keys::edge(s, kind, t);
        let filed = self.bucket_evidence(&edge, &[])?;
        for stored in self.over_tree(&edge, filed.clone())? {
            let article = keys::article_suffix(&stored.key, 17).unwrap_or_default();
            if only.is_some_and(|a| a != article) {
                left.push(stored);
                continue;
            }
            // Evidence in a bucket is hidden by a key of the `evidence` tree (`evidence_buckets.rs`):
            // one written over a bucket entry becomes that, lest the entry show again.
            let before = self.evidence.get(&stored.key)?.map(|v| v.to_vec());
            let after = filed.contains_key(&stored.key).then(|| TOMBSTONE.to_vec());
            writes.push((EVIDENCE, stored.key, before, after));
            if let Some(bytes) = self.articles.get(article.as_bytes())? {
                let mut record: ArticleRecord =
                    codec::decode(&bytes).map_err(|r| Error::corrupt(keys::ARTICLES, article.as_bytes(), &r))?;
                record.relations.retain(|&r| r != (s.0, kind.code(), t.0));
                writes.push((0, article.into_bytes(), Some(bytes.to_vec()), Some(codec::encode(&record))));
            }
        }
        let mut months = months_of(&left)?;
        for item in self.dates.scan_prefix(keys::edge(s, kind, t)) {
            let (key, value) = item?;
            let bucket = u32::from_be_bytes(key.get(17..21).and_then(|b| b.try_into().ok()).unwrap_or_default());
            let after = months.remove(&bucket).map(|m| m.encode());
            if after.as_deref() != Some(value.as_ref()) {
                writes.push((DATES, key.to_vec(), Some(value.to_vec()), after));
            }
        }
        let mut delta = Delta::default();
        if writes.iter().any(|w| w.0 == EVIDENCE) && !self.evidence_left(s, kind, t, only)? {
            let out = keys::edge(s, kind, t).to_vec();
            let inn = keys::edge(t, kind, s).to_vec();
            writes.push((OUT, out, Some(Vec::new()), None));
            writes.push((IN, inn, Some(Vec::new()), None));
            delta.relation(kind.code(), -1);
        }
        Ok((writes, delta))
    }

    /// Whether evidence other than what a rejection takes out remains.
    pub(super) fn evidence_left(
        &self,
        s: EntityId,
        kind: RelationKind,
        t: EntityId,
        only: Option<&str>,
    ) -> Result<bool> {
        let Some(only) = only else { return Ok(false) };
        for stored in self.stored_evidence(&keys::edge(s, kind, t))? {
            if keys::article_suffix(&stored.key, 17).as_deref() != Some(only) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The writes that add an analyst's edge: a synthetic article whose one piece of evidence
    /// is the note, dated `when` (the day of the correction, or the one the analyst gave).
    /// The article it cites and its source, when given, are the synthetic article's title
    /// and source: its id stays `kg-correction-N`, which no ingest touches.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn plan_assert(
        &self,
        s: EntityId,
        kind: RelationKind,
        t: EntityId,
        note: &str,
        when: &str,
        n: u64,
        (cites, source): (Option<&str>, Option<&str>),
    ) -> Result<(Vec<Write>, Delta)> {
        let article = assertion_article(n);
        let date = when.get(..10).unwrap_or_default().to_string();
        let title = match cites {
            Some(cited) => format!("analyst assertion {n}, citing {cited}"),
            None => format!("analyst assertion {n}"),
        };
        let record = ArticleRecord {
            hash: [0; 32],
            title,
            date: date.clone(),
            source: source.unwrap_or("kg corrections").into(),
            url: String::new(),
            entities: Vec::new(),
            relations: vec![(s.0, kind.code(), t.0)],
        };
        let mut writes = vec![(0, article.clone().into_bytes(), None, Some(codec::encode(&record)))];
        let item = EvidenceItem::plain(note.to_string(), ASSERTION_PATTERN.into(), 1.0);
        let evidence = EvidenceRecord { date: date.clone(), items: vec![item] };
        writes.push((1, keys::evidence(s, kind, t, &article), None, Some(evidence.encode())));
        let key = keys::dated(s, kind, t, keys::bucket(&date)).to_vec();
        let before = self.dates.get(&key)?.map(|v| v.to_vec());
        let mut month = match &before {
            Some(b) => DatedMonth::decode(b).map_err(|r| Error::corrupt(keys::DATES, &key, &r))?,
            None => DatedMonth::default(),
        };
        month.add(&date, None);
        writes.push((DATES, key, before, Some(month.encode())));
        let mut delta = Delta { articles: 1, ..Delta::default() };
        let out = keys::edge(s, kind, t).to_vec();
        if !self.out.contains_key(&out)? {
            writes.push((OUT, out, None, Some(Vec::new())));
            writes.push((IN, keys::edge(t, kind, s).to_vec(), None, Some(Vec::new())));
            delta.relation(kind.code(), 1);
        }
        Ok((writes, delta))
    }

    /// The writes that give an entity a new name: its record's name, the name as a form of
    /// its own (never taken away by an article), and the alias index.
    pub(super) fn plan_rename(&self, id: EntityId, name: &str) -> Result<(Vec<Write>, Delta)> {
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let Some(mut record) = self.entity_record(id)? else {
            return Err(Error::Sled(format!("rename: {id} does not exist")));
        };
        record.name = name.to_string();
        if !record.forms.iter().any(|f| f.form == name) {
            record.forms.push(codec::FormCount::written_by(name, 1));
        }
        w.set(ENTITIES, &keys::entity(id), Some(codec::encode(&record)))?;
        let key = crate::graph::name::normalize(name);
        let mut ids = w.get(NAMES, key.as_bytes())?.map(|b| keys::decode_ids(&b)).unwrap_or_default();
        if !ids.contains(&id) {
            ids.push(id);
            w.set(NAMES, key.as_bytes(), Some(keys::encode_ids(&ids)))?;
        }
        Ok((w.into_writes(), Delta::default()))
    }

    /// The writes that give an entity another kind.
    pub(super) fn plan_retype(&self, id: EntityId, kind: u8) -> Result<(Vec<Write>, Delta)> {
        let mut w = Overlay { store: self, writes: BTreeMap::new() };
        let Some(mut record) = self.entity_record(id)? else {
            return Err(Error::Sled(format!("retype: {id} does not exist")));
        };
        let delta = Delta { entities: vec![(record.kind, -1), (kind, 1)], ..Delta::default() };
        record.kind = kind;
        w.set(ENTITIES, &keys::entity(id), Some(codec::encode(&record)))?;
        Ok((w.into_writes(), delta))
    }
}
