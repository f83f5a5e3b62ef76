//! Benchmarks of `assess`: the bundled catalog load, one answers file through parse, validate,
//! score and JSON render, and a 1,000-file portfolio through `assess_portfolio` (files generated
//! into a temporary directory; text and JSON, written to a sink). Run with `cargo bench --bench assess`.
#![allow(clippy::unwrap_used, clippy::print_stderr, missing_docs)]

use aimscore::catalog::Catalog;
use aimscore::read::Format;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// The largest answers file in examples/ (by size), or, when there is none, a generated file that
/// answers every question of the catalog.
fn example(catalog: &Catalog) -> (String, String, Format) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut best: Option<(u64, PathBuf)> = None;
    for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let p = e.path();
        let is_answers = matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("yaml" | "yml" | "toml" | "json")
        );
        let len = e.metadata().map(|m| m.len()).unwrap_or(0);
        if is_answers && p.is_file() && best.as_ref().is_none_or(|(l, _)| len > *l) {
            best = Some((len, p));
        }
    }
    match best {
        Some((_, p)) => (
            p.display().to_string(),
            std::fs::read_to_string(&p).unwrap(),
            Format::from_path(&p),
        ),
        None => (
            "generated.yaml".into(),
            full_answers(catalog, 0),
            Format::Yaml,
        ),
    }
}

/// An answers file answering every question; `seed` varies the answers from file to file.
fn full_answers(catalog: &Catalog, seed: usize) -> String {
    let mut s =
        format!("aimscore: 1\norganization: Organization {seed}\nscope: Everything\nanswers:\n");
    for (i, (r, q)) in catalog.questions().enumerate() {
        let kind = catalog.section_of(r).kind;
        let answer = match (i * 7 + seed) % 6 {
            0 => "yes",
            1 => "partial",
            2 => "no",
            3 => "3",
            4 if kind == aimscore::catalog::Kind::Annex => "na",
            _ => "yes",
        };
        s.push_str(&format!("  {}:\n    answer: {answer}\n", q.id));
        if answer == "na" {
            s.push_str("    justification: Not in scope for this organization.\n");
        } else {
            s.push_str(&format!(
                "    evidence: [docs/{}.pdf]\n    owner: CISO\n    due: 2027-01-31\n",
                q.id
            ));
        }
    }
    s
}

/// One answers file parsed, validated, scored and rendered as JSON into `out`; its length.
fn assess_json(
    catalog: &Catalog,
    name: &str,
    text: &str,
    format: Format,
    out: &mut Vec<u8>,
) -> usize {
    let (answers, active) =
        aimscore::answers::parse_text(name, text, format, catalog, &[]).unwrap();
    let a = aimscore::scoring::assess(&active, &answers, Default::default());
    let report = aimscore::documents::build(&active, &answers, &a, None);
    out.clear();
    aimscore::render::render(&report, aimscore::render::Format::Json, None, false, out).unwrap();
    out.len()
}

fn one_file(c: &mut Criterion) {
    let catalog = aimscore::catalog::bundled().unwrap();
    let (name, text, format) = example(&catalog);
    eprintln!("one file: {name} ({} bytes)", text.len());

    c.bench_function("catalog: load and validate the bundled catalog", |b| {
        b.iter(|| black_box(aimscore::catalog::bundled().unwrap()))
    });

    c.bench_function("one file: parse to a located tree", |b| {
        b.iter(|| black_box(aimscore::read::parse(&name, &text, format).unwrap()))
    });

    c.bench_function("catalog: parse the bundled files (no validation)", |b| {
        let src = aimscore::catalog::load::bundled_source();
        b.iter(|| black_box(aimscore::catalog::load::parse(&src).unwrap()))
    });

    c.bench_function("catalog: clone", |b| b.iter(|| black_box(catalog.clone())));

    c.bench_function("one file: parse + validate", |b| {
        b.iter(|| {
            black_box(aimscore::answers::parse_text(&name, &text, format, &catalog, &[]).unwrap())
        })
    });

    {
        let (answers, active) =
            aimscore::answers::parse_text(&name, &text, format, &catalog, &[]).unwrap();
        let a = aimscore::scoring::assess(&active, &answers, Default::default());
        let report = aimscore::documents::build(&active, &answers, &a, None);
        c.bench_function("one file: score", |b| {
            b.iter(|| {
                black_box(aimscore::scoring::assess(
                    &active,
                    &answers,
                    Default::default(),
                ))
            })
        });
        c.bench_function("one file: build the report model", |b| {
            b.iter(|| black_box(aimscore::documents::build(&active, &answers, &a, None)))
        });
        for (label, fmt) in [
            ("one file: render json", aimscore::render::Format::Json),
            ("one file: render text", aimscore::render::Format::Text),
        ] {
            let mut out = Vec::with_capacity(1 << 20);
            c.bench_function(label, |b| {
                b.iter(|| {
                    out.clear();
                    aimscore::render::render(&report, fmt, None, false, &mut out).unwrap();
                    black_box(out.len())
                })
            });
        }
    }

    c.bench_function("one file: parse + validate + score + render json", |b| {
        let mut out = Vec::with_capacity(1 << 20);
        b.iter(|| black_box(assess_json(&catalog, &name, &text, format, &mut out)))
    });

    c.bench_function(
        "one file: catalog + parse + score + render json (a whole run)",
        |b| {
            let mut out = Vec::with_capacity(1 << 20);
            b.iter(|| {
                let catalog = aimscore::catalog::bundled().unwrap();
                black_box(assess_json(&catalog, &name, &text, format, &mut out))
            })
        },
    );
}

fn portfolio(c: &mut Criterion) {
    let catalog = aimscore::catalog::bundled().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let files: Vec<PathBuf> = (0..1000)
        .map(|i| {
            let p = tmp.path().join(format!("org-{i:04}.yaml"));
            std::fs::write(&p, full_answers(&catalog, i)).unwrap();
            p
        })
        .collect();
    let mut group = c.benchmark_group("portfolio");
    group.sample_size(10);
    for (label, fmt) in [
        (
            "1,000 files: assess_portfolio, text (parse, validate, score, render, summary)",
            aimscore::render::Format::Text,
        ),
        (
            "1,000 files: assess_portfolio, json (every report in full)",
            aimscore::render::Format::Json,
        ),
    ] {
        let layout = aimscore::render::portfolio::Layout::new(fmt, None, false).unwrap();
        // Text shows the top 10 fixes, as the command does.
        let top = (fmt == aimscore::render::Format::Text).then_some(10);
        group.bench_function(label, |b| {
            b.iter(|| {
                let mut out = CountingSink(0);
                let outcome = aimscore::pipeline::assess_portfolio(
                    &files,
                    &catalog,
                    &[],
                    &Default::default(),
                    top,
                    None,
                    &layout,
                    &mut out,
                )
                .unwrap();
                assert_eq!(outcome.failed, 0);
                black_box(out.0)
            })
        });
    }
    group.finish();
}

/// Counts the bytes written and keeps none.
struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

criterion_group!(benches, one_file, portfolio);
criterion_main!(benches);
