//! The Statement of Applicability (SoA): one row per Annex A control, built from the report
//! model, and its Markdown, CSV and XLSX renderers.
//!
//! A control is excluded when every one of its questions is answered `na` (their justifications
//! are the reason); a control with some `na` questions is included and the SoA lists the excluded
//! questions. The implementation status is the scorer's requirement status under another name;
//! nothing here computes a score.

use crate::catalog::{Catalog, Kind};
use crate::error::{Error, Result};
use crate::report::templates::md_escape;
use crate::report::{DISCLAIMER, FixView, Report, fmt_score};
use serde::Serialize;
use std::io::Write;

/// Output formats of `aimscore soa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Md,
    Csv,
    Xlsx,
}

/// Whether a control is in the organization's AI management system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Applicability {
    Included,
    Excluded,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Included => "Included",
            Applicability::Excluded => "Excluded",
        }
    }
}

/// How far a control is implemented, from the answers to its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Implementation {
    Implemented,
    PartiallyImplemented,
    NotImplemented,
    NotAssessed,
    NotApplicable,
}

impl Implementation {
    pub const ALL: [Implementation; 5] = [
        Implementation::Implemented,
        Implementation::PartiallyImplemented,
        Implementation::NotImplemented,
        Implementation::NotAssessed,
        Implementation::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Implementation::Implemented => "Implemented",
            Implementation::PartiallyImplemented => "Partially implemented",
            Implementation::NotImplemented => "Not implemented",
            Implementation::NotAssessed => "Not assessed",
            Implementation::NotApplicable => "Not applicable",
        }
    }

    /// What the status means, stated in every format.
    pub fn meaning(self) -> &'static str {
        match self {
            Implementation::Implemented => {
                "score 100: every applicable question is fully met (an evidenced yes or maturity 5)"
            }
            Implementation::PartiallyImplemented => "score above 0 and below 100",
            Implementation::NotImplemented => "answered, and every applicable question scores 0",
            Implementation::NotAssessed => "none of the control's questions is answered",
            Implementation::NotApplicable => {
                "the control is excluded: every question is answered na with a justification"
            }
        }
    }

    /// The status for a requirement status of the report model (`met`, `partial`, …).
    fn from_status(status: &str) -> Implementation {
        match status {
            "met" => Implementation::Implemented,
            "partial" => Implementation::PartiallyImplemented,
            "not-met" => Implementation::NotImplemented,
            "excluded" => Implementation::NotApplicable,
            _ => Implementation::NotAssessed,
        }
    }
}

/// A question answered `na`, with its justification.
#[derive(Debug, Clone, Serialize)]
pub struct ExcludedQuestion {
    pub question: String,
    pub justification: String,
}

/// A question a profile added to a control.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileQuestion {
    pub question: String,
    pub profile: String,
}

/// One row of the SoA.
#[derive(Debug, Clone, Serialize)]
pub struct Control {
    pub id: String,
    pub title: String,
    /// The control objective (`A.6`) and its title.
    pub objective: String,
    pub objective_title: String,
    pub applicability: Applicability,
    /// Every `na` question of the control. For an excluded control these are the reasons for
    /// the exclusion; for an included one, the questions excluded within it.
    pub exclusions: Vec<ExcludedQuestion>,
    pub implementation: Implementation,
    /// Null when the control is excluded.
    pub score: Option<f64>,
    /// Evidence references from the answers, de-duplicated, in question order.
    pub evidence: Vec<String>,
    pub owners: Vec<String>,
    pub due: Vec<String>,
    pub nist: Vec<String>,
    pub owasp: Vec<String>,
    pub profile_questions: Vec<ProfileQuestion>,
    pub questions: usize,
    pub answered: usize,
}

impl Control {
    /// The justification for excluding the control: the one reason when every question gives
    /// the same, otherwise each question's reason under its id. Empty for an included control.
    pub fn exclusion_reason(&self) -> Vec<String> {
        if self.applicability == Applicability::Included {
            return Vec::new();
        }
        let first = self.exclusions.first().map(|e| e.justification.as_str());
        if self
            .exclusions
            .iter()
            .all(|e| Some(e.justification.as_str()) == first)
        {
            return first.map(|s| vec![s.to_string()]).unwrap_or_default();
        }
        Self::by_question(&self.exclusions)
    }

    /// The questions excluded within an included control, each as `id: justification`.
    pub fn excluded_questions(&self) -> Vec<String> {
        match self.applicability {
            Applicability::Included => Self::by_question(&self.exclusions),
            Applicability::Excluded => Vec::new(),
        }
    }

    fn by_question(list: &[ExcludedQuestion]) -> Vec<String> {
        list.iter()
            .map(|e| format!("{}: {}", e.question, e.justification))
            .collect()
    }

    pub fn profile_question_ids(&self) -> Vec<String> {
        self.profile_questions
            .iter()
            .map(|p| format!("{} ({})", p.question, p.profile))
            .collect()
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub controls: usize,
    pub included: usize,
    pub excluded: usize,
    /// Included controls with at least one excluded question.
    pub partly_excluded: usize,
    /// (status, number of controls) in the order of [`Implementation::ALL`].
    pub by_status: Vec<(String, usize)>,
}

/// The Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct Soa {
    pub organization: String,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    pub source: String,
    pub catalog: String,
    pub catalog_version: String,
    pub tool_version: String,
    pub profiles: Vec<String>,
    pub trust_claims: bool,
    pub summary: Summary,
    pub controls: Vec<Control>,
    /// The report's whole fix-list (for the XLSX "Fix-list" sheet).
    pub fixes: Vec<FixView>,
    pub disclaimer: String,
}

/// Builds the SoA from a report and the catalog it was scored with (profiles switched on).
pub fn build(catalog: &Catalog, report: &Report) -> Soa {
    let mut controls = Vec::new();
    for rv in &report.requirements {
        let Some(req) = catalog.requirement(&rv.id) else {
            continue;
        };
        let Some(section) = catalog.section(&req.section) else {
            continue;
        };
        if section.kind != Kind::Annex {
            continue;
        }
        let mut c = Control {
            id: rv.id.clone(),
            title: rv.title.clone(),
            objective: section.id.clone(),
            objective_title: section.title.clone(),
            applicability: if rv.status == "excluded" {
                Applicability::Excluded
            } else {
                Applicability::Included
            },
            exclusions: Vec::new(),
            implementation: Implementation::from_status(&rv.status),
            score: rv.score,
            evidence: Vec::new(),
            owners: Vec::new(),
            due: Vec::new(),
            nist: req.maps.nist_ids(),
            owasp: req.maps.owasp_ids(),
            profile_questions: Vec::new(),
            questions: rv.questions.len(),
            answered: rv.questions.iter().filter(|q| q.answer.is_some()).count(),
        };
        for qv in &rv.questions {
            if qv.answer.as_deref() == Some("na") {
                c.exclusions.push(ExcludedQuestion {
                    question: qv.id.clone(),
                    justification: qv.justification.clone().unwrap_or_default(),
                });
            }
            for e in &qv.evidence {
                push_unique(&mut c.evidence, e);
            }
            if let Some(o) = &qv.owner {
                push_unique(&mut c.owners, o);
            }
            if let Some(d) = &qv.due {
                push_unique(&mut c.due, d);
            }
            if let Some(p) = &qv.profile {
                c.profile_questions.push(ProfileQuestion {
                    question: qv.id.clone(),
                    profile: p.clone(),
                });
            }
            if let Some(q) = req.questions.iter().find(|q| q.id == qv.id) {
                for id in q.maps.nist_ids() {
                    push_unique(&mut c.nist, &id);
                }
                for id in q.maps.owasp_ids() {
                    push_unique(&mut c.owasp, &id);
                }
            }
        }
        controls.push(c);
    }
    let count = |a: Applicability| controls.iter().filter(|c| c.applicability == a).count();
    let summary = Summary {
        controls: controls.len(),
        included: count(Applicability::Included),
        excluded: count(Applicability::Excluded),
        partly_excluded: controls
            .iter()
            .filter(|c| c.applicability == Applicability::Included && !c.exclusions.is_empty())
            .count(),
        by_status: Implementation::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str().to_string(),
                    controls.iter().filter(|c| c.implementation == *s).count(),
                )
            })
            .collect(),
    };
    Soa {
        organization: report.organization.clone(),
        scope: report.scope.clone(),
        assessor: report.assessor.clone(),
        date: report.date.clone(),
        source: report.source.clone(),
        catalog: report.catalog.name.clone(),
        catalog_version: report.catalog.version.clone(),
        tool_version: report.tool.version.clone(),
        profiles: report.profiles.clone(),
        trust_claims: report.trust_claims,
        summary,
        controls,
        fixes: report.fixes.clone(),
        disclaimer: DISCLAIMER.to_string(),
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

/// Renders the SoA in a format.
pub fn render(soa: &Soa, format: Format, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Md => render_md(soa, out),
        Format::Csv => render_csv(soa, out),
        Format::Xlsx => {
            let bytes = xlsx::render(soa)?;
            out.write_all(&bytes).map_err(io_err)
        }
    }
}

fn io_err(e: std::io::Error) -> Error {
    Error::io(std::path::Path::new("<output>"), "cannot write", e)
}

/// The header of the control table, in every format.
pub const COLUMNS: [&str; 14] = [
    "Control",
    "Title",
    "Objective",
    "Applicability",
    "Justification for exclusion",
    "Implementation status",
    "Score",
    "Evidence",
    "Owner",
    "Due",
    "NIST AI RMF",
    "OWASP LLM Top 10",
    "Excluded questions",
    "Profile questions",
];

/// Text of the header fields, shared by Markdown and the XLSX "About" sheet.
fn about_rows(soa: &Soa) -> Vec<(&'static str, String)> {
    let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "not stated".to_string());
    vec![
        ("Organization", soa.organization.clone()),
        ("Scope", or_none(&soa.scope)),
        ("Assessor", or_none(&soa.assessor)),
        ("Date", or_none(&soa.date)),
        ("Answers file", soa.source.clone()),
        (
            "Catalog",
            format!("{} (version {})", soa.catalog, soa.catalog_version),
        ),
        (
            "Profiles",
            if soa.profiles.is_empty() {
                "none".to_string()
            } else {
                soa.profiles.join(", ")
            },
        ),
        (
            "Claims without evidence",
            if soa.trust_claims {
                "trusted (--trust-claims): a yes without evidence counts as met".to_string()
            } else {
                "a yes without evidence counts as partly met".to_string()
            },
        ),
    ]
}

fn summary_line(soa: &Soa) -> String {
    let s = &soa.summary;
    format!(
        "{} Annex A controls: {} included ({} with excluded questions), {} excluded.",
        s.controls, s.included, s.partly_excluded, s.excluded
    )
}

fn status_line(soa: &Soa) -> String {
    soa.summary
        .by_status
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Renders the SoA as a Markdown document with one table row per control. Every string from
/// the answers file or catalog goes through [`md_escape`].
pub fn render_md(soa: &Soa, out: &mut dyn Write) -> Result<()> {
    let e = |s: &str| md_escape(s.to_string());
    let list = |v: &[String]| {
        v.iter()
            .map(|s| md_escape(s.clone()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    // Sentences (justifications) one per line inside the cell; `<br>` is added after escaping.
    let lines = |v: &[String]| {
        v.iter()
            .map(|s| md_escape(s.clone()))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let with_profiles = !soa.profiles.is_empty();
    let mut s = String::new();
    s.push_str(&format!(
        "# Statement of Applicability: {}\n\n",
        e(&soa.organization)
    ));
    s.push_str("ISO/IEC 42001:2023 Annex A controls, from a self-assessment.\n\n");
    s.push_str("| | |\n|---|---|\n");
    for (k, v) in about_rows(soa) {
        s.push_str(&format!("| {k} | {} |\n", e(&v)));
    }
    s.push_str(&format!("\n> **Disclaimer.** {}\n\n", e(&soa.disclaimer)));
    s.push_str("## Summary\n\n");
    s.push_str(&format!(
        "{}\n\n{}\n\n",
        summary_line(soa),
        status_line(soa)
    ));
    s.push_str("Implementation status comes from the answers to each control's questions:\n\n");
    for st in Implementation::ALL {
        s.push_str(&format!("- **{}**: {}.\n", st.as_str(), st.meaning()));
    }
    s.push_str("\nA control is excluded only when every one of its questions is answered `na`; a control with some `na` questions stays included, and its excluded questions are listed with their justifications.\n\n");
    s.push_str("## Controls\n\n");
    let cols: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| with_profiles || *c != "Profile questions")
        .collect();
    s.push_str(&format!("| {} |\n", cols.join(" | ")));
    s.push_str(&format!("|{}\n", "---|".repeat(cols.len())));
    for c in &soa.controls {
        let mut cells = vec![
            e(&c.id),
            e(&c.title),
            e(&format!("{} {}", c.objective, c.objective_title)),
            c.applicability.as_str().to_string(),
            lines(&c.exclusion_reason()),
            c.implementation.as_str().to_string(),
            fmt_score(c.score),
            list(&c.evidence),
            list(&c.owners),
            list(&c.due),
            list(&c.nist),
            list(&c.owasp),
            lines(&c.excluded_questions()),
        ];
        if with_profiles {
            cells.push(list(&c.profile_question_ids()));
        }
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    s.push_str(&format!("\n---\n\n*{}*\n", e(&soa.disclaimer)));
    out.write_all(s.as_bytes()).map_err(io_err)
}

/// Neutralizes a cell a spreadsheet would run as a formula: text starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading apostrophe (the OWASP CSV-injection advice).
pub fn csv_guard(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Renders the control table as CSV: one header row, then one row per control in catalog
/// order; lists inside a cell are one item per line. Every text cell is guarded against formula
/// injection (catalog text too, since `--catalog DIR` can replace it).
pub fn render_csv(soa: &Soa, out: &mut dyn Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let csv_err = |e: ::csv::Error| io_err(std::io::Error::other(e));
    w.write_record(COLUMNS).map_err(csv_err)?;
    for c in &soa.controls {
        let row = row_cells(c);
        w.write_record(row.iter().map(|s| csv_guard(s)))
            .map_err(csv_err)?;
    }
    w.flush().map_err(io_err)
}

/// The cells of one control for CSV and XLSX, in [`COLUMNS`] order.
fn row_cells(c: &Control) -> Vec<String> {
    vec![
        c.id.clone(),
        c.title.clone(),
        format!("{} {}", c.objective, c.objective_title),
        c.applicability.as_str().to_string(),
        c.exclusion_reason().join("\n"),
        c.implementation.as_str().to_string(),
        fmt_score(c.score),
        c.evidence.join("\n"),
        c.owners.join("; "),
        c.due.join("; "),
        c.nist.join("; "),
        c.owasp.join("; "),
        c.excluded_questions().join("\n"),
        c.profile_question_ids().join("; "),
    ]
}

/// The XLSX workbook: "Statement of Applicability", "Fix-list" and "About" sheets.
pub mod xlsx {
    use super::{COLUMNS, Implementation, Soa, about_rows, row_cells, status_line, summary_line};
    use crate::error::{Error, Result};
    use rust_xlsxwriter::{
        Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
        Worksheet, XlsxError,
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

    const SOA_WIDTHS: [f64; 14] = [
        10.0, 30.0, 26.0, 13.0, 40.0, 20.0, 8.0, 40.0, 18.0, 12.0, 24.0, 14.0, 40.0, 22.0,
    ];
    const FIX_WIDTHS: [f64; 16] = [
        6.0, 8.0, 12.0, 28.0, 14.0, 44.0, 16.0, 6.0, 50.0, 40.0, 7.0, 18.0, 12.0, 12.0, 24.0, 14.0,
    ];

    /// Excel refuses longer cell text.
    const MAX_CELL: usize = 32_767;

    fn err(e: XlsxError) -> Error {
        Error::io(
            std::path::Path::new("<xlsx>"),
            "cannot build the workbook",
            std::io::Error::other(e),
        )
    }

    /// Cuts text Excel could not store, saying so.
    fn fit(s: &str) -> String {
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
    fn header_text(s: &str, max: usize) -> String {
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
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            title: Format::new().set_bold().set_font_size(14),
            cell,
        }
    }

    /// A row height (points) that shows every line of wrapped text: some viewers do not size
    /// rows with wrapped text by themselves. Estimated from the column widths (characters).
    fn row_height(cells: &[String], widths: &[f64]) -> f64 {
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
            "&LStatement of Applicability: {}&R{}",
            header_text(&soa.organization, 120),
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
            "Exclusions",
            "A control is excluded only when every one of its questions is answered na; a control with some na questions stays included, and its excluded questions are listed with their justifications.",
        )?;
        put(ws, "Disclaimer", &soa.disclaimer)?;

        wb.save_to_buffer().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_guard_prefixes_formula_starters_only() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_guard(s), format!("'{s}"));
        }
        assert_eq!(csv_guard("a=1"), "a=1");
        assert_eq!(csv_guard(""), "");
    }

    #[test]
    fn statuses_map_from_requirement_statuses() {
        assert_eq!(
            Implementation::from_status("met"),
            Implementation::Implemented
        );
        assert_eq!(
            Implementation::from_status("partial"),
            Implementation::PartiallyImplemented
        );
        assert_eq!(
            Implementation::from_status("not-met"),
            Implementation::NotImplemented
        );
        assert_eq!(
            Implementation::from_status("unanswered"),
            Implementation::NotAssessed
        );
        assert_eq!(
            Implementation::from_status("excluded"),
            Implementation::NotApplicable
        );
    }
}
