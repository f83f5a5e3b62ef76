//! Catalog validation: every rule checked, every problem reported with its file and line.
//!
//! Takes the raw, located parts from [`super::load`] and returns a [`Catalog`] only when all of
//! them hold: the standard's ids and titles (see [`super::reference`]), the counts
//! 7/32/9/38/72/10, unique ids, question ids `<requirement>-<n>` from 1, weights 1–3, stages
//! 1–2, blockers only in clauses and never also critical, an `action` for every question that no
//! other question of its requirement shares, known cross-map targets, retired ids never reused
//! and pointing at questions that exist, no empty text.

use super::model::*;
use super::raw::{
    RawAgentic, RawCatalog, RawEu, RawLink, RawMaps, RawNist, RawOwasp, RawProfile, RawQuestion,
    RawRequirement, RawRetiredFile, RawSection,
};
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
    /// Every question id seen so far, with where (to report duplicates with both places).
    seen_q: BTreeMap<String, (String, Pos)>,
}

/// What a question carries besides its id, core or profile.
struct QuestionParts<'a> {
    text: &'a Spanned<String>,
    weight: &'a Spanned<i64>,
    stage: &'a Spanned<i64>,
    action: &'a Spanned<String>,
}

impl V {
    fn err(&mut self, file: &str, at: Option<Pos>, msg: impl Into<String>) {
        self.errors.push(Diagnostic::new(file, at, msg));
    }

    /// What every question must hold, core or profile: a unique id, text, an action, weight 1–3,
    /// stage 1–2.
    fn question(&mut self, file: &str, qid: &str, qpos: Pos, q: &QuestionParts) {
        if let Some((f0, p0)) = self.seen_q.get(qid) {
            let msg = format!(
                "duplicate question id `{qid}` (first at {f0}:{}:{})",
                p0.line, p0.column
            );
            self.err(file, Some(qpos), msg);
        } else {
            self.seen_q
                .insert(qid.to_string(), (file.to_string(), qpos));
        }
        for (field, val) in [("text", q.text), ("action", q.action)] {
            if val.value.trim().is_empty() {
                self.err(
                    file,
                    Some(pos(val)),
                    format!("`{qid}`: question {field} is empty"),
                );
            }
        }
        if !(1..=3).contains(&q.weight.value) {
            let msg = format!(
                "`{qid}`: weight {} is out of range; allowed: 1, 2, 3",
                q.weight.value
            );
            self.err(file, Some(pos(q.weight)), msg);
        }
        if !(1..=2).contains(&q.stage.value) {
            let msg = format!(
                "`{qid}`: stage {} is out of range; allowed: 1 (designed and documented), 2 (operating, with records)",
                q.stage.value
            );
            self.err(file, Some(pos(q.stage)), msg);
        }
    }
}

/// Normalizes an OWASP id: `LLM01:2025` → `LLM01`.
pub fn normalize_owasp(id: &str) -> &str {
    id.strip_suffix(":2025").unwrap_or(id)
}

/// Validates raw catalog parts into a [`Catalog`].
pub fn validate(raw: &RawCatalog) -> Result<Catalog> {
    let mut v = V {
        errors: Vec::new(),
        seen_q: BTreeMap::new(),
    };
    let Some((_, meta)) = &raw.meta else {
        return Err(Error::input(Diagnostic::new(
            "catalog.yaml",
            None,
            "missing catalog file",
        )));
    };
    let (nist, nist_ids) = nist_list(&mut v, raw.nist.as_ref());
    let (owasp, owasp_ids) = owasp_list(&mut v, raw.owasp.as_ref());
    let known = Known {
        nist: &nist_ids,
        owasp: &owasp_ids,
    };
    let mut sections = Vec::new();
    let mut requirements = Vec::new();
    let mut seen_ids: BTreeMap<String, (String, Pos)> = BTreeMap::new();
    for (file, part) in &raw.parts {
        for s in &part.sections {
            let Some(section) = section(&mut v, file, s, &sections) else {
                continue;
            };
            for r in &s.requirements {
                requirements.push(requirement(
                    &mut v,
                    file,
                    &section,
                    r,
                    &mut seen_ids,
                    &known,
                ));
            }
            sections.push(section);
        }
    }
    counts(&mut v, &sections, &requirements);
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

    let mut profiles = Vec::new();
    for (file, p) in &raw.profiles {
        let profile = profile(&mut v, file, p, &requirements, &profiles, &known, &order);
        profiles.push(profile);
    }
    actions_distinct(&mut v, &requirements, &profiles);
    let owasp_agentic = agentic_list(
        &mut v,
        raw.owasp_agentic.as_ref(),
        &mut requirements,
        &mut profiles,
    );
    let eu_ai_act = eu_list(&mut v, raw.eu_ai_act.as_ref(), &requirements);
    let retired = retired_list(&mut v, raw.retired.as_ref(), &requirements, &profiles);

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
        owasp_agentic,
        eu_ai_act,
        profiles,
        active_profiles: Vec::new(),
        retired,
    })
}

/// The cross-map targets that exist.
struct Known<'a> {
    nist: &'a BTreeSet<String>,
    owasp: &'a BTreeSet<String>,
}

/// The NIST AI RMF subcategories, checked: unique ids, titles, functions, 72 of them.
fn nist_list(v: &mut V, raw: Option<&(String, RawNist)>) -> (Vec<Reference>, BTreeSet<String>) {
    let mut nist = Vec::new();
    let mut ids = BTreeSet::new();
    let Some((file, n)) = raw else {
        v.err("nist-ai-rmf.yaml", None, "missing catalog file");
        return (nist, ids);
    };
    for e in &n.subcategories {
        let id = e.id.value.trim().to_string();
        if !ids.insert(id.clone()) {
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
        v.err(
            file,
            None,
            format!(
                "NIST AI RMF 1.0 has {NIST_SUBCATEGORIES} subcategories; this file lists {}",
                nist.len()
            ),
        );
    }
    (nist, ids)
}

/// The OWASP LLM Top 10 entries, checked: ids LLM01–LLM10, unique, 10 of them.
fn owasp_list(v: &mut V, raw: Option<&(String, RawOwasp)>) -> (Vec<Reference>, BTreeSet<String>) {
    let mut owasp = Vec::new();
    let mut ids = BTreeSet::new();
    let Some((file, o)) = raw else {
        v.err("owasp-llm-2025.yaml", None, "missing catalog file");
        return (owasp, ids);
    };
    for e in &o.entries {
        let id = normalize_owasp(e.id.value.trim()).to_string();
        let ok = id.len() == 5
            && id.starts_with("LLM")
            && id[3..].parse::<u8>().is_ok_and(|n| (1..=10).contains(&n));
        if !ok {
            v.err(
                file,
                Some(pos(&e.id)),
                format!(
                    "`{}` is not an OWASP LLM Top 10 id; allowed: LLM01 … LLM10 (or LLM01:2025 …)",
                    e.id.value
                ),
            );
        }
        if !ids.insert(id.clone()) {
            v.err(file, Some(pos(&e.id)), format!("duplicate OWASP id `{id}`"));
        }
        owasp.push(Reference {
            id,
            title: e.title.value.trim().to_string(),
        });
    }
    if owasp.len() != OWASP_ENTRIES {
        v.err(
            file,
            None,
            format!(
                "the OWASP Top 10 for LLM Applications has {OWASP_ENTRIES} entries; this file lists {}",
                owasp.len()
            ),
        );
    }
    (owasp, ids)
}

/// A section checked against the standard's ids, titles and kinds; `None` for a duplicate.
fn section(v: &mut V, file: &str, s: &RawSection, sections: &[Section]) -> Option<Section> {
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
    let ref_sections: BTreeMap<&str, &str> = reference::SECTIONS.iter().copied().collect();
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
    if sections.iter().any(|x| x.id == sid) {
        v.err(
            file,
            Some(pos(&s.id)),
            format!("duplicate section id `{sid}`"),
        );
        return None;
    }
    Some(Section {
        id: sid,
        kind,
        title: s.title.value.trim().to_string(),
    })
}

/// A requirement checked against the standard (id, title, section), its texts, maps and
/// questions.
fn requirement(
    v: &mut V,
    file: &str,
    section: &Section,
    r: &RawRequirement,
    seen_ids: &mut BTreeMap<String, (String, Pos)>,
    known: &Known,
) -> Requirement {
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
        seen_ids.insert(rid.clone(), (file.to_string(), rpos));
    }
    requirement_identity(v, file, &section.id, r);
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
    if r.evidence.value.is_empty() || r.evidence.value.iter().any(|e| e.trim().is_empty()) {
        v.err(
            file,
            Some(pos(&r.evidence)),
            format!("`{rid}`: `evidence` must list at least one non-empty item"),
        );
    }
    let maps = check_maps(v, file, &rid, &r.maps, known.nist, known.owasp);
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
    let mut last = 0;
    let questions = qs
        .iter()
        .map(|q| core_question(v, file, &rid, section.kind, &mut last, q))
        .collect();
    Requirement {
        id: rid,
        section: section.id.clone(),
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
    }
}

/// The requirement's id and title are the standard's, and it sits in its own section.
fn requirement_identity(v: &mut V, file: &str, sid: &str, r: &RawRequirement) {
    let rid = r.id.value.trim();
    let rpos = pos(&r.id);
    let found = reference::REQUIREMENTS.iter().find(|(id, _, _)| *id == rid);
    let Some((_, title, sec)) = found else {
        let mut msg =
            format!("`{rid}` is not a sub-clause or Annex A control of ISO/IEC 42001:2023");
        if rid.starts_with("A.") && rid.ends_with(".1") {
            msg.push_str(" (Annex A ids ending in .1 are objective headings, never controls)");
        }
        let d = Diagnostic::at(file, rpos, msg);
        let ids = reference::REQUIREMENTS.iter().map(|r| r.0);
        let d = match crate::error::suggest(rid, ids) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d,
        };
        v.errors.push(d);
        return;
    };
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

/// A requirement's own question: id `<requirement>-<n>`, the common checks, and the flags
/// (blockers only in clauses; never blocker and critical at once).
fn core_question(
    v: &mut V,
    file: &str,
    rid: &str,
    kind: Kind,
    last: &mut usize,
    q: &RawQuestion,
) -> Question {
    let qid = q.id.value.trim().to_string();
    let qpos = pos(&q.id);
    if let Err(msg) = numbered(&qid, rid, last) {
        v.err(file, Some(qpos), msg);
    }
    let parts = QuestionParts {
        text: &q.text,
        weight: &q.weight,
        stage: &q.stage,
        action: &q.action,
    };
    v.question(file, &qid, qpos, &parts);
    if q.blocker && kind == Kind::Annex {
        v.err(file, Some(qpos), format!("`{qid}`: Annex A questions cannot be Stage 1 blockers (Annex A controls can be excluded)"));
    }
    if q.blocker && q.critical {
        v.err(
            file,
            Some(qpos),
            format!("`{qid}`: a question is a Stage 1 blocker or Stage 2 critical, never both"),
        );
    }
    Question {
        id: qid,
        text: q.text.value.trim().to_string(),
        weight: q.weight.value.clamp(1, 3) as u8,
        stage: q.stage.value.clamp(1, 2) as u8,
        blocker: q.blocker,
        critical: q.critical,
        snapshot: q.snapshot,
        action: q.action.value.trim().to_string(),
        profile: None,
        maps: Maps::default(),
    }
}

/// A question id is `<prefix>-<n>` with n from 1, rising within its requirement. Gaps are
/// allowed: they are retired ids, which are never reused or renumbered.
fn numbered(qid: &str, prefix: &str, last: &mut usize) -> std::result::Result<(), String> {
    let n = qid
        .strip_prefix(prefix)
        .and_then(|rest| rest.strip_prefix('-'))
        .filter(|d| !d.starts_with('0') && d.chars().all(|c| c.is_ascii_digit()))
        .and_then(|d| d.parse::<usize>().ok());
    match n {
        Some(n) if n > *last => {
            *last = n;
            Ok(())
        }
        Some(_) => Err(format!(
            "question id `{qid}` is out of order; the numbers of `{prefix}-<n>` rise within a requirement (after `{prefix}-{last}`)"
        )),
        None => Err(format!(
            "question id `{qid}` must be `{prefix}-<n>`, with n a number from 1 (`{prefix}-{}`)",
            *last + 1
        )),
    }
}

/// The counts of the standard: 7 clauses, 32 sub-clauses, 9 objectives, 38 controls, and
/// every section and requirement present.
fn counts(v: &mut V, sections: &[Section], requirements: &[Requirement]) {
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
}

/// A profile: its name, and each question under a known requirement with id
/// `<requirement>-<profile>-<n>`. Profile questions are never blockers.
fn profile(
    v: &mut V,
    file: &str,
    p: &RawProfile,
    requirements: &[Requirement],
    profiles: &[Profile],
    known: &Known,
    order: &BTreeMap<&str, usize>,
) -> Profile {
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
    if profiles.iter().any(|x| x.id == pid) {
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
        let last = counters.entry(rid.clone()).or_insert(0);
        if let Err(msg) = numbered(&qid, &format!("{rid}-{pid}"), last) {
            v.err(file, Some(qpos), msg);
        }
        let parts = QuestionParts {
            text: &q.text,
            weight: &q.weight,
            stage: &q.stage,
            action: &q.action,
        };
        v.question(file, &qid, qpos, &parts);
        let maps = check_maps(v, file, &qid, &q.maps, known.nist, known.owasp);
        qs.push((
            rid,
            Question {
                id: qid,
                text: q.text.value.trim().to_string(),
                weight: q.weight.value.clamp(1, 3) as u8,
                stage: q.stage.value.clamp(1, 2) as u8,
                blocker: false,
                critical: q.critical,
                snapshot: q.snapshot,
                action: q.action.value.trim().to_string(),
                profile: Some(pid.clone()),
                maps,
            },
        ));
    }
    qs.sort_by_key(|(rid, _)| order.get(rid.as_str()).copied().unwrap_or(usize::MAX));
    Profile {
        id: pid,
        title: p.title.value.trim().to_string(),
        description: p.description.value.trim().to_string(),
        questions: qs,
    }
}

/// No two questions of one requirement (its own and every profile's) share an action: each
/// says what closes that question's gap.
fn actions_distinct(v: &mut V, requirements: &[Requirement], profiles: &[Profile]) {
    for r in requirements {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        let extra = profiles
            .iter()
            .flat_map(|p| p.questions.iter())
            .filter(|(rid, _)| *rid == r.id)
            .map(|(_, q)| q);
        for q in r.questions.iter().chain(extra) {
            let key = q.action.to_lowercase();
            if key.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(&key) {
                v.err(
                    "catalog",
                    None,
                    format!("`{}` has the same action as `{first}`; each question's action says what closes that question's gap", q.id),
                );
            } else {
                seen.insert(key, &q.id);
            }
        }
    }
}

/// The OWASP Agentic 2026 entries (ASI01–ASI10, each once, with a title and summary), and
/// their editorial links, put on the requirements and profile questions they name.
fn agentic_list(
    v: &mut V,
    raw: Option<&(String, RawAgentic)>,
    requirements: &mut [Requirement],
    profiles: &mut [Profile],
) -> Vec<Reference> {
    let Some((file, list)) = raw else {
        return Vec::new();
    };
    let mut out: Vec<Reference> = Vec::new();
    for e in &list.entries {
        let id = e.id.value.trim().to_string();
        if !reference::OWASP_AGENTIC.contains(&id.as_str()) {
            v.err(
                file,
                Some(pos(&e.id)),
                format!("`{id}` is not an OWASP Agentic 2026 id; allowed: ASI01 … ASI10"),
            );
        }
        if out.iter().any(|r| r.id == id) {
            v.err(
                file,
                Some(pos(&e.id)),
                format!("duplicate OWASP Agentic id `{id}`"),
            );
        }
        for (field, val) in [("title", &e.title), ("summary", &e.summary)] {
            if val.value.trim().is_empty() {
                v.err(file, Some(pos(val)), format!("`{id}`: `{field}` is empty"));
            }
        }
        let link = || Link {
            id: id.clone(),
            source: Source::Editorial,
            note: None,
        };
        for rid in &e.requirements {
            match requirements.iter_mut().find(|r| r.id == rid.value.trim()) {
                Some(r) => r.maps.owasp_agentic.push(link()),
                None => v.err(
                    file,
                    Some(pos(rid)),
                    format!("`{id}` links to unknown requirement `{}`", rid.value.trim()),
                ),
            }
        }
        for qid in &e.questions {
            let q = profiles
                .iter_mut()
                .flat_map(|p| p.questions.iter_mut())
                .find(|(_, q)| q.id == qid.value.trim());
            match q {
                Some((_, q)) => q.maps.owasp_agentic.push(link()),
                None => v.err(
                    file,
                    Some(pos(qid)),
                    format!(
                        "`{id}` links to `{}`, which is not a profile question",
                        qid.value.trim()
                    ),
                ),
            }
        }
        out.push(Reference {
            id,
            title: e.title.value.trim().to_string(),
        });
    }
    if out.len() != reference::OWASP_AGENTIC.len() {
        v.err(
            file,
            None,
            format!(
                "the OWASP Top 10 for Agentic Applications has 10 entries; this file lists {}",
                out.len()
            ),
        );
    }
    out
}

/// The EU AI Act articles: known roles and conditions, a date, a summary; links to known
/// requirements with a known relationship, all editorial, and none where the AIMS does not
/// cover the article.
fn eu_list(
    v: &mut V,
    raw: Option<&(String, RawEu)>,
    requirements: &[Requirement],
) -> Vec<EuArticle> {
    let Some((file, list)) = raw else {
        return Vec::new();
    };
    let mut out: Vec<EuArticle> = Vec::new();
    for a in &list.articles {
        let id = a.id.value.trim().to_string();
        if out.iter().any(|x| x.id == id) {
            v.err(file, Some(pos(&a.id)), format!("duplicate article `{id}`"));
        }
        for role in &a.roles.value {
            if role != "all" && !reference::EU_ROLES.contains(&role.as_str()) {
                v.err(
                    file,
                    Some(pos(&a.roles)),
                    format!(
                        "`{id}`: unknown role `{role}`; allowed: all, {}",
                        reference::EU_ROLES.join(", ")
                    ),
                );
            }
        }
        const CONDITIONS: [&str; 5] = [
            "always",
            "high_risk",
            "transparency",
            "gpai",
            "gpai_systemic_risk",
        ];
        if !CONDITIONS.contains(&a.condition.value.as_str()) {
            v.err(
                file,
                Some(pos(&a.condition)),
                format!(
                    "`{id}`: unknown condition `{}`; allowed: {}",
                    a.condition.value,
                    CONDITIONS.join(", ")
                ),
            );
        }
        if !crate::read::is_date(a.applies_from.value.trim()) {
            v.err(
                file,
                Some(pos(&a.applies_from)),
                format!("`{id}`: `applies_from` must be a date YYYY-MM-DD"),
            );
        }
        for (field, val) in [("title", &a.title), ("summary", &a.summary)] {
            if val.value.trim().is_empty() {
                v.err(file, Some(pos(val)), format!("`{id}`: `{field}` is empty"));
            }
        }
        if !a.aims_covers && !a.links.is_empty() {
            v.err(
                file,
                Some(pos(&a.id)),
                format!(
                    "`{id}` says the AIMS does not cover it (`aims_covers: false`) but lists links"
                ),
            );
        }
        let mut links = Vec::new();
        for l in &a.links {
            let rid = l.requirement.value.trim();
            if !requirements.iter().any(|r| r.id == rid) {
                v.err(
                    file,
                    Some(pos(&l.requirement)),
                    format!("`{id}` links to unknown requirement `{rid}`"),
                );
            }
            const RELS: [&str; 4] = ["equal", "subset", "superset", "intersect"];
            if let Some(r) = l
                .relationship
                .as_ref()
                .filter(|r| !RELS.contains(&r.value.as_str()))
            {
                v.err(
                    file,
                    Some(pos(r)),
                    format!(
                        "`{id}`: unknown relationship `{}`; allowed: {}",
                        r.value,
                        RELS.join(", ")
                    ),
                );
            }
            if l.source.value != Source::Editorial {
                v.err(file, Some(pos(&l.source)), format!("`{id}`: EU AI Act links must have `source: editorial` (no authoritative mapping exists)"));
            }
            links.push(EuLink {
                requirement: rid.to_string(),
                relationship: l.relationship.as_ref().map(|r| r.value.clone()),
                source: l.source.value,
            });
        }
        out.push(EuArticle {
            id,
            title: a.title.value.trim().to_string(),
            roles: a.roles.value.clone(),
            condition: a.condition.value.clone(),
            applies_from: a.applies_from.value.trim().to_string(),
            summary: a.summary.value.trim().to_string(),
            aims_covers: a.aims_covers,
            links,
        });
    }
    out
}

/// The retired ids: each unique, not in use again, replaced by questions that exist.
fn retired_list(
    v: &mut V,
    raw: Option<&(String, RawRetiredFile)>,
    requirements: &[Requirement],
    profiles: &[Profile],
) -> Vec<Retired> {
    let Some((file, list)) = raw else {
        return Vec::new();
    };
    let live: BTreeSet<&str> = requirements
        .iter()
        .flat_map(|r| r.questions.iter())
        .chain(
            profiles
                .iter()
                .flat_map(|p| p.questions.iter().map(|(_, q)| q)),
        )
        .map(|q| q.id.as_str())
        .collect();
    let mut out: Vec<Retired> = Vec::new();
    for r in &list.retired {
        let id = r.id.value.trim().to_string();
        if live.contains(id.as_str()) {
            v.err(
                file,
                Some(pos(&r.id)),
                format!("retired id `{id}` is in use again; a retired id is never reused"),
            );
        }
        if out.iter().any(|o| o.id == id) {
            v.err(
                file,
                Some(pos(&r.id)),
                format!("retired id `{id}` is listed twice"),
            );
        }
        for by in &r.replaced_by {
            if !live.contains(by.value.trim()) {
                v.err(
                    file,
                    Some(pos(by)),
                    format!(
                        "`{id}` is replaced by `{}`, which is not a question of the catalog",
                        by.value.trim()
                    ),
                );
            }
        }
        if r.reason.value.trim().is_empty() {
            v.err(
                file,
                Some(pos(&r.reason)),
                format!("retired id `{id}`: `reason` is empty"),
            );
        }
        out.push(Retired {
            id,
            since: r.since.value.trim().to_string(),
            replaced_by: r
                .replaced_by
                .iter()
                .map(|b| b.value.trim().to_string())
                .collect(),
            reason: r.reason.value.trim().to_string(),
        });
    }
    out
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
            let note = l.note.as_ref().map(|n| n.value.trim().to_string());
            if let Some(n) = l.note.as_ref().filter(|n| n.value.trim().is_empty()) {
                v.err(
                    file,
                    Some(pos(n)),
                    format!("`{owner}`: an empty `note` on the link to `{id}`"),
                );
            }
            res.push(Link {
                id,
                source: l.source.value,
                note,
            });
        }
        res
    };
    out.nist = check(&maps.nist, nist_ids, "NIST AI RMF", false);
    out.owasp = check(&maps.owasp, owasp_ids, "OWASP LLM Top 10", true);
    out
}
