//! Prints the key and value bytes of each tree of a store: `cargo run --release --example tree_sizes STORE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: tree_sizes STORE");
    let db = sled::open(path).expect("open");
    for name in db.tree_names() {
        let t = db.open_tree(&name).expect("tree");
        let (mut n, mut k, mut v) = (0u64, 0u64, 0u64);
        for kv in t.iter() {
            let (a, b) = kv.expect("read");
            n += 1;
            k += a.len() as u64;
            v += b.len() as u64;
        }
        println!(
            "{:<12} {:>10} keys {:>8.1} MB keys {:>8.1} MB values",
            String::from_utf8_lossy(&name),
            n,
            k as f64 / 1e6,
            v as f64 / 1e6
        );
    }
}
