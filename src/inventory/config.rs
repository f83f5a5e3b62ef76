//! Reading one config file down to its MCP server sections: a size limit, YAML or JSON with
//! comments, and problems that never quote the content. No servers, flags or secrets here.

use super::model::{MAX_SECTION_VALUES, Problem};
use super::sections::{self, Sections, SectionsError};
use crate::error::{Error, Pos};
use serde_json::Value;
use std::io::Read;
use std::path::Path;

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// A byte count for messages: `1 MiB (1048576 bytes)`.
pub(crate) fn size_limit(bytes: u64) -> String {
    format!("{} MiB ({bytes} bytes)", bytes / (1024 * 1024))
}

/// Reads a config file as text, at most `max_bytes` of it. A missing file is skipped
/// silently; any other failure, and a file over the limit, is a problem naming it.
pub(crate) fn read_config(
    path: &Path,
    name: &str,
    max_bytes: u64,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let mut problem = |message: String| {
        problems.push(Problem {
            file: name.to_string(),
            message,
        });
        None
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return None,
        Err(e) => return problem(format!("cannot read: {}; skipped", io_reason(&e))),
    };
    if !meta.is_file() {
        // Never open a FIFO or a device: reading could block or never end.
        return problem("not a regular file; skipped".into());
    }
    let too_big = |len: Option<u64>| {
        format!(
            "{}larger than the limit of {} for this config file; skipped",
            len.map(|n| format!("is {n} bytes, ")).unwrap_or_default(),
            size_limit(max_bytes)
        )
    };
    if meta.len() > max_bytes {
        return problem(too_big(Some(meta.len())));
    }
    // `discover -o` must never write over a config it scanned.
    crate::identity::note_input(path);
    let mut bytes = Vec::new();
    // One byte past the limit at most: the file may have grown since it was measured.
    let read =
        std::fs::File::open(path).and_then(|f| f.take(max_bytes + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return problem(format!("cannot read: {}; skipped", io_reason(&e)));
    }
    if bytes.len() as u64 > max_bytes {
        return problem(too_big(None));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Some(s)
        }
        Err(_) => problem("not UTF-8 text; skipped".into()),
    }
}

/// Parses a config file's text down to its MCP server sections, keeping at most
/// `max_entries` server entries: YAML by extension, JSON otherwise (streamed, with `//` and
/// `/* */` comments and trailing commas, as VS Code allows). The message never quotes the
/// content.
pub(crate) fn parse_sections(
    path: &Path,
    text: &str,
    max_entries: usize,
) -> std::result::Result<Sections, String> {
    if text.trim().is_empty() {
        return Err("the file is empty; skipped".into());
    }
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    if yaml {
        return crate::read::yaml::from_str::<Value>("", text)
            .map(|v| sections::from_value(v, max_entries))
            .map_err(|e| match e {
                Error::Input(ds) => match ds.first() {
                    Some(d) => match d.pos {
                        Some(Pos { line, column }) => {
                            format!("line {line} column {column}: {}; skipped", d.message)
                        }
                        None => format!("{}; skipped", d.message),
                    },
                    None => "invalid YAML; skipped".into(),
                },
                other => format!("{other}; skipped"),
            });
    }
    let too_many = || {
        format!(
            "its MCP server sections hold more than {MAX_SECTION_VALUES} values, the limit per file; skipped"
        )
    };
    match sections::from_json(text, max_entries) {
        Ok(s) => Ok(s),
        Err(SectionsError::TooManyValues) => Err(too_many()),
        Err(SectionsError::Syntax(first)) => {
            match sections::from_json(&strip_jsonc(text), max_entries) {
                Ok(s) => Ok(s),
                Err(SectionsError::TooManyValues) => Err(too_many()),
                // serde_json's messages name the problem and position, never the text.
                Err(SectionsError::Syntax(_)) => Err(format!("invalid JSON: {first}; skipped")),
            }
        }
    }
}

/// JSON with comments → JSON: comments become spaces (keeping positions) and commas before a
/// closing bracket are dropped.
fn strip_jsonc(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match (c, chars.get(i + 1)) {
            ('"', _) => {
                in_string = true;
                out.push(c);
                i += 1;
            }
            ('/', Some('/')) => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                out.push_str("  ");
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    out.push(if chars[i] == '\n' { '\n' } else { ' ' });
                    i += 1;
                }
                out.push_str("  ");
                i += 2;
            }
            (',', _) => {
                let mut j = i + 1;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                // A comment between the comma and the bracket is left for the next pass;
                // JSON with both is rare enough.
                out.push(if matches!(chars.get(j), Some('}') | Some(']')) {
                    ' '
                } else {
                    ','
                });
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
