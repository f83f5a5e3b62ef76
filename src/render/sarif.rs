//! SARIF 2.1.0 output for `check`: one rule per catalog requirement, one result per fix, located
//! at the line of the answer in the answers file (line 1 when the question is unanswered), so
//! code-scanning UIs annotate the answers file in a pull request.
//!
//! Presents the report model only; it computes no score.

use crate::catalog::Catalog;
use crate::documents::Report;
use crate::error::Result;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::io::Write;

/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Renders the report as a SARIF log. `properties` (for example the gates of `check`) is put in
/// the run's property bag.
pub fn render(
    report: &Report,
    catalog: &Catalog,
    properties: Option<Value>,
    out: &mut dyn Write,
) -> Result<()> {
    let log = build(report, catalog, properties);
    super::json::write_json(&log, out)
}

/// The SARIF log as a JSON value.
/// Long on purpose: it lays out the SARIF log (tool, rules, results, properties) in the order of the SARIF 2.1.0 schema.
pub fn build(report: &Report, catalog: &Catalog, properties: Option<Value>) -> Value {
    let rule_index: BTreeMap<&str, usize> = catalog
        .requirements
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let rules: Vec<Value> = catalog
        .requirements
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": rule_name(&r.title),
                "shortDescription": { "text": format!("{} {}", r.id, r.title) },
                "fullDescription": { "text": r.intent },
                "help": {
                    "text": format!("{}\n\nEvidence an auditor asks for: {}", r.fix, r.evidence.join("; ")),
                },
                "defaultConfiguration": { "level": "warning" },
                "properties": {
                    "section": r.section,
                    "effort": r.effort.as_str(),
                    "nist": r.maps.nist_ids(),
                    "owasp": r.maps.owasp_ids(),
                    "tags": ["iso42001", format!("section-{}", r.section)],
                },
            })
        })
        .collect();

    let lines = answer_lines(report);
    let uri = file_uri(&report.source);
    let results: Vec<Value> = report
        .fixes
        .iter()
        .map(|f| {
            let line = lines.get(f.question.as_str()).copied().unwrap_or(1);
            let mut result = Map::new();
            result.insert("ruleId".into(), json!(f.requirement));
            if let Some(i) = rule_index.get(f.requirement.as_str()) {
                result.insert("ruleIndex".into(), json!(i));
            }
            result.insert("level".into(), json!(level(&f.priority)));
            result.insert(
                "message".into(),
                json!({
                    "text": format!(
                        "{} {} (current answer: {}). Fix: {}",
                        f.question, f.question_text, f.answer, f.action
                    )
                }),
            );
            result.insert(
                "locations".into(),
                json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri },
                        "region": { "startLine": line },
                    }
                }]),
            );
            result.insert(
                "partialFingerprints".into(),
                json!({ "aimscoreQuestion/v1": f.question }),
            );
            result.insert(
                "properties".into(),
                json!({
                    "question": f.question,
                    "priority": f.priority,
                    "gap": f.gap,
                    "blocker": f.blocker,
                    "answer": f.answer,
                    "effort": f.effort,
                    "iso": f.citations.iso,
                    "nist": f.citations.nist,
                    "owasp": f.citations.owasp,
                }),
            );
            Value::Object(result)
        })
        .collect();

    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({
            "driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "rules": rules,
            }
        }),
    );
    run.insert(
        "artifacts".into(),
        json!([{ "location": { "uri": uri }, "roles": ["analysisTarget"] }]),
    );
    run.insert("results".into(), Value::Array(results));
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    let mut bag = Map::new();
    bag.insert("organization".into(), json!(report.organization));
    bag.insert(
        "catalog".into(),
        json!({ "name": report.catalog.name, "version": report.catalog.version }),
    );
    bag.insert("overall".into(), json!(report.overall.score));
    bag.insert("stage1Ready".into(), json!(report.stage1.ready));
    bag.insert("disclaimer".into(), json!(report.disclaimer));
    if let Some(Value::Object(extra)) = properties {
        bag.extend(extra);
    }
    run.insert("properties".into(), Value::Object(bag));

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    })
}

/// The line of each question's answer in the answers file, for annotations: the answer's line,
/// or line 1 when the question is unanswered (shared by SARIF and GitLab Code Quality).
pub fn answer_lines(report: &Report) -> BTreeMap<&str, usize> {
    report
        .requirements
        .iter()
        .flat_map(|r| {
            r.questions
                .iter()
                .map(|q| (q.id.as_str(), q.line.unwrap_or(1).max(1)))
        })
        .collect()
}

/// SARIF level for a fix priority: P1 error, P2 warning, P3 note.
pub fn level(priority: &str) -> &'static str {
    match priority {
        "P1" => "error",
        "P2" => "warning",
        _ => "note",
    }
}

/// A rule name in the SARIF style (an identifier): the title in PascalCase.
fn rule_name(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(c) => c.to_ascii_uppercase().to_string() + &cs.as_str().to_ascii_lowercase(),
                None => String::new(),
            }
        })
        .collect()
}

/// The answers file as a URI reference: a relative path stays relative (as given, with `/`
/// separators and no leading `./`), an absolute path becomes a `file://` URI; characters outside
/// the unreserved set are percent-encoded.
pub fn file_uri(path: &str) -> String {
    let p = path.replace('\\', "/");
    let mut rel = p.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    let drive =
        rel.len() >= 2 && rel.as_bytes()[1] == b':' && rel.as_bytes()[0].is_ascii_alphabetic();
    let (prefix, body) = if rel.starts_with('/') {
        ("file://", rel)
    } else if drive {
        ("file:///", rel)
    } else {
        ("", rel)
    };
    let mut out = String::from(prefix);
    for (i, b) in body.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/')
            || (drive && i == 1 && b == b':');
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_keeps_relative_paths_relative() {
        assert_eq!(file_uri("./aims/answers.yaml"), "aims/answers.yaml");
        assert_eq!(file_uri("aims\\my answers.yaml"), "aims/my%20answers.yaml");
        assert_eq!(file_uri("/srv/a#b.yaml"), "file:///srv/a%23b.yaml");
        assert_eq!(file_uri("C:\\x\\a.yaml"), "file:///C:/x/a.yaml");
    }

    #[test]
    fn priorities_map_to_levels() {
        assert_eq!(level("P1"), "error");
        assert_eq!(level("P2"), "warning");
        assert_eq!(level("P3"), "note");
    }

    #[test]
    fn rule_names_are_identifiers() {
        assert_eq!(
            rule_name("Roles, responsibilities and authorities"),
            "RolesResponsibilitiesAndAuthorities"
        );
    }
}
