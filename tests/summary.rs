//! The executive summary (`assess --view summary`, html and md): what a board reads, hostile
//! text inert, refused where it does not apply, and at most four printed A4 pages for every
//! bundled example (printed by headless Chromium where it is installed; skipped with a message
//! otherwise).
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use std::path::Path;

fn aimscore() -> Command {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.env("NO_COLOR", "1");
    c
}

fn summary(file: &str, format: &str) -> String {
    let o = aimscore()
        .args(["assess", file, "--format", format, "--view", "summary"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

const EXAMPLES: [&str; 5] = [
    "examples/healthcare-third-party-model.yaml",
    "examples/startup-llm-feature.yaml",
    "examples/enterprise-agents-mcp.yaml",
    "examples/minimal.toml",
    "examples/snapshot-first-look.yaml",
];

#[test]
fn the_md_summary_of_the_healthcare_example() {
    insta::assert_snapshot!(summary(EXAMPLES[0], "md"));
}

#[test]
fn the_summary_holds_the_verdict_the_first_fixes_and_the_disclaimer() {
    for (file, format) in EXAMPLES.iter().flat_map(|f| [(f, "html"), (f, "md")]) {
        let s = summary(file, format);
        assert!(
            s.contains("Stage 1 audit (documentation)"),
            "{file} {format}"
        );
        assert!(s.contains("Stage 2 audit (operation)"), "{file} {format}");
        assert!(s.contains("What to do first"), "{file} {format}");
        assert!(s.contains("not a certification"), "{file} {format}");
        assert!(s.contains("NIST AI RMF 1.0"), "{file} {format}");
        // Not the full report.
        assert!(!s.contains("Requirements by section"), "{file} {format}");
    }
    // Twice the same bytes.
    assert_eq!(summary(EXAMPLES[0], "html"), summary(EXAMPLES[0], "html"));
}

#[test]
fn hostile_text_is_inert_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let evil = "<script>alert(1)</script>\"}</style><img src=x onerror=alert(2)>";
    let answers = serde_json::json!({
        "aimscore": 1, "organization": evil, "scope": evil, "assessor": evil,
        "answers": {"4.3-1": {"answer": "no", "owner": evil, "due": "2027-01-31"}}
    });
    std::fs::write(&a, answers.to_string()).unwrap();
    let html = summary(a.to_str().unwrap(), "html");
    assert!(!html.contains("<script>alert"), "raw script");
    assert!(!html.contains("<img src=x"), "raw img");
    assert!(
        !html.contains("\"}</style>"),
        "a style element closed by the text"
    );
    assert!(html.contains("&lt;script&gt;alert(1)"));
}

#[test]
fn the_summary_is_refused_where_it_does_not_apply() {
    for args in [
        vec!["assess", EXAMPLES[0], "--view", "summary"],
        vec![
            "assess",
            EXAMPLES[0],
            "--view",
            "summary",
            "--format",
            "json",
        ],
        vec![
            "assess",
            EXAMPLES[0],
            EXAMPLES[1],
            "--view",
            "summary",
            "--format",
            "html",
        ],
    ] {
        let o = aimscore().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("--view summary"),
            "{args:?}"
        );
    }
}

/// Chromium's name here, if one is installed.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// Prints `html` to PDF with headless Chromium; returns the page count and the text (pdfinfo,
/// pdftotext).
fn print(browser: &str, html: &Path) -> Option<(usize, String)> {
    let pdf = html.with_extension("pdf");
    let ok = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .ok()?
        .status
        .success();
    if !ok || !pdf.is_file() {
        return None;
    }
    let info = std::process::Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .ok()?;
    let pages = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Pages:")
                .map(|n| n.trim().parse().unwrap_or(0))
        })?;
    let text = std::process::Command::new("pdftotext")
        .args(["-l", "1"])
        .arg(&pdf)
        .arg("-")
        .output()
        .ok()?;
    Some((pages, String::from_utf8_lossy(&text.stdout).into_owned()))
}

#[test]
fn every_example_summary_prints_on_at_most_four_a4_pages_and_the_full_report_is_numbered() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: no chromium to print with (apt-get install chromium poppler-utils)");
        return;
    };
    if std::process::Command::new("pdfinfo")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("skipped: no pdfinfo to count pages (apt-get install poppler-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, file) in EXAMPLES.iter().enumerate() {
        let html = dir.path().join(format!("s{i}.html"));
        std::fs::write(&html, summary(file, "html")).unwrap();
        let (pages, first) = print(browser, &html).unwrap();
        assert!(pages <= 4, "{file}: the summary prints on {pages} pages");
        assert!(
            first.contains(&format!("Page 1 of {pages}")),
            "{file}: {first}"
        );
    }
    let html = dir.path().join("full.html");
    let o = aimscore()
        .args(["assess", EXAMPLES[3], "--format", "html", "-o"])
        .arg(&html)
        .output()
        .unwrap();
    assert!(o.status.success());
    let (pages, first) = print(browser, &html).unwrap();
    assert!(pages > 4);
    assert!(first.contains(&format!("Page 1 of {pages}")), "{first}");
    assert!(
        first.contains("ISO/IEC 42001:2023 readiness: Fernhill Analytics"),
        "{first}"
    );
}
