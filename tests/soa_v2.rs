//! Waivers, the risk register and the Statement of Applicability an auditor can trace: a
//! waiver holds a regression out of `check`'s baseline gate until it expires and never makes a
//! blocker met; the registers are validated with located errors in every input format; the
//! SoA justifies every inclusion, says "To be decided" and "Draft: not approved", gives one
//! exclusion reason and no evidence for an excluded control; hostile text stays inert.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aimscore::documents::soa::{Applicability, Soa};
use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use serde_json::Value;
use std::io::Read;
use std::path::Path;

const EXAMPLE: &str = "examples/logistics-document-ai.yaml";
const DRAFT_EXAMPLE: &str = "examples/healthcare-third-party-model.yaml";
/// The waived question of the example, answered `partial` there and `yes` in its baseline.
const WAIVED: &str = "A.6.2.8-3";

fn run_in(dir: Option<&Path>, args: &[&str]) -> (i32, String, String) {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.env("NO_COLOR", "1").env_remove("GITHUB_STEP_SUMMARY");
    if let Some(d) = dir {
        c.current_dir(d);
    }
    let out = c.args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn run(args: &[&str]) -> (i32, String, String) {
    run_in(None, args)
}

fn stdout_of(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn example_text() -> String {
    std::fs::read_to_string(EXAMPLE).unwrap()
}

/// Writes `text` as `name` in `dir`, returning its path as a string.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// The example as it stood before the regression: the waived question answered `yes` with
/// its evidence, and no waiver.
fn example_baseline() -> String {
    let text = example_text();
    let start = text.find(&format!("  {WAIVED}:\n")).unwrap();
    let end = start
        + text[start..].find("      expires: 2027-01-31\n").unwrap()
        + "      expires: 2027-01-31\n".len();
    let before = format!(
        "  {WAIVED}:\n    answer: yes\n    evidence: [logistics-document-ai/log-retention-runbook.md]\n"
    );
    format!("{}{before}{}", &text[..start], &text[end..])
}

/// The SoA model of an answers file, through the same steps as the command.
fn soa_of(path: &str) -> Soa {
    let catalog = aimscore::catalog::bundled().unwrap();
    let (answers, active) = aimscore::answers::load(Path::new(path), &catalog, &[]).unwrap();
    let a = aimscore::scoring::assess(&active, &answers, aimscore::scoring::Options::default());
    let r = aimscore::documents::build(&active, &answers, &a, None);
    aimscore::documents::soa::build(&active, &r)
}

fn control<'a>(soa: &'a Soa, id: &str) -> &'a aimscore::documents::soa::Control {
    soa.controls.iter().find(|c| c.id == id).unwrap()
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

fn zip_part(path: &Path, part: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

// ---------------------------------------------------------------------------------------------
// Waivers in `check`

#[test]
fn a_waiver_holds_a_regression_out_of_the_baseline_gate_until_it_expires() {
    let dir = tempfile::tempdir().unwrap();
    // Evidence references are not opened by `assess`: the baseline can live anywhere.
    let base = write(dir.path(), "baseline.yaml", &example_baseline());
    let base_json = dir.path().join("baseline.json");
    stdout_of(&[
        "assess",
        &base,
        "--format",
        "json",
        "-o",
        base_json.to_str().unwrap(),
    ]);
    let b = base_json.to_str().unwrap();

    // On the expiry date the waiver still holds: the gate passes, and says why.
    let (code, out, err) = run(&["check", EXAMPLE, "--baseline", b, "--as-of", "2027-01-31"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("Waivers as of 2027-01-31 (--as-of):"), "{out}");
    assert!(
        out.contains(&format!(
            "{WAIVED} waived until 2027-01-31 (approved by Priya Natarajan, CIO"
        )),
        "{out}"
    );
    assert!(out.contains("not counted by the baseline gate"), "{out}");
    assert!(out.contains("PASS  baseline"), "{out}");
    // The comparison people read still shows the change.
    assert!(
        out.contains(&format!("{WAIVED} regressed: yes → partial")),
        "{out}"
    );

    // The day after, the regression counts again and the output says the waiver expired.
    let (code, out, err) = run(&["check", EXAMPLE, "--baseline", b, "--as-of", "2027-02-01"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("FAIL  baseline"), "{out}");
    assert!(
        out.contains(&format!("{WAIVED}: the waiver expired on 2027-01-31")),
        "{out}"
    );
    assert!(out.contains("its regression counts"), "{out}");
    assert!(
        out.contains("A.6 fell"),
        "the section drop counts again: {out}"
    );

    // A baseline given as an answers file compares the same way.
    assert_eq!(
        run(&[
            "check",
            EXAMPLE,
            "--baseline",
            &base,
            "--as-of",
            "2027-01-31"
        ])
        .0,
        0
    );
    assert_eq!(
        run(&[
            "check",
            EXAMPLE,
            "--baseline",
            &base,
            "--as-of",
            "2027-02-01"
        ])
        .0,
        1
    );

    // JSON: the date used, where it came from, and each waiver's status.
    let v: Value = serde_json::from_str(
        &run(&[
            "check",
            EXAMPLE,
            "--baseline",
            b,
            "--as-of",
            "2027-02-01",
            "--format",
            "json",
        ])
        .1,
    )
    .unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["waivers"]["as_of"], "2027-02-01");
    assert_eq!(v["waivers"]["as_of_source"], "--as-of");
    let w = &v["waivers"]["waivers"][0];
    assert_eq!(w["question"], WAIVED);
    assert_eq!(w["status"], "expired");
    assert_eq!(w["applied"], false);
    assert!(w["regression"].as_str().unwrap().contains("yes → partial"));
}

const SMALL_BASE: &str = "aimscore: 1\norganization: Acme\ndate: 2026-11-01\nanswers:\n  4.3-1: {answer: yes, evidence: [scope.pdf]}\n  A.6.2.8-1: {answer: yes, evidence: [logging.md]}\n";

#[test]
fn without_as_of_the_system_date_is_used_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "base.yaml", SMALL_BASE);
    let new = write(
        dir.path(),
        "new.yaml",
        &SMALL_BASE.replace(
            "A.6.2.8-1: {answer: yes, evidence: [logging.md]}",
            "A.6.2.8-1: {answer: no, waiver: {reason: migration, approved_by: CISO, expires: 2999-12-31}}",
        ),
    );
    let (code, out, err) = run(&["check", &new, "--baseline", &base]);
    assert_eq!(code, 0, "{out}{err}");
    let line = out
        .lines()
        .find(|l| l.starts_with("Waivers as of "))
        .unwrap();
    assert!(line.ends_with("(the system date):"), "{line}");
    let date = &line["Waivers as of ".len().."Waivers as of ".len() + 10];
    assert!(aimscore::read::is_date(date), "{line}");
}

#[test]
fn as_of_in_the_configuration_file_is_used_and_a_flag_overrides_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base.yaml", SMALL_BASE);
    write(
        dir.path(),
        "new.yaml",
        &SMALL_BASE.replace(
            "A.6.2.8-1: {answer: yes, evidence: [logging.md]}",
            "A.6.2.8-1: {answer: no, waiver: {reason: migration, approved_by: CISO, expires: 2027-01-31}}",
        ),
    );
    write(
        dir.path(),
        "aimscore.toml",
        "[check]\nanswers = \"new.yaml\"\nbaseline = \"base.yaml\"\nas-of = \"2027-03-01\"\n",
    );
    let (code, out, err) = run_in(Some(dir.path()), &["check"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("Waivers as of 2027-03-01 (as-of in aimscore.toml):"),
        "{out}"
    );
    let (code, out, _) = run_in(Some(dir.path()), &["check", "--as-of", "2027-01-01"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Waivers as of 2027-01-01 (--as-of):"), "{out}");

    write(
        dir.path(),
        "aimscore.toml",
        "[check]\nas-of = \"next week\"\n",
    );
    let (code, _, err) = run_in(Some(dir.path()), &["check", "new.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("aimscore.toml:2:"), "{err}");
    assert!(err.contains("not a date"), "{err}");
    let (code, _, err) = run(&["check", EXAMPLE, "--as-of", "2027-02-30"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_waiver_on_a_blocker_never_makes_it_met() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "base.yaml", SMALL_BASE);
    let new = write(
        dir.path(),
        "new.yaml",
        &SMALL_BASE.replace(
            "4.3-1: {answer: yes, evidence: [scope.pdf]}",
            "4.3-1: {answer: partial, evidence: [scope.pdf], waiver: {reason: scope redraft, approved_by: CEO, expires: 2999-12-31}}",
        ),
    );
    let v: Value = serde_json::from_str(
        &run(&[
            "check",
            &new,
            "--baseline",
            &base,
            "--require-stage1",
            "--format",
            "json",
        ])
        .1,
    )
    .unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["stage1"]["ready"], false);
    let blockers: Vec<&str> = v["stage1"]["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b.as_str().unwrap())
        .collect();
    assert!(blockers.contains(&"4.3-1"), "{blockers:?}");
    let gate = |name: &str| {
        v["gates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["gate"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(gate("baseline")["passed"], true, "the regression is waived");
    assert_eq!(
        gate("require-stage1")["passed"],
        false,
        "the blocker is not met"
    );
    assert_eq!(
        run(&["check", &new, "--baseline", &base, "--require-stage1"]).0,
        1
    );

    // Thresholds read the real score too.
    let base_score = json(&["assess", &base, "--format", "json"])["overall"]["score"]
        .as_f64()
        .unwrap();
    let (code, out, _) = run(&[
        "check",
        &new,
        "--baseline",
        &base,
        "--fail-under",
        &format!("{base_score}"),
    ]);
    assert_eq!(code, 1, "--fail-under ignores the waiver: {out}");
}

#[test]
fn a_waiver_changes_no_score_and_every_report_lists_it_as_of_the_file_date() {
    let with = json(&["assess", EXAMPLE, "--format", "json"]);
    let dir = tempfile::tempdir().unwrap();
    // Same answer, no waiver.
    let text = example_text();
    let start = text.find("    waiver:\n").unwrap();
    let end = start
        + text[start..].find("      expires: 2027-01-31\n").unwrap()
        + "      expires: 2027-01-31\n".len();
    let plain = write(
        dir.path(),
        "plain.yaml",
        &format!("{}{}", &text[..start], &text[end..]),
    );
    let without = json(&["assess", &plain, "--format", "json"]);
    for k in [
        "overall",
        "management_system",
        "annex_a",
        "stage1",
        "stage2",
        "sections",
        "fixes",
    ] {
        assert_eq!(with[k], without[k], "{k}");
    }
    assert!(without.get("waivers").is_none());
    let w = &with["waivers"][0];
    assert_eq!(w["question"], WAIVED);
    assert_eq!(w["requirement"], "A.6.2.8");
    assert_eq!(w["expires"], "2027-01-31");
    assert_eq!(w["status"], "active", "the file's date is 2026-12-01");

    // Expired as of a later file date.
    let later = write(
        dir.path(),
        "later.yaml",
        &text.replace("date: 2026-12-01", "date: 2027-03-01"),
    );
    let _ = &later;
    let v = json(&["assess", &later, "--format", "json"]);
    assert_eq!(v["waivers"][0]["status"], "expired");

    for (format, needle) in [
        ("text", "A.6.2.8-3 active until 2027-01-31"),
        ("md", "| A.6.2.8-3 | active | 2027-01-31 |"),
        ("html", "<h2>Waivers</h2>"),
    ] {
        let out = stdout_of(&["assess", EXAMPLE, "--format", format]);
        assert!(out.contains(needle), "{format} lacks {needle:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// The registers: validation

#[test]
fn a_risk_naming_an_unknown_requirement_is_a_located_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.yaml",
        "aimscore: 1\norganization: Acme\nrisks:\n  - id: R-1\n    title: Logs lost\n    level: high\n    status: open\n    treatment: [A.62.8, A.6.2.8-1]\n",
    );
    let (code, _, err) = run(&["assess", &f]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!(
            "{f}:8:17: unknown requirement id `A.62.8` in a risk's `treatment`"
        )),
        "{err}"
    );
    assert!(err.contains("did you mean `A.6.2.8`?"), "{err}");
    assert!(
        err.contains("`A.6.2.8-1` is a question; name its requirement `A.6.2.8`"),
        "{err}"
    );
}

#[test]
fn every_register_problem_is_located_and_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.yaml",
        "aimscore: 1
organization: Acme
risks:
  - {id: R-1, title: A, level: high, status: open}
  - {id: R-1, title: B, level: severe, status: open}
  - {id: R-2, title: C, level: low, status: accepted}
  - {id: R-3, title: D, level: low, status: closed}
soa:
  A.6.2.10: {reasons: [risk]}
  A.6.2.8: {reasons: [legal, regulatory]}
  '6.1.3': {reasons: [risk]}
soa_meta: {version: '1', approved_by: CISO}
answers:
  A.6.2.8-1:
    answer: no
    waiver: {reason: migration, approved_by: CISO, expires: soon}
  A.6.2.8-2:
    answer: no
    waiver: {reason: migration}
",
    );
    let (code, _, err) = run(&["assess", &f]);
    assert_eq!(code, 2, "{err}");
    for needle in [
        ":5:10: risk id `R-1` is used twice (first at line 4, column 10)",
        ":5:32: `level` is `severe`",
        "allowed: low, medium, high, critical",
        ":6:5: risk `R-2` is `accepted` without `accepted_by`",
        ":6:5: risk `R-2` is `accepted` without `accepted_on`",
        ":7:45: `status` is `closed`",
        ":9:3: unknown Annex A control `A.6.2.10` in `soa`",
        ":10:30: `regulatory` is not an SoA reason",
        "allowed: risk, legal, contractual, business, best-practice",
        ":11:3: unknown Annex A control `6.1.3` in `soa`",
        "`6.1.3` is a clause",
        ":12:11: `soa_meta` has no `approved_on`",
        ":16:61: `expires` is `soon`, not a date",
        ":19:13: `waiver` has no `approved_by`",
        ":19:13: `waiver` has no `expires`",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in:\n{err}");
    }
}

#[test]
fn the_registers_read_the_same_from_toml_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let toml = write(
        dir.path(),
        "a.toml",
        r#"aimscore = 1
organization = "Acme"
date = 2026-12-01

[[risks]]
id = "R-1"
title = "Logs lost"
level = "high"
status = "accepted"
accepted_by = "CISO"
accepted_on = 2026-11-30
treatment = ["A.6.2.8", 8.3]

[soa."A.6.2.8"]
reasons = ["risk", "contractual"]
note = "Customer contracts"

[soa_meta]
version = "2.0"
approved_by = "CISO"
approved_on = 2026-11-30

[answers."A.6.2.8-1"]
answer = "partial"
waiver = { reason = "migration", approved_by = "CISO", expires = 2027-01-31 }
"#,
    );
    let json_file = write(
        dir.path(),
        "a.json",
        r#"{"aimscore": 1, "organization": "Acme", "date": "2026-12-01",
 "risks": [{"id": "R-1", "title": "Logs lost", "level": "high", "status": "accepted",
            "accepted_by": "CISO", "accepted_on": "2026-11-30", "treatment": ["A.6.2.8", "8.3"]}],
 "soa": {"A.6.2.8": {"reasons": ["risk", "contractual"], "note": "Customer contracts"}},
 "soa_meta": {"version": "2.0", "approved_by": "CISO", "approved_on": "2026-11-30"},
 "answers": {"A.6.2.8-1": {"answer": "partial",
   "waiver": {"reason": "migration", "approved_by": "CISO", "expires": "2027-01-31"}}}}"#,
    );
    let a = json(&["assess", &toml, "--format", "json"]);
    let b = json(&["assess", &json_file, "--format", "json"]);
    for k in ["risks", "waivers", "soa_reasons", "soa_meta"] {
        assert_eq!(a[k], b[k], "{k}");
        assert!(!a[k].is_null(), "{k}");
    }
    assert_eq!(a["risks"][0]["treatment"][1]["requirement"], "8.3");
    assert_eq!(a["risks"][0]["accepted_by"], "CISO");
    assert_eq!(a["soa_meta"]["version"], "2.0");
}

#[test]
fn the_report_lists_risks_highest_level_first_with_their_treating_controls_scores() {
    let v = json(&["assess", EXAMPLE, "--format", "json"]);
    let levels: Vec<&str> = v["risks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert_eq!(
        levels,
        [
            "critical", "high", "high", "high", "medium", "medium", "low"
        ]
    );
    let r02 = v["risks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "R-02")
        .unwrap();
    let t = r02["treatment"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["requirement"] == "A.6.2.8")
        .unwrap();
    let score = v["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A.6.2.8")
        .unwrap()["score"]
        .clone();
    assert_eq!(t["score"], score);
    assert_eq!(t["status"], "partial");
    let md = stdout_of(&["assess", EXAMPLE, "--format", "md"]);
    let critical = md
        .find("| R-01: A wrongly extracted customs value")
        .unwrap();
    let low = md.find("| R-07: An AI incident").unwrap();
    assert!(critical < low);
}

// ---------------------------------------------------------------------------------------------
// The SoA

#[test]
fn the_example_soa_justifies_every_included_control() {
    let soa = soa_of(EXAMPLE);
    let mut included = 0;
    for c in &soa.controls {
        if c.applicability == Applicability::Included {
            included += 1;
            assert!(
                !c.inclusion_justification().is_empty(),
                "{} is included without a justification",
                c.id
            );
        }
    }
    assert_eq!(included, 35);
    assert_eq!(soa.summary.unjustified, 0);
    // A risk that names the control is cited with its level.
    assert!(
        control(&soa, "A.6.2.8").inclusion_justification()[0]
            .starts_with("Risk R-02 (high): Instructions hidden")
    );
    // Reasons and the note of `soa:`.
    assert_eq!(
        control(&soa, "A.2.2").inclusion_justification(),
        [
            "legal or regulatory requirement",
            "business requirement",
            "The group governance charter requires an AI policy."
        ]
    );
    assert!(
        soa.approval()
            .starts_with("Version 1.1, approved by Priya Natarajan, CIO on 2026-11-28")
    );
    let md = stdout_of(&["soa", EXAMPLE]);
    assert!(
        md.contains("**Version 1.1, approved by Priya Natarajan, CIO on 2026-11-28**"),
        "{md}"
    );
    assert!(!md.contains("Draft: not approved"));
}

#[test]
fn without_soa_meta_every_format_says_draft_not_approved() {
    let soa = soa_of(DRAFT_EXAMPLE);
    assert_eq!(soa.approval(), "Draft: not approved");
    let md = stdout_of(&["soa", DRAFT_EXAMPLE]);
    assert!(md.contains("**Draft: not approved**"));
    let csv = stdout_of(&["soa", DRAFT_EXAMPLE, "--format", "csv"]);
    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 38);
    assert!(
        rows.iter()
            .all(|r| &r[r.len() - 1] == "Draft: not approved")
    );
    assert!(csv.lines().next().unwrap().ends_with(",Document control"));
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("soa.xlsx");
    stdout_of(&[
        "soa",
        DRAFT_EXAMPLE,
        "--format",
        "xlsx",
        "-o",
        x.to_str().unwrap(),
    ]);
    let about = sheet(&x, "About");
    assert!(
        about
            .iter()
            .any(|r| r[0] == "Document control" && r[1] == "Draft: not approved")
    );
    let xml = zip_part(&x, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("&amp;CDraft: not approved&amp;R"),
        "the printed header says it"
    );
}

#[test]
fn an_unanswered_control_is_to_be_decided_and_coloured_apart() {
    let soa = soa_of(EXAMPLE);
    let c = control(&soa, "A.10.4");
    assert_eq!(c.applicability, Applicability::ToBeDecided);
    assert_eq!(c.applicability.as_str(), "To be decided");
    assert_eq!(soa.summary.to_be_decided, 1);
    assert_eq!(
        c.inclusion_justification(),
        [
            "Pending: Decided at the January 2027 management review, when the first customer contract with AI terms is signed."
        ]
    );
    let md = stdout_of(&["soa", EXAMPLE]);
    assert!(md.contains(
        "| A.10.4 | Customers | A.10 Third-party and customer relationships | To be decided |"
    ));
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("soa.xlsx");
    stdout_of(&[
        "soa",
        EXAMPLE,
        "--format",
        "xlsx",
        "-o",
        x.to_str().unwrap(),
    ]);
    let styles = zip_part(&x, "xl/styles.xml");
    assert!(
        styles.contains("FFF8CBAD"),
        "the To be decided fill is in the workbook"
    );
}

#[test]
fn an_excluded_control_shows_one_reason_and_no_evidence() {
    let soa = soa_of(EXAMPLE);
    // Four questions, one shared justification: given once.
    let c = control(&soa, "A.7.2");
    assert_eq!(c.applicability, Applicability::Excluded);
    assert_eq!(
        c.exclusion_reason(),
        [
            "Brightwater does not train, fine-tune or otherwise develop AI models; it uses a hosted model through its API."
        ]
    );
    assert!(c.inclusion_justification().is_empty());
    // Three different justifications, but the control's `soa.note` is its one reason.
    assert_eq!(
        control(&soa, "A.7.6").exclusion_reason(),
        [
            "Brightwater prepares no data for model development; it uses the hosted model as supplied."
        ]
    );

    // Evidence left in the answers of an excluded control is not shown.
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.yaml",
        "aimscore: 1\norganization: Acme\nanswers:\n  A.7.2-1: {answer: na, justification: No training, evidence: [old/dataset-card.pdf]}\n  A.7.2-2: {answer: na, justification: No training}\n  A.7.2-3: {answer: na, justification: No training}\n  A.7.2-4: {answer: na, justification: No training}\n",
    );
    let soa = soa_of(&f);
    let c = control(&soa, "A.7.2");
    assert_eq!(c.applicability, Applicability::Excluded);
    assert!(c.evidence.is_empty(), "{:?}", c.evidence);
    assert_eq!(c.exclusion_reason(), ["No training"]);
    let csv = stdout_of(&["soa", &f, "--format", "csv"]);
    assert!(!csv.contains("dataset-card"), "{csv}");

    // A risk that names an excluded control contradicts the exclusion: the summary says so.
    let text = std::fs::read_to_string(&f).unwrap().replace(
        "answers:\n",
        "risks:\n  - {id: R-9, title: Poisoned data, level: high, status: open, treatment: [A.7.2]}\nanswers:\n",
    );
    let g = write(dir.path(), "b.yaml", &text);
    let md = stdout_of(&["soa", &g]);
    assert!(
        md.contains("Excluded although a risk's treatment names them: A.7.2 (R-9)."),
        "{md}"
    );
}

#[test]
fn the_example_workbook_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xlsx");
    let b = dir.path().join("b.xlsx");
    stdout_of(&[
        "soa",
        EXAMPLE,
        "--format",
        "xlsx",
        "-o",
        a.to_str().unwrap(),
    ]);
    stdout_of(&[
        "soa",
        EXAMPLE,
        "--format",
        "xlsx",
        "-o",
        b.to_str().unwrap(),
    ]);
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let rows = sheet(&a, "Statement of Applicability");
    assert_eq!(rows[0][4], "Justification for inclusion");
    let a68 = rows.iter().find(|r| r[0] == "A.6.2.8").unwrap();
    assert!(a68[4].starts_with("Risk R-02 (high)"), "{a68:?}");
}

// ---------------------------------------------------------------------------------------------
// Hostile text

const SCRIPT: &str = "<script>alert(1)</script>";
const FORMULA: &str = "=HYPERLINK(\"http://x\")";
const ESCAPE: &str = "\u{1b}]0;owned\u{7}\u{1b}[31mred";

fn hostile(dir: &Path) -> String {
    let q = |s: &str| serde_json::to_string(s).unwrap();
    write(
        dir,
        "hostile.yaml",
        &format!(
            "aimscore: 1\norganization: Acme\ndate: 2026-12-01\nrisks:\n  - {{id: {s}, title: {e}, owner: {f}, level: high, status: open, treatment: [A.6.2.8]}}\nsoa:\n  A.2.2: {{note: {f}}}\n  A.2.3: {{note: {s}}}\nsoa_meta: {{version: {s}, approved_by: {f}, approved_on: 2026-11-30}}\nanswers:\n  A.6.2.8-1:\n    answer: no\n    waiver: {{reason: {e}, approved_by: {s}, expires: 2027-01-31}}\n  A.2.2-1: {{answer: yes, evidence: [a.md]}}\n  A.2.3-1: {{answer: yes, evidence: [a.md]}}\n",
            s = q(SCRIPT),
            e = q(ESCAPE),
            f = q(FORMULA),
        ),
    )
}

#[test]
fn hostile_register_text_is_inert_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let f = hostile(dir.path());
    let html = stdout_of(&["assess", &f, "--format", "html"]);
    assert!(!html.contains(SCRIPT), "html");
    assert!(
        html.contains("&lt;script&gt;alert(1)"),
        "escaped, not dropped"
    );
    let md = stdout_of(&["assess", &f, "--format", "md"]);
    assert!(!md.contains("<script"), "md report");
    let soa_md = stdout_of(&["soa", &f]);
    assert!(!soa_md.contains("<script"), "{soa_md}");
    for text in [
        stdout_of(&["assess", &f]),
        run(&["check", &f, "--baseline", &f]).1,
    ] {
        assert!(
            !text.contains('\u{1b}'),
            "an escape reached the terminal: {text:?}"
        );
        assert!(!text.contains('\u{7}'));
        assert!(text.contains("]0;owned"), "the text itself is kept");
    }
    let csv = stdout_of(&["soa", &f, "--format", "csv"]);
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula-like cell {cell:?}"
            );
        }
    }
    let a22 = rows.iter().find(|r| r[0] == "A.2.2").unwrap();
    assert_eq!(a22[4], format!("'{FORMULA}"));
    let x = dir.path().join("soa.xlsx");
    stdout_of(&["soa", &f, "--format", "xlsx", "-o", x.to_str().unwrap()]);
    let about = sheet(&x, "About");
    let approval = about.iter().find(|r| r[0] == "Document control").unwrap();
    assert!(approval[1].contains(SCRIPT), "kept as text in a cell");
}

// ---------------------------------------------------------------------------------------------
// The editor (`aimscore ask`, `import --into`) keeps the registers

#[test]
fn the_editor_keeps_the_registers_and_never_drops_a_waiver() {
    use aimscore::answers::edit::set_answer;
    use aimscore::answers::{Answer, AnswerValue};
    let catalog = aimscore::catalog::bundled().unwrap();
    let text = example_text();
    let answer = |value| Answer {
        value,
        evidence: vec!["logistics-document-ai/ai-policy.md".into()],
        note: None,
        owner: None,
        due: None,
        justification: None,
        pos: Default::default(),
    };
    // Another answer: saved, and the register is what it was.
    let e = set_answer(
        EXAMPLE,
        &text,
        aimscore::read::Format::Yaml,
        &catalog,
        "A.10.4-1",
        &answer(AnswerValue::Partial),
    )
    .unwrap();
    let (before, _) =
        aimscore::answers::parse_text(EXAMPLE, &text, aimscore::read::Format::Yaml, &catalog, &[])
            .unwrap();
    assert_eq!(e.answers.meta.register, before.meta.register);
    assert_eq!(e.answers.meta.register.risks.len(), 7);
    assert!(e.answers.meta.register.waivers.contains_key(WAIVED));
    // The waived answer: its entry is rewritten with the waiver written back, in YAML, TOML
    // and JSON alike.
    let e = set_answer(
        EXAMPLE,
        &text,
        aimscore::read::Format::Yaml,
        &catalog,
        WAIVED,
        &answer(AnswerValue::Yes),
    )
    .unwrap();
    assert_eq!(e.answers.meta.register, before.meta.register);
    assert_eq!(e.answers.answers[WAIVED].value, AnswerValue::Yes);
    for (format, text) in [
        (
            aimscore::read::Format::Toml,
            "aimscore = 1\norganization = \"A\"\n\n[answers.\"A.6.2.8-3\"]\nanswer = \"partial\"\nwaiver = { reason = \"m\", approved_by = \"C\", expires = 2027-01-31 }\n",
        ),
        (
            aimscore::read::Format::Json,
            "{\"aimscore\": 1, \"organization\": \"A\", \"answers\": {\"A.6.2.8-3\": {\"answer\": \"partial\", \"waiver\": {\"reason\": \"m\", \"approved_by\": \"C\", \"expires\": \"2027-01-31\"}}}}",
        ),
    ] {
        let (before, _) = aimscore::answers::parse_text("a", text, format, &catalog, &[]).unwrap();
        let e = set_answer(
            "a",
            text,
            format,
            &catalog,
            WAIVED,
            &answer(AnswerValue::Yes),
        )
        .unwrap_or_else(|err| panic!("{format:?}: {err}\n{text}"));
        assert_eq!(e.answers.meta.register, before.meta.register, "{}", e.text);
        assert_eq!(e.answers.answers[WAIVED].value, AnswerValue::Yes);
    }
}

#[test]
fn the_step_summary_lists_the_waivers_and_the_date_used() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(dir.path(), "base.yaml", SMALL_BASE);
    let new = write(
        dir.path(),
        "new.yaml",
        &SMALL_BASE.replace(
            "A.6.2.8-1: {answer: yes, evidence: [logging.md]}",
            "A.6.2.8-1: {answer: no, waiver: {reason: \"`pipe` | migration\", approved_by: CISO, expires: 2027-01-31}}",
        ),
    );
    let summary = dir.path().join("summary.md");
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .env("NO_COLOR", "1")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["check", &new, "--baseline", &base, "--as-of", "2027-01-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.contains("### Waivers as of 2027-01-01 (--as-of)"),
        "{md}"
    );
    assert!(md.contains("- A.6.2.8-1 waived until 2027-01-31"), "{md}");
    assert!(
        md.contains("\\`pipe\\` \\| migration"),
        "user text is escaped: {md}"
    );
}

#[test]
fn the_editor_keeps_the_registers_of_toml_and_json_files() {
    use aimscore::answers::edit::set_answer;
    use aimscore::answers::{Answer, AnswerValue};
    use aimscore::read::Format;
    let catalog = aimscore::catalog::bundled().unwrap();
    let toml = "aimscore = 1\norganization = \"Acme\"\n\n[[risks]]\nid = \"R-1\"\ntitle = \"Logs lost\"\nlevel = \"high\"\nstatus = \"open\"\ntreatment = [\"A.6.2.8\"]\n\n[soa_meta]\nversion = \"1\"\napproved_by = \"CISO\"\napproved_on = 2026-11-30\n\n[answers.\"4.3-1\"]\nanswer = \"no\"\n";
    let json = r#"{"aimscore": 1, "organization": "Acme",
 "risks": [{"id": "R-1", "title": "Logs lost", "level": "high", "status": "open", "treatment": ["A.6.2.8"]}],
 "soa_meta": {"version": "1", "approved_by": "CISO", "approved_on": "2026-11-30"},
 "answers": {"4.3-1": {"answer": "no"}}}"#;
    let a = Answer {
        value: AnswerValue::Partial,
        evidence: vec![],
        note: None,
        owner: None,
        due: None,
        justification: None,
        pos: Default::default(),
    };
    for (name, text, format) in [
        ("a.toml", toml, Format::Toml),
        ("a.json", json, Format::Json),
    ] {
        let e = set_answer(name, text, format, &catalog, "A.6.2.8-1", &a)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(e.answers.meta.register.risks.len(), 1, "{name}");
        assert!(e.answers.meta.register.soa_meta.is_some(), "{name}");
        assert_eq!(e.answers.answers["A.6.2.8-1"].value, AnswerValue::Partial);
    }
}

#[test]
fn a_waiver_on_a_question_that_did_not_regress_changes_no_gate() {
    let dir = tempfile::tempdir().unwrap();
    let base = write(
        dir.path(),
        "base.yaml",
        &SMALL_BASE.replace(
            "A.6.2.8-1: {answer: yes, evidence: [logging.md]}",
            "A.6.2.8-1: {answer: partial}",
        ),
    );
    // 4.3-1 regressed; A.6.2.8-1 improved, and carries a waiver (from an earlier regression).
    let plain = SMALL_BASE.replace(
        "4.3-1: {answer: yes, evidence: [scope.pdf]}",
        "4.3-1: {answer: partial, evidence: [scope.pdf]}",
    );
    let waived = plain.replace(
        "A.6.2.8-1: {answer: yes, evidence: [logging.md]}",
        "A.6.2.8-1: {answer: yes, evidence: [logging.md], waiver: {reason: r, approved_by: b, expires: 2999-12-31}}",
    );
    let gates = |text: &str, name: &str| {
        let f = write(dir.path(), name, text);
        let (code, out, err) = run(&["check", &f, "--baseline", &base, "--format", "json"]);
        assert_eq!(code, 1, "{out}{err}");
        serde_json::from_str::<Value>(&out).unwrap()["gates"].clone()
    };
    assert_eq!(gates(&plain, "plain.yaml"), gates(&waived, "waived.yaml"));
}

#[test]
fn evidence_lock_writes_a_waived_entry_with_its_waiver_kept() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ev.md"), "runbook\n").unwrap();
    let text = "aimscore: 1\norganization: A\ndate: 2026-12-01\nanswers:\n  A.6.2.8-3:\n    answer: partial\n    evidence: [ev.md]\n    waiver:\n      reason: Migration\n      approved_by: CIO\n      expires: 2027-01-31\n";
    let f = write(dir.path(), "a.yaml", text);
    let (code, out, err) = run(&["evidence", "lock", &f]);
    assert_eq!(code, 0, "{out}{err}");
    let after = std::fs::read_to_string(&f).unwrap();
    assert!(after.contains("sha256:"), "{after}");
    assert!(
        after.contains("    waiver:\n      reason: Migration\n      approved_by: CIO\n      expires: 2027-01-31\n"),
        "the waiver is kept as written: {after}"
    );
    let (code, out, _) = run(&["evidence", "verify", &f]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 ok"), "{out}");
}
