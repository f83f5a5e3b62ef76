//! The one sanitizer for text that reaches a terminal: every user-supplied string (answers,
//! catalog directories, scanned configs, file names, error messages quoting them) passes
//! [`clean`] before it is printed, so no escape sequence from a file ever reaches the terminal.
//! It owns no formatting; the text renderers add their own colour codes after cleaning.

use std::io::Write;

/// The private-use character the text renderers use to stand for ESC in their own colour codes
/// until the final pass; removed from user text like a control character.
pub const MARKER: char = '\u{E000}';

/// Whether `c` must not reach a terminal from user text: control characters (C0 but line feed
/// and tab, DEL, C1 — the 8-bit CSI and OSC among them), the renderers' colour marker, and the
/// bidirectional embedding, override and isolate controls that reorder what a reader sees.
pub fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || c == MARKER
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every [`unsafe_char`] removed (a carriage return too, which would let a line be
/// overwritten).
pub fn clean(s: &str) -> String {
    s.chars().filter(|c| !unsafe_char(*c)).collect()
}

/// A copy of `x` with every string in it (map keys too) [`clean`]ed, through its serde form: a
/// renderer that mixes its own escape codes with a document's text cleans the document first.
/// None if the document does not read back from its serde form (then clean the output instead).
pub fn cleaned<T: serde::Serialize + serde::de::DeserializeOwned>(x: &T) -> Option<T> {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) if s.chars().any(unsafe_char) => *s = clean(s),
            serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
            serde_json::Value::Object(m) => {
                let dirty = m.keys().any(|k| k.chars().any(unsafe_char));
                if dirty {
                    *m = std::mem::take(m)
                        .into_iter()
                        .map(|(k, v)| (clean(&k), v))
                        .collect();
                }
                m.values_mut().for_each(walk);
            }
            _ => {}
        }
    }
    let mut v = serde_json::to_value(x).ok()?;
    walk(&mut v);
    serde_json::from_value(v).ok()
}

/// A writer that cleans what is written to it (UTF-8 text; invalid bytes become U+FFFD) before
/// passing it on: the `ask` screens go through one.
pub struct CleanWriter<W: Write>(pub W);

impl<W: Write> Write for CleanWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .write_all(clean(&String::from_utf8_lossy(buf)).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_bidi_controls_and_the_marker_are_removed() {
        let hostile =
            "a\x1b]0;pwned\x07b\x1b[2J\r\u{9b}31m\u{E000}[31m\u{202E}cba\u{2066}\x7f\nok\tz";
        let out = clean(hostile);
        assert_eq!(out, "a]0;pwnedb[2J31m[31mcba\nok\tz");
        let mut w = CleanWriter(Vec::new());
        w.write_all(hostile.as_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(String::from_utf8_lossy(&w.0), out);
    }
}
