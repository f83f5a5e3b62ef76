//! `aimscore ask` driven through a pseudo-terminal: answers are saved at once, resumable, and
//! never lost or half-written, whatever interrupts the session.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]
#![cfg(unix)]

use aimscore::answers::{AnswerValue, Answers};
use aimscore::read::Format;
use assert_cmd::Command as AssertCommand;
use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::{Captures, Expect, Regex, Session};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

type Pty = expectrl::session::OsSession;

fn spawn(args: &[&str]) -> Pty {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_aimscore"));
    cmd.arg("ask")
        .args(args)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    Session::spawn(cmd).unwrap()
}

/// Waits until `check` matches. expectrl's own `expect` spins on the CPU while it waits, which
/// on a small machine starves the very process it waits for; this polls every 2 ms instead.
fn wait(
    s: &mut Pty,
    what: &str,
    mut check: impl FnMut(&mut Pty) -> Result<Captures, expectrl::Error>,
) -> Captures {
    let start = Instant::now();
    loop {
        match check(s) {
            Ok(c) if !c.is_empty() => return c,
            Ok(_) => {}
            Err(e) => panic!("waiting for {what}: {e}"),
        }
        if start.elapsed() > Duration::from_secs(20) {
            panic!("waiting for {what}: timed out");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn expect(s: &mut Pty, text: &str) -> Captures {
    wait(s, text, |s| s.check(text))
}

/// Waits for the next question's screen and its answer prompt; returns the question id and
/// the screen's text. (The screen comes first: a prompt is redrawn once more when answered.)
fn screen(s: &mut Pty) -> (String, String) {
    let caps = wait(s, "a question", |s| {
        s.check(Regex(r"Question ([A-Za-z0-9.\-]+) \("))
    });
    let qid = String::from_utf8_lossy(caps.get(1).unwrap()).into_owned();
    let rest = expect(s, &format!("Answer {qid}:"));
    (qid, String::from_utf8_lossy(rest.before()).into_owned())
}

fn prompt_qid(s: &mut Pty) -> String {
    screen(s).0
}

fn send(s: &mut Pty, keys: &str) {
    s.send(keys).unwrap();
}

fn exit_code(s: &Pty) -> i32 {
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("ask did not exit normally: {other:?}"),
    }
}

fn load(path: &Path) -> Answers {
    let catalog = aimscore::catalog::bundled().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let fmt = Format::from_path(path);
    match aimscore::answers::parse_text("f", &text, fmt, &catalog, &[]) {
        Ok((a, _)) => a,
        Err(e) => panic!("{} does not parse: {e}\n{text}", path.display()),
    }
}

#[test]
fn ask_answers_skips_goes_back_refuses_clause_na_quits_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("acme.yaml");
    let f = file.to_str().unwrap();

    let mut s = spawn(&[f]);
    expect(&mut s, "Organization being assessed:");
    send(&mut s, "Acme Health\r");
    // Then the optional header fields: Enter leaves one empty, a date is checked.
    expect(&mut s, "Scope (what the AI management system covers):");
    send(&mut s, "Triage assistant: EU and \"UK\"\r");
    expect(&mut s, "Assessor (who runs this assessment):");
    send(&mut s, "\r");
    expect(&mut s, "Assessment date (YYYY-MM-DD):");
    send(&mut s, "2026-02-30\r");
    expect(&mut s, "is not a date");
    expect(&mut s, "Assessment date (YYYY-MM-DD):");
    send(&mut s, "2026-11-22\r");
    expect(&mut s, "Progress: 0/");
    expect(&mut s, "Requirement 4.1");
    assert_eq!(prompt_qid(&mut s), "4.1-1");
    send(&mut s, "y\r");
    expect(&mut s, "Evidence (comma-separated):");
    send(&mut s, "policies/context.pdf, https://wiki.example/ctx\r");
    expect(&mut s, "Note:");
    send(&mut s, "Board minutes \"2026\"\r");
    expect(&mut s, "Owner:");
    send(&mut s, "CISO\r");
    expect(&mut s, "Due date (YYYY-MM-DD):");
    send(&mut s, "2027-13-01\r");
    expect(&mut s, "is not a date");
    expect(&mut s, "Due date (YYYY-MM-DD):");
    send(&mut s, "2027-01-31\r");
    expect(&mut s, "Saved 4.1-1: yes");

    // na on a clause question is refused with a message; the question is asked again.
    expect(&mut s, "Progress: 1/");
    assert_eq!(prompt_qid(&mut s), "4.1-2");
    send(&mut s, "a\r");
    expect(&mut s, "na is refused");
    expect(&mut s, "Answer 4.1-2:");
    send(&mut s, "p\r");
    expect(&mut s, "Evidence (comma-separated):");
    send(&mut s, "\x1b"); // Esc: no follow-ups
    expect(&mut s, "Saved 4.1-2: partial");

    // b goes back (Enter keeps the answer), s skips.
    assert_eq!(prompt_qid(&mut s), "4.1-3");
    send(&mut s, "b\r");
    let (qid, body) = screen(&mut s);
    assert_eq!(qid, "4.1-2");
    assert!(body.contains("Current answer: partial"), "{body}");
    assert!(body.contains("Intent: "), "{body}");
    assert!(body.contains("Evidence that fits:\r\n  - "), "{body}");
    send(&mut s, "\r");
    assert_eq!(prompt_qid(&mut s), "4.1-3");
    send(&mut s, "s\r");
    assert_eq!(prompt_qid(&mut s), "4.1-4");
    send(&mut s, "s\r");
    assert_eq!(prompt_qid(&mut s), "4.2-1");
    send(&mut s, "3\r");
    for field in ["Evidence", "Note:", "Owner:", "Due date"] {
        expect(&mut s, field);
        send(&mut s, "\r");
    }
    expect(&mut s, "Saved 4.2-1: maturity 3");
    assert_eq!(prompt_qid(&mut s), "4.2-2");
    send(&mut s, "q\r");
    expect(&mut s, "Summary for Acme Health");
    expect(&mut s, "Stage 1 (documentation): not ready");
    expect(&mut s, "Top 5 of");
    assert_eq!(exit_code(&s), 0);

    let a = load(&file);
    assert_eq!(a.meta.organization, "Acme Health");
    assert_eq!(
        a.meta.scope.as_deref(),
        Some("Triage assistant: EU and \"UK\"")
    );
    assert_eq!(a.meta.assessor, None);
    assert_eq!(a.meta.date.as_deref(), Some("2026-11-22"));
    let keys: Vec<&str> = a.answers.keys().map(String::as_str).collect();
    assert_eq!(keys, ["4.1-1", "4.1-2", "4.2-1"]);
    let y = &a.answers["4.1-1"];
    assert_eq!(y.value, AnswerValue::Yes);
    assert_eq!(
        y.evidence_refs(),
        ["policies/context.pdf", "https://wiki.example/ctx"]
    );
    assert_eq!(y.note.as_deref(), Some("Board minutes \"2026\""));
    assert_eq!(y.owner.as_deref(), Some("CISO"));
    assert_eq!(y.due.as_deref(), Some("2027-01-31"));
    assert_eq!(a.answers["4.1-2"].value, AnswerValue::Partial);
    assert_eq!(a.answers["4.2-1"].value, AnswerValue::Maturity(3));
    // The template's comments are still there, and unanswered questions keep their entries.
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("  # ===== A.10 "), "{text}");
    assert!(text.contains("  # 4.1-3:\n  #   answer: no\n"), "{text}");
    assert!(!text.contains("  # 4.1-1:\n"), "{text}");

    // Run again: it resumes at the first unanswered question (the skipped 4.1-3); Ctrl-C
    // ends with 130 and changes nothing.
    let mut s = spawn(&[f]);
    expect(&mut s, "Resuming at 4.1-3");
    assert_eq!(prompt_qid(&mut s), "4.1-3");
    send(&mut s, "\x03");
    expect(&mut s, "Interrupted");
    assert_eq!(exit_code(&s), 130);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn ctrl_c_mid_way_exits_130_and_keeps_every_answer_given() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.toml");
    std::fs::write(&file, "aimscore = 1\norganization = \"Acme\"\n").unwrap();
    let f = file.to_str().unwrap();
    let mut s = spawn(&[f]);
    assert_eq!(prompt_qid(&mut s), "4.1-1");
    send(&mut s, "n\r");
    expect(&mut s, "Evidence");
    send(&mut s, "\x1b");
    assert_eq!(prompt_qid(&mut s), "4.1-2");
    send(&mut s, "y\r");
    expect(&mut s, "Evidence");
    send(&mut s, "doc-1\r");
    expect(&mut s, "Note:");
    send(&mut s, "\x03");
    expect(&mut s, "Interrupted");
    assert_eq!(exit_code(&s), 130);
    let a = load(&file);
    assert_eq!(a.answers.len(), 2);
    assert_eq!(a.answers["4.1-1"].value, AnswerValue::No);
    assert_eq!(a.answers["4.1-2"].value, AnswerValue::Yes);
    assert_eq!(a.answers["4.1-2"].evidence_refs(), ["doc-1"]);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with("aimscore = 1\norganization = \"Acme\"\n"),
        "{text}"
    );
}

#[test]
fn na_on_an_annex_question_needs_a_justification_and_section_limits_the_walk() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.json");
    let f = file.to_str().unwrap();
    let mut s = spawn(&[f, "--section", "a.2"]);
    expect(&mut s, "Organization being assessed:");
    send(&mut s, "\r");
    expect(&mut s, "Scope");
    send(&mut s, "\x1b"); // Esc: no scope, assessor or date
    expect(&mut s, "Section A.2 ");
    assert_eq!(prompt_qid(&mut s), "A.2.2-1");
    send(&mut s, "a\r");
    expect(&mut s, "Justification");
    send(&mut s, "\r");
    expect(&mut s, "A justification is required");
    expect(&mut s, "Justification");
    send(&mut s, "We develop no AI; policy covered by group\r");
    expect(&mut s, "Saved A.2.2-1: na");
    let next = prompt_qid(&mut s);
    assert!(next.starts_with("A.2."), "{next}");
    send(&mut s, "q\r");
    expect(&mut s, "Summary for Unnamed organization");
    assert_eq!(exit_code(&s), 0);
    let a = load(&file);
    assert_eq!(a.answers["A.2.2-1"].value, AnswerValue::Na);
    assert_eq!(
        a.answers["A.2.2-1"].justification.as_deref(),
        Some("We develop no AI; policy covered by group")
    );
}

#[test]
fn esc_at_the_answer_prompt_skips_the_question_and_never_shows_canceled() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("esc.yaml");
    std::fs::write(&file, "aimscore: 1\norganization: Esc\n").unwrap();
    let mut s = spawn(&[file.to_str().unwrap()]);
    assert_eq!(prompt_qid(&mut s), "4.1-1");
    send(&mut s, "\x1b");
    let shown = expect(&mut s, "Question 4.1-2 (");
    let before = String::from_utf8_lossy(shown.before()).into_owned();
    assert!(before.contains("skipped (Esc)"), "{before}");
    assert!(!before.contains("canceled"), "{before}");
    expect(&mut s, "Answer 4.1-2:");
    send(&mut s, "y\r");
    expect(&mut s, "Evidence");
    send(&mut s, "\x1b");
    let saved = expect(&mut s, "is a yes without evidence");
    let before = String::from_utf8_lossy(saved.before()).into_owned();
    assert!(before.contains("the rest skipped (Esc)"), "{before}");
    assert!(!before.contains("canceled"), "{before}");
    assert_eq!(prompt_qid(&mut s), "4.1-3");
    send(&mut s, "q\r");
    expect(&mut s, "Summary for Esc");
    assert_eq!(exit_code(&s), 0);
    let a = load(&file);
    let keys: Vec<&str> = a.answers.keys().map(String::as_str).collect();
    assert_eq!(keys, ["4.1-2"]);
}

#[test]
fn without_a_terminal_ask_exits_2_at_once_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.yaml");
    // Standard input is /dev/null itself; the command must end on its own, at once.
    let mut child = Command::new(env!("CARGO_BIN_EXE_aimscore"))
        .args(["ask", file.to_str().unwrap()])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("ask waited for input without a terminal");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "ask needs a terminal on standard input; run it in a terminal, or edit {} and use `aimscore assess`",
            file.display()
        )),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    assert!(!file.exists());
}

#[test]
fn a_hang_up_ends_ask_even_where_sighup_was_ignored_and_keeps_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hup.yaml");
    std::fs::write(&file, "aimscore: 1\norganization: Hup\n").unwrap();
    // Started with SIGHUP ignored (as some supervisors and scripts do): a closed terminal must
    // still end the session instead of leaving it spinning on a dead terminal.
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "trap '' HUP; exec \"$0\" ask \"$1\""])
        .arg(env!("CARGO_BIN_EXE_aimscore"))
        .arg(&file)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut s = Session::spawn(cmd).unwrap();
    assert_eq!(prompt_qid(&mut s), "4.1-1");
    send(&mut s, "y\r");
    expect(&mut s, "Evidence");
    s.get_process_mut().kill(Signal::SIGHUP).unwrap();
    let start = Instant::now();
    let status = loop {
        match s.get_process().status().unwrap() {
            WaitStatus::StillAlive if start.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(20));
            }
            WaitStatus::StillAlive => {
                s.get_process_mut().kill(Signal::SIGKILL).unwrap();
                panic!("ask kept running after a hang-up");
            }
            other => break other,
        }
    };
    assert!(
        matches!(status, WaitStatus::Signaled(_, Signal::SIGHUP, _)),
        "{status:?}"
    );
    assert_eq!(load(&file).answers["4.1-1"].value, AnswerValue::Yes);
}

/// A tiny deterministic generator for kill timings (no extra dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Kills `ask` on `file` with SIGKILL at random moments, `rounds` times; after each kill the
/// file must parse and hold every answer confirmed before it. Returns how many were confirmed.
fn kill_rounds(file: &Path, seed: u64, rounds: usize) -> usize {
    let f = file.to_str().unwrap();
    let mut rng = Rng(seed);
    // Question id → the evidence confirmed for it (None: only the answer was confirmed).
    let mut confirmed: Vec<(String, Option<String>)> = Vec::new();
    for round in 0..rounds {
        let mut s = spawn(&[f]);
        let pid = s.get_process().pid();
        // Kill after a random number of steps, a random few milliseconds after a keystroke,
        // so that many kills land while a save is being written.
        let steps = rng.next(9);
        let mut step = 0;
        'session: loop {
            let qid = prompt_qid(&mut s);
            for phase in 0..3 {
                let keys = match phase {
                    0 => "p\r".to_string(),
                    1 => format!("ev-{qid}-{round}\r"),
                    _ => "\x1b".to_string(),
                };
                send(&mut s, &keys);
                if step == steps {
                    std::thread::sleep(Duration::from_millis(rng.next(12)));
                    break 'session;
                }
                step += 1;
                match phase {
                    0 => {
                        expect(&mut s, "Evidence");
                        confirmed.retain(|(q, _)| q != &qid);
                        confirmed.push((qid.clone(), None));
                    }
                    1 => {
                        expect(&mut s, "Note:");
                        confirmed.retain(|(q, _)| q != &qid);
                        confirmed.push((qid.clone(), Some(format!("ev-{qid}-{round}"))));
                    }
                    _ => {
                        expect(&mut s, &format!("Saved {qid}"));
                    }
                }
            }
        }
        s.get_process_mut().kill(Signal::SIGKILL).unwrap();
        match s.get_process().wait().unwrap() {
            WaitStatus::Signaled(p, Signal::SIGKILL, _) if p == pid => {}
            other => panic!("round {round}: {other:?}"),
        }
        let a = load(file);
        for (qid, ev) in &confirmed {
            let got = a
                .answers
                .get(qid)
                .unwrap_or_else(|| panic!("round {round} (seed {seed}): {qid} lost"));
            assert_eq!(got.value, AnswerValue::Partial, "round {round}: {qid}");
            if let Some(ev) = ev {
                assert_eq!(got.evidence_refs(), [ev.as_str()], "round {round}: {qid}");
            }
        }
    }
    // The template's comments survived every save.
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains("# ===== A.10 "), "{text}");
    confirmed.len()
}

#[test]
fn sigkill_at_random_moments_never_loses_a_confirmed_answer_or_breaks_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::env::var("AIMSCORE_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x2545_f491_4f6c_dd1d_u64);
    // 30 kills in all: two files side by side, 15 rounds each, to keep the wall time down.
    let files: Vec<_> = (0..2)
        .map(|i| {
            let file = dir.path().join(format!("kill{i}.yaml"));
            AssertCommand::cargo_bin("aimscore")
                .unwrap()
                .args(["init", "--organization", "Kill", "-o"])
                .arg(&file)
                .assert()
                .success();
            file
        })
        .collect();
    let confirmed: usize = std::thread::scope(|sc| {
        let handles: Vec<_> = files
            .iter()
            .enumerate()
            .map(|(i, f)| sc.spawn(move || kill_rounds(f, seed + i as u64, 15)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert!(confirmed >= 5, "too few answers confirmed: {confirmed}");

    // A normal run afterwards clears the temporary files killed runs left behind (those whose
    // process is gone), and only those.
    let file = &files[0];
    let left = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with(".kill0.yaml.tmp-")
            })
            .count()
    };
    let dead = dir.path().join(".kill0.yaml.tmp-4000000000");
    std::fs::write(&dead, "half").unwrap();
    let alive = dir
        .path()
        .join(format!(".kill0.yaml.tmp-{}", std::process::id()));
    std::fs::write(&alive, "in use").unwrap();
    let mut s = spawn(&[file.to_str().unwrap()]);
    prompt_qid(&mut s);
    send(&mut s, "q\r");
    expect(&mut s, "Summary for Kill");
    assert_eq!(exit_code(&s), 0);
    assert!(
        alive.exists(),
        "a running process's temporary file was removed"
    );
    std::fs::remove_file(&alive).unwrap();
    assert_eq!(left(dir.path()), 0);
}
