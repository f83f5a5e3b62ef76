//! The raw, located catalog types that the YAML files deserialize into, before validation.
//! Shared by loading (which fills them) and validation (which turns them into the model); they
//! hold no logic.

use super::model::{Effort, Source};
use serde::Deserialize;
use serde_saphyr::Spanned;

/// Raw, located catalog parts, before validation.
#[derive(Debug, Default)]
pub struct RawCatalog {
    pub meta: Option<(String, RawMeta)>,
    pub parts: Vec<(String, RawPart)>,
    pub nist: Option<(String, RawNist)>,
    pub owasp: Option<(String, RawOwasp)>,
    pub profiles: Vec<(String, RawProfile)>,
    pub retired: Option<(String, RawRetiredFile)>,
    pub owasp_agentic: Option<(String, RawAgentic)>,
    pub eu_ai_act: Option<(String, RawEu)>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgentic {
    pub name: String,
    pub version: String,
    pub entries: Vec<RawAgenticEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAgenticEntry {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub summary: Spanned<String>,
    #[serde(default)]
    pub requirements: Vec<Spanned<String>>,
    #[serde(default)]
    pub questions: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEu {
    pub name: String,
    pub version: String,
    pub articles: Vec<RawEuArticle>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEuArticle {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub roles: Spanned<Vec<String>>,
    pub condition: Spanned<String>,
    pub applies_from: Spanned<String>,
    pub summary: Spanned<String>,
    pub aims_covers: bool,
    #[serde(default)]
    pub links: Vec<RawEuLink>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEuLink {
    pub requirement: Spanned<String>,
    #[serde(default)]
    pub relationship: Option<Spanned<String>>,
    pub source: Spanned<Source>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetiredFile {
    pub retired: Vec<RawRetired>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetired {
    pub id: Spanned<String>,
    pub since: Spanned<String>,
    #[serde(default)]
    pub replaced_by: Vec<Spanned<String>>,
    pub reason: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPart {
    pub sections: Vec<RawSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub title: Spanned<String>,
    pub requirements: Vec<RawRequirement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRequirement {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub effort: Spanned<Effort>,
    pub intent: Spanned<String>,
    pub guidance: Spanned<String>,
    pub evidence: Spanned<Vec<String>>,
    pub fix: Spanned<String>,
    pub maps: RawMaps,
    pub questions: Spanned<Vec<RawQuestion>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMaps {
    #[serde(default)]
    pub nist: Vec<RawLink>,
    #[serde(default)]
    pub owasp: Vec<RawLink>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub id: Spanned<String>,
    pub source: Spanned<Source>,
    #[serde(default)]
    pub note: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    pub weight: Spanned<i64>,
    pub stage: Spanned<i64>,
    #[serde(default)]
    pub blocker: bool,
    #[serde(default)]
    pub critical: bool,
    #[serde(default)]
    pub snapshot: bool,
    pub action: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNist {
    pub name: String,
    pub version: String,
    pub subcategories: Vec<RawNistEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNistEntry {
    pub id: Spanned<String>,
    pub function: Spanned<String>,
    pub title: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOwasp {
    pub name: String,
    pub version: String,
    pub entries: Vec<RawOwaspEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOwaspEntry {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    pub description: Spanned<String>,
    pub questions: Vec<RawProfileQuestion>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProfileQuestion {
    pub requirement: Spanned<String>,
    pub id: Spanned<String>,
    pub text: Spanned<String>,
    pub weight: Spanned<i64>,
    pub stage: Spanned<i64>,
    #[serde(default)]
    pub critical: bool,
    #[serde(default)]
    pub snapshot: bool,
    pub action: Spanned<String>,
    #[serde(default)]
    pub maps: RawMaps,
}
