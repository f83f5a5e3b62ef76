//! `aimscore diff OLD NEW`: what changed between two assessments, for people (text, md) or
//! machines (json). Each side is an answers file (assessed here) or a JSON report, told apart by
//! content. Exits 0 when it could compare, 2 on input errors; a worse score is not an error.
//!
//! Also holds the presentation of a [`Comparison`] shared with `check`.

use crate::catalog::Catalog;
use crate::compare::{self, ChangeKind, Comparison, JsonKind, QuestionChange, ScoreChange};
use crate::error::{Diagnostic, EXIT_OK, Error, Result};
use crate::report::templates::md_escape;
use crate::report::{DISCLAIMER, Report, fmt_score, io_err};
use crate::scoring;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier assessment: an answers file or a JSON report (`assess --format json`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later assessment: an answers file or a JSON report.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Write the comparison to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use the catalog in DIR instead of the bundled one (for answers files).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Score a `yes` without evidence as 1 instead of 0.5 (for answers files).
    #[arg(long)]
    pub trust_claims: bool,
    /// Switch on a profile of extra questions (repeatable; for answers files).
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Do not count a new, justified `na` that replaced a gap as a regression.
    #[arg(long)]
    pub allow_exclusions: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    let opts = scoring::Options {
        trust_claims: args.trust_claims,
    };
    // Read both sides before failing, so that both files' problems are reported together.
    let old = load_side(&args.old, &catalog, &args.profiles, opts);
    let new = load_side(&args.new, &catalog, &args.profiles, opts);
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            return Err(Error::Input(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let old_name = args.old.display().to_string();
    let new_name = args.new.display().to_string();
    compare::ensure_comparable(&old, &new, &old_name, &new_name)?;
    let c = compare::compare(
        &old,
        &new,
        compare::Options {
            allow_exclusions: args.allow_exclusions,
        },
    );
    let mut buf = Vec::new();
    match args.format {
        DiffFormat::Text => render_text(&c, &mut buf)?,
        DiffFormat::Md => render_md(&c, &mut buf)?,
        DiffFormat::Json => crate::report::json::write_json(&c, &mut buf)?,
    }
    crate::output::emit(args.output.as_ref(), &buf)?;
    Ok(EXIT_OK)
}

/// One side of a diff: a JSON report is read as is, anything else is assessed as answers.
pub fn load_side(
    path: &Path,
    catalog: &Catalog,
    profiles: &[String],
    opts: scoring::Options,
) -> Result<Report> {
    let name = path.display().to_string();
    let text = crate::read::read_text(path)?;
    match compare::json_kind(&text) {
        JsonKind::Report => compare::parse_report(&name, &text),
        JsonKind::Portfolio => Err(Error::input(
            Diagnostic::new(
                &name,
                None,
                "this is a portfolio report (from `assess` with several files); diff compares one assessment with another",
            )
            .with_help("give an answers file or the JSON report of one answers file"),
        )),
        JsonKind::Other => super::assess::assess_file(path, catalog, profiles, opts, None),
    }
}

/// A change in points for people: `+2.7`, `-1.0`, `0.0`, `n/a`.
pub fn fmt_change(c: Option<f64>) -> String {
    match c {
        None => "n/a".into(),
        Some(x) if x.abs() < 0.05 => "0.0".into(),
        Some(x) => format!("{x:+.1}"),
    }
}

/// A number as the user typed it: `70`, `62.5`.
pub fn fmt_num(x: f64) -> String {
    format!("{x}")
}

/// One line for a changed question: `5.2-1 regressed: yes → no (new gap)`.
pub fn question_line(q: &QuestionChange) -> String {
    let old = q.old_answer.as_deref().unwrap_or("absent");
    let new = q.new_answer.as_deref().unwrap_or("absent");
    let word = if q.regression {
        "regressed"
    } else {
        q.kind.as_str()
    };
    let mut s = format!("{} {word}: {old} → {new}", q.id);
    match q.kind {
        ChangeKind::NewGap => s.push_str(" (new gap)"),
        ChangeKind::NewlyExcluded if q.regression => {
            s.push_str(" (a new exclusion hides a gap");
            match &q.justification {
                Some(j) => s.push_str(&format!(
                    "; justification: \"{j}\"; pass --allow-exclusions to accept it)"
                )),
                None => s.push_str("; it has no justification)"),
            }
        }
        ChangeKind::NewlyExcluded if q.hides_gap => {
            s.push_str(" (hides a gap; accepted with its justification");
            if let Some(j) = &q.justification {
                s.push_str(&format!(": \"{j}\""));
            }
            s.push(')');
        }
        _ => {}
    }
    s
}

/// A one-line tally: `2 regressed (1 new gap), 3 improved (1 resolved), 1 newly excluded`.
pub fn counts_line(c: &Comparison) -> String {
    let n = &c.counts;
    let mut parts = vec![
        format!("{} regressed (new gaps: {})", n.regressed, n.new_gaps),
        format!("{} improved (resolved: {})", n.improved, n.resolved),
        format!("{} newly excluded", n.newly_excluded),
    ];
    if n.reincluded > 0 {
        parts.push(format!("{} re-included", n.reincluded));
    }
    if n.added > 0 {
        parts.push(format!("{} added", n.added));
    }
    if n.removed > 0 {
        parts.push(format!("{} removed", n.removed));
    }
    parts.join(", ")
}

/// The score rows shown by diff and check: (label, change).
pub fn score_rows(c: &Comparison) -> Vec<(String, ScoreChange)> {
    let mut rows = vec![
        ("Overall".to_string(), c.overall),
        ("Management system".to_string(), c.management_system),
        ("Annex A".to_string(), c.annex_a),
    ];
    rows.extend(
        c.sections
            .iter()
            .map(|s| (format!("{} {}", s.id, s.title), s.score)),
    );
    rows
}

fn ready(b: bool) -> &'static str {
    if b { "ready" } else { "not ready" }
}

/// Stage 1 before and after, with the blockers that changed.
pub fn stage1_line(c: &Comparison) -> String {
    let mut s = format!(
        "{} → {}",
        ready(c.stage1.old_ready),
        ready(c.stage1.new_ready)
    );
    if !c.stage1.new_blockers.is_empty() {
        s.push_str(&format!(
            "; newly unmet blockers: {}",
            c.stage1.new_blockers.join(", ")
        ));
    }
    if !c.stage1.cleared_blockers.is_empty() {
        s.push_str(&format!(
            "; blockers now met: {}",
            c.stage1.cleared_blockers.join(", ")
        ));
    }
    s
}

/// The question changes grouped for people: regressions first, then the rest by kind.
pub fn groups(c: &Comparison) -> Vec<(&'static str, Vec<&QuestionChange>)> {
    let pick = |f: &dyn Fn(&QuestionChange) -> bool| -> Vec<&QuestionChange> {
        c.questions.iter().filter(|q| f(q)).collect()
    };
    let all = [
        ("Regressed", pick(&|q| q.regression)),
        (
            "Improved",
            pick(&|q| matches!(q.kind, ChangeKind::Improved | ChangeKind::Resolved)),
        ),
        (
            "Newly excluded",
            pick(&|q| q.kind == ChangeKind::NewlyExcluded && !q.regression),
        ),
        ("Re-included", pick(&|q| q.kind == ChangeKind::Reincluded)),
        ("Added", pick(&|q| q.kind == ChangeKind::Added)),
        ("Removed", pick(&|q| q.kind == ChangeKind::Removed)),
    ];
    all.into_iter().filter(|(_, v)| !v.is_empty()).collect()
}

/// The score table and question changes as plain text (shared with `check`).
pub fn changes_text(c: &Comparison, s: &mut String) {
    let width = score_rows(c)
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    s.push_str(&format!(
        "{:width$}  {:>6}  {:>6}  {:>6}\n",
        "Score", "Old", "New", "Change"
    ));
    for (label, ch) in score_rows(c) {
        s.push_str(&format!(
            "{label:width$}  {:>6}  {:>6}  {:>6}\n",
            fmt_score(ch.old),
            fmt_score(ch.new),
            fmt_change(ch.change)
        ));
    }
    s.push_str(&format!("\nStage 1: {}\n", stage1_line(c)));
    s.push_str(&format!("Questions: {}\n", counts_line(c)));
    for (title, qs) in groups(c) {
        s.push_str(&format!("\n{title} ({}):\n", qs.len()));
        for q in qs {
            s.push_str(&format!("  {}\n", question_line(q)));
        }
    }
}

/// The score table and question changes as Markdown (shared with `check`'s step summary).
pub fn changes_md(c: &Comparison, s: &mut String) {
    s.push_str("| Score | Old | New | Change |\n|---|---:|---:|---:|\n");
    for (label, ch) in score_rows(c) {
        s.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            md_escape(label),
            fmt_score(ch.old),
            fmt_score(ch.new),
            fmt_change(ch.change)
        ));
    }
    s.push_str(&format!(
        "\n**Stage 1:** {}\n\n**Questions:** {}\n",
        stage1_line(c),
        counts_line(c)
    ));
    for (title, qs) in groups(c) {
        s.push_str(&format!("\n#### {title} ({})\n\n", qs.len()));
        for q in qs {
            s.push_str(&format!("- {}\n", md_escape(question_line(q))));
        }
    }
}

fn header(c: &Comparison) -> String {
    let mut s = format!("{} → {}", c.old.source, c.new.source);
    if c.old.organization == c.new.organization {
        s.push_str(&format!(" ({})", c.new.organization));
    } else {
        s.push_str(&format!(
            " ({} → {})",
            c.old.organization, c.new.organization
        ));
    }
    s
}

pub fn render_text(c: &Comparison, out: &mut dyn Write) -> Result<()> {
    let mut s = format!("aimscore diff: {}\n\n", header(c));
    changes_text(c, &mut s);
    s.push_str(&format!("\n{DISCLAIMER}\n"));
    out.write_all(s.as_bytes()).map_err(io_err)
}

pub fn render_md(c: &Comparison, out: &mut dyn Write) -> Result<()> {
    let mut s = format!("# aimscore diff: {}\n\n", md_escape(header(c)));
    changes_md(c, &mut s);
    s.push_str(&format!("\n_{DISCLAIMER}_\n"));
    out.write_all(s.as_bytes()).map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_show_sign_and_na() {
        assert_eq!(fmt_change(Some(2.7)), "+2.7");
        assert_eq!(fmt_change(Some(-1.0)), "-1.0");
        assert_eq!(fmt_change(Some(0.0)), "0.0");
        assert_eq!(fmt_change(Some(-0.0)), "0.0");
        assert_eq!(fmt_change(None), "n/a");
        assert_eq!(fmt_num(70.0), "70");
        assert_eq!(fmt_num(62.5), "62.5");
    }
}
