//! Writing validated answers as a new answers file (YAML, TOML or JSON), in catalog order: what
//! `aimscore import` produces from a workbook. Editing an existing file keeps its text and is
//! [`super::edit`]'s job; this module only builds new text, and reads nothing.

use super::model::{Answer, AnswerValue, Answers, Tier};
use super::quoting::quote;
use crate::catalog::Catalog;
use crate::read::Format;

fn list(items: &[String]) -> String {
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

/// An answer value: a maturity as a bare number, a word quoted.
fn value(v: AnswerValue) -> String {
    match v {
        AnswerValue::Maturity(m) => m.to_string(),
        v => quote(&v.as_str()),
    }
}

/// The answers in `catalog` order (questions the catalog does not hold come last, by id).
fn ordered<'a>(a: &'a Answers, catalog: &Catalog) -> Vec<(&'a str, &'a Answer)> {
    let mut out: Vec<(&str, &Answer)> = catalog
        .questions()
        .filter_map(|(_, q)| a.answers.get_key_value(q.id.as_str()))
        .map(|(k, v)| (k.as_str(), v))
        .collect();
    for (k, v) in &a.answers {
        if !out.iter().any(|(x, _)| x == k) {
            out.push((k.as_str(), v));
        }
    }
    out
}

/// The answers file text for `a` in `format`.
pub fn to_text(a: &Answers, catalog: &Catalog, format: Format) -> String {
    match format {
        Format::Yaml => yaml(a, catalog),
        Format::Toml => toml(a, catalog),
        Format::Json => json(a, catalog),
    }
}

/// The header lines as `key<sep>value`, in file order (the `eu_ai_act` block apart).
fn header(a: &Answers, sep: &str) -> String {
    let m = &a.meta;
    let mut s = format!(
        "aimscore{sep}1\norganization{sep}{}\n",
        quote(&m.organization)
    );
    for (k, v) in [
        ("scope", &m.scope),
        ("assessor", &m.assessor),
        ("date", &m.date),
    ] {
        if let Some(v) = v {
            s.push_str(&format!("{k}{sep}{}\n", quote(v)));
        }
    }
    if m.tier == Tier::Snapshot {
        s.push_str(&format!("tier{sep}\"snapshot\"\n"));
    }
    if !m.profiles.is_empty() {
        s.push_str(&format!("profiles{sep}{}\n", list(&m.profiles)));
    }
    if let Some(v) = &m.inventory {
        s.push_str(&format!("inventory{sep}{}\n", quote(v)));
    }
    s
}

fn fields(a: &Answer, sep: &str, indent: &str) -> String {
    let mut s = format!("{indent}answer{sep}{}\n", value(a.value));
    if !a.evidence.is_empty() {
        s.push_str(&format!(
            "{indent}evidence{sep}{}\n",
            super::evidence::inline_list(&a.evidence, sep == " = ")
        ));
    }
    for (k, v) in [
        ("note", &a.note),
        ("owner", &a.owner),
        ("due", &a.due),
        ("justification", &a.justification),
    ] {
        if let Some(v) = v {
            s.push_str(&format!("{indent}{k}{sep}{}\n", quote(v)));
        }
    }
    s
}

fn yaml(a: &Answers, catalog: &Catalog) -> String {
    let mut s = header(a, ": ");
    if let Some(eu) = &a.meta.eu_ai_act {
        s.push_str(&format!(
            "eu_ai_act:\n  roles: {}\n  high_risk: {}\n  transparency: {}\n  gpai_systemic_risk: {}\n",
            list(&eu.roles),
            eu.high_risk,
            eu.transparency,
            eu.gpai_systemic_risk
        ));
    }
    s.push_str("answers:\n");
    for (id, ans) in ordered(a, catalog) {
        s.push_str(&format!("  {}:\n", quote(id)));
        s.push_str(&fields(ans, ": ", "    "));
    }
    s
}

fn toml(a: &Answers, catalog: &Catalog) -> String {
    let mut s = header(a, " = ");
    if let Some(eu) = &a.meta.eu_ai_act {
        s.push_str(&format!(
            "\n[eu_ai_act]\nroles = {}\nhigh_risk = {}\ntransparency = {}\ngpai_systemic_risk = {}\n",
            list(&eu.roles),
            eu.high_risk,
            eu.transparency,
            eu.gpai_systemic_risk
        ));
    }
    s.push_str("\n[answers]\n");
    for (id, ans) in ordered(a, catalog) {
        s.push_str(&format!("\n[answers.{}]\n", quote(id)));
        s.push_str(&fields(ans, " = ", ""));
    }
    s
}

fn json(a: &Answers, catalog: &Catalog) -> String {
    use serde_json::{Map, Value, json};
    let m = &a.meta;
    let mut top = Map::new();
    top.insert("aimscore".into(), json!(1));
    top.insert("organization".into(), json!(m.organization));
    for (k, v) in [
        ("scope", &m.scope),
        ("assessor", &m.assessor),
        ("date", &m.date),
    ] {
        if let Some(v) = v {
            top.insert(k.into(), json!(v));
        }
    }
    if m.tier == Tier::Snapshot {
        top.insert("tier".into(), json!("snapshot"));
    }
    if !m.profiles.is_empty() {
        top.insert("profiles".into(), json!(m.profiles));
    }
    if let Some(v) = &m.inventory {
        top.insert("inventory".into(), json!(v));
    }
    if let Some(eu) = &m.eu_ai_act {
        top.insert(
            "eu_ai_act".into(),
            json!({"roles": eu.roles, "high_risk": eu.high_risk, "transparency": eu.transparency, "gpai_systemic_risk": eu.gpai_systemic_risk}),
        );
    }
    let mut answers = Map::new();
    for (id, x) in ordered(a, catalog) {
        let mut e = Map::new();
        e.insert(
            "answer".into(),
            match x.value {
                AnswerValue::Maturity(n) => json!(n),
                v => json!(v.as_str()),
            },
        );
        if !x.evidence.is_empty() {
            e.insert("evidence".into(), super::evidence::json_list(&x.evidence));
        }
        for (k, v) in [
            ("note", &x.note),
            ("owner", &x.owner),
            ("due", &x.due),
            ("justification", &x.justification),
        ] {
            if let Some(v) = v {
                e.insert(k.into(), json!(v));
            }
        }
        answers.insert(id.to_string(), Value::Object(e));
    }
    top.insert("answers".into(), Value::Object(answers));
    let mut s = serde_json::to_string_pretty(&Value::Object(top)).unwrap_or_default();
    s.push('\n');
    s
}
