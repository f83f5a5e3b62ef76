//! Reading one config file into a JSON value: size budget, YAML or JSON with comments, and
//! problems that never quote the content. No servers, flags or secrets here.

use super::model::{MAX_CONFIG_BYTES, Problem};
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

/// Reads a config file as text. A missing file is skipped silently; any other failure is a
/// problem.
pub(crate) fn read_config(path: &Path, name: &str, problems: &mut Vec<Problem>) -> Option<String> {
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
    if meta.len() > MAX_CONFIG_BYTES {
        return problem(too_big());
    }
    // `discover -o` must never write over a config it scanned.
    crate::identity::note_input(path);
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return problem(format!("cannot read: {}; skipped", io_reason(&e)));
    }
    decode_config(bytes).map_or_else(problem, Some)
}

fn too_big() -> String {
    format!(
        "larger than the {} MiB limit for config files; skipped",
        MAX_CONFIG_BYTES / (1024 * 1024)
    )
}

/// A config file's bytes as text: the size budget, UTF-8, a leading byte-order mark dropped.
/// The message (a problem) never quotes the content.
pub(crate) fn decode_config(bytes: Vec<u8>) -> std::result::Result<String, String> {
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(_) => Err("not UTF-8 text; skipped".into()),
    }
}

/// Parses a config file's text: YAML by extension, JSON otherwise (with `//` and `/* */`
/// comments and trailing commas, as VS Code allows). The message never quotes the content.
pub(crate) fn parse_value(path: &Path, text: &str) -> std::result::Result<Value, String> {
    if text.trim().is_empty() {
        return Err("the file is empty; skipped".into());
    }
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    if yaml {
        return crate::read::yaml::from_str::<Value>("", text).map_err(|e| match e {
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
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok(v),
        Err(e) => match serde_json::from_str::<Value>(&strip_jsonc(text)) {
            Ok(v) => Ok(v),
            // serde_json's messages name the problem and position, never the text.
            Err(_) => Err(format!("invalid JSON: {e}; skipped")),
        },
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
