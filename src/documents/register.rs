//! The registers as the report shows them: waivers with their status as of a date, the risk
//! register (highest level first) with the scores of its treating requirements, and the SoA's
//! reasons and document control. Data only: no clock is read here (the date is passed in),
//! no score is computed (scores come from the report's requirements), nothing is formatted.

use super::report::RequirementView;
use crate::answers::Answers;
use crate::answers::register::{RiskLevel, Waiver};
use crate::catalog::Catalog;
use serde::{Deserialize, Serialize};

/// One waiver on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WaiverView {
    pub question: String,
    pub requirement: String,
    pub reason: String,
    pub approved_by: String,
    /// The last day the waiver holds (YYYY-MM-DD).
    pub expires: String,
    /// `active` (on or before `expires`), `expired`, or `undated` when there is no date to
    /// compare with (a report of an answers file without `date`).
    pub status: String,
}

/// `active`, `expired` or `undated` for a waiver as of `date`.
pub fn waiver_status(w: &Waiver, date: Option<&str>) -> &'static str {
    match date {
        None => "undated",
        Some(d) if w.holds_on(d) => "active",
        Some(_) => "expired",
    }
}

/// Every waiver of the answers, in catalog order of its question, with its status as of
/// `date` (the answers file's `date` in reports; `check --as-of` in `check`).
pub fn waivers(catalog: &Catalog, answers: &Answers, date: Option<&str>) -> Vec<WaiverView> {
    let waivers = &answers.meta.register.waivers;
    if waivers.is_empty() {
        return Vec::new();
    }
    catalog
        .questions()
        .filter_map(|(r, q)| {
            let w = waivers.get(&q.id)?;
            Some(WaiverView {
                question: q.id.clone(),
                requirement: r.id.clone(),
                reason: w.reason.clone(),
                approved_by: w.approved_by.clone(),
                expires: w.expires.clone(),
                status: waiver_status(w, date).to_string(),
            })
        })
        .collect()
}

/// A requirement that treats a risk, with its score as the report gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TreatmentView {
    pub requirement: String,
    pub title: String,
    /// Null when every question of the requirement is excluded.
    pub score: Option<f64>,
    /// The requirement's status (`met`, `partial`, `not-met`, `unanswered`, `excluded`).
    pub status: String,
}

/// One entry of the risk register.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskView {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    /// `critical`, `high`, `medium` or `low`.
    pub level: String,
    /// `open`, `treated` or `accepted`.
    pub status: String,
    pub accepted_by: Option<String>,
    pub accepted_on: Option<String>,
    pub treatment: Vec<TreatmentView>,
}

/// The risk register, highest level first, file order within a level.
pub fn risks(answers: &Answers, requirements: &[RequirementView]) -> Vec<RiskView> {
    let mut list: Vec<_> = answers.meta.register.risks.iter().collect();
    // A stable sort keeps the file's order within a level.
    list.sort_by_key(|r| std::cmp::Reverse(r.level));
    list.into_iter()
        .map(|r| RiskView {
            id: r.id.clone(),
            title: r.title.clone(),
            owner: r.owner.clone(),
            level: r.level.as_str().to_string(),
            status: r.status.as_str().to_string(),
            accepted_by: r.accepted_by.clone(),
            accepted_on: r.accepted_on.clone(),
            treatment: r
                .treatment
                .iter()
                .map(|id| {
                    let rv = requirements.iter().find(|x| &x.id == id);
                    TreatmentView {
                        requirement: id.clone(),
                        title: rv.map(|x| x.title.clone()).unwrap_or_default(),
                        score: rv.and_then(|x| x.score),
                        status: rv.map_or_else(|| "unanswered".into(), |x| x.status.clone()),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The levels in the order reports list them, highest first.
pub fn levels_highest_first() -> Vec<&'static str> {
    RiskLevel::ALL.iter().rev().map(|l| l.as_str()).collect()
}

/// The SoA's document control, as given in `soa_meta`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SoaMetaView {
    pub version: String,
    pub approved_by: String,
    pub approved_on: String,
}

/// What the answers file's `soa:` says about one control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SoaReasonsView {
    pub control: String,
    /// Reason codes: `risk`, `legal`, `contractual`, `business`, `best-practice`.
    pub reasons: Vec<String>,
    pub note: Option<String>,
}

pub fn soa_meta(answers: &Answers) -> Option<SoaMetaView> {
    answers
        .meta
        .register
        .soa_meta
        .as_ref()
        .map(|m| SoaMetaView {
            version: m.version.clone(),
            approved_by: m.approved_by.clone(),
            approved_on: m.approved_on.clone(),
        })
}

/// The `soa:` entries in catalog order.
pub fn soa_reasons(catalog: &Catalog, answers: &Answers) -> Vec<SoaReasonsView> {
    let soa = &answers.meta.register.soa;
    catalog
        .requirements
        .iter()
        .filter_map(|r| {
            let e = soa.get(&r.id)?;
            Some(SoaReasonsView {
                control: r.id.clone(),
                reasons: e.reasons.iter().map(|x| x.as_str().to_string()).collect(),
                note: e.note.clone(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(expires: &str) -> Waiver {
        Waiver {
            reason: "r".into(),
            approved_by: "a".into(),
            expires: expires.into(),
        }
    }

    #[test]
    fn a_waiver_holds_through_its_expiry_date_and_not_after() {
        assert_eq!(
            waiver_status(&w("2027-01-31"), Some("2027-01-30")),
            "active"
        );
        assert_eq!(
            waiver_status(&w("2027-01-31"), Some("2027-01-31")),
            "active"
        );
        assert_eq!(
            waiver_status(&w("2027-01-31"), Some("2027-02-01")),
            "expired"
        );
        assert_eq!(waiver_status(&w("2027-01-31"), None), "undated");
    }

    #[test]
    fn levels_are_listed_highest_first() {
        assert_eq!(
            levels_highest_first(),
            ["critical", "high", "medium", "low"]
        );
    }
}
