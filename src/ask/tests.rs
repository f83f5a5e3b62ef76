//! The questionnaire driven by a script of replies.

use super::flow::{Command, command};
use super::*;
use crate::answers::{AnswerValue, Answers};
use std::collections::VecDeque;

/// Replies in order, then Ctrl-C; records every prompt's message.
struct Script {
    replies: VecDeque<Reply>,
    asked: Vec<String>,
}

fn script(replies: &[&str]) -> Script {
    Script {
        replies: replies
            .iter()
            .map(|r| match *r {
                "<esc>" => Reply::Escape,
                "<ctrl-c>" => Reply::Interrupt,
                line => Reply::Line(line.to_string()),
            })
            .collect(),
        asked: Vec::new(),
    }
}

impl Prompter for Script {
    fn prompt(&mut self, message: &str, _: &str, _: &str) -> Result<Reply> {
        self.asked.push(message.to_string());
        Ok(self.replies.pop_front().unwrap_or(Reply::Interrupt))
    }
}

fn args(file: &Path) -> Options {
    Options {
        file: file.to_path_buf(),
        section: None,
        unanswered: false,
        profiles: Vec::new(),
        catalog: None,
    }
}

/// Runs a session; returns the exit code, the screen and the summary.
fn run_script(a: &Options, p: &mut Script) -> (u8, String, String) {
    let mut screen = Vec::new();
    let mut summary = Vec::new();
    let code = session(a, p, &mut screen, &mut summary).unwrap_or_else(|e| panic!("{e}"));
    (
        code,
        String::from_utf8_lossy(&screen).into_owned(),
        String::from_utf8_lossy(&summary).into_owned(),
    )
}

fn load(path: &Path) -> Answers {
    let c = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
    answers::load(path, &c, &[])
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}

#[test]
fn a_session_creates_the_file_saves_follow_ups_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    let mut p = script(&[
        "Acme",
        "Y",
        "doc1, , doc2",
        "",
        "CISO",
        "2027-02-30",
        "2027-02-28",
        "a",
        "maybe",
        "n",
        "<esc>",
        "q",
    ]);
    let (code, screen, summary) = run_script(&args(&file), &mut p);
    assert_eq!(code, 0);
    assert!(screen.contains("na is refused"), "{screen}");
    assert!(screen.contains("`2027-02-30` is not a date"), "{screen}");
    assert!(screen.contains("`maybe` is not a choice"), "{screen}");
    assert!(summary.contains("Summary for Acme"), "{summary}");
    assert!(
        summary.contains("questions still unanswered: aimscore ask"),
        "{summary}"
    );
    assert!(
        summary.contains("Stage 1 (documentation): not ready"),
        "{summary}"
    );
    let a = load(&file);
    assert_eq!(a.answers.len(), 2);
    let y = &a.answers["4.1-1"];
    assert_eq!(y.value, AnswerValue::Yes);
    assert_eq!(y.evidence, ["doc1", "doc2"]);
    assert_eq!(y.note, None);
    assert_eq!(y.owner.as_deref(), Some("CISO"));
    assert_eq!(y.due.as_deref(), Some("2027-02-28"));
    assert_eq!(a.answers["4.1-2"].value, AnswerValue::No);
    assert_eq!(p.asked.last().map(String::as_str), Some("Answer 4.1-3:"));
}

#[test]
fn resume_unanswered_section_back_and_keep() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(
        &file,
        "aimscore: 1\norganization: A\nanswers:\n  4.1-1: {answer: no, owner: Ann}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Resume at 4.1-2; back to 4.1-1 and change it keeping its owner; Enter keeps 4.1-2.
    let mut p = script(&["b", "b", "4", "<esc>", "", "s", "q"]);
    let (code, screen, _) = run_script(&args(&file), &mut p);
    assert_eq!(code, 0);
    assert!(screen.contains("Resuming at 4.1-2"), "{screen}");
    assert!(screen.contains("This is the first question."), "{screen}");
    let asked: Vec<&str> = p.asked.iter().map(String::as_str).collect();
    assert_eq!(
        asked,
        [
            "Answer 4.1-2:",
            "Answer 4.1-1:",
            "Answer 4.1-1:",
            "Evidence (comma-separated):",
            "Answer 4.1-2:",
            "Answer 4.1-3:",
            "Answer 4.1-4:"
        ]
    );
    let a = load(&file);
    assert_eq!(a.answers.len(), 1);
    assert_eq!(a.answers["4.1-1"].value, AnswerValue::Maturity(4));
    assert_eq!(a.answers["4.1-1"].owner.as_deref(), Some("Ann"));

    // --unanswered --section 4 asks 4.1-2 first and never 4.1-1.
    let mut a2 = args(&file);
    a2.unanswered = true;
    a2.section = Some("4".into());
    let mut p = script(&["b", "q"]);
    run_script(&a2, &mut p);
    assert_eq!(p.asked, ["Answer 4.1-2:", "Answer 4.1-2:"]);
}

#[test]
fn na_needs_a_justification_and_can_be_cancelled() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.toml");
    std::fs::write(&file, "aimscore = 1\norganization = \"A\"\n").unwrap_or_else(|e| panic!("{e}"));
    let before = std::fs::read_to_string(&file).unwrap_or_default();
    let mut a = args(&file);
    a.section = Some("A.2".into());
    let mut p = script(&["a", "<esc>", "q"]);
    run_script(&a, &mut p);
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), before);
    let mut p = script(&["a", "", "No AI built here", "<ctrl-c>"]);
    let (code, screen, summary) = run_script(&a, &mut p);
    assert_eq!(code, EXIT_INTERRUPTED);
    assert!(screen.contains("A justification is required"), "{screen}");
    assert!(screen.contains("Interrupted. Every answer given so far is saved"));
    assert!(summary.is_empty());
    let got = load(&file);
    assert_eq!(got.answers["A.2.2-1"].value, AnswerValue::Na);
    assert_eq!(
        got.answers["A.2.2-1"].justification.as_deref(),
        Some("No AI built here")
    );
}

#[test]
fn profiles_from_the_command_line_are_written_into_the_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.json");
    std::fs::write(&file, "{\"aimscore\": 1, \"organization\": \"A\"}\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let c = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
    let profile = c.profiles[0].id.clone();
    let (rid, q) = c.profiles[0].questions[0].clone();
    let section = c.requirement(&rid).map(|r| r.section.clone());
    let mut a = args(&file);
    a.profiles = vec![profile.clone()];
    a.section = section;
    a.unanswered = true;
    // Skip to the profile question (after its requirement's own ones) and answer it.
    let before: usize = c
        .requirements
        .iter()
        .filter(|r| Some(&r.section) == a.section.as_ref())
        .take_while(|r| r.id != rid)
        .map(|r| r.questions.len())
        .sum();
    let own = c.requirement(&rid).map_or(0, |r| r.questions.len());
    let mut replies = vec!["s"; before + own];
    replies.extend(["p", "<esc>", "q"]);
    let mut p = script(&replies);
    let (code, screen, _) = run_script(&a, &mut p);
    assert_eq!(code, 0);
    assert!(
        screen.contains(&format!("Added profiles [{profile}]")),
        "{screen}"
    );
    let got = load(&file);
    assert_eq!(got.meta.profiles, [profile]);
    assert_eq!(got.answers[&q.id].value, AnswerValue::Partial);
}

#[test]
fn bad_files_and_sections_are_errors_and_the_file_is_untouched() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    let bad = "aimscore: 1\norganization: A\nanswers:\n  4.3-9: {answer: yes}\n";
    std::fs::write(&file, bad).unwrap_or_else(|e| panic!("{e}"));
    let mut p = script(&["y"]);
    let err = session(&args(&file), &mut p, &mut Vec::new(), &mut Vec::new());
    let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("unknown question id `4.3-9`"), "{msg}");
    assert!(p.asked.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), bad);
    let mut a = args(&file);
    a.section = Some("A.11".into());
    let err = session(&a, &mut p, &mut Vec::new(), &mut Vec::new());
    let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("unknown section `A.11`"), "{msg}");
}

#[test]
fn a_file_in_a_missing_directory_is_refused_before_any_question() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("no/such/a.yaml");
    let mut p = script(&["Acme"]);
    let err = session(&args(&file), &mut p, &mut Vec::new(), &mut Vec::new());
    let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("does not exist; create it first"), "{msg}");
    assert!(p.asked.is_empty());
}

#[test]
fn answer_keys() {
    assert_eq!(command("y"), Command::Answer(AnswerValue::Yes));
    assert_eq!(command(" P "), Command::Answer(AnswerValue::Partial));
    assert_eq!(command("n"), Command::Answer(AnswerValue::No));
    assert_eq!(command("a"), Command::Answer(AnswerValue::Na));
    assert_eq!(command("0"), Command::Answer(AnswerValue::Maturity(0)));
    assert_eq!(command("5"), Command::Answer(AnswerValue::Maturity(5)));
    assert_eq!(command("6"), Command::Unknown);
    assert_eq!(command(""), Command::Keep);
    assert_eq!(command("s"), Command::Skip);
    assert_eq!(command("b"), Command::Back);
    assert_eq!(command("q"), Command::Quit);
    assert_eq!(command("x"), Command::Unknown);
}

#[test]
fn a_second_session_on_the_same_file_is_refused_while_the_first_runs() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "aimscore: 1\norganization: A\n").unwrap_or_else(|e| panic!("{e}"));
    let link = dir.path().join("other-name.yaml");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&file, &link).unwrap_or_else(|e| panic!("{e}"));
    #[cfg(not(unix))]
    let link = file.clone();
    let first = crate::output::EditLock::acquire(&file).unwrap_or_else(|e| panic!("{e}"));
    let mut p = script(&["y", "<esc>", "q"]);
    let err = session(&args(&link), &mut p, &mut Vec::new(), &mut Vec::new())
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("another `aimscore ask` session is editing this file"),
        "{err}"
    );
    assert!(p.asked.is_empty(), "the second session asked {:?}", p.asked);
    drop(first);
    // The lock ends with the session that held it, and its file goes with it.
    let (code, ..) = run_script(&args(&file), &mut script(&["y", "<esc>", "q"]));
    assert_eq!(code, 0);
    assert_eq!(load(&file).answers["4.1-1"].value, AnswerValue::Yes);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.contains("lock"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_save_over_a_file_changed_meanwhile_keeps_both_answers() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(
        &file,
        "aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: no\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let cat = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
    let calls = std::cell::Cell::new(0);
    let yes = crate::answers::Answer {
        value: AnswerValue::Yes,
        evidence: Vec::new(),
        note: None,
        owner: None,
        due: None,
        justification: None,
        pos: crate::error::Pos::default(),
    };
    let e = save_edit(&file, &|text| {
        calls.set(calls.get() + 1);
        if calls.get() == 1 {
            // Someone else saves 4.1-2 between our read and our rename.
            std::fs::write(&file, format!("{text}  4.1-2:\n    answer: partial\n"))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        edit::set_answer("a.yaml", text, Format::Yaml, &cat, "4.2-1", &yes)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(calls.get(), 2, "the edit was applied again to the new text");
    let a = load(&file);
    assert_eq!(a.answers["4.1-2"].value, AnswerValue::Partial);
    assert_eq!(a.answers["4.2-1"].value, AnswerValue::Yes);
    assert_eq!(e.answers.answers.len(), 3);
}

#[test]
fn a_byte_order_mark_survives_a_session() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "\u{feff}aimscore: 1\norganization: A\n# kept\n")
        .unwrap_or_else(|e| panic!("{e}"));
    run_script(&args(&file), &mut script(&["y", "<esc>", "q"]));
    let bytes = std::fs::read(&file).unwrap_or_default();
    assert!(
        bytes.starts_with("\u{feff}aimscore: 1\n".as_bytes()),
        "{bytes:?}"
    );
    assert_eq!(load(&file).answers["4.1-1"].value, AnswerValue::Yes);
}

#[test]
fn typed_evidence_adds_to_the_list_and_equals_replaces_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(
        &file,
        "aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: yes\n    evidence: [scope.pdf]\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // The walk starts at 4.1-2 (the first unanswered); `b` goes back to 4.1-1.
    run_script(
        &args(&file),
        &mut script(&["b", "y", "minutes.pdf, scope.pdf", "<esc>", "q"]),
    );
    assert_eq!(
        load(&file).answers["4.1-1"].evidence,
        ["scope.pdf", "minutes.pdf"]
    );
    run_script(
        &args(&file),
        &mut script(&["b", "y", "=v2.pdf", "<esc>", "q"]),
    );
    assert_eq!(load(&file).answers["4.1-1"].evidence, ["v2.pdf"]);
    run_script(&args(&file), &mut script(&["b", "y", "-", "<esc>", "q"]));
    assert!(load(&file).answers["4.1-1"].evidence.is_empty());
}
