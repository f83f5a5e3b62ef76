//! `aimscore check FILE`: assess an answers file and evaluate the CI gates (thresholds, Stage 1,
//! a baseline). Exits 0 when every gate holds, 1 when any fails, 2 on usage or input errors.
//!
//! Gates compare the rounded scores of the report model, as the user sees them. When
//! `GITHUB_STEP_SUMMARY` names a file, a Markdown summary is appended to it.

use crate::documents::comparison;
use crate::documents::gates::{Thresholds, evaluate, json_output, sarif_properties};
use crate::error::{EXIT_GATE, EXIT_OK, Result};
use crate::render::markdown::check::render_summary_md;
use crate::render::text::check::render_text;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
    /// A GitLab Code Quality report (`artifacts: reports: codequality:`).
    Gitlab,
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
    /// Fail unless Stage 2 (operation) is ready; the failure lists every reason.
    #[arg(long)]
    pub require_stage2: bool,
    /// The earlier assessment to compare with: a JSON report (`assess --format json`) or an
    /// answers file (scored here with the same catalog, policy, profiles and options).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: fail when the overall or a section score fell by more than N points.
    #[arg(long, value_name = "N", value_parser = parse_points, allow_negative_numbers = true, requires = "baseline")]
    pub max_drop: Option<f64>,
    /// With --baseline: accept a new, justified `na` that replaced a gap.
    #[arg(long, requires = "baseline")]
    pub allow_exclusions: bool,
    /// Output format (`sarif` for GitHub code scanning, `gitlab` for GitLab Code Quality).
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
    /// A scoring policy (TOML or YAML: thresholds, bands, weights, blockers, critical
    /// questions); default: the built-in policy (README, "Scoring policy").
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
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

pub fn run(args: Args) -> Result<u8> {
    let (catalog, opts) = super::scoring_setup(
        args.catalog.as_deref(),
        args.policy.as_deref(),
        args.trust_claims,
    )?;
    let (report, comparison) = crate::pipeline::assess_with_baseline(
        &args.file,
        &catalog,
        &args.profiles,
        &opts,
        args.baseline.as_deref(),
        comparison::Options {
            allow_exclusions: args.allow_exclusions,
        },
    )?;
    let thresholds = Thresholds {
        fail_under: args.fail_under,
        section_fail_under: args.section_fail_under,
        require_stage1: args.require_stage1,
        require_stage2: args.require_stage2,
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
        CheckFormat::Json => crate::render::json::write_json(
            &json_output(&report, &gates, comparison.as_ref()),
            &mut buf,
        )?,
        CheckFormat::Sarif => crate::render::sarif::render(
            &report,
            &catalog,
            Some(sarif_properties(&gates, passed)),
            &mut buf,
        )?,
        CheckFormat::Gitlab => crate::render::gitlab::render(&report, &mut buf)?,
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
