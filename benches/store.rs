//! Store writes: extracted articles linked and committed in batches into a fresh store.
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kg::extract::{extract, link, Lexicon};
use kg::store::{Access, ArticleMeta, Store};

mod common;

fn bench(c: &mut Criterion) {
    let lex = Lexicon::builtin();
    let facts: Vec<(String, kg::graph::ArticleFacts)> =
        (0..500).map(|i| (common::article(i), extract(&common::article(i), "", &lex))).collect();
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.throughput(Throughput::Elements(facts.len() as u64));
    group.bench_function("write 500 articles, batches of 250", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("temp dir"),
            |dir| {
                let (store, _) = Store::open(&dir.path().join("db"), Access::Create).expect("open");
                let mut batch = store.batch().expect("batch");
                for (i, (text, f)) in facts.iter().enumerate() {
                    let mut f = f.clone();
                    link(&mut f, &batch, &lex);
                    let meta = ArticleMeta { id: format!("a{i}"), ..ArticleMeta::default() };
                    batch.write_article(&meta, text, &f).expect("write");
                    if batch.len() == 250 {
                        batch.commit().expect("commit");
                    }
                }
                batch.commit().expect("commit");
                drop(batch);
                store.flush().expect("flush");
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
