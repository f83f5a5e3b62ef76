//! Evidence entries of an answer: a reference (a document path, a link, a record id), written as
//! a plain string or as a map `{ref, sha256, date, expires}` that `aimscore evidence lock`
//! fills in. It owns the model, its validation from the located tree (every bad member located)
//! and how an entry is written back into YAML, TOML or JSON text. It reads no file and hashes
//! nothing: that is `read::evidence` and `documents::evidence`.

use super::quoting::quote;
use crate::error::{Diagnostic, suggest};
use crate::read::{Key, Node, Value, is_date};

/// The keys an evidence map may hold, in the order they are written.
pub const KEYS: [&str; 4] = ["ref", "sha256", "date", "expires"];

/// One evidence entry. Only `ref_` is required; `sha256` is 64 lower-case hex digits, `date`
/// and `expires` are `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Evidence {
    /// What the evidence is: a path (relative to the answers file), a URL, a record id.
    pub ref_: String,
    /// The SHA-256 of the file when it was locked (lower case).
    pub sha256: Option<String>,
    /// The file's modification date when it was locked (UTC), or the date the record was made.
    pub date: Option<String>,
    /// The date after which the evidence no longer stands (a certificate, a yearly test).
    pub expires: Option<String>,
}

impl Evidence {
    /// A plain reference, with nothing recorded about it.
    pub fn new(r: impl Into<String>) -> Evidence {
        Evidence {
            ref_: r.into(),
            ..Evidence::default()
        }
    }

    /// True when only the reference is given (written as a plain string).
    pub fn is_plain(&self) -> bool {
        self.sha256.is_none() && self.date.is_none() && self.expires.is_none()
    }

    /// True for a URL (`scheme://…`): never read from disk, never hashed.
    pub fn is_url(&self) -> bool {
        is_url(&self.ref_)
    }
}

impl From<&str> for Evidence {
    fn from(r: &str) -> Evidence {
        Evidence::new(r)
    }
}

impl From<String> for Evidence {
    fn from(r: String) -> Evidence {
        Evidence::new(r)
    }
}

/// True for `scheme://…` (a scheme is a letter, then letters, digits, `+`, `-` or `.`).
pub fn is_url(r: &str) -> bool {
    match r.split_once("://") {
        Some((scheme, _)) => {
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The entries of `new` (references typed in `ask`, cells of a workbook) with what `old` recorded
/// about the same reference (sha256, date, expires) kept, so re-entering a list never loses the
/// hashes of the references that remain. An entry of `new` that records something itself wins.
pub fn carry_over(old: &[Evidence], new: Vec<Evidence>) -> Vec<Evidence> {
    new.into_iter()
        .map(|e| {
            if e.is_plain()
                && let Some(o) = old.iter().find(|o| o.ref_ == e.ref_)
            {
                return o.clone();
            }
            e
        })
        .collect()
}

/// Validates an answer's `evidence` value: a string, a map, or a list of strings and maps. Every
/// problem is pushed to `errors`, located.
pub(crate) fn parse(file: &str, k: &Key, v: &Node, errors: &mut Vec<Diagnostic>) -> Vec<Evidence> {
    let mut out = Vec::new();
    match &v.value {
        Value::Null => {}
        Value::Str(s) => {
            if !s.trim().is_empty() {
                out.push(Evidence::new(s.trim()));
            }
        }
        Value::Map(m) => out.extend(entry(file, v, m, errors)),
        Value::Seq(items) => {
            for it in items {
                match &it.value {
                    Value::Str(s) if !s.trim().is_empty() => out.push(Evidence::new(s.trim())),
                    Value::Str(_) => errors.push(
                        Diagnostic::at(file, it.pos, format!("`{}` has an empty entry", k.name))
                            .with_help("remove it or fill it in"),
                    ),
                    Value::Map(m) => out.extend(entry(file, it, m, errors)),
                    _ => errors.push(
                        Diagnostic::at(
                            file,
                            it.pos,
                            format!(
                                "`{}` entries must be strings or maps, found {}",
                                k.name,
                                it.show()
                            ),
                        )
                        .with_help(
                            "write a reference as a string (quote it), or as `{ref: ..., sha256: ..., date: YYYY-MM-DD, expires: YYYY-MM-DD}`",
                        ),
                    ),
                }
            }
        }
        _ => errors.push(
            Diagnostic::at(
                file,
                v.pos,
                format!(
                    "`{}` must be a string, a map or a list of them, found {}",
                    k.name,
                    v.show()
                ),
            )
            .with_help(format!("write `{}: [..]`", k.name)),
        ),
    }
    out
}

/// One evidence map: `ref` required, `sha256` 64 hex digits, `date` and `expires` dates.
fn entry(
    file: &str,
    at: &Node,
    m: &[(Key, Node)],
    errors: &mut Vec<Diagnostic>,
) -> Option<Evidence> {
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut e = Evidence::default();
    let mut has_ref = false;
    let mut err = |pos, msg: String, help: &str| {
        found.push(Diagnostic::at(file, pos, msg).with_help(help.to_string()))
    };
    for (k, x) in m {
        has_ref |= k.name == "ref";
        let s = match &x.value {
            Value::Str(s) => Some(s.trim().to_string()),
            _ => None,
        };
        match k.name.as_str() {
            "ref" => match s {
                Some(s) if !s.is_empty() => {
                    e.ref_ = s;
                }
                Some(_) => err(
                    x.pos,
                    "evidence `ref` is empty".into(),
                    "name the document, link or record",
                ),
                None => err(
                    x.pos,
                    format!("evidence `ref` must be a string, found {}", x.show()),
                    "quote the value",
                ),
            },
            "sha256" => match s {
                Some(s) if s.len() == 64 && s.chars().all(|c| c.is_ascii_hexdigit()) => {
                    e.sha256 = Some(s.to_ascii_lowercase())
                }
                _ => err(
                    x.pos,
                    format!("evidence `sha256` is {}, not a SHA-256", x.show()),
                    "a SHA-256 is exactly 64 hexadecimal digits; `aimscore evidence lock` records it",
                ),
            },
            "date" | "expires" => match s {
                Some(s) if is_date(&s) => {
                    if k.name == "date" {
                        e.date = Some(s)
                    } else {
                        e.expires = Some(s)
                    }
                }
                _ => err(
                    x.pos,
                    format!("evidence `{}` is {}, not a date", k.name, x.show()),
                    "write dates as YYYY-MM-DD",
                ),
            },
            other => {
                let mut help = format!("allowed keys: {}", KEYS.join(", "));
                if let Some(s) = suggest(other, KEYS) {
                    help = format!("did you mean `{s}`? {help}");
                }
                let name: String = other.chars().take(60).collect();
                err(k.pos, format!("unknown evidence key `{name}`"), &help);
            }
        }
    }
    if !has_ref {
        err(
            at.pos,
            "an evidence map has no `ref`".into(),
            "add `ref:` naming the document, link or record (sha256, date and expires are optional)",
        );
    }
    let ok = found.is_empty();
    errors.append(&mut found);
    ok.then_some(e)
}

/// The evidence list as a one-line YAML flow or TOML inline value: plain entries as quoted
/// strings, the others as maps (`{ref: "a.pdf", sha256: "…", date: "2026-11-01"}` in YAML,
/// `{ ref = "a.pdf", … }` in TOML).
pub fn inline_list(list: &[Evidence], toml: bool) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|e| {
            if e.is_plain() {
                return quote(&e.ref_);
            }
            let (sep, open, close) = if toml {
                (" = ", "{ ", " }")
            } else {
                (": ", "{", "}")
            };
            let members: Vec<String> = members(e)
                .into_iter()
                .map(|(k, v)| format!("{k}{sep}{}", quote(v)))
                .collect();
            format!("{open}{}{close}", members.join(", "))
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// The evidence list as JSON: plain entries as strings, the others as objects.
pub fn json_list(list: &[Evidence]) -> serde_json::Value {
    use serde_json::{Map, Value};
    Value::Array(
        list.iter()
            .map(|e| {
                if e.is_plain() {
                    return Value::from(e.ref_.as_str());
                }
                let mut m = Map::new();
                for (k, v) in members(e) {
                    m.insert(k.to_string(), Value::from(v));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// The members of an entry that are set, in [`KEYS`] order.
fn members(e: &Evidence) -> Vec<(&'static str, &str)> {
    let mut v = vec![(KEYS[0], e.ref_.as_str())];
    for (k, x) in [
        (KEYS[1], &e.sha256),
        (KEYS[2], &e.date),
        (KEYS[3], &e.expires),
    ] {
        if let Some(x) = x {
            v.push((k, x.as_str()));
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_known_by_their_scheme() {
        assert!(is_url("https://wiki.example/aims"));
        assert!(is_url("s3://bucket/key"));
        assert!(!is_url("policies/aims.pdf"));
        assert!(!is_url("://x"));
        assert!(!is_url("1a://x"));
        assert!(!is_url("C:\\docs\\x.pdf"));
    }

    #[test]
    fn carry_over_keeps_what_was_recorded_for_remaining_refs() {
        let locked = Evidence {
            ref_: "a.pdf".into(),
            sha256: Some("ab".repeat(32)),
            date: Some("2026-01-02".into()),
            expires: None,
        };
        let got = carry_over(
            std::slice::from_ref(&locked),
            vec![Evidence::new("b.pdf"), Evidence::new("a.pdf")],
        );
        assert_eq!(got, vec![Evidence::new("b.pdf"), locked]);
    }

    #[test]
    fn inline_lists_write_plain_entries_as_strings_and_the_others_as_maps() {
        let e = vec![
            Evidence::new("x y.pdf"),
            Evidence {
                ref_: "a.pdf".into(),
                sha256: None,
                date: Some("2026-01-02".into()),
                expires: Some("2027-01-02".into()),
            },
        ];
        assert_eq!(
            inline_list(&e, false),
            r#"["x y.pdf", {ref: "a.pdf", date: "2026-01-02", expires: "2027-01-02"}]"#
        );
        assert_eq!(
            inline_list(&e, true),
            r#"["x y.pdf", { ref = "a.pdf", date = "2026-01-02", expires = "2027-01-02" }]"#
        );
        assert_eq!(
            json_list(&e).to_string(),
            r#"["x y.pdf",{"ref":"a.pdf","date":"2026-01-02","expires":"2027-01-02"}]"#
        );
    }
}
