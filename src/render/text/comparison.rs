//! A comparison for people, as plain text: the score table, Stage 1, the tally and the changed
//! questions by group (shared with `check`), and the whole `diff` document.

use crate::documents::comparison::{
    ChangeKind, Comparison, QuestionChange, ScoreChange, question_line,
};
use crate::documents::{DISCLAIMER, fmt_score};
use crate::error::Result;
use crate::render::io_err;
use std::io::Write;

/// A change in points for people: `+2.7`, `-1.0`, `0.0`, `n/a`.
pub fn fmt_change(c: Option<f64>) -> String {
    match c {
        None => "n/a".into(),
        Some(x) if x.abs() < 0.05 => "0.0".into(),
        Some(x) => format!("{x:+.1}"),
    }
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

pub(crate) fn header(c: &Comparison) -> String {
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
    out.write_all(crate::terminal::clean(&s).as_bytes())
        .map_err(io_err)
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
    }
}
