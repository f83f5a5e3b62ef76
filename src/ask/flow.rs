//! The walk through the questions: the answer keys, each question shown, an answer recorded
//! with its follow-ups (evidence, owner, due date, justification) and saved at once.

use super::screen::{describe, say, wrap};
use super::{End, Prompter, Reply};
use crate::answers::{Answer, AnswerValue, Answers, edit, parse::is_date};
use crate::catalog::{Catalog, Kind, Question, Requirement};
use crate::error::{Error, Pos, Result};
use crate::read::Format;
use std::io::Write;
use std::path::Path;

/// What the person typed at the answer prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Command {
    Answer(AnswerValue),
    Keep,
    Skip,
    Back,
    Quit,
    Unknown,
}

pub(super) fn command(line: &str) -> Command {
    let t = line.trim().to_ascii_lowercase();
    match t.as_str() {
        "" => Command::Keep,
        "y" | "yes" => Command::Answer(AnswerValue::Yes),
        "p" | "partial" => Command::Answer(AnswerValue::Partial),
        "n" | "no" => Command::Answer(AnswerValue::No),
        "a" | "na" | "n/a" => Command::Answer(AnswerValue::Na),
        "s" | "skip" => Command::Skip,
        "b" | "back" => Command::Back,
        "q" | "quit" => Command::Quit,
        _ => match AnswerValue::parse(&t) {
            Some(v @ AnswerValue::Maturity(_)) => Command::Answer(v),
            _ => Command::Unknown,
        },
    }
}

/// A follow-up field after an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Evidence,
    Note,
    Owner,
    Due,
}

pub(super) struct Session<'a> {
    pub(super) path: &'a Path,
    pub(super) name: String,
    pub(super) format: Format,
    /// The catalog without profiles (the file's own apply when it is parsed).
    pub(super) catalog: &'a Catalog,
    /// The catalog with the profiles switched on.
    pub(super) active: &'a Catalog,
    pub(super) answers: Answers,
    /// (requirement, question) indexes into `active`, in the order asked.
    pub(super) walk: Vec<(usize, usize)>,
    pub(super) screen: &'a mut dyn Write,
    /// The width every line of the screen fits in (the terminal's; see
    /// [`super::screen::terminal_width`]).
    pub(super) width: usize,
}

impl Session<'_> {
    /// Shows a message, wrapped to the screen's width.
    pub(super) fn say(&mut self, msg: &str) -> Result<()> {
        say(self.screen, self.width, msg)
    }

    fn question(&self, i: usize) -> (&Requirement, &Question) {
        let (ri, qi) = self.walk[i];
        let r = &self.active.requirements[ri];
        (r, &r.questions[qi])
    }

    pub(super) fn first_unanswered(&mut self) -> usize {
        let i = (0..self.walk.len()).find(|&i| {
            let (_, q) = self.question(i);
            !self.answers.answers.contains_key(&q.id)
        });
        match i {
            Some(i) => {
                if i > 0 {
                    let qid = self.question(i).1.id.clone();
                    let _ = self.say(&format!(
                        "Resuming at {qid}, the first unanswered question (b goes back)."
                    ));
                }
                i
            }
            None => {
                let _ =
                    self.say("Every question here is answered; Enter keeps an answer, q quits.");
                0
            }
        }
    }

    pub(super) fn walk_from(&mut self, start: usize, p: &mut dyn Prompter) -> Result<End> {
        let mut i = start;
        // Set by `b`, so a waived question passed over keeps the direction of travel.
        let mut backward = false;
        while i < self.walk.len() {
            let (r, q) = self.question(i);
            let kind = self.active.section_of(r).kind;
            let qid = q.id.clone();
            // An answer under a waiver is passed over with a message, not asked: the approval
            // covers the answer as it stands, so changing it is a decision for the file's owner
            // (and no answer is confirmed that the session would then refuse to save).
            if let Some(w) = self.answers.meta.register.waivers.get(&qid) {
                let msg = format!(
                    "{qid} carries a waiver (approved by {}, until {}): ask leaves an answer under a waiver as it is; change it in the file if the approval allows.",
                    w.approved_by, w.expires
                );
                self.say(&msg)?;
                if backward && i > 0 {
                    i -= 1;
                } else {
                    backward = false;
                    i += 1;
                }
                continue;
            }
            self.show(i)?;
            backward = false;
            let current = self
                .answers
                .answers
                .get(&qid)
                .map(|a| format!("{} (Enter keeps it)", a.value.as_str()));
            let (help, choices) = if kind == Kind::Clause {
                (
                    "y yes · p partial · n no · 0-5 maturity · s or Esc skip · b back · q quit",
                    "y, p, n, a maturity 0-5, s, b or q",
                )
            } else {
                (
                    "y yes · p partial · n no · a na · 0-5 maturity · s or Esc skip · b back · q quit",
                    "y, p, n, a (na), a maturity 0-5, s, b or q",
                )
            };
            let message = format!("Answer {qid}:");
            loop {
                let placeholder = current.as_deref().unwrap_or("");
                let (line, cmd) = match p.prompt(&message, help, placeholder, "skipped (Esc)")? {
                    Reply::Line(l) => {
                        let cmd = command(&l);
                        (l, cmd)
                    }
                    // Esc skips the question, as `s` does (an answer it has is kept).
                    Reply::Escape => (String::new(), Command::Skip),
                    Reply::Interrupt => return Ok(End::Interrupted),
                };
                match cmd {
                    Command::Keep | Command::Skip => {
                        i += 1;
                        break;
                    }
                    Command::Back if i == 0 => {
                        self.say("This is the first question.")?;
                    }
                    Command::Back => {
                        i -= 1;
                        backward = true;
                        break;
                    }
                    Command::Quit => return Ok(End::Quit),
                    Command::Unknown => self.say(&format!(
                        "`{}` is not a choice: type {choices}, then Enter.",
                        line.trim()
                    ))?,
                    Command::Answer(AnswerValue::Na) if kind == Kind::Clause => self.say(
                        "na is refused: clause questions (4-10) are mandatory and cannot be excluded; answer y, p, n or 0-5.",
                    )?,
                    Command::Answer(v) => match self.record(&qid, v, p)? {
                        Some(End::Interrupted) => return Ok(End::Interrupted),
                        Some(_) => {
                            i += 1;
                            break;
                        }
                        // The na justification was cancelled: ask the question again.
                        None => {}
                    },
                }
            }
        }
        Ok(End::Done)
    }

    /// Records an answer and its follow-ups, saving after each change. `None` when an `na`
    /// was cancelled at its justification (nothing changed).
    fn record(&mut self, qid: &str, v: AnswerValue, p: &mut dyn Prompter) -> Result<Option<End>> {
        let old = self.answers.answers.get(qid).cloned();
        let mut a = match &old {
            Some(o) => Answer {
                value: v,
                ..o.clone()
            },
            None => Answer {
                value: v,
                evidence: Vec::new(),
                note: None,
                owner: None,
                due: None,
                justification: None,
                pos: Pos::default(),
            },
        };
        if v == AnswerValue::Na {
            let keep = a.justification.clone().unwrap_or_default();
            // The current justification, when there is one, is the placeholder Enter keeps;
            // without one, Enter alone asks again.
            let help = if keep.is_empty() {
                "required for na · Esc cancels the na"
            } else {
                "required for na · Enter keeps the one shown · Esc cancels the na"
            };
            loop {
                match p.prompt(
                    "Justification (why this control does not apply):",
                    help,
                    &keep,
                    "na cancelled (Esc)",
                )? {
                    Reply::Line(l) if !l.trim().is_empty() => {
                        a.justification = Some(l.trim().to_string());
                        break;
                    }
                    Reply::Line(_) if !keep.is_empty() => break,
                    Reply::Line(_) => {
                        self.say("A justification is required for na: write why this control does not apply, or Esc to cancel the na.")?;
                    }
                    Reply::Escape => {
                        self.say("na cancelled.")?;
                        return Ok(None);
                    }
                    Reply::Interrupt => return Ok(Some(End::Interrupted)),
                }
            }
            self.save(qid, &a)?;
            self.saved(qid)?;
            return Ok(Some(End::Done));
        }
        a.justification = None;
        self.save(qid, &a)?;
        for field in [Field::Evidence, Field::Note, Field::Owner, Field::Due] {
            match self.follow_up(field, &mut a, p)? {
                FollowUp::Changed => self.save(qid, &a)?,
                FollowUp::Kept => {}
                FollowUp::SkipRest => break,
                FollowUp::Interrupted => return Ok(Some(End::Interrupted)),
            }
        }
        self.saved(qid)?;
        if self
            .answers
            .answers
            .get(qid)
            .is_some_and(|a| a.value == AnswerValue::Yes && a.evidence.is_empty())
        {
            self.say(&unevidenced_yes(qid, &self.name))?;
        }
        Ok(Some(End::Done))
    }

    /// Asks one optional field: Enter keeps it, `-` clears it, Esc skips the remaining ones.
    fn follow_up(
        &mut self,
        field: Field,
        a: &mut Answer,
        p: &mut dyn Prompter,
    ) -> Result<FollowUp> {
        let (message, current) = match field {
            Field::Evidence => ("Evidence (comma-separated):", a.evidence_refs().join(", ")),
            Field::Note => ("Note:", a.note.clone().unwrap_or_default()),
            Field::Owner => ("Owner:", a.owner.clone().unwrap_or_default()),
            Field::Due => ("Due date (YYYY-MM-DD):", a.due.clone().unwrap_or_default()),
        };
        let help = match (field, current.is_empty()) {
            (_, true) => "optional · Enter leaves it empty · Esc skips the rest",
            (Field::Evidence, false) => {
                "optional · what you type is added · =a, b replaces the list · - clears · Enter keeps it · Esc skips the rest"
            }
            _ => "optional · Enter keeps the placeholder · - clears · Esc skips the rest",
        };
        loop {
            let line = match p.prompt(message, help, &current, "the rest skipped (Esc)")? {
                Reply::Line(l) => l,
                Reply::Escape => return Ok(FollowUp::SkipRest),
                Reply::Interrupt => return Ok(FollowUp::Interrupted),
            };
            let t = line.trim();
            if t.is_empty() {
                return Ok(FollowUp::Kept);
            }
            let clear = t == "-";
            match field {
                Field::Evidence => {
                    // Typed references add to the list (a file named twice is kept once);
                    // `=…` replaces the list, `-` clears it. A reference that stays keeps what
                    // `evidence lock` recorded about it (sha256, date, expires).
                    let (replace, items) = match t.strip_prefix('=') {
                        Some(rest) => (true, rest),
                        None => (clear, if clear { "" } else { t }),
                    };
                    let old = if replace {
                        std::mem::take(&mut a.evidence)
                    } else {
                        Vec::new()
                    };
                    let mut typed = Vec::new();
                    for e in items.split(',').map(str::trim).filter(|e| !e.is_empty()) {
                        if !a
                            .evidence
                            .iter()
                            .chain(&typed)
                            .any(|x: &crate::answers::Evidence| x.ref_ == e)
                        {
                            typed.push(crate::answers::Evidence::new(e));
                        }
                    }
                    a.evidence
                        .extend(crate::answers::evidence::carry_over(&old, typed));
                }
                Field::Note => a.note = (!clear).then(|| t.to_string()),
                Field::Owner => a.owner = (!clear).then(|| t.to_string()),
                Field::Due if clear => a.due = None,
                Field::Due if is_date(t) => a.due = Some(t.to_string()),
                Field::Due => {
                    self.say(&format!(
                        "`{t}` is not a date; write YYYY-MM-DD, e.g. 2027-01-31."
                    ))?;
                    continue;
                }
            }
            return Ok(FollowUp::Changed);
        }
    }

    /// Saves one answer: re-reads the file, edits its text, checks the result parses to exactly
    /// the intended answers, and replaces the file atomically (see [`super::save_edit`]).
    fn save(&mut self, qid: &str, a: &Answer) -> Result<()> {
        let (name, format, catalog) = (&self.name, self.format, self.catalog);
        let e = super::save_edit(self.path, &|text| {
            edit::set_answer(name, text, format, catalog, qid, a)
        })?;
        self.answers = e.answers;
        Ok(())
    }

    fn saved(&mut self, qid: &str) -> Result<()> {
        let line = match self.answers.answers.get(qid) {
            Some(a) => format!("Saved {qid}: {}", describe(a)),
            None => format!("Saved {qid}."),
        };
        self.say(&line)
    }

    /// The question screen: progress, section, requirement, question, intent, evidence, answer.
    fn show(&mut self, i: usize) -> Result<()> {
        let (r, q) = self.question(i);
        let sec = self.active.section_of(r);
        let all: Vec<&str> = self
            .active
            .questions()
            .map(|(_, q)| q.id.as_str())
            .collect();
        let answered = all
            .iter()
            .filter(|id| self.answers.answers.contains_key(**id))
            .count();
        let in_sec: Vec<&str> = self
            .active
            .requirements
            .iter()
            .filter(|x| x.section == sec.id)
            .flat_map(|x| x.questions.iter().map(|q| q.id.as_str()))
            .collect();
        let sec_answered = in_sec
            .iter()
            .filter(|id| self.answers.answers.contains_key(**id))
            .count();
        // Every line fits the screen's width: long ones wrap, continuation lines indented.
        let w = self.width;
        let mut s = String::new();
        s.push('\n');
        s.push_str(&"─".repeat(w));
        s.push('\n');
        let progress = format!(
            "Progress: {answered}/{} answered · section {}: {sec_answered}/{} · question {} of {} in this walk",
            all.len(),
            sec.id,
            in_sec.len(),
            i + 1,
            self.walk.len()
        );
        wrap(&mut s, w, "", "  ", &progress);
        wrap(
            &mut s,
            w,
            "",
            "  ",
            &format!("Section {} {}", sec.id, sec.title),
        );
        wrap(
            &mut s,
            w,
            "",
            "  ",
            &format!("Requirement {} {}", r.id, r.title),
        );
        let mut tags = format!("weight {} · stage {}", q.weight, q.stage);
        if q.blocker {
            tags.push_str(" · Stage 1 blocker");
        }
        if let Some(pr) = &q.profile {
            tags.push_str(&format!(" · profile {pr}"));
        }
        if sec.kind == Kind::Clause {
            tags.push_str(" · clause (na not allowed)");
        }
        wrap(&mut s, w, "", "  ", &format!("Question {} ({tags})", q.id));
        wrap(&mut s, w, "  ", "  ", &q.text);
        wrap(&mut s, w, "Intent: ", "  ", &r.intent);
        s.push_str("Evidence that fits:\n");
        for e in &r.evidence {
            wrap(&mut s, w, "  - ", "    ", e);
        }
        match self.answers.answers.get(&q.id) {
            Some(a) => wrap(&mut s, w, "Current answer: ", "  ", &describe(a)),
            None => s.push_str("Current answer: none (unanswered)\n"),
        }
        self.screen
            .write_all(s.as_bytes())
            .map_err(|e| Error::io(Path::new("<terminal>"), "cannot write", e))
    }
}

/// What a follow-up prompt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FollowUp {
    Changed,
    Kept,
    SkipRest,
    Interrupted,
}

/// What the screen says after a `yes` saved without evidence: how it scores (see
/// [`crate::scoring::question_score`]) and how to add the evidence.
fn unevidenced_yes(qid: &str, file: &str) -> String {
    format!(
        "{qid} is a yes without evidence: it scores 0.5 (as partial does), not 1, and the fix-list \
         asks for the evidence, unless claims are trusted (`aimscore assess --trust-claims`). To \
         add evidence, go back to {qid} (b) and answer y again, then name the documents at \
         Evidence; or add an `evidence` list to {qid} in {file}."
    )
}
