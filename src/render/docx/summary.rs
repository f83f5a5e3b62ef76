//! The executive summary as a Word document (`assess --format docx --view summary`): the same
//! content as the HTML and Markdown summary (who, the verdict and why, the chart, the framework
//! views in one table, the first ten fixes, the exclusions count, the method, the disclaimer),
//! short enough for a board.

use super::report::{chart, headline, roadmap, start, verdicts};
use crate::documents::{Report, fmt_score};
use crate::error::Result;
use std::io::Write;

/// How many fixes the summary lists.
const TOP: usize = 10;

/// Renders the executive summary.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut d = start(report, "Executive summary: ISO/IEC 42001:2023 readiness");
    headline(&mut d, report);
    verdicts(&mut d, report, true);
    chart(&mut d, report)?;

    d.heading(1, "What to do first");
    if report.fixes.is_empty() {
        d.para("Nothing to fix: every applicable question scores 1.");
    } else {
        d.para(&format!(
            "The first {} of {} fixes in priority order (P1 Stage 1 blockers, P2 critical questions and large gaps, P3 the rest). Effort: S about {}, M about {}, L about {} person-days.",
            report.fixes.len().min(TOP),
            report.fixes_total,
            report.roadmap.effort_days_per_size.s,
            report.roadmap.effort_days_per_size.m,
            report.roadmap.effort_days_per_size.l
        ));
        d.table(
            &[
                "#",
                "Priority",
                "Requirement",
                "What closes the gap",
                "Effort",
                "Owner",
                "Due",
            ],
            &[2, 3, 6, 11, 2, 4, 4],
            report
                .fixes
                .iter()
                .take(TOP)
                .map(|f| {
                    vec![
                        f.rank.to_string(),
                        f.priority.clone(),
                        format!("{} {} ({})", f.requirement, f.title, f.question),
                        f.question_action.clone(),
                        f.effort.clone(),
                        f.owner.clone().unwrap_or_default(),
                        f.due.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        );
    }
    roadmap(&mut d, report, false)?;
    let n = report.exclusions.len();
    d.para(&format!(
        "{n} Annex A control question{} excluded with a justification (see the Statement of Applicability). The full report (--view full) holds every fix and requirement.",
        if n == 1 { "" } else { "s" }
    ));

    if let Some(top) = report.risks.first() {
        let open = report.risks.iter().filter(|k| k.status == "open").count();
        let n = report.risks.len();
        d.para(&format!(
            "Risk register: {n} risk{}, {open} open; the highest: {} ({}) {}.",
            if n == 1 { "" } else { "s" },
            top.id,
            top.level,
            top.title
        ));
    }
    if !report.waivers.is_empty() {
        let list: Vec<String> = report
            .waivers
            .iter()
            .map(|w| {
                format!(
                    "{} {} until {} (approved by {})",
                    w.question, w.status, w.expires, w.approved_by
                )
            })
            .collect();
        d.para(&format!(
            "Waivers (as of {}): {}. A waiver changes no score.",
            report.date.as_deref().unwrap_or("no date"),
            list.join("; ")
        ));
    }

    d.heading(1, "Through other frameworks");
    d.note(&report.frameworks.note);
    let f = &report.frameworks;
    let mut rows = Vec::new();
    for x in &f.nist_ai_rmf.functions {
        rows.push(vec![
            format!("NIST AI RMF 1.0 ({})", f.nist_ai_rmf.links),
            format!("{} {}", x.id, x.title),
            fmt_score(x.score),
            x.band.clone().unwrap_or_else(|| "not covered".into()),
        ]);
    }
    for (name, list) in [
        ("OWASP LLM 2025 (editorial), weakest", &f.owasp_llm_2025),
        (
            "OWASP Agentic 2026 (editorial), weakest",
            &f.owasp_agentic_2026,
        ),
    ] {
        let mut weakest: Vec<_> = list.iter().collect();
        // Lowest score first; a risk with no score (not covered) after those with one.
        weakest.sort_by(|a, b| {
            a.score
                .unwrap_or(f64::INFINITY)
                .total_cmp(&b.score.unwrap_or(f64::INFINITY))
        });
        for x in weakest.into_iter().take(3) {
            rows.push(vec![
                name.to_string(),
                format!("{} {}", x.id, x.title),
                fmt_score(x.score),
                x.band.clone().unwrap_or_else(|| "not covered".into()),
            ]);
        }
    }
    if let Some(eu) = &f.eu_ai_act {
        for x in &eu.articles {
            rows.push(vec![
                "EU AI Act (editorial)".into(),
                format!("{} {}", x.id, x.title),
                fmt_score(x.score),
                x.status.clone(),
            ]);
        }
    }
    d.table(&["Framework", "Item", "Score", "Band"], &[5, 7, 2, 3], rows);

    d.heading(1, "Method");
    d.para(&report.method);
    d.note(&report.disclaimer);
    d.finish(out)
}
