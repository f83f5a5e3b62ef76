//! Rendering: one module per format, each rendering every document it supports (text,
//! markdown, html with chart, json, junit, csv, sarif, xlsx, yaml, user templates), plus the
//! streaming layout of a portfolio and the cells the table formats share. A renderer presents
//! a document; it never computes a score and never writes a file (that is `output`'s).

pub mod cells;
pub mod chart;
pub mod chart_png;
pub mod csv;
pub mod docx;
pub mod escape;
pub mod evidence;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod portfolio;
pub mod questionnaire;
pub mod roadmap_chart;
pub mod sarif;
pub mod templates;
pub mod text;
pub mod xlsx;
pub mod yaml;

use crate::documents::Report;
use crate::documents::soa::Soa;
use crate::error::Result;
use crate::inventory::Inventory;
use std::io::Write;

/// Report formats of `assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Md,
    Html,
    Json,
    Junit,
    Csv,
    /// A Word document (full report or summary; needs -o FILE).
    Docx,
}

/// Renders one report in a format. `template` replaces the built-in template (md, html, or
/// any format when given).
pub fn render(
    report: &Report,
    format: Format,
    template: Option<&templates::UserTemplate>,
    color: bool,
    out: &mut dyn Write,
) -> Result<()> {
    if let Some(t) = template {
        return t.render(report, out);
    }
    match format {
        Format::Text => text::render(report, color, out),
        Format::Md => markdown::render(report, out),
        Format::Html => html::render(report, out),
        Format::Json => json::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Csv => csv::render(report, out),
        Format::Docx => docx::report::render(report, out),
    }
}

/// Output formats of `aimscore soa`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SoaFormat {
    Md,
    Csv,
    Xlsx,
    /// A Word document (needs -o FILE).
    Docx,
}

/// Renders the Statement of Applicability in a format.
pub fn soa(soa: &Soa, format: SoaFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        SoaFormat::Md => markdown::soa::render_md(soa, out),
        SoaFormat::Csv => csv::render_soa(soa, out),
        SoaFormat::Xlsx => {
            let bytes = xlsx::render(soa)?;
            out.write_all(&bytes).map_err(io_err)
        }
        SoaFormat::Docx => docx::soa::render(soa, out),
    }
}

/// What part of a report `assess` renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// Everything: every fix, requirement and question.
    Full,
    /// The executive summary for a board (html, md, docx): at most four printed A4 pages.
    Summary,
    /// The fix-list as a phased plan (csv: one row per fix; json: the roadmap object; text).
    Roadmap,
    /// The evidence register alone (csv, with `--verify-evidence`): one row per evidence entry.
    Evidence,
}

/// Renders the roadmap of one report (`--view roadmap`): csv, json or text.
pub fn roadmap(report: &Report, format: Format, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Csv => csv::render_roadmap(report, out),
        Format::Json => json::render_roadmap(report, out),
        Format::Text => {
            let s = crate::terminal::clean(&text::roadmap::section(
                &report.roadmap,
                report.fixes_total,
            ));
            out.write_all(s.as_bytes()).map_err(io_err)
        }
        _ => Err(crate::error::Error::Usage(ROADMAP_FORMATS.into())),
    }
}

/// Why `--view roadmap` refuses a format, and what it takes.
pub const ROADMAP_FORMATS: &str = "--view roadmap is written as csv, json or text (--format csv|json|text); the full report (--view full) holds the roadmap in html and md, and the summary (--view summary) its timeline";

/// Renders the executive summary of one report in `format` (html, md or docx).
pub fn summary(report: &Report, format: Format, out: &mut dyn Write) -> Result<()> {
    match format {
        Format::Html => html::render_summary(report, out),
        Format::Md => markdown::render_summary(report, out),
        Format::Docx => docx::summary::render(report, out),
        _ => Err(crate::error::Error::Usage(
            "--view summary is written as html, md or docx (--format html|md|docx); the other formats are for the full report".into(),
        )),
    }
}

/// Output formats of `discover`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InventoryFormat {
    Yaml,
    Json,
    Table,
}

/// Renders an inventory in a format.
pub fn inventory(inv: &Inventory, format: InventoryFormat, out: &mut dyn Write) -> Result<()> {
    let text = match format {
        InventoryFormat::Yaml => yaml::yaml(inv),
        InventoryFormat::Json => json::inventory(inv)?,
        InventoryFormat::Table => text::inventory::table(inv),
    };
    out.write_all(text.as_bytes()).map_err(io_err)
}

/// Maps a write error on an output stream to an I/O error.
pub(crate) fn io_err(e: std::io::Error) -> crate::error::Error {
    crate::error::Error::io(std::path::Path::new("<output>"), "cannot write", e)
}
