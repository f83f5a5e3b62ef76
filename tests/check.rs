//! `aimscore check`: every gate's pass and fail, exit codes 0/1/2, baselines and their input
//! errors, the GitHub step summary, and `-o`.
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

/// The JSON report of an answers file, as `assess --format json` writes it.
fn report_json(answers: &str) -> Value {
    let out = aimscore()
        .args(["assess", answers, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Writes the JSON report of `answers` into `dir` and returns its path.
fn baseline(dir: &Path, answers: &str) -> PathBuf {
    let p = dir.join("baseline.json");
    aimscore()
        .args(["assess", answers, "--format", "json", "-o"])
        .arg(&p)
        .assert()
        .success();
    p
}

fn write_json(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

fn stdout(c: &mut Command) -> (i32, String, String) {
    let out = c.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// "96.5" for 96.5, the way the gate messages print a threshold.
fn num(x: f64) -> String {
    format!("{x}")
}

fn plus_tenth(x: f64) -> f64 {
    ((x * 10.0).round() + 1.0) / 10.0
}

// ---------------------------------------------------------------- no gates

#[test]
fn without_gates_check_prints_the_summary_and_exits_0() {
    aimscore()
        .args(["check", &fixture("after.yaml")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "aimscore check: Fixture Health Ltd",
        ))
        .stdout(predicate::str::contains("Gates: none requested"))
        .stdout(predicate::str::contains(
            "Result: PASSED (no gates requested)",
        ))
        .stdout(predicate::str::contains("not a certification"));
}

// ---------------------------------------------------------------- --fail-under

#[test]
fn fail_under_holds_when_the_rounded_overall_equals_the_threshold() {
    let overall = report_json(&fixture("complete.yaml"))["overall"]["score"]
        .as_f64()
        .unwrap();
    aimscore()
        .args([
            "check",
            &fixture("complete.yaml"),
            "--fail-under",
            &num(overall),
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(format!(
            "PASS  fail-under {}",
            num(overall)
        )))
        .stdout(predicate::str::contains(
            "Result: PASSED (1 of 1 gates hold)",
        ));
}

#[test]
fn fail_under_fails_a_tenth_above_the_overall_and_says_why() {
    let overall = report_json(&fixture("complete.yaml"))["overall"]["score"]
        .as_f64()
        .unwrap();
    let n = plus_tenth(overall);
    aimscore()
        .args(["check", &fixture("complete.yaml"), "--fail-under", &num(n)])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "FAIL  fail-under {}",
            num(n)
        )))
        .stdout(predicate::str::contains(format!(
            "overall scored {overall:.1} < {}",
            num(n)
        )))
        .stdout(predicate::str::contains(
            "Result: FAILED (1 of 1 gates failed)",
        ));
}

// ---------------------------------------------------------------- --section-fail-under

/// The lowest section score (n/a sections skipped) and that section's id.
fn lowest_section(report: &Value) -> (String, f64) {
    report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| Some((s["id"].as_str()?.to_string(), s["score"].as_f64()?)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap()
}

#[test]
fn section_fail_under_holds_at_the_lowest_section_score() {
    let (_, low) = lowest_section(&report_json(&fixture("complete.yaml")));
    aimscore()
        .args([
            "check",
            &fixture("complete.yaml"),
            "--section-fail-under",
            &num(low),
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS  section-fail-under"));
}

#[test]
fn section_fail_under_names_each_section_below_and_skips_na_sections() {
    let report = report_json(&fixture("complete.yaml"));
    // The fixture excludes every A.10 control: that section has no score.
    let a10 = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "A.10")
        .unwrap();
    assert!(a10["score"].is_null(), "fixture should leave A.10 n/a");
    let (low_id, low) = lowest_section(&report);
    assert!(
        low_id.starts_with("A."),
        "expected an Annex A section lowest"
    );
    let n = plus_tenth(low);
    let (code, out, _) = stdout(aimscore().args([
        "check",
        &fixture("complete.yaml"),
        "--section-fail-under",
        &num(n),
    ]));
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("{low_id} scored {low:.1} < {}", num(n))),
        "{out}"
    );
    // At 100 every scored section fails, clauses named as clauses, and A.10 is never named.
    let (code, out, _) = stdout(aimscore().args([
        "check",
        &fixture("complete.yaml"),
        "--section-fail-under",
        "100",
    ]));
    assert_eq!(code, 1);
    assert!(out.contains("clause 9 scored"), "{out}");
    assert!(!out.contains("A.10 scored"), "{out}");
}

// ---------------------------------------------------------------- --require-stage1

#[test]
fn require_stage1_holds_when_every_blocker_is_met() {
    aimscore()
        .args(["check", &fixture("before.yaml"), "--require-stage1"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS  require-stage1"));
}

#[test]
fn require_stage1_fails_and_lists_the_unmet_blockers() {
    aimscore()
        .args(["check", &fixture("after.yaml"), "--require-stage1"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL  require-stage1"))
        .stdout(predicate::str::contains(
            "Stage 1 not ready: unmet blockers 6.2-1",
        ));
}

// ---------------------------------------------------------------- --baseline

#[test]
fn an_unchanged_assessment_passes_its_own_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline(dir.path(), &fixture("before.yaml"));
    aimscore()
        .args(["check", &fixture("before.yaml"), "--baseline"])
        .arg(&b)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PASS  baseline (max-drop 0)"))
        .stdout(predicate::str::contains("0 regressed"));
}

#[test]
fn a_drop_fails_the_baseline_gate_and_lists_every_question_whose_score_fell() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline(dir.path(), &fixture("before.yaml"));
    let (code, out, _) = stdout(
        aimscore()
            .args(["check", &fixture("after.yaml"), "--baseline"])
            .arg(&b),
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAIL  baseline (max-drop 0)"), "{out}");
    assert!(out.contains("clause 6 fell"), "{out}");
    assert!(out.contains("5.2-2 regressed: partial → no"), "{out}");
    assert!(out.contains("6.2-1 regressed: yes → no (new gap)"), "{out}");
    assert!(
        out.contains("A.10.3-1 regressed: no → na (a new exclusion hides a gap"),
        "{out}"
    );
    // Improvements are not regressions.
    assert!(out.contains("A.6.2.8-2 resolved: partial → yes"), "{out}");
    assert!(!out.contains("A.6.2.8-2 regressed"), "{out}");
}

/// The largest drop in points (overall or a section) between two JSON reports.
fn largest_drop(old: &Value, new: &Value) -> f64 {
    let t = |v: &Value| (v.as_f64().unwrap() * 10.0).round() as i64;
    let mut worst = t(&old["overall"]["score"]) - t(&new["overall"]["score"]);
    for s in new["sections"].as_array().unwrap() {
        let o = old["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == s["id"])
            .unwrap();
        if o["score"].is_number() && s["score"].is_number() {
            worst = worst.max(t(&o["score"]) - t(&s["score"]));
        }
    }
    worst as f64 / 10.0
}

#[test]
fn max_drop_tolerates_a_drop_up_to_n_points_and_fails_beyond() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline(dir.path(), &fixture("before.yaml"));
    let drop = largest_drop(
        &report_json(&fixture("before.yaml")),
        &report_json(&fixture("after.yaml")),
    );
    assert!(drop > 0.1, "fixture should drop a section");
    let run = |max: f64| {
        stdout(
            aimscore()
                .args(["check", &fixture("after.yaml"), "--allow-exclusions"])
                .arg("--baseline")
                .arg(&b)
                .args(["--max-drop", &num(max)]),
        )
    };
    let (code, out, _) = run(drop);
    assert_eq!(code, 0, "{out}");
    // Question regressions within the tolerance are still listed.
    assert!(out.contains("6.2-1 regressed: yes → no (new gap)"), "{out}");
    let below = ((drop * 10.0).round() - 1.0) / 10.0;
    let (code, out, _) = run(below);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("points, more than {}", num(below)))
            || out.contains(&format!("more than {}", num(below))),
        "{out}"
    );
}

#[test]
fn a_new_na_that_hides_a_gap_fails_whatever_the_max_drop_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline(dir.path(), &fixture("before.yaml"));
    let (code, out, _) = stdout(
        aimscore()
            .args(["check", &fixture("after.yaml"), "--max-drop", "100"])
            .arg("--baseline")
            .arg(&b),
    );
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("A.10.3-1 regressed: no → na (a new exclusion hides a gap; justification: \"Supplier checks moved to group procurement.\"; pass --allow-exclusions to accept it)"),
        "{out}"
    );
    let (code, out, _) = stdout(
        aimscore()
            .args(["check", &fixture("after.yaml"), "--max-drop", "100"])
            .arg("--allow-exclusions")
            .arg("--baseline")
            .arg(&b),
    );
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("A.10.3-1 newly excluded: no → na (hides a gap; accepted"),
        "{out}"
    );
    // A new na on a question that was met hides nothing.
    assert!(out.contains("A.10.3-2 newly excluded: yes → na\n"), "{out}");
}

#[test]
fn every_gate_is_reported_when_several_fail() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline(dir.path(), &fixture("before.yaml"));
    let (code, out, _) = stdout(
        aimscore()
            .args(["check", &fixture("after.yaml"), "--fail-under", "90"])
            .args(["--section-fail-under", "50", "--require-stage1"])
            .arg("--baseline")
            .arg(&b),
    );
    assert_eq!(code, 1);
    for g in [
        "FAIL  fail-under 90",
        "FAIL  section-fail-under 50",
        "FAIL  require-stage1",
        "FAIL  baseline (max-drop 0)",
        "Result: FAILED (4 of 4 gates failed)",
    ] {
        assert!(out.contains(g), "missing {g:?} in\n{out}");
    }
}

// ---------------------------------------------------------------- exit 2: usage

#[test]
fn thresholds_outside_0_to_100_are_usage_errors() {
    for args in [
        ["--fail-under", "101"],
        ["--fail-under", "-1"],
        ["--section-fail-under", "abc"],
        ["--fail-under", "NaN"],
    ] {
        aimscore()
            .args(["check", &fixture("before.yaml")])
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("0 to 100"));
    }
}

#[test]
fn max_drop_and_allow_exclusions_need_a_baseline() {
    for extra in [&["--max-drop", "1"][..], &["--allow-exclusions"][..]] {
        aimscore()
            .args(["check", &fixture("before.yaml")])
            .args(extra)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("--baseline"));
    }
}

#[test]
fn a_missing_or_invalid_answers_file_exits_2() {
    aimscore()
        .args(["check", &fixture("no-such.yaml"), "--fail-under", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such.yaml"));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "aimscore: 1\norganization: X\nanswers:\n  4.3-9: {answer: yes}\n",
    )
    .unwrap();
    aimscore()
        .arg("check")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.yaml:4:3"));
}

// ---------------------------------------------------------------- exit 2: bad baselines

fn check_with_baseline(b: &Path) -> (i32, String, String) {
    stdout(
        aimscore()
            .args(["check", &fixture("before.yaml"), "--baseline"])
            .arg(b),
    )
}

#[test]
fn a_baseline_that_is_not_json_is_an_input_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("junk.json");
    std::fs::write(&b, "this is not { json").unwrap();
    let (code, out, err) = check_with_baseline(&b);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("junk.json:1:2: invalid JSON: expected ident"),
        "{err}"
    );
}

#[test]
fn junk_json_and_wrong_shapes_are_not_baselines() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("array.json", "[1, 2, 3]", "the file holds a list"),
        ("other.json", r#"{"name": "x"}"#, "unknown key `name`"),
        (
            "shape.json",
            r#"{"schema_version": 2, "tool": {"name": "aimscore", "version": "0"}, "sections": 3}"#,
            "not a valid aimscore JSON report",
        ),
    ];
    for (name, text, want) in cases {
        let b = dir.path().join(name);
        std::fs::write(&b, text).unwrap();
        let (code, _, err) = check_with_baseline(&b);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(err.contains(name), "{name}: {err}");
        assert!(err.contains(want), "{name}: {err}");
    }
}

#[test]
fn an_answers_file_is_a_baseline_scored_like_the_file_checked() {
    // The same answers as baseline: nothing fell.
    let (code, out, err) = check_with_baseline(Path::new(&fixture("before.yaml")));
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("PASS  baseline"), "{out}");
    // An answers file whose answers were better (`git show origin/main:answers.yaml`): the
    // regression fails the gate and names the question, as a JSON baseline does.
    let (code, out, _) = stdout(aimscore().args([
        "check",
        &fixture("before.yaml"),
        "--baseline",
        &fixture("after.yaml"),
    ]));
    let (json_code, json_out, _) = {
        let dir = tempfile::tempdir().unwrap();
        let b = dir.path().join("after.json");
        std::fs::write(
            &b,
            serde_json::to_string(&report_json(&fixture("after.yaml"))).unwrap(),
        )
        .unwrap();
        stdout(
            aimscore()
                .args(["check", &fixture("before.yaml"), "--baseline"])
                .arg(&b),
        )
    };
    assert_eq!(code, json_code);
    assert_eq!(code, 1, "{out}");
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("after."))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&out), strip(&json_out));
    // The answers baseline is scored under the same options: --trust-claims applies to both.
    let (code, ..) = stdout(aimscore().args([
        "check",
        &fixture("before.yaml"),
        "--baseline",
        &fixture("before.yaml"),
        "--trust-claims",
    ]));
    assert_eq!(code, 0);
}

#[test]
fn a_portfolio_report_is_not_a_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("portfolio.json");
    aimscore()
        .args(["assess", &fixture("before.yaml"), &fixture("after.yaml")])
        .args(["--format", "json", "-o"])
        .arg(&p)
        .assert()
        .success();
    let (code, _, err) = check_with_baseline(&p);
    assert_eq!(code, 2);
    assert!(
        err.contains("portfolio.json: this is a portfolio report"),
        "{err}"
    );
}

#[test]
fn a_baseline_from_another_catalog_version_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = report_json(&fixture("before.yaml"));
    let current = v["catalog"]["version"].as_str().unwrap().to_string();
    v["catalog"]["version"] = Value::from("1999.1.1");
    let b = write_json(dir.path(), "old-catalog.json", &v);
    let (code, out, err) = check_with_baseline(&b);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("old-catalog.json: made with catalog"), "{err}");
    assert!(err.contains("version 1999.1.1"), "{err}");
    assert!(err.contains(&format!("version {current}")), "{err}");
    assert!(err.contains("not comparable"), "{err}");
}

#[test]
fn a_baseline_with_another_schema_version_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = report_json(&fixture("before.yaml"));
    v["schema_version"] = Value::from(99);
    let b = write_json(dir.path(), "future.json", &v);
    let (code, _, err) = check_with_baseline(&b);
    assert_eq!(code, 2);
    assert!(
        err.contains("future.json: report schema_version 99"),
        "{err}"
    );
}

#[test]
fn a_baseline_scored_with_trusted_claims_is_not_comparable_without() {
    let dir = tempfile::tempdir().unwrap();
    let b = dir.path().join("trusted.json");
    aimscore()
        .args(["assess", &fixture("before.yaml"), "--trust-claims"])
        .args(["--format", "json", "-o"])
        .arg(&b)
        .assert()
        .success();
    let (code, _, err) = check_with_baseline(&b);
    assert_eq!(code, 2);
    assert!(
        err.contains("trusted.json: scored with --trust-claims"),
        "{err}"
    );
}

#[test]
fn a_missing_baseline_file_exits_2() {
    let (code, _, err) = check_with_baseline(Path::new("tests/fixtures/check/none.json"));
    assert_eq!(code, 2);
    assert!(err.contains("none.json"), "{err}");
}

// ---------------------------------------------------------------- formats and outputs

#[test]
fn json_output_carries_the_verdict_every_gate_and_the_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline(dir.path(), &fixture("before.yaml"));
    let out = aimscore()
        .args(["check", &fixture("after.yaml"), "--format", "json"])
        .args(["--fail-under", "0", "--require-stage1", "--baseline"])
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["tool"]["name"], "aimscore");
    let gates: Vec<(&str, bool)> = v["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["gate"].as_str().unwrap(), g["passed"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        gates,
        [
            ("fail-under", true),
            ("require-stage1", false),
            ("baseline", false)
        ]
    );
    assert_eq!(v["baseline"]["counts"]["new_gaps"], 1);
    let kinds: Vec<(&str, &str)> = v["baseline"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["id"].as_str().unwrap(), q["kind"].as_str().unwrap()))
        .collect();
    assert!(kinds.contains(&("6.2-1", "new_gap")), "{kinds:?}");
}

#[test]
fn output_file_gets_the_format_and_stdout_the_text_summary() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("check.sarif");
    aimscore()
        .args(["check", &fixture("after.yaml"), "--format", "sarif", "-o"])
        .arg(&o)
        .args(["--require-stage1"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("FAIL  require-stage1"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&o).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
}

// ---------------------------------------------------------------- GITHUB_STEP_SUMMARY

#[test]
fn the_step_summary_is_appended_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let b = baseline(dir.path(), &fixture("before.yaml"));
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "# Earlier step\n\n").unwrap();
    let run = || {
        aimscore()
            .env("GITHUB_STEP_SUMMARY", &summary)
            .args(["check", &fixture("after.yaml"), "--fail-under", "0"])
            .arg("--baseline")
            .arg(&b)
            .assert()
            .code(1);
    };
    run();
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("# Earlier step\n\n## aimscore check: Fixture Health Ltd"),
        "{md}"
    );
    assert!(md.contains("❌ failed"), "{md}");
    assert!(md.contains("- ✅ **fail-under 0**"), "{md}");
    assert!(md.contains("- ❌ **baseline (max-drop 0)**"), "{md}");
    assert!(md.contains("| Overall |"), "{md}");
    assert!(md.contains("6.2-1 regressed: yes → no (new gap)"), "{md}");
    assert!(md.contains("not a certification"), "{md}");
    run();
    let md2 = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(md2.matches("## aimscore check:").count(), 2);
    assert!(md2.starts_with(&md));
}

#[test]
fn without_a_baseline_the_step_summary_shows_section_scores() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("new-summary.md");
    aimscore()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", &fixture("before.yaml"), "--require-stage1"])
        .assert()
        .code(0);
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(md.contains("✅ passed"), "{md}");
    assert!(md.contains("| A.6 AI system life cycle |"), "{md}");
}

#[test]
fn no_step_summary_is_written_when_the_variable_is_unset() {
    let dir = tempfile::tempdir().unwrap();
    aimscore()
        .current_dir(dir.path())
        .arg("check")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("before.yaml")))
        .assert()
        .code(0);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

// ---------------------------------------------------------------- snapshot

#[test]
fn check_text_against_a_baseline_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["before.yaml", "after.yaml"] {
        std::fs::copy(fixture(f), dir.path().join(f)).unwrap();
    }
    aimscore()
        .current_dir(dir.path())
        .args([
            "assess",
            "before.yaml",
            "--format",
            "json",
            "-o",
            "before.json",
        ])
        .assert()
        .success();
    let (code, out, _) = stdout(
        aimscore()
            .current_dir(dir.path())
            .args(["check", "after.yaml", "--baseline", "before.json"])
            .args([
                "--fail-under",
                "5",
                "--section-fail-under",
                "1",
                "--require-stage1",
            ]),
    );
    assert_eq!(code, 1);
    insta::assert_snapshot!(out);
}

// ---------------------------------------------------------------- examples/ci

#[test]
fn the_pre_commit_example_hook_runs_check() {
    let text = std::fs::read_to_string("examples/ci/pre-commit-config.yaml").unwrap();
    let cfg: Value = serde_saphyr::from_str(&text).unwrap();
    let hook = &cfg["repos"][0]["hooks"][0];
    assert_eq!(cfg["repos"][0]["repo"], "local");
    assert_eq!(hook["pass_filenames"], false);
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split_whitespace().collect();
    assert_eq!(&entry[..2], ["aimscore", "check"]);
    let args: Vec<&str> = hook["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    // The hook's file pattern matches the file its entry checks.
    let file = entry[2];
    let pattern = hook["files"].as_str().unwrap();
    assert_eq!(pattern, format!("^{}$", file.replace('.', "\\.")));
    // Run it on a Stage 1 ready file (passes the blocker gate) and a file that is not.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(Path::new(file).parent().unwrap())).unwrap();
    std::fs::copy(fixture("complete.yaml"), dir.path().join(file)).unwrap();
    aimscore()
        .current_dir(dir.path())
        .args(&entry[1..])
        .args(&args)
        .assert()
        .code(0);
    std::fs::copy(fixture("after.yaml"), dir.path().join(file)).unwrap();
    aimscore()
        .current_dir(dir.path())
        .args(&entry[1..])
        .args(&args)
        .assert()
        .code(1);
}

#[test]
fn an_unwritable_step_summary_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("no-such-dir").join("summary.md");
    aimscore()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", &fixture("before.yaml")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "summary.md: cannot append the step summary",
        ));
}

#[test]
fn gitlab_code_quality_lists_every_fix_at_its_answer_line() {
    let out = aimscore()
        .args(["check", &fixture("before.yaml"), "--format", "gitlab"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = v.as_array().unwrap();
    let report = report_json(&fixture("before.yaml"));
    assert_eq!(issues.len(), report["fixes"].as_array().unwrap().len());
    let mut prints = std::collections::BTreeSet::new();
    for i in issues {
        let keys: Vec<&str> = i.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "description",
                "check_name",
                "fingerprint",
                "severity",
                "location"
            ]
        );
        assert!(["critical", "major", "minor"].contains(&i["severity"].as_str().unwrap()));
        assert_eq!(i["location"]["path"], fixture("before.yaml"));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(i["check_name"].as_str().unwrap().starts_with("aimscore/"));
        assert!(prints.insert(i["fingerprint"].as_str().unwrap().to_string()));
    }
    // An answered question points at its answer's line.
    let answered = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["questions"].as_array().unwrap())
        .find(|q| {
            q["line"].as_u64().is_some_and(|l| l > 1)
                && q["score"].as_f64().is_some_and(|s| s < 1.0)
        })
        .unwrap();
    let id = answered["id"].as_str().unwrap();
    let issue = issues
        .iter()
        .find(|i| {
            i["description"]
                .as_str()
                .unwrap()
                .contains(&format!(" {id} "))
        })
        .unwrap();
    assert_eq!(issue["location"]["lines"]["begin"], answered["line"]);
}

#[test]
fn several_reports_in_one_run_match_one_run_per_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gates = ["--fail-under", "90", "--require-stage1"];
    let o = aimscore()
        .args(["check", &fixture("before.yaml")])
        .args(gates)
        .arg("--report")
        .arg(format!("sarif={}", d.join("r.sarif").display()))
        .arg("--report")
        .arg(format!("gitlab={}", d.join("gl.json").display()))
        .arg("--report")
        .arg(format!("json={}", d.join("c.json").display()))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Result: FAILED"));
    for (format, file) in [
        ("sarif", "r.sarif"),
        ("gitlab", "gl.json"),
        ("json", "c.json"),
    ] {
        let single = aimscore()
            .args(["check", &fixture("before.yaml")])
            .args(gates)
            .args(["--format", format])
            .output()
            .unwrap();
        assert_eq!(
            std::fs::read(d.join(file)).unwrap(),
            single.stdout,
            "{format}"
        );
    }
    // A bad output is refused before any is written.
    let o = aimscore()
        .args(["check", &fixture("before.yaml")])
        .arg("--report")
        .arg(format!("sarif={}", d.join("new.sarif").display()))
        .arg("--report")
        .arg(format!("json={}", fixture("before.yaml")))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(!d.join("new.sarif").exists());
    let o = aimscore()
        .args(["check", &fixture("before.yaml"), "--report", "xml=a.xml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("formats: text, json, sarif, gitlab"));
}

#[test]
fn a_configuration_file_sets_the_gates_and_a_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("aims")).unwrap();
    std::fs::copy(fixture("before.yaml"), d.join("aims/answers.yaml")).unwrap();
    std::fs::copy(fixture("after.yaml"), d.join("aims/main.yaml")).unwrap();
    std::fs::write(
        d.join("aimscore.toml"),
        "[check]\nanswers = \"aims/answers.yaml\"\nfail-under = 99\nbaseline = \"aims/main.yaml\"\nmax-drop = 100\n[check.reports]\nsarif = \"out.sarif\"\ngitlab = \"gl.json\"\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let o = aimscore()
            .current_dir(d)
            .arg("check")
            .args(args)
            .output()
            .unwrap();
        (
            o.status.code().unwrap(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    // The file alone: its answers, gate and baseline apply, and its reports are written.
    let (code, out, err) = run(&[]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        err.contains("aimscore: settings from aimscore.toml"),
        "{err}"
    );
    assert!(out.contains("FAIL  fail-under 99"), "{out}");
    assert!(out.contains("PASS  baseline (max-drop 100)"), "{out}");
    assert!(d.join("out.sarif").is_file() && d.join("gl.json").is_file());
    // A flag wins over the file.
    let (code, out, _) = run(&["--fail-under", "1"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PASS  fail-under 1"), "{out}");
    // --no-config ignores it (and then a FILE is needed); --config names another file.
    let (code, _, err) = run(&["--no-config"]);
    assert_eq!(code, 2);
    assert!(err.contains("check needs an answers file"), "{err}");
    std::fs::write(
        d.join("strict.toml"),
        "[check]\nanswers = \"aims/answers.yaml\"\nrequire-stage2 = true\n",
    )
    .unwrap();
    let (code, out, _) = run(&["--config", "strict.toml"]);
    assert_eq!(code, 1);
    assert!(out.contains("FAIL  require-stage2"), "{out}");
    assert!(!out.contains("fail-under"), "{out}");
    // A bad file is a located input error.
    std::fs::write(
        d.join("bad.toml"),
        "[check]\nfail-undr = 60\nformat = \"xml\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&["--config", "bad.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bad.toml:2:1: unknown key `fail-undr`; did you mean `fail-under`?"),
        "{err}"
    );
}
