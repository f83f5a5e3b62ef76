//! The portfolio summary of `assess FILE...`: one row per answers file.

use super::{Report, fmt_score, io_err};
use crate::error::Result;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::{Deserialize, Serialize};
use std::io::Write;

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
            stage1_ready: Some(r.stage1.ready),
            stage2_ready: Some(r.stage2.ready),
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

fn ready(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "ready",
        Some(false) => "not ready",
        None => "-",
    }
}

/// The summary as a terminal table.
pub fn render_text(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160);
    let mut header = vec!["File".to_string(), "Organization".into(), "Overall".into()];
    let ids: Vec<String> = rows
        .iter()
        .find(|r| !r.sections.is_empty())
        .map(|r| r.sections.iter().map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    header.extend(ids.iter().cloned());
    header.extend(["Stage 1".into(), "Stage 2".into(), "Top gap".into()]);
    t.set_header(header);
    for r in rows {
        let mut row = vec![
            r.file.clone(),
            r.organization
                .clone()
                .unwrap_or_else(|| "(input error)".into()),
            fmt_score(r.overall),
        ];
        for id in &ids {
            row.push(fmt_score(
                r.sections
                    .iter()
                    .find(|s| &s.id == id)
                    .and_then(|s| s.score),
            ));
        }
        row.push(ready(r.stage1_ready).into());
        row.push(ready(r.stage2_ready).into());
        row.push(
            r.top_gap
                .clone()
                .or_else(|| r.error.clone())
                .unwrap_or_default(),
        );
        t.add_row(row);
    }
    let s = format!("Portfolio summary ({} files)\n{t}\n", rows.len());
    out.write_all(super::text::terminal_safe(&s).as_bytes())
        .map_err(io_err)
}

/// The summary as a Markdown table.
pub fn render_md(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    use super::templates::md_escape;
    let ids: Vec<String> = rows
        .iter()
        .find(|r| !r.sections.is_empty())
        .map(|r| r.sections.iter().map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    let mut s = String::from("# Portfolio summary\n\n| File | Organization | Overall |");
    for id in &ids {
        s.push_str(&format!(" {id} |"));
    }
    s.push_str(" Stage 1 | Stage 2 | Top gap |\n|---|---|---:|");
    for _ in &ids {
        s.push_str("---:|");
    }
    s.push_str("---|---|---|\n");
    for r in rows {
        s.push_str(&format!(
            "| {} | {} | {} |",
            md_escape(r.file.clone()),
            md_escape(
                r.organization
                    .clone()
                    .unwrap_or_else(|| "(input error)".into())
            ),
            fmt_score(r.overall)
        ));
        for id in &ids {
            s.push_str(&format!(
                " {} |",
                fmt_score(
                    r.sections
                        .iter()
                        .find(|x| &x.id == id)
                        .and_then(|x| x.score)
                )
            ));
        }
        s.push_str(&format!(
            " {} | {} | {} |\n",
            ready(r.stage1_ready),
            ready(r.stage2_ready),
            md_escape(
                r.top_gap
                    .clone()
                    .or_else(|| r.error.clone())
                    .unwrap_or_default()
            )
        ));
    }
    out.write_all(s.as_bytes()).map_err(io_err)
}
