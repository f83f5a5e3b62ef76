//! The portfolio summary of `assess FILE...`: one row per answers file.

use super::templates::UserTemplate;
use super::{Format, csv, html, io_err, json, junit};
use crate::documents::portfolio::Row;
use crate::documents::{Report, SCHEMA_VERSION};
use crate::error::Result;

use serde::Serialize;
use std::io::Write;

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
            (Format::Docx, None) => return Err(no_docx_portfolio()),
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
            Some(Format::Docx) => return Err(no_docx_portfolio()),
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

    /// The part of a file that could not be assessed: JUnit and CSV show it in place (the
    /// others list it in the summary).
    pub fn error_part(&self, file: &str, error: &str) -> Result<Part> {
        match self.builtin() {
            Some(Format::Junit) => {
                let (bytes, counts) = junit::portfolio_part(Err((file, error)))?;
                Ok(Part { bytes, counts })
            }
            Some(Format::Csv) => {
                let mut bytes = Vec::new();
                csv::portfolio_error_row(file, error, &mut bytes)?;
                Ok(Part {
                    bytes,
                    counts: junit::Counts::default(),
                })
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
                        schema_version: SCHEMA_VERSION,
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
            Some(Format::Docx) => Err(no_docx_portfolio()),
            Some(Format::Text | Format::Md) | None if self.format == Format::Md => {
                super::markdown::portfolio::render_md(rows, out)
            }
            Some(Format::Text | Format::Md) | None => {
                super::text::portfolio::render_text(rows, out)
            }
        }
    }
}

/// A Word document holds one report: a portfolio is never written as DOCX.
fn no_docx_portfolio() -> crate::error::Error {
    crate::error::Error::Usage(
        "--format docx writes the report of one answers file; for several files give one command per file, or a portfolio as html, md, text, json, junit or csv".into(),
    )
}
