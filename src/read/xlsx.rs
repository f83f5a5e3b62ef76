//! The XLSX reader: the cells of chosen sheets of a workbook, typed as Excel stores them, within
//! budgets (file size, unpacked size, entries, cells). It knows nothing about questionnaires or
//! answers: [`crate::answers::workbook`] gives the cells their meaning.
//!
//! A workbook is a zip archive of XML parts. Before the spreadsheet parser sees it, every part
//! is unpacked once into a counting sink: a zip bomb (a small file that unpacks to gigabytes)
//! stops at [`MAX_UNPACKED_BYTES`] instead of filling memory, whatever sizes the archive
//! declares. Cells are then streamed one by one (never a dense grid: a sheet with one cell at
//! A1 and one at XFD1048576 would otherwise allocate seventeen billion of them).

use crate::error::{Diagnostic, Error, Result};
use calamine::{DataRef, Reader, Xlsx};
use std::io::{Cursor, Read};
use std::path::Path;

/// The most bytes the parts of a workbook may unpack to. A questionnaire of the full catalog
/// with answers is well under a megabyte unpacked.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most parts (zip entries) a workbook may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// The most non-empty cells read from one sheet.
pub const MAX_CELLS: usize = 200_000;

/// One cell's value as stored in the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date or time: the Excel serial number (days since 1899-12-30).
    Date(f64),
    /// A date written as ISO 8601 text by the writing application.
    DateText(String),
    /// An error value such as `#N/A` or `#REF!`.
    Error(String),
}

/// A non-empty cell, 0-based.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub row: u32,
    pub col: u32,
    pub value: CellValue,
}

/// A workbook as read: every sheet's name, and the cells of the sheets asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub sheet_names: Vec<String>,
    /// `(name, cells in file order)` for each sheet asked for that exists.
    pub sheets: Vec<(String, Vec<Cell>)>,
}

impl Workbook {
    pub fn sheet(&self, name: &str) -> Option<&[Cell]> {
        self.sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| c.as_slice())
    }
}

fn bad(name: &str, what: impl Into<String>) -> Error {
    Error::input(
        Diagnostic::new(name, None, what).with_help(
            "expected an .xlsx workbook (Excel 2007 or later, LibreOffice \"Excel 2007-365\"), such as one written by `aimscore init --format xlsx`",
        ),
    )
}

/// True when `bytes` start like a zip archive (every .xlsx file does).
pub fn looks_like_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads the workbook at `path` (through the input door, within its size budget) and the cells
/// of the sheets named in `wanted`.
pub fn read_workbook(path: &Path, wanted: &[&str]) -> Result<Workbook> {
    let name = path.display().to_string();
    let bytes = super::read_bytes(path)?;
    parse_workbook(&name, bytes, wanted)
}

/// [`read_workbook`] on bytes already read (`name` is used in messages only).
pub fn parse_workbook(name: &str, bytes: Vec<u8>, wanted: &[&str]) -> Result<Workbook> {
    if !looks_like_xlsx(&bytes) {
        let what = if bytes.starts_with(b"\xd0\xcf\x11\xe0") {
            "is an old binary Excel file (.xls), not an .xlsx workbook; save it as .xlsx"
        } else if bytes.is_empty() {
            "is empty, not an .xlsx workbook"
        } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
            "is text (CSV, YAML or the like), not an .xlsx workbook"
        } else {
            "is not an .xlsx workbook (not a zip archive)"
        };
        return Err(bad(name, what));
    }
    check_archive(name, &bytes)?;
    let mut wb: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
            bad(
                name,
                format!("cannot be read as a workbook: {}", short(&e.to_string())),
            )
        })?;
    let sheet_names = wb.sheet_names();
    let mut sheets = Vec::new();
    for want in wanted {
        if !sheet_names.iter().any(|n| n == want) {
            continue;
        }
        let mut reader = wb.worksheet_cells_reader(want).map_err(|e| {
            bad(
                name,
                format!("sheet `{want}` cannot be read: {}", short(&e.to_string())),
            )
        })?;
        let mut cells = Vec::new();
        loop {
            let next = reader.next_cell().map_err(|e| {
                bad(
                    name,
                    format!("sheet `{want}` cannot be read: {}", short(&e.to_string())),
                )
            })?;
            let Some(c) = next else { break };
            let (row, col) = c.get_position();
            let value = match c.get_value() {
                DataRef::Empty => continue,
                DataRef::String(s) => CellValue::Text(s.clone()),
                DataRef::SharedString(s) => CellValue::Text(s.to_string()),
                DataRef::Int(i) => CellValue::Number(*i as f64),
                DataRef::Float(f) => CellValue::Number(*f),
                DataRef::Bool(b) => CellValue::Bool(*b),
                DataRef::DateTime(d) => CellValue::Date(d.as_f64()),
                DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::DateText(s.clone()),
                DataRef::Error(e) => CellValue::Error(e.to_string()),
            };
            if cells.len() >= MAX_CELLS {
                return Err(bad(
                    name,
                    format!(
                        "sheet `{want}` holds more than {MAX_CELLS} cells; a questionnaire holds a few thousand"
                    ),
                ));
            }
            cells.push(Cell { row, col, value });
        }
        sheets.push(((*want).to_string(), cells));
    }
    Ok(Workbook {
        sheet_names,
        sheets,
    })
}

/// Unpacks every part into a counting sink, within [`MAX_UNPACKED_BYTES`] and [`MAX_ENTRIES`].
fn check_archive(name: &str, bytes: &[u8]) -> Result<()> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(
            name,
            format!("is a damaged zip archive: {}", short(&e.to_string())),
        )
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(bad(
            name,
            format!("holds {} parts; the limit is {MAX_ENTRIES}", zip.len()),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| {
            bad(
                name,
                format!("is a damaged zip archive: {}", short(&e.to_string())),
            )
        })?;
        let left = MAX_UNPACKED_BYTES - total;
        let n =
            std::io::copy(&mut (&mut part).take(left + 1), &mut std::io::sink()).map_err(|e| {
                bad(
                    name,
                    format!("is a damaged zip archive: {}", short(&e.to_string())),
                )
            })?;
        total += n;
        if total > MAX_UNPACKED_BYTES {
            return Err(bad(
                name,
                format!(
                    "unpacks to more than {MAX_UNPACKED_BYTES} bytes (64 MiB); a questionnaire unpacks to about a megabyte (is it a zip bomb?)"
                ),
            ));
        }
    }
    Ok(())
}

/// A library message, bounded (it may quote input).
fn short(s: &str) -> String {
    s.chars().take(200).collect()
}

/// The `YYYY-MM-DD` date of an Excel serial number (1900 date system), when it is one in the
/// years 1900 to 9999.
pub fn serial_to_date(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Days since 1899-12-30 (serials from 61 on; Excel counts a 29 February 1900 that never was).
    let mut days = serial.floor() as i64;
    if days < 61 {
        days += 1;
    }
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_are_calendar_dates() {
        assert_eq!(serial_to_date(46_357.0).as_deref(), Some("2026-12-01"));
        assert_eq!(serial_to_date(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(serial_to_date(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(serial_to_date(45_351.0).as_deref(), Some("2024-02-29"));
        assert_eq!(serial_to_date(46_357.75).as_deref(), Some("2026-12-01"));
        assert_eq!(serial_to_date(0.0), None);
        assert_eq!(serial_to_date(f64::NAN), None);
        assert_eq!(serial_to_date(1e12), None);
    }

    #[test]
    fn text_named_xlsx_is_refused_clearly() {
        let e = parse_workbook(
            "q.xlsx",
            b"Id,Answer\n4.1-1,yes\n".to_vec(),
            &["Questionnaire"],
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("q.xlsx: is text (CSV"), "{e}");
        let e = parse_workbook("q.xlsx", b"PK\x03\x04garbage".to_vec(), &[]).unwrap_err();
        assert!(e.to_string().contains("damaged zip archive"), "{e}");
    }
}
