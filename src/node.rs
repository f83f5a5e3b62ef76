//! A format-neutral document tree where every value and key carries its line and column.
//!
//! Answers files come as YAML, TOML or JSON; each is read into a [`Node`] tree so that one
//! validator can check them all and report every problem with its position. This module owns
//! reading bytes (size limit, UTF-8, BOM) and the TOML and JSON front ends; YAML lives behind
//! [`crate::yaml`]. It knows nothing about answers or catalogs.

use crate::error::{Diagnostic, Error, Pos, Result};
use std::path::Path;

/// The largest input file aimscore reads, in bytes. Real answers files are a few tens of
/// kilobytes; the limit keeps a hostile or mistaken path from exhausting memory.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Node {
    /// The name of the value's type, as a user would say it.
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "an empty value",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// A short rendering of the value for error messages (`"maybe"`, `7`, `a list`).
    pub fn show(&self) -> String {
        match &self.value {
            Value::Null => "an empty value".to_string(),
            Value::Bool(b) => format!("`{b}`"),
            Value::Int(i) => format!("`{i}`"),
            Value::Float(f) => format!("`{f}`"),
            Value::Str(s) => {
                let short: String = s.chars().take(60).collect();
                if short.len() < s.len() {
                    format!("`{short}…`")
                } else {
                    format!("`{short}`")
                }
            }
            Value::Seq(_) => "a list".to_string(),
            Value::Map(_) => "a mapping".to_string(),
        }
    }
}

/// The format of an input file, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    /// The format for a path: `.toml` and `.json` by extension, YAML otherwise.
    pub fn from_path(path: &Path) -> Format {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase())
            .as_deref()
        {
            Some("toml") => Format::Toml,
            Some("json") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Reads a file as UTF-8 text within [`MAX_FILE_BYTES`], without a leading BOM.
pub fn read_text(path: &Path) -> Result<String> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "cannot read", e))?;
    if meta.is_dir() {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            "is a directory; expected a file",
        )));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            format!(
                "file is {} bytes; the limit is {} bytes (8 MiB)",
                meta.len(),
                MAX_FILE_BYTES
            ),
        )));
    }
    // Read at most one byte past the limit: a device or a pipe (`/dev/zero`, a FIFO) reports
    // no length, and reading it to its end would never stop.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| Error::io(path, "cannot read", e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            format!("file is larger than the limit of {MAX_FILE_BYTES} bytes (8 MiB)"),
        )));
    }
    decode_text(&name, bytes)
}

/// Decodes bytes as UTF-8, naming the line and column of the first invalid byte.
pub fn decode_text(name: &str, bytes: Vec<u8>) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            let pos = pos_at(&prefix, prefix.len());
            Err(Error::input(
                Diagnostic::at(
                    name,
                    pos,
                    format!(
                        "invalid UTF-8 (byte 0x{:02x} at offset {good})",
                        bytes.get(good).copied().unwrap_or(0)
                    ),
                )
                .with_help("save the file as UTF-8"),
            ))
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn pos_at(text: &str, offset: usize) -> Pos {
    let offset = offset.min(text.len());
    let mut off = offset;
    while !text.is_char_boundary(off) {
        off -= 1;
    }
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    Pos::new(line, column)
}

/// Parses text in the given format into a located tree.
pub fn parse(name: &str, text: &str, format: Format) -> Result<Node> {
    match format {
        Format::Yaml => crate::yaml::parse(name, text),
        Format::Toml => parse_toml(name, text),
        Format::Json => parse_json(name, text),
    }
}

fn parse_json(name: &str, text: &str) -> Result<Node> {
    // serde_json gives JSON's own syntax messages; the tree itself comes from the YAML reader
    // (JSON is YAML 1.2), which gives every value its position and rejects duplicate keys.
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        return Err(Error::input(
            Diagnostic::at(
                name,
                Pos::new(e.line().max(1), e.column().max(1)),
                format!("invalid JSON: {msg}"),
            )
            .with_help("the file must be valid JSON"),
        ));
    }
    // Name the file's own format in what the YAML reader finds (duplicate keys, limits).
    crate::yaml::parse(name, text).map_err(|e| match e {
        Error::Input(ds) => Error::Input(
            ds.into_iter()
                .map(|mut d| {
                    if let Some(rest) = d.message.strip_prefix("invalid YAML: ") {
                        d.message = format!("invalid JSON: {rest}");
                    }
                    d
                })
                .collect(),
        ),
        other => other,
    })
}

fn parse_toml(name: &str, text: &str) -> Result<Node> {
    use toml::de::{DeTable, DeValue};
    use toml_parser::lexer::TokenKind as T;
    // The same value budget as YAML, counted on tokens before anything is built: a file of a
    // few million one-digit array items would otherwise take seconds and half a gigabyte.
    let mut values = 0usize;
    for t in toml_parser::Source::new(text).lex() {
        if matches!(
            t.kind(),
            T::Atom
                | T::BasicString
                | T::LiteralString
                | T::MlBasicString
                | T::MlLiteralString
                | T::LeftSquareBracket
                | T::LeftCurlyBracket
        ) {
            values += 1;
            if values > crate::yaml::MAX_NODES {
                return Err(Error::input(
                    Diagnostic::at(
                        name,
                        pos_at(text, t.span().start()),
                        format!(
                            "invalid TOML: the file holds more than {} values",
                            crate::yaml::MAX_NODES
                        ),
                    )
                    .with_help(
                        "the file exceeds aimscore's input limits (see README: Input limits)",
                    ),
                ));
            }
        }
    }
    // A document is a table (`DeValue::parse` reads a single value and rejects every real file).
    let root = DeTable::parse(text).map_err(|e| {
        let pos = e.span().map(|s| pos_at(text, s.start));
        let msg = e.message().trim().replace('\n', " ");
        Error::input(Diagnostic::new(name, pos, format!("invalid TOML: {msg}")))
    })?;
    // Positions from a line index: `pos_at` per value would make a large file quadratic.
    let lines = LineIndex::new(text);
    fn key(lines: &LineIndex, k: &toml::Spanned<toml::de::DeString<'_>>) -> Key {
        Key {
            name: k.get_ref().to_string(),
            pos: lines.pos(k.span().start),
        }
    }
    fn conv(lines: &LineIndex, v: &toml::Spanned<DeValue<'_>>) -> Node {
        let pos = lines.pos(v.span().start);
        let value = match v.get_ref() {
            DeValue::String(s) => Value::Str(s.to_string()),
            DeValue::Integer(i) => match i64::from_str_radix(
                &i.as_str()
                    .replace('_', "")
                    .replace("0x", "")
                    .replace("0o", "")
                    .replace("0b", ""),
                i.radix(),
            ) {
                Ok(n) => Value::Int(n),
                Err(_) => Value::Str(i.as_str().to_string()),
            },
            DeValue::Float(f) => match f.as_str().replace('_', "").parse::<f64>() {
                Ok(x) => Value::Float(x),
                Err(_) => Value::Str(f.as_str().to_string()),
            },
            DeValue::Boolean(b) => Value::Bool(*b),
            DeValue::Datetime(d) => Value::Str(d.to_string()),
            DeValue::Array(a) => Value::Seq(a.iter().map(|x| conv(lines, x)).collect()),
            DeValue::Table(t) => Value::Map(
                t.iter()
                    .map(|(k, x)| (key(lines, k), conv(lines, x)))
                    .collect(),
            ),
        };
        Node { pos, value }
    }
    Ok(Node {
        pos: Pos::new(1, 1),
        value: Value::Map(
            root.get_ref()
                .iter()
                .map(|(k, x)| (key(&lines, k), conv(&lines, x)))
                .collect(),
        ),
    })
}

/// Byte offset → line and column in O(log n), for parsers that report byte spans.
struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Characters before every `CHUNK`-th byte, so a column costs at most `CHUNK` bytes of
    /// counting even on a single very long line.
    chars: Vec<usize>,
}

const CHUNK: usize = 256;

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars = Vec::with_capacity(text.len() / CHUNK + 1);
        let mut n = 0;
        for chunk in text.as_bytes().chunks(CHUNK) {
            chars.push(n);
            n += count_chars(chunk);
        }
        chars.push(n);
        LineIndex {
            text,
            starts,
            chars,
        }
    }

    /// Characters in `text[..offset]` (counting UTF-8 lead bytes).
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset / CHUNK;
        self.chars[k] + count_chars(&self.text.as_bytes()[k * CHUNK..offset])
    }

    fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        Pos::new(
            line,
            self.chars_before(offset) - self.chars_before(start) + 1,
        )
    }
}

fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let t = "a: é\nbb: x";
        assert_eq!(pos_at(t, 0), Pos::new(1, 1));
        assert_eq!(pos_at(t, t.find('x').unwrap_or(0)), Pos::new(2, 5));
        assert_eq!(pos_at("é: x", "é: ".len()), Pos::new(1, 4));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode_text("f.yaml", b"a: 1\nb: \xff\n".to_vec()).unwrap_err();
        assert!(
            err.to_string().starts_with("f.yaml:2:4: invalid UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn bom_is_stripped() {
        assert_eq!(
            decode_text("f", b"\xef\xbb\xbfa: 1".to_vec())
                .ok()
                .as_deref(),
            Some("a: 1")
        );
    }

    #[test]
    fn toml_values_carry_positions() {
        let n = parse("f.toml", "a = 1\n[b]\nc = \"x\"\n", Format::Toml)
            .unwrap_or_else(|e| panic!("{e}"));
        let Value::Map(m) = &n.value else {
            panic!("not a map")
        };
        assert_eq!(m[1].0.name, "b");
        let Value::Map(inner) = &m[1].1.value else {
            panic!("not a map")
        };
        assert_eq!(inner[0].1.pos, Pos::new(3, 5));
    }

    #[test]
    fn line_index_agrees_with_pos_at() {
        let t = "a = \"é\"\r\nb = [1, 2]\n\n  c = 'ü'  \n";
        let idx = LineIndex::new(t);
        for off in (0..=t.len()).filter(|&o| t.is_char_boundary(o)) {
            assert_eq!(idx.pos(off), pos_at(t, off), "offset {off}");
        }
        let long = format!("{}x", "é".repeat(1000));
        let idx = LineIndex::new(&long);
        assert_eq!(idx.pos(long.len() - 1), Pos::new(1, 1001));
    }

    #[test]
    fn toml_document_is_a_table() {
        let n = parse(
            "f.toml",
            "aimscore = 1\r\norganization = \"Acme\"\r\n[answers.\"4.3-1\"]\r\nanswer = \"yes\"\r\n",
            Format::Toml,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let Value::Map(m) = &n.value else {
            panic!("not a map")
        };
        assert_eq!(m.len(), 3);
        let answers = m.iter().find(|(k, _)| k.name == "answers");
        assert_eq!(answers.map(|(k, _)| k.pos), Some(Pos::new(3, 2)));
    }

    #[test]
    fn toml_syntax_error_is_located() {
        let err = parse("f.toml", "a = 1\nb = \"x\n", Format::Toml).unwrap_err();
        assert!(
            err.to_string().starts_with("f.toml:2:7: invalid TOML"),
            "{err}"
        );
    }

    #[test]
    fn toml_value_budget_is_enforced() {
        let text = format!("a = [{}1]\n", "1,".repeat(crate::yaml::MAX_NODES));
        let err = parse("f.toml", &text, Format::Toml).unwrap_err();
        assert!(err.to_string().contains("more than 50000 values"), "{err}");
        let ok = format!("a = [{}1]\n", "1,".repeat(1000));
        assert!(parse("f.toml", &ok, Format::Toml).is_ok());
    }

    #[test]
    fn json_syntax_error_is_located() {
        let err = parse("f.json", "{\n  \"a\": 1,\n}", Format::Json).unwrap_err();
        assert!(err.to_string().starts_with("f.json:3:1:"), "{err}");
    }
}
