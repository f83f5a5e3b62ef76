//! The DOCX format: Word documents a consultant edits before handing them over (the full
//! report, the executive summary, the Statement of Applicability). This module holds the
//! document frame every one of them shares (A4 pages, heading styles, a running header, a
//! footer with the disclaimer and "Page N of M", tables whose header row repeats on every
//! page and whose rows never split, text made safe for XML); `report`, `summary` and `soa`
//! lay out their documents on it. Presents documents only: no score is computed here.

pub mod report;
pub mod soa;
pub mod summary;

use super::chart_png::Png;
use crate::error::Result;
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, LineSpacing, LineSpacingType, NumPages,
    PageMargin, PageNum, PageOrientationType, Paragraph, Pic, Run, RunFonts, Shading, Style,
    StyleType, Table, TableCell, TableCellMargins, TableLayoutType, TableRow, WidthType,
};
use std::io::Write;

/// A4 in twips (twentieths of a point).
const A4_SHORT: u32 = 11906;
const A4_LONG: u32 = 16838;
/// 2 cm margins.
const MARGIN: u32 = 1134;
const BODY_FONT: &str = "Arial";
const CODE_FONT: &str = "Courier New";
const ACCENT: &str = "1F3A5F";
const MUTED: &str = "5B6675";
const HEADER_FILL: &str = "D9E2EC";
/// The row height docx-rs writes for a header row before [`Doc::finish`] turns it into
/// `w:tblHeader` (docx-rs has no repeated-header property; no other row uses this height).
const HEADER_ROW_MARK: &str = r#"<w:trHeight w:val="3" w:hRule="atLeast" />"#;
const HEADER_ROW_MARK_HEIGHT: f32 = 3.0;
const TBL_HEADER: &str = "<w:tblHeader />";

/// Page orientation of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A document being laid out: paragraphs and tables in reading order.
pub struct Doc {
    docx: Docx,
    orientation: Orientation,
    images: usize,
}

impl Doc {
    /// A new A4 document with the house styles, a running header (`header_text`, e.g. the
    /// organization and date) and a footer holding the disclaimer and the page number.
    pub fn new(orientation: Orientation, header_text: &str, disclaimer: &str) -> Doc {
        let (w, h) = match orientation {
            Orientation::Portrait => (A4_SHORT, A4_LONG),
            Orientation::Landscape => (A4_LONG, A4_SHORT),
        };
        let header = Header::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Right)
                .add_run(small(header_text, MUTED)),
        );
        let footer = Footer::new()
            .add_paragraph(
                Paragraph::new()
                    .line_spacing(LineSpacing::new().after(40))
                    .add_run(small(disclaimer, MUTED)),
            )
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Right)
                    .add_run(small("Page ", MUTED))
                    .add_page_num(PageNum::new())
                    .add_run(small(" of ", MUTED))
                    .add_num_pages(NumPages::new()),
            );
        let fonts = RunFonts::new()
            .ascii(BODY_FONT)
            .hi_ansi(BODY_FONT)
            .cs(BODY_FONT)
            .east_asia(BODY_FONT);
        let mut docx = Docx::new()
            .page_size(w, h)
            .page_margin(
                PageMargin::new()
                    .top(MARGIN as i32)
                    .bottom(MARGIN as i32)
                    .left(MARGIN as i32)
                    .right(MARGIN as i32)
                    .header(567)
                    .footer(567),
            )
            .default_fonts(fonts)
            .default_size(19)
            .default_line_spacing(
                LineSpacing::new()
                    .after(100)
                    .line(259)
                    .line_rule(LineSpacingType::Auto),
            )
            .header(header)
            .footer(footer);
        if orientation == Orientation::Landscape {
            docx = docx.page_orient(PageOrientationType::Landscape);
        }
        for (id, name, size, level) in [
            ("Title", "Title", 34, None),
            ("Heading1", "heading 1", 30, Some(0)),
            ("Heading2", "heading 2", 25, Some(1)),
            ("Heading3", "heading 3", 21, Some(2)),
        ] {
            let mut style = Style::new(id, StyleType::Paragraph)
                .name(name)
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .size(size)
                .bold()
                .color(ACCENT)
                .line_spacing(LineSpacing::new().before(200).after(100));
            if let Some(l) = level {
                style = style.outline_lvl(l);
            }
            docx = docx.add_style(style);
        }
        Doc {
            docx,
            orientation,
            images: 0,
        }
    }

    /// The width between the margins, in twips.
    pub fn body_width(&self) -> usize {
        let page = match self.orientation {
            Orientation::Portrait => A4_SHORT,
            Orientation::Landscape => A4_LONG,
        };
        (page - 2 * MARGIN) as usize
    }

    /// The document title (the Title style).
    pub fn title(&mut self, text: &str) {
        self.push(Paragraph::new().style("Title").keep_next(true), text);
    }

    /// A heading at `level` 1..=3 (Heading 1..3: in Word's navigation pane and outline).
    pub fn heading(&mut self, level: usize, text: &str) {
        let style = match level {
            1 => "Heading1",
            2 => "Heading2",
            _ => "Heading3",
        };
        self.push(Paragraph::new().style(style).keep_next(true), text);
    }

    /// A paragraph of plain text (code spans in backticks set in a fixed-width font).
    pub fn para(&mut self, text: &str) {
        self.push(Paragraph::new(), text);
    }

    /// A paragraph in italics, muted: notes and caveats.
    pub fn note(&mut self, text: &str) {
        let mut p = Paragraph::new();
        for r in runs(text) {
            p = p.add_run(r.italic().color(MUTED));
        }
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    /// A paragraph that starts with a bold label: "Label: text".
    pub fn labelled(&mut self, label: &str, text: &str) {
        let mut p = Paragraph::new()
            .line_spacing(LineSpacing::new().after(40))
            .add_run(Run::new().add_text(xml_safe(&format!("{label}: "))).bold());
        for r in runs(text) {
            p = p.add_run(r);
        }
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    /// A bulleted line (a dash and an indent; Word's list numbering is left to the editor).
    pub fn bullet(&mut self, text: &str) {
        self.item("– ", text);
    }

    /// A numbered line: `n)` and a hanging indent.
    pub fn numbered(&mut self, n: usize, text: &str) {
        self.item(&format!("{n}) "), text);
    }

    fn item(&mut self, marker: &str, text: &str) {
        let mut p = Paragraph::new()
            .indent(
                Some(400),
                Some(docx_rs::SpecialIndentType::Hanging(280)),
                None,
                None,
            )
            .line_spacing(LineSpacing::new().after(40))
            .add_run(Run::new().add_text(marker.to_string()));
        for r in runs(text) {
            p = p.add_run(r);
        }
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    /// A table with a header row that repeats on every page; no row splits across pages.
    /// `widths` are relative column widths (they are scaled to the body width).
    pub fn table(&mut self, headers: &[&str], widths: &[usize], rows: Vec<Vec<String>>) {
        self.table_sized(headers, widths, rows, 17);
    }

    /// [`Doc::table`] with the cells' text at `half_points` (17 is 8.5 pt).
    pub fn table_sized(
        &mut self,
        headers: &[&str],
        widths: &[usize],
        rows: Vec<Vec<String>>,
        half_points: usize,
    ) {
        let total: usize = widths.iter().sum::<usize>().max(1);
        let body = self.body_width();
        let grid: Vec<usize> = widths.iter().map(|w| w * body / total).collect();
        let cell = |text: &str, width: usize, header: bool| {
            let mut p = Paragraph::new().line_spacing(
                LineSpacing::new()
                    .after(0)
                    .line(240)
                    .line_rule(LineSpacingType::Auto),
            );
            for r in runs(text) {
                p = p.add_run(if header { r.bold() } else { r }.size(half_points));
            }
            let c = TableCell::new()
                .width(width, WidthType::Dxa)
                .add_paragraph(p);
            if header {
                c.shading(Shading::new().fill(HEADER_FILL))
            } else {
                c
            }
        };
        let mut trs = vec![
            TableRow::new(
                headers
                    .iter()
                    .zip(&grid)
                    .map(|(h, w)| cell(h, *w, true))
                    .collect(),
            )
            .cant_split()
            .row_height(HEADER_ROW_MARK_HEIGHT)
            .height_rule(docx_rs::HeightRule::AtLeast),
        ];
        for row in rows {
            trs.push(
                TableRow::new(
                    grid.iter()
                        .enumerate()
                        .map(|(i, w)| cell(row.get(i).map(String::as_str).unwrap_or(""), *w, false))
                        .collect(),
                )
                .cant_split(),
            );
        }
        let t = Table::new(trs)
            .set_grid(grid)
            .layout(TableLayoutType::Fixed)
            .margins(TableCellMargins::new().margin(30, 70, 30, 70))
            .width(body, WidthType::Dxa);
        self.docx = std::mem::take(&mut self.docx)
            .add_table(t)
            .add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().after(60)));
    }

    /// An image as wide as the body (or `max_width` twips), in its own paragraph, with a
    /// caption under it.
    pub fn image(&mut self, png: Png, caption: &str) {
        self.images += 1;
        let body = self.body_width() as u64;
        // 1 twip = 635 EMU.
        let w_emu = body * 635;
        let h_emu = w_emu * u64::from(png.height) / u64::from(png.width.max(1));
        let pic = Pic::new_with_dimensions(png.bytes, png.width, png.height)
            .size(w_emu as u32, h_emu as u32)
            // docx-rs numbers images from a process-wide counter; a fixed id per document
            // keeps the bytes the same however many documents a process writes.
            .id(format!("rIdImage{}", self.images));
        self.docx = std::mem::take(&mut self.docx).add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .align(AlignmentType::Center)
                .line_spacing(
                    LineSpacing::new()
                        .line(240)
                        .line_rule(LineSpacingType::Auto)
                        .after(0),
                )
                .add_run(Run::new().add_image(pic)),
        );
        self.note(caption);
    }

    /// A page break.
    pub fn page_break(&mut self) {
        self.docx = std::mem::take(&mut self.docx)
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    }

    fn push(&mut self, mut p: Paragraph, text: &str) {
        for r in runs(text) {
            p = p.add_run(r);
        }
        self.docx = std::mem::take(&mut self.docx).add_paragraph(p);
    }

    /// Writes the document: the package parts, header rows marked, zipped with fixed dates.
    pub fn finish(self, out: &mut dyn Write) -> Result<()> {
        let mut xml = self.docx.build();
        xml.document = mark_header_rows(&xml.document);
        let mut stored = std::io::Cursor::new(Vec::new());
        xml.pack(&mut stored).map_err(|e| zip_err(&e))?;
        let bytes = deflate(stored.get_ref()).map_err(|e| zip_err(&e))?;
        out.write_all(&bytes).map_err(super::io_err)
    }
}

/// docx-rs stores every part uncompressed (a report with its chart would be over a megabyte):
/// the same entries, in the same order, deflated, with the zip format's fixed earliest date so
/// the bytes never depend on the clock.
fn deflate(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name()?.to_string();
        if entry.is_dir() {
            // Office packages need no directory entries; Word's own files have none.
            continue;
        }
        out.start_file(name, options)?;
        std::io::copy(&mut entry, &mut out)?;
    }
    Ok(out.finish()?.into_inner())
}

fn zip_err(e: &dyn std::fmt::Display) -> crate::error::Error {
    super::io_err(std::io::Error::other(format!("cannot build the DOCX: {e}")))
}

/// Replaces the header-row mark with `w:tblHeader`, Word's "repeat as header row".
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    text.replace(HEADER_ROW_MARK, TBL_HEADER).into_bytes()
}

/// A small run (footer, header) in a colour.
fn small(text: &str, color: &str) -> Run {
    Run::new().add_text(xml_safe(text)).size(15).color(color)
}

/// `text` as runs: line breaks become breaks, `code spans` a fixed-width font, and nothing
/// XML 1.0 forbids (control characters, U+FFFE/U+FFFF) reaches the document. Markdown's
/// backticks never show.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let parts: Vec<&str> = line.split('`').collect();
        let mut first = true;
        for (i, part) in parts.iter().enumerate() {
            // An unmatched backtick stays as written.
            let code = i % 2 == 1 && i + 1 < parts.len();
            let text = if i % 2 == 1 && !code {
                format!("`{part}")
            } else {
                part.to_string()
            };
            if text.is_empty() && !(first && n > 0) {
                continue;
            }
            let mut r = Run::new();
            if first && n > 0 {
                r = r.add_break(BreakType::TextWrapping);
            }
            first = false;
            r = r.add_text(xml_safe(&text));
            if code {
                r = r.fonts(RunFonts::new().ascii(CODE_FONT).hi_ansi(CODE_FONT));
            }
            out.push(r);
        }
    }
    out
}

/// `s` without the characters XML 1.0 cannot hold and without other control characters
/// (a tab becomes a space). docx-rs escapes the markup characters.
pub fn xml_safe(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\u{FFFE}' | '\u{FFFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document_xml(doc: Doc) -> String {
        let mut bytes = Vec::new();
        doc.finish(&mut bytes).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut s)
            .unwrap();
        s
    }

    #[test]
    fn header_rows_repeat_and_no_row_splits() {
        let mut d = Doc::new(Orientation::Portrait, "Acme", "Not a certification.");
        d.table(
            &["A", "B"],
            &[1, 2],
            vec![vec!["x".into(), "y".into()], vec!["z".into(), "w".into()]],
        );
        let xml = document_xml(d);
        assert_eq!(xml.matches(TBL_HEADER).count(), 1, "{xml}");
        assert!(!xml.contains(r#"w:val="3" w:hRule"#));
        assert_eq!(xml.matches("<w:cantSplit />").count(), 3);
    }

    #[test]
    fn hostile_text_is_inert_and_valid_xml() {
        let mut d = Doc::new(Orientation::Portrait, "<b>&\u{1b}[31m", "d");
        d.para("</w:t></w:r><w:r><w:t>inject\u{0}\u{7}\u{FFFF} `code` and ` lone");
        let xml = document_xml(d);
        assert!(!xml.contains("<w:t>inject"));
        assert!(xml.contains("&lt;/w:t&gt;"));
        assert!(
            !xml.chars()
                .any(|c| c == '\0' || c == '\u{7}' || c == '\u{FFFF}')
        );
        assert!(xml.contains("Courier New"));
        assert!(xml.contains("` lone"));
    }

    #[test]
    fn lines_become_breaks() {
        let r = runs("one\ntwo");
        assert_eq!(r.len(), 2);
    }
}
