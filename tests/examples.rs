//! Every answers file in `examples/` is assessed by the binary: it must load without error, its
//! JSON and text reports are snapshotted, and each named example keeps the story it tells
//! (its score range, its readiness, its exclusions, its profile).
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The answers files directly in `examples/` (not in subdirectories), in name order.
fn example_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "toml" | "json")
            )
        })
        .map(|p| PathBuf::from("examples").join(p.file_name().unwrap()))
        .collect();
    files.sort();
    files
}

/// Runs `aimscore assess FILE --format FORMAT` from the crate root (so the report names the file
/// as `examples/…`), asserts exit 0 and a clean stderr, and returns stdout.
fn assess(file: &Path, format: &str) -> String {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["assess", file.to_str().unwrap(), "--format", format])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "`aimscore assess {} --format {format}` exited {:?}:\n{stderr}",
        file.display(),
        out.status.code()
    );
    assert!(
        stderr.is_empty(),
        "`aimscore assess {} --format {format}` wrote to stderr:\n{stderr}",
        file.display()
    );
    String::from_utf8(out.stdout).unwrap()
}

fn report(name: &str) -> Value {
    let json = assess(&PathBuf::from("examples").join(name), "json");
    serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("{name}: the JSON report does not parse: {e}"))
}

fn overall(r: &Value) -> f64 {
    r["overall"]["score"].as_f64().unwrap()
}

fn stage1_ready(r: &Value) -> bool {
    r["stage1"]["ready"].as_bool().unwrap()
}

/// Snapshot name for a file and format: `startup_llm_feature_yaml_json`.
fn snapshot_name(file: &Path, format: &str) -> String {
    let file_name = file.file_name().unwrap().to_str().unwrap();
    format!("{file_name}_{format}").replace(['.', '-'], "_")
}

#[test]
fn examples_directory_holds_the_documented_examples_in_every_input_format() {
    let names: Vec<String> = example_files()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "startup-llm-feature.yaml",
        "healthcare-third-party-model.yaml",
        "enterprise-agents-mcp.yaml",
        "minimal.toml",
        "minimal.json",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "examples/{expected} is missing; found {names:?}"
        );
    }
}

#[test]
fn every_example_is_assessed_and_its_json_and_text_reports_match_the_snapshots() {
    let files = example_files();
    assert!(!files.is_empty(), "no answers files in examples/");
    for file in &files {
        for format in ["json", "text"] {
            let out = assess(file, format);
            insta::with_settings!({
                description => format!("aimscore assess {} --format {format}", file.display()),
                omit_expression => true,
            }, {
                insta::assert_snapshot!(snapshot_name(file, format), out);
            });
        }
    }
}

#[test]
fn every_example_report_is_byte_identical_across_runs() {
    for file in example_files() {
        assert_eq!(
            assess(&file, "json"),
            assess(&file, "json"),
            "{} gave two different JSON reports",
            file.display()
        );
    }
}

#[test]
fn every_example_answers_nearly_every_question_except_the_minimal_ones() {
    for file in example_files() {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("minimal.") {
            continue;
        }
        let r = report(&name);
        let completeness = r["overall"]["completeness"].as_f64().unwrap();
        assert!(
            completeness >= 95.0,
            "{name}: completeness {completeness}% (a full example should answer nearly every question)"
        );
    }
}

#[test]
fn startup_example_is_early_and_not_ready_for_stage_1() {
    let r = report("startup-llm-feature.yaml");
    let score = overall(&r);
    assert!(
        (35.0..=45.0).contains(&score),
        "startup overall {score}, expected 35–45"
    );
    assert!(!stage1_ready(&r), "startup should not be Stage 1 ready");
    let blockers = r["stage1"]["blockers"].as_array().unwrap();
    assert!(
        blockers.iter().any(|b| b == "5.2-1"),
        "the AI policy blocker (an unevidenced yes) should be unmet: {blockers:?}"
    );
    assert!(!r["stage2"]["ready"].as_bool().unwrap());
    // Unevidenced claims and maturity answers are part of this example's story.
    let questions: Vec<&Value> = r["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|req| req["questions"].as_array().unwrap())
        .collect();
    let unevidenced = questions
        .iter()
        .filter(|q| q["unevidenced"].as_bool() == Some(true))
        .count();
    assert!(
        unevidenced >= 5,
        "expected several unevidenced yes answers, found {unevidenced}"
    );
    let maturity = questions
        .iter()
        .filter(|q| {
            q["answer"]
                .as_str()
                .is_some_and(|a| a.len() == 1 && a.as_bytes()[0].is_ascii_digit())
        })
        .count();
    assert!(
        maturity >= 3,
        "expected some maturity answers, found {maturity}"
    );
}

#[test]
fn healthcare_example_is_stage_1_ready_with_development_controls_excluded() {
    let r = report("healthcare-third-party-model.yaml");
    let score = overall(&r);
    assert!(
        (60.0..=70.0).contains(&score),
        "healthcare overall {score}, expected 60–70"
    );
    assert!(
        stage1_ready(&r),
        "healthcare should be Stage 1 ready: {}",
        r["stage1"]
    );
    assert!(r["stage1"]["blockers"].as_array().unwrap().is_empty());
    assert!(
        !r["stage2"]["ready"].as_bool().unwrap(),
        "healthcare should not be Stage 2 ready"
    );

    let excluded: Vec<&str> = r["exclusions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["control_excluded"].as_bool() == Some(true))
        .map(|e| e["requirement"].as_str().unwrap())
        .collect();
    for control in [
        "A.6.1.2", "A.6.1.3", "A.6.2.3", "A.7.2", "A.7.3", "A.7.6", "A.10.4",
    ] {
        assert!(
            excluded.contains(&control),
            "{control} should be excluded in the healthcare example; excluded: {excluded:?}"
        );
    }
    // A provider that excludes development still manages its supplier: A.10.3 is in and fully met.
    assert!(!excluded.contains(&"A.10.3"));
    let suppliers = r["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|req| req["id"] == "A.10.3")
        .unwrap();
    assert_eq!(
        suppliers["score"].as_f64(),
        Some(100.0),
        "A.10.3: {suppliers}"
    );
}

#[test]
fn enterprise_example_uses_the_agentic_profile_and_is_stage_1_ready() {
    let r = report("enterprise-agents-mcp.yaml");
    let profiles = r["profiles"].as_array().unwrap();
    assert!(
        profiles.iter().any(|p| p == "agentic"),
        "the report should name the agentic profile: {profiles:?}"
    );
    let score = overall(&r);
    assert!(
        (75.0..=85.0).contains(&score),
        "enterprise overall {score}, expected 75–85"
    );
    assert!(
        stage1_ready(&r),
        "enterprise should be Stage 1 ready: {}",
        r["stage1"]
    );
    // The agentic gaps (unpinned community MCP servers, untraceable sub-agent calls) are fixes.
    let fixes: Vec<&str> = r["fixes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["question"].as_str().unwrap())
        .collect();
    for q in ["A.10.3-agentic-2", "A.6.2.8-agentic-2"] {
        assert!(fixes.contains(&q), "{q} should be in the fix-list");
    }

    let text = assess(Path::new("examples/enterprise-agents-mcp.yaml"), "text");
    assert!(
        text.contains("agentic"),
        "the text report should name the agentic profile"
    );
}
