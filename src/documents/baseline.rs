//! A JSON report read back (the baseline of `check`, a side of `diff`): which kind of JSON a
//! text holds, and the [`Report`] in it, with located errors that say how to make one.

use super::report::{Report, SCHEMA_VERSION};
use crate::error::{Diagnostic, Error, Pos, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// An object with `schema_version` and `tool.name == "aimscore"`.
    Report,
    /// The JSON of `assess` with several files.
    Portfolio,
    /// Anything else (valid or invalid JSON).
    Other,
}

/// Classifies text by content, without reporting errors.
pub fn json_kind(text: &str) -> JsonKind {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => kind_of(&v),
        Err(_) => JsonKind::Other,
    }
}

fn kind_of(v: &serde_json::Value) -> JsonKind {
    let Some(o) = v.as_object() else {
        return JsonKind::Other;
    };
    if o.contains_key("portfolio") && o.contains_key("reports") {
        return JsonKind::Portfolio;
    }
    let is_aimscore = o
        .get("tool")
        .and_then(|t| t.get("name"))
        .and_then(|n| n.as_str())
        == Some("aimscore");
    if o.contains_key("schema_version") && is_aimscore {
        JsonKind::Report
    } else {
        JsonKind::Other
    }
}

const MAKE_REPORT: &str =
    "make one with `aimscore assess ANSWERS --format json -o baseline.json` (one answers file)";

/// Reads a JSON report of one answers file (a baseline). Anything else (not JSON, not an
/// aimscore report, a portfolio, another schema version, a report of the wrong shape) is an
/// input error naming `name`.
pub fn parse_report(name: &str, text: &str) -> Result<Report> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::input(
            Diagnostic::new(
                name,
                pos_of(&e),
                format!(
                    "not an aimscore JSON report: it is not valid JSON ({})",
                    strip_position(&e)
                ),
            )
            .with_help(MAKE_REPORT),
        )
    })?;
    match kind_of(&value) {
        JsonKind::Report => {}
        JsonKind::Portfolio => {
            return Err(Error::input(
                Diagnostic::new(
                    name,
                    None,
                    "this is a portfolio report (from `assess` with several files), not the report of one answers file",
                )
                .with_help(MAKE_REPORT),
            ));
        }
        JsonKind::Other => {
            return Err(Error::input(
                Diagnostic::new(
                    name,
                    None,
                    format!(
                        "not an aimscore JSON report: expected an object with `schema_version` and `tool.name` = \"aimscore\", found {}",
                        describe(&value)
                    ),
                )
                .with_help(MAKE_REPORT),
            ));
        }
    }
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    if version != Some(u64::from(SCHEMA_VERSION)) {
        let shown = value
            .get("schema_version")
            .map(|v| v.to_string())
            .unwrap_or_default();
        return Err(Error::input(
            Diagnostic::new(
                name,
                None,
                format!(
                    "report schema_version {shown} is not the version this aimscore reads ({SCHEMA_VERSION})"
                ),
            )
            .with_help("regenerate the baseline with this aimscore: `aimscore assess ANSWERS --format json -o baseline.json`"),
        ));
    }
    serde_json::from_str::<Report>(text).map_err(|e| {
        Error::input(
            Diagnostic::new(
                name,
                pos_of(&e),
                format!("not a valid aimscore JSON report: {}", strip_position(&e)),
            )
            .with_help(MAKE_REPORT),
        )
    })
}

fn pos_of(e: &serde_json::Error) -> Option<Pos> {
    (e.line() > 0).then(|| Pos::new(e.line(), e.column().max(1)))
}

/// serde_json's message without its own " at line L column C" suffix (the diagnostic has it).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn describe(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "null".into(),
        serde_json::Value::Bool(_) => "a boolean".into(),
        serde_json::Value::Number(_) => "a number".into(),
        serde_json::Value::String(_) => "a string".into(),
        serde_json::Value::Array(_) => "an array".into(),
        serde_json::Value::Object(o) => {
            if o.contains_key("aimscore") && o.contains_key("organization") {
                "an answers file (give the JSON report made from it instead)".into()
            } else {
                let keys: Vec<&str> = o.keys().take(5).map(String::as_str).collect();
                if keys.is_empty() {
                    "an empty object".into()
                } else {
                    format!("an object with keys {}", keys.join(", "))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_kind_is_judged_by_content() {
        assert_eq!(
            json_kind(r#"{"schema_version":2,"tool":{"name":"aimscore"}}"#),
            JsonKind::Report
        );
        assert_eq!(
            json_kind(r#"{"schema_version":1,"portfolio":[],"reports":[]}"#),
            JsonKind::Portfolio
        );
        assert_eq!(
            json_kind(r#"{"schema_version":1,"tool":{"name":"other"}}"#),
            JsonKind::Other
        );
        assert_eq!(json_kind("aimscore: 1"), JsonKind::Other);
    }

    #[test]
    fn junk_is_not_a_report() {
        let e = parse_report("b.json", "{not json").unwrap_err().to_string();
        assert!(
            e.starts_with("b.json:1:2: not an aimscore JSON report"),
            "{e}"
        );
        let e = parse_report("b.json", "[1, 2]").unwrap_err().to_string();
        assert!(e.contains("found an array"), "{e}");
        let e = parse_report(
            "b.json",
            r#"{"schema_version":2,"tool":{"name":"aimscore"}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("not a valid aimscore JSON report: missing field"),
            "{e}"
        );
        let e = parse_report(
            "b.json",
            r#"{"schema_version":9,"tool":{"name":"aimscore"}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("schema_version 9"), "{e}");
    }
}
