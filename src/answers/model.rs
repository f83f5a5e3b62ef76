//! Validated answers.

use super::evidence::Evidence;
use crate::error::Pos;
use std::collections::BTreeMap;

/// One answer value as the user gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerValue {
    Yes,
    Partial,
    No,
    /// Not applicable: Annex A only, with a justification; drops out of every score.
    Na,
    /// A maturity level 0..=5.
    Maturity(u8),
}

impl AnswerValue {
    /// The canonical spelling (`yes`, `partial`, `no`, `na`, `0`..`5`).
    pub fn as_str(&self) -> String {
        match self {
            AnswerValue::Yes => "yes".into(),
            AnswerValue::Partial => "partial".into(),
            AnswerValue::No => "no".into(),
            AnswerValue::Na => "na".into(),
            AnswerValue::Maturity(m) => m.to_string(),
        }
    }

    /// Parses a canonical or user spelling (case-insensitive; maturity as digits).
    pub fn parse(s: &str) -> Option<AnswerValue> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" => Some(AnswerValue::Yes),
            "partial" => Some(AnswerValue::Partial),
            "no" => Some(AnswerValue::No),
            "na" => Some(AnswerValue::Na),
            d if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() => {
                let m = d.as_bytes()[0] - b'0';
                (m <= 5).then_some(AnswerValue::Maturity(m))
            }
            _ => None,
        }
    }
}

/// One answered question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub value: AnswerValue,
    /// Evidence entries (references, with what `evidence lock` recorded), in file order.
    pub evidence: Vec<Evidence>,
    pub note: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub justification: Option<String>,
    /// Where the answer's key stands in the file (for SARIF and error messages).
    pub pos: Pos,
}

impl Answer {
    /// The references of the answer's evidence, in file order.
    pub fn evidence_refs(&self) -> Vec<String> {
        self.evidence.iter().map(|e| e.ref_.clone()).collect()
    }
}

/// The header of an answers file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Meta {
    pub organization: String,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    pub profiles: Vec<String>,
    /// `tier:`: `full` (the default) or `snapshot` (the short first assessment).
    pub tier: Tier,
    /// `eu_ai_act:`: the organization's position under the EU AI Act, for the EU AI Act view.
    pub eu_ai_act: Option<EuAiAct>,
    /// `inventory:`: the path of an agent/MCP inventory (from `aimscore discover`), as written.
    pub inventory: Option<String>,
    /// Waivers, the risk register, the SoA's reasons and document control.
    pub register: super::register::Register,
}

/// The `eu_ai_act` block: which roles the organization holds and which conditions apply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EuAiAct {
    /// Role codes: provider, deployer, importer, distributor, authorised_representative,
    /// gpai_provider.
    pub roles: Vec<String>,
    /// An Annex III or Annex I high-risk system is in scope.
    pub high_risk: bool,
    /// An Art. 50 system (chatbot, generated content, emotion recognition) is in scope.
    pub transparency: bool,
    /// A general-purpose AI model with systemic risk is provided.
    pub gpai_systemic_risk: bool,
}

/// Which questionnaire a file answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tier {
    /// Every question of the catalog (and the profiles switched on).
    #[default]
    Full,
    /// Only the questions flagged `snapshot: true`: an indicative first look.
    Snapshot,
}

impl Tier {
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Full => "full",
            Tier::Snapshot => "snapshot",
        }
    }
}

/// A validated answers file.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// The path as the user gave it.
    pub source: String,
    pub meta: Meta,
    /// Question id → answer. Ids are known to the catalog the file was validated against.
    pub answers: BTreeMap<String, Answer>,
}
