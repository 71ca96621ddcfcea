//! Writes being planned: an overlay over the store that the planners read through, so a
//! plan sees its own earlier writes.

use super::*;

/// Writes being planned over the store: reads see them first. Each key keeps the value it
/// had in the store and the last value planned.
pub(super) struct Overlay<'s> {
    pub(super) store: &'s Store,
    #[allow(clippy::type_complexity)]
    pub(super) writes: BTreeMap<(u8, Vec<u8>), (Option<Vec<u8>>, Option<Vec<u8>>)>,
}

impl Overlay<'_> {
    /// Makes a relation's adjacency and `dates` entries agree with its evidence as planned:
    /// adjacency added or taken out (counted in `delta`), dates counted again.
    pub(super) fn settle_relation(
        &mut self,
        s: EntityId,
        kind: RelationKind,
        t: EntityId,
        delta: &mut Delta,
    ) -> Result<()> {
        let prefix = keys::edge(s, kind, t);
        let evidence = self.scan_evidence(&prefix)?;
        let existed = self.exists(OUT, &prefix)?;
        if evidence.is_empty() && existed {
            delta.relation(kind.code(), -1);
            self.set(OUT, &prefix, None)?;
            self.set(IN, &keys::edge(t, kind, s), None)?;
        } else if !evidence.is_empty() && !existed {
            delta.relation(kind.code(), 1);
            self.set(OUT, &prefix, Some(Vec::new()))?;
            self.set(IN, &keys::edge(t, kind, s), Some(Vec::new()))?;
        }
        let months = months_of(&evidence)?;
        for (key, _) in self.scan(DATES, &prefix)? {
            self.set(DATES, &key, None)?;
        }
        for (bucket, month) in months {
            self.set(DATES, &keys::dated(s, kind, t, bucket), Some(month.encode()))?;
        }
        Ok(())
    }

    /// Every piece of evidence under `prefix` as it will be (`Store::stored_evidence`): the
    /// bucket entries of the chunks the store's or the plan's `dates` values name, under the
    /// `evidence` tree's keys as planned.
    pub(super) fn scan_evidence(&self, prefix: &[u8]) -> Result<Vec<Stored>> {
        Ok(crate::store::evidence_buckets::over(self.filed_under(prefix)?, self.scan(EVIDENCE, prefix)?))
    }

    /// The bucket entries under `prefix`, whatever the `evidence` tree holds over them.
    fn filed_under(&self, prefix: &[u8]) -> Result<crate::store::evidence_buckets::Found> {
        let mut more = Vec::new();
        let dated = &prefix[..prefix.len().min(17)];
        for ((tree, key), (before, after)) in self.writes.range((DATES, dated.to_vec())..) {
            if *tree != DATES || !key.starts_with(dated) {
                break;
            }
            let Some(edge) = key.get(..17).and_then(|e| <[u8; 17]>::try_from(e).ok()) else { continue };
            for value in [before, after].into_iter().flatten() {
                let month = DatedMonth::decode(value).map_err(|r| Error::corrupt(keys::DATES, key, &r))?;
                more.extend(month.chunks.into_iter().map(|c| (edge, c)));
            }
        }
        self.store.bucket_evidence(prefix, &more)
    }

    /// The evidence under one key as it will be.
    pub(super) fn evidence(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.scan_evidence(key)?.into_iter().find(|e| e.key == key).map(|e| e.value))
    }

    /// Plans the evidence under one key: a value, or none. Evidence filed in a bucket is
    /// hidden by an empty value in the `evidence` tree instead.
    pub(super) fn set_evidence(&mut self, key: &[u8], value: Option<Vec<u8>>) -> Result<()> {
        let value = match value {
            Some(v) => Some(v),
            None if self.filed_under(key)?.contains_key(key) => Some(TOMBSTONE.to_vec()),
            None => None,
        };
        self.set(EVIDENCE, key, value)
    }

    /// Plans an entity's list in one posting chunk (`None`: none), through the bucket the
    /// chunk shares with other entities when it has one (`postings.rs`).
    pub(super) fn set_postings(&mut self, id: EntityId, chunk: u32, list: Option<&codec::PostingRecord>) -> Result<()> {
        let first = self.store.first_bucket_chunk()?;
        let writes =
            crate::store::postings::chunk_writes([(id, chunk, list)], first, |key| self.get(POSTING_BUCKETS, key))?;
        for (layout, key, value) in writes {
            let tree = if layout == crate::store::postings::Layout::PerEntity { POSTINGS } else { POSTING_BUCKETS };
            self.set(tree, &key, value)?;
        }
        Ok(())
    }

    pub(super) fn into_writes(self) -> Vec<Write> {
        self.writes.into_iter().map(|((t, k), (before, after))| (t, k, before, after)).collect()
    }

    pub(super) fn get(&self, tree: u8, key: &[u8]) -> Result<Option<Vec<u8>>> {
        match self.writes.get(&(tree, key.to_vec())) {
            Some((_, after)) => Ok(after.clone()),
            None => Ok(self.store.tree(tree).get(key)?.map(|v| v.to_vec())),
        }
    }

    pub(super) fn exists(&self, tree: u8, key: &[u8]) -> Result<bool> {
        Ok(self.get(tree, key)?.is_some())
    }

    pub(super) fn set(&mut self, tree: u8, key: &[u8], value: Option<Vec<u8>>) -> Result<()> {
        let slot = (tree, key.to_vec());
        if let Some(entry) = self.writes.get_mut(&slot) {
            entry.1 = value;
            return Ok(());
        }
        let before = self.store.tree(tree).get(key)?.map(|v| v.to_vec());
        self.writes.insert(slot, (before, value));
        Ok(())
    }

    /// Every (key, value) under `prefix` as it will be.
    pub(super) fn scan(&self, tree: u8, prefix: &[u8]) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let mut out: BTreeMap<Vec<u8>, Option<Vec<u8>>> = BTreeMap::new();
        for item in self.store.tree(tree).scan_prefix(prefix) {
            let (k, v) = item?;
            out.insert(k.to_vec(), Some(v.to_vec()));
        }
        for ((t, k), (_, after)) in self.writes.range((tree, prefix.to_vec())..) {
            if *t != tree || !k.starts_with(prefix) {
                break;
            }
            out.insert(k.clone(), after.clone());
        }
        Ok(out.into_iter().filter_map(|(k, v)| Some((k, v?))).collect())
    }
}
