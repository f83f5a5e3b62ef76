//! JSON edits: the document re-serialized in key order (JSON has no comments to keep).

use super::*;
use serde_json::{Map, Value};

fn entry(a: &Answer) -> Value {
    let mut m = Map::new();
    m.insert(
        "answer".into(),
        match a.value {
            AnswerValue::Maturity(x) => Value::from(x),
            other => Value::from(other.as_str()),
        },
    );
    if !a.evidence.is_empty() {
        m.insert(
            "evidence".into(),
            crate::answers::evidence::json_list(&a.evidence),
        );
    }
    for (k, x) in [
        ("note", &a.note),
        ("owner", &a.owner),
        ("due", &a.due),
        ("justification", &a.justification),
    ] {
        if let Some(s) = x {
            m.insert(k.into(), Value::from(s.as_str()));
        }
    }
    if let Some(w) = super::current_waiver() {
        let mut wm = Map::new();
        wm.insert("reason".into(), Value::from(w.reason));
        wm.insert("approved_by".into(), Value::from(w.approved_by));
        wm.insert("expires".into(), Value::from(w.expires));
        m.insert("waiver".into(), Value::Object(wm));
    }
    Value::Object(m)
}

/// The indentation of the file (the first indented line's), two spaces by default.
fn write(text: &str, v: &Value) -> Option<String> {
    let indent = text
        .lines()
        .skip(1)
        .find(|l| l.starts_with([' ', '\t']))
        .map(|l| &l[..l.len() - l.trim_start().len()])
        .filter(|s| !s.is_empty())
        .unwrap_or("  ");
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    serde::Serialize::serialize(v, &mut ser).ok()?;
    let mut s = json_escaped(&String::from_utf8(buf).ok()?);
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    if nl == "\r\n" {
        s = s.replace('\n', "\r\n");
    }
    if text.ends_with('\n') {
        s.push_str(nl);
    }
    Some(s)
}

pub(super) fn answer_candidates(text: &str, qid: &str, a: &Answer, order: &[&str]) -> Vec<String> {
    let Ok(Value::Object(mut top)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let e = entry(a);
    match top.get_mut("answers") {
        Some(Value::Object(m)) => {
            if m.contains_key(qid) {
                m.insert(qid.to_string(), e);
            } else {
                let me = order.iter().position(|q| *q == qid).unwrap_or(usize::MAX);
                let at = m
                    .keys()
                    .rposition(|k| order.iter().position(|q| q == k).is_some_and(|p| p < me))
                    .map_or(0, |i| i + 1);
                m.shift_insert(at, qid.to_string(), e);
            }
        }
        Some(v @ Value::Null) => {
            let mut m = Map::new();
            m.insert(qid.to_string(), e);
            *v = Value::Object(m);
        }
        Some(_) => return Vec::new(),
        None => {
            let mut m = Map::new();
            m.insert(qid.to_string(), e);
            top.insert("answers".into(), Value::Object(m));
        }
    }
    write(text, &Value::Object(top)).into_iter().collect()
}

pub(super) fn profile_candidates(text: &str, profiles: &[String]) -> Vec<String> {
    let Ok(Value::Object(mut top)) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let v = Value::from(profiles.to_vec());
    if top.contains_key("profiles") {
        top.insert("profiles".into(), v);
    } else {
        let at = top.keys().position(|k| k == "answers").unwrap_or(top.len());
        top.shift_insert(at, "profiles".into(), v);
    }
    write(text, &Value::Object(top)).into_iter().collect()
}
