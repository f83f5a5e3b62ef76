//! The spreadsheet questionnaire's contract (sheet names, columns, About labels) and reading a
//! filled workbook back into validated [`Answers`](super::Answers).
//!
//! The cells come from [`crate::read::xlsx`] (which owns the budgets); here they become the same
//! located tree the YAML, TOML and JSON readers produce, so a workbook is validated by the very
//! rules of an answers file, and every problem is reported at its cell
//! (`q.xlsx: Questionnaire!H17: …`). The writer lives in `render::questionnaire`; this module
//! does not write.

mod import;

pub use import::{is_workbook_path, load, parse_workbook};

/// The sheet with the organization, the header fields and the instructions.
pub const ABOUT: &str = "About";
/// The sheet with one row per question.
pub const QUESTIONNAIRE: &str = "Questionnaire";

/// The Questionnaire sheet's header, in column order (Answer is column H).
pub const COLUMNS: [&str; 14] = [
    "Id",
    "Section",
    "Requirement",
    "Question",
    "Weight",
    "Stage",
    "Flags",
    "Answer",
    "Evidence",
    "Note",
    "Owner",
    "Due",
    "Justification",
    "Evidence that fits",
];

/// Column indexes (0-based) of the columns a user fills in.
pub mod col {
    pub const ID: u16 = 0;
    pub const ANSWER: u16 = 7;
    pub const EVIDENCE: u16 = 8;
    pub const NOTE: u16 = 9;
    pub const OWNER: u16 = 10;
    pub const DUE: u16 = 11;
    pub const JUSTIFICATION: u16 = 12;
}

/// The About sheet's header fields: label in column A, value in column B, the answers-file key
/// each one stands for. Rows are found by their label, so a row moved is still read.
pub const FIELDS: [(&str, &str); 11] = [
    ("Organization", "organization"),
    ("Scope", "scope"),
    ("Assessor", "assessor"),
    ("Date", "date"),
    ("Tier", "tier"),
    ("Profiles", "profiles"),
    ("EU AI Act roles", "eu_ai_act.roles"),
    ("EU AI Act high risk", "eu_ai_act.high_risk"),
    ("EU AI Act transparency", "eu_ai_act.transparency"),
    (
        "EU AI Act GPAI systemic risk",
        "eu_ai_act.gpai_systemic_risk",
    ),
    ("Inventory", "inventory"),
];

/// The answer words offered on every row; `na` only on Annex A rows.
pub const CLAUSE_ANSWERS: [&str; 9] = ["yes", "partial", "no", "0", "1", "2", "3", "4", "5"];
/// The answer list of Annex A rows.
pub const ANNEX_ANSWERS: [&str; 10] = ["yes", "partial", "no", "na", "0", "1", "2", "3", "4", "5"];

/// An answers file's text with a workbook's answers merged in.
#[derive(Debug, Clone)]
pub struct Merged {
    pub text: String,
    /// How many answers were set (new or different); the others kept their text untouched.
    pub changed: usize,
}

/// Sets, in the answers file `text`, every answer of `imported` that is new or differs from the
/// file's, one by one through [`super::edit::set_answer`] (the editor `ask` uses): comments,
/// order and every other entry keep their bytes. Answers the workbook leaves empty are kept, and
/// so are the recorded hashes and dates of the evidence references that remain.
/// `catalog` is the catalog without profiles (the file's own apply).
pub fn merge_into(
    name: &str,
    text: &str,
    format: crate::read::Format,
    catalog: &crate::catalog::Catalog,
    imported: &super::Answers,
) -> crate::error::Result<Merged> {
    let (old, active) = super::parse_text(name, text, format, catalog, &[])?;
    let same = |a: &super::Answer, b: &super::Answer| {
        let (a, b) = (super::edit::normalized(a), super::edit::normalized(b));
        a.value == b.value
            && a.evidence == b.evidence
            && a.note == b.note
            && a.owner == b.owner
            && a.due == b.due
            && a.justification == b.justification
    };
    let mut text = text.to_string();
    let mut changed = 0;
    let mut ids: Vec<&str> = active
        .questions()
        .map(|(_, q)| q.id.as_str())
        .filter(|id| imported.answers.contains_key(*id))
        .collect();
    // Answers to questions the file's catalog and profiles do not hold: set_answer names them.
    let others: Vec<&str> = imported
        .answers
        .keys()
        .map(String::as_str)
        .filter(|id| !ids.contains(id))
        .collect();
    ids.extend(others);
    for id in ids {
        let Some(new) = imported.answers.get(id) else {
            continue;
        };
        // A workbook's Evidence cells hold references only: a reference that remains keeps the
        // sha256, date and expiry the file recorded for it (`evidence lock`).
        let mut new = new.clone();
        if let Some(o) = old.answers.get(id) {
            new.evidence = super::evidence::carry_over(&o.evidence, new.evidence);
        }
        if old.answers.get(id).is_some_and(|o| same(o, &new)) {
            continue;
        }
        text = super::edit::set_answer(name, &text, format, catalog, id, &new)?.text;
        changed += 1;
    }
    Ok(Merged { text, changed })
}

/// The column letters of a 0-based column index (`0` → `A`, `27` → `AB`).
pub fn column_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// A cell reference such as `Questionnaire!H17` (row and column 0-based).
pub fn cell_ref(sheet: &str, row: u32, col: u32) -> String {
    let sheet = if sheet.chars().all(|c| c.is_ascii_alphanumeric()) {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    };
    format!("{sheet}!{}{}", column_letters(col), row + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references_read_like_excel() {
        assert_eq!(cell_ref(QUESTIONNAIRE, 16, 7), "Questionnaire!H17");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16383), "XFD");
        assert_eq!(cell_ref("My sheet", 0, 0), "'My sheet'!A1");
        assert_eq!(COLUMNS[usize::from(col::ANSWER)], "Answer");
        assert_eq!(COLUMNS[usize::from(col::DUE)], "Due");
    }
}
