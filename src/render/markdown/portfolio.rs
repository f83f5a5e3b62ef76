//! The portfolio summary as a Markdown table.

use super::super::text::portfolio::ready;
use crate::documents::fmt_score;
use crate::documents::portfolio::Row;
use crate::error::Result;
use crate::render::io_err;
use std::io::Write;

/// The summary as a Markdown table.
pub fn render_md(rows: &[Row], out: &mut dyn Write) -> Result<()> {
    use crate::render::escape::md_escape;
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
            md_escape(crate::documents::display_path(&r.file)),
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
