//! Catalog validation: every rule checked, every problem reported with its file and line.
//!
//! Takes the raw, located parts from [`super::load`] and returns a [`Catalog`] only when all of
//! them hold: the standard's ids and titles (see [`super::reference`]), the counts
//! 7/32/9/38/72/10, unique ids, question ids `<requirement>-<n>` from 1, weights 1–3, stages
//! 1–2, blockers only in clauses, known cross-map targets, no empty text.

use super::model::*;
use super::raw::{RawCatalog, RawLink, RawMaps};
use super::reference;
use crate::error::{Diagnostic, Error, Pos, Result};
use crate::read::yaml::pos;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, BTreeSet};

/// Expected counts, from the standard and the frameworks.
pub const CLAUSES: usize = 7;
pub const SUBCLAUSES: usize = 32;
pub const OBJECTIVES: usize = 9;
pub const CONTROLS: usize = 38;
pub const NIST_SUBCATEGORIES: usize = 72;
pub const OWASP_ENTRIES: usize = 10;

struct V {
    errors: Vec<Diagnostic>,
}

impl V {
    fn err(&mut self, file: &str, at: Option<Pos>, msg: impl Into<String>) {
        self.errors.push(Diagnostic::new(file, at, msg));
    }

    /// What every question must hold, core or profile: a unique id, text, weight 1–3, stage 1–2.
    #[allow(clippy::too_many_arguments)]
    fn question(
        &mut self,
        file: &str,
        seen: &mut BTreeMap<String, (String, Pos)>,
        qid: &str,
        qpos: Pos,
        text: &Spanned<String>,
        weight: &Spanned<i64>,
        stage: &Spanned<i64>,
    ) {
        if let Some((f0, p0)) = seen.get(qid) {
            let msg = format!(
                "duplicate question id `{qid}` (first at {f0}:{}:{})",
                p0.line, p0.column
            );
            self.err(file, Some(qpos), msg);
        } else {
            seen.insert(qid.to_string(), (file.to_string(), qpos));
        }
        if text.value.trim().is_empty() {
            self.err(
                file,
                Some(pos(text)),
                format!("`{qid}`: question text is empty"),
            );
        }
        if !(1..=3).contains(&weight.value) {
            let msg = format!(
                "`{qid}`: weight {} is out of range; allowed: 1, 2, 3",
                weight.value
            );
            self.err(file, Some(pos(weight)), msg);
        }
        if !(1..=2).contains(&stage.value) {
            let msg = format!(
                "`{qid}`: stage {} is out of range; allowed: 1 (designed and documented), 2 (operating, with records)",
                stage.value
            );
            self.err(file, Some(pos(stage)), msg);
        }
    }
}

/// Normalizes an OWASP id: `LLM01:2025` → `LLM01`.
pub fn normalize_owasp(id: &str) -> &str {
    id.strip_suffix(":2025").unwrap_or(id)
}

/// Validates raw catalog parts into a [`Catalog`].
pub fn validate(raw: &RawCatalog) -> Result<Catalog> {
    let mut v = V { errors: Vec::new() };
    let Some((_, meta)) = &raw.meta else {
        return Err(Error::input(Diagnostic::new(
            "catalog.yaml",
            None,
            "missing catalog file",
        )));
    };

    // Reference lists.
    let mut nist = Vec::new();
    let mut nist_ids = BTreeSet::new();
    match &raw.nist {
        Some((file, n)) => {
            for e in &n.subcategories {
                let id = e.id.value.trim().to_string();
                if !nist_ids.insert(id.clone()) {
                    v.err(
                        file,
                        Some(pos(&e.id)),
                        format!("duplicate NIST AI RMF id `{id}`"),
                    );
                }
                if e.title.value.trim().is_empty() {
                    v.err(
                        file,
                        Some(pos(&e.title)),
                        format!("`{id}` has an empty title"),
                    );
                }
                if !["GOVERN", "MAP", "MEASURE", "MANAGE"].contains(&e.function.value.as_str())
                    || !id.starts_with(&format!("{} ", e.function.value))
                {
                    v.err(
                        file,
                        Some(pos(&e.function)),
                        format!("`{id}`: function must be GOVERN, MAP, MEASURE or MANAGE and match the id"),
                    );
                }
                nist.push(Reference {
                    id,
                    title: e.title.value.trim().to_string(),
                });
            }
            if nist.len() != NIST_SUBCATEGORIES {
                v.err(file, None, format!("NIST AI RMF 1.0 has {NIST_SUBCATEGORIES} subcategories; this file lists {}", nist.len()));
            }
        }
        None => v.err("nist-ai-rmf.yaml", None, "missing catalog file"),
    }
    let mut owasp = Vec::new();
    let mut owasp_ids = BTreeSet::new();
    match &raw.owasp {
        Some((file, o)) => {
            for e in &o.entries {
                let id = normalize_owasp(e.id.value.trim()).to_string();
                let ok = id.len() == 5
                    && id.starts_with("LLM")
                    && id[3..].parse::<u8>().is_ok_and(|n| (1..=10).contains(&n));
                if !ok {
                    v.err(file, Some(pos(&e.id)), format!("`{}` is not an OWASP LLM Top 10 id; allowed: LLM01 … LLM10 (or LLM01:2025 …)", e.id.value));
                }
                if !owasp_ids.insert(id.clone()) {
                    v.err(file, Some(pos(&e.id)), format!("duplicate OWASP id `{id}`"));
                }
                owasp.push(Reference {
                    id,
                    title: e.title.value.trim().to_string(),
                });
            }
            if owasp.len() != OWASP_ENTRIES {
                v.err(file, None, format!("the OWASP Top 10 for LLM Applications has {OWASP_ENTRIES} entries; this file lists {}", owasp.len()));
            }
        }
        None => v.err("owasp-llm-2025.yaml", None, "missing catalog file"),
    }

    let ref_sections: BTreeMap<&str, &str> = reference::SECTIONS.iter().copied().collect();
    let ref_reqs: BTreeMap<&str, (&str, &str)> = reference::REQUIREMENTS
        .iter()
        .map(|(id, t, s)| (*id, (*t, *s)))
        .collect();

    let mut sections = Vec::new();
    let mut requirements = Vec::new();
    let mut seen_ids: BTreeMap<String, (String, Pos)> = BTreeMap::new();
    let mut seen_q: BTreeMap<String, (String, Pos)> = BTreeMap::new();
    for (file, part) in &raw.parts {
        for s in &part.sections {
            let sid = s.id.value.trim().to_string();
            let kind = match s.kind.value.as_str() {
                "clause" => Kind::Clause,
                "annex" => Kind::Annex,
                other => {
                    v.err(
                        file,
                        Some(pos(&s.kind)),
                        format!("section `{sid}`: unknown kind `{other}`; allowed: clause, annex"),
                    );
                    Kind::Annex
                }
            };
            match ref_sections.get(sid.as_str()) {
                None => v.err(file, Some(pos(&s.id)), format!("`{sid}` is not a clause (4–10) or Annex A objective (A.2–A.10) of ISO/IEC 42001:2023")),
                Some(title) => {
                    if s.title.value.trim() != *title {
                        v.err(file, Some(pos(&s.title)), format!("section `{sid}`: title `{}` differs from the standard's `{title}`", s.title.value.trim()));
                    }
                    let want = if sid.starts_with("A.") { Kind::Annex } else { Kind::Clause };
                    if kind != want {
                        v.err(file, Some(pos(&s.kind)), format!("section `{sid}` must have kind `{}`", want.as_str()));
                    }
                }
            }
            if sections.iter().any(|x: &Section| x.id == sid) {
                v.err(
                    file,
                    Some(pos(&s.id)),
                    format!("duplicate section id `{sid}`"),
                );
            }
            sections.push(Section {
                id: sid.clone(),
                kind,
                title: s.title.value.trim().to_string(),
            });

            for r in &s.requirements {
                let rid = r.id.value.trim().to_string();
                let rpos = pos(&r.id);
                if let Some((f0, p0)) = seen_ids.get(&rid) {
                    v.err(
                        file,
                        Some(rpos),
                        format!(
                            "duplicate requirement id `{rid}` (first at {f0}:{}:{})",
                            p0.line, p0.column
                        ),
                    );
                } else {
                    seen_ids.insert(rid.clone(), (file.clone(), rpos));
                }
                match ref_reqs.get(rid.as_str()) {
                    None => {
                        let mut msg = format!(
                            "`{rid}` is not a sub-clause or Annex A control of ISO/IEC 42001:2023"
                        );
                        if rid.starts_with("A.") && rid.ends_with(".1") {
                            msg.push_str(" (Annex A ids ending in .1 are objective headings, never controls)");
                        }
                        let d = Diagnostic::at(file, rpos, msg);
                        let d = match crate::error::suggest(&rid, ref_reqs.keys().copied()) {
                            Some(s) => d.with_help(format!("did you mean `{s}`?")),
                            None => d,
                        };
                        v.errors.push(d);
                    }
                    Some((title, sec)) => {
                        if r.title.value.trim() != *title {
                            v.err(
                                file,
                                Some(pos(&r.title)),
                                format!(
                                    "`{rid}`: title `{}` differs from the standard's `{title}`",
                                    r.title.value.trim()
                                ),
                            );
                        }
                        if *sec != sid {
                            v.err(
                                file,
                                Some(rpos),
                                format!("`{rid}` belongs in section `{sec}`, not `{sid}`"),
                            );
                        }
                    }
                }
                for (field, val) in [
                    ("intent", &r.intent),
                    ("guidance", &r.guidance),
                    ("fix", &r.fix),
                    ("title", &r.title),
                ] {
                    if val.value.trim().is_empty() {
                        v.err(file, Some(pos(val)), format!("`{rid}`: `{field}` is empty"));
                    }
                }
                if r.evidence.value.is_empty()
                    || r.evidence.value.iter().any(|e| e.trim().is_empty())
                {
                    v.err(
                        file,
                        Some(pos(&r.evidence)),
                        format!("`{rid}`: `evidence` must list at least one non-empty item"),
                    );
                }
                let maps = check_maps(&mut v, file, &rid, &r.maps, &nist_ids, &owasp_ids);

                let qs = &r.questions.value;
                if qs.is_empty() || qs.len() > 4 {
                    v.err(
                        file,
                        Some(pos(&r.questions)),
                        format!(
                            "`{rid}` has {} questions; each requirement needs 1 to 4",
                            qs.len()
                        ),
                    );
                }
                let mut questions = Vec::new();
                for (n, q) in qs.iter().enumerate() {
                    let qid = q.id.value.trim().to_string();
                    let qpos = pos(&q.id);
                    let want = format!("{rid}-{}", n + 1);
                    if qid != want {
                        v.err(file, Some(qpos), format!("question id `{qid}` must be `{want}` (ids are `<requirement>-<n>`, numbered from 1)"));
                    }
                    v.question(file, &mut seen_q, &qid, qpos, &q.text, &q.weight, &q.stage);
                    if q.blocker && kind == Kind::Annex {
                        v.err(file, Some(qpos), format!("`{qid}`: Annex A questions cannot be Stage 1 blockers (Annex A controls can be excluded)"));
                    }
                    questions.push(Question {
                        id: qid,
                        text: q.text.value.trim().to_string(),
                        weight: q.weight.value.clamp(1, 3) as u8,
                        stage: q.stage.value.clamp(1, 2) as u8,
                        blocker: q.blocker,
                        profile: None,
                        maps: Maps::default(),
                    });
                }
                requirements.push(Requirement {
                    id: rid,
                    section: sid.clone(),
                    title: r.title.value.trim().to_string(),
                    effort: r.effort.value,
                    intent: r.intent.value.trim().to_string(),
                    guidance: r.guidance.value.trim().to_string(),
                    evidence: r
                        .evidence
                        .value
                        .iter()
                        .map(|e| e.trim().to_string())
                        .collect(),
                    fix: r.fix.value.trim().to_string(),
                    maps,
                    questions,
                });
            }
        }
    }

    // Counts and completeness against the standard.
    let clauses = sections.iter().filter(|s| s.kind == Kind::Clause).count();
    let objectives = sections.iter().filter(|s| s.kind == Kind::Annex).count();
    let subclauses = requirements
        .iter()
        .filter(|r| !r.id.starts_with("A."))
        .count();
    let controls = requirements
        .iter()
        .filter(|r| r.id.starts_with("A."))
        .count();
    for (what, got, want) in [
        ("clauses", clauses, CLAUSES),
        ("sub-clauses", subclauses, SUBCLAUSES),
        ("Annex A objectives", objectives, OBJECTIVES),
        ("Annex A controls", controls, CONTROLS),
    ] {
        if got != want {
            v.err(
                "catalog",
                None,
                format!("ISO/IEC 42001:2023 has {want} {what}; the catalog has {got}"),
            );
        }
    }
    for (id, _) in reference::SECTIONS {
        if !sections.iter().any(|s| s.id == *id) {
            v.err("catalog", None, format!("section `{id}` is missing"));
        }
    }
    for (id, _, _) in reference::REQUIREMENTS {
        if !requirements.iter().any(|r| r.id == *id) {
            v.err("catalog", None, format!("requirement `{id}` is missing"));
        }
    }
    // Catalog order: the standard's order, so reports and ties follow it.
    let order: BTreeMap<&str, usize> = reference::REQUIREMENTS
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0, i))
        .collect();
    let sorder: BTreeMap<&str, usize> = reference::SECTIONS
        .iter()
        .enumerate()
        .map(|(i, r)| (r.0, i))
        .collect();
    requirements.sort_by_key(|r| order.get(r.id.as_str()).copied().unwrap_or(usize::MAX));
    sections.sort_by_key(|s| sorder.get(s.id.as_str()).copied().unwrap_or(usize::MAX));

    // Profiles.
    let mut profiles = Vec::new();
    for (file, p) in &raw.profiles {
        let pid = p.id.value.trim().to_string();
        let valid_name = !pid.is_empty()
            && pid
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_name {
            v.err(
                file,
                Some(pos(&p.id)),
                format!("profile id `{pid}` must be lowercase letters, digits and hyphens"),
            );
        }
        if profiles.iter().any(|x: &Profile| x.id == pid) {
            v.err(
                file,
                Some(pos(&p.id)),
                format!("duplicate profile id `{pid}`"),
            );
        }
        let mut counters: BTreeMap<String, usize> = BTreeMap::new();
        let mut qs = Vec::new();
        for q in &p.questions {
            let rid = q.requirement.value.trim().to_string();
            let qid = q.id.value.trim().to_string();
            let qpos = pos(&q.id);
            if !requirements.iter().any(|r| r.id == rid) {
                v.err(
                    file,
                    Some(pos(&q.requirement)),
                    format!("profile question `{qid}`: unknown requirement `{rid}`"),
                );
            }
            let n = counters.entry(rid.clone()).or_insert(0);
            *n += 1;
            let want = format!("{rid}-{pid}-{n}");
            if qid != want {
                v.err(file, Some(qpos), format!("profile question id `{qid}` must be `{want}` (ids are `<requirement>-<profile>-<n>`, numbered from 1 per requirement)"));
            }
            v.question(file, &mut seen_q, &qid, qpos, &q.text, &q.weight, &q.stage);
            let maps = check_maps(&mut v, file, &qid, &q.maps, &nist_ids, &owasp_ids);
            qs.push((
                rid,
                Question {
                    id: qid,
                    text: q.text.value.trim().to_string(),
                    weight: q.weight.value.clamp(1, 3) as u8,
                    stage: q.stage.value.clamp(1, 2) as u8,
                    blocker: false,
                    profile: Some(pid.clone()),
                    maps,
                },
            ));
        }
        qs.sort_by_key(|(rid, _)| order.get(rid.as_str()).copied().unwrap_or(usize::MAX));
        profiles.push(Profile {
            id: pid,
            title: p.title.value.trim().to_string(),
            description: p.description.value.trim().to_string(),
            questions: qs,
        });
    }

    if !v.errors.is_empty() {
        return Err(Error::Input(v.errors));
    }
    Ok(Catalog {
        name: meta.name.trim().to_string(),
        version: meta.version.trim().to_string(),
        sections,
        requirements,
        nist,
        owasp,
        profiles,
        active_profiles: Vec::new(),
    })
}

fn check_maps(
    v: &mut V,
    file: &str,
    owner: &str,
    maps: &RawMaps,
    nist_ids: &BTreeSet<String>,
    owasp_ids: &BTreeSet<String>,
) -> Maps {
    let mut out = Maps::default();
    let mut check = |links: &[RawLink], known: &BTreeSet<String>, what: &str, owasp: bool| {
        let mut seen = BTreeSet::new();
        let mut res = Vec::new();
        for l in links {
            let raw_id = l.id.value.trim();
            let id = if owasp {
                normalize_owasp(raw_id)
            } else {
                raw_id
            }
            .to_string();
            if !known.contains(&id) {
                let d = Diagnostic::at(
                    file,
                    pos(&l.id),
                    format!("`{owner}` maps to unknown {what} id `{raw_id}`"),
                );
                let d = match crate::error::suggest(&id, known.iter().map(|s| s.as_str())) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help(format!("see the {what} file for the allowed ids")),
                };
                v.errors.push(d);
            }
            if !seen.insert(id.clone()) {
                v.err(
                    file,
                    Some(pos(&l.id)),
                    format!("`{owner}` maps to {what} `{id}` twice"),
                );
            }
            if owasp && l.source.value != Source::Editorial {
                v.err(file, Some(pos(&l.source)), format!("`{owner}`: OWASP links must have `source: editorial` (no authoritative OWASP ↔ ISO/IEC 42001 mapping exists)"));
            }
            res.push(Link {
                id,
                source: l.source.value,
            });
        }
        res
    };
    out.nist = check(&maps.nist, nist_ids, "NIST AI RMF", false);
    out.owasp = check(&maps.owasp, owasp_ids, "OWASP LLM Top 10", true);
    out
}
