//! Escaping user text for the markup formats: Markdown (tables and paragraphs) and XML (HTML,
//! SVG, JUnit). Text in, text out; nothing else.

/// Escapes user text for a Markdown table cell or paragraph: characters that would start
/// markup, break a table or open raw HTML are escaped; newlines become spaces.
pub fn md_escape(s: String) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '{' | '}' | '!' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // characters XML 1.0 forbids
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_neutralizes_markup_and_tables() {
        assert_eq!(md_escape("a|b".into()), "a\\|b");
        assert_eq!(
            md_escape("<script>x</script>".into()),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(
            md_escape("[x](javascript:y)".into()),
            "\\[x\\](javascript:y)"
        );
        assert_eq!(md_escape("{{ x }}\nline".into()), "\\{\\{ x \\}\\} line");
    }

    #[test]
    fn xml_escape_handles_cdata_end_and_quotes() {
        assert_eq!(
            xml_escape("]]><a b=\"c\">"),
            "]]&gt;&lt;a b=&quot;c&quot;&gt;"
        );
    }
}
