//! Cells and lines shared by the table formats (Markdown, CSV, XLSX): the SoA's column names,
//! one control's cells, the header fields and the summary lines. Text only; no score computed.

use crate::documents::fmt_score;
use crate::documents::soa::{Applicability, Control, Soa};

/// The header of the control table, in every format.
pub const COLUMNS: [&str; 15] = [
    "Control",
    "Title",
    "Objective",
    "Applicability",
    "Justification for inclusion",
    "Justification for exclusion",
    "Implementation status",
    "Score",
    "Evidence",
    "Owner",
    "Due",
    "NIST AI RMF",
    "OWASP LLM Top 10",
    "Excluded questions",
    "Profile questions",
];

/// Text of the header fields, shared by Markdown and the XLSX "About" sheet.
pub fn about_rows(soa: &Soa) -> Vec<(&'static str, String)> {
    let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "not stated".to_string());
    vec![
        ("Organization", soa.organization.clone()),
        ("Document control", soa.approval()),
        ("Scope", or_none(&soa.scope)),
        ("Assessor", or_none(&soa.assessor)),
        ("Date", or_none(&soa.date)),
        ("Answers file", soa.source_name.clone()),
        (
            "Catalog",
            format!("{} (version {})", soa.catalog, soa.catalog_version),
        ),
        (
            "Profiles",
            if soa.profiles.is_empty() {
                "none".to_string()
            } else {
                soa.profiles.join(", ")
            },
        ),
        (
            "Claims without evidence",
            if soa.trust_claims {
                "trusted (--trust-claims): a yes without evidence counts as met".to_string()
            } else {
                "a yes without evidence counts as partly met".to_string()
            },
        ),
    ]
}

pub fn summary_line(soa: &Soa) -> String {
    let s = &soa.summary;
    let mut line = format!(
        "{} Annex A controls: {} included ({} with excluded questions), {} excluded, {} to be decided.",
        s.controls, s.included, s.partly_excluded, s.excluded, s.to_be_decided
    );
    let contradicted: Vec<String> = soa
        .controls
        .iter()
        .filter(|c| c.applicability == Applicability::Excluded && !c.risks.is_empty())
        .map(|c| {
            let ids: Vec<&str> = c.risks.iter().map(|r| r.id.as_str()).collect();
            format!("{} ({})", c.id, ids.join(", "))
        })
        .collect();
    if !contradicted.is_empty() {
        line.push_str(&format!(
            " Excluded although a risk's treatment names them: {}.",
            contradicted.join("; ")
        ));
    }
    if s.unjustified > 0 {
        line.push_str(&format!(
            " {} included control{} no justification for inclusion (name {} in a risk's treatment, or give reasons under soa: in the answers file).",
            s.unjustified,
            if s.unjustified == 1 { " has" } else { "s have" },
            if s.unjustified == 1 { "it" } else { "them" },
        ));
    }
    line
}

pub fn status_line(soa: &Soa) -> String {
    soa.summary
        .by_status
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The cells of one control for CSV and XLSX, in [`COLUMNS`] order.
pub fn row_cells(c: &Control) -> Vec<String> {
    vec![
        c.id.clone(),
        c.title.clone(),
        format!("{} {}", c.objective, c.objective_title),
        c.applicability.as_str().to_string(),
        c.inclusion_justification().join("\n"),
        c.exclusion_reason().join("\n"),
        c.implementation.as_str().to_string(),
        fmt_score(c.score),
        c.evidence.join("\n"),
        c.owners.join("; "),
        c.due.join("; "),
        c.nist.join("; "),
        c.owasp.join("; "),
        c.excluded_questions().join("\n"),
        c.profile_question_ids().join("; "),
    ]
}
