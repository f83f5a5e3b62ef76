//! The Statement of Applicability as a Word document (`soa --format docx`): landscape A4, the
//! document's particulars, the summary, what each implementation status means, and one table
//! row per Annex A control with the columns every SoA format shares (`render::cells`).

use super::{Doc, Orientation};
use crate::documents::soa::{Implementation, Soa};
use crate::error::Result;
use crate::render::cells::{COLUMNS, about_rows, row_cells, status_line, summary_line};
use std::io::Write;

/// Renders the SoA.
pub fn render(soa: &Soa, out: &mut dyn Write) -> Result<()> {
    let header = match &soa.date {
        Some(date) => format!(
            "{} · Statement of Applicability · {date} · {}",
            soa.organization,
            soa.approval()
        ),
        None => format!(
            "{} · Statement of Applicability · {}",
            soa.organization,
            soa.approval()
        ),
    };
    let mut d = Doc::new(Orientation::Landscape, &header, &soa.disclaimer);
    d.title(&format!("Statement of Applicability: {}", soa.organization));
    d.labelled("Document control", &soa.approval());
    d.para("ISO/IEC 42001:2023 Annex A controls, from a self-assessment.");
    // Document control stands under the title (and in the running header), not again here.
    for (k, v) in about_rows(soa)
        .into_iter()
        .filter(|(k, _)| *k != "Document control")
    {
        d.labelled(k, &v);
    }
    d.labelled("Disclaimer", &soa.disclaimer);
    d.heading(1, "Summary");
    d.para(&summary_line(soa));
    d.para(&status_line(soa));
    d.para("Implementation status comes from the answers to each control's questions:");
    for st in Implementation::ALL {
        d.bullet(&format!("{}: {}.", st.as_str(), st.meaning()));
    }
    d.heading(1, "Controls");
    let with_profiles = !soa.profiles.is_empty();
    let keep: Vec<usize> = COLUMNS
        .iter()
        .enumerate()
        .filter(|(_, c)| with_profiles || **c != "Profile questions")
        .map(|(i, _)| i)
        .collect();
    let headers: Vec<&str> = keep.iter().map(|&i| COLUMNS[i]).collect();
    let widths: Vec<usize> = headers.iter().map(|h| width_of(h)).collect();
    let rows = soa
        .controls
        .iter()
        .map(|c| {
            let cells = row_cells(c);
            keep.iter()
                .map(|&i| cells.get(i).cloned().unwrap_or_default())
                .collect()
        })
        .collect();
    d.table_sized(&headers, &widths, rows, 14);
    d.note(&soa.disclaimer);
    d.finish(out)
}

/// A column's share of the table's width: prose columns wide, codes and dates narrow.
fn width_of(column: &str) -> usize {
    let c = column.to_ascii_lowercase();
    if c.contains("inclusion") {
        7
    } else if c.contains("evidence") || c.contains("questions") {
        5
    } else if c.contains("exclusion")
        || c == "title"
        || c.contains("objective")
        || c.contains("nist")
        || c.contains("implementation")
        || c.contains("applicab")
    {
        4
    } else if c == "score" {
        2
    } else {
        3
    }
}
