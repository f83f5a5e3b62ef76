//! The Statement of Applicability (SoA): one row per Annex A control, built from the report
//! model (its renderers live in `render/`).
//!
//! A control is excluded when every one of its questions is answered `na` (the control's
//! `soa.note`, or else its questions' justifications, de-duplicated, are the reason); it is
//! "to be decided" when none of its questions is answered; otherwise it is included, and the
//! inclusion is justified by the risks whose treatment names the control and by the reasons
//! and note of its `soa:` entry. A control with some `na` questions stays included and the SoA
//! lists the excluded questions. The implementation status is the scorer's requirement status
//! under another name; nothing here computes a score.

use crate::catalog::{Catalog, Kind};

use super::register::SoaMetaView;
use super::report::{DISCLAIMER, FixView, Report};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Applicability {
    Included,
    Excluded,
    /// None of the control's questions is answered: nobody has decided yet.
    ToBeDecided,
}

impl Applicability {
    pub const ALL: [Applicability; 3] = [
        Applicability::Included,
        Applicability::Excluded,
        Applicability::ToBeDecided,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Included => "Included",
            Applicability::Excluded => "Excluded",
            Applicability::ToBeDecided => "To be decided",
        }
    }
}

/// What the SoA says when `soa_meta` does not approve it.
pub const DRAFT: &str = "Draft: not approved";

/// A risk that names a control in its treatment.
#[derive(Debug, Clone, Serialize)]
pub struct TreatedRisk {
    pub id: String,
    pub title: String,
    pub level: String,
    pub status: String,
}

/// How far a control is implemented, from the answers to its questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Implementation {
    Implemented,
    PartiallyImplemented,
    NotImplemented,
    NotAssessed,
    NotApplicable,
}

impl Implementation {
    pub const ALL: [Implementation; 5] = [
        Implementation::Implemented,
        Implementation::PartiallyImplemented,
        Implementation::NotImplemented,
        Implementation::NotAssessed,
        Implementation::NotApplicable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Implementation::Implemented => "Implemented",
            Implementation::PartiallyImplemented => "Partially implemented",
            Implementation::NotImplemented => "Not implemented",
            Implementation::NotAssessed => "Not assessed",
            Implementation::NotApplicable => "Not applicable",
        }
    }

    /// What the status means, stated in every format.
    pub fn meaning(self) -> &'static str {
        match self {
            Implementation::Implemented => {
                "score 100: every applicable question is fully met (an evidenced yes or maturity 5)"
            }
            Implementation::PartiallyImplemented => "score above 0 and below 100",
            Implementation::NotImplemented => "answered, and every applicable question scores 0",
            Implementation::NotAssessed => "none of the control's questions is answered",
            Implementation::NotApplicable => {
                "the control is excluded: every question is answered na with a justification"
            }
        }
    }

    /// The status for a requirement status of the report model (`met`, `partial`, …).
    fn from_status(status: &str) -> Implementation {
        match status {
            "met" => Implementation::Implemented,
            "partial" => Implementation::PartiallyImplemented,
            "not-met" => Implementation::NotImplemented,
            "excluded" => Implementation::NotApplicable,
            _ => Implementation::NotAssessed,
        }
    }
}

/// A question answered `na`, with its justification.
#[derive(Debug, Clone, Serialize)]
pub struct ExcludedQuestion {
    pub question: String,
    pub justification: String,
}

/// A question a profile added to a control.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileQuestion {
    pub question: String,
    pub profile: String,
}

/// One row of the SoA.
#[derive(Debug, Clone, Serialize)]
pub struct Control {
    pub id: String,
    pub title: String,
    /// The control objective (`A.6`) and its title.
    pub objective: String,
    pub objective_title: String,
    pub applicability: Applicability,
    /// The risks whose treatment names the control, highest level first.
    pub risks: Vec<TreatedRisk>,
    /// The reasons of the control's `soa:` entry (`risk`, `legal`, …), as codes.
    pub reasons: Vec<String>,
    /// The note of the control's `soa:` entry.
    pub note: Option<String>,
    /// Every `na` question of the control. For an excluded control these are the reasons for
    /// the exclusion; for an included one, the questions excluded within it.
    pub exclusions: Vec<ExcludedQuestion>,
    pub implementation: Implementation,
    /// Null when the control is excluded.
    pub score: Option<f64>,
    /// Evidence references from the answers, de-duplicated, in question order; none for an
    /// excluded control (what is left in the answers of a control out of scope is not evidence).
    pub evidence: Vec<String>,
    pub owners: Vec<String>,
    pub due: Vec<String>,
    pub nist: Vec<String>,
    pub owasp: Vec<String>,
    pub profile_questions: Vec<ProfileQuestion>,
    pub questions: usize,
    pub answered: usize,
}

impl Control {
    /// The justification for excluding the control: its `soa.note` when given, else its
    /// questions' justifications, each distinct one once. Empty unless the control is excluded.
    pub fn exclusion_reason(&self) -> Vec<String> {
        if self.applicability != Applicability::Excluded {
            return Vec::new();
        }
        if let Some(n) = &self.note {
            return vec![n.clone()];
        }
        let mut out = Vec::new();
        for e in &self.exclusions {
            push_unique(&mut out, &e.justification);
        }
        out
    }

    /// The justification for including the control, one line each: the risks that it treats,
    /// then the reasons of its `soa:` entry, then its note (for a control still to be decided,
    /// marked "Pending:"). Empty for an excluded control.
    pub fn inclusion_justification(&self) -> Vec<String> {
        if self.applicability == Applicability::Excluded {
            return Vec::new();
        }
        let mut out: Vec<String> = self
            .risks
            .iter()
            .map(|r| format!("Risk {} ({}): {}", r.id, r.level, r.title))
            .collect();
        for code in &self.reasons {
            if code == "risk" && !self.risks.is_empty() {
                continue; // the risks above already say it
            }
            out.push(reason_label(code).to_string());
        }
        match (&self.note, self.applicability) {
            (Some(n), Applicability::ToBeDecided) => out.push(format!("Pending: {n}")),
            (Some(n), _) => out.push(n.clone()),
            (None, _) => {}
        }
        out
    }

    /// True for an included control that nothing justifies (no risk, reason or note).
    pub fn lacks_inclusion_justification(&self) -> bool {
        self.applicability == Applicability::Included && self.inclusion_justification().is_empty()
    }

    /// The questions excluded within an included control, each as `id: justification`.
    pub fn excluded_questions(&self) -> Vec<String> {
        match self.applicability {
            Applicability::Excluded => Vec::new(),
            _ => Self::by_question(&self.exclusions),
        }
    }

    fn by_question(list: &[ExcludedQuestion]) -> Vec<String> {
        list.iter()
            .map(|e| format!("{}: {}", e.question, e.justification))
            .collect()
    }

    pub fn profile_question_ids(&self) -> Vec<String> {
        self.profile_questions
            .iter()
            .map(|p| format!("{} ({})", p.question, p.profile))
            .collect()
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub controls: usize,
    pub included: usize,
    pub excluded: usize,
    /// Controls none of whose questions is answered.
    pub to_be_decided: usize,
    /// Included controls with no risk, reason or note to justify them.
    pub unjustified: usize,
    /// Included controls with at least one excluded question.
    pub partly_excluded: usize,
    /// (status, number of controls) in the order of [`Implementation::ALL`].
    pub by_status: Vec<(String, usize)>,
}

/// The Statement of Applicability.
#[derive(Debug, Clone, Serialize)]
pub struct Soa {
    pub organization: String,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    pub source: String,
    /// How the SoA names the answers file (its file name, or `--label NAME`).
    pub source_name: String,
    pub catalog: String,
    pub catalog_version: String,
    pub tool_version: String,
    pub profiles: Vec<String>,
    pub trust_claims: bool,
    /// The document control (`soa_meta`); none for a draft.
    pub document: Option<SoaMetaView>,
    pub summary: Summary,
    pub controls: Vec<Control>,
    /// The report's whole fix-list (for the XLSX "Fix-list" sheet).
    pub fixes: Vec<FixView>,
    pub disclaimer: String,
}

impl Soa {
    /// "Version 1.2, approved by … on …", or "Draft: not approved".
    pub fn approval(&self) -> String {
        match &self.document {
            Some(m) => format!(
                "Version {}, approved by {} on {}",
                m.version, m.approved_by, m.approved_on
            ),
            None => DRAFT.to_string(),
        }
    }
}

/// The reason code of a `soa:` entry for people.
pub fn reason_label(code: &str) -> &'static str {
    crate::answers::register::SoaReason::ALL
        .into_iter()
        .find(|r| r.as_str() == code)
        .map_or("other reason", |r| r.label())
}

/// Builds the SoA from a report and the catalog it was scored with (profiles switched on).
/// Long on purpose: one row per Annex A control, each column computed next to its neighbours as the SoA reads.
pub fn build(catalog: &Catalog, report: &Report) -> Soa {
    let mut controls = Vec::new();
    for rv in &report.requirements {
        let Some(req) = catalog.requirement(&rv.id) else {
            continue;
        };
        let Some(section) = catalog.section(&req.section) else {
            continue;
        };
        if section.kind != Kind::Annex {
            continue;
        }
        let answered = rv.questions.iter().filter(|q| q.answer.is_some()).count();
        let entry = report.soa_reasons.iter().find(|e| e.control == rv.id);
        let mut c = Control {
            id: rv.id.clone(),
            title: rv.title.clone(),
            objective: section.id.clone(),
            objective_title: section.title.clone(),
            applicability: if rv.status == "excluded" {
                Applicability::Excluded
            } else if answered == 0 {
                Applicability::ToBeDecided
            } else {
                Applicability::Included
            },
            // The report lists risks highest level first.
            risks: report
                .risks
                .iter()
                .filter(|r| r.treatment.iter().any(|t| t.requirement == rv.id))
                .map(|r| TreatedRisk {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    level: r.level.clone(),
                    status: r.status.clone(),
                })
                .collect(),
            reasons: entry.map(|e| e.reasons.clone()).unwrap_or_default(),
            note: entry.and_then(|e| e.note.clone()),
            exclusions: Vec::new(),
            implementation: Implementation::from_status(&rv.status),
            score: rv.score,
            evidence: Vec::new(),
            owners: Vec::new(),
            due: Vec::new(),
            nist: req.maps.nist_ids(),
            owasp: req.maps.owasp_ids(),
            profile_questions: Vec::new(),
            questions: rv.questions.len(),
            answered,
        };
        for qv in &rv.questions {
            if qv.answer.as_deref() == Some("na") {
                c.exclusions.push(ExcludedQuestion {
                    question: qv.id.clone(),
                    justification: qv.justification.clone().unwrap_or_default(),
                });
            }
            for e in &qv.evidence {
                push_unique(&mut c.evidence, e);
            }
            if let Some(o) = &qv.owner {
                push_unique(&mut c.owners, o);
            }
            if let Some(d) = &qv.due {
                push_unique(&mut c.due, d);
            }
            if let Some(p) = &qv.profile {
                c.profile_questions.push(ProfileQuestion {
                    question: qv.id.clone(),
                    profile: p.clone(),
                });
            }
            if let Some(q) = req.questions.iter().find(|q| q.id == qv.id) {
                for id in q.maps.nist_ids() {
                    push_unique(&mut c.nist, &id);
                }
                for id in q.maps.owasp_ids() {
                    push_unique(&mut c.owasp, &id);
                }
            }
        }
        if c.applicability == Applicability::Excluded {
            c.evidence.clear();
        }
        controls.push(c);
    }
    let count = |a: Applicability| controls.iter().filter(|c| c.applicability == a).count();
    let summary = Summary {
        controls: controls.len(),
        included: count(Applicability::Included),
        excluded: count(Applicability::Excluded),
        to_be_decided: count(Applicability::ToBeDecided),
        unjustified: controls
            .iter()
            .filter(|c| c.lacks_inclusion_justification())
            .count(),
        partly_excluded: controls
            .iter()
            .filter(|c| c.applicability == Applicability::Included && !c.exclusions.is_empty())
            .count(),
        by_status: Implementation::ALL
            .iter()
            .map(|s| {
                (
                    s.as_str().to_string(),
                    controls.iter().filter(|c| c.implementation == *s).count(),
                )
            })
            .collect(),
    };
    Soa {
        organization: report.organization.clone(),
        scope: report.scope.clone(),
        assessor: report.assessor.clone(),
        date: report.date.clone(),
        source: report.source.clone(),
        source_name: report.source_name.clone(),
        catalog: report.catalog.name.clone(),
        catalog_version: report.catalog.version.clone(),
        tool_version: report.tool.version.clone(),
        profiles: report.profiles.clone(),
        trust_claims: report.trust_claims,
        document: report.soa_meta.clone(),
        summary,
        controls,
        fixes: report.fixes.clone(),
        disclaimer: DISCLAIMER.to_string(),
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_from_requirement_statuses() {
        assert_eq!(
            Implementation::from_status("met"),
            Implementation::Implemented
        );
        assert_eq!(
            Implementation::from_status("partial"),
            Implementation::PartiallyImplemented
        );
        assert_eq!(
            Implementation::from_status("not-met"),
            Implementation::NotImplemented
        );
        assert_eq!(
            Implementation::from_status("unanswered"),
            Implementation::NotAssessed
        );
        assert_eq!(
            Implementation::from_status("excluded"),
            Implementation::NotApplicable
        );
    }
}
