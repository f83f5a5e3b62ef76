//! Output safety and hostile input, round 2 (SPEC, "Output safety and terminal conventions";
//! issue "Data safety and hostile input, round 2"): one test per class fixed.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use std::path::Path;

fn aimscore() -> Command {
    Command::cargo_bin("aimscore").unwrap()
}

fn copy_example(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("a.json");
    std::fs::copy("examples/minimal.json", &p).unwrap();
    p
}

#[test]
fn an_output_never_replaces_an_input_whatever_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let a = copy_example(dir.path());
    let before = std::fs::read(&a).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&a, dir.path().join("link.json")).unwrap();
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let mut spellings = vec![a.clone(), sub.join("../a.json")];
    #[cfg(unix)]
    spellings.push(dir.path().join("link.json"));
    for out in &spellings {
        for cmd in [
            vec!["assess", a.to_str().unwrap(), "-o"],
            vec!["soa", a.to_str().unwrap(), "-o"],
            vec!["check", a.to_str().unwrap(), "--format", "json", "-o"],
        ] {
            let o = aimscore().args(&cmd).arg(out).output().unwrap();
            assert_eq!(o.status.code(), Some(2), "{cmd:?} -o {}", out.display());
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("is an input of this run"), "{err}");
        }
    }
    // A baseline and a diff side are inputs too.
    let base = dir.path().join("base.json");
    let o = aimscore()
        .args(["assess", a.to_str().unwrap(), "--format", "json", "-o"])
        .arg(&base)
        .output()
        .unwrap();
    assert!(o.status.success());
    let o = aimscore()
        .args([
            "check",
            a.to_str().unwrap(),
            "--format",
            "json",
            "--baseline",
        ])
        .arg(&base)
        .arg("-o")
        .arg(&base)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read(&a).unwrap(),
        before,
        "the answers file was changed"
    );
}

#[test]
fn discover_never_writes_over_a_config_it_scanned() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join(".mcp.json");
    let text = r#"{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@1.0.0"]}}}"#;
    std::fs::write(&cfg, text).unwrap();
    let o = aimscore()
        .arg("discover")
        .arg(dir.path())
        .arg("-o")
        .arg(&cfg)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), text);
}

#[cfg(unix)]
#[test]
fn a_fifo_given_as_an_input_is_an_error_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answers.yaml");
    let st = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !st.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let o = aimscore()
        .arg("assess")
        .arg(&fifo)
        .timeout(std::time::Duration::from_secs(10))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("named pipe (FIFO), not a regular file"));
}

#[cfg(unix)]
#[test]
fn a_read_only_or_hard_linked_file_is_refused_and_a_replaced_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let a = copy_example(dir.path());
    let ro = dir.path().join("ro.txt");
    std::fs::write(&ro, "keep").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let o = aimscore()
        .arg("assess")
        .arg(&a)
        .arg("-o")
        .arg(&ro)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "keep");
    let one = dir.path().join("one.txt");
    std::fs::write(&one, "x").unwrap();
    std::fs::hard_link(&one, dir.path().join("two.txt")).unwrap();
    let o = aimscore()
        .arg("assess")
        .arg(&a)
        .arg("-o")
        .arg(&one)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("hard links"));
    let out = dir.path().join("r.txt");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = aimscore()
        .arg("assess")
        .arg(&a)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn dev_stdout_appends_where_the_shell_redirected_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.txt");
    std::fs::write(&log, "first line\n").unwrap();
    let st = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "{} assess examples/minimal.json -o /dev/stdout >> {}",
            assert_cmd::cargo::cargo_bin("aimscore").display(),
            log.display()
        ))
        .status()
        .unwrap();
    assert!(st.success());
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.starts_with("first line\nISO/IEC 42001:2023 readiness"),
        "{text}"
    );
}

#[test]
fn a_path_under_dev_shm_is_a_regular_file_replaced_whole() {
    let shm = Path::new("/dev/shm");
    if !shm.is_dir() {
        eprintln!("skipped: no /dev/shm here");
        return;
    }
    let dir = tempfile::tempdir_in(shm).unwrap();
    let out = dir.path().join("r.json");
    std::fs::write(&out, "x".repeat(2_000_000)).unwrap();
    let o = aimscore()
        .args(["assess", "examples/minimal.json", "--format", "json", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["organization"], "Pellucid Legal LLP");
    let new = dir.path().join("new.txt");
    let o = aimscore()
        .args(["assess", "examples/minimal.json", "-o"])
        .arg(&new)
        .output()
        .unwrap();
    assert!(o.status.success() && new.is_file());
}

#[test]
fn ids_that_differ_only_by_spaces_are_duplicates_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "d.yaml",
            "aimscore: 1\norganization: X\nanswers:\n  4.1-1: {answer: yes}\n  \"4.1-1 \": {answer: no}\n",
        ),
        (
            "d.json",
            "{\"aimscore\": 1, \"organization\": \"X\", \"answers\": {\"4.1-1\": {\"answer\": \"yes\"}, \" 4.1-1\": {\"answer\": \"no\"}}}",
        ),
        (
            "d.toml",
            "aimscore = 1\norganization = \"X\"\n[answers.\"4.1-1\"]\nanswer = \"yes\"\n[answers.\"4.1-1 \"]\nanswer = \"no\"\n",
        ),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = aimscore().arg("assess").arg(&p).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("is answered twice (first at line"),
            "{name}: {err}"
        );
    }
}

#[test]
fn user_templates_escape_html_in_any_spelling_and_run_out_of_fuel() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("x.yaml");
    std::fs::write(
        &answers,
        "aimscore: 1\norganization: \"<img src=x onerror=alert(1)>\"\n",
    )
    .unwrap();
    for name in ["brand.HTML", "r.xhtml", "r.html.jinja"] {
        let t = dir.path().join(name);
        std::fs::write(&t, "<p>{{ organization }}</p>").unwrap();
        let o = aimscore()
            .arg("assess")
            .arg(&answers)
            .arg("--template")
            .arg(&t)
            .output()
            .unwrap();
        assert!(o.status.success());
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("&lt;img"), "{name}: {out}");
    }
    let t = dir.path().join("loop.md.j2");
    std::fs::write(
        &t,
        "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
    )
    .unwrap();
    let o = aimscore()
        .arg("assess")
        .arg(&answers)
        .arg("--template")
        .arg(&t)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("loop.md.j2") && err.contains("out of fuel"),
        "{err}"
    );
}

#[test]
fn a_profile_file_named_like_the_catalog_file_is_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let cat = dir.path().join("controls");
    let copy = |rel: &str| {
        let to = cat.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new("controls").join(rel), &to).unwrap();
    };
    for rel in [
        "catalog.yaml",
        "iso42001/clauses.yaml",
        "iso42001/annex-a.yaml",
        "nist-ai-rmf.yaml",
        "owasp-llm-2025.yaml",
        "profiles/agentic.yaml",
    ] {
        copy(rel);
    }
    std::fs::write(
        cat.join("profiles/zz-catalog.yaml"),
        "name: Evil catalog\nversion: \"9999\"\n",
    )
    .unwrap();
    let o = aimscore()
        .args(["catalog", "validate"])
        .arg(&cat)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(2),
        "a profile file without a profile passed"
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("zz-catalog.yaml"), "{err}");
}

#[test]
fn an_answers_files_inventory_stays_beside_it_and_is_never_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("client");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        dir.path().join("secret.txt"),
        "root:$6$hash-that-must-not-print\n",
    )
    .unwrap();
    for (rel, want) in [
        ("../secret.txt", "points outside the answers file's folder"),
        ("/etc/passwd", "points outside the answers file's folder"),
    ] {
        let a = sub.join("a.yaml");
        std::fs::write(
            &a,
            format!("aimscore: 1\norganization: X\ninventory: {rel}\n"),
        )
        .unwrap();
        let o = aimscore().arg("assess").arg(&a).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{rel}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{rel}: {err}");
        assert!(!err.contains("hash-that-must-not-print"));
    }
    // Given on the command line, a path elsewhere is read, and its content is never quoted.
    let a = sub.join("b.yaml");
    std::fs::write(&a, "aimscore: 1\norganization: X\n").unwrap();
    let o = aimscore()
        .arg("assess")
        .arg(&a)
        .arg("--inventory")
        .arg(dir.path().join("secret.txt"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not an aimscore inventory"), "{err}");
    assert!(!err.contains("hash-that-must-not-print"), "{err}");
}

#[test]
fn numbers_are_shown_as_written_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.yaml");
    std::fs::write(
        &f,
        "aimscore: 1.0\norganization: X\nanswers:\n  4.1-1: {answer: 3.0}\n  4.1-2: {answer: 99999999999999999999}\n",
    )
    .unwrap();
    let o = aimscore().arg("assess").arg(&f).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("unsupported format version `1.0`"), "{err}");
    assert!(
        err.contains("`3.0` is not a valid answer: a maturity level is a whole number"),
        "{err}"
    );
    assert!(!err.contains("100000000000000000000"), "{err}");
}

/// What no terminal output may carry from a file: OSC and CSI sequences other than our own
/// colours, the 8-bit CSI, carriage returns, bidi overrides, the renderers' private marker.
fn assert_inert(what: &str, bytes: &[u8]) {
    let s = String::from_utf8_lossy(bytes);
    for bad in [
        "\x1b]",
        "\x1b[2J",
        "\u{9b}",
        "\r",
        "\u{202e}",
        "\u{e000}",
        "\x07",
        "pwned\x1b",
    ] {
        assert!(!s.contains(bad), "{what} carries {bad:?}:\n{s}");
    }
    // Every ESC left is the start of one of our own SGR colour codes.
    for (i, _) in s.match_indices('\x1b') {
        let rest = &s[i + 1..];
        let code: String = rest.chars().skip(1).take_while(|c| *c != 'm').collect();
        assert!(
            rest.starts_with('[') && code.chars().all(|c| c.is_ascii_digit() || c == ';'),
            "{what}: an escape that is not a colour: {:?}",
            &rest[..rest.len().min(12)]
        );
    }
}

#[test]
fn escape_sequences_from_files_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile =
        "Acme\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{9b}31m\u{e000}]8;;http://x\u{e000}\\\u{202e}gro";
    let a = dir.path().join("a.json");
    let answers = serde_json::json!({
        "aimscore": 1,
        "organization": hostile,
        "scope": hostile,
        "answers": {
            "4.1-1": {"answer": "yes", "evidence": [hostile], "note": hostile, "owner": hostile},
            "4.1-2": {"answer": "no", "owner": hostile, "due": "2027-01-31"}
        }
    });
    // C1 characters written as JSON escapes: raw, the YAML 1.2 reader under the JSON one refuses
    // them.
    let text = |v: &serde_json::Value| {
        serde_json::to_string(v)
            .unwrap()
            .replace('\u{9b}', "\\u009b")
    };
    std::fs::write(&a, text(&answers)).unwrap();
    let b = dir.path().join("b.json");
    let mut other = answers.clone();
    other["answers"]["4.1-2"]["answer"] = "yes".into();
    std::fs::write(&b, text(&other)).unwrap();
    let (sa, sb) = (a.to_str().unwrap(), b.to_str().unwrap());
    for cmd in [
        vec!["assess", sa, "--color", "always"],
        vec!["assess", sa, "--color", "always", "--top", "50"],
        vec!["assess", sa, sb, "--color", "always"],
        // CSV is text that often lands on a terminal: the fix-list, a portfolio, the roadmap.
        vec!["assess", sa, "--format", "csv"],
        vec!["assess", sa, sb, "--format", "csv"],
        vec!["assess", sa, "--view", "roadmap", "--format", "csv"],
        vec!["soa", sa, "--format", "csv"],
        vec!["check", sa, "--fail-under", "90"],
        vec!["diff", sa, sb],
    ] {
        let o = aimscore().args(&cmd).output().unwrap();
        assert!(
            !o.stdout.is_empty(),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_inert(&format!("{cmd:?} stdout"), &o.stdout);
        assert_inert(&format!("{cmd:?} stderr"), &o.stderr);
    }
    // An error message quoting a hostile id, and a config scanned by discover.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"aimscore\": 1, \"organization\": \"A\", \"answers\": {\"4.1-1\u{1b}]0;pwned\u{7}\": {\"answer\": \"yes\"}}}",
    )
    .unwrap();
    let o = aimscore().arg("assess").arg(&bad).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert_inert("error message", &o.stderr);
    let proj = dir.path().join("proj");
    std::fs::create_dir(&proj).unwrap();
    let mcp = serde_json::json!({"mcpServers": {hostile: {"command": hostile, "args": [hostile]}}});
    std::fs::write(proj.join(".mcp.json"), mcp.to_string()).unwrap();
    let o = aimscore()
        .args(["discover", "--format", "table"])
        .arg(&proj)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_inert("discover table", &o.stdout);
}

#[test]
fn messages_never_echo_a_huge_value_nor_speak_the_parsers_language() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(2_000_000);
    let cases = [
        (
            "long.yaml",
            format!("aimscore: 1\norganization: A\nanswers:\n  4.1-1: {{answer: {long}}}\n"),
            "(2000000 characters) is not a valid answer",
        ),
        (
            "number.yaml",
            format!("aimscore: {}\norganization: A\n", "9".repeat(100_000)),
            "a number too large to read",
        ),
        (
            "recursive.yaml",
            "aimscore: 1\norganization: A\nscope: &a [*a]\n".to_string(),
            "aliases may not be recursive",
        ),
        (
            "longkey.toml",
            format!("aimscore = 1\norganization = \"A\"\n[answers.{long}]\nanswer = \"yes\"\n"),
            "unknown question id",
        ),
    ];
    for (name, text, want) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let o = aimscore().arg("assess").arg(&p).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.len() < 1000, "{name}: {} bytes of stderr", err.len());
        assert!(err.contains(want), "{name}: {err}");
        for internal in ["Option<", "weak recursion", "configured policy", "serde"] {
            assert!(!err.contains(internal), "{name}: {err}");
        }
    }
}

#[test]
fn a_csv_portfolio_names_the_files_that_failed() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.yaml");
    std::fs::write(&bad, "aimscore: 1\norganization: [\n").unwrap();
    let o = aimscore()
        .args(["assess", "examples/minimal.json"])
        .arg(&bad)
        .args(["--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let csv = String::from_utf8_lossy(&o.stdout);
    let row = csv
        .lines()
        .find(|l| l.contains("broken.yaml"))
        .unwrap_or_else(|| panic!("no row for the failed file:\n{csv}"));
    let cells: Vec<&str> = row.splitn(11, ',').collect();
    assert_eq!(cells[2], "error", "{row}");
    assert_eq!(cells[4], "input error", "{row}");
    assert!(row.contains("invalid YAML: unclosed bracket"), "{row}");
    assert!(
        csv.lines()
            .filter(|l| l.starts_with("examples/minimal.json,"))
            .count()
            > 10
    );
}

#[test]
fn deliverables_never_show_the_directories_of_an_absolute_input_path() {
    let dir = tempfile::tempdir().unwrap();
    let client = dir.path().join("clients").join("acme-secret-project");
    std::fs::create_dir_all(&client).unwrap();
    let a = client.join("answers.yaml");
    std::fs::copy("examples/healthcare-third-party-model.yaml", &a).unwrap();
    let b = client.join("second.yaml");
    std::fs::copy("examples/startup-llm-feature.yaml", &b).unwrap();
    let secret = "acme-secret-project";
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let cases: Vec<(Vec<std::ffi::OsString>, &str)> = vec![
        (
            vec![
                "assess".into(),
                a.clone().into(),
                "--format".into(),
                "html".into(),
            ],
            "r.html",
        ),
        (
            vec![
                "assess".into(),
                a.clone().into(),
                "--format".into(),
                "md".into(),
            ],
            "r.md",
        ),
        (
            vec![
                "assess".into(),
                a.clone().into(),
                b.clone().into(),
                "--format".into(),
                "html".into(),
            ],
            "p.html",
        ),
        (
            vec![
                "assess".into(),
                a.clone().into(),
                b.clone().into(),
                "--format".into(),
                "md".into(),
            ],
            "p.md",
        ),
        (
            vec![
                "soa".into(),
                a.clone().into(),
                "--format".into(),
                "md".into(),
            ],
            "s.md",
        ),
        (
            vec![
                "soa".into(),
                a.clone().into(),
                "--format".into(),
                "xlsx".into(),
            ],
            "s.xlsx",
        ),
    ];
    for (args, file) in cases {
        let target = out.join(file);
        let o = aimscore()
            .args(&args)
            .arg("-o")
            .arg(&target)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let bytes = std::fs::read(&target).unwrap();
        let text = if file.ends_with(".xlsx") {
            // The workbook's shared strings, unzipped.
            let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut s = String::new();
            for i in 0..z.len() {
                let mut f = z.by_index(i).unwrap();
                std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            }
            s
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(
            !text.contains(secret),
            "{file} shows the answers file's directory"
        );
        assert!(text.contains("answers.yaml"), "{file} names the file");
    }
    // Machine formats keep the path as given.
    let o = aimscore()
        .arg("assess")
        .arg(&a)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains(secret));
}

#[test]
fn format_with_a_template_selects_html_escaping_or_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    std::fs::write(
        &a,
        r#"{"aimscore": 1, "organization": "<img src=x onerror=alert(1)>"}"#,
    )
    .unwrap();
    let t = dir.path().join("brand.tpl");
    std::fs::write(&t, "<p>{{ organization }}</p>\n").unwrap();
    let run = |format: Option<&str>| {
        let mut c = aimscore();
        c.arg("assess").arg(&a).arg("--template").arg(&t);
        if let Some(f) = format {
            c.args(["--format", f]);
        }
        c.output().unwrap()
    };
    let html = run(Some("html"));
    assert!(html.status.success());
    assert_eq!(
        String::from_utf8_lossy(&html.stdout),
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"
    );
    let plain = run(None);
    assert!(String::from_utf8_lossy(&plain.stdout).contains("<img src=x"));
    for f in ["json", "csv", "junit"] {
        let o = run(Some(f));
        assert_eq!(o.status.code(), Some(2), "{f}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("cannot apply to --template"),
            "{f}"
        );
    }
}

#[test]
fn a_bad_answer_lists_na_only_where_na_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    std::fs::write(
        &a,
        "aimscore: 1\norganization: A\nanswers:\n  4.1-1: {answer: maybe}\n  A.2.2-1: {answer: maybe}\n",
    )
    .unwrap();
    let o = aimscore().arg("assess").arg(&a).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = |id: &str| {
        err.lines()
            .find(|l| l.contains(&format!("`{id}`")))
            .unwrap()
            .to_string()
    };
    assert!(
        line("4.1-1").ends_with(
            "allowed: yes, partial, no, or a maturity level 0 to 5 (na only on Annex A questions)"
        ),
        "{err}"
    );
    assert!(
        line("A.2.2-1").ends_with("allowed: yes, partial, no, na, or a maturity level 0 to 5"),
        "{err}"
    );
}
