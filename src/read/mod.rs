//! Reading input: the located tree ([`Node`]), the one door every input file comes through
//! ([`read_text`], [`read_bytes`]), and the YAML, TOML, JSON and XLSX readers with their budgets. Nothing above
//! knows which parser is used; nothing here knows about answers, catalogs or reports.

pub mod evidence;
mod json_tree;
pub mod node;
pub mod text;
mod toml_tree;
pub mod xlsx;
pub mod yaml;

pub use node::{Format, Key, Node, Value};
pub use text::{MAX_FILE_BYTES, decode_text, pos_at, read_bytes, read_text, read_text_bom};

use crate::error::Result;

/// True for a calendar date written YYYY-MM-DD.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .and_then(|x| x.parse::<u32>().ok())
            .filter(|_| true)
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !s[0..4]
        .chars()
        .chain(s[5..7].chars())
        .chain(s[8..10].chars())
        .all(|c| c.is_ascii_digit())
    {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Parses text in the given format into a located tree.
pub fn parse(name: &str, text: &str, format: Format) -> Result<Node> {
    match format {
        Format::Yaml => yaml::parse(name, text),
        Format::Toml => toml_tree::parse_toml(name, text),
        Format::Json => json_tree::parse_json(name, text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pos;

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
        let text = format!("a = [{}1]\n", "1,".repeat(yaml::MAX_NODES));
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
