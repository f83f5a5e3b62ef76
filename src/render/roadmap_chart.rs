//! The SVG timeline of the roadmap by due date (`roadmap_chart(roadmap)` in templates): one
//! lane per phase, a mark per due date (its count beside it when several fixes share it), an
//! axis by month from the earliest to the latest due, the undated fixes counted apart at the
//! end of each lane. Draws only; every string is XML-escaped; the same roadmap gives the same
//! bytes. Legible in black and white: lanes are named in text, counts are numbers, overdue
//! marks are hollow and the answers file's date is a labelled dashed line.

use super::escape::xml_escape;
use crate::documents::roadmap::{Phase, Roadmap};
use minijinja::Value;
use minijinja::value::Serde;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The template function `roadmap_chart(roadmap)`: the timeline as safe HTML.
pub fn roadmap_chart(roadmap: Serde<Roadmap>) -> Value {
    Value::from_safe_string(timeline_svg(&roadmap.0))
}

// Geometry, in SVG user units (the SVG scales to its container).
const WIDTH: i64 = 720;
const LEFT: i64 = 200;
const RIGHT: i64 = 118;
const TOP: i64 = 34;
const LANE: i64 = 40;
const BOTTOM: i64 = 24;
const INK: &str = "#1f2933";
const MUTED: &str = "#5b6675";
const LINE: &str = "#d5dbe3";

/// Short lane names (the phase titles are long for a lane label).
const LANE_NAMES: [&str; 3] = [
    "Stage 1 blockers",
    "Stage 2 critical, audit, review",
    "Everything else",
];

/// Mark fills per phase: dark enough to print as distinct greys.
const FILLS: [&str; 3] = ["#8e2219", "#7a4d05", "#1d4a78"];

/// A day number of an ISO date (`YYYY-MM-DD`), days since 1970-01-01; `None` when it is not one.
fn day_number(date: &str) -> Option<i64> {
    let mut it = date.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.get(..2)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(days_from_civil(y, m, d))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year and month of an ISO date.
fn year_month(date: &str) -> Option<(i64, i64)> {
    let y = date.get(..4)?.parse().ok()?;
    let m = date.get(5..7)?.parse().ok()?;
    Some((y, m))
}

/// The due dates of a phase with how many fixes fall on each, and whether any is overdue.
fn clusters(p: &Phase) -> BTreeMap<&str, (usize, bool)> {
    let mut out: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for i in &p.items {
        if let Some(d) = i.due.as_deref().filter(|d| day_number(d).is_some()) {
            let e = out.entry(d).or_default();
            e.0 += 1;
            e.1 |= i.overdue;
        }
    }
    out
}

/// Draws the timeline. Long on purpose: it draws element by element (axis, lanes, marks,
/// counts, legend) on shared geometry.
pub fn timeline_svg(r: &Roadmap) -> String {
    let lanes = r.phases.len().max(1) as i64;
    let height = TOP + lanes * LANE + BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let dated: Vec<&str> = r
        .phases
        .iter()
        .flat_map(|p| p.items.iter().filter_map(|i| i.due.as_deref()))
        .filter(|d| day_number(d).is_some())
        .collect();
    // The axis runs from the first day of the earliest due month to the first day of the month
    // after the latest.
    let span = match (dated.iter().min(), dated.iter().max()) {
        (Some(lo), Some(hi)) => year_month(lo).zip(year_month(hi)),
        _ => None,
    };
    let months: Vec<(i64, i64)> = match span {
        Some(((y0, m0), (y1, m1))) => {
            let (mut y, mut m) = (y0, m0);
            let mut v = vec![(y, m)];
            while (y, m) <= (y1, m1) {
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
                v.push((y, m));
            }
            v
        }
        None => Vec::new(),
    };
    let day = |(y, m): (i64, i64)| days_from_civil(y, m, 1);
    let (d0, d1) = match (months.first(), months.last()) {
        (Some(&a), Some(&b)) => (day(a), day(b)),
        _ => (0, 1),
    };
    let x_of = |d: i64| LEFT as f64 + (d - d0) as f64 * plot_w as f64 / (d1 - d0).max(1) as f64;

    let summary = r
        .phases
        .iter()
        .map(|p| {
            let dated = p.items.len() - p.undated.len();
            let range = match (&p.earliest_due, &p.latest_due) {
                (Some(a), Some(b)) if a == b => format!(", due {a}"),
                (Some(a), Some(b)) => format!(", due {a} to {b}"),
                _ => String::new(),
            };
            format!(
                "phase {} {}: {} fixes, {} dated{range}, {} undated",
                p.id,
                p.title,
                p.items.len(),
                dated,
                p.undated.len()
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart roadmap-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{}" font-family="inherit">"#,
        xml_escape(&format!("Roadmap by due date: {summary}"))
    );
    let _ = write!(
        s,
        "<title>Roadmap by due date</title><desc>{}</desc>",
        xml_escape(&summary)
    );
    // Month grid and labels: at most 12 labels, every k-th month.
    let step = months.len().div_ceil(12).max(1);
    for (i, &(y, m)) in months.iter().enumerate() {
        let x = x_of(day((y, m)));
        s.push('\n');
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{y2}" stroke="{LINE}" stroke-width="1"/>"##,
            y1 = TOP - 6,
            y2 = TOP + lanes * LANE,
        );
        if i % step == 0 && i + 1 < months.len() {
            let _ = write!(
                s,
                r##"<text x="{tx:.1}" y="{ty}" font-size="10.5" fill="{MUTED}">{}</text>"##,
                xml_escape(&format!("{y}-{m:02}")),
                tx = x + 3.0,
                ty = TOP - 10,
            );
        }
    }
    let _ = write!(
        s,
        r##"<text x="{tx}" y="{ty}" text-anchor="end" font-size="10.5" font-weight="600" fill="{MUTED}">undated · effort</text>"##,
        tx = WIDTH - 4,
        ty = TOP - 10,
    );
    // The answers file's date, when it falls on the axis.
    let as_of = r
        .as_of
        .as_deref()
        .and_then(day_number)
        .filter(|at| !months.is_empty() && (d0..=d1).contains(at));
    if let Some(at) = as_of {
        let x = x_of(at);
        s.push('\n');
        let _ = write!(
            s,
            r##"<line x1="{x:.1}" y1="{y1}" x2="{x:.1}" y2="{y2}" stroke="{INK}" stroke-width="1.2" stroke-dasharray="4 3"/>"##,
            y1 = TOP - 4,
            y2 = TOP + lanes * LANE,
        );
    }
    // Lanes.
    for (li, p) in r.phases.iter().enumerate() {
        let top = TOP + li as i64 * LANE;
        let mid = top + LANE / 2;
        let name = LANE_NAMES
            .get(li)
            .copied()
            .unwrap_or(p.title.as_str())
            .to_string();
        let fill = FILLS.get(li).copied().unwrap_or(INK);
        s.push('\n');
        let _ = write!(
            s,
            r##"<g><title>{}</title><line x1="0" y1="{bottom}" x2="{WIDTH}" y2="{bottom}" stroke="{LINE}" stroke-width="1"/><text x="0" y="{ty1}" font-size="11.5" font-weight="700" fill="{INK}">{}</text><text x="0" y="{ty2}" font-size="10.5" fill="{MUTED}">{}</text>"##,
            xml_escape(&format!("Phase {}: {}", p.id, p.title)),
            xml_escape(&format!(
                "Phase {} · {}",
                p.id,
                plural(p.items.len(), "fix")
            )),
            xml_escape(&name),
            bottom = top + LANE,
            ty1 = mid - 3,
            ty2 = mid + 11,
        );
        let marks = clusters(p);
        if months.is_empty() || marks.is_empty() {
            let why = if p.items.is_empty() {
                "nothing to do in this phase"
            } else if months.is_empty() {
                "no fix has a due date"
            } else {
                "no fix of this phase has a due date"
            };
            let _ = write!(
                s,
                r##"<text x="{tx}" y="{ty}" font-size="10.5" font-style="italic" fill="{MUTED}" stroke="#fff" stroke-width="4" paint-order="stroke">{}</text>"##,
                xml_escape(why),
                tx = LEFT + 6,
                ty = mid + 4,
            );
        }
        let mut last_x = f64::MIN;
        let mut up = true;
        for (date, (n, overdue)) in &marks {
            let Some(d) = day_number(date) else { continue };
            let x = x_of(d);
            // Neighbouring marks take their counts on alternate sides so they stay readable.
            up = if x - last_x < 16.0 { !up } else { true };
            last_x = x;
            let r = if *n > 1 { 5.5 } else { 4.0 };
            let (mark_fill, stroke_w) = if *overdue { ("#fff", 2.2) } else { (fill, 1.0) };
            let tip = format!(
                "{date}: {}{}",
                plural(*n, "fix"),
                if *overdue { ", overdue" } else { "" }
            );
            let _ = write!(
                s,
                r##"<g><title>{}</title><circle cx="{x:.1}" cy="{mid}" r="{r}" fill="{mark_fill}" stroke="{fill}" stroke-width="{stroke_w}"/>"##,
                xml_escape(&tip),
            );
            if *n > 1 {
                let ty = if up { mid - 9 } else { mid + 17 };
                let _ = write!(
                    s,
                    r##"<text x="{x:.1}" y="{ty}" text-anchor="middle" font-size="10" font-weight="700" fill="{INK}" stroke="#fff" stroke-width="3" paint-order="stroke">{n}</text>"##,
                );
            }
            s.push_str("</g>");
        }
        let _ = write!(
            s,
            r##"<text x="{tx}" y="{ty}" text-anchor="end" font-size="11" fill="{INK}">{} · {} d</text></g>"##,
            p.undated.len(),
            p.effort_days,
            tx = WIDTH - 4,
            ty = mid + 4,
        );
    }
    // Legend.
    let ly = height - 8;
    s.push('\n');
    let _ = write!(
        s,
        r##"<circle cx="4" cy="{cy}" r="4" fill="{INK}"/><text x="12" y="{ly}" font-size="10.5" fill="#3e4a59">a due date (a number: fixes due that day)</text><circle cx="250" cy="{cy}" r="4" fill="#fff" stroke="{INK}" stroke-width="2.2"/><text x="258" y="{ly}" font-size="10.5" fill="#3e4a59">overdue</text>"##,
        cy = ly - 4,
    );
    if as_of.is_some() {
        let _ = write!(
            s,
            r##"<line x1="318" y1="{y1}" x2="318" y2="{ly}" stroke="{INK}" stroke-width="1.2" stroke-dasharray="4 3"/><text x="324" y="{ly}" font-size="10.5" fill="#3e4a59">{}</text>"##,
            xml_escape(&format!(
                "assessment date {}",
                r.as_of.as_deref().unwrap_or_default()
            )),
            y1 = ly - 10,
        );
    }
    let _ = write!(
        s,
        r##"<text x="{tx}" y="{ly}" text-anchor="end" font-size="10.5" fill="#3e4a59">d = person-days</text>"##,
        tx = WIDTH - 4,
    );
    s.push_str("\n</svg>");
    s
}

/// "1 fix", "3 fixes".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}es")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::roadmap::{Item, PHASE_TITLES};

    fn item(q: &str, due: Option<&str>, overdue: bool) -> Item {
        Item {
            rank: 1,
            priority: "P1".into(),
            question: q.into(),
            requirement: "4.3".into(),
            title: "Scope".into(),
            effort: "S".into(),
            effort_days: 2,
            owner: Some("<script>alert(1)</script>".into()),
            due: due.map(str::to_string),
            overdue,
        }
    }

    fn roadmap(items: Vec<Vec<Item>>) -> Roadmap {
        let phases = items
            .into_iter()
            .zip(1u8..)
            .map(|(items, id)| Phase {
                id,
                title: PHASE_TITLES[usize::from(id) - 1].into(),
                fixes: items.iter().map(|i| i.question.clone()).collect(),
                requirements: Vec::new(),
                effort_days: 2,
                owners: Vec::new(),
                unowned: 0,
                earliest_due: items.iter().filter_map(|i| i.due.clone()).min(),
                latest_due: items.iter().filter_map(|i| i.due.clone()).max(),
                undated: items
                    .iter()
                    .filter(|i| i.due.is_none())
                    .map(|i| i.question.clone())
                    .collect(),
                overdue: Vec::new(),
                items,
            })
            .collect();
        Roadmap {
            effort_days_per_size: Default::default(),
            as_of: Some("2026-11-15".into()),
            effort_days: 6,
            phases,
        }
    }

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(
            day_number("2026-12-31")
                .zip(day_number("2027-01-01"))
                .map(|(a, b)| b - a),
            Some(1)
        );
        assert_eq!(day_number("not a date"), None);
    }

    #[test]
    fn fixes_sharing_a_due_date_are_one_mark_with_their_count() {
        let svg = timeline_svg(&roadmap(vec![
            vec![
                item("4.3-1", Some("2027-01-31"), false),
                item("5.2-1", Some("2027-01-31"), false),
                item("5.3-1", Some("2027-03-15"), false),
            ],
            vec![item("A.4.2-1", None, false)],
            vec![],
        ]));
        assert_eq!(
            svg.matches("<circle").count(),
            2 + 2,
            "two marks and the legend's two"
        );
        assert!(svg.contains(">2</text>"));
        assert!(svg.contains("2027-01-31: 2 fixes"));
        // Axis from January to April 2027, labelled by month.
        assert!(svg.contains(">2027-01</text>") && svg.contains(">2027-03</text>"));
        assert!(!svg.contains(">2027-04</text>"));
        assert!(svg.contains("no fix of this phase has a due date"));
        assert!(svg.contains("nothing to do in this phase"));
        assert!(svg.contains("phase 2 Stage 2 critical and internal audit / management review: 1 fixes, 0 dated, 1 undated"));
    }

    #[test]
    fn a_roadmap_without_dates_says_so_in_every_lane_with_fixes() {
        let svg = timeline_svg(&roadmap(vec![
            vec![item("4.3-1", None, false)],
            vec![item("A.4.2-1", None, false)],
            vec![],
        ]));
        assert_eq!(svg.matches("no fix has a due date").count(), 2);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn an_overdue_mark_is_hollow() {
        let svg = timeline_svg(&roadmap(vec![
            vec![item("4.3-1", Some("2026-10-01"), true)],
            vec![],
            vec![],
        ]));
        assert!(svg.contains("2026-10-01: 1 fix, overdue"));
        assert!(svg.contains(r##"fill="#fff" stroke="#8e2219" stroke-width="2.2""##));
    }

    #[test]
    fn every_string_in_the_timeline_is_escaped() {
        let mut r = roadmap(vec![
            vec![item("4.3-1", Some("2027-01-31"), false)],
            vec![],
            vec![],
        ]);
        r.phases[0].title = "\"><script>alert(1)</script>".into();
        r.as_of = Some("2026-11-15<script>".into());
        let svg = timeline_svg(&r);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(svg.contains("&lt;script&gt;"));
    }
}
