//! Schema versions and the steps between them, applied in order when a store is opened.
//!
//! No `schema_version` and no data: a new store, stamped with the latest version. Lower than
//! the latest: each pending step of `migrations/` runs, then the version is bumped and flushed,
//! so an interrupted migration resumes at the step it was in (every step is idempotent).
//! Higher: `Error::SchemaTooNew`, and the store is left untouched.

use super::{keys, Error};

#[path = "../../migrations/0001_initial.rs"]
mod m0001_initial;
#[path = "../../migrations/0002_normalized_names.rs"]
mod m0002_normalized_names;
#[path = "../../migrations/0003_postings.rs"]
mod m0003_postings;
#[path = "../../migrations/0004_counts.rs"]
mod m0004_counts;
#[path = "../../migrations/0005_dated_evidence.rs"]
mod m0005_dated_evidence;
#[path = "../../migrations/0006_word_index.rs"]
mod m0006_word_index;
#[path = "../../migrations/0007_written_forms.rs"]
mod m0007_written_forms;
#[path = "../../migrations/0008_article_urls.rs"]
mod m0008_article_urls;
#[path = "../../migrations/0009_posting_buckets.rs"]
mod m0009_posting_buckets;
#[path = "../../migrations/0010_evidence_buckets.rs"]
mod m0010_evidence_buckets;

/// The schema version this binary writes.
pub const LATEST: u32 = m0010_evidence_buckets::VERSION;

struct Step {
    version: u32,
    name: &'static str,
    run: fn(&sled::Db) -> Result<(), Error>,
}

const STEPS: &[Step] = &[
    Step { version: m0001_initial::VERSION, name: "0001_initial", run: |_| Ok(()) },
    Step { version: m0002_normalized_names::VERSION, name: "0002_normalized_names", run: m0002_normalized_names::run },
    Step { version: m0003_postings::VERSION, name: "0003_postings", run: m0003_postings::run },
    Step { version: m0004_counts::VERSION, name: "0004_counts", run: m0004_counts::run },
    Step { version: m0005_dated_evidence::VERSION, name: "0005_dated_evidence", run: m0005_dated_evidence::run },
    Step { version: m0006_word_index::VERSION, name: "0006_word_index", run: m0006_word_index::run },
    Step { version: m0007_written_forms::VERSION, name: "0007_written_forms", run: m0007_written_forms::run },
    Step { version: m0008_article_urls::VERSION, name: "0008_article_urls", run: m0008_article_urls::run },
    Step { version: m0009_posting_buckets::VERSION, name: "0009_posting_buckets", run: m0009_posting_buckets::run },
    Step { version: m0010_evidence_buckets::VERSION, name: "0010_evidence_buckets", run: m0010_evidence_buckets::run },
];

/// Reads the stored schema version, if any.
pub fn stored_version(meta: &sled::Tree) -> Result<Option<u32>, Error> {
    match meta.get(keys::SCHEMA_VERSION)? {
        None => Ok(None),
        Some(bytes) => {
            let arr: [u8; 4] = bytes
                .as_ref()
                .try_into()
                .map_err(|_| Error::corrupt(keys::META, keys::SCHEMA_VERSION, "schema version is not 4 bytes"))?;
            Ok(Some(u32::from_be_bytes(arr)))
        }
    }
}

fn set_version(db: &sled::Db, meta: &sled::Tree, version: u32) -> Result<(), Error> {
    meta.insert(keys::SCHEMA_VERSION, &version.to_be_bytes())?;
    db.flush()?;
    Ok(())
}

/// Brings the store to `LATEST`; returns the names of the steps it ran.
pub fn run(db: &sled::Db) -> Result<Vec<&'static str>, Error> {
    let meta = db.open_tree(keys::META)?;
    let found = match stored_version(&meta)? {
        Some(v) => v,
        None => {
            let entities = db.open_tree(keys::ENTITIES)?;
            let articles = db.open_tree(keys::ARTICLES)?;
            if entities.is_empty() && articles.is_empty() {
                set_version(db, &meta, LATEST)?;
                return Ok(Vec::new());
            }
            return Err(Error::corrupt(keys::META, keys::SCHEMA_VERSION, "store holds data but no schema version"));
        }
    };
    if found > LATEST {
        return Err(Error::SchemaTooNew { found, supported: LATEST });
    }
    let mut ran = Vec::new();
    for step in STEPS.iter().filter(|s| s.version > found) {
        (step.run)(db)?;
        set_version(db, &meta, step.version)?;
        ran.push(step.name);
    }
    Ok(ran)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_of(tree: &sled::Tree) -> Vec<Vec<u8>> {
        tree.iter().keys().map(|k| k.unwrap().to_vec()).collect()
    }

    #[test]
    fn step_0006_builds_the_word_index_that_writes_keep() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["recep tayyip erdogan", "erdogan", "ömer çelik", "holt", "anja holt", "a"];
        let (migrated, written) =
            (sled::open(dir.path().join("a")).unwrap(), sled::open(dir.path().join("b")).unwrap());
        for name in names {
            migrated.open_tree(keys::NAMES).unwrap().insert(name, &[0u8; 8]).unwrap();
        }
        // A stale entry, as a step killed halfway and then run again could meet.
        migrated.open_tree(keys::WORDS).unwrap().insert("gone\0gone", &[]).unwrap();
        m0006_word_index::run(&migrated).unwrap();
        let index = super::super::words::WordIndex::open(&written).unwrap();
        index.write(index.follow(names.iter().map(|n| (n.as_bytes(), true))).unwrap()).unwrap();
        for tree in [keys::WORDS, keys::ENDS] {
            let (a, b) = (migrated.open_tree(tree).unwrap(), written.open_tree(tree).unwrap());
            assert_eq!(keys_of(&a), keys_of(&b), "{tree}");
            assert!(!a.is_empty());
        }
    }

    #[test]
    fn step_0007_converts_old_records_and_the_log_s_copies_of_them_alike() {
        use super::super::codec::{self, v1};
        use super::super::correct::{Correction, Delta, Op};
        let dir = tempfile::tempdir().unwrap();
        let db = sled::open(dir.path()).unwrap();
        let entity = v1::EntityRecord {
            name: "Anja Holt".into(),
            kind: 0,
            forms: vec![v1::FormCount { form: "Anja Holt".into(), count: 1 }],
            articles: 1,
        };
        let article = v1::ArticleRecord {
            hash: [1; 32],
            title: "t".into(),
            date: String::new(),
            source: String::new(),
            entities: vec![v1::ArticleEntity { id: 1, forms: vec!["Anja Holt".into()] }],
            relations: Vec::new(),
        };
        let (e, a) = (codec::encode(&entity), codec::encode(&article));
        db.open_tree(keys::ENTITIES).unwrap().insert([0, 0, 0, 0, 0, 0, 0, 1], e.clone()).unwrap();
        db.open_tree(keys::ARTICLES).unwrap().insert("a", a.clone()).unwrap();
        let logged = Correction {
            date: "2026-01-01T00:00:00Z".into(),
            note: "n".into(),
            op: Op::Merge,
            source: "Anja Holt".into(),
            relation: 0,
            target: "A. Holt".into(),
            ids: Some((1, 2)),
            writes: vec![
                (5, vec![1], None, Some(e.clone())),
                (0, b"a".to_vec(), Some(a.clone()), Some(a.clone())),
                (6, b"anja holt".to_vec(), None, Some(vec![1])),
            ],
            counts: Delta { articles: 1, ..Delta::default() },
            imported: false,
        };
        db.open_tree(keys::CORRECTIONS).unwrap().insert(1u64.to_be_bytes(), codec::encode(&logged)).unwrap();
        for _ in 0..2 {
            m0007_written_forms::run(&db).unwrap();
        }
        let e2 = db.open_tree(keys::ENTITIES).unwrap().get([0, 0, 0, 0, 0, 0, 0, 1]).unwrap().unwrap().to_vec();
        let a2 = db.open_tree(keys::ARTICLES).unwrap().get("a").unwrap().unwrap().to_vec();
        assert_eq!((e2[0], a2[0]), (codec::FORMS_VERSION, codec::URL_VERSION));
        let record: codec::EntityRecord = codec::decode(&e2).unwrap();
        assert_eq!(record.forms, [codec::FormCount::written_by("Anja Holt", 1)]);
        let bytes = db.open_tree(keys::CORRECTIONS).unwrap().get(1u64.to_be_bytes()).unwrap().unwrap();
        let converted: Correction = codec::decode(&bytes).unwrap();
        let expected = Correction {
            writes: vec![
                (5, vec![1], None, Some(e2)),
                (0, b"a".to_vec(), Some(a2.clone()), Some(a2)),
                (6, b"anja holt".to_vec(), None, Some(vec![1])),
            ],
            ..logged
        };
        assert_eq!(converted, expected);
    }
}
