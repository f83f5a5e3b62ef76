//! The everyday command-line surface (issue "A CLI that behaves like the tools its users
//! know"): colour choices, init formats, gates that show what passed.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;

fn aimscore() -> Command {
    Command::cargo_bin("aimscore").unwrap()
}

fn has_escape(out: &[u8]) -> bool {
    out.contains(&0x1b)
}

#[test]
fn colour_follows_the_flag_and_the_conventional_variables() {
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = aimscore();
        c.env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("FORCE_COLOR");
        for (k, v) in env {
            c.env(k, v);
        }
        let o = c.args(args).output().unwrap();
        assert!(o.status.success());
        has_escape(&o.stdout)
    };
    let a = ["assess", "examples/minimal.json"];
    assert!(!run(&a, &[]), "a pipe gets no colour by default");
    assert!(run(&[&a[..], &["--color", "always"]].concat(), &[]));
    assert!(run(&a, &[("CLICOLOR_FORCE", "1")]));
    assert!(run(&a, &[("FORCE_COLOR", "1")]));
    assert!(!run(&a, &[("FORCE_COLOR", "0")]));
    assert!(!run(&a, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!run(
        &[&a[..], &["--color", "never"]].concat(),
        &[("CLICOLOR_FORCE", "1")]
    ));
}

#[test]
fn colour_never_shifts_the_section_table() {
    let o = aimscore()
        .args([
            "assess",
            "examples/healthcare-third-party-model.yaml",
            "--color",
            "always",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let strip = |l: &str| {
        let mut out = String::new();
        let mut esc = false;
        for c in l.chars() {
            if c == '\x1b' {
                esc = true;
            } else if esc {
                if c == 'm' {
                    esc = false;
                }
            } else {
                out.push(c);
            }
        }
        out
    };
    let rows: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with('│') || l.starts_with('┌') || l.starts_with('╞'))
        .map(strip)
        .collect();
    assert!(rows.len() > 10, "{text}");
    let w = rows[0].chars().count();
    assert!(w <= 80, "the table is {w} columns wide");
    for r in &rows {
        assert_eq!(r.chars().count(), w, "misaligned row: {r}");
    }
}

#[test]
fn init_picks_the_format_from_the_extension_and_refuses_a_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let toml = dir.path().join("a.toml");
    let o = aimscore()
        .arg("init")
        .arg("-o")
        .arg(&toml)
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = std::fs::read_to_string(&toml).unwrap();
    assert!(text.contains("aimscore = 1"), "{text}");
    let o = aimscore().arg("assess").arg(&toml).output().unwrap();
    assert!(o.status.success());
    for (args, want) in [
        (vec!["init", "-o"], "x.json"),
        (vec!["init", "--format", "toml", "-o"], "a.yaml"),
    ] {
        let p = dir.path().join(want);
        let o = aimscore().args(&args).arg(&p).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?} {want}");
        assert!(!p.exists(), "{want} was written");
    }
}

#[test]
fn passing_gates_show_the_value_and_require_stage2_lists_every_reason() {
    let o = aimscore()
        .args([
            "check",
            "examples/healthcare-third-party-model.yaml",
            "--fail-under",
            "60",
            "--section-fail-under",
            "40",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("PASS  fail-under 60: overall score ≥ 60 (67.9)"),
        "{text}"
    );
    assert!(text.contains("(lowest 44.2)"), "{text}");
    let o = aimscore()
        .args([
            "check",
            "examples/enterprise-agents-mcp.yaml",
            "--require-stage2",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("FAIL  require-stage2"), "{text}");
    assert!(
        text.contains("overall_below: The overall score 79.3 is below 80"),
        "{text}"
    );
    assert!(text.contains("critical_gaps: "), "{text}");
}

#[test]
fn general_leaves_carry_their_group_and_a_group_can_be_shown() {
    let o = aimscore()
        .args(["catalog", "show", "9.2"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("9.2 Internal audit"), "{text}");
    assert!(text.contains("9.2.1  Internal audit: General"), "{text}");
    let o = aimscore()
        .args([
            "assess",
            "examples/startup-llm-feature.yaml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = v["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["requirement"] == "9.3.1")
        .unwrap();
    assert_eq!(f["title"], "Management review: General");
}

#[test]
fn man_prints_the_page_or_writes_one_per_command() {
    let o = Command::cargo_bin("aimscore")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    assert!(o.status.success());
    let page = String::from_utf8_lossy(&o.stdout);
    assert!(page.contains(".TH aimscore 1"), "{page}");
    assert!(page.contains("aimscore\\-check(1)"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let o = Command::cargo_bin("aimscore")
        .unwrap()
        .arg("man")
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success());
    let check = std::fs::read_to_string(dir.path().join("aimscore-check.1")).unwrap();
    assert!(check.contains(".TH aimscore-check 1"), "{check}");
    assert!(check.contains("\\-\\-baseline"), "{check}");
    for page in [
        "aimscore.1",
        "aimscore-assess.1",
        "aimscore-catalog-show.1",
        "aimscore-man.1",
    ] {
        assert!(dir.path().join(page).is_file(), "{page}");
    }
    // Byte-identical on a second run (no date in the page).
    let again = tempfile::tempdir().unwrap();
    Command::cargo_bin("aimscore")
        .unwrap()
        .arg("man")
        .arg(again.path())
        .assert()
        .success();
    assert_eq!(
        std::fs::read(again.path().join("aimscore-check.1")).unwrap(),
        check.as_bytes()
    );
    let o = Command::cargo_bin("aimscore")
        .unwrap()
        .arg("man")
        .arg(dir.path().join("missing"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a directory; create it first"));
}

#[test]
fn quiet_prints_nothing_and_keeps_the_exit_code_and_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("c.json");
    for (args, code) in [
        (
            vec!["-q", "check", "examples/minimal.toml", "--fail-under", "50"],
            1,
        ),
        (
            vec![
                "check",
                "examples/minimal.toml",
                "--quiet",
                "--fail-under",
                "1",
            ],
            0,
        ),
        (vec!["assess", "-q", "examples/minimal.toml"], 0),
    ] {
        let o = Command::cargo_bin("aimscore")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(code), "{args:?}");
        assert!(
            o.stdout.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    let o = Command::cargo_bin("aimscore")
        .unwrap()
        .args(["-q", "check", "examples/minimal.toml", "--report"])
        .arg(format!("json={}", json.display()))
        .output()
        .unwrap();
    assert!(o.stdout.is_empty());
    assert!(json.is_file());
    // Errors still speak.
    let o = Command::cargo_bin("aimscore")
        .unwrap()
        .args(["-q", "assess", "missing.yaml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!o.stderr.is_empty());
}
