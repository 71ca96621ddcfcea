//! Dumps a store's raw trees as JSON (`{"schema_version", "note", "trees": {name: [[key hex,
//! value hex]]}}`), the format of the migration fixtures in `tests/fixtures/`. Reads with
//! sled directly: no migration runs, so a store written by an older kg dumps as it is.
//!
//! Usage: cargo run --example dump_store -- STORE NOTE > tests/fixtures/store-vN.json

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), note) = (args.next(), args.next().unwrap_or_default()) else {
        return Err("usage: dump_store STORE [NOTE]".into());
    };
    let db = sled::open(&path)?;
    let version = db
        .open_tree("meta")?
        .get("schema_version")?
        .and_then(|v| v.as_ref().try_into().ok().map(u32::from_be_bytes))
        .unwrap_or(0);
    let mut trees = serde_json::Map::new();
    let mut names: Vec<_> = db.tree_names().into_iter().filter(|n| n.as_ref() != b"__sled__default").collect();
    names.sort();
    for name in names {
        let tree = db.open_tree(&name)?;
        let mut pairs = Vec::new();
        for item in tree.iter() {
            let (k, v) = item?;
            pairs.push(serde_json::json!([hex(&k), hex(&v)]));
        }
        trees.insert(String::from_utf8_lossy(&name).into_owned(), serde_json::Value::Array(pairs));
    }
    let dump = serde_json::json!({"schema_version": version, "note": note, "trees": trees});
    println!("{}", serde_json::to_string_pretty(&dump)?);
    Ok(())
}
