//! The portfolio summary of `assess FILE...` as data: one row per answers file (or its input
//! error), and the whole-portfolio document the JSON form serializes. No formatting here.

use super::report::Report;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub file: String,
    pub organization: Option<String>,
    pub overall: Option<f64>,
    pub band: Option<String>,
    pub completeness: Option<f64>,
    /// Section id → score, in catalog order.
    pub sections: Vec<SectionScore>,
    pub stage1_ready: Option<bool>,
    pub stage2_ready: Option<bool>,
    /// The first fix: question id and requirement title.
    pub top_gap: Option<String>,
    /// The input error, when the file could not be assessed.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionScore {
    pub id: String,
    pub score: Option<f64>,
}

impl Row {
    pub fn from_report(r: &Report) -> Row {
        Row {
            file: r.source.clone(),
            organization: Some(r.organization.clone()),
            overall: r.overall.score,
            band: r.overall.band.clone(),
            completeness: Some(r.overall.completeness),
            sections: r
                .sections
                .iter()
                .map(|s| SectionScore {
                    id: s.id.clone(),
                    score: s.score,
                })
                .collect(),
            stage1_ready: r.stage1.ready,
            stage2_ready: r.stage2.ready,
            top_gap: r
                .fixes
                .first()
                .map(|f| format!("{} {} ({})", f.requirement, f.title, f.question)),
            error: None,
        }
    }

    pub fn from_error(file: &str, error: &str) -> Row {
        Row {
            file: file.to_string(),
            organization: None,
            overall: None,
            band: None,
            completeness: None,
            sections: Vec::new(),
            stage1_ready: None,
            stage2_ready: None,
            top_gap: None,
            error: Some(error.to_string()),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Portfolio {
    pub schema_version: u32,
    pub portfolio: Vec<Row>,
    pub reports: Vec<Report>,
}
