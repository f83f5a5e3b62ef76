//! The roadmap in the text report: a few lines per phase (fixes, effort days, owners, due
//! range, undated and overdue), wrapped to 80 columns. Presents the model; computes nothing.

use crate::documents::roadmap::Roadmap;

/// The width the roadmap lines wrap at.
const WIDTH: usize = 80;
/// The indent of a phase's detail lines.
const INDENT: &str = "           ";

/// The roadmap section, ending with a blank line; empty when the report has no roadmap.
pub fn section(r: &Roadmap, fixes_total: usize) -> String {
    if r.phases.is_empty() {
        return String::new();
    }
    let per = &r.effort_days_per_size;
    let mut s = String::new();
    push_wrapped(
        &mut s,
        &format!(
            "Roadmap: {fixes_total} fixes, {} person-days (S {}, M {}, L {}; each requirement counted once per phase){}",
            r.effort_days,
            per.s,
            per.m,
            per.l,
            r.as_of
                .as_ref()
                .map(|d| format!("; overdue = due before {d}"))
                .unwrap_or_default()
        ),
        "",
        "  ",
    );
    for p in &r.phases {
        push_wrapped(
            &mut s,
            &format!("Phase {}  {}", p.id, p.title),
            "  ",
            INDENT,
        );
        let mut line = format!(
            "{} fix{}, {} days",
            p.fixes.len(),
            if p.fixes.len() == 1 { "" } else { "es" },
            p.effort_days
        );
        match (&p.earliest_due, &p.latest_due) {
            (Some(a), Some(b)) if a == b => line.push_str(&format!(", due {a}")),
            (Some(a), Some(b)) => line.push_str(&format!(", due {a} to {b}")),
            _ if !p.fixes.is_empty() => line.push_str(", none dated"),
            _ => {}
        }
        if !p.undated.is_empty() && p.undated.len() < p.fixes.len() {
            line.push_str(&format!(", {} undated", p.undated.len()));
        }
        push_wrapped(&mut s, &line, INDENT, INDENT);
        if !p.overdue.is_empty() {
            let line = format!("OVERDUE ({}): {}", p.overdue.len(), p.overdue.join(", "));
            push_wrapped(&mut s, &line, INDENT, INDENT);
        }
        if !p.fixes.is_empty() {
            let mut owners = if p.owners.is_empty() {
                "owners: none named".to_string()
            } else {
                format!("owners: {}", p.owners.join(", "))
            };
            if p.unowned > 0 && !p.owners.is_empty() {
                owners.push_str(&format!(" ({} without one)", p.unowned));
            }
            push_wrapped(&mut s, &owners, INDENT, INDENT);
        }
    }
    s.push_str("  Each fix by phase: --view roadmap --format csv|json.\n\n");
    s
}

/// Appends `text` as lines of at most [`WIDTH`] columns (a word longer than a line stands
/// alone), the first line after `first`, the others after `rest`.
fn push_wrapped(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if !empty && len + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_at_80_columns_with_an_indent() {
        let mut s = String::new();
        let text = "owners: ".to_string() + &"Director of Clinical Informatics, ".repeat(6);
        push_wrapped(&mut s, &text, INDENT, INDENT);
        assert!(s.lines().count() > 2);
        for l in s.lines() {
            assert!(l.chars().count() <= WIDTH, "{l:?}");
            assert!(l.starts_with(INDENT));
        }
    }
}
