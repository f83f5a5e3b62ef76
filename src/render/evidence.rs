//! The evidence register for people and tools: the `evidence verify` / `evidence lock` table for
//! a terminal (every user string through the one sanitizer), the register as a section of the
//! text report, and the CSV of `assess --view evidence --format csv`. It computes no status:
//! that is `documents::evidence`.

use super::io_err;
use crate::documents::evidence::{Register, Row, Status};
use crate::error::Result;
use crate::terminal::clean;
use std::io::Write;

/// The column names of the CSV register, in order.
pub const CSV_COLUMNS: [&str; 7] = [
    "ref",
    "questions",
    "sha256",
    "date",
    "expires",
    "status",
    "detail",
];

/// One line per entry: status, reference, the questions citing it, its date and the start of its
/// recorded hash; a detail line under it where the status needs one.
pub fn table(rows: &[Row], out: &mut String) {
    for r in rows {
        let mut line = format!(
            "  {:<10} {}  ({})",
            r.status.as_str(),
            clean(&r.reference),
            r.questions.join(", ")
        );
        if let Some(d) = &r.date {
            line.push_str(&format!("  {d}"));
        }
        if let Some(x) = &r.expires {
            line.push_str(&format!("  expires {x}"));
        }
        if let Some(h) = &r.sha256 {
            line.push_str(&format!("  sha256 {}…", &h[..12.min(h.len())]));
        }
        out.push_str(&line);
        out.push('\n');
        if let Some(d) = &r.detail {
            out.push_str(&format!("  {:<10} {}\n", "", clean(d)));
        }
    }
}

/// A one-line count of the statuses that occur, in a fixed order: `9 ok, 1 url, 2 missing`.
pub fn counts(reg: &Register) -> String {
    const ORDER: [Status; 12] = [
        Status::Ok,
        Status::Url,
        Status::Unlocked,
        Status::Missing,
        Status::Changed,
        Status::Stale,
        Status::Expired,
        Status::Outside,
        Status::Symlink,
        Status::Directory,
        Status::Special,
        Status::Unreadable,
    ];
    let parts: Vec<String> = ORDER
        .iter()
        .map(|s| (s, reg.count(*s)))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", s.as_str()))
        .collect();
    if parts.is_empty() {
        "no evidence entries".into()
    } else {
        parts.join(", ")
    }
}

/// The `evidence verify` output for a terminal.
/// `today` says the date judged against is today's, the answers file giving none.
pub fn verify_text(name: &str, reg: &Register, today: bool, out: &mut dyn Write) -> Result<()> {
    let mut s = format!("aimscore evidence verify: {}", clean(name));
    let when = if today {
        ", today: the answers file gives no date"
    } else {
        ""
    };
    match (&reg.as_of, reg.max_age_days) {
        (Some(d), Some(m)) => s.push_str(&format!(" (as of {d}{when}, maximum age {m} days)")),
        (Some(d), None) => s.push_str(&format!(" (as of {d}{when})")),
        _ => {}
    }
    s.push('\n');
    table(&reg.rows, &mut s);
    if reg.rows.is_empty() {
        s.push_str("no evidence entries\n");
    } else {
        s.push_str(&format!("{} entries: {}\n", reg.rows.len(), counts(reg)));
    }
    if reg.fails() {
        s.push_str("FAIL: evidence is missing, changed, stale, expired or cannot be checked\n");
    }
    out.write_all(s.as_bytes()).map_err(io_err)
}

/// The register as a section of the text report (only with `--verify-evidence`).
pub fn report_section(reg: &Register, out: &mut String) {
    out.push_str(&format!("\nEvidence register ({})\n", counts(reg)));
    table(&reg.rows, out);
}

/// The register as CSV, one row per entry (questions joined with `; `).
pub fn csv(reg: &Register, out: &mut dyn Write) -> Result<()> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| crate::error::Error::Usage(format!("cannot write CSV: {e}"));
    w.write_record(CSV_COLUMNS).map_err(err)?;
    for r in &reg.rows {
        w.write_record([
            super::csv::guard(&r.reference),
            r.questions.join("; "),
            r.sha256.clone().unwrap_or_default(),
            r.date.clone().unwrap_or_default(),
            r.expires.clone().unwrap_or_default(),
            r.status.as_str().to_string(),
            super::csv::guard(r.detail.as_deref().unwrap_or("")),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| crate::error::Error::Usage(format!("cannot write CSV: {e}")))?;
    out.write_all(&bytes).map_err(io_err)
}

/// The `evidence verify --format json` output: the source, whether it passed, and the register.
pub fn verify_json(name: &str, reg: &Register, out: &mut dyn Write) -> Result<()> {
    #[derive(serde::Serialize)]
    struct Verify<'a> {
        source: &'a str,
        passed: bool,
        as_of: Option<&'a str>,
        max_age_days: Option<u32>,
        entries: &'a [Row],
    }
    super::json::write_json(
        &Verify {
            source: name,
            passed: !reg.fails(),
            as_of: reg.as_of.as_deref(),
            max_age_days: reg.max_age_days,
            entries: &reg.rows,
        },
        out,
    )
}
