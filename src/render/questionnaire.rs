//! XLSX output: the spreadsheet questionnaire (`init --format xlsx`, `export`): an "About" sheet
//! with the header fields, the instructions and the disclaimer, and a "Questionnaire" sheet with
//! one row per question, pre-filled with the answers when there are some. The layout (sheet
//! names, columns, labels) is the contract in [`crate::answers::workbook`], which reads the
//! workbook back. Deterministic bytes; nothing is scored here.

use super::xlsx::{err, fit, header_text, row_height};
use crate::answers::workbook::{
    ABOUT, ANNEX_ANSWERS, CLAUSE_ANSWERS, COLUMNS, FIELDS, QUESTIONNAIRE, col,
};
use crate::answers::{Answer, AnswerValue, Meta, Tier};
use crate::catalog::{Catalog, Kind};
use crate::documents::DISCLAIMER;
use crate::error::Result;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet,
};
use std::collections::BTreeMap;

/// Column widths (characters), in the order of [`COLUMNS`].
const WIDTHS: [f64; 14] = [
    11.0, 16.0, 24.0, 48.0, 7.0, 6.0, 10.0, 9.0, 34.0, 30.0, 16.0, 11.0, 30.0, 60.0,
];

/// How to fill in the questionnaire, one paragraph per row of the About sheet.
const HOW_TO: [&str; 7] = [
    "Fill in the yellow cells only: the header fields above and, on the Questionnaire sheet, the columns Answer to Justification. The other columns come from the catalog and are locked.",
    "Answer: yes, partial, no, or a maturity level 0 to 5 (pick from the list). na (not applicable) is offered on Annex A rows only and needs a Justification; clauses 4 to 10 are mandatory.",
    "Evidence: one item per line (Alt+Enter in Excel, Ctrl+Enter in LibreOffice): document paths, links, record ids. A yes without evidence scores as partial: audits want records, not assertions.",
    "Due: a date (YYYY-MM-DD). Owner and Note: free text. An empty Answer leaves the question unanswered (it scores 0).",
    "Filter, sort and resize as you like: rows are read by their Id, so moving or deleting rows is safe (a deleted row is just unanswered). Do not rename the sheets or the header row.",
    "Send the filled workbook back; it is read with `aimscore import q.xlsx -o answers.yaml` or assessed directly with `aimscore assess q.xlsx`.",
    "The sheets are protected without a password only to keep the catalog columns intact (Review > Unprotect Sheet lifts it).",
];

struct Styles {
    header: Format,
    locked: Format,
    number: Format,
    input: Format,
    date: Format,
    label: Format,
    title: Format,
    wrap: Format,
}

fn styles() -> Styles {
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBFBFBF));
    let input = cell
        .clone()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF9E0));
    Styles {
        header: Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(0x1F4E79))
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin),
        number: cell.clone().set_align(FormatAlign::Center),
        date: input.clone().set_num_format("yyyy-mm-dd"),
        input,
        locked: cell.set_background_color(Color::RGB(0xF2F2F2)),
        label: Format::new().set_bold().set_align(FormatAlign::Top),
        title: Format::new().set_bold().set_font_size(14),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
    }
}

/// Protection that keeps the catalog columns intact and leaves everything a reviewer does with
/// a list free: editing the unlocked cells, filtering, sorting, resizing columns and rows.
fn protection() -> ProtectionOptions {
    ProtectionOptions {
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    }
}

/// A `YYYY-MM-DD` text as a date cell value.
fn date_of(s: &str) -> Option<ExcelDateTime> {
    let y = s.get(0..4)?.parse().ok()?;
    let m = s.get(5..7)?.parse().ok()?;
    let d = s.get(8..10)?.parse().ok()?;
    ExcelDateTime::from_ymd(y, m, d).ok()
}

/// The workbook for `catalog` (which carries the profiles), with the header fields of `meta` and
/// the `answers` filled in. A snapshot (`meta.tier`) lists the snapshot questions only. The
/// bytes are the same for the same inputs: the creation date is `meta.date` (or 1980-01-01).
pub fn render(
    catalog: &Catalog,
    meta: &Meta,
    answers: &BTreeMap<String, Answer>,
) -> Result<Vec<u8>> {
    let st = styles();
    let mut wb = Workbook::new();
    let created = meta
        .date
        .as_deref()
        .and_then(date_of)
        .map_or_else(|| ExcelDateTime::from_ymd(1980, 1, 1), Ok)
        .map_err(err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(fit(&format!(
                "ISO/IEC 42001 questionnaire: {}",
                meta.organization
            )))
            .set_subject("ISO/IEC 42001:2023 readiness questionnaire (self-assessment)")
            .set_company(fit(&meta.organization))
            .set_comment(DISCLAIMER)
            .set_creation_datetime(&created),
    );
    about_sheet(wb.add_worksheet(), catalog, meta, &st)?;
    questionnaire_sheet(wb.add_worksheet(), catalog, meta, answers, &st)?;
    wb.save_to_buffer().map_err(err)
}

fn about_sheet(ws: &mut Worksheet, catalog: &Catalog, meta: &Meta, st: &Styles) -> Result<()> {
    ws.set_name(ABOUT).map_err(err)?;
    ws.set_column_width(0, 30).map_err(err)?;
    ws.set_column_width(1, 90).map_err(err)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.write_string_with_format(0, 0, "ISO/IEC 42001 readiness questionnaire", &st.title)
        .map_err(err)?;
    ws.write_string_with_format(
        1,
        0,
        format!("Catalog \"{}\" {}", catalog.name, catalog.version),
        &st.wrap,
    )
    .map_err(err)?;
    let eu = meta.eu_ai_act.as_ref();
    let flag = |b: Option<bool>| b.map(|b| if b { "yes" } else { "no" }.to_string());
    let values: [Option<String>; 11] = [
        Some(meta.organization.clone()),
        meta.scope.clone(),
        meta.assessor.clone(),
        meta.date.clone(),
        Some(meta.tier.as_str().to_string()),
        Some(meta.profiles.join(", ")),
        eu.map(|e| e.roles.join(", ")),
        flag(eu.map(|e| e.high_risk)),
        flag(eu.map(|e| e.transparency)),
        flag(eu.map(|e| e.gpai_systemic_risk)),
        meta.inventory.clone(),
    ];
    let mut row = 3;
    for ((label, _), value) in FIELDS.iter().zip(values) {
        ws.write_string_with_format(row, 0, *label, &st.label)
            .map_err(err)?;
        let v = value.unwrap_or_default();
        ws.write_string_with_format(row, 1, fit(&v), &st.input)
            .map_err(err)?;
        ws.set_row_height(row, row_height(&[v], &[90.0]))
            .map_err(err)?;
        row += 1;
    }
    let tiers = DataValidation::new()
        .allow_list_strings(&["full", "snapshot"])
        .map_err(err)?;
    ws.add_data_validation(7, 1, 7, 1, &tiers).map_err(err)?;
    let yes_no = DataValidation::new()
        .allow_list_strings(&["yes", "no"])
        .map_err(err)?;
    ws.add_data_validation(10, 1, 12, 1, &yes_no).map_err(err)?;
    row += 1;
    ws.write_string_with_format(row, 0, "How to fill it in", &st.title)
        .map_err(err)?;
    row += 1;
    for (i, text) in HOW_TO.iter().enumerate() {
        ws.write_string_with_format(row, 0, format!("{}.", i + 1), &st.label)
            .map_err(err)?;
        ws.write_string_with_format(row, 1, *text, &st.wrap)
            .map_err(err)?;
        ws.set_row_height(row, row_height(&[text.to_string()], &[90.0]))
            .map_err(err)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Disclaimer", &st.label)
        .map_err(err)?;
    ws.write_string_with_format(row, 1, DISCLAIMER, &st.wrap)
        .map_err(err)?;
    ws.set_row_height(row, row_height(&[DISCLAIMER.to_string()], &[90.0]))
        .map_err(err)?;
    ws.protect_with_options(&protection());
    Ok(())
}

/// The text of an answer's cells (Answer is written on its own: a maturity is a number).
fn answer_texts(a: &Answer) -> [(u16, String); 4] {
    [
        (col::EVIDENCE, a.evidence_refs().join("\n")),
        (col::NOTE, a.note.clone().unwrap_or_default()),
        (col::OWNER, a.owner.clone().unwrap_or_default()),
        (
            col::JUSTIFICATION,
            a.justification.clone().unwrap_or_default(),
        ),
    ]
}

/// Long on purpose: it lays out one row per question, cell by cell, next to the formats and
/// validations those cells use.
fn questionnaire_sheet(
    ws: &mut Worksheet,
    catalog: &Catalog,
    meta: &Meta,
    answers: &BTreeMap<String, Answer>,
    st: &Styles,
) -> Result<()> {
    ws.set_name(QUESTIONNAIRE).map_err(err)?;
    ws.set_active(true);
    for (i, (name, w)) in COLUMNS.iter().zip(WIDTHS).enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, *name, &st.header)
            .map_err(err)?;
        ws.set_column_width(c, w).map_err(err)?;
    }
    ws.set_row_height(0, 30).map_err(err)?;
    ws.set_freeze_panes(1, 1).map_err(err)?;
    ws.set_repeat_rows(0, 0).map_err(err)?;
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!(
        "&LISO/IEC 42001 questionnaire: {}&R{}",
        header_text(&meta.organization, 120),
        header_text(meta.date.as_deref().unwrap_or(""), 10)
    ));
    ws.set_footer("&LSelf-assessment, not a certification&RPage &P of &N");

    let snapshot = meta.tier == Tier::Snapshot;
    let mut row = 0u32;
    // Runs of consecutive rows of one kind share a validation (fewer records in the file).
    let mut runs: Vec<(Kind, u32, u32)> = Vec::new();
    for (r, q) in catalog.questions().filter(|(_, q)| q.snapshot || !snapshot) {
        row += 1;
        let sec = catalog.section_of(r);
        let mut flags = Vec::new();
        if q.blocker {
            flags.push("blocker");
        }
        if q.critical {
            flags.push("critical");
        }
        let texts = [
            (0, q.id.clone()),
            (1, format!("{} {}", sec.id, sec.title)),
            (2, format!("{} {}", r.id, r.title)),
            (3, q.text.clone()),
            (6, flags.join("\n")),
            (13, r.evidence.join("; ")),
        ];
        for (c, t) in &texts {
            ws.write_string_with_format(row, *c, fit(t), &st.locked)
                .map_err(err)?;
        }
        ws.write_number_with_format(row, 4, f64::from(q.weight), &st.number)
            .map_err(err)?;
        ws.write_number_with_format(row, 5, f64::from(q.stage), &st.number)
            .map_err(err)?;
        let a = answers.get(&q.id);
        match a.map(|a| a.value) {
            Some(AnswerValue::Maturity(m)) => ws
                .write_number_with_format(row, col::ANSWER, f64::from(m), &st.input)
                .map_err(err)?,
            Some(v) => ws
                .write_string_with_format(row, col::ANSWER, v.as_str(), &st.input)
                .map_err(err)?,
            None => ws.write_blank(row, col::ANSWER, &st.input).map_err(err)?,
        };
        let filled: Vec<(u16, String)> = match a {
            Some(a) => answer_texts(a).to_vec(),
            None => [col::EVIDENCE, col::NOTE, col::OWNER, col::JUSTIFICATION]
                .into_iter()
                .map(|c| (c, String::new()))
                .collect(),
        };
        for (c, t) in &filled {
            if t.is_empty() {
                ws.write_blank(row, *c, &st.input).map_err(err)?;
            } else {
                ws.write_string_with_format(row, *c, fit(t), &st.input)
                    .map_err(err)?;
            }
        }
        match a.and_then(|a| a.due.as_deref()).and_then(date_of) {
            Some(d) => ws
                .write_datetime_with_format(row, col::DUE, &d, &st.date)
                .map_err(err)?,
            None => ws.write_blank(row, col::DUE, &st.date).map_err(err)?,
        };
        let mut cells: Vec<String> = texts.iter().map(|(_, t)| t.clone()).collect();
        cells.extend(filled.iter().map(|(_, t)| t.clone()));
        let mut widths: Vec<f64> = texts.iter().map(|(c, _)| WIDTHS[usize::from(*c)]).collect();
        widths.extend(filled.iter().map(|(c, _)| WIDTHS[usize::from(*c)]));
        ws.set_row_height(row, row_height(&cells, &widths))
            .map_err(err)?;
        match runs.last_mut() {
            Some((k, _, last)) if *k == sec.kind && *last + 1 == row => *last = row,
            _ => runs.push((sec.kind, row, row)),
        }
    }
    for (kind, first, last) in runs {
        let (list, allowed): (&[&str], &str) = match kind {
            Kind::Clause => (
                &CLAUSE_ANSWERS,
                "yes, partial, no, or a maturity level 0 to 5 (na is for Annex A controls only: clauses 4 to 10 are mandatory)",
            ),
            _ => (
                &ANNEX_ANSWERS,
                "yes, partial, no, na (with a Justification), or a maturity level 0 to 5",
            ),
        };
        let v = DataValidation::new()
            .allow_list_strings(list)
            .map_err(err)?
            .set_error_title("Answer")
            .map_err(err)?
            .set_error_message(format!("Allowed: {allowed}."))
            .map_err(err)?;
        ws.add_data_validation(first, col::ANSWER, last, col::ANSWER, &v)
            .map_err(err)?;
    }
    if row > 0 {
        let dates = DataValidation::new()
            .allow_date(DataValidationRule::Between(
                ExcelDateTime::from_ymd(1990, 1, 1).map_err(err)?,
                ExcelDateTime::from_ymd(2199, 12, 31).map_err(err)?,
            ))
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title("Due")
            .map_err(err)?
            .set_error_message("A date, written YYYY-MM-DD.")
            .map_err(err)?;
        ws.add_data_validation(1, col::DUE, row, col::DUE, &dates)
            .map_err(err)?;
    }
    ws.autofilter(0, 0, row, COLUMNS.len() as u16 - 1)
        .map_err(err)?;
    ws.protect_with_options(&protection());
    Ok(())
}
