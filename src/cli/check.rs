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
    /// The answers file to check (or `answers` in the configuration file).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Read settings from FILE (a `[check]` table: answers, thresholds, baseline, policy,
    /// outputs); default: `aimscore.toml` in the working directory if there is one. A flag
    /// overrides the file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore `aimscore.toml` in the working directory.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
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
    #[arg(long, value_name = "N", value_parser = parse_points, allow_negative_numbers = true)]
    pub max_drop: Option<f64>,
    /// With --baseline: accept a new, justified `na` that replaced a gap.
    #[arg(long)]
    pub allow_exclusions: bool,
    /// Output format (`sarif` for GitHub code scanning, `gitlab` for GitLab Code Quality);
    /// default: text.
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,
    /// Write the output to FILE; the text summary still goes to standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the output in FORMAT to FILE (repeatable: `--report sarif=results.sarif
    /// --report gitlab=gl-code-quality.json --report json=check.json`).
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub reports: Vec<(CheckFormat, PathBuf)>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Fail when any local evidence file is older than DAYS before the answers file's `date`
    /// (its recorded date, else its modification date), or any entry's `expires` has passed;
    /// the output names each one with its questions. Without a `date`, as of today.
    #[arg(long, value_name = "DAYS")]
    pub max_evidence_age: Option<u32>,
    /// With --max-evidence-age: resolve evidence paths in DIR instead of the answers file's
    /// folder.
    #[arg(long, value_name = "DIR", requires = "max_evidence_age")]
    pub root: Option<PathBuf>,
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
    /// The date waivers are compared with (YYYY-MM-DD): a waiver holds up to and including
    /// its `expires`; default: today's date (the system clock).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<String>,
}

/// `--as-of`: a calendar date.
fn parse_date(s: &str) -> std::result::Result<String, String> {
    let t = s.trim();
    if crate::read::is_date(t) {
        Ok(t.to_string())
    } else {
        Err(format!("`{s}` is not a date; write YYYY-MM-DD"))
    }
}

/// Today's date (UTC) as YYYY-MM-DD: the one place `check` reads the clock, for waivers.
fn today() -> String {
    crate::read::evidence::date_of(std::time::SystemTime::now())
}

/// One `--report FORMAT=FILE`.
fn parse_report(s: &str) -> std::result::Result<(CheckFormat, PathBuf), String> {
    use clap::ValueEnum;
    let names: Vec<String> = CheckFormat::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value().map(|p| p.get_name().to_string()))
        .collect();
    let Some((format, file)) = s.split_once('=') else {
        return Err(format!(
            "`{s}` is not FORMAT=FILE; for example sarif=results.sarif (formats: {})",
            names.join(", ")
        ));
    };
    let format = CheckFormat::from_str(format.trim(), true).map_err(|_| {
        format!(
            "unknown format `{format}` in `{s}`; formats: {}",
            names.join(", ")
        )
    })?;
    if file.is_empty() {
        return Err(format!(
            "`{s}` names no file; for example sarif=results.sarif"
        ));
    }
    Ok((format, PathBuf::from(file)))
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

/// The flags with the configuration file's settings filled in where a flag was not given.
fn with_config(mut args: Args) -> Result<(Args, Option<String>)> {
    use clap::ValueEnum;
    let config = if args.no_config {
        None
    } else {
        crate::config::find(args.config.as_deref())?
    };
    let Some(c) = config else {
        return Ok((args, None));
    };
    args.file = args.file.or(c.answers);
    args.fail_under = args.fail_under.or(c.fail_under);
    args.section_fail_under = args.section_fail_under.or(c.section_fail_under);
    args.require_stage1 |= c.require_stage1.unwrap_or(false);
    args.require_stage2 |= c.require_stage2.unwrap_or(false);
    args.baseline = args.baseline.or(c.baseline);
    args.max_drop = args.max_drop.or(c.max_drop);
    args.allow_exclusions |= c.allow_exclusions.unwrap_or(false);
    args.max_evidence_age = args.max_evidence_age.or(c.max_evidence_age);
    args.policy = args.policy.or(c.policy);
    args.catalog = args.catalog.or(c.catalog);
    args.trust_claims |= c.trust_claims.unwrap_or(false);
    args.as_of = args.as_of.or(c.as_of.clone());
    if args.profiles.is_empty() {
        args.profiles = c.profiles;
    }
    let formats = || {
        CheckFormat::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|p| p.get_name().to_string()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let format_of = |name: &str| {
        CheckFormat::from_str(name, true).map_err(|_| {
            crate::error::Error::Usage(format!(
                "{}: unknown format `{name}` in [check]; formats: {}",
                c.file,
                formats()
            ))
        })
    };
    if args.format.is_none()
        && let Some(f) = &c.format
    {
        args.format = Some(format_of(f)?);
    }
    args.output = args.output.or(c.output);
    if args.reports.is_empty() {
        for (f, p) in &c.reports {
            args.reports.push((format_of(f)?, p.clone()));
        }
    }
    Ok((args, Some(c.file)))
}

pub fn run(args: Args) -> Result<u8> {
    let as_of_flag = args.as_of.is_some();
    let (args, config) = with_config(args)?;
    let (as_of, as_of_source) = match (&args.as_of, &config) {
        (Some(d), _) if as_of_flag => (d.clone(), "--as-of".to_string()),
        (Some(d), Some(c)) => (d.clone(), format!("as-of in {c}")),
        _ => (today(), "the system date".to_string()),
    };
    let Some(file) = args.file.clone() else {
        return Err(crate::error::Error::Usage(
            "check needs an answers file: give FILE, or `answers = \"…\"` in the [check] table of aimscore.toml (or --config FILE)".into(),
        ));
    };
    if args.baseline.is_none() && (args.max_drop.is_some() || args.allow_exclusions) {
        return Err(crate::error::Error::Usage(
            "--max-drop and --allow-exclusions compare with a baseline: give --baseline FILE (or `baseline` in the configuration file)".into(),
        ));
    }
    if let Some(c) = &config {
        // Which settings applied, so that a CI log explains a gate nobody typed.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("aimscore: settings from {}", crate::terminal::clean(c));
        }
    }
    let format = args.format.unwrap_or(CheckFormat::Text);
    let (catalog, opts) = super::scoring_setup(
        args.catalog.as_deref(),
        args.policy.as_deref(),
        args.trust_claims,
    )?;
    let run = crate::pipeline::assess_for_check(
        &file,
        &catalog,
        &args.profiles,
        &opts,
        args.baseline.as_deref(),
        comparison::Options {
            allow_exclusions: args.allow_exclusions,
        },
        &as_of,
        &as_of_source,
    )?;
    let (report, comparison) = (run.report, run.comparison);
    // Only the answers' waivers are listed; a run without any says nothing about them.
    let waivers = (!run.waivers.waivers.is_empty()).then_some(&run.waivers);
    let thresholds = Thresholds {
        fail_under: args.fail_under,
        section_fail_under: args.section_fail_under,
        require_stage1: args.require_stage1,
        require_stage2: args.require_stage2,
        max_drop: args.baseline.as_ref().map(|_| args.max_drop.unwrap_or(0.0)),
    };
    // The baseline gate compares waived questions with their baseline answers; the other
    // gates read the report as it is.
    let mut gates = evaluate(&report, run.gate_comparison.as_ref(), &thresholds);
    if let Some(days) = args.max_evidence_age {
        let today = crate::read::evidence::date_of(std::time::SystemTime::now());
        let reg = crate::pipeline::evidence_register(
            &file,
            &catalog,
            &args.profiles,
            args.root.as_deref(),
            &today,
            Some(days),
        )?;
        gates.push(crate::documents::evidence::age_gate(&reg, days));
    }
    let passed = gates.iter().all(|g| g.passed);
    let baseline_name = args.baseline.as_ref().map(|p| p.display().to_string());

    let mut text = Vec::new();
    render_text(
        &report,
        &gates,
        comparison.as_ref(),
        baseline_name.as_deref(),
        waivers,
        &mut text,
    )?;
    let render = |format: CheckFormat| -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        match format {
            CheckFormat::Text => buf.extend_from_slice(&text),
            CheckFormat::Json => crate::render::json::write_json(
                &json_output(&report, &gates, comparison.as_ref(), waivers),
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
        Ok(buf)
    };
    // Every output is checked and rendered before any is written, so a refused one leaves
    // none half-made; two outputs may not name one file.
    let mut targets: Vec<&PathBuf> = args.output.iter().collect();
    for (_, p) in &args.reports {
        if let Some(other) = targets
            .iter()
            .find(|t| crate::identity::same_file_or_name(t, p))
        {
            return Err(crate::error::Error::Usage(format!(
                "{}: named by two outputs ({} and {}); give each output its own file",
                p.display(),
                other.display(),
                p.display()
            )));
        }
        targets.push(p);
    }
    for t in &targets {
        crate::output::check_writable(t)?;
    }
    let extra: Vec<(&PathBuf, Vec<u8>)> = args
        .reports
        .iter()
        .map(|(f, p)| render(*f).map(|b| (p, b)))
        .collect::<Result<_>>()?;
    crate::output::emit(args.output.as_ref(), &render(format)?)?;
    for (path, bytes) in &extra {
        crate::output::emit(Some(path), bytes)?;
    }
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
            waivers,
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
