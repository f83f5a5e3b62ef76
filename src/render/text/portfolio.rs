//! The portfolio summary for a terminal: readiness and section-score tables of the rows.

use crate::documents::fmt_score;
use crate::documents::portfolio::Row;
use crate::error::Result;
use crate::render::io_err;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

pub(crate) fn ready(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "ready",
        Some(false) => "not ready",
        None => "-",
    }
}

/// A row's verdict: a snapshot (assessed, no verdict) says so; a file that failed shows `-`.
fn verdict(r: &Row, ready_: Option<bool>) -> &'static str {
    match ready_ {
        None if r.error.is_none() => "snapshot",
        x => ready(x),
    }
}

/// Rows per terminal table: a longer summary is printed as several tables, each with its
/// header, so a portfolio of thousands of files needs no more memory than one table of this
/// many rows (a table of 1,000 rows took 17 MB to lay out).
pub const TEXT_ROWS_PER_TABLE: usize = 100;

/// The summary for a terminal, in two tables that each fit 160 columns (one table of 22
/// columns wrapped every cell to a few letters): readiness (file, organization, overall,
/// Stage 1 and 2, top gap), then the section scores, the rows of both numbered alike. Each is
/// printed in tables of at most [`TEXT_ROWS_PER_TABLE`] rows.
pub fn render_text(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    let ids: Vec<String> = rows
        .iter()
        .find(|r| !r.sections.is_empty())
        .map(|r| r.sections.iter().map(|s| s.id.clone()).collect())
        .unwrap_or_default();
    let mut write = |s: String| {
        out.write_all(crate::terminal::clean(&s).as_bytes())
            .map_err(io_err)
    };
    write(format!("Portfolio summary ({} files)\n", rows.len()))?;
    for (k, chunk) in rows.chunks(TEXT_ROWS_PER_TABLE).enumerate() {
        write(format!(
            "{}\n",
            readiness_table(chunk, k * TEXT_ROWS_PER_TABLE)
        ))?;
    }
    if !ids.is_empty() {
        write("Section scores (clauses 4-10, Annex A objectives; n/a: all excluded)\n".into())?;
        for (k, chunk) in rows.chunks(TEXT_ROWS_PER_TABLE).enumerate() {
            write(format!(
                "{}\n",
                sections_table(chunk, k * TEXT_ROWS_PER_TABLE, &ids)
            ))?;
        }
    }
    Ok(())
}

fn summary_table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(160)
        .set_header(header);
    t
}

/// File, organization, overall, readiness and top gap of `rows`, numbered from `first + 1`.
fn readiness_table(rows: &[Row], first: usize) -> Table {
    let mut t = summary_table(
        [
            "#",
            "File",
            "Organization",
            "Overall",
            "Stage 1",
            "Stage 2",
            "Top gap",
        ]
        .map(String::from)
        .to_vec(),
    );
    for (i, r) in rows.iter().enumerate() {
        t.add_row(vec![
            (first + i + 1).to_string(),
            r.file.clone(),
            r.organization
                .clone()
                .unwrap_or_else(|| "(input error)".into()),
            if r.error.is_some() {
                "-".to_string()
            } else {
                fmt_score(r.overall)
            },
            verdict(r, r.stage1_ready).into(),
            verdict(r, r.stage2_ready).into(),
            r.top_gap
                .clone()
                .or_else(|| r.error.clone())
                .unwrap_or_default(),
        ]);
    }
    // Scores read as numbers: right-aligned.
    if let Some(c) = t.column_mut(3) {
        c.set_cell_alignment(comfy_table::CellAlignment::Right);
    }
    t
}

/// The section scores of `rows` (columns `ids`, in catalog order), numbered as in
/// [`readiness_table`]; a file that could not be assessed shows `-`.
fn sections_table(rows: &[Row], first: usize, ids: &[String]) -> Table {
    let mut header = vec!["#".to_string()];
    header.extend(ids.iter().cloned());
    let mut t = summary_table(header);
    for (i, r) in rows.iter().enumerate() {
        let mut row = vec![(first + i + 1).to_string()];
        for id in ids {
            row.push(if r.error.is_some() {
                "-".to_string()
            } else {
                fmt_score(
                    r.sections
                        .iter()
                        .find(|s| &s.id == id)
                        .and_then(|s| s.score),
                )
            });
        }
        t.add_row(row);
    }
    for col in 1..=ids.len() {
        if let Some(c) = t.column_mut(col) {
            c.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    t
}
