//! The catalog for a terminal: the requirements table of `catalog list`, one requirement,
//! question or section in `catalog show`, and the summary line of `catalog validate`.

use crate::catalog::{Catalog, Kind};
use crate::error::{Diagnostic, Error, Result, suggest};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

pub fn list(c: &Catalog, section: Option<&str>) -> Result<String> {
    let filter: Box<dyn Fn(&crate::catalog::Requirement) -> bool> = match section {
        None => Box::new(|_| true),
        Some("clauses") => Box::new(|r| !r.id.starts_with("A.")),
        Some("annex") => Box::new(|r| r.id.starts_with("A.")),
        Some(s) => {
            if c.section(s).is_none() {
                let mut msg = format!(
                    "unknown section `{s}`; sections are 4 … 10 and A.2 … A.10, or `clauses` / `annex`"
                );
                if let Some(x) = suggest(s, c.sections.iter().map(|x| x.id.as_str())) {
                    msg.push_str(&format!(" (did you mean `{x}`?)"));
                }
                return Err(Error::Usage(msg));
            }
            let s = s.to_string();
            Box::new(move |r| r.section == s)
        }
    };
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120);
    t.set_header(vec![
        "Id",
        "Title",
        "Questions",
        "Blockers",
        "NIST",
        "OWASP",
        "Effort",
    ]);
    let mut n = 0;
    for r in c.requirements.iter().filter(|r| filter(r)) {
        n += 1;
        t.add_row(vec![
            r.id.clone(),
            c.display_title(r),
            r.questions.len().to_string(),
            r.questions.iter().filter(|q| q.blocker).count().to_string(),
            r.maps.nist.len().to_string(),
            r.maps.owasp.len().to_string(),
            r.effort.as_str().to_string(),
        ]);
    }
    Ok(format!(
        "{t}\n{n} requirements ({} {})\n",
        c.name, c.version
    ))
}

/// Long on purpose: it prints `catalog show` top to bottom in the order a reader sees it.
/// `catalog show` of a NIST AI RMF subcategory, an OWASP LLM or Agentic risk, or an EU AI Act
/// article: its title and every requirement (and profile question) linked to it, with the
/// link's source.
fn framework_entry(c: &Catalog, id: &str) -> Option<String> {
    let req_line = |rid: &str, tag: &str| {
        let title = c.requirement(rid).map_or("", |r| r.title.as_str());
        format!("  {rid} {title} [{tag}]\n")
    };
    let mut s = String::new();
    if let Some(n) = c.nist.iter().find(|n| n.id == id) {
        s.push_str(&format!(
            "{} {}\nNIST AI RMF 1.0 subcategory\n\nLinked requirements:\n",
            n.id, n.title
        ));
        for r in &c.requirements {
            for l in r.maps.nist.iter().filter(|l| l.id == id) {
                s.push_str(&req_line(&r.id, l.source.as_str()));
            }
        }
    } else if let Some((name, o)) = c
        .owasp
        .iter()
        .map(|o| ("OWASP Top 10 for LLM Applications 2025", o))
        .chain(
            c.owasp_agentic
                .iter()
                .map(|o| ("OWASP Top 10 for Agentic Applications 2026", o)),
        )
        .find(|(_, o)| o.id == crate::catalog::validate::normalize_owasp(id))
    {
        s.push_str(&format!(
            "{} {}\n{name}\n\nLinked requirements:\n",
            o.id, o.title
        ));
        let on =
            |m: &crate::catalog::Maps| m.owasp.iter().chain(&m.owasp_agentic).any(|l| l.id == o.id);
        for r in c.requirements.iter().filter(|r| on(&r.maps)) {
            s.push_str(&req_line(&r.id, "editorial"));
        }
        let qs: Vec<&str> = c
            .profiles
            .iter()
            .flat_map(|p| p.questions.iter())
            .filter(|(_, q)| on(&q.maps))
            .map(|(_, q)| q.id.as_str())
            .collect();
        if !qs.is_empty() {
            s.push_str(&format!(
                "Linked profile questions: {} [editorial]\n",
                qs.join(", ")
            ));
        }
    } else if let Some(a) = c
        .eu_ai_act
        .iter()
        .find(|a| a.id == id || a.id == format!("Art. {id}"))
    {
        s.push_str(&format!(
            "{} {}\nEU AI Act (Regulation (EU) 2024/1689); applies from {}; addressed to {}; applies when: {}\n  {}\n\n",
            a.id, a.title, a.applies_from, a.roles.join(", "), a.condition, a.summary
        ));
        if a.aims_covers {
            s.push_str("Linked requirements:\n");
            for l in &a.links {
                let tag = match &l.relationship {
                    Some(r) => format!("{}, {r}", l.source.as_str()),
                    None => l.source.as_str().to_string(),
                };
                s.push_str(&req_line(&l.requirement, &tag));
            }
        } else {
            s.push_str(
                "An AI management system does not cover this article: act on it separately.\n",
            );
        }
        s.push_str("\nNo authoritative mapping exists; ISO/IEC 42001 certification is not AI Act conformity; not legal advice.\n");
        return Some(s);
    } else {
        return None;
    }
    s.push_str("\nSources: nist-airc = NIST AIRC crosswalk AI RMF ↔ ISO/IEC 42001; editorial = aimscore's own judgement.\n");
    Some(s)
}

pub fn show(c: &Catalog, id: &str) -> Result<String> {
    let rid = c
        .requirements
        .iter()
        .find(|r| r.id == id || r.questions.iter().any(|q| q.id == id))
        .map(|r| r.id.clone());
    let Some(rid) = rid else {
        if let Some((gid, gtitle)) = crate::catalog::reference::GROUPS.iter().find(|g| g.0 == id) {
            let mut s = format!("{gid} {gtitle} (a group of sub-clauses)\n\n");
            for r in c
                .requirements
                .iter()
                .filter(|r| crate::catalog::reference::group_of(&r.id).is_some_and(|g| g.0 == *gid))
            {
                s.push_str(&format!("  {}  {}\n", r.id, c.display_title(r)));
            }
            s.push_str(&format!(
                "\n`aimscore catalog show {gid}.1` shows a leaf in full.\n"
            ));
            return Ok(s);
        }
        if let Some(sec) = c.section(id) {
            let mut s = format!("{} {} ({})\n\n", sec.id, sec.title, sec.kind.as_str());
            let w = c
                .requirements
                .iter()
                .filter(|r| r.section == sec.id)
                .map(|r| r.id.len())
                .max()
                .unwrap_or(0);
            for r in c.requirements.iter().filter(|r| r.section == sec.id) {
                s.push_str(&format!("  {:<w$}  {}\n", r.id, c.display_title(r)));
            }
            return Ok(s);
        }
        if let Some(s) = framework_entry(c, id) {
            return Ok(s);
        }
        if let Some(r) = c.retired(id) {
            let by = if r.replaced_by.is_empty() {
                "nothing".to_string()
            } else {
                r.replaced_by.join(", ")
            };
            return Ok(format!(
                "{} was retired in catalog {}: {}.\nReplaced by: {by}\n",
                r.id, r.since, r.reason
            ));
        }
        let mut all: Vec<&str> = c.requirements.iter().map(|r| r.id.as_str()).collect();
        all.extend(c.questions().map(|(_, q)| q.id.as_str()));
        let d = Diagnostic::new("catalog", None, format!("unknown id `{id}`"));
        let heading = id.starts_with("A.") && id.ends_with(".1");
        let d = match suggest(id, all) {
            _ if heading => d.with_help(
                "Annex A ids ending in .1 are objective headings, never controls; controls start at .2 (e.g. `A.6.1.2`, `A.5.2`)",
            ),
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(
                "ids look like `6.1.2`, `A.6.2.8` or `A.6.2.8-1`; run `aimscore catalog list`",
            ),
        };
        return Err(Error::input(d));
    };
    let Some(r) = c.requirement(&rid) else {
        return Err(Error::Usage(format!("unknown id `{id}`")));
    };
    let sec = c.section_of(r);
    let mut s = String::new();
    s.push_str(&format!("{} {}\n", r.id, c.display_title(r)));
    s.push_str(&format!(
        "Section: {} {} ({})   Effort: {}\n\n",
        sec.id,
        sec.title,
        sec.kind.as_str(),
        r.effort.as_str()
    ));
    s.push_str(&format!(
        "Intent:\n  {}\n\nGuidance:\n  {}\n\nEvidence an auditor asks for:\n",
        r.intent, r.guidance
    ));
    for e in &r.evidence {
        s.push_str(&format!("  - {e}\n"));
    }
    s.push_str(&format!("\nFix:\n  {}\n\nQuestions:\n", r.fix));
    for q in &r.questions {
        let mut tags = format!("weight {}, stage {}", q.weight, q.stage);
        if q.blocker {
            tags.push_str(", Stage 1 blocker");
        }
        if q.critical {
            tags.push_str(", Stage 2 critical");
        }
        if q.snapshot {
            tags.push_str(", snapshot");
        }
        if let Some(p) = &q.profile {
            tags.push_str(&format!(", profile {p}"));
        }
        s.push_str(&format!(
            "  {} ({tags})\n    {}\n    Action: {}\n",
            q.id, q.text, q.action
        ));
    }
    s.push_str("\nNIST AI RMF 1.0:\n");
    if r.maps.nist.is_empty() {
        s.push_str("  (none)\n");
    }
    for l in &r.maps.nist {
        s.push_str(&format!(
            "  {} {} [{}]\n",
            l.id,
            c.nist_title(&l.id).unwrap_or(""),
            l.source.as_str()
        ));
        if let Some(n) = &l.note {
            s.push_str(&format!("    note: {n}\n"));
        }
    }
    s.push_str("\nOWASP Top 10 for LLM Applications 2025:\n");
    if r.maps.owasp.is_empty() {
        s.push_str("  (none)\n");
    }
    for l in &r.maps.owasp {
        s.push_str(&format!(
            "  {} {} [{}]\n",
            l.id,
            c.owasp_title(&l.id).unwrap_or(""),
            l.source.as_str()
        ));
    }
    if !c.owasp_agentic.is_empty() {
        s.push_str("\nOWASP Top 10 for Agentic Applications 2026:\n");
        if r.maps.owasp_agentic.is_empty() {
            s.push_str("  (none)\n");
        }
        for l in &r.maps.owasp_agentic {
            let title = c
                .owasp_agentic
                .iter()
                .find(|o| o.id == l.id)
                .map_or("", |o| o.title.as_str());
            s.push_str(&format!("  {} {title} [{}]\n", l.id, l.source.as_str()));
        }
    }
    let articles: Vec<String> = c
        .eu_ai_act
        .iter()
        .flat_map(|a| {
            a.links
                .iter()
                .filter(|l| l.requirement == r.id)
                .map(move |l| match &l.relationship {
                    Some(rel) => format!("  {} {} [{}, {rel}]\n", a.id, a.title, l.source.as_str()),
                    None => format!("  {} {} [{}]\n", a.id, a.title, l.source.as_str()),
                })
        })
        .collect();
    if !c.eu_ai_act.is_empty() {
        s.push_str("\nEU AI Act articles it supports (not legal advice):\n");
        if articles.is_empty() {
            s.push_str("  (none)\n");
        }
        s.push_str(&articles.concat());
    }
    for q in r.questions.iter().filter(|q| !q.maps.is_empty()) {
        s.push_str(&format!("\nExtra links of {}:\n", q.id));
        for l in q.maps.nist.iter().chain(q.maps.owasp.iter()) {
            s.push_str(&format!("  {} [{}]\n", l.id, l.source.as_str()));
        }
    }
    s.push_str("\nSources: nist-airc = NIST AIRC crosswalk AI RMF ↔ ISO/IEC 42001; editorial = aimscore's own judgement.\n");
    Ok(s)
}

/// The summary line of `catalog validate`: what a valid catalog holds.
pub fn validated(c: &Catalog, name: &str) -> String {
    let questions: usize = c.requirements.iter().map(|r| r.questions.len()).sum();
    format!(
        "{}: valid: {} clauses, {} sub-clauses, {} Annex A objectives, {} controls, {} questions, {} NIST AI RMF subcategories, {} OWASP entries, {}\n",
        name,
        c.sections.iter().filter(|s| s.kind == Kind::Clause).count(),
        c.requirements
            .iter()
            .filter(|r| !r.id.starts_with("A."))
            .count(),
        c.sections.iter().filter(|s| s.kind == Kind::Annex).count(),
        c.requirements
            .iter()
            .filter(|r| r.id.starts_with("A."))
            .count(),
        questions,
        c.nist.len(),
        c.owasp.len(),
        match c.profiles.len() {
            1 => "1 profile".to_string(),
            n => format!("{n} profiles"),
        },
    )
}
