//! The Markdown report, from the built-in template `templates/report.md.j2`.

use super::Report;
use crate::error::Result;
use std::io::Write;

pub const TEMPLATE: &str = include_str!("../../templates/report.md.j2");

pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    super::templates::render_builtin("report.md.j2", TEMPLATE, report, out)
}
