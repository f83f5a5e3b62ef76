//! The text summary of `check`: scores, each gate with its reasons, the changes since the
//! baseline, and the verdict.

use super::comparison::changes_text;
use crate::documents::comparison::Comparison;
use crate::documents::gates::Gate;
use crate::documents::waivers::{CheckWaivers, waiver_line};
use crate::documents::{DISCLAIMER, Report, fmt_num, fmt_score};
use crate::error::Result;
use crate::render::io_err;
use std::io::Write;

fn verdict(gates: &[Gate]) -> String {
    let failed = gates.iter().filter(|g| !g.passed).count();
    match (gates.len(), failed) {
        (0, _) => "PASSED (no gates requested)".into(),
        (n, 0) => format!("PASSED ({n} of {n} gates hold)"),
        (n, f) => format!("FAILED ({f} of {n} gates failed)"),
    }
}

pub(crate) fn gate_title(g: &Gate) -> String {
    match g.threshold {
        Some(t) if g.gate == "baseline" => format!("baseline (max-drop {})", fmt_num(t)),
        Some(t) => format!("{} {}", g.gate, fmt_num(t)),
        _ => g.gate.to_string(),
    }
}

/// The text summary: scores, each gate with the reasons it failed, the changes since the
/// baseline, and the verdict.
pub fn render_text(
    r: &Report,
    gates: &[Gate],
    comparison: Option<&Comparison>,
    baseline_name: Option<&str>,
    waivers: Option<&CheckWaivers>,
    out: &mut dyn Write,
) -> Result<()> {
    let mut s = format!("aimscore check: {} ({})\n", r.organization, r.source);
    s.push_str(&format!(
        "Overall {} ({})   Management system {}   Annex A {}   Completeness {:.1}%\n",
        fmt_score(r.overall.score),
        r.overall.band.as_deref().unwrap_or("n/a"),
        fmt_score(r.management_system.score),
        fmt_score(r.annex_a.score),
        r.overall.completeness
    ));
    if r.stage1.ready.is_none() {
        s.push_str("Stage 1: no verdict (snapshot)\n");
    } else if r.stage1.ready == Some(true) {
        s.push_str("Stage 1: READY\n");
    } else {
        s.push_str(&format!(
            "Stage 1: NOT READY (unmet blockers: {})\n",
            r.stage1.blockers.join(", ")
        ));
    }
    if gates.is_empty() {
        s.push_str("\nGates: none requested (use --fail-under, --section-fail-under, --require-stage1, --require-stage2 or --baseline)\n");
    } else {
        s.push_str("\nGates:\n");
        for g in gates {
            let mark = if g.passed { "PASS" } else { "FAIL" };
            let value = match g.value {
                Some(v) if g.gate == "section-fail-under" => format!(" (lowest {v:.1})"),
                Some(v) => format!(" ({v:.1})"),
                None => String::new(),
            };
            s.push_str(&format!("  {mark}  {}: {}{value}\n", gate_title(g), g.rule));
            for f in &g.failures {
                s.push_str(&format!("          {f}\n"));
            }
        }
    }
    if let Some(w) = waivers {
        s.push_str(&format!(
            "\nWaivers as of {} ({}):\n",
            w.as_of, w.as_of_source
        ));
        for x in &w.waivers {
            s.push_str(&format!("  {}\n", waiver_line(x)));
        }
    }
    if let Some(c) = comparison {
        s.push_str(&format!(
            "\nChanges since the baseline {}:\n\n",
            baseline_name.unwrap_or(&c.old.source)
        ));
        changes_text(c, &mut s);
    }
    s.push_str(&format!("\nResult: {}\n", verdict(gates)));
    s.push_str(&format!("{DISCLAIMER}\n"));
    out.write_all(crate::terminal::clean(&s).as_bytes())
        .map_err(io_err)
}
