//! Text output for a terminal: the report (readiness, section scores and the top fixes in
//! tables), the portfolio summary, a comparison, `check`'s summary and the inventory table.
//! Every user string passes [`terminal_safe`]; no score is computed here.

pub mod catalog;
pub mod check;
pub mod comparison;
pub mod inventory;
pub mod portfolio;
pub mod register;
pub mod roadmap;

use crate::documents::{Report, fmt_score, ready_label};
use crate::error::Result;
use crate::render::io_err;
use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

/// Stands for ESC in our own colour codes until [`terminal_safe`] has removed every control
/// character that came from user text (a private-use character no answers file needs).
const ESC: char = crate::terminal::MARKER;

/// Removes control characters (terminal escape sequences included) that user text could carry
/// into a terminal, then turns our own colour markers into real escape codes.
pub fn terminal_safe(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            ESC => Some('\x1b'),
            c if crate::terminal::unsafe_char(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Fixes shown in the text report when `--top` is not given.
pub const DEFAULT_TOP: usize = 10;

fn paint(s: &str, band: Option<&str>, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let code = match band {
        Some("Ready") => "32",
        Some("Established") => "36",
        Some("Developing") => "33",
        Some("Initial") => "31",
        _ => return s.to_string(),
    };
    format!("{ESC}[{code}m{s}{ESC}[0m")
}

/// The width text tables fit: the terminal's when standard output is one, 80 columns
/// otherwise, and never less than 80.
pub fn width() -> u16 {
    Table::new().width().unwrap_or(80).max(80)
}

fn table() -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width());
    t
}

/// User or catalog text for a table cell: control characters and the escape placeholder
/// removed, so that nothing in a cell can reach the terminal as a code.
fn clean(s: &str) -> String {
    crate::terminal::clean(s)
}

/// A score cell, coloured by band through the table's own styling, so the colour codes never
/// count as width.
fn score_cell(s: &str, band: Option<&str>, color: bool) -> Cell {
    let cell = Cell::new(s);
    if !color {
        return cell;
    }
    match band {
        Some("Ready") => cell.fg(comfy_table::Color::Green),
        Some("Established") => cell.fg(comfy_table::Color::Cyan),
        Some("Developing") => cell.fg(comfy_table::Color::Yellow),
        Some("Initial") => cell.fg(comfy_table::Color::Red),
        _ => cell,
    }
}

/// A table as text: user text in its cells has had its control characters removed by
/// [`terminal_safe`] (see `cells`), so the only escape codes left are the table's own
/// colours, kept through the final [`terminal_safe`] pass.
fn table_text(t: &mut Table, color: bool) -> String {
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t.to_string().replace('\x1b', &ESC.to_string())
}

/// The Stage 1 and Stage 2 verdicts, every Stage 2 reason on its own line.
fn readiness(r: &Report) -> String {
    let mut s = String::new();
    if let Some(note) = &r.snapshot_note {
        s.push_str(&format!("{note}\n"));
    }
    s.push_str(&format!(
        "Stage 1 (documentation): {}",
        ready_label(r.stage1.ready)
    ));
    if !r.stage1.blockers.is_empty() {
        s.push_str(&format!(
            " - unmet blockers: {}",
            r.stage1.blockers.join(", ")
        ));
    }
    s.push('\n');
    s.push_str(&format!(
        "Stage 2 (operation):     {}\n",
        ready_label(r.stage2.ready)
    ));
    for why in &r.stage2.reasons {
        s.push_str(&format!("  - {}\n", why.message));
    }
    s
}

/// The framework views in a few lines: each NIST AI RMF function, the three weakest OWASP LLM
/// and Agentic risks, and the EU AI Act summary when the file has an `eu_ai_act` block.
fn frameworks(r: &Report) -> String {
    let f = &r.frameworks;
    let mut s = format!(
        "Framework views (NIST AI RMF links: {}; OWASP and EU AI Act links are editorial):\n",
        f.nist_ai_rmf.links
    );
    for x in &f.nist_ai_rmf.functions {
        s.push_str(&format!(
            "  NIST {:<8} {:>5}  {:<11}  {} of {} subcategories covered\n",
            x.id,
            fmt_score(x.score),
            x.band.as_deref().unwrap_or("n/a"),
            x.covered,
            x.subcategories
        ));
    }
    for (name, list) in [
        ("OWASP LLM", &f.owasp_llm_2025),
        ("OWASP Agentic", &f.owasp_agentic_2026),
    ] {
        let mut weakest: Vec<_> = list.iter().filter(|x| x.score.is_some()).collect();
        weakest.sort_by(|a, b| {
            a.score
                .partial_cmp(&b.score)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for x in weakest.iter().take(3) {
            s.push_str(&format!(
                "  {name} {} {} {}  weakest: {}\n",
                x.id,
                x.title,
                fmt_score(x.score),
                x.weakest.join(", ")
            ));
        }
    }
    if let Some(eu) = &f.eu_ai_act {
        let count = |st: &str| eu.articles.iter().filter(|a| a.status == st).count();
        s.push_str(&format!(
            "  EU AI Act ({}): {} applicable articles supported by the AIMS: {} supported, {} partly, {} weak",
            eu.roles.join(", "),
            eu.articles.len(),
            count("supported"),
            count("partly"),
            count("weak")
        ));
        if !eu.not_covered.is_empty() {
            s.push_str(&format!(
                "; act on separately: {}",
                eu.not_covered.join(", ")
            ));
        }
        s.push_str(
            ".\n  Not legal advice; ISO/IEC 42001 certification is not EU AI Act conformity.\n",
        );
    }
    s.push('\n');
    s
}

/// The policy the verdict was computed under, in a line.
pub fn policy_line(r: &Report) -> String {
    let p = &r.policy;
    if p.sha256 == "default" {
        return "default (built in; README, \"Scoring policy\")".to_string();
    }
    let mut s = format!("{} (sha256 {})", p.name, p.sha256);
    if !p.changes.is_empty() {
        s.push_str(&format!("; changes: {}", p.changes.join("; ")));
    }
    s
}

/// The fix-list: each fix's own action first, then the requirement's first step.
fn fix_list(r: &Report) -> String {
    let mut s = String::new();
    if r.fixes.is_empty() {
        s.push_str("Fix-list: nothing to fix: every applicable question scores 1.\n\n");
        if r.snapshot_note.is_some() {
            s.push_str(
                "Next: run the full assessment (`aimscore ask` continues this file into it).\n\n",
            );
        }
        return s;
    }
    s.push_str(&format!(
        "Fix-list: top {} of {} (P1 Stage 1 blockers, P2 critical or gap >= 1.5, P3 the rest; largest gap first)\n\n",
        r.fixes.len(),
        r.fixes_total
    ));
    for f in &r.fixes {
        let flag = if f.blocker {
            "  (blocker)"
        } else if f.critical {
            "  (critical)"
        } else {
            ""
        };
        s.push_str(&format!(
            "{:>3}. [{}] {}  {} {}{flag}\n",
            f.rank, f.priority, f.question, f.requirement, f.title
        ));
        s.push_str(&format!("     Q: {}\n", f.question_text));
        s.push_str(&format!(
            "     Answer: {}   Gap: {:.1}   Effort: {}",
            f.answer, f.gap, f.effort
        ));
        if let Some(o) = &f.owner {
            s.push_str(&format!("   Owner: {o}"));
        }
        if let Some(d) = &f.due {
            s.push_str(&format!("   Due: {d}"));
        }
        s.push('\n');
        s.push_str(&format!("     Do: {}\n", f.question_action));
        let step = first_sentence(&f.action);
        let abridged = if step.len() < f.action.trim().len() {
            " (first step; --format md|html|json gives all steps)"
        } else {
            ""
        };
        s.push_str(&format!("     Then: {step}{abridged}\n"));
        let mut cites = format!("ISO/IEC 42001:2023 {}", f.citations.iso);
        if !f.citations.nist.is_empty() {
            cites.push_str(&format!("; NIST AI RMF {}", f.citations.nist.join(", ")));
        }
        if !f.citations.owasp.is_empty() {
            cites.push_str(&format!("; OWASP LLM {}", f.citations.owasp.join(", ")));
        }
        s.push_str(&format!("     Cites: {cites}\n"));
    }
    if r.fixes.len() < r.fixes_total {
        s.push_str(&format!(
            "{} more fixes: use --top N, or --format md|html|json|csv for the full list.\n",
            r.fixes_total - r.fixes.len()
        ));
    }
    if r.snapshot_note.is_some() {
        s.push_str("Next: run the full assessment (`aimscore ask` continues this file into it).\n");
    }
    s.push('\n');
    s
}

/// Long on purpose: it prints the text report top to bottom; the fix-list and readiness blocks are their own functions.
pub fn render(r: &Report, color: bool, out: &mut dyn Write) -> Result<()> {
    // User text is cleaned before our colour codes join it; a report that would not read back
    // is printed without colour and cleaned whole.
    let clean_copy = crate::terminal::cleaned(r);
    let (r, color) = match &clean_copy {
        Some(c) => (c, color),
        None => (r, false),
    };
    let mut s = String::new();
    s.push_str(&format!(
        "ISO/IEC 42001:2023 readiness: {}\n",
        r.organization
    ));
    if let Some(scope) = &r.scope {
        s.push_str(&format!("Scope: {scope}\n"));
    }
    let mut line = Vec::new();
    if let Some(a) = &r.assessor {
        line.push(format!("Assessor: {a}"));
    }
    if let Some(d) = &r.date {
        line.push(format!("Date: {d}"));
    }
    if !r.profiles.is_empty() {
        line.push(format!("Profiles: {}", r.profiles.join(", ")));
    }
    if !line.is_empty() {
        s.push_str(&line.join("   "));
        s.push('\n');
    }
    s.push('\n');
    let band = r.overall.band.as_deref();
    s.push_str(&format!(
        "Overall {} ({})   Management system {}   Annex A {}   Completeness {:.1}% ({} of {} answered)\n",
        paint(&fmt_score(r.overall.score), band, color),
        band.unwrap_or("n/a"),
        fmt_score(r.management_system.score),
        fmt_score(r.annex_a.score),
        r.overall.completeness,
        r.overall.answered,
        r.overall.questions,
    ));
    s.push_str(&readiness(r));
    s.push('\n');

    let mut t = table();
    t.set_header(vec!["Section", "Title", "Score", "Band", "Answered"]);
    for sec in &r.sections {
        t.add_row(vec![
            Cell::new(clean(&sec.id)),
            Cell::new(clean(&sec.title)),
            score_cell(&fmt_score(sec.score), sec.band.as_deref(), color),
            Cell::new(sec.band.as_deref().unwrap_or("n/a")),
            Cell::new(format!("{}/{}", sec.answered, sec.questions)),
        ]);
    }
    s.push_str(&table_text(&mut t, color));
    s.push_str("\n\n");

    s.push_str(&frameworks(r));
    s.push_str(&fix_list(r));
    s.push_str(&roadmap::section(&r.roadmap, r.fixes_total));
    if let Some(reg) = &r.evidence_register {
        super::evidence::report_section(reg, &mut s);
        s.push('\n');
    }
    if !r.inventory_findings.is_empty() {
        // One row per kind of finding, listing its servers; md and json give every message.
        s.push_str(&format!("{}\n", crate::documents::INVENTORY_NOTE));
        let mut t = table();
        t.set_header(vec!["Requirement", "Finding", "Servers (config file)"]);
        let mut codes: Vec<&str> = Vec::new();
        for f in &r.inventory_findings {
            if !codes.contains(&f.code.as_str()) {
                codes.push(&f.code);
            }
        }
        codes.sort_by_key(|c| {
            crate::documents::INVENTORY_CODES
                .iter()
                .position(|k| k == c)
        });
        for code in codes {
            let of: Vec<_> = r
                .inventory_findings
                .iter()
                .filter(|f| f.code == code)
                .collect();
            let mut servers: Vec<String> = of
                .iter()
                .map(|f| format!("{} ({})", clean(&f.server), clean(&f.file)))
                .collect();
            servers.dedup();
            t.add_row(vec![
                Cell::new(clean(&of[0].requirement)),
                Cell::new(format!("{code} ({})", servers.len())),
                Cell::new(clean(&servers.join("\n"))),
            ]);
        }
        s.push_str(&table_text(&mut t, false));
        s.push_str("\nEach finding's detail: --format md or json.\n\n");
    }
    s.push_str(&register::registers(r));
    if !r.exclusions.is_empty() {
        s.push_str("Exclusions (na):\n");
        for e in &r.exclusions {
            s.push_str(&format!(
                "  {} ({} {}): {}\n",
                e.question, e.requirement, e.title, e.justification
            ));
        }
        s.push('\n');
    }
    s.push_str(&format!("Policy: {}\n", policy_line(r)));
    s.push_str(&format!("Method: {}\n\n", r.method));
    s.push_str(&format!("Disclaimer: {}\n", r.disclaimer));
    let s = wrap_long_lines(&s, usize::from(width()));
    let s = if color {
        terminal_safe(&s)
    } else {
        crate::terminal::clean(&s)
    };
    out.write_all(s.as_bytes()).map_err(io_err)
}

/// Every line wider than `width` columns broken at spaces, so prose never runs past the
/// terminal's edge and wraps mid-word there: a continuation line starts under the text after
/// the line's label (`     Q: `, `Scope: `) or bullet (`  - `). Tables already fit and are left
/// alone, and so is the disclaimer; colour codes count no width; a word longer than a line
/// stands alone.
fn wrap_long_lines(s: &str, width: usize) -> String {
    // Our colour codes are still ESC markers here (see `table_text`); a real escape counts too.
    let visible = |w: &str| {
        let mut n = 0;
        let mut esc = false;
        for c in w.chars() {
            match c {
                '\u{1b}' | ESC => esc = true,
                c if esc => esc = !c.is_ascii_alphabetic(),
                _ => n += 1,
            }
        }
        n
    };
    let mut out = String::with_capacity(s.len() + s.len() / 20);
    for line in s.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        // The disclaimer stays one line, word for word, for whoever searches the output for it.
        if visible(body) <= width || body.starts_with("Disclaimer: ") {
            out.push_str(line);
            continue;
        }
        let lead = body.len() - body.trim_start_matches(' ').len();
        let text = &body[lead..];
        let hang = if text.starts_with("- ") {
            2
        } else {
            match text.find(": ") {
                Some(i) if i <= 14 && !text[..i].contains('[') => i + 2,
                _ => 2,
            }
        };
        let indent = " ".repeat((lead + hang).min(width / 2));
        // Words with the spaces before them, so a run of spaces between fields stays.
        let mut words: Vec<(usize, &str)> = Vec::new();
        let mut gap = 0;
        for w in text.split(' ') {
            if w.is_empty() {
                gap += 1;
            } else {
                words.push((gap + usize::from(!words.is_empty()), w));
                gap = 0;
            }
        }
        let mut cur = " ".repeat(lead);
        let mut cur_len = lead;
        let mut fresh = true;
        for (spaces, word) in words {
            let wl = visible(word);
            if !fresh && cur_len + spaces + wl > width {
                out.push_str(&cur);
                out.push('\n');
                cur = indent.clone();
                cur_len = indent.len();
                fresh = true;
            }
            if !fresh {
                cur.push_str(&" ".repeat(spaces));
                cur_len += spaces;
            }
            cur.push_str(word);
            cur_len += wl;
            fresh = false;
        }
        out.push_str(&cur);
        if line.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The first step of a fix ("1) …") or first sentence, for a compact table.
fn first_sentence(s: &str) -> String {
    let s = s.trim();
    let cut = if s.starts_with("1)") {
        s.find(" 2)").unwrap_or(s.len())
    } else {
        s.find(". ").map(|i| i + 1).unwrap_or(s.len())
    };
    s[..cut].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_under_their_label_and_tables_stay() {
        let long = format!("     Q: {}\n", "word ".repeat(30).trim_end());
        let out = wrap_long_lines(&long, 40);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{out}");
        assert!(lines[1].starts_with("        word"), "{out}");
        assert_eq!(
            out.split_whitespace().count(),
            long.split_whitespace().count()
        );
        let bullet = wrap_long_lines(&format!("  - {}\n", "ab ".repeat(30)), 30);
        assert!(
            bullet.lines().nth(1).unwrap().starts_with("    ab"),
            "{bullet}"
        );
        // Colour codes count no width; a short table line is left as it is.
        let painted = format!("{ESC}[32m80.0{ESC}[0m ok\n");
        assert_eq!(wrap_long_lines(&painted, 10), painted);
        // Runs of spaces between fields stay.
        let fields = "Overall 80.0   Annex A 70.0   Completeness 100%\n";
        assert_eq!(
            wrap_long_lines(fields, 30).lines().next(),
            Some("Overall 80.0   Annex A 70.0")
        );
        let table = "│ a ┆ b │\n";
        assert_eq!(wrap_long_lines(table, 80), table);
    }

    #[test]
    fn user_escape_sequences_never_reach_the_terminal() {
        let hostile = "org\x1b]0;pwned\x07\x1b[2J\r\u{9b}31m";
        let out = terminal_safe(&format!(
            "{}{}",
            paint("80.0", Some("Ready"), true),
            hostile
        ));
        assert_eq!(out, "\x1b[32m80.0\x1b[0morg]0;pwned[2J31m");
    }
}
