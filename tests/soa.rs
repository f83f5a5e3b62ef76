//! `aimscore soa`: the Statement of Applicability in md, csv and xlsx. Every Annex A control in
//! catalog order; exclusion only when every question is `na`; statuses from the answers;
//! hostile user text inert in every format; a deterministic workbook; usage and input errors
//! exit 2.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aimscore::documents::soa::{Applicability, Implementation, Soa};
use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

const FIXTURE: &str = "tests/fixtures/soa/healthcare.yaml";
const EXAMPLE: &str = "examples/healthcare-third-party-model.yaml";

fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn stdout_of(args: &[&str]) -> String {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    String::from_utf8(out).unwrap()
}

/// The SoA model of an answers file, through the same steps as the command.
fn soa_of(path: &str, profiles: &[String], trust_claims: bool) -> Soa {
    let catalog = aimscore::catalog::bundled().unwrap();
    let (answers, active) = aimscore::answers::load(Path::new(path), &catalog, profiles).unwrap();
    let a = aimscore::scoring::assess(
        &active,
        &answers,
        aimscore::scoring::Options {
            trust_claims,
            ..Default::default()
        },
    );
    let r = aimscore::documents::build(&active, &answers, &a, None);
    aimscore::documents::soa::build(&active, &r)
}

fn control<'a>(soa: &'a Soa, id: &str) -> &'a aimscore::documents::soa::Control {
    soa.controls
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no control {id}"))
}

/// The 38 Annex A control ids, in catalog order.
fn annex_ids() -> Vec<String> {
    let c = aimscore::catalog::bundled().unwrap();
    c.requirements
        .iter()
        .filter(|r| r.id.starts_with("A."))
        .map(|r| r.id.clone())
        .collect()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn write_xlsx(file: &str, dir: &Path, name: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec!["soa", file, "--format", "xlsx", "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let (code, stdout, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty(), "xlsx with -o writes nothing to stdout");
    out
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => format!("{other:?}"),
                })
                .collect()
        })
        .collect()
}

fn zip_part(path: &Path, part: &str) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

// ---------------------------------------------------------------------------------------------
// Content

#[test]
fn markdown_soa_of_the_fixture_matches_the_snapshot() {
    insta::assert_snapshot!("healthcare_md", stdout_of(&["soa", FIXTURE]));
}

#[test]
fn csv_soa_of_the_fixture_matches_the_snapshot() {
    insta::assert_snapshot!(
        "healthcare_csv",
        stdout_of(&["soa", FIXTURE, "--format", "csv"])
    );
}

#[test]
fn every_annex_a_control_is_listed_once_in_catalog_order_in_every_format() {
    let ids = annex_ids();
    assert_eq!(ids.len(), 38);

    let soa = soa_of(FIXTURE, &[], false);
    let got: Vec<&str> = soa.controls.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(got, ids);
    assert_eq!(soa.summary.controls, 38);

    let csv = stdout_of(&["soa", FIXTURE, "--format", "csv"]);
    let rows = csv_rows(&csv);
    assert_eq!(rows[0][0], "Control");
    let got: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, ids);

    let md = stdout_of(&["soa", FIXTURE]);
    let got: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| A."))
        .map(|l| l[2..].split(" |").next().unwrap())
        .collect();
    assert_eq!(got, ids);

    let dir = tempfile::tempdir().unwrap();
    let x = write_xlsx(FIXTURE, dir.path(), "soa.xlsx", &[]);
    let rows = sheet(&x, "Statement of Applicability");
    let got: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(got, ids);
}

#[test]
fn a_control_is_excluded_only_when_every_question_is_na() {
    let soa = soa_of(FIXTURE, &[], false);
    let excluded: Vec<&str> = soa
        .controls
        .iter()
        .filter(|c| c.applicability == Applicability::Excluded)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(excluded, ["A.6.2.2", "A.6.2.3", "A.7.2"]);
    assert_eq!(soa.summary.excluded, 3);
    // A.8.5 and A.10.4 have no answered question: they are to be decided, not included.
    assert_eq!(soa.summary.included, 33);
    assert_eq!(soa.summary.to_be_decided, 2);

    for id in ["A.6.2.2", "A.6.2.3", "A.7.2"] {
        let c = control(&soa, id);
        assert_eq!(c.implementation, Implementation::NotApplicable, "{id}");
        assert_eq!(c.score, None, "{id}: an excluded control has no score");
        assert!(c.excluded_questions().is_empty(), "{id}");
    }
    // One reason per control: a shared justification once, different ones each once, without
    // the question ids glued in front.
    assert_eq!(
        control(&soa, "A.7.2").exclusion_reason(),
        ["The hospital trains and fine-tunes no models and supplies no data for AI development."]
    );
    let reasons = control(&soa, "A.6.2.2").exclusion_reason();
    assert_eq!(reasons.len(), 3);
    assert!(reasons[0].starts_with("ScribeWell is specified and built by its vendor"));
    assert_eq!(reasons[1], "ScribeWell is neither agentic nor tool-using.");

    // Some questions na: included, scored over the rest, and the SoA names the excluded ones.
    let c = control(&soa, "A.6.2.5");
    assert_eq!(c.applicability, Applicability::Included);
    assert!(c.exclusion_reason().is_empty());
    assert_eq!(
        c.excluded_questions(),
        ["A.6.2.5-2: No agents or MCP servers are deployed."]
    );
    // weights 3 (yes), 3 (yes), 1 (no) over the applicable questions: 100 × 6/7 = 85.7
    assert_eq!(c.score, Some(85.7));
    assert_eq!(c.implementation, Implementation::PartiallyImplemented);
    assert_eq!(soa.summary.partly_excluded, 4);

    // The same, as an auditor reads it in the CSV.
    let rows = csv_rows(&stdout_of(&["soa", FIXTURE, "--format", "csv"]));
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().clone();
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let r = row("A.7.2");
    assert_eq!(r[col("Applicability")], "Excluded");
    assert_eq!(
        r[col("Justification for exclusion")],
        "The hospital trains and fine-tunes no models and supplies no data for AI development."
    );
    assert_eq!(r[col("Implementation status")], "Not applicable");
    assert_eq!(r[col("Score")], "n/a");
    let r = row("A.6.2.5");
    assert_eq!(r[col("Applicability")], "Included");
    assert_eq!(r[col("Justification for exclusion")], "");
    assert_eq!(
        r[col("Excluded questions")],
        "A.6.2.5-2: No agents or MCP servers are deployed."
    );
}

#[test]
fn implementation_status_follows_the_stated_mapping() {
    let soa = soa_of(FIXTURE, &[], false);
    let status = |id: &str| control(&soa, id).implementation;
    // every question an evidenced yes
    assert_eq!(status("A.2.2"), Implementation::Implemented);
    assert_eq!(control(&soa, "A.2.2").score, Some(100.0));
    // answered, all no
    assert_eq!(status("A.8.3"), Implementation::NotImplemented);
    assert_eq!(control(&soa, "A.8.3").score, Some(0.0));
    // unanswered
    assert_eq!(status("A.8.5"), Implementation::NotAssessed);
    assert_eq!(status("A.10.4"), Implementation::NotAssessed);
    // some credit
    assert_eq!(status("A.2.3"), Implementation::PartiallyImplemented);

    // The mapping is stated in the output.
    let md = stdout_of(&["soa", FIXTURE]);
    for s in Implementation::ALL {
        assert!(
            md.contains(&format!("- **{}**: {}.", s.as_str(), s.meaning())),
            "{s:?}"
        );
    }
}

#[test]
fn a_yes_without_evidence_counts_as_partial_unless_claims_are_trusted() {
    // A.3.3: yes without evidence (w3), yes with evidence (w2), partial (w2)
    let plain = soa_of(FIXTURE, &[], false);
    let trusted = soa_of(FIXTURE, &[], true);
    assert_eq!(control(&plain, "A.3.3").score, Some(64.3)); // (1.5 + 2 + 1) / 7
    assert_eq!(control(&trusted, "A.3.3").score, Some(85.7)); // (3 + 2 + 1) / 7
    let md = stdout_of(&["soa", FIXTURE, "--trust-claims"]);
    assert!(md.contains("| A.3.3 | Reporting of concerns | A.3 Internal organization | Included |  |  | Partially implemented | 85.7 |"), "{md}");
    assert!(md.contains("trusted (--trust-claims)"));
}

#[test]
fn evidence_owners_and_due_dates_are_deduplicated_in_question_order() {
    let soa = soa_of(FIXTURE, &[], false);
    let c = control(&soa, "A.2.2");
    assert_eq!(
        c.evidence,
        [
            "governance/ai-policy-v2.pdf",
            "hr/lms-ai-policy-completions-2026-10.csv"
        ]
    );
    assert_eq!(c.owners, ["Chief Medical Officer", "HR Director"]);
    let c = control(&soa, "A.8.3");
    assert_eq!(c.owners, ["Patient Experience Lead"]);
    assert_eq!(c.due, ["2027-03-31"]);
    // Cross-references come from the catalog.
    let c = control(&soa, "A.6.2.3");
    assert_eq!(c.nist, ["MAP 2.1", "MEASURE 2.7"]);
    assert_eq!(c.owasp, ["LLM07"]);
}

#[test]
fn the_header_names_the_organization_scope_date_catalog_and_disclaimer() {
    let md = stdout_of(&["soa", FIXTURE]);
    assert!(md.starts_with("# Statement of Applicability: St Brigid Community Hospital\n"));
    assert!(md.contains("| Scope | Use of the ScribeWell ambient documentation assistant"));
    assert!(md.contains("| Date | 2026-11-20 |"));
    let catalog = aimscore::catalog::bundled().unwrap();
    assert!(md.contains(&format!("(version {})", catalog.version)));
    assert!(md.contains(aimscore::documents::DISCLAIMER));
    assert!(md.contains("not a certification"));
}

#[test]
fn a_profile_adds_its_questions_and_a_column_naming_them() {
    let profiles = vec!["agentic".to_string()];
    let soa = soa_of(FIXTURE, &profiles, false);
    assert_eq!(
        soa.controls.len(),
        38,
        "a profile adds questions, not controls"
    );
    let c = control(&soa, "A.4.2");
    assert_eq!(c.profile_question_ids(), ["A.4.2-agentic-1 (agentic)"]);
    // unanswered profile question: A.4.2 loses score against the run without the profile
    let base = soa_of(FIXTURE, &[], false);
    assert!(c.score < control(&base, "A.4.2").score);

    let md = stdout_of(&["soa", FIXTURE, "--profile", "agentic"]);
    assert!(md.contains("| Profiles | agentic |"));
    assert!(md.contains("| Excluded questions | Profile questions |"));
    assert!(md.contains("A.4.2-agentic-1 (agentic)"));
    let plain = stdout_of(&["soa", FIXTURE]);
    assert!(!plain.contains("Profile questions |"));
}

#[test]
fn soa_of_the_healthcare_example_lists_all_38_controls_with_its_exclusions() {
    if !Path::new(EXAMPLE).exists() {
        eprintln!("skipped: {EXAMPLE} is not there");
        return;
    }
    // What the example excludes, read from its answers independently of the SoA code.
    let catalog = aimscore::catalog::bundled().unwrap();
    let (answers, active) = aimscore::answers::load(Path::new(EXAMPLE), &catalog, &[]).unwrap();
    let is_na = |qid: &str| {
        answers
            .answers
            .get(qid)
            .is_some_and(|a| a.value == aimscore::answers::AnswerValue::Na)
    };
    let rows = csv_rows(&stdout_of(&["soa", EXAMPLE, "--format", "csv"]));
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 39, "a header and 38 controls");
    let mut excluded = 0;
    for r in active
        .requirements
        .iter()
        .filter(|r| r.id.starts_with("A."))
    {
        let row = rows.iter().find(|x| x[0] == r.id).unwrap();
        let all_na = r.questions.iter().all(|q| is_na(&q.id));
        let some_na = r.questions.iter().any(|q| is_na(&q.id));
        let (cell, other) = if all_na {
            excluded += 1;
            assert_eq!(row[col("Applicability")], "Excluded", "{}", r.id);
            (
                &row[col("Justification for exclusion")],
                &row[col("Excluded questions")],
            )
        } else {
            assert_eq!(row[col("Applicability")], "Included", "{}", r.id);
            (
                &row[col("Excluded questions")],
                &row[col("Justification for exclusion")],
            )
        };
        assert!(other.is_empty(), "{}", r.id);
        assert_eq!(cell.is_empty(), !some_na, "{}", r.id);
        for q in r.questions.iter().filter(|q| is_na(&q.id)) {
            let j = answers.answers[&q.id].justification.as_deref().unwrap();
            assert!(cell.contains(j), "{}: justification missing", q.id);
        }
    }
    assert!(excluded >= 3, "the example excludes development controls");
}

// ---------------------------------------------------------------------------------------------
// Hostile text

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "{{ 7*7 }}",
    "a | b",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "]]>",
];

fn hostile_file(dir: &Path) -> PathBuf {
    let q = |s: &str| serde_json::to_string(s).unwrap();
    let all = HOSTILE.join(" ");
    let text = format!(
        "aimscore: 1\norganization: {org}\nscope: {all}\nanswers:\n\
         \x20 A.7.2-1: {{answer: na, justification: {j0}}}\n\
         \x20 A.7.2-2: {{answer: na, justification: {j1}}}\n\
         \x20 A.7.2-3: {{answer: na, justification: {j2}}}\n\
         \x20 A.7.2-4: {{answer: na, justification: {j4}}}\n\
         \x20 A.7.3-1: {{answer: na, justification: {j3}}}\n\
         \x20 A.7.3-2: {{answer: yes, evidence: [{e0}, {e1}, {e4}], owner: {o}, note: {all}}}\n\
         \x20 A.7.3-3: {{answer: no, evidence: {e5}, owner: {o2}, due: 2027-01-31}}\n",
        org = q(&format!("{} Hospital", HOSTILE[0])),
        all = q(&all),
        j0 = q(HOSTILE[0]),
        j1 = q(HOSTILE[1]),
        j2 = q(HOSTILE[2]),
        j3 = q(HOSTILE[3]),
        j4 = q(HOSTILE[4]),
        e0 = q(HOSTILE[0]),
        e1 = q(HOSTILE[1]),
        e4 = q(HOSTILE[4]),
        e5 = q(HOSTILE[5]),
        o = q(HOSTILE[4]),
        o2 = q(&format!("@{}", HOSTILE[3])),
    );
    let p = dir.join("hostile.yaml");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn hostile_text_is_inert_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let f = hostile_file(dir.path());
    let md = stdout_of(&["soa", f.to_str().unwrap()]);
    assert!(!md.contains("<script"), "{md}");
    assert!(!md.contains("<img"), "{md}");
    assert!(!md.contains("{{"), "{md}");
    assert!(!md.contains("]]>"), "{md}");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(md.contains("\\{\\{ 7\\*7 \\}\\}"));
    // A pipe in user text cannot add a cell: every table row has the header's cell count.
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let table: Vec<&str> = md
        .lines()
        .skip_while(|l| !l.starts_with("| Control |"))
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(table.len(), 40);
    for l in &table {
        assert_eq!(cells(l), cells(table[0]), "{l}");
    }
    // The only raw HTML is our own line break between justifications.
    let row = table.iter().find(|l| l.starts_with("| A.7.2 |")).unwrap();
    assert_eq!(row.matches("<br>").count(), 3, "{row}");
    assert_eq!(row.matches('<').count(), 3, "{row}");
}

#[test]
fn hostile_text_is_inert_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let f = hostile_file(dir.path());
    let csv = stdout_of(&["soa", f.to_str().unwrap(), "--format", "csv"]);
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 39);
    // The columns, then the document control.
    assert!(rows.iter().all(|r| r.len() == 16), "one cell per column");
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula-like cell: {cell:?}"
            );
        }
    }
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let a73 = rows.iter().find(|r| r[0] == "A.7.3").unwrap();
    assert_eq!(a73[col("Owner")], format!("'{}; @a | b", HOSTILE[4]));
    assert_eq!(
        a73[col("Excluded questions")],
        format!("A.7.3-1: {}", HOSTILE[3])
    );
    // Evidence keeps the text exactly (a later line in a cell is not a formula).
    assert_eq!(
        a73[col("Evidence")],
        format!(
            "{}\n{}\n{}\n{}",
            HOSTILE[0], HOSTILE[1], HOSTILE[4], HOSTILE[5]
        )
    );
    let a72 = rows.iter().find(|r| r[0] == "A.7.2").unwrap();
    assert_eq!(a72[col("Applicability")], "Excluded");
    assert!(a72[col("Justification for exclusion")].contains(&format!("\n{}", HOSTILE[4])));
}

#[test]
fn hostile_text_is_inert_in_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let f = hostile_file(dir.path());
    let x = write_xlsx(f.to_str().unwrap(), dir.path(), "h.xlsx", &[]);
    // Every cell is stored as text, exactly as given: nothing becomes a formula or markup.
    let mut wb: Xlsx<_> = calamine::open_workbook(&x).unwrap();
    for name in aimscore::render::xlsx::SHEETS {
        let formulas = wb.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has formulas"
        );
    }
    for n in 1..=3 {
        let xml = zip_part(&x, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "sheet{n}");
    }
    let shared = zip_part(&x, "xl/sharedStrings.xml");
    assert!(!shared.contains("<script") && !shared.contains("<img"));
    assert!(shared.contains("&lt;script&gt;"));

    let rows = sheet(&x, "Statement of Applicability");
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let a73 = rows.iter().find(|r| r[0] == "A.7.3").unwrap();
    assert_eq!(a73[col("Owner")], format!("{}; @a | b", HOSTILE[4]));
    assert_eq!(
        a73[col("Evidence")],
        format!(
            "{}\n{}\n{}\n{}",
            HOSTILE[0], HOSTILE[1], HOSTILE[4], HOSTILE[5]
        )
    );
    let about = sheet(&x, "About");
    let org = about.iter().find(|r| r[0] == "Organization").unwrap();
    assert_eq!(org[1], format!("{} Hospital", HOSTILE[0]));
    let fixes = sheet(&x, "Fix-list");
    assert!(
        fixes
            .iter()
            .any(|r| r.iter().any(|c| c == &format!("@{}", HOSTILE[3])))
    );
}

// ---------------------------------------------------------------------------------------------
// The workbook

#[test]
fn xlsx_has_the_three_sheets_their_headers_and_table_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let x = write_xlsx(FIXTURE, dir.path(), "soa.xlsx", &[]);
    let wb: Xlsx<_> = calamine::open_workbook(&x).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["Statement of Applicability", "Fix-list", "About"]
    );

    let soa = sheet(&x, "Statement of Applicability");
    assert_eq!(soa[0], aimscore::render::cells::COLUMNS);
    assert_eq!(soa.len(), 39);
    let a62 = soa.iter().find(|r| r[0] == "A.6.2.5").unwrap();
    assert_eq!(a62[7], "85.7", "score is a number");

    let fixes = sheet(&x, "Fix-list");
    assert_eq!(fixes[0], aimscore::render::xlsx::FIX_COLUMNS);
    let report = stdout_of(&["assess", FIXTURE, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    assert_eq!(
        fixes.len() - 1,
        report["fixes_total"].as_u64().unwrap() as usize
    );
    assert_eq!(fixes[1][0], "1");
    assert_eq!(
        fixes[1][1],
        report["fixes"][0]["priority"].as_str().unwrap()
    );
    assert_eq!(
        fixes[1][4],
        report["fixes"][0]["question"].as_str().unwrap()
    );

    let about = sheet(&x, "About");
    let text = about.concat().join(" ");
    assert!(text.contains(aimscore::documents::DISCLAIMER));
    assert!(text.contains("St Brigid Community Hospital"));

    // Header row bold on a fill, filters on the whole table, header row frozen.
    let xml = zip_part(&x, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"<autoFilter ref="A1:O39"/>"#), "{xml}");
    assert!(xml.contains(r#"state="frozen""#), "{xml}");
    assert!(xml.contains("<cols>"), "column widths are set");
    // Rows are as tall as their wrapped text (viewers that do not size rows themselves).
    assert!(xml.contains(r#"<row r="18" spans="1:15" ht="#), "{xml}");
    assert!(xml.contains(r#"customHeight="1""#), "{xml}");
    let xml = zip_part(&x, "xl/worksheets/sheet2.xml");
    assert!(xml.contains(r#"<autoFilter ref="A1:P"#), "{xml}");
    let styles = zip_part(&x, "xl/styles.xml");
    assert!(
        styles.contains("<b/>") && styles.contains("FF1F4E79"),
        "{styles}"
    );
    assert!(styles.contains(r#"wrapText="1""#));

    // The creation date is the answers file's date, not the clock.
    let core = zip_part(&x, "docProps/core.xml");
    assert!(core.contains("2026-11-20T00:00:00Z"), "{core}");
}

#[test]
fn xlsx_is_byte_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_xlsx(FIXTURE, dir.path(), "a.xlsx", &[]);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = write_xlsx(FIXTURE, dir.path(), "b.xlsx", &[]);
    assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
}

#[test]
fn md_and_csv_can_be_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("soa.csv");
    let (code, stdout, err) = run(&[
        "soa",
        FIXTURE,
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        stdout_of(&["soa", FIXTURE, "--format", "csv"])
    );
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn xlsx_without_an_output_file_is_a_usage_error() {
    let (code, stdout, err) = run(&["soa", FIXTURE, "--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "no binary on stdout");
    assert!(err.contains("-o FILE"), "{err}");
}

#[test]
fn bad_input_files_exit_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "unknown.yaml",
            "aimscore: 1\norganization: X\nanswers:\n  A.9.9-1: {answer: yes}\n",
            "unknown.yaml:4:3: unknown question id `A.9.9-1`",
        ),
        (
            "nojust.yaml",
            "aimscore: 1\norganization: X\nanswers:\n  A.7.2-1: {answer: na}\n",
            "without a `justification`",
        ),
        (
            "clause-na.yaml",
            "aimscore: 1\norganization: X\nanswers:\n  4.3-1: {answer: na, justification: x}\n",
            "clause questions cannot be excluded",
        ),
        (
            "broken.yaml",
            "aimscore: 1\norganization: [\n",
            "broken.yaml:",
        ),
    ];
    for (name, text, want) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        for format in ["md", "csv"] {
            let (code, stdout, err) = run(&["soa", p.to_str().unwrap(), "--format", format]);
            assert_eq!(code, 2, "{name}: {err}");
            assert!(stdout.is_empty(), "{name}");
            assert!(err.contains(want), "{name}: {err}");
        }
        let out = dir.path().join(format!("{name}.xlsx"));
        let (code, _, err) = run(&[
            "soa",
            p.to_str().unwrap(),
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(code, 2, "{name}: {err}");
        assert!(!out.exists(), "{name}: no workbook for a bad file");
    }
    let (code, _, err) = run(&["soa", "does/not/exist.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("does/not/exist.yaml"), "{err}");
    let (code, _, _) = run(&["soa", FIXTURE, "--format", "pdf"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["soa", FIXTURE, "--profile", "nope"]);
    assert_eq!(code, 2);
}

#[test]
fn help_describes_the_command() {
    let (code, out, _) = run(&["soa", "--help"]);
    assert_eq!(code, 0);
    let out = String::from_utf8(out).unwrap();
    for s in [
        "--format",
        "md",
        "csv",
        "xlsx",
        "-o",
        "--catalog",
        "--profile",
        "--trust-claims",
    ] {
        assert!(out.contains(s), "{s}: {out}");
    }
}

#[test]
fn a_catalog_directory_gives_the_same_soa_as_the_bundled_catalog() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("controls"), &dir.path().join("controls"));
    let cat = dir.path().join("controls");
    let with_dir = stdout_of(&["soa", FIXTURE, "--catalog", cat.to_str().unwrap()]);
    assert_eq!(with_dir, stdout_of(&["soa", FIXTURE]));
    let (code, _, err) = run(&["soa", FIXTURE, "--catalog", "does/not/exist"]);
    assert_eq!(code, 2, "{err}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
