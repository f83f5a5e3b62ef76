//! Report formats: a snapshot of every format from one fixed answers file; hostile strings in
//! every user field come out inert in html, md, junit and csv; `--template` renders the model
//! and names the template's line on error; the report model's documentation stays complete;
//! portfolios; and (opt-in) the HTML report in headless Chromium.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// A small, realistic assessment: yes with and without evidence, partial, no, na (a whole
/// objective and a single question), maturity levels, unanswered questions, links, owners, dues.
const FIXTURE: &str = "tests/fixtures/formats.yaml";
/// Hostile strings in organization, scope, assessor, note, owner, evidence and justification.
const HOSTILE: &str = "tests/fixtures/hostile.yaml";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `aimscore assess FILE --format FORMAT [extra…]`, which must succeed.
fn assess(file: &str, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["assess", file, "--format", format];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "assess {file} --format {format} failed: {err}");
    out
}

// ---------------------------------------------------------------------------------------------
// Snapshots of every format from the fixed assessment. The fix-list is limited to 15 so the
// snapshots stay reviewable (junit always uses the whole list: it names each requirement's top
// fix).

#[test]
fn text_report_snapshot() {
    insta::assert_snapshot!("text", assess(FIXTURE, "text", &["--top", "15"]));
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!("md", assess(FIXTURE, "md", &["--top", "15"]));
}

#[test]
fn html_report_snapshot() {
    insta::assert_snapshot!("html", assess(FIXTURE, "html", &["--top", "15"]));
}

#[test]
fn json_report_snapshot() {
    insta::assert_snapshot!("json", assess(FIXTURE, "json", &["--top", "15"]));
}

#[test]
fn csv_report_snapshot() {
    insta::assert_snapshot!("csv", assess(FIXTURE, "csv", &["--top", "15"]));
}

#[test]
fn junit_report_snapshot() {
    insta::assert_snapshot!("junit", assess(FIXTURE, "junit", &["--top", "15"]));
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for f in ["text", "md", "html", "json", "csv", "junit"] {
        assert_eq!(
            assess(FIXTURE, f, &[]),
            assess(FIXTURE, f, &[]),
            "{f} output differs between two runs"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Every tag in an HTML text: from a `<` that opens markup to the next `>`.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let after = &rest[i + 1..];
        let opens = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(j) if opens => {
                out.push(&rest[i..i + 1 + j + 1]);
                rest = &after[j + 1..];
            }
            _ => rest = after,
        }
    }
    out
}

/// Every `href` value, with the `/` escape minijinja writes decoded.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().replace("&#x2f;", "/"))
        .collect()
}

#[test]
fn html_is_self_contained_and_runs_no_script() {
    let html = assess(FIXTURE, "html", &[]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(",
    ] {
        assert!(!lower.contains(banned), "`{banned}` in the report");
    }
    for t in tags(&lower) {
        assert!(!t.contains(" src="), "an external resource: {t}");
        assert!(
            !t.split_whitespace()
                .any(|a| a.starts_with("on") && a.contains('=')),
            "an event handler: {t}"
        );
    }
    // A strict content security policy as a second line of defence.
    assert!(html.contains("default-src 'none'"));
    // Links go to anchors in the page or to the evidence's own http(s) address only.
    for h in hrefs(&html) {
        assert!(
            h.starts_with('#') || h.starts_with("https://") || h.starts_with("http://"),
            "unexpected link {h}"
        );
    }
    assert!(hrefs(&html).contains(&"https://wiki.northwind.example/aims/scope".to_string()));
    assert!(
        hrefs(&html).contains(&"http://intranet.northwind.example/objectives-2027".to_string())
    );
}

#[test]
fn html_shows_summary_chart_sections_fixes_exclusions_method_and_disclaimer() {
    let html = assess(FIXTURE, "html", &[]);
    for needle in [
        "Northwind Clinics Ltd",
        "Patient triage assistant",
        "M. Okafor (AIMS lead)",
        "2026-11-20",
        "agentic",
        "Stage 1 (documentation)",
        "Stage 2 (operation)",
        "NOT READY",
        "<svg class=\"chart\"",
        "Prioritized fix-list",
        "NIST AI RMF",
        "ISO/IEC 42001:2023</b> 6.1.3",
        "Requirements by section",
        "We buy no AI components or services from suppliers.",
        "Scoring method",
        "not a certification",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    // The 16 sections each get a bar group; A.10 is all `na`, so it has no score.
    let svg = html
        .split("<svg")
        .nth(1)
        .unwrap()
        .split("</svg>")
        .next()
        .unwrap();
    assert_eq!(svg.matches("<g>").count(), 16);
    assert!(svg.contains(">n/a</text>"));
    assert!(svg.contains(">83.0</text>"), "section 4's bar is labelled");
    // One table per section in the requirements part.
    assert_eq!(html.matches("<table class=\"reqs\">").count(), 16);
}

#[test]
fn hostile_strings_are_inert_in_html() {
    let html = assess(HOSTILE, "html", &[]);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a <script> came through");
    for t in tags(&lower) {
        assert!(!t.contains("onerror"), "an event handler inside a tag: {t}");
        assert!(!t.starts_with("<img"), "an injected element: {t}");
    }
    // Template syntax in data is shown, not evaluated.
    assert!(html.contains("{{ 7*7 }}"));
    assert!(!html.contains("<h1>49"));
    // `javascript:` evidence (any case) is text, never a link; the https link with a quote
    // inside stays one attribute.
    for h in hrefs(&html) {
        assert!(
            h.starts_with('#') || h.starts_with("https://") || h.starts_with("http://"),
            "unexpected link {h}"
        );
        assert!(!h.contains('"') && !h.contains('<'));
    }
    assert!(html.contains("<li>javascript:alert(1)</li>"));
    // Every user field is present, escaped.
    let escaped_script = "&lt;script&gt;alert(1)&lt;&#x2f;script&gt;";
    let escaped_img = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;";
    for (field, needle) in [
        (
            "organization",
            format!("<h1>{escaped_script} {escaped_img}"),
        ),
        ("scope", format!("<dt>Scope</dt><dd>{escaped_img}")),
        (
            "assessor",
            format!("<dt>Assessor</dt><dd>{{{{ 7*7 }}}} {escaped_script}"),
        ),
        ("note", format!("<b>Note:</b> {escaped_script}")),
        ("owner", "<b>Owner:</b> =HYPERLINK(&quot;".to_string()),
        ("evidence", format!("<li>{escaped_script}</li>")),
        (
            "justification",
            format!("<b>Justification:</b> {escaped_script}"),
        ),
    ] {
        assert!(html.contains(&needle), "{field}: {needle}");
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// The number of table-cell separators in a Markdown line (an escaped `\|` does not count).
fn cell_separators(line: &str) -> usize {
    let mut n = 0;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => n += 1,
            _ => {}
        }
    }
    n
}

#[test]
fn hostile_strings_are_inert_in_markdown() {
    let md = assess(HOSTILE, "md", &[]);
    let lower = md.to_ascii_lowercase();
    assert!(!lower.contains("<script"));
    assert!(!lower.contains("<img"));
    assert!(md.contains(r"\{\{ 7\*7 \}\}"), "template syntax is escaped");
    assert!(!md.contains("{{"));
    // User text cannot break a table: every row has as many cells as its header.
    let mut tables = 0;
    let mut width = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cell_separators(line);
            match width {
                None => {
                    width = Some(n);
                    tables += 1;
                }
                Some(w) => assert_eq!(n, w, "a row with a different cell count: {line}"),
            }
        } else {
            width = None;
        }
    }
    assert!(tables >= 3, "summary, sections and exclusions tables");
    // Every user field that the Markdown report shows is there, escaped.
    for needle in [
        "# ISO/IEC 42001:2023 readiness report: &lt;script&gt;",
        "**Scope:** \"&gt;&lt;img src=x onerror=alert(1)&gt;",
        "**Assessor:** \\{\\{ 7\\*7 \\}\\}",
        "**Owner:** =HYPERLINK(",
        "| A.10.3-1 | A.10.3 Suppliers | &lt;script&gt;",
    ] {
        assert!(md.contains(needle), "missing {needle}");
    }
}

// ---------------------------------------------------------------------------------------------
// JUnit

#[test]
fn junit_has_a_suite_per_section_and_a_case_per_requirement() {
    let xml = assess(FIXTURE, "junit", &[]);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 16);
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 70, "one test case per requirement");
    let case = |name: &str| {
        *cases
            .iter()
            .find(|c| c.attribute("name") == Some(name))
            .unwrap_or_else(|| panic!("no case {name}"))
    };
    // A gap fails with the score and the top fix; the body lists the failing questions.
    let f = case("6.1.3 AI risk treatment")
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let msg = f.attribute("message").unwrap();
    assert!(
        msg.starts_with("score 0.0 (Initial); top fix [P1] 6.1.3-1: 1) For each risk"),
        "{msg}"
    );
    let body = f.text().unwrap();
    assert!(body.contains("6.1.3-1 [no] score 0.0:"), "{body}");
    assert!(body.contains("6.1.3-2 [unanswered] score 0.0:"), "{body}");
    // A met requirement passes.
    let met = case("A.2.2 AI policy");
    assert_eq!(met.children().filter(|n| n.is_element()).count(), 0);
    // An excluded control is skipped with its justification.
    let skipped = case("A.10.3 Suppliers")
        .children()
        .find(|n| n.has_tag_name("skipped"))
        .unwrap();
    assert!(
        skipped
            .attribute("message")
            .unwrap()
            .contains("We buy no AI components or services from suppliers."),
    );
    // A control with one `na` question is still tested.
    assert!(
        case("A.6.2.8 AI system recording of event logs")
            .children()
            .any(|n| n.has_tag_name("failure"))
    );
}

#[test]
fn hostile_strings_keep_junit_well_formed() {
    let xml = assess(HOSTILE, "junit", &[]);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        assert!(
            [
                "testsuites",
                "testsuite",
                "properties",
                "property",
                "testcase",
                "failure",
                "skipped"
            ]
            .contains(&name),
            "unexpected element <{name}>"
        );
    }
    // The strings arrive as data: the parser gives back exactly what the user wrote, minus
    // the control characters XML cannot carry.
    let prop = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("value"))
            .unwrap()
            .to_string()
    };
    assert_eq!(
        prop("organization"),
        "<script>alert(1)</script> \"><img src=x onerror=alert(1)> {{ 7*7 }} | ]]> "
    );
    assert!(prop("scope").contains("]]>"));
    assert!(prop("assessor").starts_with("{{ 7*7 }}"));
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure") && n.text().is_some_and(|t| t.contains("4.1-1")))
        .unwrap()
        .text()
        .unwrap();
    for needle in [
        "evidence: javascript:alert(1); <script>alert(1)</script>",
        "note: <script>alert(1)</script> \"><img src=x onerror=alert(1)> {{ 7*7 }} | ]]>",
        "owner: =HYPERLINK(\"http://evil.example\"",
    ] {
        assert!(failure.contains(needle), "missing {needle} in {failure}");
    }
    assert!(!xml.contains('\u{1}') && !xml.contains('\u{1b}') && !xml.contains('\u{2}'));
    let skipped = doc
        .descendants()
        .find(|n| n.has_tag_name("skipped"))
        .and_then(|n| n.attribute("message"))
        .unwrap();
    assert!(skipped.contains("<script>alert(1)</script>"), "{skipped}");
}

// ---------------------------------------------------------------------------------------------
// CSV

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_has_one_row_per_fix_with_every_citation_owner_and_due() {
    let text = assess(FIXTURE, "csv", &[]);
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "rank,priority,requirement,title,question,question_text,answer,gap,action,evidence,effort,owner,due,iso,nist,owasp"
    );
    let rows = csv_rows(&text);
    let json: Value = serde_json::from_str(&assess(FIXTURE, "json", &[])).unwrap();
    assert_eq!(rows.len(), json["fixes_total"].as_u64().unwrap() as usize);
    assert!(rows.iter().all(|r| r.len() == 16));
    let row = rows.iter().find(|r| r[4] == "6.1.4-1").unwrap();
    assert_eq!(row[6], "maturity 2");
    assert_eq!(row[11], "Clinical Safety Officer");
    assert_eq!(row[12], "2027-04-30");
    assert_eq!(row[13], "6.1.4");
    assert!(row[14].contains("GOVERN 4.2; MAP 1.1"), "{}", row[14]);
    let owasp = rows.iter().find(|r| !r[15].is_empty()).unwrap();
    assert!(owasp[15].starts_with("LLM"), "{owasp:?}");
}

#[test]
fn csv_cells_cannot_start_a_formula() {
    let text = assess(HOSTILE, "csv", &[]);
    let rows = csv_rows(&text);
    assert!(
        rows.iter().all(|r| r.len() == 16),
        "every row keeps its columns"
    );
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula cell {cell:?} in {r:?}"
            );
        }
    }
    let owner = |q: &str| rows.iter().find(|r| r[4] == q).unwrap()[11].clone();
    assert!(owner("4.1-1").starts_with("'=HYPERLINK("));
    assert!(owner("4.1-2").starts_with("'+1+cmd"));
    assert!(owner("4.1-3").starts_with("'-2+3"));
    assert!(owner("4.2-1").starts_with("'@SUM("));
    assert!(owner("4.2-2").starts_with("'"));
    assert_eq!(owner("4.2-3"), "{{ 7*7 }} | ]]>");
}

// ---------------------------------------------------------------------------------------------
// Portfolios

#[test]
fn portfolio_html_is_one_document_with_each_report_then_the_summary() {
    let (code, html, err) = run(&[
        "assess",
        FIXTURE,
        HOSTILE,
        "tests/fixtures/missing.yaml",
        "--format",
        "html",
    ]);
    assert_eq!(code, 2, "a missing file still exits 2");
    assert!(err.contains("missing.yaml"));
    assert_eq!(html.matches("<html").count(), 1);
    assert!(
        html.contains("<style>\n:root {"),
        "the reports' style is carried over"
    );
    assert_eq!(html.matches("<article class=\"report\">").count(), 2);
    let summary = html.split("id=\"portfolio\"").nth(1).unwrap();
    assert!(summary.contains("Portfolio summary (3 files)"));
    assert!(summary.contains("Northwind Clinics Ltd"));
    assert!(summary.contains("Input error:"));
    assert!(!html.to_ascii_lowercase().contains("<script"));
    assert!(html.find("Northwind").unwrap() < html.find("id=\"portfolio\"").unwrap());
    // Anchors stay unique: each report's ids carry their own prefix.
    let mut ids = BTreeSet::new();
    for id in html
        .split(" id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
    {
        assert!(ids.insert(id), "duplicate id {id}");
    }
    assert!(ids.contains("r2-q-4.1-1"));
}

#[test]
fn portfolio_csv_is_one_table_with_a_file_column() {
    let (code, text, _) = run(&["assess", FIXTURE, HOSTILE, "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("file,rank,priority,"));
    let rows = csv_rows(&text);
    assert!(rows.iter().all(|r| r.len() == 17));
    let files: BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(files, BTreeSet::from([FIXTURE, HOSTILE]));
    assert_eq!(rows[0][0], FIXTURE);
    assert_eq!(rows[0][1], "1");
}

#[test]
fn portfolio_junit_is_one_testsuites_document_with_suites_per_file() {
    let (code, xml, _) = run(&[
        "assess",
        FIXTURE,
        HOSTILE,
        "tests/fixtures/missing.yaml",
        "--format",
        "junit",
    ]);
    assert_eq!(code, 2);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 16 + 16 + 1);
    assert_eq!(
        suites[0].attribute("name"),
        Some("tests/fixtures/formats.yaml: 4 Context of the organization")
    );
    let last = suites.last().unwrap();
    assert_eq!(last.attribute("name"), Some("tests/fixtures/missing.yaml"));
    assert!(last.descendants().any(|n| n.has_tag_name("error")));
}

// ---------------------------------------------------------------------------------------------
// --template

#[test]
fn a_user_template_renders_the_report_model() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("brand.txt.j2");
    std::fs::write(
        &t,
        "Client: {{ organization }}\n\
         Overall: {{ overall.score | score }} ({{ overall.band }})\n\
         Stage 1: {% if stage1.ready %}ready{% else %}{{ stage1.blockers | join(\",\") }}{% endif %}\n\
         {% for s in sections if s.score is none %}No score: {{ s.id }}\n{% endfor %}\
         First fix: {{ fixes[0].question }} cites {{ fixes[0].citations.nist | join(\"; \") }}\n\
         Fixes: {{ fixes_total }}\n",
    )
    .unwrap();
    let json: Value = serde_json::from_str(&assess(FIXTURE, "json", &[])).unwrap();
    let out = assess(FIXTURE, "md", &["--template", t.to_str().unwrap()]);
    let expected = format!(
        "Client: Northwind Clinics Ltd\nOverall: {:.1} ({})\nStage 1: {}\nNo score: A.10\nFirst fix: {} cites {}\nFixes: {}\n",
        json["overall"]["score"].as_f64().unwrap(),
        json["overall"]["band"].as_str().unwrap(),
        json["stage1"]["blockers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect::<Vec<_>>()
            .join(","),
        json["fixes"][0]["question"].as_str().unwrap(),
        json["fixes"][0]["citations"]["nist"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_str().unwrap())
            .collect::<Vec<_>>()
            .join("; "),
        json["fixes_total"],
    );
    assert_eq!(out, expected);
}

#[test]
fn a_user_html_template_is_auto_escaped_and_can_draw_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("brand.html.j2");
    std::fs::write(
        &t,
        "<h1>{{ organization }}</h1>\n{{ section_chart(sections) }}\n",
    )
    .unwrap();
    let out = assess(HOSTILE, "html", &["--template", t.to_str().unwrap()]);
    assert!(out.starts_with("<h1>&lt;script&gt;"), "{out}");
    assert!(!out.to_ascii_lowercase().contains("<script"));
    assert!(out.contains("<svg class=\"chart\""));
}

#[test]
fn a_template_error_names_the_template_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    // An undefined field on line 3: found while rendering.
    let t = dir.path().join("typo.md.j2");
    std::fs::write(&t, "# {{ organization }}\n\n{{ overall.scroe }}\n").unwrap();
    let (code, out, err) = run(&["assess", FIXTURE, "--template", t.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains(&format!("{}:3:4:", t.display())),
        "the error names typo.md.j2 line 3, column 4 (where `overall.scroe` starts): {err}"
    );
    assert!(err.contains("overall.scroe"), "{err}");
    // A syntax error on line 2: found when the template is loaded, before any work.
    let t = dir.path().join("syntax.md.j2");
    std::fs::write(&t, "ok\n{% if %}\n").unwrap();
    let (code, _, err) = run(&["assess", FIXTURE, "--template", t.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("{}:2:", t.display())), "{err}");
    assert!(err.contains("syntax error"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// docs/report-model.md documents every field of the model.

/// Every key path in a JSON value: `a.b`, `list[].c`.
fn key_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(p.clone());
                key_paths(x, &p, out);
            }
        }
        Value::Array(items) => {
            for x in items {
                key_paths(x, &format!("{prefix}[]"), out);
            }
        }
        _ => {}
    }
}

/// The field paths documented in the tables of docs/report-model.md (first cell, in backticks).
fn documented_paths() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(Path::new("docs/report-model.md")).unwrap();
    doc.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .map(|l| l.split('`').next().unwrap().to_string())
        .collect()
}

#[test]
fn every_json_field_is_documented_in_report_model_md() {
    let mut actual = BTreeSet::new();
    let report: Value = serde_json::from_str(&assess(FIXTURE, "json", &[])).unwrap();
    key_paths(&report, "", &mut actual);
    // With --verify-evidence the report gains its evidence register.
    let verified: Value =
        serde_json::from_str(&assess(FIXTURE, "json", &["--verify-evidence"])).unwrap();
    key_paths(&verified, "", &mut actual);
    // The portfolio document: its rows, and `reports` (each shaped as a report).
    let (code, out, err) = run(&[
        "assess",
        FIXTURE,
        "tests/fixtures/missing.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(code, 2, "{err}");
    let portfolio: Value = serde_json::from_str(&out).unwrap();
    let mut p = BTreeSet::new();
    key_paths(&portfolio, "", &mut p);
    actual.extend(p.into_iter().filter(|k| !k.starts_with("reports[]")));
    // The registers (waivers, risks, the SoA's inputs), absent from the fixture's report.
    let registers: Value =
        serde_json::from_str(&assess("examples/logistics-document-ai.yaml", "json", &[])).unwrap();
    key_paths(&registers, "", &mut actual);
    // The fixture fills every list, so no element's fields can hide in an empty one.
    for list in [
        "fixes[].citations.owasp",
        "exclusions[].justification",
        "profiles",
        "evidence_register.rows[].status",
    ] {
        assert!(
            actual.contains(list),
            "the fixture no longer exercises {list}"
        );
    }

    let documented = documented_paths();
    let missing: Vec<_> = actual.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&actual).collect();
    assert!(
        missing.is_empty(),
        "fields in the JSON report that docs/report-model.md does not document: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "fields documented in docs/report-model.md that the JSON report no longer has: {stale:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The HTML report in a real browser (opt-in: it may install Debian's chromium).

#[test]
fn html_report_renders_in_headless_chromium() {
    if std::env::var("AIMSCORE_BROWSER_TEST").as_deref() != Ok("1") {
        println!(
            "skipped: the headless Chromium check runs only with AIMSCORE_BROWSER_TEST=1 \
             (it runs tests/browser/check_html.sh, which may apt-get install chromium)"
        );
        return;
    }
    let out = std::process::Command::new("bash")
        .arg("tests/browser/check_html.sh")
        .env("AIMSCORE_BIN", env!("CARGO_BIN_EXE_aimscore"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        out.status.success(),
        "check_html.sh failed:\n{stdout}\n{stderr}"
    );
}

#[test]
fn output_to_dev_stdout_writes_into_standard_output_and_leaves_the_device_alone() {
    let (code, stdout, stderr) = run(&[
        "assess",
        "examples/minimal.toml",
        "--format",
        "json",
        "--output",
        "/dev/stdout",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert!(v.get("overall").is_some(), "{stdout}");
    let kind = std::fs::symlink_metadata("/dev/stdout").map(|m| m.file_type().is_symlink());
    assert_eq!(kind.ok(), Some(true), "/dev/stdout was replaced");
}

/// The `file` of each row of a JSON portfolio, in order.
fn portfolio_files(v: &Value) -> Vec<&str> {
    v["portfolio"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["file"].as_str().unwrap())
        .collect()
}

#[test]
fn portfolio_junit_totals_are_the_sums_of_its_suites() {
    let (code, xml, _) = run(&[
        "assess",
        FIXTURE,
        HOSTILE,
        "tests/fixtures/missing.yaml",
        "examples/minimal.toml",
        "--format",
        "junit",
    ]);
    assert_eq!(code, 2);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    for attr in ["tests", "failures", "errors", "skipped"] {
        let sum: usize = root
            .children()
            .filter(|n| n.has_tag_name("testsuite"))
            .map(|n| n.attribute(attr).unwrap().parse::<usize>().unwrap())
            .sum();
        let total: usize = root.attribute(attr).unwrap().parse().unwrap();
        assert_eq!(total, sum, "{attr}");
    }
    assert_eq!(root.attribute("errors"), Some("1"));
}

#[test]
fn portfolio_json_holds_each_files_own_report_after_the_rows() {
    let files = [
        FIXTURE,
        "tests/fixtures/missing.yaml",
        "examples/minimal.toml",
    ];
    let mut args = vec!["assess"];
    args.extend(files);
    args.extend(["--format", "json"]);
    let (code, out, _) = run(&args);
    assert_eq!(code, 2);
    // The members in the order SPEC.md gives them.
    let s = out.find("\"schema_version\"").unwrap();
    let p = out.find("\"portfolio\"").unwrap();
    let r = out.find("\n  \"reports\"").unwrap();
    assert!(s < p && p < r, "member order");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(portfolio_files(&v), files);
    let reports = v["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 2);
    for (report, file) in reports.iter().zip([FIXTURE, "examples/minimal.toml"]) {
        let single: Value = serde_json::from_str(&assess(file, "json", &[])).unwrap();
        assert_eq!(report, &single, "{file}");
    }
}

#[test]
fn a_large_portfolio_keeps_input_order_and_is_byte_identical_across_runs() {
    // Files of very different sizes, so parallel workers finish out of order.
    let mut files = Vec::new();
    for i in 0..40 {
        files.push(match i % 4 {
            0 => "examples/healthcare-third-party-model.yaml",
            1 => "examples/minimal.toml",
            2 => FIXTURE,
            _ => "examples/minimal.json",
        });
    }
    files[17] = "tests/fixtures/missing.yaml";
    for format in ["json", "text", "csv", "junit", "html", "md"] {
        let mut args = vec!["assess"];
        args.extend(&files);
        args.extend(["--format", format]);
        let (code, first, err) = run(&args);
        assert_eq!(code, 2, "{format}: {err}");
        assert_eq!(err.matches("error:").count(), 1, "{format}: {err}");
        let (_, second, _) = run(&args);
        assert!(first == second, "{format}: two runs differ");
        if format == "json" {
            let v: Value = serde_json::from_str(&first).unwrap();
            assert_eq!(portfolio_files(&v), files);
            assert_eq!(v["reports"].as_array().map(Vec::len), Some(39));
        }
    }
}

#[test]
fn a_portfolio_written_to_a_file_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("portfolio.json");
    let (code, stdout, err) = run(&[
        "assess",
        FIXTURE,
        "examples/minimal.toml",
        "--format",
        "json",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(2));
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_reader_that_leaves_early_ends_a_portfolio_quietly() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aimscore"))
        .args(["assess", "--format", "md"])
        .args(std::iter::repeat_n(
            "examples/healthcare-third-party-model.yaml",
            200,
        ))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // The pipe is closed here; the command must stop without an error or a panic.
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_long_text_summary_is_printed_as_tables_of_100_rows_each_with_its_header() {
    let mut args = vec!["assess"];
    args.extend(std::iter::repeat_n("examples/minimal.toml", 101));
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let summary = out.split("Portfolio summary (101 files)\n").nth(1).unwrap();
    let (readiness, sections) = summary.split_once("Section scores").unwrap();
    for (part, header) in [(readiness, "│ #   ┆ File"), (sections, "│ #   ┆    4 ┆")] {
        let tables: Vec<&str> = part.split("┌").skip(1).collect();
        assert_eq!(tables.len(), 2, "{part}");
        for (t, (first, last)) in tables.iter().zip([(1, 100), (101, 101)]) {
            assert!(t.contains(header), "each table has its header: {t}");
            assert!(t.contains(&format!("│ {first:<3} ┆")), "{t}");
            assert!(t.contains(&format!("│ {last:<3} ┆")), "{t}");
            assert!(!t.contains(&format!("│ {:<3} ┆", last + 1)), "{t}");
        }
    }
    // Row 101 has the same section scores as row 1: the numbering matches the file order.
    let row = |n: usize| {
        sections
            .lines()
            .find(|l| l.starts_with(&format!("│ {n:<3} ┆")))
            .unwrap()
            .split_once('┆')
            .unwrap()
            .1
            .to_string()
    };
    assert_eq!(row(1), row(101));
}

#[test]
fn a_full_disk_is_an_error_naming_the_output() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for files in [
        vec!["examples/minimal.toml"],
        vec![FIXTURE, "examples/minimal.toml"],
    ] {
        let mut args = vec!["assess"];
        args.extend(&files);
        args.extend(["--format", "json", "--output", "/dev/full"]);
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("error: /dev/full: cannot write: No space left on device"),
            "{err}"
        );
    }
}

#[test]
fn a_portfolio_without_a_usable_temporary_directory_is_an_error_naming_it() {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .env("TMPDIR", "/nonexistent-aimscore-tmp")
        .args([
            "assess",
            FIXTURE,
            "examples/minimal.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("/nonexistent-aimscore-tmp: cannot create a temporary file in"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}
