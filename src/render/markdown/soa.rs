//! The Statement of Applicability as a Markdown document.

use crate::documents::fmt_score;
use crate::documents::soa::{Implementation, Soa};
use crate::error::Result;
use crate::render::cells::{COLUMNS, about_rows, status_line, summary_line};
use crate::render::escape::md_escape;
use crate::render::io_err;
use std::io::Write;

/// Renders the SoA as a Markdown document with one table row per control. Every string from
/// the answers file or catalog goes through [`md_escape`].
pub fn render_md(soa: &Soa, out: &mut dyn Write) -> Result<()> {
    let e = |s: &str| md_escape(s.to_string());
    let list = |v: &[String]| {
        v.iter()
            .map(|s| md_escape(s.clone()))
            .collect::<Vec<_>>()
            .join("; ")
    };
    // Sentences (justifications) one per line inside the cell; `<br>` is added after escaping.
    let lines = |v: &[String]| {
        v.iter()
            .map(|s| md_escape(s.clone()))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let with_profiles = !soa.profiles.is_empty();
    let mut s = String::new();
    s.push_str(&format!(
        "# Statement of Applicability: {}\n\n",
        e(&soa.organization)
    ));
    s.push_str("ISO/IEC 42001:2023 Annex A controls, from a self-assessment.\n\n");
    s.push_str(&format!("**{}**\n\n", e(&soa.approval())));
    s.push_str("| | |\n|---|---|\n");
    // The document control stands in bold above the table.
    for (k, v) in about_rows(soa)
        .into_iter()
        .filter(|(k, _)| *k != "Document control")
    {
        s.push_str(&format!("| {k} | {} |\n", e(&v)));
    }
    s.push_str(&format!("\n> **Disclaimer.** {}\n\n", e(&soa.disclaimer)));
    s.push_str("## Summary\n\n");
    s.push_str(&format!(
        "{}\n\n{}\n\n",
        summary_line(soa),
        status_line(soa)
    ));
    s.push_str("Implementation status comes from the answers to each control's questions:\n\n");
    for st in Implementation::ALL {
        s.push_str(&format!("- **{}**: {}.\n", st.as_str(), st.meaning()));
    }
    s.push_str("\nA control is excluded only when every one of its questions is answered `na`; a control with some `na` questions stays included, and its excluded questions are listed with their justifications. A control none of whose questions is answered is *To be decided*. An inclusion is justified by the risks whose treatment names the control and by the reasons and note given for it in the answers file's `soa:`.\n\n");
    s.push_str("## Controls\n\n");
    let cols: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| with_profiles || *c != "Profile questions")
        .collect();
    s.push_str(&format!("| {} |\n", cols.join(" | ")));
    s.push_str(&format!("|{}\n", "---|".repeat(cols.len())));
    for c in &soa.controls {
        let mut cells = vec![
            e(&c.id),
            e(&c.title),
            e(&format!("{} {}", c.objective, c.objective_title)),
            c.applicability.as_str().to_string(),
            lines(&c.inclusion_justification()),
            lines(&c.exclusion_reason()),
            c.implementation.as_str().to_string(),
            fmt_score(c.score),
            list(&c.evidence),
            list(&c.owners),
            list(&c.due),
            list(&c.nist),
            list(&c.owasp),
            lines(&c.excluded_questions()),
        ];
        if with_profiles {
            cells.push(list(&c.profile_question_ids()));
        }
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    s.push_str(&format!("\n---\n\n*{}*\n", e(&soa.disclaimer)));
    out.write_all(s.as_bytes()).map_err(io_err)
}
