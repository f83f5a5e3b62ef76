//! What the questionnaire shows: an answer in one line, wrapped question text, messages, and
//! the closing one-screen summary, all fitted to the terminal's width.

use crate::answers::{Answer, AnswerValue, Answers};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::{documents, scoring};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// The width the screens are wrapped to when the terminal's is unknown (not a terminal, or a
/// terminal that reports no size).
pub const DEFAULT_WIDTH: usize = 80;
/// The narrowest width the screens are wrapped to: below it, prefixes and ids leave no room.
pub const MIN_WIDTH: usize = 40;
/// The widest: longer lines are hard to read, however wide the terminal.
pub const MAX_WIDTH: usize = 120;

/// The width of the terminal on standard error (where the screens go), within
/// [`MIN_WIDTH`]..=[`MAX_WIDTH`]; [`DEFAULT_WIDTH`] when standard error is not a terminal.
pub fn terminal_width() -> usize {
    let stderr = std::io::stderr();
    if !stderr.is_terminal() {
        return DEFAULT_WIDTH;
    }
    #[cfg(any(unix, windows))]
    let columns = terminal_size::terminal_size_of(stderr).map(|(w, _)| w.0);
    #[cfg(not(any(unix, windows)))]
    let columns = None;
    fit_width(columns)
}

/// The width to wrap to for a terminal of `columns` columns (`None` or 0: unknown).
pub(super) fn fit_width(columns: Option<u16>) -> usize {
    match columns {
        Some(c) if c > 0 => usize::from(c).clamp(MIN_WIDTH, MAX_WIDTH),
        _ => DEFAULT_WIDTH,
    }
}

/// An answer in one line: `yes · evidence: a, b · owner: CISO · due: 2027-01-31`.
pub(super) fn describe(a: &Answer) -> String {
    let mut s = match a.value {
        AnswerValue::Maturity(m) => format!("maturity {m}"),
        v => v.as_str(),
    };
    if !a.evidence.is_empty() {
        s.push_str(&format!(" · evidence: {}", a.evidence_refs().join(", ")));
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

/// Appends `text` wrapped to `width` columns, the first line after `first`, the others after
/// `rest`. A word longer than a line (a long link) is broken, so that no line is longer.
pub(super) fn wrap(out: &mut String, width: usize, first: &str, rest: &str, text: &str) {
    for line in wrap_lines(width, first, rest, text) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The lines of [`wrap`], without their line ends. Characters are counted, not bytes.
pub(super) fn wrap_lines(width: usize, first: &str, rest: &str, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    let mut len = line.chars().count();
    // Whether `line` holds no word yet (only its prefix).
    let mut empty = true;
    for word in text.split_whitespace() {
        let mut word = word;
        while !word.is_empty() {
            let n = word.chars().count();
            let gap = usize::from(!empty);
            if len + gap + n <= width {
                if !empty {
                    line.push(' ');
                }
                line.push_str(word);
                len += gap + n;
                empty = false;
                break;
            }
            if empty {
                // Alone on its line and still too long: break it where the line ends.
                let room = width.saturating_sub(len).max(1);
                let cut = word.char_indices().nth(room).map_or(word.len(), |(i, _)| i);
                line.push_str(&word[..cut]);
                word = &word[cut..];
            }
            lines.push(std::mem::replace(&mut line, rest.to_string()));
            len = rest.chars().count();
            empty = true;
        }
    }
    if !empty || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes a message, every line of it wrapped to `width` (continuation lines indented).
pub(super) fn say(screen: &mut dyn Write, width: usize, msg: &str) -> Result<()> {
    let mut s = String::new();
    for line in msg.split('\n') {
        wrap(&mut s, width, "", "  ", line);
    }
    screen
        .write_all(s.as_bytes())
        .map_err(|e| Error::io(Path::new("<terminal>"), "cannot write", e))
}

/// The closing one-screen summary: score, band, readiness and the top five fixes, every line
/// fitted to `width` (a fix takes at most two lines, its action shortened with `…`).
/// Long on purpose: the closing summary is printed top to bottom, as the person reads it.
pub(super) fn write_summary(
    active: &Catalog,
    a: &Answers,
    name: &str,
    width: usize,
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
            let head = format!("  {:>2}. ", f.rank);
            let text = format!(
                "{} {} {} ({}): {}",
                f.priority, f.question, f.title, f.answer, f.question_action
            );
            let mut lines = wrap_lines(width, &head, "      ", &text);
            if lines.len() > 2 {
                lines.truncate(2);
                if let Some(last) = lines.last_mut() {
                    // Room for the ellipsis: drop the last word rather than cut one.
                    if last.chars().count() >= width {
                        match last.trim_end().rsplit_once(' ') {
                            Some((head, _)) if !head.trim().is_empty() => {
                                *last = head.to_string();
                            }
                            _ => {
                                last.pop();
                            }
                        }
                    }
                    last.push('…');
                }
            }
            for line in lines {
                s.push_str(&line);
                s.push('\n');
            }
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
    out.write_all(fit(&s, width).as_bytes())
        .map_err(crate::render::io_err)
}

/// `text` with every line longer than `width` wrapped, its continuation lines indented two
/// columns more than the line itself.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.chars().count() <= width {
            out.push_str(line);
            out.push('\n');
        } else {
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            wrap(&mut out, width, &indent, &format!("{indent}  "), line);
        }
    }
    out
}
