//! The full report as a Word document (`assess --format docx`): everything the HTML report
//! holds, as headings, paragraphs and tables a consultant can edit; the fix-list grouped by
//! section so an auditor finds a requirement. Also the blocks the executive summary reuses.

use super::{Doc, Orientation};
use crate::documents::{Report, fmt_score, ready_label};
use crate::error::Result;
use crate::render::chart::chart_svg;
use crate::render::chart_png;
use std::io::Write;

/// Renders the full report.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut d = start(report, "ISO/IEC 42001:2023 readiness report");
    headline(&mut d, report);
    verdicts(&mut d, report, true);
    policy_line(&mut d, report);
    chart(&mut d, report)?;
    sections(&mut d, report);
    frameworks(&mut d, report);
    roadmap(&mut d, report, true)?;
    fixes_by_section(&mut d, report);
    inventory(&mut d, report);
    evidence(&mut d, report);
    risks(&mut d, report);
    waivers(&mut d, report);
    exclusions(&mut d, report);
    requirements(&mut d, report);
    d.heading(1, "Method");
    d.para(&report.method);
    d.note(&report.disclaimer);
    d.finish(out)
}

/// The document frame and cover block: title, organization, scope, assessor, date, the
/// answers file by its name, the catalog, and the disclaimer.
pub(super) fn start(report: &Report, title: &str) -> Doc {
    let header = match &report.date {
        Some(date) => format!("{} · ISO/IEC 42001 readiness · {date}", report.organization),
        None => format!("{} · ISO/IEC 42001 readiness", report.organization),
    };
    let mut d = Doc::new(Orientation::Portrait, &header, &report.disclaimer);
    d.title(&format!("{title}: {}", report.organization));
    let mut meta = Vec::new();
    if let Some(s) = &report.scope {
        meta.push(("Scope", s.clone()));
    }
    if let Some(s) = &report.assessor {
        meta.push(("Assessor", s.clone()));
    }
    if let Some(s) = &report.date {
        meta.push(("Date", s.clone()));
    }
    if !report.profiles.is_empty() {
        meta.push(("Profiles", report.profiles.join(", ")));
    }
    meta.push(("Answers file", report.source_name.clone()));
    meta.push((
        "Catalog",
        format!(
            "{} {} ({} {})",
            report.catalog.name, report.catalog.version, report.tool.name, report.tool.version
        ),
    ));
    for (k, v) in meta {
        d.labelled(k, &v);
    }
    d.labelled("Not a certification", &report.disclaimer);
    d
}

/// The four headline scores.
pub(super) fn headline(d: &mut Doc, r: &Report) {
    d.heading(1, "Where the organization stands");
    let band = |b: &Option<String>| b.clone().unwrap_or_else(|| "n/a".into());
    d.table(
        &["Measure", "Score", "Band"],
        &[5, 4, 3],
        vec![
            vec![
                "Overall".into(),
                fmt_score(r.overall.score),
                band(&r.overall.band),
            ],
            vec![
                "Management system (clauses 4–10)".into(),
                fmt_score(r.management_system.score),
                band(&r.management_system.band),
            ],
            vec![
                "Annex A controls".into(),
                fmt_score(r.annex_a.score),
                band(&r.annex_a.band),
            ],
            vec![
                "Completeness".into(),
                format!(
                    "{}% ({} of {} answered)",
                    fmt_score(Some(r.overall.completeness)),
                    r.overall.answered,
                    r.overall.questions
                ),
                String::new(),
            ],
        ],
    );
    if let Some(n) = &r.snapshot_note {
        d.note(n);
    }
}

/// Stage 1 and Stage 2 verdicts with every reason.
pub(super) fn verdicts(d: &mut Doc, r: &Report, heading: bool) {
    if heading {
        d.heading(2, "Readiness for the certification audit");
    }
    let stage1 = match r.stage1.ready {
        None => "no verdict (snapshot)".to_string(),
        Some(true) => {
            "READY: every document an auditor asks for at Stage 1 is in place, with evidence."
                .to_string()
        }
        Some(false) => format!(
            "NOT READY: {} documents an auditor asks for at Stage 1 are missing or unproven ({}).",
            r.stage1.blockers.len(),
            r.stage1.blockers.join(", ")
        ),
    };
    d.labelled("Stage 1 audit (documentation)", &stage1);
    d.labelled("Stage 2 audit (operation)", ready_label(r.stage2.ready));
    for reason in &r.stage2.reasons {
        d.bullet(&reason.message);
    }
}

fn policy_line(d: &mut Doc, r: &Report) {
    let p = &r.policy;
    let text = if p.sha256 == "default" {
        "default (built in)".to_string()
    } else {
        let mut s = format!("{} (sha256 {})", p.name, p.sha256);
        for c in &p.changes {
            s.push_str("; ");
            s.push_str(c);
        }
        s
    };
    d.labelled("Scoring policy", &text);
}

/// The section chart as an image (the HTML report's SVG, rasterized).
pub(super) fn chart(d: &mut Doc, r: &Report) -> Result<()> {
    let svg = chart_svg(&r.sections, &r.policy.thresholds);
    let png = chart_png::png(&svg, 2.0)?;
    d.image(
        png,
        &format!(
            "Section scores (0–100), coloured by band; the dashed line is the Stage 2 threshold ({}).",
            crate::documents::fmt_num(r.policy.thresholds.stage2_overall)
        ),
    );
    Ok(())
}

/// The roadmap: the timeline by due date (an image), one row per phase, and in the full view
/// the fixes of each phase.
pub(super) fn roadmap(d: &mut Doc, r: &Report, full: bool) -> Result<()> {
    let rm = &r.roadmap;
    if rm.phases.is_empty() || r.fixes_total == 0 {
        return Ok(());
    }
    d.heading(1, "Roadmap");
    d.para(&format!(
        "All {} fixes in three phases; {} person-days in all (S = {}, M = {}, L = {} person-days), each requirement counted once per phase.",
        r.fixes_total,
        rm.effort_days,
        rm.effort_days_per_size.s,
        rm.effort_days_per_size.m,
        rm.effort_days_per_size.l
    ));
    let png = chart_png::png(&crate::render::roadmap_chart::timeline_svg(rm), 2.0)?;
    d.image(
        png,
        "The fixes by due date, one lane per phase; undated fixes are counted at the end of each lane.",
    );
    let due = |p: &crate::documents::roadmap::Phase| match (&p.earliest_due, &p.latest_due) {
        (Some(a), Some(b)) if a != b => format!("{a} to {b}"),
        (Some(a), _) => a.clone(),
        _ if p.fixes.is_empty() => "–".into(),
        _ => "none dated".into(),
    };
    d.table(
        &[
            "Phase",
            "Fixes",
            "Person-days",
            "Owners",
            "Due",
            "Undated",
            "Overdue",
        ],
        &[7, 2, 2, 4, 4, 2, 2],
        rm.phases
            .iter()
            .map(|p| {
                // The summary counts owners; the full report names them.
                let mut owners = if full {
                    p.owners.join(", ")
                } else {
                    p.owners.len().to_string()
                };
                if p.unowned > 0 {
                    if !owners.is_empty() {
                        owners.push_str("; ");
                    }
                    owners.push_str(&format!("{} fixes without an owner", p.unowned));
                }
                vec![
                    format!("{}. {}", p.id, p.title),
                    p.fixes.len().to_string(),
                    p.effort_days.to_string(),
                    owners,
                    due(p),
                    p.undated.len().to_string(),
                    p.overdue.len().to_string(),
                ]
            })
            .collect(),
    );
    if full {
        for p in rm.phases.iter().filter(|p| !p.fixes.is_empty()) {
            d.labelled(&format!("Phase {}: {}", p.id, p.title), &p.fixes.join(", "));
            if !p.overdue.is_empty() {
                d.labelled("Overdue", &p.overdue.join(", "));
            }
        }
    }
    Ok(())
}

fn sections(d: &mut Doc, r: &Report) {
    d.heading(2, "Sections");
    d.table(
        &["Section", "Title", "Score", "Band", "Answered"],
        &[2, 7, 2, 2, 2],
        r.sections
            .iter()
            .map(|s| {
                vec![
                    s.id.clone(),
                    s.title.clone(),
                    fmt_score(s.score),
                    s.band.clone().unwrap_or_else(|| "n/a".into()),
                    format!("{}/{}", s.answered, s.questions),
                ]
            })
            .collect(),
    );
}

/// The framework views: NIST AI RMF functions, the OWASP lists, the EU AI Act articles.
fn frameworks(d: &mut Doc, r: &Report) {
    let f = &r.frameworks;
    d.heading(1, "Framework views");
    d.note(&f.note);
    d.heading(
        3,
        &format!("NIST AI RMF 1.0 (links: {})", f.nist_ai_rmf.links),
    );
    d.table(
        &["Function", "Score", "Band", "Subcategories covered"],
        &[6, 2, 2, 3],
        f.nist_ai_rmf
            .functions
            .iter()
            .map(|x| {
                vec![
                    format!("{} {}", x.id, x.title),
                    fmt_score(x.score),
                    x.band.clone().unwrap_or_else(|| "not covered".into()),
                    format!("{} of {}", x.covered, x.subcategories),
                ]
            })
            .collect(),
    );
    for (name, list) in [
        ("OWASP Top 10 for LLM Applications 2025", &f.owasp_llm_2025),
        (
            "OWASP Top 10 for Agentic Applications 2026",
            &f.owasp_agentic_2026,
        ),
    ] {
        if list.is_empty() {
            continue;
        }
        d.heading(3, &format!("{name} (editorial links)"));
        d.table(
            &["Risk", "Score", "Band", "Weakest linked requirements"],
            &[6, 2, 2, 4],
            list.iter()
                .map(|x| {
                    vec![
                        format!("{} {}", x.id, x.title),
                        fmt_score(x.score),
                        x.band.clone().unwrap_or_else(|| "not covered".into()),
                        x.weakest.join(", "),
                    ]
                })
                .collect(),
        );
    }
    if let Some(eu) = &f.eu_ai_act {
        let mut pos = format!("roles: {}", eu.roles.join(", "));
        if eu.high_risk {
            pos.push_str("; high-risk system in scope");
        }
        if eu.transparency {
            pos.push_str("; Art. 50 system in scope");
        }
        if eu.gpai_systemic_risk {
            pos.push_str("; GPAI with systemic risk");
        }
        d.heading(3, &format!("EU AI Act ({pos})"));
        d.table(
            &[
                "Article",
                "Applies from",
                "Relationship",
                "Score",
                "Status",
                "Requirements",
            ],
            &[6, 3, 3, 2, 2, 4],
            eu.articles
                .iter()
                .map(|x| {
                    vec![
                        format!("{} {}", x.id, x.title),
                        x.applies_from.clone(),
                        x.relationship.clone().unwrap_or_default(),
                        fmt_score(x.score),
                        x.status.clone(),
                        x.requirements.join(", "),
                    ]
                })
                .collect(),
        );
        if !eu.not_covered.is_empty() {
            d.labelled(
                "Act on these separately (an AIMS does not cover them)",
                &eu.not_covered.join(", "),
            );
        }
        d.note(&eu.note);
    }
}

/// Every fix, grouped by section in catalog order, each group in rank order; the ranks stay
/// the report's global ones.
fn fixes_by_section(d: &mut Doc, r: &Report) {
    d.heading(1, "Fix-list");
    if r.fixes.is_empty() {
        d.para("Nothing to fix: every applicable question scores 1.");
        return;
    }
    d.para(&format!(
        "{} of {} fixes, grouped by section; the numbers are the priority ranks (P1 Stage 1 blockers, P2 critical questions and gaps of 1.5 or more, P3 the rest, then by gap).",
        r.fixes.len(),
        r.fixes_total
    ));
    for s in &r.sections {
        let group: Vec<_> = r
            .fixes
            .iter()
            .filter(|f| section_of(r, &f.requirement) == Some(s.id.as_str()))
            .collect();
        if group.is_empty() {
            continue;
        }
        d.heading(2, &format!("{} {}", s.id, s.title));
        // One block per requirement (in the order of its first fix): its fixes, then its steps,
        // evidence and citations once.
        let mut seen: Vec<&str> = Vec::new();
        for f0 in &group {
            if seen.contains(&f0.requirement.as_str()) {
                continue;
            }
            seen.push(&f0.requirement);
            let fx: Vec<_> = group
                .iter()
                .filter(|f| f.requirement == f0.requirement)
                .collect();
            d.heading(
                3,
                &format!(
                    "{} {} · {} fix{} · effort {}",
                    f0.requirement,
                    f0.title,
                    fx.len(),
                    if fx.len() == 1 { "" } else { "es" },
                    f0.effort
                ),
            );
            let mut cites = format!("ISO/IEC 42001:2023 {}", f0.citations.iso);
            if !f0.citations.nist.is_empty() {
                cites.push_str(&format!("; NIST AI RMF {}", f0.citations.nist.join(", ")));
            }
            if !f0.citations.owasp.is_empty() {
                cites.push_str(&format!(
                    "; OWASP LLM Top 10 (2025) {}",
                    f0.citations.owasp.join(", ")
                ));
            }
            d.labelled("Citations", &cites);
            d.table(
                &[
                    "#",
                    "Question and what closes its gap",
                    "Current answer",
                    "Gap",
                    "Owner, due",
                ],
                &[2, 14, 3, 2, 4],
                fx.iter()
                    .map(|f| {
                        let mark = if f.blocker {
                            " · blocker"
                        } else if f.critical {
                            " · critical"
                        } else {
                            ""
                        };
                        let who = match (&f.owner, &f.due) {
                            (Some(o), Some(due)) => format!("{o}\ndue {due}"),
                            (Some(o), None) => o.clone(),
                            (None, Some(due)) => format!("due {due}"),
                            (None, None) => "not assigned".into(),
                        };
                        vec![
                            f.rank.to_string(),
                            format!(
                                "[{}] {}{mark}\n{}\nWhat closes this gap: {}",
                                f.priority, f.question, f.question_text, f.question_action
                            ),
                            f.answer.clone(),
                            fmt_score(Some(f.gap)),
                            who,
                        ]
                    })
                    .collect(),
            );
            let steps = crate::render::chart::steps(f0.action.clone());
            d.labelled(
                "Requirement steps",
                if steps.len() > 1 { "" } else { &f0.action },
            );
            if steps.len() > 1 {
                for (i, step) in steps.iter().enumerate() {
                    d.numbered(i + 1, step);
                }
            }
            if !f0.evidence.is_empty() {
                d.labelled("Evidence to produce", "");
                for e in &f0.evidence {
                    d.bullet(e);
                }
            }
        }
    }
}

/// The section a requirement belongs to.
fn section_of<'a>(r: &'a Report, requirement: &str) -> Option<&'a str> {
    r.requirements
        .iter()
        .find(|q| q.id == requirement)
        .map(|q| q.section.as_str())
}

fn inventory(d: &mut Doc, r: &Report) {
    if r.inventory_findings.is_empty() {
        return;
    }
    d.heading(1, "Agent and MCP inventory findings");
    d.para("From the agent and MCP inventory (aimscore discover). These findings do not change the scores, which come only from the answers.");
    d.table(
        &["Requirement", "Server", "Config file", "Finding", "Detail"],
        &[2, 3, 4, 3, 6],
        r.inventory_findings
            .iter()
            .map(|f| {
                vec![
                    f.requirement.clone(),
                    f.server.clone(),
                    f.file.clone(),
                    f.code.clone(),
                    f.message.clone(),
                ]
            })
            .collect(),
    );
}

/// The evidence register (with `--verify-evidence`): every entry, the questions citing it, its
/// recorded hash and date, and what the check found.
fn evidence(d: &mut Doc, r: &Report) {
    let Some(reg) = &r.evidence_register else {
        return;
    };
    d.heading(1, "Evidence register");
    let mut intro =
        "Every evidence entry checked against the files (--verify-evidence)".to_string();
    if let Some(as_of) = &reg.as_of {
        intro.push_str(&format!(", as of {as_of}"));
    }
    if let Some(days) = reg.max_age_days {
        intro.push_str(&format!("; older than {days} days is stale"));
    }
    intro.push_str(". A yes none of whose evidence is ok, a URL or an existing file with no recorded hash scores as a claim without evidence.");
    d.para(&intro);
    if reg.rows.is_empty() {
        d.para("No evidence entries.");
        return;
    }
    d.table(
        &[
            "Evidence",
            "Questions",
            "SHA-256",
            "Date",
            "Expires",
            "Status",
        ],
        &[6, 6, 4, 3, 3, 4],
        reg.rows
            .iter()
            .map(|e| {
                let status = match &e.detail {
                    Some(x) => format!("{} ({x})", e.status.as_str()),
                    None => e.status.as_str().to_string(),
                };
                vec![
                    e.reference.clone(),
                    e.questions.join(", "),
                    e.sha256
                        .as_deref()
                        .map(|h| format!("{}…", h.chars().take(16).collect::<String>()))
                        .unwrap_or_default(),
                    e.date.clone().unwrap_or_default(),
                    e.expires.clone().unwrap_or_default(),
                    status,
                ]
            })
            .collect(),
    );
}

/// The risk register: highest level first, each risk with the requirements that treat it and
/// their scores.
fn risks(d: &mut Doc, r: &Report) {
    if r.risks.is_empty() {
        return;
    }
    d.heading(1, "Risk register");
    d.para("The risks recorded in the answers file, highest level first, with the requirements that treat them and how far each is met. They feed the Statement of Applicability's justifications for inclusion; they do not change a score.");
    d.table(
        &["Risk", "Level", "Status", "Owner", "Treated by (score)"],
        &[6, 2, 4, 3, 6],
        r.risks
            .iter()
            .map(|k| {
                let status = match (&k.accepted_by, &k.accepted_on) {
                    (Some(by), Some(on)) => format!("{} by {by} on {on}", k.status),
                    _ => k.status.clone(),
                };
                vec![
                    format!("{} {}", k.id, k.title),
                    k.level.clone(),
                    status,
                    k.owner.clone().unwrap_or_default(),
                    k.treatment
                        .iter()
                        .map(|t| format!("{} {} ({})", t.requirement, t.title, fmt_score(t.score)))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ]
            })
            .collect(),
    );
}

/// Waivers: time-limited, approved acceptances of a regression (honoured only by `check`'s
/// baseline gates), with their status as of the answers file's date.
fn waivers(d: &mut Doc, r: &Report) {
    if r.waivers.is_empty() {
        return;
    }
    d.heading(1, "Waivers");
    d.para("Approved, time-limited acceptances of a regression. They change no score here; only the CI baseline gate of aimscore check honours them until they expire, and a waiver never makes a Stage 1 blocker met.");
    d.table(
        &["Question", "Reason", "Approved by", "Expires", "Status"],
        &[3, 8, 4, 3, 3],
        r.waivers
            .iter()
            .map(|w| {
                vec![
                    w.question.clone(),
                    w.reason.clone(),
                    w.approved_by.clone(),
                    w.expires.clone(),
                    w.status.clone(),
                ]
            })
            .collect(),
    );
}

fn exclusions(d: &mut Doc, r: &Report) {
    d.heading(1, "Exclusions");
    if r.exclusions.is_empty() {
        d.para("None.");
        return;
    }
    d.table(
        &[
            "Question",
            "Control",
            "Justification",
            "Whole control excluded",
        ],
        &[2, 4, 7, 2],
        r.exclusions
            .iter()
            .map(|e| {
                vec![
                    e.question.clone(),
                    format!("{} {}", e.requirement, e.title),
                    e.justification.clone(),
                    if e.control_excluded { "yes" } else { "no" }.into(),
                ]
            })
            .collect(),
    );
}

/// Every requirement with its score and every question's answer: the record behind the
/// scores.
fn requirements(d: &mut Doc, r: &Report) {
    d.heading(1, "Requirements and answers");
    for s in &r.sections {
        let reqs: Vec<_> = r
            .requirements
            .iter()
            .filter(|q| q.section == s.id)
            .collect();
        if reqs.is_empty() {
            continue;
        }
        d.heading(2, &format!("{} {}", s.id, s.title));
        let mut rows = Vec::new();
        for q in reqs {
            rows.push(vec![
                q.id.clone(),
                q.title.clone(),
                String::new(),
                fmt_score(q.score),
                q.status.clone(),
            ]);
            for x in &q.questions {
                let answer = match (&x.answer, x.unevidenced) {
                    (None, _) => "unanswered".to_string(),
                    (Some(a), true) => format!("{a} (no evidence)"),
                    (Some(a), false) => a.clone(),
                };
                let mut detail = x.text.clone();
                if !x.evidence.is_empty() {
                    detail.push_str(&format!("\nEvidence: {}", x.evidence.join("; ")));
                }
                if let Some(j) = &x.justification {
                    detail.push_str(&format!("\nJustification: {j}"));
                }
                if let Some(n) = &x.note {
                    detail.push_str(&format!("\nNote: {n}"));
                }
                rows.push(vec![
                    format!("  {}", x.id),
                    detail,
                    answer,
                    x.score
                        .map(|v| format!("{v:.1}"))
                        .unwrap_or_else(|| "n/a".into()),
                    String::new(),
                ]);
            }
        }
        d.table(
            &["Id", "Requirement or question", "Answer", "Score", "Status"],
            &[3, 10, 3, 2, 3],
            rows,
        );
    }
}
