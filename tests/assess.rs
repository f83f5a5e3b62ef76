//! `assess`: hand-computed scores, readiness, the fix-list order, and input errors with their
//! positions and exit code 2.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_report(file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["assess", file.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn catalog() -> aimscore::catalog::Catalog {
    aimscore::catalog::bundled().unwrap()
}

/// Every question answered with `answer`, plus evidence.
fn all_answered(answer: &str, na_for: &[&str]) -> String {
    let mut s = String::from("aimscore: 1\norganization: Test Org\nanswers:\n");
    for (r, q) in catalog().questions() {
        if na_for.contains(&r.id.as_str()) {
            s.push_str(&format!(
                "  {}: {{answer: na, justification: \"We run no such process\"}}\n",
                q.id
            ));
        } else {
            s.push_str(&format!(
                "  {}: {{answer: {answer}, evidence: [\"docs/{}.pdf\"]}}\n",
                q.id, q.id
            ));
        }
    }
    s
}

fn requirement<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap()
}

fn section<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == id)
        .unwrap()
}

#[test]
fn all_yes_with_evidence_scores_100_and_is_ready_for_both_stages() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "all.yaml", &all_answered("yes", &[]));
    let r = json_report(&f, &[]);
    assert_eq!(r["overall"]["score"], 100.0);
    assert_eq!(r["overall"]["band"], "Ready");
    assert_eq!(r["overall"]["completeness"], 100.0);
    assert_eq!(r["management_system"]["score"], 100.0);
    assert_eq!(r["annex_a"]["score"], 100.0);
    assert_eq!(r["stage1"]["ready"], true);
    assert_eq!(r["stage1"]["blockers"].as_array().unwrap().len(), 0);
    assert_eq!(r["stage2"]["ready"], true);
    assert_eq!(r["fixes"].as_array().unwrap().len(), 0);
    for s in r["sections"].as_array().unwrap() {
        assert_eq!(s["score"], 100.0, "{}", s["id"]);
    }
}

#[test]
fn a_blank_file_scores_0_with_completeness_0_and_every_blocker_unmet() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "blank.yaml",
        "aimscore: 1\norganization: Blank Ltd\n",
    );
    let r = json_report(&f, &[]);
    assert_eq!(r["overall"]["score"], 0.0);
    assert_eq!(r["overall"]["band"], "Initial");
    assert_eq!(r["overall"]["completeness"], 0.0);
    assert_eq!(r["overall"]["answered"], 0);
    assert_eq!(r["stage1"]["ready"], false);
    assert_eq!(
        r["stage1"]["blockers"],
        serde_json::json!([
            "4.3-1", "5.2-1", "5.3-4", "6.1.2-1", "6.1.3-1", "6.1.3-2", "6.1.3-3", "6.1.3-5",
            "6.1.4-1", "6.2-1", "7.5.3-5", "8.2-2", "8.4-4", "9.2.2-1", "9.3.1-1"
        ])
    );
    assert_eq!(r["stage2"]["ready"], false);
    let n = catalog().questions().count();
    assert_eq!(r["fixes"].as_array().unwrap().len(), n);
    assert_eq!(requirement(&r, "4.1")["status"], "unanswered");
}

#[test]
fn na_excludes_questions_and_a_fully_excluded_control() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "na.yaml", &all_answered("yes", &["A.10.3"]));
    let r = json_report(&f, &[]);
    // the other questions all score 1, so every score stays 100 and completeness counts na
    assert_eq!(r["overall"]["score"], 100.0);
    assert_eq!(r["overall"]["completeness"], 100.0);
    assert_eq!(section(&r, "A.10")["score"], 100.0);
    let a103 = requirement(&r, "A.10.3");
    assert_eq!(a103["status"], "excluded");
    assert_eq!(a103["score"], Value::Null);
    let ex = r["exclusions"].as_array().unwrap();
    assert!(!ex.is_empty());
    assert!(ex.iter().all(|e| e["requirement"] == "A.10.3"
        && e["control_excluded"] == true
        && e["justification"] == "We run no such process"));
    // a section whose questions are all excluded has no score
    let f = write(
        dir.path(),
        "na2.yaml",
        &all_answered("yes", &["A.10.2", "A.10.3", "A.10.4"]),
    );
    let r = json_report(&f, &[]);
    assert_eq!(section(&r, "A.10")["score"], Value::Null);
    assert_eq!(section(&r, "A.10")["band"], Value::Null);
    let (code, text, _) = run(&["assess", f.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        text.lines()
            .any(|l| l.contains("A.10") && l.contains("n/a")),
        "{text}"
    );
}

#[test]
fn maturity_and_partial_answers_follow_the_formula_rounded_half_up() {
    let dir = tempfile::tempdir().unwrap();
    // 4.1: weights 3, 3, 2, 1. maturity 3 = 0.6, partial = 0.5, no = 0, unanswered = 0:
    // 100 × (3×0.6 + 3×0.5 + 2×0 + 1×0) / 9 = 36.67 → 36.7
    let f = write(
        dir.path(),
        "m.yaml",
        "aimscore: 1\norganization: M\nanswers:\n  4.1-1: {answer: 3}\n  4.1-2: {answer: Partial}\n  4.1-3: {answer: \"0\"}\n",
    );
    let r = json_report(&f, &[]);
    let q = requirement(&r, "4.1");
    assert_eq!(q["score"], 36.7);
    assert_eq!(q["status"], "partial");
    assert_eq!(q["band"], "Initial");
    assert_eq!(q["questions"][0]["score"], 0.6);
    assert_eq!(q["questions"][0]["answer"], "3");
    assert_eq!(q["questions"][2]["answer"], "0");
}

#[test]
fn an_unevidenced_yes_scores_as_partial_unless_claims_are_trusted() {
    let dir = tempfile::tempdir().unwrap();
    // 4.3: weights 3 (blocker), 2, 2. Unevidenced yes (0.5), evidenced yes (1), unanswered (0):
    // 100 × (1.5 + 2) / 7 = 50.0; trusted: 100 × (3 + 2) / 7 = 71.43 → 71.4
    let f = write(
        dir.path(),
        "u.yaml",
        "aimscore: 1\norganization: U\nanswers:\n  4.3-1: {answer: yes}\n  4.3-2: {answer: YES, evidence: scope.pdf}\n",
    );
    let r = json_report(&f, &[]);
    assert_eq!(requirement(&r, "4.3")["score"], 50.0);
    assert!(
        r["stage1"]["blockers"]
            .as_array()
            .unwrap()
            .contains(&Value::from("4.3-1"))
    );
    let fix = r["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["question"] == "4.3-1")
        .unwrap();
    assert_eq!(fix["priority"], "P1");
    assert_eq!(fix["gap"], 3.0); // 3 × (1 − 0.5) × 2
    assert_eq!(fix["answer"], "yes (no evidence)");
    assert!(
        fix["question_action"]
            .as_str()
            .unwrap()
            .starts_with("Record the evidence")
    );
    let t = json_report(&f, &["--trust-claims"]);
    assert_eq!(requirement(&t, "4.3")["score"], 71.4);
    assert_eq!(t["trust_claims"], true);
    assert!(
        !t["stage1"]["blockers"]
            .as_array()
            .unwrap()
            .contains(&Value::from("4.3-1"))
    );
}

#[test]
fn fix_list_orders_by_priority_then_gap_then_catalog_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "t.yaml",
        "aimscore: 1\norganization: T\nanswers:\n  4.1-3: {answer: no}\n  4.3-1: {answer: yes}\n  4.3-2: {answer: yes, evidence: x}\n",
    );
    let r = json_report(&f, &[]);
    let fixes = r["fixes"].as_array().unwrap();
    let prio = |f: &Value| f["priority"].as_str().unwrap().to_string();
    let order: Vec<String> = catalog().questions().map(|(_, q)| q.id.clone()).collect();
    let pos = |id: &str| order.iter().position(|x| x == id).unwrap();
    for w in fixes.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let key = |f: &Value| {
            (
                prio(f),
                -(f["gap"].as_f64().unwrap() * 10.0) as i64,
                pos(f["question"].as_str().unwrap()),
            )
        };
        assert!(
            key(a) < key(b),
            "{} before {}",
            a["question"],
            b["question"]
        );
    }
    for (i, f) in fixes.iter().enumerate() {
        assert_eq!(f["rank"], i + 1);
        let p = prio(f);
        let gap = f["gap"].as_f64().unwrap();
        if f["blocker"] == true {
            assert_eq!(p, "P1");
        } else if gap >= 1.5 {
            assert_eq!(p, "P2");
        } else {
            assert_eq!(p, "P3");
        }
    }
    // 4.1-3 (no, weight 2) and 4.3-3 (unanswered, weight 2) tie on gap 2.0: catalog order
    let i413 = fixes.iter().position(|f| f["question"] == "4.1-3").unwrap();
    let i433 = fixes.iter().position(|f| f["question"] == "4.3-3").unwrap();
    assert_eq!(fixes[i413]["gap"], 2.0);
    assert_eq!(fixes[i433]["gap"], 2.0);
    assert!(i413 < i433);
    let fx = &fixes[i413];
    assert_eq!(fx["citations"]["iso"], "4.1");
    assert!(
        fx["citations"]["nist"]
            .as_array()
            .unwrap()
            .contains(&Value::from("GOVERN 1.1"))
    );
    assert!(fx["evidence"].as_array().unwrap().len() >= 2);
    assert!(fx["effort"].is_string());
}

#[test]
fn overall_is_recomputed_from_question_scores_and_weights() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::from("aimscore: 1\norganization: Mixed\nanswers:\n");
    for (i, (r, q)) in catalog().questions().enumerate() {
        let a = match i % 7 {
            0 => "yes, evidence: [a.pdf]".to_string(),
            1 => "yes".to_string(),
            2 => "partial".to_string(),
            3 => "no".to_string(),
            4 => format!("{}", i % 6),
            5 if r.id.starts_with("A.") => "na, justification: not used".to_string(),
            _ => continue,
        };
        s.push_str(&format!("  {}: {{answer: {a}}}\n", q.id));
    }
    let f = write(dir.path(), "mixed.yaml", &s);
    let r = json_report(&f, &[]);
    let (mut n, mut d) = (0.0, 0.0);
    let (mut ms_n, mut ms_d) = (0.0, 0.0);
    for req in r["requirements"].as_array().unwrap() {
        for q in req["questions"].as_array().unwrap() {
            if let Some(sc) = q["score"].as_f64() {
                let w = q["weight"].as_f64().unwrap();
                n += w * sc;
                d += w;
                if !req["id"].as_str().unwrap().starts_with("A.") {
                    ms_n += w * sc;
                    ms_d += w;
                }
            }
        }
    }
    let round1 = |x: f64| (x * 10.0 + 1e-9).round() / 10.0;
    assert_eq!(
        r["overall"]["score"].as_f64().unwrap(),
        round1(100.0 * n / d)
    );
    assert_eq!(
        r["management_system"]["score"].as_f64().unwrap(),
        round1(100.0 * ms_n / ms_d)
    );
}

#[test]
fn reports_are_byte_identical_across_runs_and_carry_no_colour_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "d.yaml", &all_answered("partial", &["A.10.3"]));
    for fmt in ["text", "md", "json"] {
        let a = run(&["assess", f.to_str().unwrap(), "--format", fmt]);
        let b = run(&["assess", f.to_str().unwrap(), "--format", fmt]);
        assert_eq!(a, b, "{fmt} differs between runs");
        assert!(!a.1.contains('\u{1b}'), "{fmt} has escape codes");
    }
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .args(["assess", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn every_human_format_carries_the_disclaimer_and_the_method() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "d.yaml", "aimscore: 1\norganization: D\n");
    for fmt in ["text", "md"] {
        let (_, out, _) = run(&["assess", f.to_str().unwrap(), "--format", fmt]);
        // The text report wraps its lines to the terminal: read it as a reader would.
        let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(out.contains("not a certification"), "{fmt}");
        assert!(out.contains("Σ(weight × score)"), "{fmt}");
    }
    let r = json_report(&f, &[]);
    assert!(
        r["disclaimer"]
            .as_str()
            .unwrap()
            .contains("not a certification")
    );
}

#[test]
fn output_file_and_top_limit() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "d.yaml", "aimscore: 1\norganization: D\n");
    let o = dir.path().join("r.json");
    let (code, out, _) = run(&[
        "assess",
        f.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "5",
        "-o",
        o.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&o).unwrap()).unwrap();
    assert_eq!(r["fixes"].as_array().unwrap().len(), 5);
    assert_eq!(r["fixes_total"], catalog().questions().count());
}

/// (file text, extension, expected line:column, expected message fragment)
const BAD: &[(&str, &str, &str, &str)] = &[
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-9: {answer: yes}\n",
        "yaml",
        ":4:3:",
        "unknown question id `4.3-9`; did you mean",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-1: {answer: yes}\n  4.3-1: {answer: no}\n",
        "yaml",
        ":5:3:",
        "duplicate mapping key",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-1: {answer: maybe}\n",
        "yaml",
        ":4:19:",
        "`maybe` is not a valid answer; allowed: yes, partial, no, or a maturity level 0 to 5 (na only on Annex A questions)",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-1: {answer: 6}\n",
        "yaml",
        ":4:19:",
        "maturity `6` is outside 0 to 5",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-1: {answer: na, justification: x}\n",
        "yaml",
        ":4:10:",
        "clause questions cannot be excluded",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  A.10.3-1:\n    answer: na\n",
        "yaml",
        ":5:5:",
        "without a `justification`",
    ),
    (
        "aimscore: 1\norganization: [X]\n",
        "yaml",
        ":2:15:",
        "`organization` must be a string",
    ),
    (
        "aimscore: 1\norganization: X\ncolour: red\n",
        "yaml",
        ":3:1:",
        "unknown key `colour`",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-1: {answer: yes, evidense: x}\n",
        "yaml",
        ":4:24:",
        "unknown key `evidense`; did you mean `evidence`?",
    ),
    (
        "aimscore: 2\norganization: X\n",
        "yaml",
        ":1:11:",
        "unsupported format version `2`",
    ),
    ("- a\n- b\n", "yaml", ":1:1:", "expected a mapping"),
    (
        "aimscore: 1\norganization: X\nanswers: [4.3-1]\n",
        "yaml",
        ":3:10:",
        "`answers` is a list",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-1: {answer: yes, due: 2026-02-30}\n",
        "yaml",
        ":4:29:",
        "not a date",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  4.3-1: yes\n",
        "yaml",
        ":4:10:",
        "expected a mapping",
    ),
    (
        "aimscore: 1\norganization: X\nanswers: {4.3-1: {answer: [yes]\n",
        "yaml",
        ":",
        "invalid YAML",
    ),
    (
        "aimscore = 1\norganization = \"X\"\n[answers.\"4.3-1\"]\nanswer = \"sometimes\"\n",
        "toml",
        ":4:10:",
        "`sometimes` is not a valid answer",
    ),
    (
        "aimscore = 1\norganization = \"X\n",
        "toml",
        ":2:",
        "invalid TOML",
    ),
    (
        "{\"aimscore\": 1, \"organization\": \"X\", \"answers\": {\"4.3-1\": {\"answer\": true}}}",
        "json",
        ":1:",
        "`true` is not a valid answer",
    ),
    (
        "{\"aimscore\": 1, \"organization\": \"X\",\n \"organization\": \"Y\"}",
        "json",
        ":2:2:",
        "duplicate mapping key",
    ),
    (
        "{\"aimscore\": 1, \"organization\": \"X\",}",
        "json",
        ":1:",
        "the file must be valid JSON",
    ),
    ("aimscore: 1\n", "yaml", ":1:1:", "missing `organization`"),
    (
        "aimscore: 1\norganization: X\nprofiles: [agentik]\n",
        "yaml",
        ":3:11:",
        "unknown profile `agentik`",
    ),
    (
        "aimscore: 1\norganization: X\nanswers:\n  A.4.2-agentic-1: {answer: yes}\n",
        "yaml",
        ":4:3:",
        "belongs to the `agentic` profile",
    ),
];

#[test]
fn every_input_error_exits_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (text, ext, at, msg)) in BAD.iter().enumerate() {
        let f = write(dir.path(), &format!("bad{i}.{ext}"), text);
        let (code, out, err) = run(&["assess", f.to_str().unwrap()]);
        assert_eq!(code, 2, "case {i}: {err}");
        assert!(out.is_empty(), "case {i}: no report on error");
        let name = f.display().to_string();
        assert!(
            err.contains(&format!("{name}{at}")),
            "case {i}: expected {name}{at} in:\n{err}"
        );
        assert!(err.contains(msg), "case {i}: expected `{msg}` in:\n{err}");
        assert!(!err.contains("panicked"), "case {i}");
    }
}

#[test]
fn all_problems_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "many.yaml",
        "aimscore: 1\norganization: X\nanswers:\n  4.3-9: {answer: yes}\n  4.3-1: {answer: maybe}\n  5.2-1: {answer: na, justification: j}\n",
    );
    let (code, _, err) = run(&["assess", f.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains(":4:3:") && err.contains(":5:19:") && err.contains(":6:10:"),
        "{err}"
    );
    assert!(err.contains("3 problems found"), "{err}");
}

#[test]
fn empty_missing_directory_and_invalid_utf8_inputs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.yaml", "");
    let (code, _, err) = run(&["assess", empty.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("the file is empty"), "{err}");
    let (code, _, err) = run(&["assess", dir.path().join("nope.yaml").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("nope.yaml") && err.contains("cannot read"),
        "{err}"
    );
    let (code, _, err) = run(&["assess", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("is a directory"), "{err}");
    let bad = dir.path().join("bin.yaml");
    std::fs::write(&bad, b"aimscore: 1\norganization: \xff\xfe\n").unwrap();
    let (code, _, err) = run(&["assess", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("bin.yaml:2:15: invalid UTF-8"), "{err}");
}

#[test]
fn bom_crlf_and_spellings_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("crlf.yaml");
    std::fs::write(
        &f,
        "\u{feff}aimscore: \"1\"\r\norganization: X\r\nanswers:\r\n  4.3-1: {answer: NA}\r\n",
    )
    .unwrap();
    let (code, _, err) = run(&["assess", f.to_str().unwrap()]);
    // na is still refused on a clause question, and the position is right despite CRLF and BOM
    assert_eq!(code, 2);
    assert!(err.contains("crlf.yaml:4:10:"), "{err}");
    std::fs::write(&f, "\u{feff}aimscore: 1\r\norganization: X\r\nanswers:\r\n  A.10.3-1: {answer: Na, justification: none}\r\n  4.3-1: {answer: \"4\", evidence: a}\r\n").unwrap();
    let r = json_report(&f, &[]);
    assert_eq!(requirement(&r, "4.3")["questions"][0]["score"], 0.8);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let (code, _, _) = run(&["assess"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["assess", "x.yaml", "--format", "pdf"]);
    assert_eq!(code, 2);
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("assess"));
    for sub in ["init", "assess", "catalog", "schema", "completions"] {
        let (code, out, _) = run(&[sub, "--help"]);
        assert_eq!(code, 0, "{sub} --help");
        assert!(out.contains("Usage"), "{sub}");
    }
}
