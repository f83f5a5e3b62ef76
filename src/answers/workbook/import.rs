//! A filled questionnaire workbook → the located tree of an answers file → validated answers.
//!
//! Each value's position encodes its cell (sheet, row, column), so that every problem found by
//! the answers validator is reported at its cell. Rows are keyed by the Id column, never by
//! their number: moved rows are read the same, a deleted row is unanswered.

use super::{ABOUT, COLUMNS, FIELDS, QUESTIONNAIRE, cell_ref, col};
use crate::answers::model::Answers;
use crate::answers::parse::parse_tree;
use crate::catalog::Catalog;
use crate::error::{Diagnostic, Error, Pos, Result, suggest};
use crate::read::xlsx::{self, Cell, CellValue};
use crate::read::{Key, Node, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Sheets in the order of their position code (see [`pos`]).
const SHEETS: [&str; 2] = [ABOUT, QUESTIONNAIRE];
/// Rows per sheet in a position code: more than Excel's 1,048,576.
const SHEET_STRIDE: usize = 1 << 21;

/// The position standing for a cell (0-based row and column) of `SHEETS[sheet]`.
fn pos(sheet: usize, row: u32, col: u32) -> Pos {
    Pos::new(sheet * SHEET_STRIDE + row as usize + 1, col as usize + 1)
}

/// The cell a position stands for, as `Sheet!A1`.
fn cell_of(p: Pos) -> String {
    let sheet = SHEETS[(p.line / SHEET_STRIDE).min(SHEETS.len() - 1)];
    let row = (p.line % SHEET_STRIDE).saturating_sub(1) as u32;
    cell_ref(sheet, row, p.column.saturating_sub(1) as u32)
}

/// True for a path that names a workbook (`.xlsx`, `.xlsm`).
pub fn is_workbook_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
}

/// Reads and validates a questionnaire workbook (through the input door and its budgets).
pub fn load(
    path: &Path,
    catalog: &Catalog,
    extra_profiles: &[String],
) -> Result<(Answers, Catalog)> {
    let bytes = crate::read::read_bytes(path)?;
    parse_workbook(&path.display().to_string(), bytes, catalog, extra_profiles)
}

/// Validates a workbook's bytes; every problem is reported together, at its cell.
pub fn parse_workbook(
    name: &str,
    bytes: Vec<u8>,
    catalog: &Catalog,
    extra_profiles: &[String],
) -> Result<(Answers, Catalog)> {
    let wb = xlsx::parse_workbook(name, bytes, &SHEETS)?;
    let mut errors = Vec::new();
    for sheet in SHEETS {
        if wb.sheet(sheet).is_none() {
            let found = wb
                .sheet_names
                .iter()
                .map(|n| format!("`{}`", short(n)))
                .collect::<Vec<_>>()
                .join(", ");
            let mut help = format!(
                "the workbook's sheets are {found}; a questionnaire has the sheets `About` and `Questionnaire` (do not rename them)"
            );
            if let Some(s) = suggest(sheet, wb.sheet_names.iter().map(String::as_str)) {
                help = format!("did you mean `{s}` (renamed)? {help}");
            }
            errors.push(
                Diagnostic::new(name, None, format!("the sheet `{sheet}` is missing"))
                    .with_help(help),
            );
        }
    }
    if !errors.is_empty() {
        return Err(Error::Input(errors));
    }
    let mut b = Builder {
        file: name,
        errors: Vec::new(),
    };
    let mut top = vec![(
        key("aimscore", pos(0, 0, 0)),
        node(pos(0, 0, 0), Value::Int(1)),
    )];
    top.extend(b.about(wb.sheet(ABOUT).unwrap_or_default()));
    let answers = b.questions(wb.sheet(QUESTIONNAIRE).unwrap_or_default());
    top.push((
        key("answers", pos(1, 0, 0)),
        node(pos(1, 0, 0), Value::Map(answers)),
    ));
    let root = node(pos(0, 0, 0), Value::Map(top));
    let parsed = parse_tree(name, &root, catalog, extra_profiles);
    let mut all = b.errors;
    match parsed {
        Ok(ok) if all.is_empty() => Ok(ok),
        Ok(_) => Err(Error::Input(located(name, all))),
        Err(Error::Input(more)) => {
            all.extend(more);
            Err(Error::Input(located(name, all)))
        }
        Err(e) => Err(e),
    }
}

/// Diagnostics in cell order, each naming its cell (`q.xlsx: Questionnaire!H17: …`).
fn located(name: &str, mut ds: Vec<Diagnostic>) -> Vec<Diagnostic> {
    ds.sort_by_key(|d| d.pos);
    ds.dedup();
    ds.into_iter()
        .map(|d| match d.pos {
            Some(p) if d.file == name => Diagnostic {
                file: format!("{name}: {}", cell_of(p)),
                pos: None,
                ..d
            },
            _ => d,
        })
        .collect()
}

fn key(name: &str, p: Pos) -> Key {
    Key {
        name: name.to_string(),
        pos: p,
    }
}

fn node(p: Pos, value: Value) -> Node {
    Node { pos: p, value }
}

/// A cell as a scalar of the answers tree. Whole numbers are integers (`3.0` is maturity 3);
/// dates become `YYYY-MM-DD` text.
fn scalar(c: &Cell, sheet: usize) -> Node {
    let v = match &c.value {
        CellValue::Text(s) if s.trim().is_empty() => Value::Null,
        CellValue::Text(s) => Value::Str(s.clone()),
        CellValue::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => Value::Int(*f as i64),
        CellValue::Number(f) => Value::Float(*f),
        CellValue::Bool(b) => Value::Bool(*b),
        CellValue::Date(serial) => match xlsx::serial_to_date(*serial) {
            Some(d) => Value::Str(d),
            None => Value::Float(*serial),
        },
        CellValue::DateText(s) => Value::Str(s.get(..10).unwrap_or(s).to_string()),
        CellValue::Error(e) => Value::Str(e.clone()),
    };
    node(pos(sheet, c.row, c.col), v)
}

/// A free-text cell: a number or a date written in a text column is taken as its text.
fn text(c: &Cell, sheet: usize) -> Node {
    let mut n = scalar(c, sheet);
    n.value = match n.value {
        Value::Int(i) => Value::Str(i.to_string()),
        Value::Float(f) => Value::Str(f.to_string()),
        Value::Bool(b) => Value::Str(b.to_string()),
        v => v,
    };
    n
}

struct Builder<'a> {
    file: &'a str,
    errors: Vec<Diagnostic>,
}

impl Builder<'_> {
    fn err(&mut self, p: Pos, msg: String, help: &str) {
        self.errors
            .push(Diagnostic::at(self.file, p, msg).with_help(help));
    }

    /// The header fields of the About sheet: a label in column A, its value in column B.
    fn about(&mut self, cells: &[Cell]) -> Vec<(Key, Node)> {
        let mut labels: BTreeMap<u32, &str> = BTreeMap::new();
        let mut values: BTreeMap<u32, &Cell> = BTreeMap::new();
        for c in cells {
            match (c.col, &c.value) {
                (0, CellValue::Text(s)) => {
                    labels.insert(c.row, s.trim());
                }
                (1, _) => {
                    values.insert(c.row, c);
                }
                _ => {}
            }
        }
        let mut top = Vec::new();
        let mut eu: Vec<(Key, Node)> = Vec::new();
        let mut eu_pos = None;
        for (row, label) in labels {
            let Some((_, field)) = FIELDS.iter().find(|(l, _)| l.eq_ignore_ascii_case(label))
            else {
                continue;
            };
            let p = pos(0, row, 1);
            let Some(cell) = values.get(&row) else {
                continue;
            };
            let v = match *field {
                "profiles" | "eu_ai_act.roles" => list(cell, 0, ','),
                "eu_ai_act.high_risk"
                | "eu_ai_act.transparency"
                | "eu_ai_act.gpai_systemic_risk" => self.flag(cell, label),
                "date" => scalar(cell, 0),
                _ => text(cell, 0),
            };
            if v.value == Value::Null {
                continue;
            }
            match field.strip_prefix("eu_ai_act.") {
                Some(k) => {
                    eu_pos.get_or_insert(p);
                    eu.push((key(k, p), v));
                }
                None => top.push((key(field, p), v)),
            }
        }
        if let Some(p) = eu_pos {
            top.push((key("eu_ai_act", p), node(p, Value::Map(eu))));
        }
        top
    }

    /// `yes`/`no` (or a TRUE/FALSE cell) as a boolean.
    fn flag(&mut self, c: &Cell, label: &str) -> Node {
        let n = scalar(c, 0);
        let v = match &n.value {
            Value::Str(s) if matches!(s.trim().to_ascii_lowercase().as_str(), "yes" | "true") => {
                Value::Bool(true)
            }
            Value::Str(s) if matches!(s.trim().to_ascii_lowercase().as_str(), "no" | "false") => {
                Value::Bool(false)
            }
            Value::Bool(b) => Value::Bool(*b),
            Value::Null => Value::Null,
            _ => {
                self.err(
                    n.pos,
                    format!("{label} is {}, not yes or no", n.show()),
                    "allowed: yes, no (or leave it empty)",
                );
                Value::Null
            }
        };
        node(n.pos, v)
    }

    /// The answers of the Questionnaire sheet, keyed by the Id column; the columns are found
    /// by their header.
    fn questions(&mut self, cells: &[Cell]) -> Vec<(Key, Node)> {
        let mut header: BTreeMap<u32, String> = BTreeMap::new();
        let mut rows: BTreeMap<u32, BTreeMap<u32, &Cell>> = BTreeMap::new();
        for c in cells {
            if c.row == 0 {
                if let CellValue::Text(s) = &c.value {
                    header.insert(c.col, s.trim().to_string());
                }
            } else {
                rows.entry(c.row).or_default().insert(c.col, c);
            }
        }
        // Column of each known header name.
        let mut at: BTreeMap<u16, u32> = BTreeMap::new();
        for (i, name) in COLUMNS.iter().enumerate() {
            if let Some((c, _)) = header.iter().find(|(_, h)| h.eq_ignore_ascii_case(name)) {
                at.insert(i as u16, *c);
            }
        }
        for need in [col::ID, col::ANSWER] {
            if !at.contains_key(&need) {
                let name = COLUMNS[usize::from(need)];
                let mut help = format!(
                    "the header row (row 1) must keep the columns {}",
                    COLUMNS.join(", ")
                );
                if let Some(s) = suggest(name, header.values().map(String::as_str)) {
                    help = format!("did you mean `{s}` (renamed)? {help}");
                }
                self.err(
                    pos(1, 0, u32::from(need)),
                    format!("the column `{name}` is missing from the header row"),
                    &help,
                );
            }
        }
        let (Some(&id_col), Some(&answer_col)) = (at.get(&col::ID), at.get(&col::ANSWER)) else {
            return Vec::new();
        };
        let mut out: Vec<(Key, Node)> = Vec::new();
        let mut first_row: BTreeMap<String, u32> = BTreeMap::new();
        for (row, cols) in &rows {
            let answer = cols.get(&answer_col).map(|c| scalar(c, 1));
            let answered = answer.as_ref().is_some_and(|n| n.value != Value::Null);
            let id = cols.get(&id_col).map(|c| text(c, 1));
            let id_text = match id.as_ref().map(|n| &n.value) {
                Some(Value::Str(s)) => s.trim().to_string(),
                _ => String::new(),
            };
            if id_text.is_empty() {
                if answered {
                    self.err(
                        pos(1, *row, id_col),
                        format!("row {} has an answer but no Id", row + 1),
                        "rows are matched by their Id: copy the question's Id back, or clear the row",
                    );
                }
                continue;
            }
            let id_pos = pos(1, *row, id_col);
            if let Some(first) = first_row.get(&id_text) {
                self.err(
                    id_pos,
                    format!(
                        "the Id `{}` appears twice (first in row {})",
                        short(&id_text),
                        first + 1
                    ),
                    "keep one row per question (delete the copy)",
                );
                continue;
            }
            first_row.insert(id_text.clone(), *row);
            let Some(answer) = answer.filter(|_| answered) else {
                // An empty Answer leaves the question unanswered, whatever else the row holds.
                continue;
            };
            let mut fields = vec![(key("answer", answer.pos), answer)];
            let field = |i: u16| at.get(&i).and_then(|c| cols.get(c));
            if let Some(c) = field(col::EVIDENCE) {
                let v = match &c.value {
                    CellValue::Text(_) => list(c, 1, '\n'),
                    _ => scalar(c, 1),
                };
                fields.push((key("evidence", v.pos), v));
            }
            for (i, k) in [
                (col::NOTE, "note"),
                (col::OWNER, "owner"),
                (col::JUSTIFICATION, "justification"),
            ] {
                if let Some(c) = field(i) {
                    let v = text(c, 1);
                    fields.push((key(k, v.pos), v));
                }
            }
            if let Some(c) = field(col::DUE) {
                let v = scalar(c, 1);
                let v = match v.value {
                    // A date typed into a cell formatted as a number: its serial, from 1970 on.
                    Value::Int(n) if (25_569..=2_958_465).contains(&n) => {
                        match xlsx::serial_to_date(n as f64) {
                            Some(d) => node(v.pos, Value::Str(d)),
                            None => v,
                        }
                    }
                    Value::Int(_) | Value::Float(_) => {
                        self.err(
                            v.pos,
                            format!("Due is the number {}, not a date", v.show()),
                            "write a date (YYYY-MM-DD), or format the cell as a date",
                        );
                        node(v.pos, Value::Null)
                    }
                    _ => v,
                };
                fields.push((key("due", v.pos), v));
            }
            let p = fields[0].1.pos;
            out.push((key(&id_text, id_pos), node(p, Value::Map(fields))));
        }
        out
    }
}

/// A text cell split on `sep` into a list of trimmed, non-empty items.
fn list(c: &Cell, sheet: usize, sep: char) -> Node {
    let p = pos(sheet, c.row, c.col);
    match &c.value {
        CellValue::Text(s) => {
            let items: Vec<Node> = s
                .split(sep)
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(|x| node(p, Value::Str(x.to_string())))
                .collect();
            if items.is_empty() {
                node(p, Value::Null)
            } else {
                node(p, Value::Seq(items))
            }
        }
        _ => scalar(c, sheet),
    }
}

/// Text as shown in a message: at most 60 characters.
fn short(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
