//! Shell-like text as words: quotes and escapes removed for reading, and a redacted word
//! quoted again as it was written. No redaction here.

/// One word of a lexed text: its byte span, its value with quotes and escapes removed, and the
/// quote when the whole word was one quoted string.
pub(super) struct Lexed {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: String,
    pub(super) quote: Option<char>,
}

/// Splits text into words as a POSIX shell would: whitespace separates, `'…'` is literal,
/// `"…"` keeps `\"`, `\\`, `\$` and `` \` `` escapes, a backslash outside quotes escapes a
/// quote, a backslash or a space (other backslashes stay, for Windows paths). An unterminated
/// quote runs to the end.
pub(super) fn lex(text: &str) -> Vec<Lexed> {
    let mut words = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut value = String::new();
        let mut end = text.len();
        let mut quoted = 0;
        let mut first_quote = None;
        let mut bare = 0;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_whitespace() {
                end = i;
                break;
            }
            chars.next();
            match c {
                '\'' => {
                    quoted += 1;
                    first_quote.get_or_insert('\'');
                    for (_, d) in chars.by_ref() {
                        if d == '\'' {
                            break;
                        }
                        value.push(d);
                    }
                }
                '"' => {
                    quoted += 1;
                    first_quote.get_or_insert('"');
                    while let Some((_, d)) = chars.next() {
                        if d == '"' {
                            break;
                        }
                        if d == '\\'
                            && let Some(&(_, e)) = chars.peek()
                            && matches!(e, '"' | '\\' | '$' | '`')
                        {
                            value.push(e);
                            chars.next();
                            continue;
                        }
                        value.push(d);
                    }
                }
                '\\' => {
                    bare += 1;
                    match chars.peek() {
                        Some(&(_, e)) if e.is_whitespace() || matches!(e, '"' | '\'' | '\\') => {
                            value.push(e);
                            chars.next();
                        }
                        _ => value.push('\\'),
                    }
                }
                c => {
                    bare += 1;
                    value.push(c);
                }
            }
        }
        words.push(Lexed {
            start,
            end,
            value,
            quote: if quoted == 1 && bare == 0 {
                first_quote
            } else {
                None
            },
        });
    }
    words
}

/// A redacted word quoted again as it was written (`"…"` with `\\` and `\"` escaped, `'…'`
/// with `'\''` for a quote inside).
pub(super) fn requote(rep: &str, q: char) -> String {
    if q == '"' {
        format!("\"{}\"", rep.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        format!("'{}'", rep.replace('\'', "'\\''"))
    }
}
