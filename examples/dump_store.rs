//! Dumps every tree of a store as hex key/value pairs (JSON), to make migration fixtures:
//! `cargo run --example dump_store STORE > dump.json`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: dump_store STORE");
    let db = sled::open(path).expect("open store");
    let mut trees = serde_json::Map::new();
    for name in db.tree_names() {
        let tree = db.open_tree(&name).expect("tree");
        let pairs: Vec<serde_json::Value> = tree
            .iter()
            .map(|kv| {
                let (k, v) = kv.expect("read");
                serde_json::json!([hex(&k), hex(&v)])
            })
            .collect();
        trees.insert(String::from_utf8_lossy(&name).into_owned(), pairs.into());
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({ "trees": trees })).unwrap()
    );
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
