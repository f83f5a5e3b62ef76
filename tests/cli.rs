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
