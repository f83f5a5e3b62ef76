//! Evidence an auditor can trust: `evidence lock` and `evidence verify` (ok, changed, missing,
//! stale, expired, url; references outside the root, FIFOs and symlinks reported without a
//! hang), lock keeping comments and idempotent in YAML, TOML and JSON, located errors for bad
//! members, `assess --verify-evidence` and `check --max-evidence-age`. The flat-memory
//! hashing of a 200 MB file is measured in `tests/evidence_memory.rs`, alone in its process.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

fn aimscore(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1")
        // A FIFO followed or opened for reading would block: the run must end long before.
        .timeout(Duration::from_secs(60));
    c
}

/// Runs aimscore in `dir`: exit code, stdout, stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = aimscore(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const YAML: &str = "\
# Acme's answers
aimscore: 1
organization: Acme
date: 2026-11-22
answers:
  # scope first
  4.1-1:
    answer: yes  # board approved
    evidence:
      - docs/policy.pdf  # the signed copy
      - \"https://wiki.example/aims\"
    note: kept as it is
  4.1-2: {answer: yes, evidence: docs/minutes.pdf}  # a flow entry
";

const TOML: &str = "\
# Acme's answers
aimscore = 1
organization = \"Acme\"
date = \"2026-11-22\"

[answers.\"4.1-1\"]
answer = \"yes\"  # board approved
evidence = [\"docs/policy.pdf\", \"https://wiki.example/aims\"]  # the signed copy
note = \"kept as it is\"

# a second answer
[answers.\"4.1-2\"]
answer = \"yes\"
evidence = \"docs/minutes.pdf\"
";

const JSON: &str = r#"{
  "aimscore": 1,
  "organization": "Acme",
  "date": "2026-11-22",
  "answers": {
    "4.1-1": {"answer": "yes", "evidence": ["docs/policy.pdf", "https://wiki.example/aims"], "note": "kept as it is"},
    "4.1-2": {"answer": "yes", "evidence": "docs/minutes.pdf"}
  }
}
"#;

/// A folder with an answers file and its two evidence documents.
fn tree(name: &str, text: &str) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("docs")).unwrap();
    std::fs::write(d.path().join("docs/policy.pdf"), b"AI policy v3").unwrap();
    std::fs::write(d.path().join("docs/minutes.pdf"), b"board minutes").unwrap();
    std::fs::write(d.path().join(name), text).unwrap();
    d
}

/// `evidence verify --format json`: exit code and (reference, status) pairs.
fn verify(dir: &Path, args: &[&str]) -> (i32, Vec<(String, String)>) {
    let mut all = vec!["evidence", "verify"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let (code, out, err) = run(dir, &all);
    assert!(code == 0 || code == 1, "exit {code}: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["passed"], Value::Bool(code == 0), "{out}");
    let rows = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["ref"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    (code, rows)
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn lock_then_verify_is_all_ok_and_a_changed_byte_or_a_deleted_file_fails() {
    let d = tree("a.yaml", YAML);
    let (code, out, err) = run(d.path(), &["evidence", "lock", "a.yaml"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("2 locked (2 updated), 1 urls, 0 problems"),
        "{out}"
    );
    let all_ok = pairs(&[
        ("docs/minutes.pdf", "ok"),
        ("docs/policy.pdf", "ok"),
        ("https://wiki.example/aims", "url"),
    ]);
    assert_eq!(verify(d.path(), &["a.yaml"]), (0, all_ok));

    std::fs::write(d.path().join("docs/policy.pdf"), b"AI policy v4").unwrap();
    let (code, rows) = verify(d.path(), &["a.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(rows[1], ("docs/policy.pdf".into(), "changed".into()));

    std::fs::remove_file(d.path().join("docs/minutes.pdf")).unwrap();
    let (code, rows) = verify(d.path(), &["a.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(rows[0], ("docs/minutes.pdf".into(), "missing".into()));
    // The text table says the same, and why the run failed.
    let (code, out, _) = run(d.path(), &["evidence", "verify", "a.yaml"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("missing    docs/minutes.pdf  (4.1-2)"),
        "{out}"
    );
    assert!(out.contains("FAIL:"), "{out}");
}

#[test]
fn lock_keeps_comments_and_is_idempotent_in_yaml_toml_and_json() {
    for (name, text) in [("a.yaml", YAML), ("a.toml", TOML), ("a.json", JSON)] {
        let d = tree(name, text);
        let (code, out, err) = run(d.path(), &["evidence", "lock", name]);
        assert_eq!(code, 0, "{name}: {out}{err}");
        let locked = std::fs::read_to_string(d.path().join(name)).unwrap();
        if name != "a.json" {
            for comment in ["# Acme's answers", "# board approved", "# the signed copy"] {
                assert!(locked.contains(comment), "{name} lost {comment}:\n{locked}");
            }
        }
        assert!(locked.contains("kept as it is"), "{locked}");
        assert_eq!(locked.matches("sha256").count(), 2, "{name}: {locked}");
        assert!(locked.contains("https://wiki.example/aims"), "{locked}");
        let (code, rows) = verify(d.path(), &[name]);
        assert_eq!(code, 0, "{name}: {rows:?}");
        // A second lock over an unchanged tree changes not one byte.
        let (code, out, _) = run(d.path(), &["evidence", "lock", name]);
        assert_eq!(code, 0);
        assert!(out.contains("(0 updated)"), "{out}");
        assert_eq!(
            std::fs::read_to_string(d.path().join(name)).unwrap(),
            locked,
            "{name}"
        );
    }
}

#[test]
fn lock_records_the_sha256_of_the_file() {
    let d = tree("a.yaml", YAML);
    run(d.path(), &["evidence", "lock", "a.yaml"]);
    let locked = std::fs::read_to_string(d.path().join("a.yaml")).unwrap();
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(b"AI policy v3")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(locked.contains(&want), "{want} not in\n{locked}");
}

#[test]
fn an_old_date_is_stale_under_max_age_and_a_passed_expiry_is_expired() {
    let text = "aimscore: 1\norganization: Acme\ndate: 2026-11-22\nanswers:\n  4.1-1:\n    answer: yes\n    evidence: [{ref: docs/policy.pdf, date: 2025-06-01}]\n  4.1-2:\n    answer: yes\n    evidence:\n      - {ref: \"https://certs.example/iso27001\", expires: 2026-11-21}\n      - {ref: docs/minutes.pdf, expires: 2026-11-22}\n";
    let d = tree("a.yaml", text);
    // Without --max-age nothing is stale; the expiry the day before the file's date has passed,
    // the one on that day has not.
    let (code, rows) = verify(d.path(), &["a.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        rows,
        pairs(&[
            ("docs/minutes.pdf", "unlocked"),
            ("docs/policy.pdf", "unlocked"),
            ("https://certs.example/iso27001", "expired"),
        ])
    );
    let (_, rows) = verify(d.path(), &["a.yaml", "--max-age", "365"]);
    assert_eq!(rows[1], ("docs/policy.pdf".into(), "stale".into()));
    let (_, rows) = verify(d.path(), &["a.yaml", "--max-age", "600"]);
    assert_eq!(rows[1], ("docs/policy.pdf".into(), "unlocked".into()));

    // check --max-evidence-age fails on both and names them with their questions.
    let (code, out, err) = run(d.path(), &["check", "a.yaml", "--max-evidence-age", "365"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("evidence `docs/policy.pdf` (4.1-1) is stale"),
        "{out}"
    );
    assert!(
        out.contains("evidence `https://certs.example/iso27001` (4.1-2) expired on 2026-11-21"),
        "{out}"
    );
    let (code, out, _) = run(
        d.path(),
        &[
            "check",
            "a.yaml",
            "--max-evidence-age",
            "365",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let gate = &v["gates"][0];
    assert_eq!(gate["gate"], "max-evidence-age");
    assert_eq!(gate["failures"].as_array().unwrap().len(), 2, "{gate}");

    // The same setting from aimscore.toml.
    std::fs::write(
        d.path().join("aimscore.toml"),
        "[check]\nanswers = \"a.yaml\"\nmax-evidence-age = 365\n",
    )
    .unwrap();
    let (code, out, _) = run(d.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("max-evidence-age 365"), "{out}");
}

/// The score of question `qid` in the JSON report of `assess ARGS`.
fn question(report: &Value, qid: &str) -> Value {
    for r in report["requirements"].as_array().unwrap() {
        for q in r["questions"].as_array().unwrap() {
            if q["id"] == qid {
                return q.clone();
            }
        }
    }
    panic!("{qid} not in the report")
}

#[test]
fn verify_evidence_turns_a_yes_with_missing_evidence_into_an_unevidenced_claim_and_back() {
    let d = tree("a.yaml", YAML);
    let assess = |extra: &[&str]| -> Value {
        let mut args = vec!["assess", "a.yaml", "--format", "json"];
        args.extend_from_slice(extra);
        let (code, out, err) = run(d.path(), &args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let plain = assess(&[]);
    assert!(plain.get("evidence_register").is_none());
    assert_eq!(question(&plain, "4.1-2")["score"], 1.0);

    std::fs::remove_file(d.path().join("docs/minutes.pdf")).unwrap();
    let checked = assess(&["--verify-evidence"]);
    let q = question(&checked, "4.1-2");
    assert_eq!(q["score"], 0.5, "{q}");
    assert_eq!(q["unevidenced"], true);
    // 4.1-1 keeps its full score: its URL is not checked and its policy file is there.
    assert_eq!(question(&checked, "4.1-1")["score"], 1.0);
    let reg = &checked["evidence_register"];
    assert_eq!(reg["as_of"], "2026-11-22");
    let minutes = reg["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ref"] == "docs/minutes.pdf")
        .unwrap();
    assert_eq!(minutes["status"], "missing");
    assert_eq!(minutes["questions"], serde_json::json!(["4.1-2"]));
    assert!(
        checked["fixes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["question"] == "4.1-2"),
        "the fix-list asks for the evidence"
    );

    std::fs::write(d.path().join("docs/minutes.pdf"), b"board minutes").unwrap();
    let restored = assess(&["--verify-evidence"]);
    assert_eq!(question(&restored, "4.1-2")["score"], 1.0);

    // Every human format carries the register; the CSV view is the register alone.
    for (format, heading) in [
        ("text", "Evidence register"),
        ("md", "## Evidence register"),
        ("html", "<h2>Evidence register</h2>"),
    ] {
        let (code, out, err) = run(
            d.path(),
            &["assess", "a.yaml", "--verify-evidence", "--format", format],
        );
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(heading), "{format}: no register");
        assert!(out.contains("minutes.pdf"), "{format}");
    }
    let (code, out, err) = run(
        d.path(),
        &[
            "assess",
            "a.yaml",
            "--verify-evidence",
            "--view",
            "evidence",
            "--format",
            "csv",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("ref,questions,sha256,date,expires,status,detail")
    );
    assert!(out.contains("docs/minutes.pdf,4.1-2,,"), "{out}");
    // --view evidence needs the register; --trust-claims contradicts verification.
    let (code, _, err) = run(
        d.path(),
        &["assess", "a.yaml", "--view", "evidence", "--format", "csv"],
    );
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(
        d.path(),
        &["assess", "a.yaml", "--verify-evidence", "--trust-claims"],
    );
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_path_escaping_the_root_is_refused_and_never_read() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("client")).unwrap();
    std::fs::write(d.path().join("secret.txt"), b"not evidence").unwrap();
    let abs = d.path().join("secret.txt").display().to_string();
    let text = format!(
        "aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: yes\n    evidence: [../secret.txt, {}, sub/../../secret.txt]\n",
        serde_json::to_string(&abs).unwrap()
    );
    std::fs::write(d.path().join("client/a.yaml"), &text).unwrap();
    let (code, out, _) = run(d.path(), &["evidence", "lock", "client/a.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("3 problems"), "{out}");
    assert!(out.contains("leads outside the root folder"), "{out}");
    // Nothing was recorded: the file outside was never read.
    assert_eq!(
        std::fs::read_to_string(d.path().join("client/a.yaml")).unwrap(),
        text
    );
    let (code, rows) = verify(d.path(), &["client/a.yaml"]);
    assert_eq!(code, 1);
    assert!(rows.iter().all(|(_, s)| s == "outside"), "{rows:?}");
    // --root widens the root to the parent folder, and then the file is evidence.
    let root = d.path().display().to_string();
    let (code, out, _) = run(
        d.path(),
        &["evidence", "lock", "client/a.yaml", "--root", &root],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("1 locked (1 updated)"), "{out}");
    let (code, rows) = verify(d.path(), &["client/a.yaml", "--root", &root]);
    // With --root, relative references are relative to the root: `../secret.txt` and
    // `sub/../../secret.txt` still lead out of it; the absolute path is inside it now.
    assert_eq!(code, 1, "{rows:?}");
    assert_eq!(
        rows.iter().map(|(_, s)| s.as_str()).collect::<Vec<_>>(),
        ["outside", "ok", "outside"],
        "{rows:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_a_symlink_and_a_directory_are_reported_without_a_hang() {
    let d = tree(
        "a.yaml",
        "aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: yes\n    evidence: [docs/pipe, docs/inside-link, docs/outside-link, docs]\n",
    );
    let fifo = std::process::Command::new("mkfifo")
        .arg(d.path().join("docs/pipe"))
        .status()
        .unwrap();
    assert!(fifo.success());
    std::os::unix::fs::symlink(
        d.path().join("docs/policy.pdf"),
        d.path().join("docs/inside-link"),
    )
    .unwrap();
    std::os::unix::fs::symlink("/etc/hostname", d.path().join("docs/outside-link")).unwrap();
    let started = std::time::Instant::now();
    let (code, out, err) = run(d.path(), &["evidence", "lock", "a.yaml"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("named pipe (FIFO)"), "{out}");
    let (code, rows) = verify(d.path(), &["a.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        rows,
        pairs(&[
            ("docs", "directory"),
            ("docs/inside-link", "symlink"),
            ("docs/outside-link", "outside"),
            ("docs/pipe", "special"),
        ])
    );
    let (code, _, err) = run(d.path(), &["assess", "a.yaml", "--verify-evidence"]);
    assert_eq!(code, 0, "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn bad_evidence_members_are_located_errors() {
    let text = "aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: yes\n    evidence:\n      - {ref: a.pdf, sha256: abc}\n      - {ref: b.pdf, date: 2026-02-30}\n      - {ref: c.pdf, expires: soon}\n      - {sha256: \"ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\"}\n      - {ref: d.pdf, hash: x}\n";
    let d = tree("a.yaml", text);
    for cmd in [
        &["evidence", "verify", "a.yaml"][..],
        &["evidence", "lock", "a.yaml"],
        &["assess", "a.yaml"],
    ] {
        let (code, _, err) = run(d.path(), cmd);
        assert_eq!(code, 2, "{cmd:?}: {err}");
        for want in [
            "a.yaml:7:30: evidence `sha256` is `abc`, not a SHA-256",
            "a.yaml:8:28: evidence `date` is `2026-02-30`, not a date",
            "a.yaml:9:31: evidence `expires` is `soon`, not a date",
            "a.yaml:10:9: an evidence map has no `ref`",
            "a.yaml:11:22: unknown evidence key `hash`",
        ] {
            assert!(err.contains(want), "{cmd:?}: {want} not in\n{err}");
        }
    }
    // Upper-case digits are accepted and read as lower case.
    let locked = "aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: yes\n    evidence: [{ref: docs/policy.pdf, sha256: \"ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB\"}]\n";
    std::fs::write(d.path().join("b.yaml"), locked).unwrap();
    let (code, out, _) = run(
        d.path(),
        &["evidence", "verify", "b.yaml", "--format", "json"],
    );
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["entries"][0]["sha256"], "ab".repeat(32));
    assert_eq!(v["entries"][0]["status"], "changed");
}

#[test]
fn import_into_keeps_the_hashes_of_references_that_remain() {
    let d = tree("a.yaml", YAML);
    run(d.path(), &["evidence", "lock", "a.yaml"]);
    let locked = std::fs::read_to_string(d.path().join("a.yaml")).unwrap();
    let (code, _, err) = run(
        d.path(),
        &["export", "a.yaml", "--format", "xlsx", "-o", "q.xlsx"],
    );
    assert_eq!(code, 0, "{err}");
    // The workbook holds references only; importing it back changes nothing.
    let (code, _, err) = run(d.path(), &["import", "q.xlsx", "--into", "a.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(d.path().join("a.yaml")).unwrap(),
        locked
    );
    assert_eq!(verify(d.path(), &["a.yaml"]).0, 0);
}

#[test]
fn no_output_replaces_an_evidence_file_the_run_read() {
    let d = tree("a.yaml", YAML);
    let (code, _, err) = run(
        d.path(),
        &[
            "assess",
            "a.yaml",
            "--verify-evidence",
            "-o",
            "docs/policy.pdf",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read(d.path().join("docs/policy.pdf")).unwrap(),
        b"AI policy v3"
    );
}

#[test]
fn an_answers_file_citing_itself_is_not_locked_so_lock_stays_idempotent() {
    let text = "aimscore: 1\norganization: A\nanswers:\n  4.1-1: {answer: yes, evidence: [a.yaml, docs/policy.pdf]}\n";
    let d = tree("a.yaml", text);
    let (code, out, _) = run(d.path(), &["evidence", "lock", "a.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("1 locked (1 updated), 0 urls, 1 problems"),
        "{out}"
    );
    assert!(out.contains("the answers file itself"), "{out}");
    let once = std::fs::read_to_string(d.path().join("a.yaml")).unwrap();
    run(d.path(), &["evidence", "lock", "a.yaml"]);
    assert_eq!(
        std::fs::read_to_string(d.path().join("a.yaml")).unwrap(),
        once
    );
}

#[test]
fn relocking_unchanged_content_keeps_the_recorded_date_whatever_the_file_time() {
    let text = "aimscore: 1\norganization: A\nanswers:\n  4.1-1: {answer: yes, evidence: [{ref: docs/policy.pdf, date: 2025-03-01}]}\n";
    let d = tree("a.yaml", text);
    run(d.path(), &["evidence", "lock", "a.yaml"]);
    let once = std::fs::read_to_string(d.path().join("a.yaml")).unwrap();
    // The hash is recorded; the date given by hand is kept (the content was not known to differ).
    assert!(once.contains("sha256"), "{once}");
    assert!(once.contains("2025-03-01"), "{once}");
    // A checkout gives the file a new time: same content, nothing changes.
    let f = std::fs::File::options()
        .write(true)
        .open(d.path().join("docs/policy.pdf"))
        .unwrap();
    f.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(86_400 * 365 * 40))
        .unwrap();
    drop(f);
    let (_, out, _) = run(d.path(), &["evidence", "lock", "a.yaml"]);
    assert!(out.contains("(0 updated)"), "{out}");
    assert_eq!(
        std::fs::read_to_string(d.path().join("a.yaml")).unwrap(),
        once
    );
    // New content: a new hash and the file's own date.
    std::fs::write(d.path().join("docs/policy.pdf"), b"AI policy v4").unwrap();
    run(d.path(), &["evidence", "lock", "a.yaml"]);
    let again = std::fs::read_to_string(d.path().join("a.yaml")).unwrap();
    assert!(!again.contains("2025-03-01"), "{again}");
    assert_ne!(again, once);
}
