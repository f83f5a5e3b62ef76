//! The questionnaire driven by a script of replies.

use super::flow::{Command, command};
use super::*;
use crate::answers::{AnswerValue, Answers};
use std::collections::VecDeque;

/// Replies in order, then Ctrl-C; records every prompt's message, and every prompt in full.
struct Script {
    replies: VecDeque<Reply>,
    asked: Vec<String>,
    prompts: Vec<Asked>,
}

/// One prompt as the terminal would show it.
#[derive(Debug, Clone)]
struct Asked {
    message: String,
    help: String,
    placeholder: String,
    esc: String,
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
        prompts: Vec::new(),
    }
}

impl Prompter for Script {
    fn prompt(&mut self, message: &str, help: &str, placeholder: &str, esc: &str) -> Result<Reply> {
        self.asked.push(message.to_string());
        self.prompts.push(Asked {
            message: message.to_string(),
            help: help.to_string(),
            placeholder: placeholder.to_string(),
            esc: esc.to_string(),
        });
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

/// Runs a session at 80 columns; returns the exit code, the screen and the summary.
fn run_script(a: &Options, p: &mut Script) -> (u8, String, String) {
    run_width(a, p, 80)
}

/// Runs a session fitted to `width` columns; returns the exit code, the screen and the summary.
fn run_width(a: &Options, p: &mut Script, width: usize) -> (u8, String, String) {
    let mut screen = Vec::new();
    let mut summary = Vec::new();
    let code = session(a, p, &mut screen, width, &mut summary).unwrap_or_else(|e| panic!("{e}"));
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
        "<esc>",
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
    assert_eq!(y.evidence_refs(), ["doc1", "doc2"]);
    assert_eq!(y.note, None);
    assert_eq!(y.owner.as_deref(), Some("CISO"));
    assert_eq!(y.due.as_deref(), Some("2027-02-28"));
    assert_eq!(a.answers["4.1-2"].value, AnswerValue::No);
    assert_eq!(p.asked.last().map(String::as_str), Some("Answer 4.1-3:"));
}

#[test]
fn a_waived_answer_is_passed_over_not_asked_and_stays_in_the_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    let text = "aimscore: 1\norganization: A\nanswers:\n  4.1-1: {answer: no}\n  4.1-2:\n    answer: partial\n    waiver: {reason: Migration, approved_by: CIO, expires: 2027-01-31}\n";
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    // Resume at 4.1-3; back passes over the waived 4.1-2 to 4.1-1; skip passes over it again.
    let mut p = script(&["b", "s", "q"]);
    let (code, screen, _) = run_script(&args(&file), &mut p);
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("4.1-2 carries a waiver (approved by CIO, until 2027-01-31)"),
        "{screen}"
    );
    assert_eq!(p.asked, ["Answer 4.1-3:", "Answer 4.1-1:", "Answer 4.1-3:"]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}")),
        text
    );
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
    let err = session(&args(&file), &mut p, &mut Vec::new(), 80, &mut Vec::new());
    let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("unknown question id `4.3-9`"), "{msg}");
    assert!(p.asked.is_empty());
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), bad);
    let mut a = args(&file);
    a.section = Some("A.11".into());
    let err = session(&a, &mut p, &mut Vec::new(), 80, &mut Vec::new());
    let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
    assert!(msg.contains("unknown section `A.11`"), "{msg}");
}

#[test]
fn a_file_in_a_missing_directory_is_refused_before_any_question() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("no/such/a.yaml");
    let mut p = script(&["Acme"]);
    let err = session(&args(&file), &mut p, &mut Vec::new(), 80, &mut Vec::new());
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
    let err = session(&args(&link), &mut p, &mut Vec::new(), 80, &mut Vec::new())
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
        load(&file).answers["4.1-1"].evidence_refs(),
        ["scope.pdf", "minutes.pdf"]
    );
    run_script(
        &args(&file),
        &mut script(&["b", "y", "=v2.pdf", "<esc>", "q"]),
    );
    assert_eq!(load(&file).answers["4.1-1"].evidence_refs(), ["v2.pdf"]);
    run_script(&args(&file), &mut script(&["b", "y", "-", "<esc>", "q"]));
    assert!(load(&file).answers["4.1-1"].evidence.is_empty());
}

#[test]
fn a_locked_evidence_entry_keeps_its_hash_and_dates_when_the_list_is_retyped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    let sha = "ab".repeat(32);
    std::fs::write(
        &file,
        format!("aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: yes\n    evidence: [{{ref: scope.pdf, sha256: \"{sha}\", date: 2026-01-02, expires: 2027-01-02}}, old.pdf]\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    run_script(
        &args(&file),
        &mut script(&["b", "y", "=v2.pdf, scope.pdf", "<esc>", "q"]),
    );
    let ev = load(&file).answers["4.1-1"].evidence.clone();
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0], crate::answers::Evidence::new("v2.pdf"));
    assert_eq!(ev[1].ref_, "scope.pdf");
    assert_eq!(ev[1].sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(ev[1].date.as_deref(), Some("2026-01-02"));
    assert_eq!(ev[1].expires.as_deref(), Some("2027-01-02"));
    // Adding to the list leaves the locked entry as it was.
    run_script(
        &args(&file),
        &mut script(&["b", "y", "new.pdf", "<esc>", "q"]),
    );
    let again = load(&file).answers["4.1-1"].evidence.clone();
    assert_eq!(again[..2], ev[..]);
    assert_eq!(again[2], crate::answers::Evidence::new("new.pdf"));
}

/// `text` with every run of white space (line ends of wrapped lines too) made one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest line of `text`, in characters (what a terminal shows), with the line itself.
fn longest_line(text: &str) -> (usize, &str) {
    text.lines()
        .map(|l| (l.chars().count(), l))
        .max_by_key(|(n, _)| *n)
        .unwrap_or((0, ""))
}

/// A help line that promises a placeholder (or a value Enter keeps) only on a prompt that
/// shows one.
fn assert_help_matches_placeholder(p: &Script) {
    for a in &p.prompts {
        let promises = a.help.contains("placeholder")
            || a.help.contains("one shown")
            || a.help.contains("Enter keeps it");
        assert!(
            !promises || !a.placeholder.is_empty(),
            "{:?} promises a placeholder and shows none: {:?}",
            a.message,
            a.help
        );
    }
}

#[test]
fn the_screen_width_is_the_terminals_within_40_to_120_and_80_when_unknown() {
    use super::screen::fit_width;
    assert_eq!(fit_width(None), 80);
    assert_eq!(fit_width(Some(0)), 80);
    assert_eq!(fit_width(Some(20)), 40);
    assert_eq!(fit_width(Some(100)), 100);
    assert_eq!(fit_width(Some(500)), 120);
}

#[test]
fn wrapping_breaks_a_word_longer_than_the_line() {
    let url = format!("https://wiki.example/{}", "x".repeat(100));
    let lines = super::screen::wrap_lines(40, "Current answer: ", "  ", &format!("yes · {url} ok"));
    assert!(lines.iter().all(|l| l.chars().count() <= 40), "{lines:#?}");
    assert_eq!(lines[0], "Current answer: yes ·");
    let joined: String = lines[1..].concat().split_whitespace().collect();
    assert_eq!(joined, format!("{url}ok"));
    assert!(lines[1..].iter().all(|l| l.starts_with("  ")), "{lines:#?}");
    assert_eq!(super::screen::wrap_lines(40, "x", "  ", ""), ["x"]);
}

#[test]
fn every_line_of_a_session_fits_the_screen_width_in_characters() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let c = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
    let questions = c.questions().count();
    let long = format!("https://evidence.example/{}", "é".repeat(90));
    for width in [80, 40] {
        let file = dir.path().join(format!("w{width}.yaml"));
        let mut replies = vec![
            "Ängström Ünïcode Organisation with a rather long name, Inc.",
            "Every AI system the organisation develops, provides or uses, in every country",
            "A very thorough assessor with a long name",
            "2026-11-22",
            // 4.1-1: a yes with a long link as evidence, a long note, no owner, no due date.
            "y",
            long.as_str(),
            "A long note that goes on and on about the context of the organization and its AI",
            "",
            "2026-02-30",
            "",
            // 4.1-2: refused input, with long text typed; na refused; a yes without evidence.
            "this is certainly not one of the choices offered at this prompt, not at all",
            "a",
            "y",
            "<esc>",
        ];
        // Every other question is shown once (skipped), so every screen of the catalog is seen.
        replies.extend(std::iter::repeat_n("s", questions));
        let mut p = script(&replies);
        let (code, screen, summary) = run_width(&args(&file), &mut p, width);
        assert_eq!(code, 0, "{screen}");
        let flat = flat(&screen);
        assert!(flat.contains("is not a choice"), "{screen}");
        assert!(flat.contains("na is refused"), "{screen}");
        assert!(flat.contains("4.1-2 is a yes without evidence"), "{screen}");
        assert!(flat.contains("`2026-02-30` is not a date"), "{screen}");
        assert!(
            screen.contains("Question A.10."),
            "the walk did not reach A.10"
        );
        for (what, text) in [("screen", &screen), ("summary", &summary)] {
            let (n, line) = longest_line(text);
            assert!(
                n <= width,
                "a {what} line of {n} characters at width {width}: {line:?}"
            );
        }
        assert!(
            screen.lines().any(|l| l == "─".repeat(width)),
            "the rule is not {width} wide"
        );
        assert!(summary.contains("Top 5 of"), "{summary}");
        // Nothing was lost to the wrapping: the long link is saved whole.
        assert_eq!(
            load(&file).answers["4.1-1"].evidence_refs(),
            [long.as_str()]
        );
    }
    // A wider terminal gets longer lines (the width is not a fixed one).
    let file = dir.path().join("w120.yaml");
    std::fs::write(&file, "aimscore: 1\norganization: A\n").unwrap_or_else(|e| panic!("{e}"));
    let (_, screen, _) = run_width(&args(&file), &mut script(&["q"]), 120);
    let (n, _) = longest_line(&screen);
    assert!((81..=120).contains(&n), "{n}\n{screen}");
}

#[test]
fn a_fresh_file_asks_organization_scope_assessor_and_date_and_writes_them() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Quotes, a backslash, `: #` and a tab: each must reach the file escaped and read back.
    let org = "Acme \"Health\" \\ Care: #1";
    let scope = "AI products: triage # and\tbilling";
    let assessor = "Ann O'Neil";
    for ext in ["yaml", "toml", "json"] {
        let file = dir.path().join(format!("new.{ext}"));
        let mut p = script(&[org, scope, assessor, "2026-13-01", "2026-11-22", "q"]);
        let (code, screen, summary) = run_script(&args(&file), &mut p);
        assert_eq!(code, 0, "{ext}");
        assert_eq!(
            p.asked,
            [
                "Organization being assessed:",
                "Scope (what the AI management system covers):",
                "Assessor (who runs this assessment):",
                "Assessment date (YYYY-MM-DD):",
                "Assessment date (YYYY-MM-DD):",
                "Answer 4.1-1:",
            ],
            "{ext}"
        );
        assert!(screen.contains("`2026-13-01` is not a date"), "{screen}");
        assert!(summary.contains("Summary for Acme \"Health\""), "{summary}");
        let m = load(&file).meta;
        assert_eq!(m.organization, org, "{ext}");
        assert_eq!(m.scope.as_deref(), Some(scope), "{ext}");
        assert_eq!(m.assessor.as_deref(), Some(assessor), "{ext}");
        assert_eq!(m.date.as_deref(), Some("2026-11-22"), "{ext}");
        assert_help_matches_placeholder(&p);
    }
    // Enter leaves each optional field empty: the template keeps its commented example.
    let file = dir.path().join("empty.yaml");
    let mut p = script(&["Beta", "", "", "", "q"]);
    run_script(&args(&file), &mut p);
    let m = load(&file).meta;
    assert_eq!((m.scope, m.assessor, m.date), (None, None, None));
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        text.contains("\n# scope: What the AI management system covers\n"),
        "{text}"
    );
    assert!(text.contains("\n# date: YYYY-MM-DD\n"), "{text}");
    // Esc leaves the rest empty and goes on to the questions; the ones given are kept.
    let file = dir.path().join("esc.toml");
    let mut p = script(&["Gamma", "Everything", "<esc>", "q"]);
    run_script(&args(&file), &mut p);
    assert_eq!(p.asked.len(), 4, "{:?}", p.asked);
    assert_eq!(p.asked[3], "Answer 4.1-1:");
    let m = load(&file).meta;
    assert_eq!(m.scope.as_deref(), Some("Everything"));
    assert_eq!((m.assessor, m.date), (None, None));
    // Esc at the organization creates nothing.
    let file = dir.path().join("none.yaml");
    let mut p = script(&["<esc>"]);
    let (code, screen, summary) = run_script(&args(&file), &mut p);
    assert_eq!(code, 0);
    assert!(screen.contains("none.yaml was not created."), "{screen}");
    assert!(summary.is_empty());
    assert!(!file.exists());
}

#[test]
fn a_yes_without_evidence_says_it_scores_half_and_how_to_add_evidence() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "aimscore: 1\norganization: A\n").unwrap_or_else(|e| panic!("{e}"));
    // 4.1-1 yes, no evidence (Esc skips the follow-ups); 4.1-2 yes with evidence; 4.1-3
    // partial without evidence; 4.1-4 yes, Enter through every follow-up.
    let mut p = script(&[
        "y", "<esc>", "y", "doc.pdf", "<esc>", "p", "<esc>", "y", "", "", "", "", "q",
    ]);
    let (code, screen, _) = run_script(&args(&file), &mut p);
    assert_eq!(code, 0);
    let flat = flat(&screen);
    assert!(
        flat.contains(
            "4.1-1 is a yes without evidence: it scores 0.5 (as partial does), not 1, and the \
             fix-list asks for the evidence, unless claims are trusted (`aimscore assess \
             --trust-claims`)."
        ),
        "{screen}"
    );
    assert!(
        flat.contains(
            "go back to 4.1-1 (b) and answer y again, then name the documents at Evidence"
        ),
        "{screen}"
    );
    assert!(flat.contains("4.1-4 is a yes without evidence"), "{screen}");
    assert!(!flat.contains("4.1-2 is a yes without"), "{screen}");
    assert!(!flat.contains("4.1-3 is a yes without"), "{screen}");
    // It says so after the follow-ups, right after the answer is saved.
    let saved = flat.find("Saved 4.1-1: yes").unwrap_or(usize::MAX);
    let said = flat.find("4.1-1 is a yes without").unwrap_or(0);
    assert!(saved < said, "{screen}");
    // The rule it states is the scoring's.
    let a = load(&file);
    let opts = crate::scoring::Options::default();
    assert_eq!(
        crate::scoring::question_score(a.answers.get("4.1-1"), &opts),
        (Some(5), true)
    );
}

#[test]
fn the_na_justification_help_promises_a_placeholder_only_when_one_is_shown() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "aimscore: 1\norganization: A\n").unwrap_or_else(|e| panic!("{e}"));
    let mut a = args(&file);
    a.section = Some("A.2".into());
    // No justification yet: none shown, Enter alone asks again.
    let mut p = script(&["a", "", "We build no AI", "b", "a", "", "q"]);
    let (_, screen, _) = run_script(&a, &mut p);
    assert!(
        screen.contains("A justification is required for na"),
        "{screen}"
    );
    let just: Vec<&Asked> = p
        .prompts
        .iter()
        .filter(|x| x.message.starts_with("Justification"))
        .collect();
    assert_eq!(just.len(), 3, "{:?}", p.prompts);
    assert_eq!(just[0].placeholder, "");
    assert!(!just[0].help.contains("Enter keeps"), "{:?}", just[0].help);
    assert!(!just[0].help.contains("placeholder"), "{:?}", just[0].help);
    assert!(just[0].help.contains("Esc cancels"), "{:?}", just[0].help);
    // Answered again: the justification is shown, and Enter keeps it.
    assert_eq!(just[2].placeholder, "We build no AI");
    assert!(
        just[2].help.contains("Enter keeps the one shown"),
        "{:?}",
        just[2].help
    );
    assert_eq!(
        load(&file).answers["A.2.2-1"].justification.as_deref(),
        Some("We build no AI")
    );
    assert_help_matches_placeholder(&p);
}

#[test]
fn an_invalid_answer_lists_na_only_on_annex_a_questions() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "aimscore: 1\norganization: A\n").unwrap_or_else(|e| panic!("{e}"));
    let not_a_choice = |screen: &str| -> String {
        let flat = flat(screen);
        let i = flat
            .find("`maybe` is not a choice")
            .unwrap_or_else(|| panic!("{screen}"));
        let rest = &flat[i..];
        rest[..rest.find("Enter.").map_or(rest.len(), |j| j + 6)].to_string()
    };
    let mut p = script(&["maybe", "q"]);
    let (_, screen, _) = run_script(&args(&file), &mut p);
    assert_eq!(
        not_a_choice(&screen),
        "`maybe` is not a choice: type y, p, n, a maturity 0-5, s, b or q, then Enter."
    );
    assert!(!p.prompts[0].help.contains("na"), "{:?}", p.prompts[0].help);

    let mut a = args(&file);
    a.section = Some("A.2".into());
    let mut p = script(&["maybe", "q"]);
    let (_, screen, _) = run_script(&a, &mut p);
    assert_eq!(
        not_a_choice(&screen),
        "`maybe` is not a choice: type y, p, n, a (na), a maturity 0-5, s, b or q, then Enter."
    );
    assert!(
        p.prompts[0].help.contains("a na"),
        "{:?}",
        p.prompts[0].help
    );
}

#[test]
fn esc_at_the_answer_prompt_skips_the_question_and_keeps_its_answer() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = dir.path().join("a.yaml");
    let text = "aimscore: 1\norganization: A\nanswers:\n  4.1-1:\n    answer: no\n";
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    // Back to 4.1-1, Esc (skipped, its answer kept), Esc at 4.1-2, then q at 4.1-3.
    let mut p = script(&["b", "<esc>", "<esc>", "q"]);
    let (code, _, summary) = run_script(&args(&file), &mut p);
    assert_eq!(code, 0);
    assert_eq!(
        p.asked,
        [
            "Answer 4.1-2:",
            "Answer 4.1-1:",
            "Answer 4.1-2:",
            "Answer 4.1-3:"
        ]
    );
    assert!(summary.contains("Summary for A"), "{summary}");
    assert_eq!(std::fs::read_to_string(&file).unwrap_or_default(), text);
    // Each prompt says what Esc did there (never inquire's `<canceled>`), and the answer
    // prompt's help says Esc skips.
    assert_eq!(p.prompts[1].esc, "skipped (Esc)");
    assert!(
        p.prompts[1].help.contains("s or Esc skip"),
        "{:?}",
        p.prompts[1].help
    );
    assert!(
        p.prompts.iter().all(|x| x.esc.ends_with(" (Esc)")),
        "{:?}",
        p.prompts
    );

    // Esc at the last question of the walk ends the walk, with the summary.
    let mut a = args(&file);
    a.section = Some("4".into());
    let n = crate::catalog::bundled()
        .unwrap_or_else(|e| panic!("{e}"))
        .questions()
        .filter(|(r, _)| r.section == "4")
        .count();
    let mut p = script(&vec!["<esc>"; n]);
    let (code, _, summary) = run_script(&a, &mut p);
    assert_eq!(code, 0);
    assert_eq!(p.asked.len(), n - 1, "the walk starts at 4.1-2");
    assert!(summary.contains("Summary for A"), "{summary}");
}

#[test]
fn a_workbook_is_refused_with_the_import_command() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, bytes) in [
        ("q.xlsx", &b"not really"[..]),
        ("q.yaml", &b"PK\x03\x04rest"[..]),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
        let mut p = script(&["y"]);
        let err = session(&args(&file), &mut p, &mut Vec::new(), 80, &mut Vec::new())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("is a spreadsheet questionnaire"),
            "{name}: {err}"
        );
        assert!(err.contains("aimscore import"), "{name}: {err}");
        assert!(p.asked.is_empty());
    }
}
