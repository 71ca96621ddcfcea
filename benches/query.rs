//! Queries on a store of 2,000 synthetic articles: a neighbour scan and a path search.
use criterion::{criterion_group, criterion_main, Criterion};
use kg::extract::{extract, link, Lexicon};
use kg::query::neighbors::neighbors;
use kg::query::path::{paths, PathOptions};
use kg::query::EdgeFilter;
use kg::store::{Access, ArticleMeta, Store};

mod common;

fn bench(c: &mut Criterion) {
    let lex = Lexicon::builtin();
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = Store::open(&dir.path().join("db"), Access::Create).expect("open");
    let mut batch = store.batch().expect("batch");
    for i in 0..2000 {
        let text = common::article(i);
        let mut facts = extract(&text, "", &lex);
        link(&mut facts, &batch, &lex);
        batch
            .write_article(&ArticleMeta { id: format!("a{i}"), ..ArticleMeta::default() }, &text, &facts)
            .expect("write");
    }
    batch.commit().expect("commit");
    drop(batch);
    let find = |name: &str| kg::query::find::find(&store, name).expect("entity").id;
    let (holt, berg) = (find("Anja Holt"), find("Jonas Berg"));
    let mut group = c.benchmark_group("query");
    group.bench_function("neighbors, depth 1", |b| {
        b.iter(|| neighbors(&store, holt, 1, &EdgeFilter::default()).expect("scan").len())
    });
    group.bench_function("neighbors, depth 2", |b| {
        b.iter(|| neighbors(&store, holt, 2, &EdgeFilter::default()).expect("scan").len())
    });
    let opts = PathOptions {
        max_depth: 6,
        relations: vec![],
        directed: false,
        all: false,
        limit: 1,
        budget: 1_000_000,
        period: Default::default(),
    };
    group.bench_function("shortest path", |b| b.iter(|| paths(&store, holt, berg, &opts).expect("path").found.len()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
