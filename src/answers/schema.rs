//! The JSON Schema of the answers file (`aimscore schema`), generated with schemars from types
//! that mirror the file format, then narrowed to the catalog's question ids so editors can
//! complete and check them. The committed copy (`schema/answers.schema.json`) is kept fresh
//! by a test.

use crate::catalog::Catalog;
use schemars::{JsonSchema, schema_for};
use std::collections::BTreeMap;

/// An aimscore answers file (format version 1).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct AnswersFile {
    /// Location of this schema (ignored by aimscore).
    #[serde(rename = "$schema")]
    schema: Option<String>,
    /// File format version: 1.
    #[schemars(range(min = 1, max = 1))]
    aimscore: u32,
    /// The organization assessed.
    #[schemars(length(min = 1))]
    organization: String,
    /// What the AI management system covers.
    scope: Option<String>,
    /// Who ran the assessment.
    assessor: Option<String>,
    /// Date of the assessment (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    date: Option<String>,
    /// `full` (the default: every question) or `snapshot` (only the snapshot questions: an
    /// indicative first look that gives no readiness verdict).
    tier: Option<TierName>,
    /// Question overlays to switch on, e.g. `agentic`.
    profiles: Option<Vec<String>>,
    /// The organization's position under the EU AI Act, for the EU AI Act view.
    eu_ai_act: Option<EuBlock>,
    /// Path of an agent/MCP inventory written by `aimscore discover` (cited as evidence).
    inventory: Option<String>,
    /// Question id → answer. A question left out is unanswered.
    answers: Option<BTreeMap<String, Entry>>,
    /// The risk register.
    risks: Option<Vec<super::register_schema::RiskSpec>>,
    /// Annex A control id → why it is included (or the one reason it is excluded).
    soa: Option<BTreeMap<String, super::register_schema::SoaSpec>>,
    /// The Statement of Applicability's version and approval.
    soa_meta: Option<super::register_schema::SoaMetaSpec>,
}

/// The `eu_ai_act` block.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct EuBlock {
    /// The roles the organization holds for the AI systems in scope.
    roles: Option<Vec<EuRole>>,
    /// An Annex III or Annex I high-risk AI system is in scope.
    high_risk: Option<bool>,
    /// An Art. 50 system (chatbot, generated content, emotion recognition) is in scope.
    transparency: Option<bool>,
    /// The organization provides a general-purpose AI model with systemic risk.
    gpai_systemic_risk: Option<bool>,
}

/// An EU AI Act role.
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum EuRole {
    Provider,
    Deployer,
    Importer,
    Distributor,
    AuthorisedRepresentative,
    GpaiProvider,
}

/// The questionnaire a file answers.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum TierName {
    Full,
    Snapshot,
}

/// One answer.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct Entry {
    /// yes | partial | no | na (Annex A only, with a justification) | a maturity level 0..5.
    answer: AnswerSpelling,
    /// Evidence references (paths, links, record ids), each a string or a map `{ref, sha256,
    /// date, expires}`. A yes without evidence scores as partial.
    evidence: Option<Evidence>,
    /// Free-text note.
    note: Option<String>,
    /// Who owns closing the gap.
    owner: Option<String>,
    /// Due date of the fix (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    due: Option<String>,
    /// Why the question does not apply (required with `na`).
    justification: Option<String>,
    /// An approved, time-limited acceptance of a regression (honoured by `check --baseline`).
    waiver: Option<super::register_schema::WaiverSpec>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnswerSpelling {
    /// yes, partial, no or na (any case), or a maturity digit as a string.
    Word(#[schemars(regex(pattern = r"^(?i:yes|partial|no|na|[0-5])$"))] String),
    /// A maturity level 0..5.
    Maturity(#[schemars(range(min = 0, max = 5))] u8),
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum Evidence {
    One(String),
    Locked(EvidenceEntry),
    Many(Vec<EvidenceItem>),
}

/// An evidence entry in the list: a reference, or a map with what `aimscore evidence lock`
/// recorded.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum EvidenceItem {
    Ref(String),
    Locked(EvidenceEntry),
}

/// An evidence reference with its recorded hash and dates (`aimscore evidence lock` fills in
/// `sha256` and `date`).
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
#[allow(dead_code)]
struct EvidenceEntry {
    /// The document path (relative to the answers file), link or record id.
    #[serde(rename = "ref")]
    ref_: String,
    /// SHA-256 of the file, 64 hexadecimal digits.
    #[schemars(regex(pattern = r"^[0-9a-fA-F]{64}$"))]
    sha256: Option<String>,
    /// The file's modification date when locked, or the record's date (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    date: Option<String>,
    /// The date after which the evidence no longer stands (YYYY-MM-DD).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    expires: Option<String>,
}

/// The schema as pretty JSON (with a trailing newline), listing every question id of the
/// catalog and of all its profiles.
pub fn schema_json(catalog: &Catalog) -> String {
    let schema = schema_for!(AnswersFile);
    let mut v = schema.to_value();
    let mut ids: Vec<String> = catalog.questions().map(|(_, q)| q.id.clone()).collect();
    for p in &catalog.profiles {
        ids.extend(p.questions.iter().map(|(_, q)| q.id.clone()));
    }
    if let Some(obj) = v.as_object_mut() {
        obj.insert(
            "$id".into(),
            serde_json::json!("https://aimscore.dev/schema/answers-1.json"),
        );
        obj.insert("title".into(), serde_json::json!("aimscore answers file"));
        if let Some(a) = obj
            .get_mut("properties")
            .and_then(|p| p.get_mut("answers"))
            .and_then(|a| a.as_object_mut())
        {
            a.insert("propertyNames".into(), serde_json::json!({ "enum": ids }));
        }
    }
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}
