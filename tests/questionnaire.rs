//! The spreadsheet questionnaire: `init --format xlsx`, `export`, `import` and `.xlsx` read
//! directly. A workbook is filled the way a user would (a copy of the template with cells set:
//! in Rust from the cells calamine reads, with openpyxl, re-saved by LibreOffice), and must
//! assess like the equivalent YAML; every hostile case is reported at its cell with exit 2.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok_in(dir: &Path, args: &[&str]) -> String {
    let (code, out, err) = run_in(dir, args);
    assert_eq!(code, 0, "aimscore {args:?}: {err}");
    out
}

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples")
}

/// A value a user types into a cell.
#[derive(Clone)]
enum Put {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
}

/// A copy of the workbook at `src` with `edits` applied ((Id, column letter) → value; an Id
/// not in the sheet is a new row at the end), written with rust_xlsxwriter from the cells
/// calamine reads: what a user's spreadsheet program saves, minus the styles.
fn fill(src: &Path, dst: &Path, edits: &[(&str, char, Put)], rename: Option<(&str, &str)>) {
    let mut wb: Xlsx<_> = calamine::open_workbook(src).unwrap();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        let shown = rename
            .filter(|(from, _)| *from == name)
            .map_or(name.as_str(), |(_, to)| to);
        ws.set_name(shown).unwrap();
        let mut rows: BTreeMap<String, u32> = BTreeMap::new();
        let mut last = 0;
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r as u32, c as u16);
            last = last.max(r);
            match v {
                Data::String(s) => {
                    ws.write_string(r, c, s).unwrap();
                    if c == 0 && name == "Questionnaire" {
                        rows.insert(s.clone(), r);
                    }
                }
                Data::Float(f) => {
                    ws.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    ws.write_number(r, c, *i as f64).unwrap();
                }
                Data::DateTime(d) => {
                    ws.write_number_with_format(r, c, d.as_f64(), &date)
                        .unwrap();
                }
                Data::Empty => {}
                other => {
                    ws.write_string(r, c, other.to_string()).unwrap();
                }
            }
        }
        if name != "Questionnaire" {
            continue;
        }
        for (id, col, put) in edits {
            let row = match rows.get(*id) {
                Some(r) => *r,
                None => {
                    last += 1;
                    ws.write_string(last, 0, *id).unwrap();
                    rows.insert(id.to_string(), last);
                    last
                }
            };
            let c = (*col as u8 - b'A') as u16;
            match put {
                Put::Text(s) => ws.write_string(row, c, *s).unwrap(),
                Put::Number(f) => ws.write_number(row, c, *f).unwrap(),
                Put::Date(y, m, d) => ws
                    .write_datetime_with_format(
                        row,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &date,
                    )
                    .unwrap(),
            };
        }
    }
    out.save(dst).unwrap();
}

/// The row (1-based, as Excel numbers it) of a question in a workbook.
fn row_of(path: &Path, id: &str) -> usize {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range("Questionnaire").unwrap();
    range
        .rows()
        .position(|r| {
            r.first()
                .is_some_and(|c| matches!(c, Data::String(s) if s == id))
        })
        .unwrap()
        + 1
}

#[test]
fn init_xlsx_is_deterministic_and_lists_every_question() {
    let t = tempfile::tempdir().unwrap();
    ok_in(t.path(), &["init", "--format", "xlsx", "-o", "a.xlsx"]);
    ok_in(t.path(), &["init", "-o", "b.xlsx"]);
    let a = std::fs::read(t.path().join("a.xlsx")).unwrap();
    assert_eq!(a, std::fs::read(t.path().join("b.xlsx")).unwrap());
    let mut wb: Xlsx<_> = calamine::open_workbook(t.path().join("a.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["About", "Questionnaire"]);
    let range = wb.worksheet_range("Questionnaire").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        &header[..8],
        [
            "Id",
            "Section",
            "Requirement",
            "Question",
            "Weight",
            "Stage",
            "Flags",
            "Answer"
        ]
    );
    let ids: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    let yaml = ok_in(t.path(), &["init"]);
    let in_yaml = yaml.matches("  #   answer: no").count();
    assert_eq!(ids.len(), in_yaml, "one row per question");
    assert!(ids.iter().all(|i| !i.is_empty()), "every row has its Id");
    // A snapshot workbook lists only the snapshot questions and says so on the About sheet.
    ok_in(
        t.path(),
        &["init", "--snapshot", "--profile", "agentic", "-o", "s.xlsx"],
    );
    let mut s: Xlsx<_> = calamine::open_workbook(t.path().join("s.xlsx")).unwrap();
    let rows = s.worksheet_range("Questionnaire").unwrap().height() - 1;
    assert!((25..=45).contains(&rows), "{rows} snapshot rows");
    let about = s.worksheet_range("About").unwrap();
    let cells: Vec<String> = about.used_cells().map(|(_, _, v)| v.to_string()).collect();
    assert!(cells.contains(&"snapshot".to_string()) && cells.contains(&"agentic".to_string()));
    assert!(
        cells.iter().any(|c| c.contains("not a certification")),
        "the disclaimer"
    );
}

#[test]
fn workbook_validation_protection_and_print_setup() {
    let t = tempfile::tempdir().unwrap();
    ok_in(t.path(), &["init", "-o", "q.xlsx"]);
    let f = std::fs::File::open(t.path().join("q.xlsx")).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    // Clause rows and Annex A rows carry different lists: na only on Annex A.
    assert!(
        xml.contains("\"yes,partial,no,0,1,2,3,4,5\""),
        "clause list"
    );
    assert!(
        xml.contains("\"yes,partial,no,na,0,1,2,3,4,5\""),
        "Annex A list"
    );
    let first_annex = row_of(&t.path().join("q.xlsx"), "A.2.2-1");
    assert!(
        xml.contains(&format!("sqref=\"H{first_annex}:")),
        "the Annex A list starts at its first row"
    );
    assert!(xml.contains("type=\"date\""), "Due has a date validation");
    assert!(
        xml.contains("<sheetProtection")
            && xml.contains("autoFilter=\"0\"")
            && xml.contains("sort=\"0\""),
        "protected, filter and sort allowed"
    );
    assert!(xml.contains("<autoFilter ref=\"A1:N"), "autofilter");
    assert!(xml.contains("state=\"frozen\""), "frozen header");
    assert!(
        xml.contains("orientation=\"landscape\"") && xml.contains("fitToHeight=\"0\""),
        "print setup"
    );
}

#[test]
fn export_then_import_assesses_like_every_example() {
    for name in [
        "startup-llm-feature.yaml",
        "healthcare-third-party-model.yaml",
        "enterprise-agents-mcp.yaml",
        "snapshot-first-look.yaml",
        "minimal.toml",
        "minimal.json",
    ] {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        for d in [&a, &b] {
            std::fs::create_dir(d).unwrap();
            copy_dir(&examples(), d);
        }
        ok_in(&a, &["export", name, "-o", "q.xlsx"]);
        ok_in(&b, &["import", "../a/q.xlsx", "-o", name, "--force"]);
        for format in ["md", "text", "csv"] {
            let x = ok_in(&a, &["assess", name, "--format", format]);
            let y = ok_in(&b, &["assess", name, "--format", format]);
            assert_eq!(x, y, "{name} --format {format}");
        }
        // JSON reports also carry each answer's line in its file, which a new file changes.
        let strip = |s: String| {
            s.lines()
                .filter(|l| !l.contains("\"line\"") && !l.contains("\"column\""))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let x = strip(ok_in(&a, &["assess", name, "--format", "json"]));
        let y = strip(ok_in(&b, &["assess", name, "--format", "json"]));
        assert_eq!(x, y, "{name} json");
        // The workbook itself is an answers file for assess, check, soa and diff.
        let x = ok_in(&a, &["assess", name, "--format", "md"]);
        let direct = ok_in(&a, &["assess", "q.xlsx", "--format", "md"]);
        assert_eq!(x.replace(name, "q.xlsx"), direct, "{name} direct");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&p).unwrap();
            copy_dir(&e.path(), &p);
        } else {
            std::fs::copy(e.path(), p).unwrap();
        }
    }
}

#[test]
fn filled_workbook_assesses_like_the_equivalent_yaml() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok_in(d, &["init", "--organization", "Acme", "-o", "q.xlsx"]);
    fill(
        &d.join("q.xlsx"),
        &d.join("f.xlsx"),
        &[
            ("4.1-1", 'H', Put::Number(3.0)),
            ("4.1-1", 'L', Put::Date(2026, 12, 1)),
            ("4.1-2", 'H', Put::Number(3.0)),
            ("4.1-2", 'L', Put::Text("2026-12-01")),
            ("4.1-3", 'H', Put::Text("3")),
            ("4.1-3", 'I', Put::Text("a.pdf\nb.pdf\n")),
            ("4.1-3", 'K', Put::Text("CTO")),
            ("5.2-1", 'H', Put::Text("Yes")),
            ("A.2.2-1", 'H', Put::Text("na")),
            ("A.2.2-1", 'M', Put::Text("No AI policy scope here")),
        ],
        None,
    );
    let yaml = "aimscore: 1\norganization: Acme\nanswers:\n  4.1-1: {answer: 3, due: 2026-12-01}\n  4.1-2: {answer: 3, due: 2026-12-01}\n  4.1-3: {answer: 3, evidence: [a.pdf, b.pdf], owner: CTO}\n  5.2-1: {answer: yes}\n  A.2.2-1: {answer: na, justification: No AI policy scope here}\n";
    std::fs::write(d.join("f.yaml"), yaml).unwrap();
    let imported = ok_in(d, &["import", "f.xlsx"]);
    assert!(
        imported.contains("\"4.1-1\":\n    answer: 3\n    due: \"2026-12-01\""),
        "{imported}"
    );
    assert!(
        imported.contains("\"4.1-2\":\n    answer: 3\n    due: \"2026-12-01\""),
        "{imported}"
    );
    assert!(
        imported.contains("\"4.1-3\":\n    answer: 3\n    evidence: [\"a.pdf\", \"b.pdf\"]"),
        "{imported}"
    );
    let x = ok_in(d, &["assess", "f.yaml", "--format", "md"]);
    let y = ok_in(d, &["assess", "f.xlsx", "--format", "md"]);
    assert_eq!(x.replace("f.yaml", "F"), y.replace("f.xlsx", "F"));
    // check, soa and diff read the workbook too.
    ok_in(d, &["check", "f.xlsx"]);
    ok_in(d, &["soa", "f.xlsx"]);
    let (code, _, err) = run_in(d, &["diff", "f.yaml", "f.xlsx"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn every_hostile_cell_is_reported_at_its_cell() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok_in(d, &["init", "-o", "q.xlsx"]);
    fill(
        &d.join("q.xlsx"),
        &d.join("bad.xlsx"),
        &[
            ("4.1-1", 'H', Put::Text("maybe")),
            ("4.1-2", 'H', Put::Number(7.0)),
            ("4.1-3", 'H', Put::Text("na")),
            ("4.2-1", 'H', Put::Text("yes")),
            ("4.2-1", 'L', Put::Text("next week")),
            ("4.2-2", 'H', Put::Text("yes")),
            ("4.2-2", 'I', Put::Number(42.0)),
            ("A.2.2-1", 'H', Put::Text("na")),
            ("4.1-l", 'H', Put::Text("yes")),
            ("4.3-1", 'H', Put::Text("yes")),
            ("4.3-1 ", 'H', Put::Text("no")),
        ],
        None,
    );
    let row = |id: &str| row_of(&d.join("q.xlsx"), id);
    let (code, out, err) = run_in(d, &["import", "bad.xlsx"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    let mut q: Xlsx<_> = calamine::open_workbook(d.join("q.xlsx")).unwrap();
    let end = q.worksheet_range("Questionnaire").unwrap().height() + 1;
    for want in [
        format!(
            "bad.xlsx: Questionnaire!H{}: `4.1-1`: `maybe` is not a valid answer; allowed: yes, partial, no, or a maturity level 0 to 5 (na only on Annex A questions)",
            row("4.1-1")
        ),
        format!(
            "bad.xlsx: Questionnaire!H{}: `4.1-2`: maturity `7` is outside 0 to 5",
            row("4.1-2")
        ),
        format!(
            "bad.xlsx: Questionnaire!H{}: `4.1-3` is answered `na`, but clause questions cannot be excluded",
            row("4.1-3")
        ),
        format!(
            "bad.xlsx: Questionnaire!L{}: `due` is `next week`, not a date",
            row("4.2-1")
        ),
        format!(
            "bad.xlsx: Questionnaire!I{}: `evidence` must be a string, a map or a list of them, found `42`",
            row("4.2-2")
        ),
        format!(
            "bad.xlsx: Questionnaire!H{}: `A.2.2-1` is answered `na` without a `justification`",
            row("A.2.2-1")
        ),
        "unknown question id `4.1-l`; did you mean `4.1-1`?".to_string(),
        "the Id `4.3-1` appears twice (first in row".to_string(),
    ] {
        assert!(err.contains(&want), "missing {want:?} in\n{err}");
    }
    assert!(
        err.contains(&format!("Questionnaire!A{end}: unknown question id")),
        "{err}"
    );
    // assess reads the workbook through the same door.
    let (code, _, err2) = run_in(d, &["assess", "bad.xlsx"]);
    assert_eq!(code, 2);
    assert_eq!(err, err2);
}

#[test]
fn a_renamed_or_missing_sheet_is_named() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok_in(d, &["init", "-o", "q.xlsx"]);
    fill(
        &d.join("q.xlsx"),
        &d.join("r.xlsx"),
        &[],
        Some(("Questionnaire", "Questionnair")),
    );
    let (code, _, err) = run_in(d, &["import", "r.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "r.xlsx: the sheet `Questionnaire` is missing; did you mean `Questionnair` (renamed)?"
        ),
        "{err}"
    );
}

#[test]
fn files_that_are_not_workbooks_are_refused_clearly() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("csv.xlsx"), "Id,Answer\n4.1-1,yes\n").unwrap();
    let (code, _, err) = run_in(d, &["import", "csv.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("csv.xlsx: is text (CSV, YAML or the like), not an .xlsx workbook"),
        "{err}"
    );
    // 100 MB (sparse): refused by its size before it is read.
    let big = std::fs::File::create(d.join("big.xlsx")).unwrap();
    big.set_len(100 * 1024 * 1024).unwrap();
    let (code, _, err) = run_in(d, &["assess", "big.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("big.xlsx: file is 104857600 bytes; the limit is"),
        "{err}"
    );
    // A zip bomb: a small archive whose sheet unpacks to 200 MB.
    let f = std::fs::File::create(d.join("bomb.xlsx")).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..200 {
        std::io::Write::write_all(&mut z, &zeros).unwrap();
    }
    z.finish().unwrap();
    assert!(std::fs::metadata(d.join("bomb.xlsx")).unwrap().len() < 1024 * 1024);
    let (code, _, err) = run_in(d, &["import", "bomb.xlsx"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bomb.xlsx: unpacks to more than 67108864 bytes"),
        "{err}"
    );
}

#[test]
fn import_refuses_to_overwrite_and_into_keeps_comments() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    let original = std::fs::read_to_string(examples().join("startup-llm-feature.yaml")).unwrap();
    std::fs::write(d.join("s.yaml"), &original).unwrap();
    ok_in(d, &["export", "s.yaml", "-o", "s.xlsx"]);
    let (code, _, err) = run_in(d, &["export", "s.yaml", "-o", "s.xlsx"]);
    assert_eq!(code, 2, "export refuses to overwrite: {err}");
    let (code, _, err) = run_in(d, &["import", "s.xlsx", "-o", "s.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("already exists; use --force"), "{err}");
    // Unchanged workbook: the file keeps every byte.
    ok_in(d, &["import", "s.xlsx", "--into", "s.yaml"]);
    assert_eq!(std::fs::read_to_string(d.join("s.yaml")).unwrap(), original);
    // One answer changed in the workbook: only that entry changes; comments stay.
    fill(
        &d.join("s.xlsx"),
        &d.join("s2.xlsx"),
        &[("4.1-3", 'H', Put::Text("yes"))],
        None,
    );
    ok_in(d, &["import", "s2.xlsx", "--into", "s.yaml"]);
    let now = std::fs::read_to_string(d.join("s.yaml")).unwrap();
    assert!(now.contains("# ===== 4 Context of the organization ====="));
    let changed: Vec<_> = original
        .lines()
        .zip(now.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [("    answer: no", "    answer: yes")],
        "{changed:?}"
    );
    assert_eq!(original.lines().count(), now.lines().count());
}

/// Python's openpyxl, if installed (`pip install openpyxl`).
fn python_with_openpyxl() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success())
}

const FILL_PY: &str = r#"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Questionnaire"]
rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
def put(qid, col, v):
    ws.cell(rows[qid], col).value = v
put("4.1-1", 8, 3); put("4.1-1", 12, datetime.datetime(2026, 12, 1))
put("4.1-2", 8, 3.0); put("4.1-2", 12, "2026-12-01")
put("4.1-3", 8, "3"); put("4.1-3", 9, "a.pdf\nb.pdf")
put("A.2.2-1", 8, "na"); put("A.2.2-1", 13, "Out of scope")
wb.save(sys.argv[2])
"#;

#[test]
fn workbooks_saved_by_openpyxl_and_libreoffice_import_the_same() {
    if !python_with_openpyxl() {
        eprintln!("SKIPPED: python3 with openpyxl is not installed (pip install openpyxl)");
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    ok_in(d, &["init", "--organization", "Acme", "-o", "q.xlsx"]);
    std::fs::write(d.join("fill.py"), FILL_PY).unwrap();
    let st = std::process::Command::new("python3")
        .current_dir(d)
        .args(["fill.py", "q.xlsx", "py.xlsx"])
        .status()
        .unwrap();
    assert!(st.success());
    let yaml = "aimscore: 1\norganization: Acme\nanswers:\n  4.1-1: {answer: 3, due: 2026-12-01}\n  4.1-2: {answer: 3, due: 2026-12-01}\n  4.1-3: {answer: 3, evidence: [a.pdf, b.pdf]}\n  A.2.2-1: {answer: na, justification: Out of scope}\n";
    std::fs::write(d.join("f.yaml"), yaml).unwrap();
    let want = ok_in(d, &["assess", "f.yaml", "--format", "md"]).replace("f.yaml", "F");
    let got = ok_in(d, &["assess", "py.xlsx", "--format", "md"]).replace("py.xlsx", "F");
    assert_eq!(want, got, "openpyxl");
    let soffice = std::process::Command::new("soffice")
        .arg("--version")
        .output();
    if !soffice.is_ok_and(|o| o.status.success()) {
        eprintln!(
            "SKIPPED: LibreOffice (soffice) is not installed: apt-get install libreoffice-calc"
        );
        return;
    }
    std::fs::create_dir(d.join("lo")).unwrap();
    let st = std::process::Command::new("soffice")
        .current_dir(d)
        .env("HOME", d)
        .args([
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            "lo",
            "py.xlsx",
        ])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let lo = ok_in(d, &["assess", "lo/py.xlsx", "--format", "md"])
        .replace("lo/py.xlsx", "F")
        .replace("py.xlsx", "F");
    assert_eq!(want, lo, "LibreOffice");
}
