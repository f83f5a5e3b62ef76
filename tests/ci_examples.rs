//! The CI integration files (action.yml, examples/ci/): they parse, every input they use is
//! declared, the commands they run exist with the flags they pass, and the action's check step
//! runs as GitHub would run it (with bash and python3, skipped with a message where missing).
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str::<Value>(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The names in every `${{ <prefix>NAME }}` (and `<prefix>NAME` inside an expression) of `text`.
fn refs(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices(prefix) {
        let name: String = text[i + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        out.insert(name);
    }
    out
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn help(sub: &str) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_aimscore"))
        .args([sub, "--help"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every `--flag` of every `aimscore SUB …` command line in `text` is one `aimscore SUB --help`
/// lists.
fn assert_flags_exist(file: &str, text: &str) {
    for line in text.lines() {
        let Some(at) = line
            .find("aimscore\" check")
            .or_else(|| line.find("aimscore check"))
        else {
            continue;
        };
        let h = help("check");
        for word in line[at..]
            .split_whitespace()
            .filter(|w| w.starts_with("--"))
        {
            let flag: String = word
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            assert!(
                h.contains(&flag),
                "{file}: `{flag}` is not a flag of aimscore check"
            );
        }
    }
}

#[test]
fn the_action_declares_every_input_and_output_it_uses() {
    let text = std::fs::read_to_string("action.yml").unwrap();
    let a = yaml("action.yml");
    assert_eq!(a["runs"]["using"], "composite");
    let inputs = keys(&a["inputs"]);
    let used = refs(&text, "inputs.");
    assert!(!used.is_empty());
    for u in &used {
        assert!(
            inputs.contains(u),
            "action.yml uses inputs.{u}, which it does not declare"
        );
    }
    for i in &inputs {
        assert!(
            used.contains(i),
            "action.yml declares input {i} and never uses it"
        );
    }
    // Every output comes from a value the check step writes to GITHUB_OUTPUT.
    let steps = a["runs"]["steps"].as_array().unwrap();
    let check = steps.iter().find(|s| s["id"] == "check").unwrap();
    let script = check["run"].as_str().unwrap();
    for (name, o) in a["outputs"].as_object().unwrap() {
        let v = o["value"].as_str().unwrap();
        if let Some(out) = v.strip_prefix("${{ steps.check.outputs.") {
            let out = out.trim_end_matches(" }}");
            assert!(
                script.contains(&format!("{out}=")),
                "output {name} reads {out}, which the check step never writes"
            );
        }
    }
    // The build installs from the action's own checkout, locked.
    assert!(text.contains("cargo install --locked --path \"$ACTION_PATH\""));
    assert_flags_exist("action.yml", script);
}

#[test]
fn the_workflow_and_gitlab_examples_use_what_exists() {
    let action = yaml("action.yml");
    let inputs = keys(&action["inputs"]);
    let wf = yaml("examples/ci/github-actions.yml");
    let steps = wf["jobs"]["aimscore"]["steps"].as_array().unwrap();
    let ours = steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.contains("/aimscore@")))
        .unwrap();
    for k in keys(&ours["with"]) {
        assert!(
            inputs.contains(&k),
            "the workflow passes `{k}`, not an input of action.yml"
        );
    }
    for required in action["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v["required"] == true)
    {
        assert!(
            ours["with"].get(required.0).is_some(),
            "the workflow omits {}",
            required.0
        );
    }
    // The upload may fail (private repository, fork) without failing the job, and runs on
    // pushes to main too.
    let upload = steps.iter().find(|s| s["id"] == "upload").unwrap();
    assert_eq!(upload["continue-on-error"], true);
    assert!(!upload["if"].as_str().unwrap().contains("pull_request"));
    assert!(wf["on"]["push"].is_object());
    // GitLab: a Code Quality report artifact, made by a check that writes it.
    let gl_text = std::fs::read_to_string("examples/ci/gitlab-ci.yml").unwrap();
    let gl = yaml("examples/ci/gitlab-ci.yml");
    let job = &gl["aimscore"];
    let report = job["artifacts"]["reports"]["codequality"].as_str().unwrap();
    let script: Vec<&str> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(
        script
            .iter()
            .any(|s| s.contains(&format!("--report gitlab={report}")))
    );
    assert_flags_exist("examples/ci/gitlab-ci.yml", &gl_text);
}

/// Runs the action's check step as GitHub runs a composite `shell: bash` step.
fn run_check_step(dir: &Path, env: &[(&str, &str)]) -> Option<(i32, String)> {
    let has = |cmd: &str| Command::new(cmd).arg("--version").output().is_ok();
    if !has("bash") || !has("python3") {
        eprintln!("skipped: running the action's step needs bash and python3");
        return None;
    }
    let a = yaml("action.yml");
    let steps = a["runs"]["steps"].as_array().unwrap();
    let script = steps.iter().find(|s| s["id"] == "check").unwrap()["run"]
        .as_str()
        .unwrap()
        .to_string();
    let outputs = dir.join("github-output");
    std::fs::write(&outputs, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(dir)
        .env("BIN", env!("CARGO_BIN_EXE_aimscore"))
        .env("RUNNER_TEMP", dir)
        .env("GITHUB_OUTPUT", &outputs)
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("NO_COLOR", "1");
    for (k, v) in [
        ("FAIL_UNDER", ""),
        ("SECTION_FAIL_UNDER", ""),
        ("REQUIRE_STAGE1", "false"),
        ("REQUIRE_STAGE2", "false"),
        ("BASELINE", ""),
        ("BASELINE_REF", ""),
        ("MAX_DROP", "0"),
        ("POLICY", ""),
        ("SARIF", "aimscore.sarif"),
        ("GITLAB", ""),
    ] {
        cmd.env(k, v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    Some((
        o.status.code().unwrap_or(-1),
        std::fs::read_to_string(&outputs).unwrap(),
    ))
}

#[test]
fn the_action_step_gates_and_reports_its_verdict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/fixtures/check/before.yaml",
        dir.path().join("answers.yaml"),
    )
    .unwrap();
    let Some((code, out)) = run_check_step(
        dir.path(),
        &[
            ("ANSWERS", "answers.yaml"),
            ("FAIL_UNDER", "99"),
            ("GITLAB", "gl.json"),
        ],
    ) else {
        return;
    };
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("exit-code=1\n"), "{out}");
    assert!(out.contains("verdict=failed\n"), "{out}");
    assert!(out.contains("overall="), "{out}");
    assert!(
        out.contains("stage1-ready=false\n") || out.contains("stage1-ready=true\n"),
        "{out}"
    );
    assert!(dir.path().join("aimscore.sarif").exists());
    assert!(dir.path().join("gl.json").exists());
    let (code, out) = run_check_step(
        dir.path(),
        &[("ANSWERS", "answers.yaml"), ("FAIL_UNDER", "1")],
    )
    .unwrap();
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("verdict=passed\n"), "{out}");
    // A baseline from a git ref: the answers file as committed, compared with the worktree.
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
    };
    if git(&["init", "-q"]).is_err() {
        eprintln!("skipped: the baseline-ref case needs git");
        return;
    }
    std::fs::copy(
        "tests/fixtures/check/after.yaml",
        dir.path().join("answers.yaml"),
    )
    .unwrap();
    git(&["add", "answers.yaml"]).unwrap();
    git(&["commit", "-qm", "base"]).unwrap();
    std::fs::copy(
        "tests/fixtures/check/before.yaml",
        dir.path().join("answers.yaml"),
    )
    .unwrap();
    let (code, out) = run_check_step(
        dir.path(),
        &[("ANSWERS", "answers.yaml"), ("BASELINE_REF", "HEAD")],
    )
    .unwrap();
    assert_eq!(
        code, 1,
        "the worktree fell below the committed answers: {out}"
    );
    assert!(out.contains("verdict=failed\n"), "{out}");
}
