//! A config reduced to its MCP server sections, within the scan's limits. A JSON text is
//! streamed: only `mcpServers`, `servers`, `projects.*.mcpServers` and
//! `experimental.modelContextProtocolServers` are built as values, everything else (such as
//! the conversation history Claude Code keeps in `.claude.json`) is skipped as it is read.
//! Server entries beyond the file's allowance are counted, not kept. A YAML value (already
//! bounded by the YAML reader's budget) is cut down the same way. No servers are built here.

use super::model::MAX_SECTION_VALUES;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// A config's MCP server sections.
#[derive(Debug)]
pub(crate) struct Sections {
    /// The top level: an object holding only the server sections, or an empty value of the
    /// type the file held (for the problem that names it).
    pub(crate) top: Value,
    /// True when the top object had keys besides the server sections.
    pub(crate) other_keys: bool,
    /// Server entries in the file, kept or not.
    pub(crate) entries: usize,
    /// Server entries counted but not kept (beyond the allowance).
    pub(crate) unread: usize,
}

/// Why a JSON config could not be reduced.
#[derive(Debug)]
pub(crate) enum SectionsError {
    /// Not JSON: serde_json's message (a position, never the text).
    Syntax(String),
    /// The server sections hold more than [`MAX_SECTION_VALUES`] values.
    TooManyValues,
}

/// What one file may still take.
struct Budget {
    /// Server entries that may still be kept.
    entries_left: usize,
    values_left: usize,
    entries: usize,
    unread: usize,
    over: bool,
}

impl Budget {
    fn new(max_entries: usize) -> Budget {
        Budget {
            entries_left: max_entries,
            values_left: MAX_SECTION_VALUES,
            entries: 0,
            unread: 0,
            over: false,
        }
    }

    /// Counts one server entry: true when it is kept.
    fn take_entry(&mut self) -> bool {
        self.entries += 1;
        if self.entries_left == 0 {
            self.unread += 1;
            return false;
        }
        self.entries_left -= 1;
        true
    }

    fn take_value<E: de::Error>(&mut self) -> Result<(), E> {
        if self.values_left == 0 {
            self.over = true;
            return Err(E::custom("too many values in the MCP server sections"));
        }
        self.values_left -= 1;
        Ok(())
    }
}

/// Streams a JSON text down to its server sections, keeping at most `max_entries` entries.
pub(crate) fn from_json(text: &str, max_entries: usize) -> Result<Sections, SectionsError> {
    let mut budget = Budget::new(max_entries);
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Top { b: &mut budget }
        .deserialize(&mut de)
        .and_then(|top| de.end().map(|()| top));
    match result {
        Ok((top, other_keys)) => Ok(Sections {
            top,
            other_keys,
            entries: budget.entries,
            unread: budget.unread,
        }),
        Err(_) if budget.over => Err(SectionsError::TooManyValues),
        Err(e) => Err(SectionsError::Syntax(e.to_string())),
    }
}

/// Cuts a parsed value (a YAML config) down to its server sections, keeping at most
/// `max_entries` entries.
pub(crate) fn from_value(v: Value, max_entries: usize) -> Sections {
    let mut b = Budget::new(max_entries);
    let (top, other_keys) = match v {
        Value::Object(m) => {
            let mut out = Map::new();
            let mut other = false;
            for (k, v) in m {
                match k.as_str() {
                    "mcpServers" | "servers" => {
                        let s = cut_section(v, &mut b);
                        out.insert(k, s);
                    }
                    "projects" => {
                        let p = match v {
                            Value::Object(projects) => Value::Object(
                                projects
                                    .into_iter()
                                    .filter_map(|(path, p)| match p {
                                        Value::Object(mut p) => {
                                            let ms = p.remove("mcpServers")?;
                                            let mut one = Map::new();
                                            one.insert(
                                                "mcpServers".into(),
                                                cut_section(ms, &mut b),
                                            );
                                            Some((path, Value::Object(one)))
                                        }
                                        _ => None,
                                    })
                                    .collect(),
                            ),
                            _ => Value::Null,
                        };
                        out.insert(k, p);
                    }
                    "experimental" => {
                        let mut e = Map::new();
                        if let Value::Object(mut x) = v
                            && let Some(list) = x.remove("modelContextProtocolServers")
                        {
                            e.insert(
                                "modelContextProtocolServers".into(),
                                cut_section(list, &mut b),
                            );
                        }
                        out.insert(k, Value::Object(e));
                    }
                    _ => other = true,
                }
            }
            (Value::Object(out), other)
        }
        other => (emptied(&other), false),
    };
    Sections {
        top,
        other_keys,
        entries: b.entries,
        unread: b.unread,
    }
}

/// A section's entries beyond the allowance counted and dropped.
fn cut_section(v: Value, b: &mut Budget) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.into_iter().filter(|_| b.take_entry()).collect()),
        Value::Array(list) => Value::Array(list.into_iter().filter(|_| b.take_entry()).collect()),
        other => emptied(&other),
    }
}

/// A value of the same type, without content.
fn emptied(v: &Value) -> Value {
    match v {
        Value::Null => Value::Null,
        Value::Bool(_) => Value::Bool(false),
        Value::Number(_) => Value::from(0),
        Value::String(_) => Value::String(String::new()),
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Object(_) => Value::Object(Map::new()),
    }
}

/// The visitor methods, besides `visit_map`, of a value whose content is not kept: each
/// returns the expression given for the type seen; a list is read through and dropped.
macro_rules! skip_non_maps {
    ($ty:ty; null: $null:expr, bool: $bool:expr, num: $num:expr, str: $str:expr, list: $list:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<$ty, E> {
            Ok($bool)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<$ty, E> {
            Ok($num)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<$ty, E> {
            Ok($num)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<$ty, E> {
            Ok($num)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<$ty, E> {
            Ok($str)
        }
        fn visit_unit<E: de::Error>(self) -> Result<$ty, E> {
            Ok($null)
        }
        fn visit_none<E: de::Error>(self) -> Result<$ty, E> {
            Ok($null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$ty, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($list)
        }
    };
}

/// The seeds that read a value with `deserialize_any` into the visitor itself.
macro_rules! seed {
    ($($name:ident => $out:ty),*) => {$(
        impl<'de> DeserializeSeed<'de> for $name<'_> {
            type Value = $out;
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<$out, D::Error> {
                d.deserialize_any(self)
            }
        }
    )*};
}

seed!(Top => (Value, bool), Section => Value, Projects => Value, Project => Option<Value>, Experimental => Value, Bounded => Value);

/// The top level: the server sections and whether other keys were there.
struct Top<'a> {
    b: &'a mut Budget,
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = (Value, bool);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a config")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Map::new();
        let mut other = false;
        while let Some(k) = map.next_key::<String>()? {
            let v = match k.as_str() {
                "mcpServers" | "servers" => map.next_value_seed(Section { b: &mut *self.b })?,
                "projects" => map.next_value_seed(Projects { b: &mut *self.b })?,
                "experimental" => map.next_value_seed(Experimental { b: &mut *self.b })?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    other = true;
                    continue;
                }
            };
            out.insert(k, v);
        }
        Ok((Value::Object(out), other))
    }
    skip_non_maps!((Value, bool);
        null: (Value::Null, false),
        bool: (Value::Bool(false), false),
        num: (Value::from(0), false),
        str: (Value::String(String::new()), false),
        list: (Value::Array(Vec::new()), false));
}

/// A server section: an object of entries or a list of them, the first ones kept.
struct Section<'a> {
    b: &'a mut Budget,
}

impl<'de> Visitor<'de> for Section<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("servers")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        loop {
            if self.b.entries_left == 0 {
                // Beyond the allowance: count the entries without building their names.
                if map.next_key::<IgnoredAny>()?.is_none() {
                    break;
                }
                self.b.take_entry();
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let Some(k) = map.next_key::<String>()? else {
                break;
            };
            self.b.take_entry();
            let v = map.next_value_seed(Bounded { b: &mut *self.b })?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            if self.b.entries_left == 0 {
                if seq.next_element::<IgnoredAny>()?.is_none() {
                    break;
                }
                self.b.take_entry();
                continue;
            }
            let Some(v) = seq.next_element_seed(Bounded { b: &mut *self.b })? else {
                break;
            };
            self.b.take_entry();
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Bool(false))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Value, E> {
        Ok(Value::from(0))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Value, E> {
        Ok(Value::from(0))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Value, E> {
        Ok(Value::from(0))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Value, E> {
        Ok(Value::String(String::new()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
}

/// `projects`: each project's `mcpServers`, the rest of each project skipped.
struct Projects<'a> {
    b: &'a mut Budget,
}

impl<'de> Visitor<'de> for Projects<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("projects")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(path) = map.next_key::<String>()? {
            if let Some(ms) = map.next_value_seed(Project { b: &mut *self.b })? {
                let mut one = Map::new();
                one.insert("mcpServers".into(), ms);
                out.insert(path, Value::Object(one));
            }
        }
        Ok(Value::Object(out))
    }
    skip_non_maps!(Value; null: Value::Null, bool: Value::Null, num: Value::Null,
        str: Value::Null, list: Value::Null);
}

/// One project: its `mcpServers`, if any.
struct Project<'a> {
    b: &'a mut Budget,
}

impl<'de> Visitor<'de> for Project<'_> {
    type Value = Option<Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a project")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Value>, A::Error> {
        let mut servers = None;
        while let Some(k) = map.next_key::<String>()? {
            if k == "mcpServers" {
                servers = Some(map.next_value_seed(Section { b: &mut *self.b })?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(servers)
    }
    skip_non_maps!(Option<Value>; null: None, bool: None, num: None, str: None, list: None);
}

/// `experimental`: only `modelContextProtocolServers` (Continue).
struct Experimental<'a> {
    b: &'a mut Budget,
}

impl<'de> Visitor<'de> for Experimental<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("experimental settings")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            if k == "modelContextProtocolServers" {
                let v = map.next_value_seed(Section { b: &mut *self.b })?;
                out.insert(k, v);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Value::Object(out))
    }
    skip_non_maps!(Value; null: Value::Null, bool: Value::Null, num: Value::Null,
        str: Value::Null, list: Value::Null);
}

/// Any value, built within the file's value budget.
struct Bounded<'a> {
    b: &'a mut Budget,
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.b.take_value()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.b.take_value()?;
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.b.take_value()?;
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.b.take_value()?;
        Ok(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.b.take_value()?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.b.take_value()?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.b.take_value()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.b.take_value()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Bounded { b: &mut *self.b })? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.b.take_value()?;
        let mut out = Map::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(Bounded { b: &mut *self.b })?;
            out.insert(k, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_server_sections_are_kept() {
        let text = r#"{"history": [{"display": "x"}], "numStartups": 3,
            "projects": {"/a": {"history": [1, 2], "mcpServers": {"p": {"command": "node"}}},
                         "/b": {"allowedTools": []}, "/c": 7},
            "experimental": {"other": true, "modelContextProtocolServers": [{"transport": {}}]},
            "mcpServers": {"m": {"command": "npx", "args": ["-y", "x"]}}}"#;
        let s = from_json(text, 10).unwrap();
        assert_eq!(
            s.top,
            serde_json::json!({
                "projects": {"/a": {"mcpServers": {"p": {"command": "node"}}}},
                "experimental": {"modelContextProtocolServers": [{"transport": {}}]},
                "mcpServers": {"m": {"command": "npx", "args": ["-y", "x"]}}
            })
        );
        assert!(s.other_keys);
        assert_eq!((s.entries, s.unread), (3, 0));
        // The same file as a value gives the same sections.
        let v: Value = serde_json::from_str(text).unwrap();
        assert_eq!(from_value(v, 10).top, s.top);
    }

    #[test]
    fn entries_beyond_the_allowance_are_counted_not_kept() {
        let text = r#"{"mcpServers": {"a": {}, "b": {}}, "servers": {"c": {}, "d": 1}}"#;
        let s = from_json(text, 3).unwrap();
        assert_eq!(
            s.top,
            serde_json::json!({"mcpServers": {"a": {}, "b": {}}, "servers": {"c": {}}})
        );
        assert_eq!((s.entries, s.unread), (4, 1));
        let s = from_json(r#"{"mcpServers": [{}, {}, {}]}"#, 1).unwrap();
        assert_eq!((s.entries, s.unread), (3, 2));
    }

    #[test]
    fn other_shapes_keep_their_type_and_syntax_errors_their_position() {
        let s = from_json("[1, 2]", 10).unwrap();
        assert_eq!(s.top, Value::Array(Vec::new()));
        let s = from_json(r#"{"mcpServers": "npx x"}"#, 10).unwrap();
        assert_eq!(s.top["mcpServers"], Value::String(String::new()));
        match from_json("{\"a\": [1,", 10) {
            Err(SectionsError::Syntax(m)) => assert!(m.contains("line 1 column"), "{m}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_section_holding_too_many_values_is_refused() {
        let args = vec!["a"; MAX_SECTION_VALUES];
        let text = serde_json::json!({"mcpServers": {"x": {"args": args}}}).to_string();
        assert!(matches!(
            from_json(&text, 10),
            Err(SectionsError::TooManyValues)
        ));
        // The same list outside the server sections is skipped, not counted.
        let text = serde_json::json!({"history": args, "mcpServers": {}}).to_string();
        assert!(from_json(&text, 10).is_ok());
    }
}
