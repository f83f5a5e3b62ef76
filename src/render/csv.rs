//! The CSV report: the fix-list as a spreadsheet-ready table, one row per fix with every
//! citation, owner and due date. Text cells are guarded against formula injection; the
//! renderer presents the model and computes nothing.

use super::cells::{COLUMNS, row_cells};
use super::io_err;
use crate::documents::soa::Soa;
use crate::documents::{FixView, Report};
use crate::error::Result;
use std::io::Write;

/// The header of the fix-list table.
pub const HEADER: [&str; 16] = [
    "rank",
    "priority",
    "requirement",
    "title",
    "question",
    "question_text",
    "answer",
    "gap",
    "action",
    "evidence",
    "effort",
    "owner",
    "due",
    "iso",
    "nist",
    "owasp",
];

/// Renders the fix-list of one report.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut w = writer(out);
    write_row(&mut w, HEADER.iter().map(|s| s.to_string()))?;
    for f in &report.fixes {
        write_row(&mut w, fix_cells(f))?;
    }
    w.flush().map_err(io_err)
}

/// The header of the roadmap table (`--view roadmap --format csv`).
pub const ROADMAP_HEADER: [&str; 12] = [
    "phase",
    "phase_title",
    "rank",
    "priority",
    "question",
    "requirement",
    "title",
    "effort",
    "effort_days",
    "owner",
    "due",
    "overdue",
];

/// Renders the roadmap of one report: one row per fix, phase by phase, in fix-list order;
/// every text cell cleaned of control characters and guarded. `effort_days` carries the requirement's days on its first fix in the phase and 0 on the
/// others, so the column sums to the phases' totals.
pub fn render_roadmap(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut w = writer(out);
    write_row(&mut w, ROADMAP_HEADER.iter().map(|s| s.to_string()))?;
    for p in &report.roadmap.phases {
        for i in &p.items {
            write_row(
                &mut w,
                vec![
                    p.id.to_string(),
                    cell(&p.title),
                    i.rank.to_string(),
                    cell(&i.priority),
                    cell(&i.question),
                    cell(&i.requirement),
                    cell(&i.title),
                    cell(&i.effort),
                    i.effort_days.to_string(),
                    cell(i.owner.as_deref().unwrap_or("")),
                    cell(i.due.as_deref().unwrap_or("")),
                    if i.overdue { "yes" } else { "" }.to_string(),
                ],
            )?;
        }
    }
    w.flush().map_err(io_err)
}

/// A roadmap cell: control characters removed (the CSV often lands on a terminal, and no
/// spreadsheet needs them), then guarded against formula injection.
fn cell(s: &str) -> String {
    guard(s)
}

/// The header of a portfolio's table: a leading `file` column, then the fix-list's.
pub fn portfolio_header(out: &mut dyn Write) -> Result<()> {
    let mut w = writer(out);
    write_row(
        &mut w,
        std::iter::once("file".to_string()).chain(HEADER.iter().map(|s| s.to_string())),
    )?;
    w.flush().map_err(io_err)
}

/// One report's rows of a portfolio's table (one per fix, its file first).
pub fn portfolio_rows(r: &Report, out: &mut dyn Write) -> Result<()> {
    let mut w = writer(out);
    for f in &r.fixes {
        write_row(
            &mut w,
            std::iter::once(guard(&r.source)).chain(fix_cells(f)),
        )?;
    }
    w.flush().map_err(io_err)
}

/// The row of a portfolio file that could not be assessed: its name, `error` as the priority,
/// "input error" as the title and the message as the action, so a filter on `priority` finds
/// every failed file and the sheet still says which files it covers.
pub fn portfolio_error_row(file: &str, error: &str, out: &mut dyn Write) -> Result<()> {
    let mut w = writer(out);
    let mut cells = vec![String::new(); HEADER.len()];
    cells[1] = "error".to_string();
    cells[3] = "input error".to_string();
    cells[8] = guard(error);
    write_row(&mut w, std::iter::once(guard(file)).chain(cells))?;
    w.flush().map_err(io_err)
}

/// A CSV cell made safe: control characters removed (a CSV often lands on a terminal, and no
/// spreadsheet needs them; line breaks and tabs stay), then a cell a spreadsheet would run as a
/// formula (text starting with `=`, `+`, `-`, `@` or a tab) gets a leading apostrophe (the
/// OWASP CSV-injection advice).
pub fn guard(s: &str) -> String {
    let s = crate::terminal::clean(s);
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s,
    }
}

/// Renders the control table as CSV: one header row, then one row per control in catalog
/// order; lists inside a cell are one item per line. Every text cell is guarded against formula
/// injection (catalog text too, since `--catalog DIR` can replace it).
/// Every row ends with the document control ("Version …, approved by … on …" or "Draft: not
/// approved"), so that a row copied out of the file still says which SoA it belongs to.
pub fn render_soa(soa: &Soa, out: &mut dyn Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let csv_err = |e: ::csv::Error| io_err(std::io::Error::other(e));
    w.write_record(COLUMNS.iter().chain(&["Document control"]))
        .map_err(csv_err)?;
    let approval = soa.approval();
    for c in &soa.controls {
        let row = row_cells(c);
        w.write_record(row.iter().chain([&approval]).map(|s| guard(s)))
            .map_err(csv_err)?;
    }
    w.flush().map_err(io_err)
}

/// A CSV writer with the crate's defaults: comma-separated, quoted where needed, `\n` line ends.
fn writer(out: &mut dyn Write) -> ::csv::Writer<&mut dyn Write> {
    ::csv::Writer::from_writer(out)
}

fn write_row(
    w: &mut ::csv::Writer<&mut dyn Write>,
    cells: impl IntoIterator<Item = String>,
) -> Result<()> {
    w.write_record(cells.into_iter().collect::<Vec<_>>())
        .map_err(|e| io_err(std::io::Error::other(e)))
}

/// The cells of one fix. Every text cell is guarded, whether it comes from the answers file
/// (owner) or the catalog (which `--catalog DIR` can replace); numbers are written as numbers.
fn fix_cells(f: &FixView) -> Vec<String> {
    vec![
        f.rank.to_string(),
        guard(&f.priority),
        guard(&f.requirement),
        guard(&f.title),
        guard(&f.question),
        guard(&f.question_text),
        guard(&f.answer),
        format!("{:.1}", f.gap),
        guard(&f.action),
        guard(&f.evidence.join("; ")),
        guard(&f.effort),
        guard(f.owner.as_deref().unwrap_or("")),
        guard(f.due.as_deref().unwrap_or("")),
        guard(&f.citations.iso),
        guard(&f.citations.nist.join("; ")),
        guard(&f.citations.owasp.join("; ")),
    ]
}

#[cfg(test)]
mod tests {
    use super::guard;
    use super::guard as csv_guard;

    #[test]
    fn csv_guard_prefixes_formula_starters_only() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"] {
            assert_eq!(csv_guard(s), format!("'{s}"));
        }
        assert_eq!(csv_guard("a=1"), "a=1");
        assert_eq!(csv_guard(""), "");
    }

    #[test]
    fn control_characters_go_before_the_formula_guard() {
        // A carriage return is removed (it would let a terminal line be overwritten), and what
        // follows it is guarded as the cell's start.
        assert_eq!(guard("\r=1+1"), "'=1+1");
        assert_eq!(guard("\rx"), "x");
        assert_eq!(guard("CISO\u{1b}[31m"), "CISO[31m");
        assert_eq!(guard("a\nb"), "a\nb");
        assert_eq!(guard("CISO"), "CISO");
        assert_eq!(guard(""), "");
        assert_eq!(guard("a=b"), "a=b");
    }
}
