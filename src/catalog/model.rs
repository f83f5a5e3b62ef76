//! Validated catalog types. Nothing here can hold an unknown id or a dangling cross-map.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole catalog, validated.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    pub name: String,
    pub version: String,
    pub sections: Vec<Section>,
    pub requirements: Vec<Requirement>,
    pub nist: Vec<Reference>,
    pub owasp: Vec<Reference>,
    /// The OWASP Top 10 for Agentic Applications 2026 (empty when the catalog has no such file).
    #[serde(default)]
    pub owasp_agentic: Vec<Reference>,
    /// EU AI Act articles (empty when the catalog has no such file).
    #[serde(default)]
    pub eu_ai_act: Vec<EuArticle>,
    /// Profiles that can be switched on (their questions are not in `requirements` until
    /// [`Catalog::with_profiles`] adds them).
    pub profiles: Vec<Profile>,
    /// Profiles whose questions have been added to `requirements`.
    pub active_profiles: Vec<String>,
    /// Question ids that no longer exist, with what replaced them (ids are never reused).
    #[serde(default)]
    pub retired: Vec<Retired>,
}

/// An article of the EU AI Act, with who it addresses and when it applies.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EuArticle {
    pub id: String,
    /// The official title.
    pub title: String,
    /// Role codes (`provider`, `deployer`, …) or `all`.
    pub roles: Vec<String>,
    /// `always`, `high_risk`, `transparency`, `gpai` or `gpai_systemic_risk`.
    pub condition: String,
    /// Date of application (Art. 113), YYYY-MM-DD.
    pub applies_from: String,
    /// One line, in our words.
    pub summary: String,
    /// False where an AI management system cannot meet the article (act on it separately).
    pub aims_covers: bool,
    /// Requirements that support it, each with `relationship` and `source: editorial`.
    pub links: Vec<EuLink>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EuLink {
    pub requirement: String,
    /// `equal`, `subset`, `superset` or `intersect`, from the article's side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<String>,
    pub source: Source,
}

/// A question id taken out of the catalog: answers files that still use it get a message naming
/// its replacement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Retired {
    pub id: String,
    /// The catalog version that retired it.
    pub since: String,
    /// The question ids that now ask what it asked (empty when nothing does).
    pub replaced_by: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A management-system clause (4–10): mandatory, never excludable.
    Clause,
    /// An Annex A control objective (A.2–A.10).
    Annex,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Clause => "clause",
            Kind::Annex => "annex",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub kind: Kind,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Effort {
    S,
    M,
    L,
}

impl Effort {
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::S => "S",
            Effort::M => "M",
            Effort::L => "L",
        }
    }
}

/// Where a cross-map edge comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The NIST AI Resource Center crosswalk "NIST AI RMF to ISO/IEC 42001".
    #[serde(rename = "nist-airc")]
    NistAirc,
    /// Our own judgement.
    #[serde(rename = "editorial")]
    Editorial,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::NistAirc => "nist-airc",
            Source::Editorial => "editorial",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Link {
    pub id: String,
    pub source: Source,
    /// Why a flagged source row was read the way it was (e.g. a misprinted id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Maps {
    pub nist: Vec<Link>,
    pub owasp: Vec<Link>,
    /// OWASP Agentic 2026 risks this mitigates (editorial; from `controls/owasp-agentic-2026.yaml`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owasp_agentic: Vec<Link>,
}

impl Maps {
    pub fn nist_ids(&self) -> Vec<String> {
        self.nist.iter().map(|l| l.id.clone()).collect()
    }
    pub fn owasp_ids(&self) -> Vec<String> {
        self.owasp.iter().map(|l| l.id.clone()).collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Requirement {
    pub id: String,
    pub section: String,
    pub title: String,
    pub effort: Effort,
    pub intent: String,
    pub guidance: String,
    pub evidence: Vec<String>,
    pub fix: String,
    pub maps: Maps,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub weight: u8,
    pub stage: u8,
    /// A Stage 1 audit cannot pass without it (clauses only).
    pub blocker: bool,
    /// A Stage 2 audit cannot pass without it.
    #[serde(default)]
    pub critical: bool,
    /// Part of the short snapshot questionnaire.
    #[serde(default)]
    pub snapshot: bool,
    /// What closes this question's gap, in one to three sentences.
    #[serde(default)]
    pub action: String,
    /// The profile that added this question, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Cross-maps of the question itself (profile questions), on top of its requirement's.
    #[serde(default, skip_serializing_if = "Maps::is_empty")]
    pub maps: Maps,
}

impl Maps {
    pub fn is_empty(&self) -> bool {
        self.nist.is_empty() && self.owasp.is_empty() && self.owasp_agentic.is_empty()
    }
}

/// A NIST AI RMF subcategory or an OWASP LLM Top 10 entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Reference {
    pub id: String,
    pub title: String,
}

/// An overlay of questions for a kind of organization (e.g. `agentic`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    pub id: String,
    pub title: String,
    pub description: String,
    /// (requirement id, question) pairs, in catalog order.
    pub questions: Vec<(String, Question)>,
}

impl Catalog {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// A requirement's title as people read it: a leaf titled "General" gets its group's title
    /// first ("9.2.1 Internal audit: General"), since "General" alone says nothing.
    pub fn display_title(&self, r: &Requirement) -> String {
        match super::reference::group_of(&r.id) {
            Some((_, g)) if r.title == "General" => format!("{g}: General"),
            _ => r.title.clone(),
        }
    }

    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|r| r.id == id)
    }

    /// Every question, in catalog order, with its requirement.
    pub fn questions(&self) -> impl Iterator<Item = (&Requirement, &Question)> {
        self.requirements
            .iter()
            .flat_map(|r| r.questions.iter().map(move |q| (r, q)))
    }

    /// Question id → (requirement index, question index).
    pub fn question_index(&self) -> BTreeMap<&str, (usize, usize)> {
        let mut m = BTreeMap::new();
        for (ri, r) in self.requirements.iter().enumerate() {
            for (qi, q) in r.questions.iter().enumerate() {
                m.insert(q.id.as_str(), (ri, qi));
            }
        }
        m
    }

    /// Every question id that any profile could add, with its profile.
    pub fn profile_question_ids(&self) -> BTreeMap<&str, &str> {
        let mut m = BTreeMap::new();
        for p in &self.profiles {
            for (_, q) in &p.questions {
                m.insert(q.id.as_str(), p.id.as_str());
            }
        }
        m
    }

    pub fn section_of(&self, requirement: &Requirement) -> &Section {
        self.section(&requirement.section)
            .unwrap_or_else(|| unreachable!("validated: every requirement has its section"))
    }

    pub fn nist_title(&self, id: &str) -> Option<&str> {
        self.nist
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.title.as_str())
    }

    pub fn owasp_title(&self, id: &str) -> Option<&str> {
        self.owasp
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.title.as_str())
    }

    /// A copy of the catalog with the named profiles' questions added to their requirements
    /// (after the requirement's own questions, in profile order). Unknown names are an error
    /// that suggests the closest profile.
    /// The retired question `id`, if it is one.
    pub fn retired(&self, id: &str) -> Option<&Retired> {
        self.retired.iter().find(|r| r.id == id)
    }

    pub fn with_profiles(&self, names: &[String]) -> Result<Catalog, String> {
        let mut out = self.clone();
        let mut active: Vec<String> = Vec::new();
        for name in names {
            if active.contains(name) {
                continue;
            }
            let Some(p) = self.profiles.iter().find(|p| &p.id == name) else {
                let known: Vec<&str> = self.profiles.iter().map(|p| p.id.as_str()).collect();
                let mut msg = format!(
                    "unknown profile `{name}`; known profiles: {}",
                    if known.is_empty() {
                        "none".to_string()
                    } else {
                        known.join(", ")
                    }
                );
                if let Some(s) = crate::error::suggest(name, known.iter().copied()) {
                    msg.push_str(&format!(" (did you mean `{s}`?)"));
                }
                return Err(msg);
            };
            for (rid, q) in &p.questions {
                if let Some(r) = out.requirements.iter_mut().find(|r| &r.id == rid) {
                    r.questions.push(q.clone());
                }
            }
            active.push(name.clone());
        }
        out.active_profiles = active;
        Ok(out)
    }
}
