//! What the questionnaire shows: an answer in one line, wrapped question text, messages, and
//! the closing one-screen summary.

use crate::answers::{Answer, AnswerValue, Answers};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::{documents, scoring};
use std::io::Write;
use std::path::Path;

/// Width the question text is wrapped to.
pub(super) const WIDTH: usize = 88;

/// An answer in one line: `yes · evidence: a, b · owner: CISO · due: 2027-01-31`.
pub(super) fn describe(a: &Answer) -> String {
    let mut s = match a.value {
        AnswerValue::Maturity(m) => format!("maturity {m}"),
        v => v.as_str(),
    };
    if !a.evidence.is_empty() {
        s.push_str(&format!(" · evidence: {}", a.evidence.join(", ")));
    }
    for (k, v) in [
        ("justification", &a.justification),
        ("note", &a.note),
        ("owner", &a.owner),
        ("due", &a.due),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(" · {k}: {v}"));
        }
    }
    s
}

/// Appends `text` wrapped to [`WIDTH`], the first line after `first`, the others after `rest`.
pub(super) fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

pub(super) fn say(screen: &mut dyn Write, msg: &str) -> Result<()> {
    writeln!(screen, "{msg}").map_err(|e| Error::io(Path::new("<terminal>"), "cannot write", e))
}

/// The closing one-screen summary: score, band, readiness and the top five fixes.
/// Long on purpose: the closing summary is printed top to bottom, as the person reads it.
pub(super) fn write_summary(
    active: &Catalog,
    a: &Answers,
    name: &str,
    out: &mut dyn Write,
) -> Result<()> {
    let assessment = scoring::assess(active, a, scoring::Options::default());
    let r = documents::build(active, a, &assessment, Some(5));
    let score = |s: Option<f64>, b: &Option<String>| match (s, b) {
        (Some(s), Some(b)) => format!("{s:.1} ({b})"),
        (Some(s), None) => format!("{s:.1}"),
        _ => "n/a".to_string(),
    };
    let mut s = String::new();
    s.push_str(&format!("\nSummary for {} ({name})\n", r.organization));
    s.push_str(&format!(
        "  Overall {} · completeness {:.1}% ({} of {} questions answered)\n",
        score(r.overall.score, &r.overall.band),
        r.overall.completeness,
        r.overall.answered,
        r.overall.questions
    ));
    s.push_str(&format!(
        "  Management system (clauses 4-10) {} · Annex A {}\n",
        score(r.management_system.score, &r.management_system.band),
        score(r.annex_a.score, &r.annex_a.band)
    ));
    if r.stage1.ready.is_none() {
        s.push_str("  Stage 1 (documentation): no verdict from a snapshot\n");
    } else if r.stage1.ready == Some(true) {
        s.push_str("  Stage 1 (documentation): ready\n");
    } else {
        let n = r.stage1.blockers.len();
        let shown: Vec<&str> = r
            .stage1
            .blockers
            .iter()
            .take(6)
            .map(String::as_str)
            .collect();
        let more = if n > shown.len() { ", …" } else { "" };
        s.push_str(&format!(
            "  Stage 1 (documentation): not ready, {n} blocker question{} not met ({}{more})\n",
            if n == 1 { "" } else { "s" },
            shown.join(", ")
        ));
    }
    s.push_str(&format!(
        "  Stage 2 (operation): {}\n",
        match r.stage2.ready {
            Some(true) => "ready".to_string(),
            Some(false) => format!(
                "not ready ({})",
                r.stage2
                    .reasons
                    .iter()
                    .map(|x| x.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => "no verdict from a snapshot".to_string(),
        }
    ));
    if r.fixes.is_empty() {
        s.push_str("  No fixes: every applicable question scores 1.\n");
    } else {
        s.push_str(&format!(
            "  Top {} of {} fixes:\n",
            r.fixes.len(),
            r.fixes_total
        ));
        for f in &r.fixes {
            let head = format!(
                "  {:>2}. {} {} {} ({}): ",
                f.rank, f.priority, f.question, f.title, f.answer
            );
            let room = (WIDTH + 8).saturating_sub(head.chars().count()).max(20);
            // The question's own action: what closes this gap (the requirement's steps are
            // in the full report).
            let mut action: String = f.question_action.chars().take(room).collect();
            if action.chars().count() < f.question_action.chars().count() {
                action.pop();
                action.push('…');
            }
            s.push_str(&head);
            s.push_str(&action);
            s.push('\n');
        }
    }
    let open = r.overall.questions.saturating_sub(r.overall.answered);
    if open > 0 {
        s.push_str(&format!(
            "  {open} question{} still unanswered: aimscore ask {name} --unanswered\n",
            if open == 1 { "" } else { "s" }
        ));
    }
    s.push_str(&format!(
        "  Full report: aimscore assess {name}. A self-assessment for guidance, not a certification.\n"
    ));
    out.write_all(s.as_bytes()).map_err(crate::render::io_err)
}
