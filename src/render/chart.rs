//! The SVG bar chart of the section scores and the template helpers built on the report
//! model (`section_chart`, `steps`), shared by the built-in and user templates. Draws only.

use super::escape::xml_escape;
use crate::documents::{PolicyThresholds, SectionView, fmt_score};
use minijinja::Value;
use minijinja::value::Serde;
use std::fmt::Write as _;

/// The template function `section_chart(sections, thresholds?)`: the SVG bar chart of the
/// section scores, as safe HTML, with the policy's Stage 2 line and band bounds (`thresholds`
/// is the report's `policy.thresholds`; the default policy's when left out). Registered in
/// every template environment, so a user's template can draw it.
pub fn section_chart(
    sections: Serde<Vec<SectionView>>,
    thresholds: Option<Serde<PolicyThresholds>>,
) -> Value {
    let t = thresholds.map(|t| t.0).unwrap_or_default();
    Value::from_safe_string(chart_svg(&sections.0, &t))
}

/// The template filter `steps`: splits a numbered fix ("1) … 2) …") into its steps, so a
/// template can show a list; any other text comes back as a single item.
pub fn steps(text: String) -> Vec<String> {
    let t = text.trim();
    let Some(mut rest) = t.strip_prefix("1)") else {
        return vec![text];
    };
    let mut out = Vec::new();
    let mut n = 2;
    loop {
        let marker = format!(" {n}) ");
        match rest.find(&marker) {
            Some(i) => {
                out.push(rest[..i].trim().to_string());
                rest = &rest[i + marker.len()..];
                n += 1;
            }
            None => {
                out.push(rest.trim().to_string());
                return out;
            }
        }
    }
}

// Geometry of the chart, in SVG user units (the SVG scales to its container).
const LEFT: usize = 46;
const RIGHT: usize = 14;
const TOP: usize = 26;
const PLOT_H: usize = 200;
const SLOT: usize = 44;
const BAR: usize = 28;
const BOTTOM: usize = 84;
const THRESHOLD: &str = "#1e7a46";

/// Draws a bar per section (0–100), coloured by band; a section without a score shows "n/a".
/// A dashed line marks 80, the Stage 2 threshold; a gap separates clauses from Annex A.
/// Long on purpose: it draws the chart element by element (axes, bars, labels, groups, legend); the geometry constants are shared by every step.
pub fn chart_svg(sections: &[SectionView], t: &PolicyThresholds) -> String {
    let n = sections.len().max(1);
    let first_annex = sections.iter().position(|s| s.kind == "annex");
    let gap = if first_annex.is_some_and(|i| i > 0) {
        SLOT / 2
    } else {
        0
    };
    let width = LEFT + n * SLOT + gap + RIGHT;
    let height = TOP + PLOT_H + BOTTOM;
    let base = TOP + PLOT_H;
    let y_of = |v: f64| base as f64 - v.clamp(0.0, 100.0) * PLOT_H as f64 / 100.0;
    let x_of = |i: usize| {
        LEFT + i * SLOT
            + if first_annex.is_some_and(|a| i >= a) {
                gap
            } else {
                0
            }
    };

    let mut s = String::new();
    let summary = sections
        .iter()
        .map(|sec| format!("{} {}", sec.id, fmt_score(sec.score)))
        .collect::<Vec<_>>()
        .join(", ");
    let _ = write!(
        s,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{}" font-family="inherit">"#,
        xml_escape(&format!("Section scores (0–100): {summary}"))
    );
    let _ = write!(
        s,
        "<title>Section scores (0–100)</title><desc>{}</desc>",
        xml_escape(&summary)
    );
    // Grid and y axis.
    for v in (0..=100).step_by(20) {
        let y = y_of(f64::from(v));
        s.push('\n');
        let _ = write!(
            s,
            r##"<line class="grid" x1="{LEFT}" y1="{y:.1}" x2="{x2}" y2="{y:.1}" stroke="#d5dbe3" stroke-width="1"/><text x="{tx}" y="{ty:.1}" text-anchor="end" font-size="11" fill="#5b6675">{v}</text>"##,
            x2 = width - RIGHT,
            tx = LEFT - 8,
            ty = y + 4.0,
        );
    }
    // Stage 2 threshold (named in the legend).
    let y80 = y_of(t.stage2_overall);
    s.push('\n');
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{y80:.1}" x2="{x2}" y2="{y80:.1}" stroke="{THRESHOLD}" stroke-width="1.5" stroke-dasharray="6 4"/>"##,
        x2 = width - RIGHT,
    );
    // Bars.
    for (i, sec) in sections.iter().enumerate() {
        let x = x_of(i);
        let bx = x + (SLOT - BAR) / 2;
        let cx = x + SLOT / 2;
        let label = format!(
            "{} {}: {}{}",
            sec.id,
            sec.title,
            fmt_score(sec.score),
            sec.band
                .as_deref()
                .map(|b| format!(" ({b})"))
                .unwrap_or_default()
        );
        s.push('\n');
        let _ = write!(s, "<g><title>{}</title>", xml_escape(&label));
        match sec.score {
            Some(v) => {
                let top = y_of(v);
                let h = base as f64 - top;
                s.push('\n');
                let _ = write!(
                    s,
                    r##"<rect x="{bx}" y="{top:.1}" width="{BAR}" height="{h:.1}" rx="2" fill="{fill}"/><text x="{cx}" y="{ty:.1}" text-anchor="middle" font-size="10.5" font-weight="600" fill="#1f2933" stroke="#fff" stroke-width="3" paint-order="stroke">{v:.1}</text>"##,
                    fill = band_color(sec.band.as_deref()),
                    ty = top - 5.0,
                );
            }
            None => {
                s.push('\n');
                let _ = write!(
                    s,
                    r##"<line x1="{bx}" y1="{base}" x2="{bx2}" y2="{base}" stroke="#a3acb9" stroke-width="3"/><text x="{cx}" y="{ty}" text-anchor="middle" font-size="10.5" font-style="italic" fill="#5b6675">n/a</text>"##,
                    bx2 = bx + BAR,
                    ty = base - 6,
                );
            }
        }
        s.push('\n');
        let _ = write!(
            s,
            r##"<text x="{cx}" y="{ty}" text-anchor="middle" font-size="11" font-weight="600" fill="#1f2933">{}</text></g>"##,
            xml_escape(&sec.id),
            ty = base + 16,
        );
    }
    // Axis line and group labels.
    s.push('\n');
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{base}" x2="{x2}" y2="{base}" stroke="#5b6675" stroke-width="1"/>"##,
        x2 = width - RIGHT
    );
    let groups: Vec<(usize, usize, &str)> = match first_annex {
        Some(a) if a > 0 => vec![
            (0, a, "Management system (clauses)"),
            (a, sections.len(), "Annex A control objectives"),
        ],
        Some(_) => vec![(0, sections.len(), "Annex A control objectives")],
        None => vec![(0, sections.len(), "Management system (clauses)")],
    };
    for (from, to, name) in groups {
        if from >= to {
            continue;
        }
        let x1 = x_of(from) + 4;
        let x2 = x_of(to - 1) + SLOT - 4;
        let y = base + 30;
        s.push('\n');
        let _ = write!(
            s,
            r##"<path d="M{x1} {y} v4 H{x2} v-4" fill="none" stroke="#a3acb9"/><text x="{cx}" y="{ty}" text-anchor="middle" font-size="11" fill="#5b6675">{}</text>"##,
            xml_escape(name),
            cx = (x1 + x2) / 2,
            ty = y + 18,
        );
    }
    // Legend.
    let mut lx = LEFT;
    let ly = height - 14;
    let bound = |x: f64| fmt_score(Some(x)).trim_end_matches(".0").to_string();
    let below = |x: f64| fmt_score(Some(x - 0.1));
    let ranges = [
        ("Initial", format!("0–{}", below(t.developing))),
        (
            "Developing",
            format!("{}–{}", bound(t.developing), below(t.established)),
        ),
        (
            "Established",
            format!("{}–{}", bound(t.established), below(t.ready)),
        ),
        ("Ready", format!("{}–100", bound(t.ready))),
    ];
    for (band, range) in ranges {
        s.push('\n');
        let _ = write!(
            s,
            r##"<rect x="{lx}" y="{ry}" width="10" height="10" rx="2" fill="{fill}"/><text x="{tx}" y="{ly}" font-size="10.5" fill="#3e4a59">{band} {range}</text>"##,
            ry = ly - 9,
            tx = lx + 14,
            fill = band_color(Some(band)),
        );
        lx += 128;
    }
    s.push('\n');
    let _ = write!(
        s,
        r##"<line x1="{lx}" y1="{y}" x2="{x2}" y2="{y}" stroke="{THRESHOLD}" stroke-width="1.5" stroke-dasharray="6 4"/><text x="{tx}" y="{ly}" font-size="10.5" fill="#3e4a59">Stage 2 threshold ({th})</text>"##,
        th = bound(t.stage2_overall),
        y = ly - 4,
        x2 = lx + 22,
        tx = lx + 28,
    );
    s.push_str("\n</svg>");
    s
}

/// The fill colour of a band (colour-blind-safe enough, distinct in greyscale print).
fn band_color(band: Option<&str>) -> &'static str {
    match band {
        Some("Initial") => "#b83227",
        Some("Developing") => "#d4880f",
        Some("Established") => "#2f6fb0",
        Some("Ready") => "#1e7a46",
        _ => "#a3acb9",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: &str, kind: &str, title: &str, score: Option<f64>) -> SectionView {
        SectionView {
            id: id.into(),
            kind: kind.into(),
            title: title.into(),
            score,
            band: score.map(|s| {
                if s >= 80.0 {
                    "Ready".into()
                } else {
                    "Initial".into()
                }
            }),
            completeness: 0.0,
            questions: 1,
            answered: 0,
        }
    }

    #[test]
    fn chart_draws_a_bar_per_scored_section_and_na_for_the_rest() {
        let svg = chart_svg(
            &[
                section("4", "clause", "Context", Some(50.0)),
                section("5", "clause", "Leadership", Some(90.0)),
                section("A.2", "annex", "Policies", None),
            ],
            &PolicyThresholds::default(),
        );
        assert_eq!(svg.matches("<g>").count(), 3);
        assert!(svg.contains(">50.0</text>"));
        assert!(svg.contains(">90.0</text>"));
        assert!(svg.contains(">n/a</text>"));
        assert!(svg.contains("Stage 2 threshold (80)"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn chart_bar_height_is_proportional_to_the_score() {
        let svg = chart_svg(
            &[section("4", "clause", "Context", Some(50.0))],
            &PolicyThresholds::default(),
        );
        // 50 of 100 over a 200-unit plot: a bar 100 units high.
        assert!(svg.contains(r#"height="100.0""#), "{svg}");
    }

    #[test]
    fn numbered_fixes_split_into_steps() {
        assert_eq!(
            steps("1) Write it. 2) Approve it. 3) File it.".into()),
            vec!["Write it.", "Approve it.", "File it."]
        );
        assert_eq!(steps("Just do it.".into()), vec!["Just do it."]);
        // A number out of sequence stays inside its step.
        assert_eq!(
            steps("1) Use 3) in text. 2) Done.".into()),
            vec!["Use 3) in text.", "Done."]
        );
    }

    #[test]
    fn chart_escapes_every_string() {
        let svg = chart_svg(
            &[section(
                "<x>",
                "clause",
                "\"><script>alert(1)</script>",
                Some(10.0),
            )],
            &PolicyThresholds::default(),
        );
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<x>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
