//! Word documents (`assess --format docx`, `--view summary`, `soa --format docx`): what a
//! consultant edits and hands over. Read back as a package (well-formed XML, the verdict, the
//! top fixes, the disclaimer in the footer, page numbers, repeated header rows, the chart
//! image), byte-identical reruns, no directories of the machine, hostile text inert, refused
//! where it does not apply; converted to PDF by LibreOffice where it is installed (skipped with
//! a message otherwise).
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use std::io::Read;
use std::path::{Path, PathBuf};

fn aimscore() -> Command {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.env("NO_COLOR", "1");
    c
}

const EXAMPLES: [&str; 6] = [
    "examples/healthcare-third-party-model.yaml",
    "examples/startup-llm-feature.yaml",
    "examples/enterprise-agents-mcp.yaml",
    "examples/minimal.toml",
    "examples/snapshot-first-look.yaml",
    "examples/logistics-document-ai.yaml",
];

/// Writes a document with `args` + `-o OUT` and returns its bytes.
fn write(args: &[&str], out: &Path) -> Vec<u8> {
    let o = aimscore().args(args).arg("-o").arg(out).output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::read(out).unwrap()
}

/// The package's parts by name.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let (_, b) = parts(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(b).unwrap()
}

/// The text of a part's `w:t` elements, each paragraph on its own line; the XML must parse.
fn text_of(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut out = String::new();
    for p in doc.descendants().filter(|n| n.has_tag_name("p")) {
        for t in p.descendants().filter(|n| n.has_tag_name("t")) {
            out.push_str(t.text().unwrap_or(""));
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_full_report_holds_the_verdict_the_fixes_the_chart_and_the_disclaimer_footer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.docx");
    let bytes = write(&["assess", EXAMPLES[0], "--format", "docx"], &out);
    let names: Vec<String> = parts(&bytes).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.contains(&"word/media/rIdImage1.png".to_string()),
        "{names:?}"
    );
    let doc = part(&bytes, "word/document.xml");
    let text = text_of(&doc);
    assert!(
        text.contains("Stage 1 audit (documentation): READY"),
        "{text}"
    );
    assert!(text.contains("Stage 2 audit (operation): NOT READY"));
    // The report's first fix, by rank, with its question.
    let json: serde_json::Value = serde_json::from_slice(
        &aimscore()
            .args(["assess", EXAMPLES[0], "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let first = &json["fixes"][0];
    assert!(
        text.contains(&format!(
            "[{}] {}",
            first["priority"].as_str().unwrap(),
            first["question"].as_str().unwrap()
        )),
        "{text}"
    );
    assert!(text.contains(first["question_action"].as_str().unwrap()));
    // Grouped by section: the headings of the fix-list name sections in catalog order.
    assert!(text.contains("Fix-list"));
    assert!(text.contains("Requirements and answers"));
    // Real heading styles, a header row repeated on every page, rows kept whole.
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(doc.contains("<w:tblHeader />"));
    assert!(doc.contains("<w:cantSplit />"));
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"w:val="heading 1""#), "{styles}");
    // The footer: the disclaimer and "Page N of M" fields.
    let footer = part(&bytes, "word/footer1.xml");
    assert!(text_of(&footer).contains("not a certification"));
    assert!(
        footer.contains("PAGE") && footer.contains("NUMPAGES"),
        "{footer}"
    );
    let header = text_of(&part(&bytes, "word/header1.xml"));
    assert!(header.contains("Northvale Health Partners"), "{header}");
}

#[test]
fn the_summary_is_short_and_the_soa_is_one_row_per_control() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        &[
            "assess",
            EXAMPLES[0],
            "--format",
            "docx",
            "--view",
            "summary",
        ],
        &dir.path().join("s.docx"),
    );
    let text = text_of(&part(&s, "word/document.xml"));
    assert!(text.contains("Executive summary"));
    assert!(text.contains("What to do first"));
    assert!(text.contains("Through other frameworks"));
    assert!(
        !text.contains("Requirements and answers"),
        "not the full report"
    );
    let soa = write(
        &["soa", EXAMPLES[0], "--format", "docx"],
        &dir.path().join("soa.docx"),
    );
    let doc = part(&soa, "word/document.xml");
    assert!(doc.contains(r#"w:orient="landscape""#));
    let text = text_of(&doc);
    for id in ["A.2.2", "A.6.2.8", "A.10.4"] {
        assert!(text.lines().any(|l| l == id), "{id} row missing");
    }
    // 38 controls, each one row (plus the header row).
    let d = roxmltree::Document::parse(&doc).unwrap();
    let rows = d.descendants().filter(|n| n.has_tag_name("tr")).count();
    assert_eq!(rows, 39);
}

#[test]
fn every_docx_is_byte_identical_on_a_rerun() {
    let dir = tempfile::tempdir().unwrap();
    for (i, args) in [
        vec!["assess", EXAMPLES[2], "--format", "docx"],
        vec![
            "assess",
            EXAMPLES[4],
            "--format",
            "docx",
            "--view",
            "summary",
        ],
        vec!["soa", EXAMPLES[1], "--format", "docx"],
    ]
    .into_iter()
    .enumerate()
    {
        let a = write(&args, &dir.path().join(format!("{i}a.docx")));
        let b = write(&args, &dir.path().join(format!("{i}b.docx")));
        assert!(a == b, "{args:?}: two runs differ");
    }
}

#[test]
fn no_docx_names_the_directories_of_an_absolute_answers_path() {
    let dir = tempfile::tempdir().unwrap();
    let client = dir.path().join("clients").join("acme-secret-project");
    std::fs::create_dir_all(&client).unwrap();
    let answers = client.join("answers.yaml");
    std::fs::copy(EXAMPLES[0], &answers).unwrap();
    let a = answers.to_str().unwrap();
    for (i, args) in [
        vec!["assess", a, "--format", "docx"],
        vec!["assess", a, "--format", "docx", "--view", "summary"],
        vec!["soa", a, "--format", "docx"],
    ]
    .into_iter()
    .enumerate()
    {
        let bytes = write(&args, &dir.path().join(format!("{i}.docx")));
        for (name, b) in parts(&bytes) {
            let s = String::from_utf8_lossy(&b);
            assert!(!s.contains("acme-secret-project"), "{args:?}: {name}");
        }
        assert!(text_of(&part(&bytes, "word/document.xml")).contains("answers.yaml"));
    }
}

#[test]
fn hostile_text_is_inert_in_every_docx() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let evil = "</w:t></w:r><w:r><w:t>INJECTED</w:t>\u{1b}[31m\u{0}\u{7}<script>x</script>&amp;";
    let answers = serde_json::json!({
        "aimscore": 1, "organization": evil, "scope": evil, "assessor": evil,
        "answers": {
            "4.3-1": {"answer": "no", "owner": evil, "due": "2027-01-31", "note": evil},
            "A.10.3-1": {"answer": "na", "justification": evil},
            "A.6.2.8-1": {"answer": "yes", "evidence": [evil]}
        }
    });
    std::fs::write(&a, answers.to_string()).unwrap();
    let a = a.to_str().unwrap();
    for (i, args) in [
        vec!["assess", a, "--format", "docx"],
        vec!["assess", a, "--format", "docx", "--verify-evidence"],
        vec!["assess", a, "--format", "docx", "--view", "summary"],
        vec!["soa", a, "--format", "docx"],
    ]
    .into_iter()
    .enumerate()
    {
        let bytes = write(&args, &dir.path().join(format!("{i}.docx")));
        for (name, b) in parts(&bytes) {
            if !name.ends_with(".xml") {
                continue;
            }
            let xml = String::from_utf8(b).unwrap();
            // Parses (no control character, no injected markup), and the text is the text.
            let text = text_of(&xml);
            assert!(!xml.contains("<w:t>INJECTED"), "{args:?} {name}");
            assert!(!xml.contains('\u{1b}') && !xml.contains('\u{0}'), "{name}");
            if name == "word/document.xml" {
                assert!(text.contains("</w:t></w:r><w:r><w:t>INJECTED"), "{text}");
            }
        }
    }
}

#[test]
fn docx_is_refused_where_it_does_not_apply() {
    for (args, says) in [
        (
            vec!["assess", EXAMPLES[0], "--format", "docx"],
            "-o FILE.docx",
        ),
        (vec!["soa", EXAMPLES[0], "--format", "docx"], "-o FILE.docx"),
        (
            vec![
                "assess",
                EXAMPLES[0],
                EXAMPLES[1],
                "--format",
                "docx",
                "-o",
                "/tmp/x.docx",
            ],
            "one answers file",
        ),
        (
            vec![
                "assess",
                EXAMPLES[0],
                "--format",
                "docx",
                "--template",
                "templates/report.md.j2",
                "-o",
                "/tmp/x.docx",
            ],
            "--template",
        ),
    ] {
        let o = aimscore().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

/// LibreOffice's command, if installed.
fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|c| {
        std::process::Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Converts `docx` to PDF with LibreOffice; returns the PDF's path when it was written.
fn convert(soffice: &str, docx: &Path, profile: &Path) -> Option<PathBuf> {
    let dir = docx.parent()?;
    let o = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(docx)
        .output()
        .ok()?;
    let pdf = docx.with_extension("pdf");
    (o.status.success() && pdf.is_file()).then_some(pdf)
}

#[test]
fn libreoffice_opens_every_docx_and_prints_the_verdict_and_the_disclaimer() {
    let Some(soffice) = soffice() else {
        eprintln!(
            "skipped: no LibreOffice to convert with (apt-get install libreoffice-writer poppler-utils)"
        );
        return;
    };
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("skipped: no pdftotext to read the PDF (apt-get install poppler-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("lo-profile");
    for (i, args) in [
        vec!["assess", EXAMPLES[0], "--format", "docx"],
        vec![
            "assess",
            EXAMPLES[0],
            "--format",
            "docx",
            "--view",
            "summary",
        ],
        vec!["soa", EXAMPLES[0], "--format", "docx"],
    ]
    .into_iter()
    .enumerate()
    {
        let docx = dir.path().join(format!("d{i}.docx"));
        write(&args, &docx);
        let Some(pdf) = convert(soffice, &docx, &profile) else {
            panic!("{args:?}: LibreOffice could not convert the document");
        };
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("not a certification"), "{args:?}");
        assert!(text.contains("Page 1 of"), "{args:?}: no page numbers");
        if args[0] == "assess" {
            assert!(text.contains("Stage 2 audit (operation)"), "{args:?}");
        }
    }
    // The summary of every bundled example prints on at most four A4 pages.
    for (i, file) in EXAMPLES.iter().enumerate() {
        let docx = dir.path().join(format!("s{i}.docx"));
        write(
            &["assess", file, "--format", "docx", "--view", "summary"],
            &docx,
        );
        let pdf = convert(soffice, &docx, &profile).unwrap();
        let info = std::process::Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .unwrap();
        let pages: usize = String::from_utf8_lossy(&info.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
            .unwrap();
        assert!(
            (1..=4).contains(&pages),
            "{file}: the summary prints on {pages} pages"
        );
    }
}

#[test]
fn a_label_or_the_file_name_names_the_answers_file_in_documents_for_people() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("clients").join("acme-confidential");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::copy(EXAMPLES[3], nested.join("answers.toml")).unwrap();
    // A relative path that climbs out of the working directory: only the file name shows.
    let work = dir.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let rel = "../clients/acme-confidential/answers.toml";
    for args in [
        vec!["assess", rel, "--format", "md"],
        vec!["assess", rel, "--format", "html"],
        vec!["assess", rel, "--format", "html", "--view", "summary"],
        vec!["soa", rel, "--format", "md"],
    ] {
        let o = aimscore().current_dir(&work).args(&args).output().unwrap();
        assert!(o.status.success(), "{args:?}");
        let s = String::from_utf8(o.stdout).unwrap();
        assert!(!s.contains("acme-confidential"), "{args:?}");
        assert!(s.contains("answers.toml"), "{args:?}");
        // With a label, the label.
        let o = aimscore()
            .current_dir(&work)
            .args(&args)
            .args(["--label", "Acme, November review"])
            .output()
            .unwrap();
        let s = String::from_utf8(o.stdout).unwrap();
        assert!(s.contains("Acme, November review"), "{args:?}");
        assert!(!s.contains("answers.toml"), "{args:?}");
    }
    // Machine formats keep the path as given.
    let o = aimscore()
        .current_dir(&work)
        .args(["assess", rel, "--format", "json", "--label", "Acme"])
        .output()
        .unwrap();
    let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["source"], rel);
    assert_eq!(j["source_name"], "Acme");
    let out = work.join("l.docx");
    let o = aimscore()
        .current_dir(&work)
        .args([
            "assess",
            rel,
            "--format",
            "docx",
            "--label",
            "Acme review",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = text_of(&part(&std::fs::read(&out).unwrap(), "word/document.xml"));
    assert!(text.contains("Answers file: Acme review"), "{text}");
}

#[test]
fn the_docx_of_the_evidence_example_holds_the_register_the_risks_and_the_waiver() {
    let dir = tempfile::tempdir().unwrap();
    let e = EXAMPLES[5];
    let r = write(
        &["assess", e, "--format", "docx", "--verify-evidence"],
        &dir.path().join("r.docx"),
    );
    let text = text_of(&part(&r, "word/document.xml"));
    assert!(text.contains("Evidence register"), "{text}");
    assert!(text.contains("logistics-document-ai/ai-policy.md"));
    assert!(text.contains("Risk register"));
    assert!(text.contains("Waivers"));
    assert!(text.contains("A.6.2.8-3"));
    // Without the flag, no register.
    let plain = write(
        &["assess", e, "--format", "docx"],
        &dir.path().join("p.docx"),
    );
    assert!(!text_of(&part(&plain, "word/document.xml")).contains("Evidence register"));
    // The SoA: document control under the title and in the running header; an inclusion
    // justification column; "Draft: not approved" for a file without soa_meta.
    let soa = write(&["soa", e, "--format", "docx"], &dir.path().join("s.docx"));
    let text = text_of(&part(&soa, "word/document.xml"));
    assert!(text.contains("Document control: Version"), "{text}");
    assert!(text.contains("Justification for inclusion"));
    assert!(text_of(&part(&soa, "word/header1.xml")).contains("approved by"));
    let draft = write(
        &["soa", EXAMPLES[0], "--format", "docx"],
        &dir.path().join("d.docx"),
    );
    assert!(text_of(&part(&draft, "word/document.xml")).contains("Draft: not approved"));
}
