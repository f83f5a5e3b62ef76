//! Property tests of the scoring, over random answers files for the bundled catalog: scores stay
//! in 0–100; answering a question better never lowers any score; an `na` on an Annex A question
//! never changes another section's score; the fix-list is a total, deterministic ranking that
//! does not depend on the order of the answers in the file; the JSON report is byte-identical
//! from run to run.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aimscore::catalog::{Catalog, Kind};
use aimscore::read::Format;
use aimscore::scoring::{self, Assessment, Score};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| aimscore::catalog::bundled().unwrap())
}

/// Every question of the catalog: (id, is it an Annex A question).
fn questions() -> &'static [(String, bool)] {
    static Q: OnceLock<Vec<(String, bool)>> = OnceLock::new();
    Q.get_or_init(|| {
        let c = catalog();
        c.questions()
            .map(|(r, q)| (q.id.clone(), c.section_of(r).kind == Kind::Annex))
            .collect()
    })
}

/// A generated answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum A {
    No,
    Partial,
    /// `yes`, with or without evidence.
    Yes(bool),
    Maturity(u8),
    Na,
}

impl A {
    /// The question score in tenths, as the README states it (`None` for `na`).
    fn s10(self) -> Option<u32> {
        match self {
            A::No => Some(0),
            A::Partial | A::Yes(false) => Some(5),
            A::Yes(true) => Some(10),
            A::Maturity(m) => Some(2 * u32::from(m)),
            A::Na => None,
        }
    }
}

fn any_answer() -> impl Strategy<Value = A> {
    prop_oneof![
        Just(A::No),
        Just(A::Partial),
        any::<bool>().prop_map(A::Yes),
        (0u8..=5).prop_map(A::Maturity),
        Just(A::Na),
    ]
}

/// Answers for every question (`None` = unanswered). `na` on a clause question becomes `no`.
fn any_answers() -> impl Strategy<Value = Vec<Option<A>>> {
    proptest::collection::vec(proptest::option::of(any_answer()), questions().len()).prop_map(
        |mut v| {
            for (a, (_, annex)) in v.iter_mut().zip(questions()) {
                if !annex && *a == Some(A::Na) {
                    *a = Some(A::No);
                }
            }
            v
        },
    )
}

/// An answers file (YAML) with the answers in the order of `order` (indexes into questions).
fn yaml(answers: &[Option<A>], order: &[usize]) -> String {
    let mut s = String::from("aimscore: 1\norganization: Property Test Ltd\nanswers:\n");
    for &i in order {
        let Some(a) = answers[i] else { continue };
        let id = &questions()[i].0;
        let body = match a {
            A::No => "answer: no".to_string(),
            A::Partial => "answer: partial".to_string(),
            A::Yes(true) => "answer: yes, evidence: [records.pdf]".to_string(),
            A::Yes(false) => "answer: yes".to_string(),
            A::Maturity(m) => format!("answer: {m}"),
            A::Na => "answer: na, justification: Does not apply here.".to_string(),
        };
        s.push_str(&format!("  {id}: {{{body}}}\n"));
    }
    s
}

fn in_order(answers: &[Option<A>]) -> String {
    yaml(answers, &(0..answers.len()).collect::<Vec<_>>())
}

/// Parses and scores an answers file.
fn assess(text: &str) -> (Assessment, aimscore::documents::Report) {
    let (answers, active) =
        aimscore::answers::parse_text("prop.yaml", text, Format::Yaml, catalog(), &[])
            .unwrap_or_else(|e| panic!("generated file rejected: {e}\n{text}"));
    let a = scoring::assess(&active, &answers, scoring::Options::default());
    let r = aimscore::documents::build(&active, &answers, &a, None);
    (a, r)
}

/// Every score of an assessment, named: overall, the two parts, each section and requirement.
fn all_scores(a: &Assessment) -> Vec<(String, Option<Score>)> {
    let c = catalog();
    let mut v = vec![
        ("overall".to_string(), a.overall),
        ("management system".to_string(), a.management_system),
        ("Annex A".to_string(), a.annex_a),
    ];
    for s in &a.sections {
        v.push((format!("section {}", c.sections[s.section].id), s.score));
    }
    for r in &a.requirements {
        v.push((format!("requirement {}", c.requirements[r.req].id), r.score));
    }
    v
}

/// The fix-list as (priority, gap, catalog position of the question) in ranked order.
fn fix_keys(a: &Assessment) -> Vec<(scoring::Priority, u32, usize, String)> {
    a.fixes
        .iter()
        .map(|f| {
            (
                f.priority,
                f.gap10,
                f.question,
                a.questions[f.question].id.clone(),
            )
        })
        .collect()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn scores_stay_between_0_and_100(answers in any_answers()) {
        let (a, r) = assess(&in_order(&answers));
        for (name, s) in all_scores(&a) {
            if let Some(s) = s {
                prop_assert!(s.0 <= 1000, "{name} scores {s}");
            }
        }
        prop_assert!(a.completeness.0 <= 1000);
        for s in a.sections.iter() {
            prop_assert!(s.completeness.0 <= 1000);
        }
        // The same bounds in the report model, as the user sees them.
        for x in r.overall.score.into_iter().chain(r.sections.iter().filter_map(|s| s.score)) {
            prop_assert!((0.0..=100.0).contains(&x), "{x}");
        }
        prop_assert!((0.0..=100.0).contains(&r.overall.completeness));
    }

    #[test]
    fn answering_a_question_better_never_lowers_any_score(
        answers in any_answers(),
        pick in any::<prop::sample::Index>(),
        step in any::<prop::sample::Index>(),
    ) {
        // Move one question up the ladder: unanswered → no → partial → yes with evidence, or a
        // maturity level up; `na` questions are first made `no`.
        let i = pick.index(answers.len());
        let mut before = answers.clone();
        if before[i] == Some(A::Na) {
            before[i] = Some(A::No);
        }
        let ladder: Vec<Option<A>> = match before[i] {
            Some(A::Maturity(m)) => (m..=5).map(|m| Some(A::Maturity(m))).collect(),
            Some(A::No) => vec![Some(A::No), Some(A::Partial), Some(A::Yes(true))],
            Some(A::Partial) | Some(A::Yes(false)) => vec![before[i], Some(A::Yes(true))],
            Some(A::Yes(true)) => vec![Some(A::Yes(true))],
            Some(A::Na) | None => {
                vec![None, Some(A::No), Some(A::Partial), Some(A::Yes(true))]
            }
        };
        let mut after = before.clone();
        after[i] = ladder[step.index(ladder.len())];
        prop_assert!(
            after[i].map_or(Some(0), A::s10) >= before[i].map_or(Some(0), A::s10),
            "not an improvement: {:?} → {:?}", before[i], after[i]
        );
        let (a0, _) = assess(&in_order(&before));
        let (a1, _) = assess(&in_order(&after));
        for ((name, s0), (_, s1)) in all_scores(&a0).into_iter().zip(all_scores(&a1)) {
            prop_assert!(
                s1 >= s0,
                "{name} fell from {s0:?} to {s1:?} when {} went {:?} → {:?}",
                questions()[i].0, before[i], after[i]
            );
        }
        for b in &a1.stage1.blockers {
            prop_assert!(a0.stage1.blockers.contains(b), "new blocker {b}");
        }
        prop_assert!(a1.completeness >= a0.completeness);
    }

    #[test]
    fn na_on_an_annex_a_question_never_changes_another_sections_score(
        answers in any_answers(),
        pick in any::<prop::sample::Index>(),
    ) {
        let annex: Vec<usize> = (0..answers.len()).filter(|&i| questions()[i].1).collect();
        let i = annex[pick.index(annex.len())];
        let mut with_na = answers.clone();
        with_na[i] = Some(A::Na);
        let mut without = answers.clone();
        if without[i] == Some(A::Na) {
            without[i] = Some(A::Partial);
        }
        let (a0, _) = assess(&in_order(&without));
        let (a1, _) = assess(&in_order(&with_na));
        let c = catalog();
        let q = &a0.questions[i];
        let own_req = q.req;
        let own_section = &c.requirements[own_req].section;
        for (s0, s1) in a0.sections.iter().zip(&a1.sections) {
            let id = &c.sections[s0.section].id;
            if id != own_section {
                prop_assert_eq!(s0.score, s1.score, "section {} changed", id);
            }
        }
        for (r0, r1) in a0.requirements.iter().zip(&a1.requirements) {
            if r0.req != own_req {
                prop_assert_eq!(r0.score, r1.score, "requirement {} changed", c.requirements[r0.req].id);
            }
        }
        prop_assert_eq!(a0.management_system, a1.management_system);
        prop_assert_eq!(&a0.stage1.blockers, &a1.stage1.blockers);
    }

    #[test]
    fn the_fix_list_is_a_total_order_independent_of_the_answers_order(
        answers in any_answers(),
        shuffle in Just((0..questions().len()).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        let (a, _) = assess(&in_order(&answers));
        let keys = fix_keys(&a);
        // Sorted by priority, then gap (largest first), then catalog order; strictly, so no two
        // fixes tie and the ranking is total.
        for w in keys.windows(2) {
            let (p0, g0, q0, _) = &w[0];
            let (p1, g1, q1, _) = &w[1];
            prop_assert!(
                (p0, std::cmp::Reverse(g0), q0) < (p1, std::cmp::Reverse(g1), q1),
                "{:?} ranked before {:?}", w[0], w[1]
            );
        }
        // Ranks are 1..n in order.
        for (n, f) in a.fixes.iter().enumerate() {
            prop_assert_eq!(f.rank, n + 1);
        }
        // Exactly the applicable questions below 1 have a fix.
        let below: usize = a.questions.iter().filter(|q| q.s10.is_some_and(|s| s < 10)).count();
        prop_assert_eq!(below, a.fixes.len());
        // The same answers written in another order give the same ranking.
        let (b, _) = assess(&yaml(&answers, &shuffle));
        prop_assert_eq!(keys, fix_keys(&b));
    }

    #[test]
    fn the_json_report_is_byte_identical_across_runs(answers in any_answers()) {
        let text = in_order(&answers);
        let render = || -> Result<Vec<u8>, TestCaseError> {
            let (_, r) = assess(&text);
            let mut out = Vec::new();
            aimscore::render::render(&r, aimscore::render::Format::Json, None, false, &mut out)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            Ok(out)
        };
        let first = render()?;
        let second = render()?;
        prop_assert!(first == second, "two runs differ");
        prop_assert!(!first.is_empty());
    }
}

/// The question scores used above are the README's table; if scoring changes, this fails first.
#[test]
fn generated_answers_score_as_the_readme_says() {
    let mut answers = vec![None; questions().len()];
    let cases = [
        A::No,
        A::Partial,
        A::Yes(true),
        A::Yes(false),
        A::Maturity(3),
    ];
    for (i, a) in cases.iter().enumerate() {
        answers[i] = Some(*a);
    }
    let (a, _) = assess(&in_order(&answers));
    for (i, want) in cases.iter().enumerate() {
        assert_eq!(a.questions[i].s10, want.s10(), "{:?}", want);
    }
    assert_eq!(a.questions[cases.len()].s10, Some(0), "unanswered scores 0");
}

/// The JSON report is the same from separate processes too (no clock, no hash order).
#[test]
fn the_binary_writes_the_same_json_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.yaml");
    let mut answers = vec![None; questions().len()];
    for (i, a) in answers.iter_mut().enumerate() {
        *a = match i % 5 {
            0 => Some(A::Yes(true)),
            1 => Some(A::Partial),
            2 => None,
            3 => Some(A::Maturity(2)),
            _ => Some(A::No),
        };
    }
    std::fs::write(&f, in_order(&answers)).unwrap();
    let run = || {
        assert_cmd::Command::cargo_bin("aimscore")
            .unwrap()
            .args(["assess", f.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap()
    };
    let (a, b) = (run(), run());
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
}
