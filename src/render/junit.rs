//! The JUnit XML report, for CI dashboards: a test suite per section, a test case per
//! requirement; a requirement with a gap fails (message: its score and top fix), an excluded
//! control is skipped with its justification. The XML is written by `quick-junit`, which
//! escapes markup and drops characters XML cannot carry; this renderer computes no score.

use super::io_err;
use crate::documents::{Report, RequirementView, fmt_score};
use crate::error::Result;
use quick_junit::{NonSuccessKind, Property, TestCase, TestCaseStatus, TestSuite};
use std::io::Write;

/// Renders one report as a `<testsuites>` document.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<()> {
    let mut doc = quick_junit::Report::new(clean(&format!(
        "aimscore ISO/IEC 42001:2023 readiness: {}",
        report.organization
    )));
    doc.add_test_suites(suites(report, None));
    write(&doc, out)
}

/// The name of a portfolio's `<testsuites>` document.
const PORTFOLIO_NAME: &str = "aimscore ISO/IEC 42001:2023 readiness: portfolio";

/// Test counts of a `<testsuites>` document, summed over the files of a portfolio.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tests: usize,
    pub failures: usize,
    pub errors: usize,
    pub skipped: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.tests += o.tests;
        self.failures += o.failures;
        self.errors += o.errors;
        self.skipped += o.skipped;
    }
}

/// One file's part of a portfolio document: its sections as suites named `<file>: <section>`,
/// or, for a file that could not be assessed (`Err((file, message))`), a suite with an error
/// case. Returns the `<testsuite>` elements and their counts; [`portfolio_head`] and
/// [`PORTFOLIO_TAIL`] wrap the parts of every file.
pub fn portfolio_part(
    file: std::result::Result<&Report, (&str, &str)>,
) -> Result<(Vec<u8>, Counts)> {
    let mut doc = quick_junit::Report::new(PORTFOLIO_NAME);
    match file {
        Ok(r) => doc.add_test_suites(suites(r, Some(&r.source))),
        Err((name, err)) => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status.set_message(clean(err)).set_type("input error");
            let mut case = TestCase::new("assess", status);
            case.set_classname(clean(name));
            let mut suite = TestSuite::new(clean(name));
            suite.add_test_case(case);
            doc.add_test_suite(suite)
        }
    };
    let counts = Counts {
        tests: doc.tests,
        failures: doc.failures,
        errors: doc.errors,
        skipped: doc.skipped,
    };
    let mut buf = Vec::new();
    write(&doc, &mut buf)?;
    // Keep what lies between the `<testsuites …>` line and `</testsuites>`.
    let text = String::from_utf8_lossy(&buf);
    let start = text
        .find("<testsuites")
        .and_then(|i| text[i..].find('\n').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = text.rfind("</testsuites>").unwrap_or(text.len()).max(start);
    Ok((text[start..end].as_bytes().to_vec(), counts))
}

/// The XML declaration and the `<testsuites>` start tag of a portfolio, with its totals.
pub fn portfolio_head(totals: Counts, out: &mut dyn Write) -> Result<()> {
    let mut doc = quick_junit::Report::new(PORTFOLIO_NAME);
    doc.tests = totals.tests;
    doc.failures = totals.failures;
    doc.errors = totals.errors;
    doc.skipped = totals.skipped;
    let mut buf = Vec::new();
    write(&doc, &mut buf)?;
    let text = String::from_utf8_lossy(&buf);
    let end = text.rfind("</testsuites>").unwrap_or(text.len());
    out.write_all(text[..end].as_bytes()).map_err(io_err)
}

/// The end of a portfolio document.
pub const PORTFOLIO_TAIL: &str = "</testsuites>\n";

/// The suites of one report, in catalog order; `prefix` names the file in a portfolio.
fn suites(report: &Report, prefix: Option<&str>) -> Vec<TestSuite> {
    report
        .sections
        .iter()
        .map(|s| {
            let name = match prefix {
                Some(p) => format!("{p}: {} {}", s.id, s.title),
                None => format!("{} {}", s.id, s.title),
            };
            let mut suite = TestSuite::new(clean(&name));
            suite.add_property(Property::new("organization", clean(&report.organization)));
            for (key, value) in [
                ("scope", &report.scope),
                ("assessor", &report.assessor),
                ("date", &report.date),
            ] {
                if let Some(v) = value {
                    suite.add_property(Property::new(key, clean(v)));
                }
            }
            suite.add_property(Property::new("section.score", fmt_score(s.score)));
            suite.add_property(Property::new(
                "section.band",
                s.band.as_deref().unwrap_or("n/a"),
            ));
            for r in report.requirements.iter().filter(|r| r.section == s.id) {
                let mut case =
                    TestCase::new(clean(&format!("{} {}", r.id, r.title)), status(report, r));
                case.set_classname(clean(&name));
                suite.add_test_case(case);
            }
            suite
        })
        .collect()
}

/// Passed, failed (a question scores below 1) or skipped (the control is excluded).
fn status(report: &Report, r: &RequirementView) -> TestCaseStatus {
    if r.status == "excluded" {
        let mut reasons: Vec<&str> = Vec::new();
        for q in &r.questions {
            if let Some(j) = q.justification.as_deref()
                && !reasons.contains(&j)
            {
                reasons.push(j);
            }
        }
        let mut st = TestCaseStatus::skipped();
        st.set_message(clean(&format!("excluded: {}", reasons.join("; "))));
        return st;
    }
    let failing: Vec<_> = r
        .questions
        .iter()
        .filter(|q| q.score.is_some_and(|s| s < 1.0))
        .collect();
    if failing.is_empty() {
        return TestCaseStatus::success();
    }
    let top = report.fixes.iter().find(|f| f.requirement == r.id);
    let band = r.band.as_deref().unwrap_or("n/a");
    let message = match top {
        Some(f) => format!(
            "score {} ({band}); top fix [{}] {}: {}",
            fmt_score(r.score),
            f.priority,
            f.question,
            f.action
        ),
        None => format!(
            "score {} ({band}); {} question(s) below 1",
            fmt_score(r.score),
            failing.len()
        ),
    };
    let mut body = String::new();
    for q in &failing {
        body.push_str(&format!(
            "{} [{}] score {}: {}\n",
            q.id,
            answer_label(q.answer.as_deref(), q.unevidenced),
            q.score.map(|s| format!("{s:.1}")).unwrap_or_default(),
            q.text
        ));
        if !q.evidence.is_empty() {
            body.push_str(&format!("  evidence: {}\n", q.evidence.join("; ")));
        }
        for (label, v) in [("note", &q.note), ("owner", &q.owner), ("due", &q.due)] {
            if let Some(v) = v {
                body.push_str(&format!("  {label}: {v}\n"));
            }
        }
    }
    let mut st = TestCaseStatus::non_success(NonSuccessKind::Failure);
    st.set_message(clean(&message))
        .set_type(top.map(|f| f.priority.as_str()).unwrap_or("gap"))
        .set_description(clean(&body));
    st
}

/// The answer as people read it.
fn answer_label(answer: Option<&str>, unevidenced: bool) -> String {
    match answer {
        None => "unanswered".into(),
        Some("yes") if unevidenced => "yes (no evidence)".into(),
        Some(a) if a.len() == 1 && a.as_bytes()[0].is_ascii_digit() => format!("maturity {a}"),
        Some(a) => a.into(),
    }
}

/// Drops the two non-characters XML 1.0 forbids that `quick-junit` keeps (it already drops
/// control characters and ANSI escapes, and escapes markup).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

fn write(doc: &quick_junit::Report, out: &mut dyn Write) -> Result<()> {
    let mut buf = Vec::new();
    doc.serialize(&mut buf)
        .map_err(|e| io_err(std::io::Error::other(e)))?;
    if !buf.ends_with(b"\n") {
        buf.push(b'\n');
    }
    out.write_all(&buf).map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_people_say_them() {
        assert_eq!(answer_label(None, false), "unanswered");
        assert_eq!(answer_label(Some("yes"), true), "yes (no evidence)");
        assert_eq!(answer_label(Some("3"), false), "maturity 3");
        assert_eq!(answer_label(Some("partial"), false), "partial");
    }

    #[test]
    fn forbidden_non_characters_are_dropped() {
        assert_eq!(clean("a\u{FFFE}b\u{FFFF}c"), "abc");
    }
}
