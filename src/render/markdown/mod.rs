//! Markdown output: the report (from the built-in template `templates/report.md.j2`), the
//! portfolio summary, a comparison, `check`'s step summary and the Statement of
//! Applicability. User text goes through [`md_escape`]; no score is computed here.

pub mod check;
pub mod comparison;
pub mod portfolio;
pub mod soa;

pub use crate::render::escape::md_escape;

use crate::documents::Report;
use crate::error::Result;
use std::io::Write;

pub const TEMPLATE: &str = include_str!("../../../templates/report.md.j2");

pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    crate::render::templates::render_builtin("report.md.j2", TEMPLATE, report, out)
}

/// The built-in Markdown executive summary (`--view summary`).
pub const SUMMARY_TEMPLATE: &str = include_str!("../../../templates/summary.md.j2");

/// Renders the executive summary of one report.
pub fn render_summary(report: &Report, out: &mut dyn Write) -> Result<()> {
    crate::render::templates::render_builtin("summary.md.j2", SUMMARY_TEMPLATE, report, out)
}
