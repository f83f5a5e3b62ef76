//! `aimscore check --format sarif`: the log validates against the SARIF 2.1.0 JSON Schema
//! (committed in tests/, loaded offline), with one rule per requirement and one result per fix
//! located at the answer's line.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;
use serde_json::Value;

const FIX: &str = "tests/fixtures/check";
const SCHEMA: &str = "tests/sarif-schema-2.1.0.json";

fn aimscore() -> Command {
    let mut c = Command::cargo_bin("aimscore").unwrap();
    c.env_remove("GITHUB_STEP_SUMMARY").env("NO_COLOR", "1");
    c
}

fn fixture(name: &str) -> String {
    format!("{FIX}/{name}")
}

fn json_of(args: &[&str]) -> Value {
    let out = aimscore().args(args).output().unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn sarif(answers: &str, extra: &[&str]) -> Value {
    let mut args = vec!["check", answers, "--format", "sarif"];
    args.extend_from_slice(extra);
    json_of(&args)
}

/// The stray `]` in the schema's two `language` patterns: ECMAScript reads it as a literal
/// (the schema was written for JavaScript validators), the Rust regex engine rejects it, and the
/// draft-07 meta-schema check (`"format": "regex"`, always on in the validator crate) then
/// rejects the whole schema.
const LANGUAGE_PATTERN: &str = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
/// The same pattern with the literal `]` escaped: identical meaning, valid for both engines.
const LANGUAGE_PATTERN_ESCAPED: &str = r"^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\]?$";

/// The committed schema, verbatim but for the `language` pattern repaired in memory.
fn schema() -> Value {
    let text = std::fs::read_to_string(SCHEMA).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    let mut repaired = 0;
    repair(&mut schema, &mut repaired);
    assert_eq!(
        repaired, 2,
        "the schema's language patterns changed; revisit the repair"
    );
    schema
}

fn repair(v: &mut Value, n: &mut usize) {
    match v {
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k == "pattern" && x == LANGUAGE_PATTERN {
                    *x = Value::from(LANGUAGE_PATTERN_ESCAPED);
                    *n += 1;
                } else {
                    repair(x, n);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| repair(x, n)),
        _ => {}
    }
}

/// A validator for the committed schema that never fetches anything: `offline()` refuses any
/// reference outside the document (the draft-07 meta-schema is built into the crate), and
/// format assertions (uri, uri-reference, date-time) are on.
fn validator() -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .offline()
        .build(&schema())
        .unwrap()
}

fn assert_valid(log: &Value) {
    let v = validator();
    let errors: Vec<String> = v
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF invalid:\n{}", errors.join("\n"));
}

#[test]
fn the_committed_schema_is_sarif_2_1_0_draft_07() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(
        schema["$id"]
            .as_str()
            .unwrap()
            .ends_with("sarif-schema-2.1.0.json")
    );
}

#[test]
fn the_validator_rejects_a_log_that_breaks_the_schema() {
    // Guards the tests below: a validator that accepted anything would prove nothing.
    let mut log = sarif(&fixture("after.yaml"), &[]);
    log["version"] = Value::from("2.0.0");
    assert!(!validator().is_valid(&log));
    let mut log = sarif(&fixture("after.yaml"), &[]);
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!validator().is_valid(&log));
    let mut log = sarif(&fixture("after.yaml"), &[]);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!validator().is_valid(&log));
    // Format assertions are on: a URI with a raw space is not a uri-reference.
    let mut log = sarif(&fixture("after.yaml"), &[]);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("my answers.yaml");
    assert!(!validator().is_valid(&log));
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    assert_valid(&sarif(&fixture("after.yaml"), &[]));
    assert_valid(&sarif(&fixture("complete.yaml"), &["--fail-under", "100"]));
    assert_valid(&sarif(&fixture("agentic.yaml"), &["--require-stage1"]));
}

#[test]
fn a_path_with_spaces_gives_a_valid_uri_reference() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("after.yaml"), dir.path().join("my answers.yaml")).unwrap();
    let out = aimscore()
        .current_dir(dir.path())
        .args(["check", "my answers.yaml", "--format", "sarif"])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_valid(&log);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "my%20answers.yaml"
    );
}

#[test]
fn the_driver_is_aimscore_with_one_rule_per_requirement() {
    let log = sarif(&fixture("after.yaml"), &[]);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "aimscore");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let catalog = json_of(&["catalog", "export", "--format", "json"]);
    let want: Vec<&str> = catalog["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let rules = driver["rules"].as_array().unwrap();
    let got: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(got, want);
    let a628 = rules.iter().find(|r| r["id"] == "A.6.2.8").unwrap();
    assert!(
        a628["shortDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with("A.6.2.8 ")
    );
    assert!(
        a628["name"]
            .as_str()
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_alphanumeric())
    );
    let exported = catalog["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A.6.2.8")
        .unwrap();
    assert_eq!(a628["properties"]["nist"], exported["maps"]["nist"]);
    assert_eq!(a628["properties"]["owasp"], exported["maps"]["owasp"]);
}

#[test]
fn one_result_per_fix_with_the_level_of_its_priority() {
    let report = json_of(&["assess", &fixture("after.yaml"), "--format", "json"]);
    let log = sarif(&fixture("after.yaml"), &[]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let fixes = report["fixes"].as_array().unwrap();
    assert_eq!(
        results.len(),
        report["fixes_total"].as_u64().unwrap() as usize
    );
    assert_eq!(results.len(), fixes.len());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for (r, f) in results.iter().zip(fixes) {
        assert_eq!(r["ruleId"], f["requirement"]);
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            r["ruleId"]
        );
        let want = match f["priority"].as_str().unwrap() {
            "P1" => "error",
            "P2" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], want, "{}", f["question"]);
        let msg = r["message"]["text"].as_str().unwrap();
        assert!(msg.contains(f["question_text"].as_str().unwrap()), "{msg}");
        assert!(msg.contains(f["action"].as_str().unwrap()), "{msg}");
    }
    // The fixture has a P1 (the blocker 6.2-1) and lower priorities.
    let levels: Vec<&str> = results
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(levels.contains(&"error") && levels.iter().any(|l| *l != "error"));
}

/// The 1-based line of `  <id>:` in a fixture.
fn line_of(file: &str, id: &str) -> u64 {
    let text = std::fs::read_to_string(file).unwrap();
    let key = format!("  {id}:");
    (text.lines().position(|l| l.starts_with(&key)).unwrap() + 1) as u64
}

#[test]
fn results_point_at_the_answer_line_or_line_1_when_unanswered() {
    let file = fixture("after.yaml");
    let log = sarif(&file, &[]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let loc = |q: &str| {
        let r = results
            .iter()
            .find(|r| r["properties"]["question"] == q)
            .unwrap_or_else(|| panic!("no result for {q}"));
        let pl = &r["locations"][0]["physicalLocation"];
        (
            pl["artifactLocation"]["uri"].as_str().unwrap().to_string(),
            pl["region"]["startLine"].as_u64().unwrap(),
        )
    };
    // Answered, below 1: the line of the answer.
    assert_eq!(loc("6.2-1"), (file.clone(), line_of(&file, "6.2-1")));
    assert_eq!(loc("5.2-2"), (file.clone(), line_of(&file, "5.2-2")));
    assert_eq!(
        loc("A.6.2.8-1"),
        (file.clone(), line_of(&file, "A.6.2.8-1"))
    );
    // Unanswered: line 1.
    assert_eq!(loc("4.1-1"), (file.clone(), 1));
    // Met questions and exclusions yield no result.
    assert!(
        results
            .iter()
            .all(|r| r["properties"]["question"] != "4.3-1")
    );
    assert!(
        results
            .iter()
            .all(|r| r["properties"]["question"] != "A.10.3-1")
    );
}

#[test]
fn the_run_carries_the_gates_and_the_verdict() {
    let log = sarif(&fixture("after.yaml"), &["--require-stage1"]);
    let props = &log["runs"][0]["properties"];
    assert_eq!(props["passed"], false);
    assert_eq!(props["gates"][0]["gate"], "require-stage1");
    assert!(
        props["disclaimer"]
            .as_str()
            .unwrap()
            .contains("not a certification")
    );
}
