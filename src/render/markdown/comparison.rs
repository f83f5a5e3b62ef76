//! A comparison for people, as Markdown (shared with `check`'s step summary), and the whole
//! `diff` document.

use super::super::text::comparison::{
    counts_line, fmt_change, groups, header, score_rows, stage1_line,
};
use crate::documents::comparison::{Comparison, question_line};
use crate::documents::{DISCLAIMER, fmt_score};
use crate::error::Result;
use crate::render::escape::md_escape;
use crate::render::io_err;
use std::io::Write;

/// The score table and question changes as Markdown (shared with `check`'s step summary).
pub fn changes_md(c: &Comparison, s: &mut String) {
    s.push_str("| Score | Old | New | Change |\n|---|---:|---:|---:|\n");
    for (label, ch) in score_rows(c) {
        s.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            md_escape(label),
            fmt_score(ch.old),
            fmt_score(ch.new),
            fmt_change(ch.change)
        ));
    }
    s.push_str(&format!(
        "\n**Stage 1:** {}\n\n**Questions:** {}\n",
        stage1_line(c),
        counts_line(c)
    ));
    for (title, qs) in groups(c) {
        s.push_str(&format!("\n#### {title} ({})\n\n", qs.len()));
        for q in qs {
            s.push_str(&format!("- {}\n", md_escape(question_line(q))));
        }
    }
}

pub fn render_md(c: &Comparison, out: &mut dyn Write) -> Result<()> {
    let mut s = format!("# aimscore diff: {}\n\n", md_escape(header(c)));
    changes_md(c, &mut s);
    s.push_str(&format!("\n_{DISCLAIMER}_\n"));
    out.write_all(s.as_bytes()).map_err(io_err)
}
