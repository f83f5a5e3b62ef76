//! The one place aimscore reads YAML (serde-saphyr), so the choice of crate can change.
//!
//! serde-saphyr rejects duplicate keys, bounds alias expansion and nesting with budgets, and
//! gives every value its line and column. Booleans follow YAML 1.2 (`true`/`false` only), so
//! `answer: yes` and `answer: no` stay the strings the user wrote.

use super::node::{Key, Node, Value};
use crate::error::{Diagnostic, Error, Pos, Result};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// Deepest nesting of lists and mappings (an answers file needs 4 levels; the catalog 6).
pub const MAX_DEPTH: usize = 32;
/// Most values (scalars, lists, mappings) in one file. A full answers file holds about 2,000 and
/// the largest catalog file about 3,500; a file of millions of tiny values is refused at once.
pub const MAX_NODES: usize = 50_000;
/// Most aliases (`*name`) and anchors (`&name`) in one file.
pub const MAX_ALIASES: usize = 1_000;
/// Most values that aliases may replay in total (alias amplification, "billion laughs").
pub const MAX_REPLAYED: usize = 20_000;
/// Most text in scalars, counting every alias expansion.
pub const MAX_SCALAR_BYTES: usize = 16 * 1024 * 1024;

/// Parser budgets: generous for real files, small enough that hostile ones end at once.
pub fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_events = 1_000_000;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ALIASES;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_SCALAR_BYTES;
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = MAX_REPLAYED;
    alias_limits.max_alias_expansions_per_anchor = MAX_ALIASES;
    serde_saphyr::options! {
        budget: Some(budget),
        alias_limits: alias_limits,
        strict_booleans: true,
        with_snippet: false,
        // Comments are not kept; capturing them made the parser buffer them while looking
        // ahead, and an `init` template (hundreds of commented entries) failed with "too many
        // buffered comments".
        emit_comments: false,
    }
}

/// Parses YAML text into a located tree.
pub fn parse(name: &str, text: &str) -> Result<Node> {
    if text.trim().is_empty() {
        return Err(Error::input(Diagnostic::new(
            name,
            None,
            "the file is empty; expected a mapping with at least `aimscore` and `organization`",
        )));
    }
    let parsed: std::result::Result<Spanned<YNode>, _> =
        serde_saphyr::from_str_with_options(text, options());
    match parsed {
        Ok(root) => Ok(convert(root)),
        Err(e) => Err(Error::input(to_diagnostic(name, &e))),
    }
}

/// Deserializes YAML text straight into a typed value (used for the catalog).
pub fn from_str<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| Error::input(to_diagnostic(name, &e)))
}

/// The position of a spanned catalog value.
pub fn pos<T>(s: &Spanned<T>) -> Pos {
    Pos::new(s.referenced.line() as usize, s.referenced.column() as usize)
}

fn to_diagnostic(name: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let pos = e
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos::new(l.line() as usize, l.column().max(1) as usize));
    if let Some(msg) = limit_message(e.without_snippet()) {
        return Diagnostic::new(name, pos, format!("invalid YAML: {msg}"))
            .with_help("the file exceeds aimscore's input limits (see README: Input limits)");
    }
    let mut msg = e.without_snippet().to_string();
    if let Some(rest) = msg.strip_prefix("error: ") {
        msg = rest.to_string();
    }
    // serde-saphyr prefixes "line L column C: " or ends with " at line L, column C"; the
    // position is already in front.
    if let Some(i) = msg.find(": ").filter(|_| msg.starts_with("line ")) {
        msg = msg[i + 2..].to_string();
    }
    if let Some(i) = msg.find(", set DuplicateKeyPolicy") {
        msg = msg[..i].to_string();
    }
    let mut msg = msg.lines().next().unwrap_or("").trim().to_string();
    if let Some(i) = msg.rfind(" at line ") {
        let tail = &msg[i + " at line ".len()..];
        if tail
            .split(", column ")
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            msg.truncate(i);
        }
    }
    // The parser's words for a Rust programmer, in the words of the file's author.
    for (internal, plain) in [
        (
            "recursive references require weak recursion types",
            "an alias (`*name`) refers to the list or mapping that holds it; aliases may not be recursive",
        ),
        (
            "cannot deserialize null into string; use Option<String>",
            "a value is empty (null) where text is expected",
        ),
        (
            "invalid char: cannot deserialize null; use Option<char>",
            "a value is empty (null) where a character is expected",
        ),
    ] {
        if msg.contains(internal) {
            msg = plain.to_string();
        }
    }
    if msg.contains("non-finite float") {
        msg = msg
            .replace("non-finite float", "a number too large to read:")
            .replace(" rejected by the configured policy", "");
    }
    let help = if msg.contains("duplicate mapping key") {
        Some("each key may appear once; merge the two entries")
    } else if msg.contains("expected string scalar") {
        Some("keys and text values must be plain strings, not lists or mappings")
    } else if msg.contains("simple key expected") {
        Some("each line of a mapping is `key: value`, and a key is at most 1024 characters long")
    } else {
        None
    };
    let d = Diagnostic::new(name, pos, format!("invalid YAML: {msg}"));
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Plain words for the parser budgets of [`options`], or `None` for other errors.
fn limit_message(e: &serde_saphyr::Error) -> Option<String> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    Some(match e {
        E::AliasError { error, .. } => return limit_message(error),
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => format!("lists and mappings nest deeper than {MAX_DEPTH} levels"),
            B::Nodes { .. } | B::Events { .. } => {
                format!("the file holds more than {MAX_NODES} values (counting alias expansions)")
            }
            B::Aliases { .. } => format!("the file uses more than {MAX_ALIASES} aliases (`*name`)"),
            B::Anchors { .. } => {
                format!("the file defines more than {MAX_ALIASES} anchors (`&name`)")
            }
            B::Documents { .. } => {
                "the file holds more than one YAML document (`---`); use one file per assessment"
                    .to_string()
            }
            B::ScalarBytes { .. } => format!(
                "the text in the file, with aliases expanded, exceeds {} MiB",
                MAX_SCALAR_BYTES / (1024 * 1024)
            ),
            other => format!("the file exceeds a parser limit ({other:?})"),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => {
            format!("aliases expand to more than {MAX_REPLAYED} values (alias amplification)")
        }
        _ if e.to_string().contains("recursion limit exceeded") => {
            format!("lists and mappings nest deeper than {MAX_DEPTH} levels")
        }
        _ => return None,
    })
}

/// A YAML value whose children carry their spans.
enum YNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<YNode>>),
    Map(Vec<(Spanned<String>, Spanned<YNode>)>),
}

fn convert(n: Spanned<YNode>) -> Node {
    let pos = crate::read::yaml::pos(&n);
    let value = match n.value {
        YNode::Null => Value::Null,
        YNode::Bool(b) => Value::Bool(b),
        YNode::Int(i) => Value::Int(i),
        YNode::Float(f) => Value::Float(f),
        YNode::Str(s) => Value::Str(s),
        YNode::Seq(v) => Value::Seq(v.into_iter().map(convert).collect()),
        YNode::Map(v) => Value::Map(
            v.into_iter()
                .map(|(k, x)| {
                    (
                        Key {
                            pos: crate::read::yaml::pos(&k),
                            name: k.value,
                        },
                        convert(x),
                    )
                })
                .collect(),
        ),
    };
    Node { pos, value }
}

impl<'de> Deserialize<'de> for YNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = YNode;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_unit<E>(self) -> std::result::Result<YNode, E> {
                Ok(YNode::Null)
            }
            fn visit_none<E>(self) -> std::result::Result<YNode, E> {
                Ok(YNode::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(
                self,
                d: D2,
            ) -> std::result::Result<YNode, D2::Error> {
                YNode::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<YNode, E> {
                Ok(YNode::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<YNode, E> {
                Ok(YNode::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<YNode, E> {
                Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
            }
            fn visit_i128<E>(self, v: i128) -> std::result::Result<YNode, E> {
                Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
            }
            fn visit_u128<E>(self, v: u128) -> std::result::Result<YNode, E> {
                Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
            }
            fn visit_f64<E>(self, v: f64) -> std::result::Result<YNode, E> {
                Ok(YNode::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<YNode, E> {
                Ok(YNode::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<YNode, E> {
                Ok(YNode::Str(v))
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> std::result::Result<YNode, E> {
                Err(E::custom("binary values are not supported"))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<YNode, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(YNode::Seq(v))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut a: A,
            ) -> std::result::Result<YNode, A::Error> {
                let mut v = Vec::new();
                while let Some(k) = a.next_key::<Spanned<String>>()? {
                    let val = a.next_value()?;
                    v.push((k, val));
                }
                Ok(YNode::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse("f.yaml", text)
            .map(|_| String::new())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn duplicate_keys_are_rejected_with_position() {
        let e = err("a: 1\nb: 2\na: 3\n");
        assert!(
            e.starts_with("f.yaml:3:1: invalid YAML: duplicate mapping key"),
            "{e}"
        );
    }

    #[test]
    fn yes_and_no_stay_strings() {
        let n = parse("f", "a: yes\nb: No\n").unwrap_or_else(|e| panic!("{e}"));
        let Value::Map(m) = n.value else {
            panic!("map")
        };
        assert_eq!(m[0].1.value, Value::Str("yes".into()));
        assert_eq!(m[1].1.value, Value::Str("No".into()));
    }

    #[test]
    fn alias_amplification_is_bounded() {
        let mut text = String::from("a: &x [");
        text.push_str(&"1,".repeat(2000));
        text.push_str("1]\nb: [");
        text.push_str(&"*x,".repeat(2000));
        text.push_str("*x]\n");
        let e = err(&text);
        assert!(e.contains("invalid YAML"), "{e}");
    }

    #[test]
    fn many_comments_before_a_value_are_fine() {
        // An `init` template: hundreds of commented entries under `answers:`.
        let text = format!(
            "answers:\n{}  4.1-1: {{answer: no}}\n",
            "  # c\n".repeat(500)
        );
        assert_eq!(err(&text), "");
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!("a: {}{}", "[".repeat(500), "]".repeat(500));
        assert!(err(&text).contains("invalid YAML"));
    }
}
