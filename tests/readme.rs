//! The README's commands run: the set-up command on its bundled example, and the usage block
//! in a scratch directory, in order.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use assert_cmd::Command;

fn readme() -> String {
    std::fs::read_to_string("README.md").unwrap()
}

/// The lines of the first ```sh block after `heading`.
fn block(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("README lacks {heading}"));
    let rest = &text[start..];
    let open = rest.find("```sh\n").unwrap() + 6;
    let close = rest[open..].find("```").unwrap() + open;
    rest[open..close]
        .lines()
        .map(|l| l.split(" #").next().unwrap().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn setup_commands_are_the_main_job_and_the_tests() {
    let lines = block(&readme(), "## Set-up");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[1], "cargo test");
    let args: Vec<&str> = lines[0]
        .strip_prefix("cargo run --release -- ")
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(args[0], "assess");
    assert!(
        std::path::Path::new(args[1]).is_file(),
        "{} must be a bundled example",
        args[1]
    );
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not a certification"));
    let ci = std::fs::read_to_string(".ci/run").unwrap();
    assert!(
        ci.contains("cargo test"),
        ".ci/run must run the README's test command"
    );
}

#[test]
fn usage_commands_run_in_order() {
    let dir = tempfile::tempdir().unwrap();
    for line in block(&readme(), "## Usage") {
        let line = line.split(" > ").next().unwrap().to_string();
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], "aimscore", "{line}");
        let args = &words[1..];
        // files the usage block assumes: an answers file and a catalog copy
        if args.contains(&"a.yaml") {
            for n in ["a.yaml", "b.yaml", "c.yaml"] {
                std::fs::copy(dir.path().join("answers.yaml"), dir.path().join(n)).unwrap();
            }
        }
        if args.contains(&"my-catalog/") {
            copy_dir(
                &std::env::current_dir().unwrap().join("controls"),
                &dir.path().join("my-catalog"),
            );
        }
        if args.first() == Some(&"init") && dir.path().join("answers.yaml").exists() {
            std::fs::remove_file(dir.path().join("answers.yaml")).unwrap();
        }
        let out = Command::cargo_bin("aimscore")
            .unwrap()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        // `check` may fail its gate (exit 1) on the blank template; anything else must succeed
        let ok = out.status.success()
            || (args.first() == Some(&"check") && out.status.code() == Some(1));
        assert!(
            ok,
            "`{line}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &p);
        } else {
            std::fs::copy(e.path(), p).unwrap();
        }
    }
}
