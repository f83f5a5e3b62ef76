//! How strings are written into answers files: a double-quoted form valid in YAML and TOML
//! alike, and JSON text with the characters the reader refuses raw escaped. Shared by the
//! template ([`super::template`]) and the text-level edits ([`super::edit`]); it parses nothing.

/// A double-quoted string that is valid both in YAML (double-quoted scalar) and in TOML (basic
/// string): quotes, backslashes, control characters and Unicode line separators escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if unprintable(c) => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A character no YAML or TOML file (nor a JSON one, read as YAML 1.2) may hold raw: control
/// characters other than line feed, carriage return and tab; line and paragraph separators,
/// the byte order mark and the non-characters U+FFFE and U+FFFF.
fn unprintable(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// JSON text from serde_json with every [`unprintable`] character escaped: serde_json writes
/// DEL, the C1 controls and the separators raw, which the reader refuses. Outside strings JSON
/// holds only ASCII punctuation and white space, so every such character stands in a string.
pub fn json_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if unprintable(c) {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
