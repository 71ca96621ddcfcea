//! Times extraction alone over a JSONL batch: `cargo run --release --example extract_only FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: extract_only FILE.jsonl");
    let lex = kg::extract::Lexicon::builtin();
    let text = std::fs::read_to_string(path).expect("read");
    let start = std::time::Instant::now();
    let (mut n, mut bytes, mut rels) = (0, 0, 0);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let t = v["text"].as_str().unwrap_or("");
        bytes += t.len();
        let f = kg::extract::extract(t, v["date"].as_str().unwrap_or(""), &lex);
        rels += f.relations.len();
        n += 1;
    }
    let s = start.elapsed().as_secs_f64();
    println!(
        "{n} articles, {:.1} MB, {rels} relations in {s:.2}s: {:.2} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / s
    );
}
