//! The report: one view-model built from an [`Assessment`], and a renderer per format.
//!
//! [`build`] turns scores into the model; renderers only present it. The JSON report is the
//! serde form of [`Report`] (a stable, versioned interface: `schema_version`); templates
//! (Markdown, HTML, a user's own) receive the same model. Renderers never compute a score.

pub mod csv;
pub mod html;
pub mod inventory;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod model;
pub mod portfolio;
pub mod sarif;
pub mod templates;
pub mod text;

pub use model::*;

use crate::error::Result;
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
    }
}

/// Maps a write error on an output stream to an I/O error.
pub(crate) fn io_err(e: std::io::Error) -> crate::error::Error {
    crate::error::Error::io(std::path::Path::new("<output>"), "cannot write", e)
}
