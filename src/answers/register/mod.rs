//! The answers file's registers: waivers on answers, the risk register (`risks`), the
//! Statement of Applicability's reasons per control (`soa`) and its document control
//! (`soa_meta`). This module owns their model; [`read`] validates them from the located tree,
//! every problem located and collected. Nothing here scores, reads a clock or formats reports.

mod read;

pub use read::{parse, waiver};
use std::collections::BTreeMap;

/// A time-limited, approved acceptance of a regression on one answer. It changes no score:
/// only `check`'s baseline gates honour it, up to and including `expires`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    pub reason: String,
    pub approved_by: String,
    /// The last day the waiver holds (YYYY-MM-DD).
    pub expires: String,
}

impl Waiver {
    /// Whether the waiver still holds on `date` (YYYY-MM-DD): on and before `expires`.
    /// ISO dates compare as text.
    pub fn holds_on(&self, date: &str) -> bool {
        date <= self.expires.as_str()
    }
}

/// How severe a risk is, lowest first (reports list the highest first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    Critical,
}

impl RiskLevel {
    pub const ALL: [RiskLevel; 4] = [
        RiskLevel::Low,
        RiskLevel::Medium,
        RiskLevel::High,
        RiskLevel::Critical,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
            RiskLevel::Critical => "critical",
        }
    }
}

/// Where a risk stands in its treatment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskStatus {
    Open,
    Treated,
    /// The residual risk is accepted (by `accepted_by`, on `accepted_on`).
    Accepted,
}

impl RiskStatus {
    pub const ALL: [RiskStatus; 3] = [RiskStatus::Open, RiskStatus::Treated, RiskStatus::Accepted];

    pub fn as_str(self) -> &'static str {
        match self {
            RiskStatus::Open => "open",
            RiskStatus::Treated => "treated",
            RiskStatus::Accepted => "accepted",
        }
    }
}

/// One entry of the risk register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Risk {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    pub level: RiskLevel,
    /// The requirements (clauses or Annex A controls) that treat the risk, as written.
    pub treatment: Vec<String>,
    pub status: RiskStatus,
    pub accepted_by: Option<String>,
    pub accepted_on: Option<String>,
}

/// Why a control is included in the Statement of Applicability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoaReason {
    Risk,
    Legal,
    Contractual,
    Business,
    BestPractice,
}

impl SoaReason {
    pub const ALL: [SoaReason; 5] = [
        SoaReason::Risk,
        SoaReason::Legal,
        SoaReason::Contractual,
        SoaReason::Business,
        SoaReason::BestPractice,
    ];

    /// The code written in the answers file.
    pub fn as_str(self) -> &'static str {
        match self {
            SoaReason::Risk => "risk",
            SoaReason::Legal => "legal",
            SoaReason::Contractual => "contractual",
            SoaReason::Business => "business",
            SoaReason::BestPractice => "best-practice",
        }
    }

    /// The reason for people.
    pub fn label(self) -> &'static str {
        match self {
            SoaReason::Risk => "risk assessment",
            SoaReason::Legal => "legal or regulatory requirement",
            SoaReason::Contractual => "contractual obligation",
            SoaReason::Business => "business requirement",
            SoaReason::BestPractice => "best practice",
        }
    }
}

/// What the answers file says about one control for the SoA.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SoaEntry {
    pub reasons: Vec<SoaReason>,
    /// Free text: the justification of an inclusion, or the one reason of an exclusion.
    pub note: Option<String>,
}

/// The SoA's document control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoaMeta {
    pub version: String,
    pub approved_by: String,
    pub approved_on: String,
}

/// Everything the registers of one answers file hold. Positions are not kept, so that an edit
/// elsewhere in the file leaves the register equal (the editor compares it before and after).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Register {
    /// Question id → its answer's waiver.
    pub waivers: BTreeMap<String, Waiver>,
    /// In file order.
    pub risks: Vec<Risk>,
    /// Annex A control id → its SoA entry.
    pub soa: BTreeMap<String, SoaEntry>,
    pub soa_meta: Option<SoaMeta>,
}
