//! The catalog export document (`catalog export`): the validated catalog as stable JSON data,
//! cross-maps as ids. Data only; nothing is rendered here.

use crate::catalog::Catalog;
use serde::Serialize;

#[derive(Serialize)]
pub struct Export<'a> {
    name: &'a str,
    version: &'a str,
    sections: Vec<ExportSection<'a>>,
    requirements: Vec<ExportRequirement<'a>>,
    nist: &'a [crate::catalog::Reference],
    owasp: &'a [crate::catalog::Reference],
    profiles: Vec<ExportProfile<'a>>,
    /// Question ids taken out of the catalog, with what replaced them.
    retired: &'a [crate::catalog::Retired],
}

#[derive(Serialize)]
struct ExportSection<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct ExportRequirement<'a> {
    id: &'a str,
    section: &'a str,
    title: &'a str,
    /// The sub-clause group of a leaf (6.1, 7.5, 9.2, 9.3).
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<ExportGroup>,
    effort: &'a str,
    intent: &'a str,
    guidance: &'a str,
    evidence: &'a [String],
    fix: &'a str,
    questions: Vec<ExportQuestion<'a>>,
    maps: ExportMaps,
    links: &'a crate::catalog::Maps,
}

#[derive(Serialize)]
struct ExportGroup {
    id: &'static str,
    title: &'static str,
}

#[derive(Serialize)]
struct ExportQuestion<'a> {
    id: &'a str,
    text: &'a str,
    weight: u8,
    stage: u8,
    blocker: bool,
    critical: bool,
    snapshot: bool,
    action: &'a str,
}

#[derive(Serialize)]
struct ExportMaps {
    nist: Vec<String>,
    owasp: Vec<String>,
}

#[derive(Serialize)]
struct ExportProfile<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    questions: Vec<ExportProfileQuestion<'a>>,
}

#[derive(Serialize)]
struct ExportProfileQuestion<'a> {
    requirement: &'a str,
    id: &'a str,
    text: &'a str,
    weight: u8,
    stage: u8,
    blocker: bool,
    critical: bool,
    snapshot: bool,
    action: &'a str,
    maps: ExportMaps,
}

pub fn export(c: &Catalog) -> Export<'_> {
    Export {
        name: &c.name,
        version: &c.version,
        sections: c
            .sections
            .iter()
            .map(|s| ExportSection {
                id: &s.id,
                kind: s.kind.as_str(),
                title: &s.title,
            })
            .collect(),
        requirements: c
            .requirements
            .iter()
            .map(|r| ExportRequirement {
                id: &r.id,
                section: &r.section,
                title: &r.title,
                group: crate::catalog::reference::group_of(&r.id)
                    .map(|(id, title)| ExportGroup { id, title }),
                effort: r.effort.as_str(),
                intent: &r.intent,
                guidance: &r.guidance,
                evidence: &r.evidence,
                fix: &r.fix,
                questions: r
                    .questions
                    .iter()
                    .map(|q| ExportQuestion {
                        id: &q.id,
                        text: &q.text,
                        weight: q.weight,
                        stage: q.stage,
                        blocker: q.blocker,
                        critical: q.critical,
                        snapshot: q.snapshot,
                        action: &q.action,
                    })
                    .collect(),
                maps: ExportMaps {
                    nist: r.maps.nist_ids(),
                    owasp: r.maps.owasp_ids(),
                },
                links: &r.maps,
            })
            .collect(),
        nist: &c.nist,
        owasp: &c.owasp,
        profiles: c
            .profiles
            .iter()
            .map(|p| ExportProfile {
                id: &p.id,
                title: &p.title,
                description: &p.description,
                questions: p
                    .questions
                    .iter()
                    .map(|(rid, q)| ExportProfileQuestion {
                        requirement: rid,
                        id: &q.id,
                        text: &q.text,
                        weight: q.weight,
                        stage: q.stage,
                        blocker: q.blocker,
                        critical: q.critical,
                        snapshot: q.snapshot,
                        action: &q.action,
                        maps: ExportMaps {
                            nist: q.maps.nist_ids(),
                            owasp: q.maps.owasp_ids(),
                        },
                    })
                    .collect(),
            })
            .collect(),
        retired: &c.retired,
    }
}
