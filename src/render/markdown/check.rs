//! The Markdown summary of `check` appended to `GITHUB_STEP_SUMMARY`.

use super::comparison::changes_md;
use crate::documents::comparison::Comparison;
use crate::documents::gates::Gate;
use crate::documents::waivers::{CheckWaivers, waiver_line};
use crate::documents::{DISCLAIMER, Report, fmt_score};
use crate::error::Result;
use crate::render::escape::md_escape;
use crate::render::io_err;
use crate::render::text::check::gate_title;
use std::io::Write;

/// The Markdown summary appended to `GITHUB_STEP_SUMMARY`.
pub fn render_summary_md(
    r: &Report,
    gates: &[Gate],
    comparison: Option<&Comparison>,
    baseline_name: Option<&str>,
    waivers: Option<&CheckWaivers>,
    out: &mut dyn Write,
) -> Result<()> {
    let failed = gates.iter().any(|g| !g.passed);
    let mut s = format!(
        "## aimscore check: {} ({}): {}\n\n",
        md_escape(r.organization.clone()),
        md_escape(r.source.clone()),
        if failed { "❌ failed" } else { "✅ passed" }
    );
    s.push_str(&format!(
        "**Overall {}** ({}) · Management system {} · Annex A {} · Completeness {:.1}% · Stage 1 {}\n\n",
        fmt_score(r.overall.score),
        r.overall.band.as_deref().unwrap_or("n/a"),
        fmt_score(r.management_system.score),
        fmt_score(r.annex_a.score),
        r.overall.completeness,
        crate::documents::ready_label(r.stage1.ready).to_lowercase()
    ));
    s.push_str("### Gates\n\n");
    if gates.is_empty() {
        s.push_str("No gates requested.\n");
    }
    for g in gates {
        let mark = if g.passed { "✅" } else { "❌" };
        s.push_str(&format!(
            "- {mark} **{}**: {}\n",
            md_escape(gate_title(g)),
            md_escape(g.rule.clone())
        ));
        for f in &g.failures {
            s.push_str(&format!("  - {}\n", md_escape(f.clone())));
        }
    }
    if let Some(w) = waivers {
        s.push_str(&format!(
            "\n### Waivers as of {} ({})\n\n",
            w.as_of,
            md_escape(w.as_of_source.clone())
        ));
        for x in &w.waivers {
            s.push_str(&format!("- {}\n", md_escape(waiver_line(x))));
        }
    }
    match comparison {
        Some(c) => {
            s.push_str(&format!(
                "\n### Changes since the baseline {}\n\n",
                md_escape(baseline_name.unwrap_or(&c.old.source).to_string())
            ));
            changes_md(c, &mut s);
        }
        None => {
            s.push_str("\n### Section scores\n\n| Section | Score |\n|---|---:|\n");
            for sec in &r.sections {
                s.push_str(&format!(
                    "| {} {} | {} |\n",
                    sec.id,
                    md_escape(sec.title.clone()),
                    fmt_score(sec.score)
                ));
            }
        }
    }
    s.push_str(&format!("\n_{DISCLAIMER}_\n\n"));
    out.write_all(s.as_bytes()).map_err(io_err)
}
