//! `init` and `schema`: the template parses in both formats, is never overwritten without
//! `--force`, and the committed JSON Schema is fresh.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;

fn aimscore() -> Command {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn init_template_lists_every_question_and_assesses_as_blank() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("answers.yaml");
    aimscore().args(["init", "-o"]).arg(&f).assert().success();
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema="));
    let catalog = aimscore::catalog::bundled().unwrap();
    for (_, q) in catalog.questions() {
        assert!(
            text.contains(&format!("  # {}:\n", q.id)),
            "template lacks {}",
            q.id
        );
    }
    assert!(text.contains("weight 3, stage 1, Stage 1 blocker"));
    let out = aimscore()
        .args(["assess", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["overall"]["answered"], 0);
}

#[test]
fn uncommenting_a_template_entry_answers_it() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["yaml", "toml"] {
        let f = dir.path().join(format!("a.{ext}"));
        aimscore()
            .args(["init", "--organization", "Acme", "-o"])
            .arg(&f)
            .assert()
            .success();
        let text = std::fs::read_to_string(&f).unwrap();
        let text = match ext {
            "yaml" => text.replacen(
                "  # 4.3-1:\n  #   answer: no\n  #   evidence: []\n",
                "  4.3-1:\n    answer: yes\n    evidence: [scope.pdf]\n",
                1,
            ),
            _ => text.replacen(
                "  # [answers.\"4.3-1\"]\n  # answer = \"no\"\n  # evidence = []\n",
                "  [answers.\"4.3-1\"]\n  answer = \"yes\"\n  evidence = [\"scope.pdf\"]\n",
                1,
            ),
        };
        std::fs::write(&f, text).unwrap();
        let out = aimscore()
            .args(["assess", "--format", "json"])
            .arg(&f)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{ext}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(r["overall"]["answered"], 1, "{ext}");
        assert_eq!(r["organization"], "Acme");
    }
}

#[test]
fn init_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("answers.yaml");
    std::fs::write(&f, "precious answers").unwrap();
    let out = aimscore().args(["init", "-o"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists; use --force"));
    assert_eq!(std::fs::read_to_string(&f).unwrap(), "precious answers");
    aimscore()
        .args(["init", "--force", "-o"])
        .arg(&f)
        .assert()
        .success();
    assert_ne!(std::fs::read_to_string(&f).unwrap(), "precious answers");
}

#[test]
fn init_with_a_profile_includes_its_questions() {
    let out = aimscore()
        .args(["init", "--profile", "agentic"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("profiles: [agentic]"));
    assert!(text.contains("  # A.4.2-agentic-1:"));
    let out = aimscore()
        .args(["init", "--profile", "agentik"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `agentic`"));
}

#[test]
fn committed_schema_is_fresh() {
    let out = aimscore().arg("schema").output().unwrap();
    assert!(out.status.success());
    let committed = std::fs::read_to_string("schema/answers.schema.json").unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        committed,
        "schema/answers.schema.json is stale: run `cargo run -- schema -o schema/answers.schema.json`"
    );
    let v: serde_json::Value = serde_json::from_str(&committed).unwrap();
    let ids = v["properties"]["answers"]["propertyNames"]["enum"]
        .as_array()
        .unwrap();
    assert!(ids.contains(&serde_json::Value::from("A.6.2.8-1")));
    assert!(ids.contains(&serde_json::Value::from("A.4.2-agentic-1")));
}

#[test]
fn completions_are_printed_for_each_shell() {
    for sh in ["bash", "zsh", "fish"] {
        let out = aimscore().args(["completions", sh]).output().unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("aimscore"));
    }
}
