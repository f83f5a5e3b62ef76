//! The TOML front end: the value budget, the TOML parser's tree converted into a located
//! [`Node`] tree, and a line index for positions. It owns no tree type.

use super::node::{Key, Node, Value};
use super::text::pos_at;
use super::yaml::MAX_NODES;
use crate::error::{Diagnostic, Error, Pos, Result};

/// Long on purpose: it counts and bounds the document before building it, and both passes must agree on the same budget.
pub(super) fn parse_toml(name: &str, text: &str) -> Result<Node> {
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
            if values > MAX_NODES {
                return Err(Error::input(
                    Diagnostic::at(
                        name,
                        pos_at(text, t.span().start()),
                        format!(
                            "invalid TOML: the file holds more than {} values",
                            MAX_NODES
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
}
