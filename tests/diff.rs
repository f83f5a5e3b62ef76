//! `aimscore diff OLD NEW`: every kind of change, answers files and JSON reports told apart by
//! content, the three formats, and input errors (exit 2).
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const FIX: &str = "tests/fixtures/check";

fn aimscore() -> Command {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.env_remove("GITHUB_STEP_SUMMARY").env("NO_COLOR", "1");
    c
}

fn fixture(name: &str) -> String {
    format!("{FIX}/{name}")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = aimscore().args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn report_json(answers: &str) -> Value {
    let (code, out, err) = run(&["assess", answers, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// `(id, kind, regression)` for every changed question in `diff --format json`.
fn changes(old: &str, new: &str, extra: &[&str]) -> Vec<(String, String, bool)> {
    let mut args = vec!["diff", old, new, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_string(),
                q["kind"].as_str().unwrap().to_string(),
                q["regression"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn c(id: &str, kind: &str, regression: bool) -> (String, String, bool) {
    (id.to_string(), kind.to_string(), regression)
}

#[test]
fn diff_of_two_answers_files_classifies_every_change_and_exits_0() {
    assert_eq!(
        changes(&fixture("before.yaml"), &fixture("after.yaml"), &[]),
        [
            c("5.2-2", "regressed", true),
            c("6.2-1", "new_gap", true),
            c("A.6.2.8-1", "improved", false),
            c("A.6.2.8-2", "resolved", false),
            c("A.10.2-1", "reincluded", false),
            c("A.10.3-1", "newly_excluded", true),
            c("A.10.3-2", "newly_excluded", false),
        ]
    );
}

#[test]
fn allow_exclusions_accepts_a_justified_na_that_replaced_a_gap() {
    let got = changes(
        &fixture("before.yaml"),
        &fixture("after.yaml"),
        &["--allow-exclusions"],
    );
    assert!(
        got.contains(&c("A.10.3-1", "newly_excluded", false)),
        "{got:?}"
    );
}

#[test]
fn an_unjustified_na_that_replaced_a_gap_stays_a_regression_even_when_allowed() {
    // Answers files cannot hold an unjustified na; a hand-edited report can.
    let dir = tempfile::tempdir().unwrap();
    let mut v = report_json(&fixture("after.yaml"));
    for r in v["requirements"].as_array_mut().unwrap() {
        for q in r["questions"].as_array_mut().unwrap() {
            if q["id"] == "A.10.3-1" {
                q["justification"] = Value::Null;
            }
        }
    }
    let new = write(dir.path(), "new.json", &v.to_string());
    let new = new.to_str().unwrap();
    let got = changes(&fixture("before.yaml"), new, &["--allow-exclusions"]);
    assert!(
        got.contains(&c("A.10.3-1", "newly_excluded", true)),
        "{got:?}"
    );
    let (_, out, _) = run(&["diff", &fixture("before.yaml"), new, "--allow-exclusions"]);
    assert!(
        out.contains(
            "A.10.3-1 regressed: no → na (a new exclusion hides a gap; it has no justification)"
        ),
        "{out}"
    );
}

#[test]
fn switching_a_profile_on_adds_questions_and_off_removes_them() {
    let added = changes(&fixture("before.yaml"), &fixture("agentic.yaml"), &[]);
    assert!(!added.is_empty());
    assert!(
        added
            .iter()
            .all(|(id, kind, reg)| id.contains("-agentic-") && kind == "added" && !reg),
        "{added:?}"
    );
    let removed = changes(&fixture("agentic.yaml"), &fixture("before.yaml"), &[]);
    assert_eq!(removed.len(), added.len());
    assert!(
        removed.iter().all(|(_, kind, _)| kind == "removed"),
        "{removed:?}"
    );
}

#[test]
fn identical_assessments_have_no_changes() {
    assert!(changes(&fixture("before.yaml"), &fixture("before.yaml"), &[]).is_empty());
}

#[test]
fn a_json_report_is_recognised_by_content_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(
        dir.path(),
        "baseline.txt",
        &report_json(&fixture("before.yaml")).to_string(),
    );
    assert_eq!(
        changes(old.to_str().unwrap(), &fixture("after.yaml"), &[]),
        changes(&fixture("before.yaml"), &fixture("after.yaml"), &[])
    );
    let new = write(
        dir.path(),
        "new.json",
        &report_json(&fixture("after.yaml")).to_string(),
    );
    assert_eq!(
        changes(old.to_str().unwrap(), new.to_str().unwrap(), &[]).len(),
        7
    );
}

#[test]
fn text_diff_shows_scores_stage1_and_each_question_line() {
    aimscore()
        .args(["diff", &fixture("before.yaml"), &fixture("after.yaml")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Overall"))
        .stdout(predicate::str::contains(
            "Stage 1: ready → not ready; newly unmet blockers: 6.2-1",
        ))
        .stdout(predicate::str::contains("5.2-2 regressed: partial → no"))
        .stdout(predicate::str::contains(
            "6.2-1 regressed: yes → no (new gap)",
        ))
        .stdout(predicate::str::contains("A.6.2.8-1 improved: no → partial"))
        .stdout(predicate::str::contains(
            "A.6.2.8-2 resolved: partial → yes",
        ))
        .stdout(predicate::str::contains("A.10.2-1 re-included: na → yes"))
        .stdout(predicate::str::contains(
            "A.10.3-2 newly excluded: yes → na",
        ))
        .stdout(predicate::str::contains("not a certification"));
}

#[test]
fn markdown_diff_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["before.yaml", "after.yaml"] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    let out = aimscore()
        .current_dir(dir.path())
        .args(["diff", "before.yaml", "after.yaml", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn json_diff_carries_score_changes_and_counts() {
    let (code, out, _) = run(&[
        "diff",
        &fixture("before.yaml"),
        &fixture("after.yaml"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let n = &v["counts"];
    assert_eq!(
        (
            n["regressed"].as_u64(),
            n["new_gaps"].as_u64(),
            n["improved"].as_u64(),
            n["resolved"].as_u64(),
            n["newly_excluded"].as_u64(),
            n["reincluded"].as_u64()
        ),
        (Some(3), Some(1), Some(2), Some(1), Some(2), Some(1))
    );
    let old = v["overall"]["old"].as_f64().unwrap();
    let new = v["overall"]["new"].as_f64().unwrap();
    let change = v["overall"]["change"].as_f64().unwrap();
    assert_eq!(((new - old) * 10.0).round(), (change * 10.0).round());
    assert_eq!(v["sections"].as_array().unwrap().len(), 16);
    assert_eq!(v["stage1"]["old_ready"], true);
    assert_eq!(v["stage1"]["new_ready"], false);
}

#[test]
fn reports_from_different_catalog_versions_cannot_be_diffed() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = report_json(&fixture("before.yaml"));
    v["catalog"]["version"] = Value::from("1999.1.1");
    let old = write(dir.path(), "old.json", &v.to_string());
    let (code, out, err) = run(&["diff", old.to_str().unwrap(), &fixture("after.yaml")]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("old.json: made with catalog"), "{err}");
    assert!(err.contains("1999.1.1"), "{err}");
}

#[test]
fn junk_and_portfolios_are_input_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // Not a report, so read as an answers file, which it is not either.
    let junk = write(dir.path(), "junk.json", "[1, 2, 3]");
    let (code, _, err) = run(&["diff", junk.to_str().unwrap(), &fixture("after.yaml")]);
    assert_eq!(code, 2);
    assert!(err.contains("junk.json"), "{err}");
    let broken = write(
        dir.path(),
        "broken.json",
        r#"{"schema_version": 2, "tool": {"name": "aimscore"}}"#,
    );
    let (code, _, err) = run(&["diff", &fixture("before.yaml"), broken.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.json") && err.contains("not a valid aimscore JSON report"),
        "{err}"
    );
    let portfolio = dir.path().join("portfolio.json");
    aimscore()
        .args(["assess", &fixture("before.yaml"), &fixture("after.yaml")])
        .args(["--format", "json", "-o"])
        .arg(&portfolio)
        .assert()
        .success();
    let (code, _, err) = run(&["diff", portfolio.to_str().unwrap(), &fixture("after.yaml")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("portfolio.json: this is a portfolio report"),
        "{err}"
    );
}

#[test]
fn both_sides_problems_are_reported_together() {
    let (code, _, err) = run(&["diff", &fixture("nope-old.yaml"), &fixture("nope-new.yaml")]);
    assert_eq!(code, 2);
    assert!(err.contains("nope-old.yaml"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.yaml", "aimscore: 1\n");
    let b = write(dir.path(), "b.yaml", "aimscore: 1\n");
    let (code, _, err) = run(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("a.yaml") && err.contains("b.yaml"), "{err}");
}
