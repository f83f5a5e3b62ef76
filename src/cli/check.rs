//! `aimscore check FILE`: assess an answers file and evaluate the CI gates (thresholds, Stage 1,
//! a baseline). Exits 0 when every gate holds, 1 when any fails, 2 on usage or input errors.
//!
//! Gates compare the rounded scores of the report model, as the user sees them. When
//! `GITHUB_STEP_SUMMARY` names a file, a Markdown summary is appended to it.

use super::diff;
use crate::compare::{self, Comparison};
use crate::error::{EXIT_GATE, EXIT_OK, Error, Result};
use crate::report::templates::md_escape;
use crate::report::{DISCLAIMER, Report, fmt_score, io_err};
use crate::scoring;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answers file to check.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Fail when the overall score is below N (0–100).
    #[arg(long, value_name = "N", value_parser = parse_points, allow_negative_numbers = true)]
    pub fail_under: Option<f64>,
    /// Fail when any clause or Annex A objective scores below N (0–100); n/a sections are skipped.
    #[arg(long, value_name = "N", value_parser = parse_points, allow_negative_numbers = true)]
    pub section_fail_under: Option<f64>,
    /// Fail unless Stage 1 (documentation) is ready: every blocker question met.
    #[arg(long)]
    pub require_stage1: bool,
    /// A previous JSON report (`assess --format json`) to compare with.
    #[arg(long, value_name = "REPORT.json")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: fail when the overall or a section score fell by more than N points.
    #[arg(long, value_name = "N", value_parser = parse_points, allow_negative_numbers = true, requires = "baseline")]
    pub max_drop: Option<f64>,
    /// With --baseline: accept a new, justified `na` that replaced a gap.
    #[arg(long, requires = "baseline")]
    pub allow_exclusions: bool,
    /// Output format (`sarif` for code-scanning tools).
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Write the output to FILE; the text summary still goes to standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Score a `yes` without evidence as 1 instead of 0.5.
    #[arg(long)]
    pub trust_claims: bool,
    /// Switch on a profile of extra questions (repeatable), in addition to the file's own.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
}

/// A score threshold or a drop in points: a number from 0 to 100.
fn parse_points(s: &str) -> std::result::Result<f64, String> {
    let x: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number; expected a number from 0 to 100"))?;
    if !x.is_finite() || !(0.0..=100.0).contains(&x) {
        return Err(format!(
            "{s} is out of range; expected a number from 0 to 100"
        ));
    }
    Ok(x)
}

/// The thresholds a run asks for.
#[derive(Debug, Clone, Default)]
pub struct Thresholds {
    pub fail_under: Option<f64>,
    pub section_fail_under: Option<f64>,
    pub require_stage1: bool,
    /// Present when a baseline is given (default 0).
    pub max_drop: Option<f64>,
}

/// One gate and its verdict. `failures` says why, one line each.
#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    /// `fail-under`, `section-fail-under`, `require-stage1`, `baseline`.
    pub gate: &'static str,
    /// What the gate demands, for people.
    pub rule: String,
    pub threshold: Option<f64>,
    pub passed: bool,
    pub failures: Vec<String>,
}

/// The JSON output of `check`.
#[derive(Debug, Serialize)]
pub struct CheckOutput<'a> {
    pub schema_version: u32,
    pub tool: &'a crate::report::Tool,
    pub source: &'a str,
    pub organization: &'a str,
    pub catalog: &'a crate::report::CatalogInfo,
    pub passed: bool,
    pub overall: &'a crate::report::Overall,
    pub management_system: &'a crate::report::Part,
    pub annex_a: &'a crate::report::Part,
    pub stage1: &'a crate::report::Stage1View,
    pub sections: Vec<SectionScore<'a>>,
    pub gates: &'a [Gate],
    pub baseline: Option<&'a Comparison>,
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
pub fn evaluate(report: &Report, baseline: Option<&Comparison>, t: &Thresholds) -> Vec<Gate> {
    let mut gates = Vec::new();
    if let Some(n) = t.fail_under {
        let failures = match report.overall.score {
            Some(s) if s < n => vec![format!(
                "overall scored {} < {}",
                fmt_score(Some(s)),
                diff::fmt_num(n)
            )],
            Some(_) => vec![],
            None => vec!["overall has no score (every question is excluded)".to_string()],
        };
        gates.push(Gate {
            gate: "fail-under",
            rule: format!("overall score ≥ {}", diff::fmt_num(n)),
            threshold: Some(n),
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
                    diff::fmt_num(n)
                )),
                _ => None,
            })
            .collect();
        gates.push(Gate {
            gate: "section-fail-under",
            rule: format!("every section score ≥ {}", diff::fmt_num(n)),
            threshold: Some(n),
            passed: failures.is_empty(),
            failures,
        });
    }
    if t.require_stage1 {
        let failures = if report.stage1.ready {
            vec![]
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
                    "{id} fell {} points ({} → {}), more than {}",
                    fmt_score(Some(ch.drop())),
                    fmt_score(ch.old),
                    fmt_score(ch.new),
                    diff::fmt_num(max)
                ));
            }
        }
        let hidden = c
            .questions
            .iter()
            .any(|q| q.regression && q.kind == compare::ChangeKind::NewlyExcluded);
        if dropped || hidden {
            failures.extend(
                c.questions
                    .iter()
                    .filter(|q| q.regression)
                    .map(diff::question_line),
            );
        }
        gates.push(Gate {
            gate: "baseline",
            rule: format!(
                "no score falls more than {} points below the baseline, and no new na hides a gap",
                diff::fmt_num(max)
            ),
            threshold: Some(max),
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

pub fn run(args: Args) -> Result<u8> {
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    let opts = scoring::Options {
        trust_claims: args.trust_claims,
    };
    let name = args.file.display().to_string();
    let report = super::assess::assess_file(&args.file, &catalog, &args.profiles, opts, None);
    let baseline = args.baseline.as_deref().map(|p| {
        crate::read::read_text(p).and_then(|t| compare::parse_report(&p.display().to_string(), &t))
    });
    // Report the answers file's and the baseline's problems together.
    let (report, baseline) = match (report, baseline.transpose()) {
        (Ok(r), Ok(b)) => (r, b),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            return Err(Error::Input(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let comparison = match (&baseline, &args.baseline) {
        (Some(b), Some(p)) => {
            compare::ensure_comparable(b, &report, &p.display().to_string(), &name)?;
            Some(compare::compare(
                b,
                &report,
                compare::Options {
                    allow_exclusions: args.allow_exclusions,
                },
            ))
        }
        _ => None,
    };
    let thresholds = Thresholds {
        fail_under: args.fail_under,
        section_fail_under: args.section_fail_under,
        require_stage1: args.require_stage1,
        max_drop: args.baseline.as_ref().map(|_| args.max_drop.unwrap_or(0.0)),
    };
    let gates = evaluate(&report, comparison.as_ref(), &thresholds);
    let passed = gates.iter().all(|g| g.passed);
    let baseline_name = args.baseline.as_ref().map(|p| p.display().to_string());

    let mut text = Vec::new();
    render_text(
        &report,
        &gates,
        comparison.as_ref(),
        baseline_name.as_deref(),
        &mut text,
    )?;
    let mut buf = Vec::new();
    match args.format {
        CheckFormat::Text => buf.extend_from_slice(&text),
        CheckFormat::Json => crate::report::json::write_json(
            &json_output(&report, &gates, comparison.as_ref()),
            &mut buf,
        )?,
        CheckFormat::Sarif => crate::report::sarif::render(
            &report,
            &catalog,
            Some(sarif_properties(&gates, passed)),
            &mut buf,
        )?,
    }
    crate::output::emit(args.output.as_ref(), &buf)?;
    if args.output.is_some() {
        crate::output::emit(None, &text)?;
    }
    if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
        let mut md = Vec::new();
        render_summary_md(
            &report,
            &gates,
            comparison.as_ref(),
            baseline_name.as_deref(),
            &mut md,
        )?;
        crate::output::append(&PathBuf::from(path), &md)?;
    }
    Ok(if passed { EXIT_OK } else { EXIT_GATE })
}

fn sarif_properties(gates: &[Gate], passed: bool) -> serde_json::Value {
    serde_json::json!({ "passed": passed, "gates": gates })
}

pub fn json_output<'a>(
    report: &'a Report,
    gates: &'a [Gate],
    comparison: Option<&'a Comparison>,
) -> CheckOutput<'a> {
    CheckOutput {
        schema_version: crate::report::SCHEMA_VERSION,
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
        fixes_total: report.fixes_total,
        disclaimer: &report.disclaimer,
    }
}

fn verdict(gates: &[Gate]) -> String {
    let failed = gates.iter().filter(|g| !g.passed).count();
    match (gates.len(), failed) {
        (0, _) => "PASSED (no gates requested)".into(),
        (n, 0) => format!("PASSED ({n} of {n} gates hold)"),
        (n, f) => format!("FAILED ({f} of {n} gates failed)"),
    }
}

fn gate_title(g: &Gate) -> String {
    match g.threshold {
        Some(t) if g.gate == "baseline" => format!("baseline (max-drop {})", diff::fmt_num(t)),
        Some(t) => format!("{} {}", g.gate, diff::fmt_num(t)),
        _ => g.gate.to_string(),
    }
}

/// The text summary: scores, each gate with the reasons it failed, the changes since the
/// baseline, and the verdict.
pub fn render_text(
    r: &Report,
    gates: &[Gate],
    comparison: Option<&Comparison>,
    baseline_name: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut s = format!("aimscore check: {} ({})\n", r.organization, r.source);
    s.push_str(&format!(
        "Overall {} ({})   Management system {}   Annex A {}   Completeness {:.1}%\n",
        fmt_score(r.overall.score),
        r.overall.band.as_deref().unwrap_or("n/a"),
        fmt_score(r.management_system.score),
        fmt_score(r.annex_a.score),
        r.overall.completeness
    ));
    if r.stage1.ready {
        s.push_str("Stage 1: READY\n");
    } else {
        s.push_str(&format!(
            "Stage 1: NOT READY (unmet blockers: {})\n",
            r.stage1.blockers.join(", ")
        ));
    }
    if gates.is_empty() {
        s.push_str("\nGates: none requested (use --fail-under, --section-fail-under, --require-stage1 or --baseline)\n");
    } else {
        s.push_str("\nGates:\n");
        for g in gates {
            let mark = if g.passed { "PASS" } else { "FAIL" };
            s.push_str(&format!("  {mark}  {}: {}\n", gate_title(g), g.rule));
            for f in &g.failures {
                s.push_str(&format!("          {f}\n"));
            }
        }
    }
    if let Some(c) = comparison {
        s.push_str(&format!(
            "\nChanges since the baseline {}:\n\n",
            baseline_name.unwrap_or(&c.old.source)
        ));
        diff::changes_text(c, &mut s);
    }
    s.push_str(&format!("\nResult: {}\n", verdict(gates)));
    s.push_str(&format!("{DISCLAIMER}\n"));
    out.write_all(s.as_bytes()).map_err(io_err)
}

/// The Markdown summary appended to `GITHUB_STEP_SUMMARY`.
pub fn render_summary_md(
    r: &Report,
    gates: &[Gate],
    comparison: Option<&Comparison>,
    baseline_name: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let failed = gates.iter().any(|g| !g.passed);
    let mut s = format!(
        "## aimscore check: {} ({}): {}\n\n",
        md_escape(r.organization.clone()),
        md_escape(r.source.clone()),
        if failed { "❌ failed" } else { "✅ passed" }
    );
    s.push_str(&format!(
        "**Overall {}** ({}) · Management system {} · Annex A {} · Completeness {:.1}% · Stage 1 {}\n\n",
        fmt_score(r.overall.score),
        r.overall.band.as_deref().unwrap_or("n/a"),
        fmt_score(r.management_system.score),
        fmt_score(r.annex_a.score),
        r.overall.completeness,
        if r.stage1.ready { "ready" } else { "not ready" }
    ));
    s.push_str("### Gates\n\n");
    if gates.is_empty() {
        s.push_str("No gates requested.\n");
    }
    for g in gates {
        let mark = if g.passed { "✅" } else { "❌" };
        s.push_str(&format!(
            "- {mark} **{}**: {}\n",
            md_escape(gate_title(g)),
            md_escape(g.rule.clone())
        ));
        for f in &g.failures {
            s.push_str(&format!("  - {}\n", md_escape(f.clone())));
        }
    }
    match comparison {
        Some(c) => {
            s.push_str(&format!(
                "\n### Changes since the baseline {}\n\n",
                md_escape(baseline_name.unwrap_or(&c.old.source).to_string())
            ));
            diff::changes_md(c, &mut s);
        }
        None => {
            s.push_str("\n### Section scores\n\n| Section | Score |\n|---|---:|\n");
            for sec in &r.sections {
                s.push_str(&format!(
                    "| {} {} | {} |\n",
                    sec.id,
                    md_escape(sec.title.clone()),
                    fmt_score(sec.score)
                ));
            }
        }
    }
    s.push_str(&format!("\n_{DISCLAIMER}_\n\n"));
    out.write_all(s.as_bytes()).map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_must_be_a_number_from_0_to_100() {
        assert_eq!(parse_points("70"), Ok(70.0));
        assert_eq!(parse_points("62.5"), Ok(62.5));
        assert!(parse_points("101").is_err());
        assert!(parse_points("-1").is_err());
        assert!(parse_points("NaN").is_err());
        assert!(parse_points("seventy").is_err());
    }
}
