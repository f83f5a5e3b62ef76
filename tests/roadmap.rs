//! The roadmap: the whole fix-list as three phases with effort days (once per requirement per
//! phase, the policy's `[effort]`), owners, due ranges, undated and overdue fixes; the
//! `--view roadmap` csv, json and text; hostile text inert; the fix-list grouped by section in
//! the full html and md reports; the same bytes on every run.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use serde_json::Value;

const HEALTHCARE: &str = "examples/healthcare-third-party-model.yaml";

fn aimscore() -> Command {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn run(args: &[&str]) -> String {
    let o = aimscore().args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn roadmap(args: &[&str]) -> Value {
    let mut all = vec!["assess"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let v: Value = serde_json::from_str(&run(&all)).unwrap();
    v["roadmap"].clone()
}

fn ids(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

/// Worked by hand from the healthcare example's answers and the catalog's effort sizes: Stage 1
/// is ready, so phase 1 is empty. Phase 2 holds 11 fixes on 8 requirements: A.4.2, 9.2.1,
/// A.6.2.8 (two questions, counted once), A.8.4 and A.9.2 are M (5 days each: 25), 9.2.2, 9.3.2
/// (two questions, once) and 9.3.3 are S (2 each: 6), 31 days. Five of its fixes have no owner
/// (A.8.4-4, 9.3.2-3, 9.2.1-3, 9.3.2-2, 9.3.3-3), six no due date (those and A.6.2.8-5).
#[test]
fn the_healthcare_roadmap_has_the_phases_and_effort_worked_by_hand() {
    let r = roadmap(&[HEALTHCARE]);
    assert_eq!(r["as_of"], "2026-11-03");
    assert_eq!(r["effort_days_per_size"]["M"], 5);
    let phases = r["phases"].as_array().unwrap();
    assert_eq!(phases.len(), 3);
    assert_eq!(phases[0]["title"], "Stage 1 blockers");
    assert!(ids(&phases[0]["fixes"]).is_empty());
    assert_eq!(phases[0]["effort_days"], 0);
    assert_eq!(phases[0]["earliest_due"], Value::Null);
    let p2 = &phases[1];
    assert_eq!(
        p2["title"],
        "Stage 2 critical and internal audit / management review"
    );
    assert_eq!(
        ids(&p2["fixes"]),
        [
            "A.4.2-3",
            "9.2.1-2",
            "A.6.2.8-3",
            "A.6.2.8-5",
            "A.8.4-4",
            "A.9.2-5",
            "9.2.2-4",
            "9.3.2-3",
            "9.2.1-3",
            "9.3.2-2",
            "9.3.3-3"
        ]
    );
    assert_eq!(
        ids(&p2["requirements"]),
        [
            "A.4.2", "9.2.1", "A.6.2.8", "A.8.4", "A.9.2", "9.2.2", "9.3.2", "9.3.3"
        ]
    );
    assert_eq!(p2["effort_days"], 31);
    assert_eq!(
        ids(&p2["owners"]),
        [
            "AI Governance Manager",
            "CISO",
            "Director of Clinical Informatics",
            "Director of Internal Audit"
        ]
    );
    assert_eq!(p2["unowned"], 5);
    assert_eq!(p2["earliest_due"], "2027-01-31");
    assert_eq!(p2["latest_due"], "2027-02-28");
    assert_eq!(
        ids(&p2["undated"]),
        [
            "A.6.2.8-5",
            "A.8.4-4",
            "9.3.2-3",
            "9.2.1-3",
            "9.3.2-2",
            "9.3.3-3"
        ]
    );
    assert!(ids(&p2["overdue"]).is_empty());
    // Phase 3 is everything else: the three phases hold the whole fix-list.
    let total: usize = phases
        .iter()
        .map(|p| p["fixes"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 107);
    assert_eq!(phases[2]["fixes"].as_array().unwrap().len(), 96);
    let sum: u64 = phases
        .iter()
        .map(|p| p["effort_days"].as_u64().unwrap())
        .sum();
    assert_eq!(r["effort_days"].as_u64().unwrap(), sum);
    // The items' days sum to the phase's: each requirement once, on its first fix.
    for p in phases {
        let items: u64 = p["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["effort_days"].as_u64().unwrap())
            .sum();
        assert_eq!(items, p["effort_days"].as_u64().unwrap());
    }
}

/// 9.2.2 has a blocker question (9.2.2-1, a planned programme) and others (a completed audit):
/// in the startup example both fall short, so 9.2.2 is work in phase 1 and again in phase 2,
/// and its S (2 days) counts in each.
#[test]
fn a_requirement_with_fixes_in_two_phases_counts_in_each() {
    let r = roadmap(&["examples/startup-llm-feature.yaml"]);
    for phase in [0, 1] {
        let p = &r["phases"][phase];
        assert!(
            ids(&p["requirements"]).contains(&"9.2.2"),
            "phase {}",
            phase + 1
        );
        let first = p["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["requirement"] == "9.2.2")
            .unwrap();
        assert_eq!(first["effort"], "S");
        assert_eq!(first["effort_days"], 2);
    }
}

#[test]
fn the_roadmap_holds_every_fix_whatever_top() {
    let o = run(&["assess", HEALTHCARE, "--format", "json", "--top", "3"]);
    let v: Value = serde_json::from_str(&o).unwrap();
    assert_eq!(v["fixes"].as_array().unwrap().len(), 3);
    let n: usize = v["roadmap"]["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["fixes"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, v["fixes_total"].as_u64().unwrap() as usize);
}

/// S = 3, M = 6, L = 20 makes phase 2 of the healthcare example 5 × 6 + 3 × 3 = 39 days; a
/// blocker added by the policy moves its fix (9.3.3-3, S) to phase 1.
#[test]
fn a_policy_changes_the_effort_days_and_the_phases_follow_its_flags() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        "name = \"Days\"\n[effort]\nS = 3\nM = 6\nL = 20\n[blockers]\nadd = [\"9.3.3-3\"]\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let o = run(&["assess", HEALTHCARE, "--policy", p, "--format", "json"]);
    let v: Value = serde_json::from_str(&o).unwrap();
    let r = &v["roadmap"];
    assert_eq!(r["effort_days_per_size"]["L"], 20);
    assert_eq!(ids(&r["phases"][0]["fixes"]), ["9.3.3-3"]);
    assert_eq!(r["phases"][0]["effort_days"], 3);
    assert_eq!(r["phases"][1]["effort_days"], 5 * 6 + 2 * 3);
    let changes = ids(&v["policy"]["changes"]);
    for want in [
        "effort S 3 person-days (default 2)",
        "effort M 6 person-days (default 5)",
        "effort L 20 person-days (default 15)",
    ] {
        assert!(changes.contains(&want), "{changes:?}");
    }
    // The people's formats say the days used.
    let md = run(&["assess", HEALTHCARE, "--policy", p, "--format", "md"]);
    assert!(md.contains("S = 3, M = 6, L = 20 person-days"), "{md}");
}

#[test]
fn an_effort_policy_error_is_located_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        "name = \"Bad\"\n[effort]\nS = 2\nM = \"five\"\nL = 400\n",
    )
    .unwrap();
    let o = aimscore()
        .args(["assess", HEALTHCARE, "--policy", policy.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("p.toml:4:5: effort `M` is"), "{err}");
    assert!(err.contains("p.toml:5:5: effort `L` is `400`"), "{err}");
    assert!(
        err.contains("a whole number of person-days from 1 to 250"),
        "{err}"
    );
}

#[test]
fn the_csv_view_has_a_header_and_a_row_per_fix() {
    let csv = run(&["assess", HEALTHCARE, "--view", "roadmap", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "phase,phase_title,rank,priority,question,requirement,title,effort,effort_days,owner,due,overdue"
    );
    assert_eq!(lines.len(), 1 + 107);
    assert_eq!(
        lines[1],
        "2,Stage 2 critical and internal audit / management review,1,P2,A.4.2-3,A.4.2,Resource documentation,M,5,AI Governance Manager,2027-01-31,"
    );
    // A requirement's second fix in the phase adds no days.
    assert!(csv.contains(
        "\n2,Stage 2 critical and internal audit / management review,4,P2,A.6.2.8-5,A.6.2.8,AI system recording of event logs,M,0,Director of Clinical Informatics,,\n"
    ));
    insta::assert_snapshot!("healthcare_roadmap_csv", csv);
}

#[test]
fn the_roadmap_view_as_json_is_the_roadmap_with_what_names_it() {
    let o = run(&[
        "assess", HEALTHCARE, "--view", "roadmap", "--format", "json",
    ]);
    let v: Value = serde_json::from_str(&o).unwrap();
    assert_eq!(v["organization"], "Northvale Health Partners");
    assert_eq!(v["policy"]["sha256"], "default");
    assert_eq!(v["roadmap"], roadmap(&[HEALTHCARE]));
}

#[test]
fn the_roadmap_view_refuses_the_formats_it_is_not_written_in() {
    for format in ["html", "md", "junit"] {
        let o = aimscore()
            .args([
                "assess", HEALTHCARE, "--view", "roadmap", "--format", format,
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{format}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("--format csv|json|text"), "{err}");
        assert!(o.stdout.is_empty());
    }
    let o = aimscore()
        .args([
            "assess",
            HEALTHCARE,
            "examples/startup-llm-feature.yaml",
            "--view",
            "roadmap",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

const HOSTILE: &str = "aimscore: 1
organization: \"Evil <script>alert(1)</script>\"
date: 2026-11-20
answers:
  4.3-1:
    answer: no
    owner: \"<script>alert('o')</script>\"
    due: 2026-11-01
  5.2-1:
    answer: partial
    owner: \"=cmd|' /C calc'!A0\"
    due: 2027-02-01
  5.3-4:
    answer: no
    owner: \"\\e]0;pwned\\a\\e[2J esc\"
    due: 2027-02-01
";

fn hostile(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("h.yaml");
    std::fs::write(&f, HOSTILE).unwrap();
    let mut all = vec!["assess", f.to_str().unwrap()];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn hostile_owners_are_inert_in_the_timeline_html_csv_and_text() {
    let html = hostile(&["--format", "html"]);
    assert!(!html.contains("<script"), "raw script in the html");
    assert!(html.contains("&lt;script&gt;alert("));
    let start = html.find("<svg class=\"chart roadmap-chart\"").unwrap();
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    assert!(!svg.contains("<script") && !svg.contains('\x1b') && !svg.contains("pwned"));
    let summary = hostile(&["--format", "html", "--view", "summary"]);
    assert!(!summary.contains("<script"));
    assert_eq!(
        summary.matches("roadmap-chart").count(),
        1 + 1,
        "one figure (and its CSS)"
    );

    let csv = hostile(&["--view", "roadmap", "--format", "csv"]);
    assert!(csv.contains(",'=cmd|' /C calc'!A0,"), "{csv}");
    assert!(!csv.contains('\x1b') && !csv.contains('\x07'), "{csv:?}");
    assert!(csv.contains(",]0;pwned[2J esc,"), "{csv:?}");
    let text = hostile(&["--view", "roadmap"]);
    assert!(!text.contains('\x1b'), "{text:?}");
    let report = hostile(&[]);
    assert!(!report.contains('\x1b'));
}

#[test]
fn a_fix_due_before_the_assessment_date_is_flagged_overdue_everywhere() {
    let json: Value = serde_json::from_str(&hostile(&["--format", "json"])).unwrap();
    let p1 = &json["roadmap"]["phases"][0];
    assert_eq!(ids(&p1["overdue"]), ["4.3-1"]);
    assert_eq!(p1["earliest_due"], "2026-11-01");
    assert_eq!(p1["latest_due"], "2027-02-01");
    let csv = hostile(&["--view", "roadmap", "--format", "csv"]);
    assert!(
        csv.lines()
            .any(|l| l.contains(",4.3-1,") && l.ends_with(",2026-11-01,yes"))
    );
    assert!(hostile(&["--view", "roadmap"]).contains("OVERDUE (1): 4.3-1"));
    assert!(hostile(&["--format", "md"]).contains("**1 overdue:** 4.3-1"));
    let html = hostile(&["--format", "html"]);
    assert!(html.contains("1 overdue:</strong>"));
    assert!(html.contains("2026-11-01: 1 fix, overdue"));
}

#[test]
fn a_roadmap_without_due_dates_still_draws_its_lanes() {
    let html = run(&[
        "assess",
        "examples/snapshot-first-look.yaml",
        "--format",
        "html",
    ]);
    assert_eq!(html.matches("no fix has a due date").count(), 3);
    assert!(!html.contains("NaN"));
}

#[test]
fn the_full_fix_list_is_grouped_by_section_with_global_ranks() {
    let md = run(&["assess", HEALTHCARE, "--format", "md"]);
    let fixes = &md[md.find("## Fix-list").unwrap()..md.find("## Roadmap").unwrap()];
    let groups: Vec<&str> = fixes
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(groups.first(), Some(&"4"));
    let order = [
        "4", "5", "6", "7", "8", "9", "10", "A.2", "A.3", "A.4", "A.5", "A.6", "A.7", "A.8", "A.9",
        "A.10",
    ];
    let pos: Vec<usize> = groups
        .iter()
        .map(|g| order.iter().position(|o| o == g).unwrap())
        .collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{groups:?}");
    // Rank 1 (A.4.2-3) stands under A.4, after the clause groups; clause 4 opens with rank 29.
    let a4 = fixes.find("### A.4 ").unwrap();
    assert!(fixes.find("- **1. [P2] A.4.2").unwrap() > a4);
    assert!(fixes.contains("### 4 Context of the organization\n\n#### 4.4 "));
    assert!(fixes.contains("- **29. [P2] 4.4"));
    let html = run(&["assess", HEALTHCARE, "--format", "html"]);
    assert!(html.contains(r#"<h3 class="fix-group" id="fixes-A.4">A.4 "#));
    // With --top the groups hold only the fixes shown.
    let top = run(&["assess", HEALTHCARE, "--format", "md", "--top", "2"]);
    let top = &top[top.find("## Fix-list").unwrap()..top.find("## Roadmap").unwrap()];
    let shown = top
        .lines()
        .filter(|l| l.starts_with("- **") && l.contains(". [P"))
        .count();
    assert_eq!(shown, 2);
}

#[test]
fn the_text_roadmap_of_every_example_fits_80_columns() {
    for f in [
        "examples/healthcare-third-party-model.yaml",
        "examples/startup-llm-feature.yaml",
        "examples/enterprise-agents-mcp.yaml",
        "examples/minimal.toml",
        "examples/minimal.json",
        "examples/snapshot-first-look.yaml",
    ] {
        let text = run(&["assess", f, "--view", "roadmap"]);
        for l in text.lines() {
            assert!(l.chars().count() <= 80, "{f}: {l:?}");
        }
        let name = f.trim_start_matches("examples/").replace(['.', '-'], "_");
        insta::assert_snapshot!(format!("text_roadmap_{name}"), text);
    }
}

#[test]
fn the_roadmap_outputs_are_the_same_bytes_on_every_run() {
    for args in [
        vec!["--format", "html"],
        vec!["--format", "html", "--view", "summary"],
        vec!["--format", "md"],
        vec!["--view", "roadmap", "--format", "csv"],
        vec!["--view", "roadmap", "--format", "json"],
    ] {
        let mut all = vec!["assess", "examples/startup-llm-feature.yaml"];
        all.extend_from_slice(&args);
        assert_eq!(run(&all), run(&all), "{args:?}");
    }
}
