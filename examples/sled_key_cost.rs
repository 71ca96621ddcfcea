//! What one key costs sled, on disk and in CPU: writes N keys of K bytes with values of V
//! bytes into a fresh database in batches of B (as kg's ingest does, one `apply_batch` per
//! batch, keys in random or increasing order), then prints the directory's size per key and
//! per logical byte, and the time taken. Issue 27's store budget is planned from these figures
//! (BENCHMARKS.md, "What one sled key costs").
//!
//!     cargo run --release --example sled_key_cost -- N K V B [--sequential]
//!     cargo run --release --example sled_key_cost -- 500000 25 0 17000
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize| -> usize {
        args.get(i).and_then(|a| a.parse().ok()).unwrap_or_else(|| {
            eprintln!("usage: sled_key_cost N KEY_BYTES VALUE_BYTES BATCH [--sequential]");
            std::process::exit(2)
        })
    };
    let (n, key_len, value_len, batch) = (number(0), number(1).max(8), number(2), number(3).max(1));
    let sequential = args.iter().any(|a| a == "--sequential");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = sled::Config::new().path(dir.path()).cache_capacity(64 << 20).open().expect("open");
    let tree = db.open_tree("t").expect("tree");
    let start = Instant::now();
    // xorshift: a spread of keys like entity ids, without a dependency on a random crate.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut written = 0;
    while written < n {
        let mut b = sled::Batch::default();
        for _ in 0..batch.min(n - written) {
            x = if sequential {
                x + 1
            } else {
                x ^= x << 13;
                x ^= x >> 7;
                x ^ (x << 17)
            };
            let mut key = vec![0u8; key_len];
            key[..8].copy_from_slice(&x.to_be_bytes());
            b.insert(key, vec![b'v'; value_len]);
            written += 1;
        }
        tree.apply_batch(b).expect("batch");
    }
    db.flush().expect("flush");
    let elapsed = start.elapsed();
    drop(tree);
    drop(db);
    let disk: u64 =
        std::fs::read_dir(dir.path()).expect("dir").filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
    let logical = (n * (key_len + value_len)) as f64;
    println!(
        "{n} keys of {key_len} + {value_len} bytes, batches of {batch}{}: {:.1} MB logical, {:.1} MB on disk \
         ({:.2}x, {} bytes per key), {:.2} s ({:.1} µs per key)",
        if sequential { ", increasing" } else { ", random" },
        logical / 1e6,
        disk as f64 / 1e6,
        disk as f64 / logical.max(1.0),
        disk / n.max(1) as u64,
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / n.max(1) as f64,
    );
}
