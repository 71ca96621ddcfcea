//! Writes `tests/fixtures/store-v1.json`: a store in schema 1's layout (alias index keyed by
//! the surface form exactly as written), as hex key/value pairs per tree. Run once when the
//! fixture is made: `cargo run --example make_v1_fixture > tests/fixtures/store-v1.json`.
use kg::extract::{extract, link, Lexicon};
use kg::store::{Access, ArticleMeta, Store};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let lex = Lexicon::builtin();
    {
        let (store, _) = Store::open(&path, Access::Create).unwrap();
        let mut batch = store.batch().unwrap();
        let text = "ANKARA — Turkish President Recep Tayyip Erdoğan received Anja Holt in Ankara on Thursday.\n\nErdoğan's spokesman, Ömer Çelik, said the talks were warm.";
        let mut facts = extract(text, "2025-05-15", &lex);
        link(&mut facts, &batch);
        let meta = ArticleMeta { id: "erdogan-visit".into(), ..Default::default() };
        batch.write_article(&meta, text, &facts).unwrap();
        batch.commit().unwrap();
        drop(batch);
        store.flush().unwrap();
    }
    let db = sled::open(&path).unwrap();
    // Schema 1 keyed names by the form as written.
    let names = db.open_tree("names").unwrap();
    names.clear().unwrap();
    let entities = db.open_tree("entities").unwrap();
    for kv in entities.iter() {
        let (k, v) = kv.unwrap();
        let record: kg::store::codec::EntityRecord = kg::store::codec::decode(&v).unwrap();
        for form in std::iter::once(&record.name).chain(&record.aliases) {
            let mut ids = names.get(form.as_bytes()).unwrap().map(|v| v.to_vec()).unwrap_or_default();
            ids.extend_from_slice(&k);
            names.insert(form.as_bytes(), ids).unwrap();
        }
    }
    db.open_tree("meta").unwrap().insert("schema_version", &1u32.to_be_bytes()).unwrap();
    let mut trees = serde_json::Map::new();
    for name in db.tree_names() {
        if name.as_ref() == b"__sled__default" {
            continue;
        }
        let tree = db.open_tree(&name).unwrap();
        let pairs: Vec<serde_json::Value> = tree
            .iter()
            .map(|kv| {
                let (k, v) = kv.unwrap();
                serde_json::json!([hex(&k), hex(&v)])
            })
            .collect();
        trees.insert(String::from_utf8_lossy(&name).into_owned(), pairs.into());
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({
            "schema_version": 1,
            "note": "schema 1 layout: names keyed by the surface form as written; see migrations/0001_initial.rs",
            "trees": trees
        }))
        .unwrap()
    );
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
