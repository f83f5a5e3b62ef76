//! Benchmarks of `assess` (filled in below).
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

fn placeholder(c: &mut Criterion) {
    c.bench_function("catalog_bundled", |b| b.iter(aimscore::catalog::bundled));
}

criterion_group!(benches, placeholder);
criterion_main!(benches);
