//! The Statement of Applicability (SoA): one row per Annex A control, built from the report
//! model, and its Markdown, CSV and XLSX renderers.
//!
//! A control is excluded when every one of its questions is answered `na` (their justifications
//! are the reason); a control with some `na` questions is included and the SoA lists the excluded
//! questions. The implementation status is the scorer's requirement status under another name;
//! nothing here computes a score.

use crate::catalog::{Catalog, Kind};

use super::report::{DISCLAIMER, FixView, Report};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Applicability {
    Included,
    Excluded,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Included => "Included",
            Applicability::Excluded => "Excluded",
        }
    }
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
    /// Every `na` question of the control. For an excluded control these are the reasons for
    /// the exclusion; for an included one, the questions excluded within it.
    pub exclusions: Vec<ExcludedQuestion>,
    pub implementation: Implementation,
    /// Null when the control is excluded.
    pub score: Option<f64>,
    /// Evidence references from the answers, de-duplicated, in question order.
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
    /// The justification for excluding the control: the one reason when every question gives
    /// the same, otherwise each question's reason under its id. Empty for an included control.
    pub fn exclusion_reason(&self) -> Vec<String> {
        if self.applicability == Applicability::Included {
            return Vec::new();
        }
        let first = self.exclusions.first().map(|e| e.justification.as_str());
        if self
            .exclusions
            .iter()
            .all(|e| Some(e.justification.as_str()) == first)
        {
            return first.map(|s| vec![s.to_string()]).unwrap_or_default();
        }
        Self::by_question(&self.exclusions)
    }

    /// The questions excluded within an included control, each as `id: justification`.
    pub fn excluded_questions(&self) -> Vec<String> {
        match self.applicability {
            Applicability::Included => Self::by_question(&self.exclusions),
            Applicability::Excluded => Vec::new(),
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
    pub summary: Summary,
    pub controls: Vec<Control>,
    /// The report's whole fix-list (for the XLSX "Fix-list" sheet).
    pub fixes: Vec<FixView>,
    pub disclaimer: String,
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
        let mut c = Control {
            id: rv.id.clone(),
            title: rv.title.clone(),
            objective: section.id.clone(),
            objective_title: section.title.clone(),
            applicability: if rv.status == "excluded" {
                Applicability::Excluded
            } else {
                Applicability::Included
            },
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
            answered: rv.questions.iter().filter(|q| q.answer.is_some()).count(),
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
        controls.push(c);
    }
    let count = |a: Applicability| controls.iter().filter(|c| c.applicability == a).count();
    let summary = Summary {
        controls: controls.len(),
        included: count(Applicability::Included),
        excluded: count(Applicability::Excluded),
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
