//! XLSX output: the Statement of Applicability as a workbook with "Statement of
//! Applicability", "Fix-list" and "About" sheets. Deterministic bytes; no score computed.

use crate::documents::soa::{Applicability, Implementation, Soa};
use crate::error::{Error, Result};
use crate::render::cells::{COLUMNS, about_rows, row_cells, status_line, summary_line};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// The sheet names, in workbook order.
pub const SHEETS: [&str; 3] = ["Statement of Applicability", "Fix-list", "About"];

/// The header of the Fix-list sheet.
pub const FIX_COLUMNS: [&str; 16] = [
    "Rank",
    "Priority",
    "Requirement",
    "Title",
    "Question",
    "Question text",
    "Answer",
    "Gap",
    "Action",
    "Evidence to produce",
    "Effort",
    "Owner",
    "Due",
    "ISO/IEC 42001",
    "NIST AI RMF",
    "OWASP LLM Top 10",
];

const SOA_WIDTHS: [f64; 15] = [
    10.0, 30.0, 26.0, 13.0, 40.0, 40.0, 20.0, 8.0, 40.0, 18.0, 12.0, 24.0, 14.0, 40.0, 22.0,
];
const FIX_WIDTHS: [f64; 16] = [
    6.0, 8.0, 12.0, 28.0, 14.0, 44.0, 16.0, 6.0, 50.0, 40.0, 7.0, 18.0, 12.0, 12.0, 24.0, 14.0,
];

/// Excel refuses longer cell text.
const MAX_CELL: usize = 32_767;

pub(super) fn err(e: XlsxError) -> Error {
    Error::io(
        std::path::Path::new("<xlsx>"),
        "cannot build the workbook",
        std::io::Error::other(e),
    )
}

/// Cuts text Excel could not store, saying so.
pub(super) fn fit(s: &str) -> String {
    if s.encode_utf16().count() <= MAX_CELL {
        return s.to_string();
    }
    const MARK: &str = " … [truncated: see the answers file]";
    let mut out = String::new();
    let mut n = 0;
    for ch in s.chars() {
        n += ch.len_utf16();
        if n > MAX_CELL - MARK.encode_utf16().count() {
            break;
        }
        out.push(ch);
    }
    out.push_str(MARK);
    out
}

/// Header and footer text: `&` is a control character there; Excel allows 255 characters.
pub(super) fn header_text(s: &str, max: usize) -> String {
    let mut out = String::new();
    for ch in s.chars().filter(|c| !c.is_control()).take(max) {
        if ch == '&' {
            out.push('&');
        }
        out.push(ch);
    }
    out
}

struct Styles {
    header: Format,
    cell: Format,
    score: Format,
    status: [Format; 5],
    /// Included, Excluded, To be decided (in [`Applicability::ALL`] order).
    applicability: [Format; 3],
    label: Format,
    title: Format,
}

fn styles() -> Styles {
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let fill = |rgb: u32| cell.clone().set_background_color(Color::RGB(rgb));
    Styles {
        header: Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(0x1F4E79))
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
        score: cell
            .clone()
            .set_num_format("0.0")
            .set_align(FormatAlign::Center),
        status: [
            fill(0xC6EFCE), // implemented
            fill(0xFFEB9C), // partially
            fill(0xFFC7CE), // not implemented
            fill(0xEDEDED), // not assessed
            fill(0xDDEBF7), // not applicable
        ],
        applicability: [
            cell.clone(),   // included: the normal case
            fill(0xDDEBF7), // excluded, as "not applicable"
            fill(0xF8CBAD), // to be decided: a decision is missing
        ],
        label: Format::new().set_bold().set_align(FormatAlign::Top),
        title: Format::new().set_bold().set_font_size(14),
        cell,
    }
}

/// A row height (points) that shows every line of wrapped text: some viewers do not size
/// rows with wrapped text by themselves. Estimated from the column widths (characters).
pub(super) fn row_height(cells: &[String], widths: &[f64]) -> f64 {
    let lines = cells
        .iter()
        .zip(widths)
        .map(|(text, w)| {
            let per_line = (w * 1.1).floor().max(1.0) as usize;
            text.split('\n')
                .map(|l| l.chars().count().div_ceil(per_line).max(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1);
    (lines as f64 * 15.0).min(409.0)
}

fn status_index(s: Implementation) -> usize {
    Implementation::ALL
        .iter()
        .position(|x| *x == s)
        .unwrap_or(3)
}

fn table_header(ws: &mut Worksheet, cols: &[&str], widths: &[f64], st: &Styles) -> Result<()> {
    for (i, (name, w)) in cols.iter().zip(widths).enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, *name, &st.header)
            .map_err(err)?;
        ws.set_column_width(col, *w).map_err(err)?;
    }
    ws.set_freeze_panes(1, 1).map_err(err)?;
    ws.set_repeat_rows(0, 0).map_err(err)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Renders the workbook. The output is byte-identical for the same inputs: the creation
/// date is the answers file's `date` (or 1980-01-01), and the zip entries carry a fixed time.
/// Long on purpose: it lays out the workbook sheet by sheet, cell formats next to the cells that use them.
pub fn render(soa: &Soa) -> Result<Vec<u8>> {
    let st = styles();
    let mut wb = Workbook::new();
    let created = soa
        .date
        .as_deref()
        .and_then(|d| {
            let y = d.get(0..4)?.parse().ok()?;
            let m = d.get(5..7)?.parse().ok()?;
            let day = d.get(8..10)?.parse().ok()?;
            ExcelDateTime::from_ymd(y, m, day).ok()
        })
        .map_or_else(|| ExcelDateTime::from_ymd(1980, 1, 1), Ok)
        .map_err(err)?;
    let props = DocProperties::new()
        .set_title(fit(&format!(
            "Statement of Applicability: {}",
            soa.organization
        )))
        .set_subject("ISO/IEC 42001:2023 Annex A Statement of Applicability (self-assessment)")
        .set_company(fit(&soa.organization))
        .set_comment(soa.disclaimer.as_str())
        .set_creation_datetime(&created);
    wb.set_properties(&props);

    // Sheet 1: the controls.
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[0]).map_err(err)?;
    table_header(ws, &COLUMNS, &SOA_WIDTHS, &st)?;
    for (i, c) in soa.controls.iter().enumerate() {
        let row = i as u32 + 1;
        let cells = row_cells(c);
        ws.set_row_height(row, row_height(&cells, &SOA_WIDTHS))
            .map_err(err)?;
        for (j, text) in cells.iter().enumerate() {
            let col = j as u16;
            match (COLUMNS[j], c.score) {
                ("Score", Some(x)) => {
                    ws.write_number_with_format(row, col, x, &st.score)
                        .map_err(err)?;
                }
                ("Score", None) => {
                    ws.write_string_with_format(row, col, fit(text), &st.score)
                        .map_err(err)?;
                }
                ("Applicability", _) => {
                    let k = Applicability::ALL
                        .iter()
                        .position(|x| *x == c.applicability)
                        .unwrap_or(0);
                    ws.write_string_with_format(row, col, fit(text), &st.applicability[k])
                        .map_err(err)?;
                }
                ("Implementation status", _) => {
                    let f = &st.status[status_index(c.implementation)];
                    ws.write_string_with_format(row, col, fit(text), f)
                        .map_err(err)?;
                }
                _ => {
                    ws.write_string_with_format(row, col, fit(text), &st.cell)
                        .map_err(err)?;
                }
            }
        }
    }
    let last = soa.controls.len() as u32;
    ws.autofilter(0, 0, last, COLUMNS.len() as u16 - 1)
        .map_err(err)?;
    // Printed pages carry the organization and the assessment date (not the print date).
    ws.set_header(format!(
        "&LStatement of Applicability: {}&C{}&R{}",
        header_text(&soa.organization, 100),
        header_text(&soa.approval(), 60),
        header_text(soa.date.as_deref().unwrap_or(""), 10)
    ));
    ws.set_footer("&LSelf-assessment, not a certification&RPage &P of &N");

    // Sheet 2: the fix-list.
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[1]).map_err(err)?;
    table_header(ws, &FIX_COLUMNS, &FIX_WIDTHS, &st)?;
    for (i, f) in soa.fixes.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_number_with_format(row, 0, f.rank as f64, &st.cell)
            .map_err(err)?;
        ws.write_number_with_format(row, 7, f.gap, &st.score)
            .map_err(err)?;
        let texts = [
            (1, f.priority.clone()),
            (2, f.requirement.clone()),
            (3, f.title.clone()),
            (4, f.question.clone()),
            (5, f.question_text.clone()),
            (6, f.answer.clone()),
            (8, f.action.clone()),
            (9, f.evidence.join("\n")),
            (10, f.effort.clone()),
            (11, f.owner.clone().unwrap_or_default()),
            (12, f.due.clone().unwrap_or_default()),
            (13, f.citations.iso.clone()),
            (14, f.citations.nist.join("; ")),
            (15, f.citations.owasp.join("; ")),
        ];
        let mut widths = vec![0.0; texts.len()];
        for (k, (col, _)) in texts.iter().enumerate() {
            widths[k] = FIX_WIDTHS[usize::from(*col)];
        }
        let cells: Vec<String> = texts.iter().map(|(_, t)| t.clone()).collect();
        ws.set_row_height(row, row_height(&cells, &widths))
            .map_err(err)?;
        for (col, text) in texts {
            ws.write_string_with_format(row, col, fit(&text), &st.cell)
                .map_err(err)?;
        }
    }
    ws.autofilter(0, 0, soa.fixes.len() as u32, FIX_COLUMNS.len() as u16 - 1)
        .map_err(err)?;
    ws.set_footer("&LSelf-assessment, not a certification&RPage &P of &N");

    // Sheet 3: about this workbook.
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[2]).map_err(err)?;
    ws.set_column_width(0, 28).map_err(err)?;
    ws.set_column_width(1, 100).map_err(err)?;
    ws.set_print_fit_to_pages(1, 0);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.write_string_with_format(0, 0, "Statement of Applicability", &st.title)
        .map_err(err)?;
    let mut row = 2;
    let mut put = |ws: &mut Worksheet, k: &str, v: &str| -> Result<()> {
        ws.write_string_with_format(row, 0, k, &st.label)
            .map_err(err)?;
        ws.write_string_with_format(row, 1, fit(v), &wrap)
            .map_err(err)?;
        ws.set_row_height(row, row_height(&[v.to_string()], &[100.0]))
            .map_err(err)?;
        row += 1;
        Ok(())
    };
    for (k, v) in about_rows(soa) {
        put(ws, k, &v)?;
    }
    put(
        ws,
        "Generated by",
        &format!("aimscore {}", soa.tool_version),
    )?;
    put(ws, "Summary", &summary_line(soa))?;
    put(ws, "Controls by status", &status_line(soa))?;
    for s in Implementation::ALL {
        put(ws, &format!("Status \"{}\"", s.as_str()), s.meaning())?;
    }
    put(
        ws,
        "Applicability",
        "Included: at least one question of the control is answered and not all are na. Excluded: every question is na with a justification. To be decided: none of its questions is answered yet.",
    )?;
    put(
        ws,
        "Justification for inclusion",
        "The risks of the answers file's risk register whose treatment names the control, then the reasons (risk, legal, contractual, business, best practice) and note given for it under soa: in the answers file.",
    )?;
    put(
        ws,
        "Exclusions",
        "A control is excluded only when every one of its questions is answered na; a control with some na questions stays included, and its excluded questions are listed with their justifications.",
    )?;
    put(ws, "Disclaimer", &soa.disclaimer)?;

    wb.save_to_buffer().map_err(err)
}
