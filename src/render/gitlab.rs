//! GitLab Code Quality output for `check` (`--format gitlab`): one issue per fix, located at
//! the line of the answer in the answers file, so a merge request's widget lists the gaps.
//! The shape is GitLab's: a JSON array of `{description, check_name, fingerprint, severity,
//! location: {path, lines: {begin}}}`. Presents the report model only; it computes no score.

use crate::documents::Report;
use crate::error::Result;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::Write;

/// Renders the fixes of `report` as a Code Quality report.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    super::json::write_json(&build(report), out)
}

/// The Code Quality report as a JSON value.
pub fn build(report: &Report) -> Value {
    let lines = super::sarif::answer_lines(report);
    let path = repo_path(&report.source);
    let issues: Vec<Value> = report
        .fixes
        .iter()
        .map(|f| {
            let line = lines.get(f.question.as_str()).copied().unwrap_or(1);
            json!({
                "description": format!(
                    "[{}] {} {} (current answer: {}). Fix: {} (ISO/IEC 42001:2023 {})",
                    f.priority,
                    f.question,
                    f.question_text,
                    f.answer,
                    if f.question_action.is_empty() { &f.action } else { &f.question_action },
                    f.citations.iso
                ),
                "check_name": format!("aimscore/{}", f.requirement),
                "fingerprint": fingerprint(&path, &f.question),
                "severity": severity(&f.priority),
                "location": { "path": path, "lines": { "begin": line } },
            })
        })
        .collect();
    Value::Array(issues)
}

/// GitLab severity for a fix priority: P1 (Stage 1 blockers) critical, P2 major, P3 minor.
pub fn severity(priority: &str) -> &'static str {
    match priority {
        "P1" => "critical",
        "P2" => "major",
        _ => "minor",
    }
}

/// A fingerprint that stays the same for the same question of the same file from one pipeline
/// to the next (GitLab compares fingerprints to tell new issues from fixed ones).
fn fingerprint(path: &str, question: &str) -> String {
    let digest = Sha256::digest(format!("aimscore\0{path}\0{question}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The answers file's path as GitLab expects it: relative to the repository, `/` separators,
/// no leading `./`.
fn repo_path(source: &str) -> String {
    let p = source.replace('\\', "/");
    let mut rel = p.as_str();
    while let Some(rest) = rel.strip_prefix("./") {
        rel = rest;
    }
    rel.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(
            fingerprint("a.yaml", "4.1-1"),
            fingerprint("a.yaml", "4.1-1")
        );
        assert_ne!(
            fingerprint("a.yaml", "4.1-1"),
            fingerprint("a.yaml", "4.1-2")
        );
        assert_ne!(
            fingerprint("a.yaml", "4.1-1"),
            fingerprint("b.yaml", "4.1-1")
        );
        assert_eq!(fingerprint("a", "b").len(), 64);
        assert_eq!(repo_path("./aims/answers.yaml"), "aims/answers.yaml");
        assert_eq!(severity("P1"), "critical");
        assert_eq!(severity("P3"), "minor");
    }
}
