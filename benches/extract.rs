//! Extraction throughput: MB of article text per second, one thread.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::extract::{extract, Lexicon};

mod common;

fn bench(c: &mut Criterion) {
    let lex = Lexicon::builtin();
    let articles: Vec<String> = (0..200).map(common::article).collect();
    let bytes: usize = articles.iter().map(String::len).sum();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("200 synthetic articles", |b| {
        b.iter(|| articles.iter().map(|a| extract(a, "2025-06-01", &lex).relations.len()).sum::<usize>())
    });
    let samples: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/data/articles"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "txt" || x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    group.throughput(Throughput::Bytes(samples.iter().map(String::len).sum::<usize>() as u64));
    group.bench_function("data/articles", |b| {
        b.iter(|| samples.iter().map(|a| extract(a, "", &lex).relations.len()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
