//! The JSON Schema types of the registers (waivers, `risks`, `soa`, `soa_meta`), mirroring
//! what [`super::register`] accepts, for [`super::schema`]. Types only: nothing here validates.

use schemars::JsonSchema;

/// A time-limited, approved acceptance of a regression: `check --baseline` compares the
/// question with its baseline answer until `expires` (inclusive). Scores are unchanged.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub(super) struct WaiverSpec {
    /// Why the regression is accepted.
    #[schemars(length(min = 1))]
    reason: String,
    /// Who approved the waiver.
    #[schemars(length(min = 1))]
    approved_by: String,
    /// The last day the waiver holds (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    expires: String,
}

/// One entry of the risk register.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub(super) struct RiskSpec {
    /// A short id, unique in the register (e.g. R-01).
    #[schemars(length(min = 1))]
    id: String,
    /// What could go wrong.
    #[schemars(length(min = 1))]
    title: String,
    /// Who owns the risk.
    owner: Option<String>,
    level: RiskLevelSpec,
    /// The requirements (clauses or Annex A controls, e.g. `A.6.2.8`) that treat the risk; the
    /// SoA cites the risk as a reason to include those controls.
    treatment: Option<Vec<String>>,
    status: RiskStatusSpec,
    /// Who accepted the residual risk (required with `status: accepted`).
    accepted_by: Option<String>,
    /// When the residual risk was accepted, YYYY-MM-DD (required with `status: accepted`).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    accepted_on: Option<String>,
}

/// How severe a risk is.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub(super) enum RiskLevelSpec {
    Low,
    Medium,
    High,
    Critical,
}

/// Where a risk stands.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub(super) enum RiskStatusSpec {
    Open,
    Treated,
    Accepted,
}

/// What the Statement of Applicability says about one Annex A control.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub(super) struct SoaSpec {
    /// Why the control is included.
    reasons: Option<Vec<SoaReasonSpec>>,
    /// A justification in words: of the inclusion, or the one reason of an exclusion.
    note: Option<String>,
}

/// A reason to include a control.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
pub(super) enum SoaReasonSpec {
    Risk,
    Legal,
    Contractual,
    Business,
    BestPractice,
}

/// The Statement of Applicability's document control; without it the SoA is a draft.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
pub(super) struct SoaMetaSpec {
    /// The SoA's version, e.g. "1.1".
    #[schemars(length(min = 1))]
    version: String,
    /// Who approved it.
    #[schemars(length(min = 1))]
    approved_by: String,
    /// When, YYYY-MM-DD.
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    approved_on: String,
}
