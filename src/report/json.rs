//! The JSON report: the serde form of the report model, pretty-printed, newline-terminated.

use super::{Report, io_err};
use crate::error::Result;
use std::io::Write;

pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    write_json(report, out)
}

/// Writes any serializable value as pretty JSON with a trailing newline.
pub fn write_json<T: serde::Serialize>(value: &T, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| io_err(std::io::Error::other(e)))?;
    out.write_all(b"\n").map_err(io_err)
}
