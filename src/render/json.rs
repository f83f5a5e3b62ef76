//! JSON output: the serde form of each document (the report, a portfolio, a comparison, the
//! `check` output, the inventory), pretty-printed, newline-terminated. No score computed.

use super::io_err;
use crate::documents::Report;
use crate::error::Error;
use crate::error::Result;
use crate::inventory::Inventory;
use std::io::Write;

pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    write_json(report, out)
}

/// `--view roadmap --format json`: the roadmap object with what names it (the report's
/// schema version, source, organization, date and policy), every member as in the report.
pub fn render_roadmap(report: &Report, out: &mut dyn Write) -> Result<()> {
    #[derive(serde::Serialize)]
    struct View<'a> {
        schema_version: u32,
        source: &'a str,
        organization: &'a str,
        date: Option<&'a str>,
        policy: &'a crate::documents::PolicyView,
        roadmap: &'a crate::documents::roadmap::Roadmap,
    }
    write_json(
        &View {
            schema_version: report.schema_version,
            source: &report.source,
            organization: &report.organization,
            date: report.date.as_deref(),
            policy: &report.policy,
            roadmap: &report.roadmap,
        },
        out,
    )
}

/// Writes any serializable value as pretty JSON with a trailing newline. The text is built in
/// memory first: serde_json writes a token at a time, and through `&mut dyn Write` each token
/// was a dynamic call (half the cost of a report).
pub fn write_json<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> Result<()> {
    let mut buf = to_vec(value)?;
    buf.push(b'\n');
    out.write_all(&buf).map_err(io_err)
}

/// Pretty JSON of any serializable value, without a trailing newline.
pub fn to_vec<T: serde::Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(1 << 16);
    serde_json::to_writer_pretty(&mut buf, value).map_err(|e| io_err(std::io::Error::other(e)))?;
    Ok(buf)
}

/// The inventory as pretty JSON with a final newline.
pub fn inventory(inv: &Inventory) -> Result<String> {
    let mut s = serde_json::to_string_pretty(inv).map_err(|e| {
        Error::Usage(format!(
            "internal error: cannot serialize the inventory: {e}"
        ))
    })?;
    s.push('\n');
    Ok(s)
}
