//! The portfolio summary of `assess FILE...`: one row per answers file.

use super::templates::UserTemplate;
use super::{Format, Report, csv, fmt_score, html, io_err, json, junit};
use crate::error::Result;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::{Deserialize, Serialize};
use std::io::Write;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub file: String,
    pub organization: Option<String>,
    pub overall: Option<f64>,
    pub band: Option<String>,
    pub completeness: Option<f64>,
    /// Section id → score, in catalog order.
    pub sections: Vec<SectionScore>,
    pub stage1_ready: Option<bool>,
    pub stage2_ready: Option<bool>,
    /// The first fix: question id and requirement title.
    pub top_gap: Option<String>,
    /// The input error, when the file could not be assessed.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionScore {
    pub id: String,
    pub score: Option<f64>,
}

impl Row {
    pub fn from_report(r: &Report) -> Row {
        Row {
            file: r.source.clone(),
            organization: Some(r.organization.clone()),
            overall: r.overall.score,
            band: r.overall.band.clone(),
            completeness: Some(r.overall.completeness),
            sections: r
                .sections
                .iter()
                .map(|s| SectionScore {
                    id: s.id.clone(),
                    score: s.score,
                })
                .collect(),
            stage1_ready: Some(r.stage1.ready),
            stage2_ready: Some(r.stage2.ready),
            top_gap: r
                .fixes
                .first()
                .map(|f| format!("{} {} ({})", f.requirement, f.title, f.question)),
            error: None,
        }
    }

    pub fn from_error(file: &str, error: &str) -> Row {
        Row {
            file: file.to_string(),
            organization: None,
            overall: None,
            band: None,
            completeness: None,
            sections: Vec::new(),
            stage1_ready: None,
            stage2_ready: None,
            top_gap: None,
            error: Some(error.to_string()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Portfolio {
    pub schema_version: u32,
    pub portfolio: Vec<Row>,
    pub reports: Vec<Report>,
}

/// The head of the JSON portfolio (what precedes the reports).
#[derive(Serialize)]
struct JsonHead<'a> {
    schema_version: u32,
    portfolio: &'a [Row],
}

/// How a portfolio document is written one file at a time, in each format: what comes before
/// the files' parts, each file's part (rendered on any thread), the separator between parts,
/// and what comes after. The result is byte for byte the document one would get by rendering
/// every report at once (see the tests), without holding more than a few reports in memory.
pub struct Layout<'a> {
    format: Format,
    template: Option<&'a UserTemplate>,
    color: bool,
    html: Option<html::PortfolioHtml>,
}

/// One file's part of a portfolio document.
#[derive(Debug, Default)]
pub struct Part {
    pub bytes: Vec<u8>,
    /// JUnit's test counts of the part (zero in other formats).
    pub counts: junit::Counts,
}

impl<'a> Layout<'a> {
    pub fn new(
        format: Format,
        template: Option<&'a UserTemplate>,
        color: bool,
    ) -> Result<Layout<'a>> {
        let html = match (format, template) {
            (Format::Html, None) => Some(html::PortfolioHtml::new()?),
            _ => None,
        };
        Ok(Layout {
            format,
            template,
            color,
            html,
        })
    }

    /// The built-in format, or `None` when the user's template renders each report.
    fn builtin(&self) -> Option<Format> {
        match self.template {
            Some(_) => None,
            None => Some(self.format),
        }
    }

    /// Whether the document begins with what is known only once every file is done (JSON's
    /// rows come before its reports, JUnit's totals before its suites, and HTML's frame is
    /// rendered in one piece with the summary): the parts must then wait in a temporary file.
    pub fn parts_wait(&self) -> bool {
        matches!(
            self.builtin(),
            Some(Format::Json | Format::Junit | Format::Html)
        )
    }

    /// What comes before the first part when the parts do not wait.
    pub fn head(&self, out: &mut dyn Write) -> Result<()> {
        match self.builtin() {
            Some(Format::Csv) => csv::portfolio_header(out),
            _ => Ok(()),
        }
    }

    /// The part of file number `number` (from 1 in input order) that was assessed.
    pub fn part(&self, number: usize, r: &Report) -> Result<Part> {
        let mut bytes = Vec::new();
        let mut counts = junit::Counts::default();
        match self.builtin() {
            Some(Format::Json) => {
                // Indented to sit in the `reports` array; strings hold no raw newline.
                let text = json::to_vec(r)?;
                bytes.reserve(text.len() + text.len() / 8);
                for (i, line) in text.split(|&b| b == b'\n').enumerate() {
                    if i > 0 {
                        bytes.extend_from_slice(b"\n    ");
                    }
                    bytes.extend_from_slice(line);
                }
            }
            Some(Format::Junit) => (bytes, counts) = junit::portfolio_part(Ok(r))?,
            Some(Format::Csv) => csv::portfolio_rows(r, &mut bytes)?,
            Some(Format::Html) => {
                if let Some(h) = &self.html {
                    bytes = h.part(number, r)?.into_bytes();
                }
            }
            // Text, Markdown, or the user's template: each report in turn.
            Some(Format::Text | Format::Md) | None => {
                super::render(r, self.format, self.template, self.color, &mut bytes)?;
                bytes.extend_from_slice(if self.format == Format::Md {
                    b"\n---\n\n"
                } else {
                    b"\n"
                });
            }
        }
        Ok(Part { bytes, counts })
    }

    /// The part of a file that could not be assessed: only JUnit shows it in place (the
    /// others list it in the summary).
    pub fn error_part(&self, file: &str, error: &str) -> Result<Part> {
        match self.builtin() {
            Some(Format::Junit) => {
                let (bytes, counts) = junit::portfolio_part(Err((file, error)))?;
                Ok(Part { bytes, counts })
            }
            _ => Ok(Part::default()),
        }
    }

    /// What goes before the `index`th part written (from 0), counting only files with a part.
    pub fn separator(&self, index: usize) -> &'static [u8] {
        match self.builtin() {
            Some(Format::Json) if index == 0 => b"\n    ",
            Some(Format::Json) => b",\n    ",
            Some(Format::Html) if index > 0 => b"\n",
            _ => b"",
        }
    }

    /// Writes the document once every file is done: `parts` holds the parts (with their
    /// separators) when they waited, `written` how many there were, `totals` JUnit's counts.
    pub fn finish(
        &self,
        rows: &[Row],
        written: usize,
        totals: junit::Counts,
        parts: Option<&mut dyn std::io::Read>,
        out: &mut dyn Write,
    ) -> Result<()> {
        let copy = |out: &mut dyn Write| -> Result<()> {
            // In 1 MiB steps: through `dyn` writers `io::copy` would use 8 KiB ones, and a
            // thousand JSON reports are hundreds of megabytes.
            if let Some(p) = parts {
                let mut buf = vec![0u8; 1 << 20];
                loop {
                    match p.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => out.write_all(&buf[..n]).map_err(io_err)?,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(io_err(e)),
                    }
                }
            }
            Ok(())
        };
        match self.builtin() {
            Some(Format::Json) => {
                let mut head = Vec::new();
                json::write_json(
                    &JsonHead {
                        schema_version: super::SCHEMA_VERSION,
                        portfolio: rows,
                    },
                    &mut head,
                )?;
                let head = String::from_utf8_lossy(&head);
                let head = head
                    .trim_end()
                    .strip_suffix('}')
                    .unwrap_or(&head)
                    .trim_end();
                out.write_all(head.as_bytes()).map_err(io_err)?;
                out.write_all(b",\n  \"reports\": [").map_err(io_err)?;
                copy(out)?;
                let end: &[u8] = if written > 0 {
                    b"\n  ]\n}\n"
                } else {
                    b"]\n}\n"
                };
                out.write_all(end).map_err(io_err)
            }
            Some(Format::Junit) => {
                junit::portfolio_head(totals, out)?;
                copy(out)?;
                out.write_all(junit::PORTFOLIO_TAIL.as_bytes())
                    .map_err(io_err)
            }
            Some(Format::Html) => {
                let Some(h) = &self.html else {
                    return Ok(());
                };
                let (head, tail) = h.frame(rows, written > 0)?;
                out.write_all(head.as_bytes()).map_err(io_err)?;
                copy(out)?;
                out.write_all(tail.as_bytes()).map_err(io_err)
            }
            Some(Format::Csv) => Ok(()),
            Some(Format::Text | Format::Md) | None if self.format == Format::Md => {
                render_md(rows, out)
            }
            Some(Format::Text | Format::Md) | None => render_text(rows, out),
        }
    }
}

fn ready(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "ready",
        Some(false) => "not ready",
        None => "-",
    }
}

/// Rows per terminal table: a longer summary is printed as several tables, each with its
/// header, so a portfolio of thousands of files needs no more memory than one table of this
/// many rows (a table of 1,000 rows took 17 MB to lay out).
pub const TEXT_ROWS_PER_TABLE: usize = 100;

/// The summary for a terminal, in two tables that each fit 160 columns (one table of 22
/// columns wrapped every cell to a few letters): readiness (file, organization, overall,
/// Stage 1 and 2, top gap), then the section scores, the rows of both numbered alike. Each is
/// printed in tables of at most [`TEXT_ROWS_PER_TABLE`] rows.
pub fn render_text(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    let ids: Vec<String> = rows
        .iter()
        .find(|r| !r.sections.is_empty())
        .map(|r| r.sections.iter().map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    let mut write = |s: String| {
        out.write_all(super::text::terminal_safe(&s).as_bytes())
            .map_err(io_err)
    };
    write(format!("Portfolio summary ({} files)\n", rows.len()))?;
    for (k, chunk) in rows.chunks(TEXT_ROWS_PER_TABLE).enumerate() {
        write(format!(
            "{}\n",
            readiness_table(chunk, k * TEXT_ROWS_PER_TABLE)
        ))?;
    }
    if !ids.is_empty() {
        write("Section scores (clauses 4-10, Annex A objectives; n/a: all excluded)\n".into())?;
        for (k, chunk) in rows.chunks(TEXT_ROWS_PER_TABLE).enumerate() {
            write(format!(
                "{}\n",
                sections_table(chunk, k * TEXT_ROWS_PER_TABLE, &ids)
            ))?;
        }
    }
    Ok(())
}

fn summary_table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(header);
    t
}

/// File, organization, overall, readiness and top gap of `rows`, numbered from `first + 1`.
fn readiness_table(rows: &[Row], first: usize) -> Table {
    let mut t = summary_table(
        [
            "#",
            "File",
            "Organization",
            "Overall",
            "Stage 1",
            "Stage 2",
            "Top gap",
        ]
        .map(String::from)
        .to_vec(),
    );
    for (i, r) in rows.iter().enumerate() {
        t.add_row(vec![
            (first + i + 1).to_string(),
            r.file.clone(),
            r.organization
                .clone()
                .unwrap_or_else(|| "(input error)".into()),
            if r.error.is_some() {
                "-".to_string()
            } else {
                fmt_score(r.overall)
            },
            ready(r.stage1_ready).into(),
            ready(r.stage2_ready).into(),
            r.top_gap
                .clone()
                .or_else(|| r.error.clone())
                .unwrap_or_default(),
        ]);
    }
    t
}

/// The section scores of `rows` (columns `ids`, in catalog order), numbered as in
/// [`readiness_table`]; a file that could not be assessed shows `-`.
fn sections_table(rows: &[Row], first: usize, ids: &[String]) -> Table {
    let mut header = vec!["#".to_string()];
    header.extend(ids.iter().cloned());
    let mut t = summary_table(header);
    for (i, r) in rows.iter().enumerate() {
        let mut row = vec![(first + i + 1).to_string()];
        for id in ids {
            row.push(if r.error.is_some() {
                "-".to_string()
            } else {
                fmt_score(
                    r.sections
                        .iter()
                        .find(|s| &s.id == id)
                        .and_then(|s| s.score),
                )
            });
        }
        t.add_row(row);
    }
    t
}

/// The summary as a Markdown table.
pub fn render_md(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    use super::templates::md_escape;
    let ids: Vec<String> = rows
        .iter()
        .find(|r| !r.sections.is_empty())
        .map(|r| r.sections.iter().map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    let mut s = String::from("# Portfolio summary\n\n| File | Organization | Overall |");
    for id in &ids {
        s.push_str(&format!(" {id} |"));
    }
    s.push_str(" Stage 1 | Stage 2 | Top gap |\n|---|---|---:|");
    for _ in &ids {
        s.push_str("---:|");
    }
    s.push_str("---|---|---|\n");
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} |",
            md_escape(r.file.clone()),
            md_escape(
                r.organization
                    .clone()
                    .unwrap_or_else(|| "(input error)".into())
            ),
            fmt_score(r.overall)
        ));
        for id in &ids {
            s.push_str(&format!(
                " {} |",
                fmt_score(
                    r.sections
                        .iter()
                        .find(|x| &x.id == id)
                        .and_then(|x| x.score)
                )
            ));
        }
        s.push_str(&format!(
            " {} | {} | {} |\n",
            ready(r.stage1_ready),
            ready(r.stage2_ready),
            md_escape(
                r.top_gap
                    .clone()
                    .or_else(|| r.error.clone())
                    .unwrap_or_default()
            )
        ));
    }
    out.write_all(s.as_bytes()).map_err(io_err)
}
