//! The HTML report: one self-contained, printable file from the built-in template
//! `templates/report.html.j2` (auto-escaped), with an SVG chart of the section scores and a
//! timeline of the roadmap, drawn in `chart` and `roadmap_chart`. No script, no external
//! resource; every string that enters an SVG is XML-escaped. The renderer never computes a
//! score: the charts only draw the model's numbers.

use super::templates::{environment, template_error};
use crate::documents::portfolio::Row;
use crate::documents::{DISCLAIMER, Report};
use crate::error::Result;
use minijinja::Value;
use minijinja::value::Serde;
use std::io::Write;

/// The built-in HTML report template.
pub const TEMPLATE: &str = include_str!("../../templates/report.html.j2");
/// The built-in HTML portfolio wrapper (several answers files in one document).
pub const PORTFOLIO_TEMPLATE: &str = include_str!("../../templates/portfolio.html.j2");

const TEMPLATE_NAME: &str = "report.html.j2";
/// The built-in executive summary: the report template's page, a short content block.
pub const SUMMARY_TEMPLATE: &str = include_str!("../../templates/summary.html.j2");
const SUMMARY_NAME: &str = "summary.html.j2";
const PORTFOLIO_NAME: &str = "portfolio.html.j2";

/// Renders one report as a complete HTML document.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    super::templates::render_builtin(TEMPLATE_NAME, TEMPLATE, report, out)
}

/// Renders the executive summary of one report (`--view summary`).
pub fn render_summary(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut env = environment();
    env.add_template(TEMPLATE_NAME, TEMPLATE)
        .map_err(|e| template_error(TEMPLATE_NAME, &e))?;
    env.add_template(SUMMARY_NAME, SUMMARY_TEMPLATE)
        .map_err(|e| template_error(SUMMARY_NAME, &e))?;
    let text = env
        .get_template(SUMMARY_NAME)
        .and_then(|t| t.render(Value::from(Serde(report))))
        .map_err(|e| template_error(SUMMARY_NAME, &e))?;
    out.write_all(text.as_bytes())
        .map_err(crate::render::io_err)
}

/// A portfolio as one HTML document: each report's content in turn, then the summary table.
/// The reports use the same template as [`render`] (its `style` and `content` blocks), so a
/// portfolio looks like the single reports. Reports are rendered one at a time
/// ([`PortfolioHtml::part`], on any thread); [`PortfolioHtml::frame`] renders what surrounds
/// them once every row is known.
pub struct PortfolioHtml {
    env: minijinja::Environment<'static>,
}

/// Stands for the reports in the rendered frame; the frame is split there. Nothing before it
/// comes from an answers file, so its first occurrence is the one.
const REPORTS_MARK: &str = "\u{1}aimscore-portfolio-reports\u{1}";

impl PortfolioHtml {
    pub fn new() -> Result<PortfolioHtml> {
        let mut env = environment();
        env.add_template(TEMPLATE_NAME, TEMPLATE)
            .map_err(|e| template_error(TEMPLATE_NAME, &e))?;
        env.add_template(PORTFOLIO_NAME, PORTFOLIO_TEMPLATE)
            .map_err(|e| template_error(PORTFOLIO_NAME, &e))?;
        Ok(PortfolioHtml { env })
    }

    /// The content of report number `number` (from 1), its ids and links prefixed `r<number>-`
    /// so anchors stay unique in one document.
    pub fn part(&self, number: usize, report: &Report) -> Result<String> {
        let tmpl = self
            .env
            .get_template(TEMPLATE_NAME)
            .map_err(|e| template_error(TEMPLATE_NAME, &e))?;
        let ctx = minijinja::context! { anchor_prefix => format!("r{number}-"), ..Value::from(Serde(report)) };
        let mut captured = tmpl
            .render_captured(ctx)
            .map_err(|e| template_error(TEMPLATE_NAME, &e))?;
        captured
            .with_state_mut(|s| s.render_block("content"))
            .map_err(|e| template_error(TEMPLATE_NAME, &e))
    }

    /// What comes before the reports and what comes after them; `any_report` tells whether
    /// any file was assessed (the reports are then joined with newlines between the two).
    pub fn frame(&self, rows: &[Row], any_report: bool) -> Result<(String, String)> {
        let tmpl = self
            .env
            .get_template(TEMPLATE_NAME)
            .map_err(|e| template_error(TEMPLATE_NAME, &e))?;
        // The style block uses no variable: render it from an empty state.
        let style = tmpl
            .new_state()
            .render_block("style")
            .map_err(|e| template_error(TEMPLATE_NAME, &e))?;
        let reports: Vec<Value> = if any_report {
            vec![Value::from_safe_string(REPORTS_MARK.to_string())]
        } else {
            Vec::new()
        };
        let ctx = minijinja::context! {
            style => Value::from_safe_string(style),
            reports => reports,
            portfolio => Serde(rows),
            version => env!("CARGO_PKG_VERSION"),
            disclaimer => DISCLAIMER,
        };
        let mut text = self
            .env
            .get_template(PORTFOLIO_NAME)
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_error(PORTFOLIO_NAME, &e))?;
        if !text.ends_with('\n') {
            text.push('\n');
        }
        Ok(match text.split_once(REPORTS_MARK) {
            Some((head, tail)) => (head.to_string(), tail.to_string()),
            None => (text, String::new()),
        })
    }
}
