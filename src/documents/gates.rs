//! CI gates as data: the thresholds a run asks for, each gate's verdict with its reasons, and
//! the JSON form of `check`. The reasons are sentences that go verbatim into the JSON and SARIF
//! outputs, so they are written here, once; nothing is rendered for a terminal here.

use super::comparison::{self, Comparison, question_line};
use super::report::{
    CatalogInfo, Overall, Part, Report, SCHEMA_VERSION, Stage1View, Tool, fmt_num, fmt_score,
};
use serde::Serialize;

/// The thresholds a run asks for.
#[derive(Debug, Clone, Default)]
pub struct Thresholds {
    pub fail_under: Option<f64>,
    pub section_fail_under: Option<f64>,
    pub require_stage1: bool,
    pub require_stage2: bool,
    /// Present when a baseline is given (default 0).
    pub max_drop: Option<f64>,
}

/// One gate and its verdict. `failures` says why, one line each.
#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    /// `fail-under`, `section-fail-under`, `require-stage1`, `require-stage2`, `baseline`,
    /// `max-evidence-age` (made by `documents::evidence::age_gate`).
    pub gate: &'static str,
    /// What the gate demands, for people.
    pub rule: String,
    pub threshold: Option<f64>,
    /// What was measured against the threshold (the overall score, the lowest section score),
    /// so a passing gate shows the value that passed.
    pub value: Option<f64>,
    pub passed: bool,
    pub failures: Vec<String>,
}

/// The JSON output of `check`.
#[derive(Debug, Serialize)]
pub struct CheckOutput<'a> {
    pub schema_version: u32,
    pub tool: &'a Tool,
    pub source: &'a str,
    pub organization: &'a str,
    pub catalog: &'a CatalogInfo,
    pub passed: bool,
    pub overall: &'a Overall,
    pub management_system: &'a Part,
    pub annex_a: &'a Part,
    pub stage1: &'a Stage1View,
    pub sections: Vec<SectionScore<'a>>,
    pub gates: &'a [Gate],
    pub baseline: Option<&'a Comparison>,
    /// The answers' waivers as the baseline gates applied them, and the date used; absent
    /// when the answers have no waiver.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waivers: Option<&'a super::waivers::CheckWaivers>,
    pub fixes_total: usize,
    pub disclaimer: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SectionScore<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub score: Option<f64>,
}

/// Evaluates every requested gate on the rounded scores of `report`.
/// Long on purpose: one block per gate, in the order the gates are reported.
pub fn evaluate(report: &Report, baseline: Option<&Comparison>, t: &Thresholds) -> Vec<Gate> {
    let mut gates = Vec::new();
    if let Some(n) = t.fail_under {
        let failures = match report.overall.score {
            Some(s) if s < n => vec![format!(
                "overall scored {} < {}",
                fmt_score(Some(s)),
                fmt_num(n)
            )],
            Some(_) => vec![],
            None => vec!["overall has no score (every question is excluded)".to_string()],
        };
        gates.push(Gate {
            gate: "fail-under",
            rule: format!("overall score ≥ {}", fmt_num(n)),
            threshold: Some(n),
            value: report.overall.score,
            passed: failures.is_empty(),
            failures,
        });
    }
    if let Some(n) = t.section_fail_under {
        let failures: Vec<String> = report
            .sections
            .iter()
            .filter_map(|s| match s.score {
                Some(x) if x < n => Some(format!(
                    "{} scored {} < {}",
                    section_label(report, &s.id),
                    fmt_score(Some(x)),
                    fmt_num(n)
                )),
                _ => None,
            })
            .collect();
        gates.push(Gate {
            gate: "section-fail-under",
            rule: format!("every section score ≥ {}", fmt_num(n)),
            threshold: Some(n),
            value: report
                .sections
                .iter()
                .filter_map(|s| s.score)
                .min_by(|a, b| a.total_cmp(b)),
            passed: failures.is_empty(),
            failures,
        });
    }
    if t.require_stage1 {
        let failures = if report.stage1.ready == Some(true) {
            vec![]
        } else if report.stage1.ready.is_none() {
            vec!["a snapshot gives no Stage 1 verdict; run the full assessment".to_string()]
        } else {
            vec![format!(
                "Stage 1 not ready: unmet blockers {}",
                report.stage1.blockers.join(", ")
            )]
        };
        gates.push(Gate {
            gate: "require-stage1",
            rule: "Stage 1 ready (every blocker question met)".into(),
            threshold: None,
            value: None,
            passed: failures.is_empty(),
            failures,
        });
    }
    if t.require_stage2 {
        let failures = if report.stage2.ready == Some(true) {
            vec![]
        } else {
            report
                .stage2
                .reasons
                .iter()
                .map(|r| format!("{}: {}", r.code, r.message))
                .collect()
        };
        gates.push(Gate {
            gate: "require-stage2",
            rule: "Stage 2 ready (Stage 1, the policy's thresholds, a completed audit and review, every critical question met)".into(),
            threshold: None,
            value: None,
            passed: failures.is_empty(),
            failures,
        });
    }
    if let Some(c) = baseline {
        let max = t.max_drop.unwrap_or(0.0);
        // Drops are exact tenths; the epsilon absorbs the binary form of the user's N.
        let too_far = |d: f64| d > max + 1e-9;
        let mut failures = Vec::new();
        let mut dropped = false;
        let mut rows = vec![("overall".to_string(), c.overall)];
        rows.extend(
            c.sections
                .iter()
                .map(|s| (section_label(report, &s.id), s.score)),
        );
        for (id, ch) in rows {
            if too_far(ch.drop()) {
                dropped = true;
                failures.push(format!(
                    "{id} fell {} ({} → {}), more than {}",
                    points(ch.drop()),
                    fmt_score(ch.old),
                    fmt_score(ch.new),
                    points(max)
                ));
            }
        }
        let hidden = c
            .questions
            .iter()
            .any(|q| q.regression && q.kind == comparison::ChangeKind::NewlyExcluded);
        if dropped || hidden {
            failures.extend(
                c.questions
                    .iter()
                    .filter(|q| q.regression)
                    .map(question_line),
            );
        }
        gates.push(Gate {
            gate: "baseline",
            rule: format!(
                "no score falls more than {} below the baseline, and no new na hides a gap",
                points(max)
            ),
            threshold: Some(max),
            value: None,
            passed: failures.is_empty(),
            failures,
        });
    }
    gates
}

/// `A.6` for an objective, `clause 6` for a clause (a bare number reads badly in a sentence).
fn section_label(report: &Report, id: &str) -> String {
    match report.sections.iter().find(|s| s.id == id) {
        Some(s) if s.kind == "clause" => format!("clause {id}"),
        _ => id.to_string(),
    }
}

/// The `properties` of the SARIF run: the verdict and every gate.
pub fn sarif_properties(gates: &[Gate], passed: bool) -> serde_json::Value {
    serde_json::json!({ "passed": passed, "gates": gates })
}

pub fn json_output<'a>(
    report: &'a Report,
    gates: &'a [Gate],
    comparison: Option<&'a Comparison>,
    waivers: Option<&'a super::waivers::CheckWaivers>,
) -> CheckOutput<'a> {
    CheckOutput {
        schema_version: SCHEMA_VERSION,
        tool: &report.tool,
        source: &report.source,
        organization: &report.organization,
        catalog: &report.catalog,
        passed: gates.iter().all(|g| g.passed),
        overall: &report.overall,
        management_system: &report.management_system,
        annex_a: &report.annex_a,
        stage1: &report.stage1,
        sections: report
            .sections
            .iter()
            .map(|s| SectionScore {
                id: &s.id,
                title: &s.title,
                score: s.score,
            })
            .collect(),
        gates,
        baseline: comparison,
        waivers,
        fixes_total: report.fixes_total,
        disclaimer: &report.disclaimer,
    }
}

/// A number of points with its unit in the right number: "1 point", "0.5 points", "2 points".
fn points(x: f64) -> String {
    if (x - 1.0).abs() < 1e-9 {
        "1 point".to_string()
    } else if (x * 10.0).round() % 10.0 == 0.0 {
        format!("{} points", fmt_num((x * 10.0).round() / 10.0))
    } else {
        format!("{} points", fmt_score(Some(x)))
    }
}
