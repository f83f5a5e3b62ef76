//! `aimscore ask FILE`: the interactive questionnaire for a workshop.
//!
//! Walks the questions in catalog order (or one section, or only the unanswered ones), starting
//! at the first unanswered question, and saves every answer at once: a text-level edit of the
//! file ([`crate::answers::edit`], comments kept) written atomically (temporary file, then
//! rename), so an interrupt at any moment loses no answer already given and never leaves a
//! half-written file. Ends with a one-screen summary. Needs a terminal on standard input.
//!
//! Keys at the answer prompt (then Enter): `y` yes, `p` partial, `n` no, `a` na, `0`–`5` a
//! maturity level, `s` skip, `b` back, `q` quit; Enter alone keeps the current answer and
//! moves on. Ctrl-C ends with exit code 130.

use crate::answers::template::{self, TemplateFormat};
use crate::answers::{self, Answer, AnswerValue, Answers, edit, parse::is_date};
use crate::catalog::{Catalog, Kind, Question, Requirement};
use crate::error::{EXIT_OK, Error, Pos, Result, suggest};
use crate::read::{self, Format};
use crate::{documents, scoring};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit code after Ctrl-C (or a closed terminal): 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// Width the question text is wrapped to.
const WIDTH: usize = 88;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answers file; created from the template when missing (YAML, or TOML/JSON by
    /// extension). Every answer is saved to it at once.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Ask only the questions of one section (a clause `4`..`10` or an objective `A.2`..`A.10`).
    #[arg(long, value_name = "ID")]
    pub section: Option<String>,
    /// Ask only the questions that have no answer yet.
    #[arg(long)]
    pub unanswered: bool,
    /// Switch on a profile of extra questions (repeatable); it is added to the file's `profiles`.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

/// What the person did at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A line, submitted with Enter (possibly empty).
    Line(String),
    /// Esc.
    Escape,
    /// Ctrl-C, or the terminal went away.
    Interrupt,
}

/// Asks for one line. The terminal implementation uses `inquire`; tests use a script.
pub trait Prompter {
    fn prompt(&mut self, message: &str, help: &str, placeholder: &str) -> Result<Reply>;
}

/// Prompts on the terminal with `inquire` (raw mode: Ctrl-C arrives as a key, not a signal).
struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn prompt(&mut self, message: &str, help: &str, placeholder: &str) -> Result<Reply> {
        let mut t = inquire::Text::new(message);
        if !help.is_empty() {
            t = t.with_help_message(help);
        }
        if !placeholder.is_empty() {
            t = t.with_placeholder(placeholder);
        }
        match t.prompt() {
            Ok(s) => Ok(Reply::Line(s)),
            Err(inquire::InquireError::OperationCanceled) => Ok(Reply::Escape),
            Err(inquire::InquireError::NotTTY) => Err(no_terminal(None)),
            // Ctrl-C, or reading the terminal failed (it was closed): stop, all is saved.
            Err(_) => Ok(Reply::Interrupt),
        }
    }
}

fn no_terminal(file: Option<&Path>) -> Error {
    let file = file.map_or_else(|| "FILE".to_string(), |f| f.display().to_string());
    Error::Usage(format!(
        "ask needs a terminal on standard input; run it in a terminal, or edit {file} and use \
         `aimscore assess`"
    ))
}

pub fn run(args: Args) -> Result<u8> {
    if !std::io::stdin().is_terminal() {
        return Err(no_terminal(Some(&args.file)));
    }
    // A closed terminal sends SIGHUP, whose default action ends the process (every answer is
    // already saved). Where SIGHUP was ignored by whoever started us, the prompt library would
    // spin on the dead terminal forever: restore the default action for the session.
    #[cfg(unix)]
    let _ = signal_hook::flag::register_conditional_default(
        signal_hook::consts::SIGHUP,
        std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true)),
    );
    let mut screen = std::io::stderr();
    let mut summary = Vec::new();
    let code = session(&args, &mut TerminalPrompter, &mut screen, &mut summary)?;
    crate::output::emit(None, &summary)?;
    Ok(code)
}

/// How a walk through the questions ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Done,
    Quit,
    Interrupted,
}

/// The whole `ask` run once a terminal is known to be there: prompts through `p`, shows
/// questions on `screen`, writes the closing summary to `summary`. Returns the exit code.
pub fn session(
    args: &Args,
    p: &mut dyn Prompter,
    screen: &mut dyn Write,
    summary: &mut dyn Write,
) -> Result<u8> {
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    let section = match &args.section {
        Some(s) => Some(section_id(&catalog, s)?),
        None => None,
    };
    let path = args.file.as_path();
    let name = path.display().to_string();
    let format = Format::from_path(path);
    if !path.exists() {
        match create(path, format, &catalog, &args.profiles, p, screen)? {
            End::Done => {}
            End::Quit => return Ok(EXIT_OK),
            End::Interrupted => return Ok(EXIT_INTERRUPTED),
        }
    }
    remove_stale_temporaries(path);
    let (mut current, active) = answers::load(path, &catalog, &args.profiles)?;
    // Profiles asked for on the command line go into the file, so that it stands alone.
    let text = read::read_text(path)?;
    let own = if args.profiles.is_empty() {
        Some(current.meta.profiles.clone())
    } else {
        answers::parse_text(&name, &text, format, &catalog, &[])
            .map(|(a, _)| a.meta.profiles)
            .ok()
    };
    if own.as_ref() != Some(&active.active_profiles) {
        let e = edit::set_profiles(&name, &text, format, &catalog, &args.profiles)?;
        crate::output::write_atomic(path, e.text.as_bytes())?;
        current = e.answers;
        say(
            screen,
            &format!(
                "Added profiles [{}] to {name}.",
                active.active_profiles.join(", ")
            ),
        )?;
    }

    let walk: Vec<(usize, usize)> = active
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, r)| section.as_ref().is_none_or(|s| &r.section == s))
        .flat_map(|(ri, r)| (0..r.questions.len()).map(move |qi| (ri, qi)))
        .filter(|&(ri, qi)| {
            !args.unanswered
                || !current
                    .answers
                    .contains_key(&active.requirements[ri].questions[qi].id)
        })
        .collect();
    let mut s = Session {
        path,
        name: name.clone(),
        format,
        catalog: &catalog,
        active: &active,
        answers: current,
        walk,
        screen,
    };
    let end = if s.walk.is_empty() {
        say(
            s.screen,
            "Nothing to ask: every question in this selection is answered.",
        )?;
        End::Done
    } else {
        let start = s.first_unanswered();
        s.walk_from(start, p)?
    };
    if end == End::Interrupted {
        say(
            s.screen,
            &format!("\nInterrupted. Every answer given so far is saved in {name}."),
        )?;
        return Ok(EXIT_INTERRUPTED);
    }
    write_summary(&active, &s.answers, &name, summary)?;
    Ok(EXIT_OK)
}

/// Removes the temporary files that killed runs left next to `path` (`.NAME.tmp-PID`, see
/// [`crate::output::write_atomic`]), where the process that wrote one is known to be gone.
/// Only where `/proc` tells which processes run; elsewhere nothing is removed.
fn remove_stale_temporaries(path: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let (Some(dir), Some(base)) = (path.parent(), path.file_name()) else {
        return;
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let prefix = format!(".{}.tmp-", base.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix(&prefix) else {
            continue;
        };
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if !Path::new("/proc").join(pid).exists() && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Resolves `--section` (case-insensitive), suggesting the closest id when unknown.
fn section_id(catalog: &Catalog, wanted: &str) -> Result<String> {
    if let Some(s) = catalog
        .sections
        .iter()
        .find(|s| s.id.eq_ignore_ascii_case(wanted.trim()))
    {
        return Ok(s.id.clone());
    }
    let ids: Vec<&str> = catalog.sections.iter().map(|s| s.id.as_str()).collect();
    let mut msg = format!(
        "unknown section `{wanted}`; sections are {}",
        ids.join(", ")
    );
    if let Some(s) = suggest(wanted, ids.iter().copied()) {
        msg.push_str(&format!(" (did you mean `{s}`?)"));
    }
    Err(Error::Usage(msg))
}

/// Creates a missing answers file from the template, asking for the organization's name.
fn create(
    path: &Path,
    format: Format,
    catalog: &Catalog,
    profiles: &[String],
    p: &mut dyn Prompter,
    screen: &mut dyn Write,
) -> Result<End> {
    let cat = catalog.with_profiles(profiles).map_err(Error::Usage)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(Error::Usage(format!(
            "{}: the directory {} does not exist; create it first",
            path.display(),
            dir.display()
        )));
    }
    say(
        screen,
        &format!(
            "{} does not exist yet; it will be created from the template.",
            path.display()
        ),
    )?;
    let org = match p.prompt(
        "Organization being assessed:",
        "Enter keeps the placeholder",
        "Unnamed organization",
    )? {
        Reply::Line(s) if !s.trim().is_empty() => s.trim().to_string(),
        Reply::Line(_) => "Unnamed organization".to_string(),
        Reply::Escape => return Ok(End::Quit),
        Reply::Interrupt => return Ok(End::Interrupted),
    };
    let text = match format {
        Format::Yaml => template::render(&cat, TemplateFormat::Yaml, &org),
        Format::Toml => template::render(&cat, TemplateFormat::Toml, &org),
        Format::Json => {
            let mut m = serde_json::Map::new();
            m.insert("aimscore".into(), serde_json::Value::from(1));
            m.insert("organization".into(), serde_json::Value::from(org));
            if !cat.active_profiles.is_empty() {
                m.insert(
                    "profiles".into(),
                    serde_json::Value::from(cat.active_profiles.clone()),
                );
            }
            m.insert(
                "answers".into(),
                serde_json::Value::Object(serde_json::Map::new()),
            );
            let mut s = serde_json::to_string_pretty(&serde_json::Value::Object(m))
                .map_err(|e| Error::Usage(format!("internal error: {e}")))?;
            s.push('\n');
            s
        }
    };
    crate::output::write_atomic(path, text.as_bytes())?;
    say(screen, &format!("Created {}.", path.display()))?;
    Ok(End::Done)
}

/// What the person typed at the answer prompt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Command {
    Answer(AnswerValue),
    Keep,
    Skip,
    Back,
    Quit,
    Unknown,
}

fn command(line: &str) -> Command {
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

struct Session<'a> {
    path: &'a Path,
    name: String,
    format: Format,
    /// The catalog without profiles (the file's own apply when it is parsed).
    catalog: &'a Catalog,
    /// The catalog with the profiles switched on.
    active: &'a Catalog,
    answers: Answers,
    /// (requirement, question) indexes into `active`, in the order asked.
    walk: Vec<(usize, usize)>,
    screen: &'a mut dyn Write,
}

impl Session<'_> {
    fn question(&self, i: usize) -> (&Requirement, &Question) {
        let (ri, qi) = self.walk[i];
        let r = &self.active.requirements[ri];
        (r, &r.questions[qi])
    }

    fn first_unanswered(&mut self) -> usize {
        let i = (0..self.walk.len()).find(|&i| {
            let (_, q) = self.question(i);
            !self.answers.answers.contains_key(&q.id)
        });
        match i {
            Some(i) => {
                if i > 0 {
                    let qid = self.question(i).1.id.clone();
                    let _ = say(
                        self.screen,
                        &format!("Resuming at {qid}, the first unanswered question (b goes back)."),
                    );
                }
                i
            }
            None => {
                let _ = say(
                    self.screen,
                    "Every question here is answered; Enter keeps an answer, q quits.",
                );
                0
            }
        }
    }

    fn walk_from(&mut self, start: usize, p: &mut dyn Prompter) -> Result<End> {
        let mut i = start;
        while i < self.walk.len() {
            self.show(i)?;
            let (r, q) = self.question(i);
            let kind = self.active.section_of(r).kind;
            let qid = q.id.clone();
            let current = self
                .answers
                .answers
                .get(&qid)
                .map(|a| format!("{} (Enter keeps it)", a.value.as_str()));
            let help = if kind == Kind::Clause {
                "y yes · p partial · n no · 0-5 maturity · s skip · b back · q quit"
            } else {
                "y yes · p partial · n no · a na · 0-5 maturity · s skip · b back · q quit"
            };
            let message = format!("Answer {qid}:");
            loop {
                let line = match p.prompt(&message, help, current.as_deref().unwrap_or(""))? {
                    Reply::Line(l) => l,
                    Reply::Escape => return Ok(End::Quit),
                    Reply::Interrupt => return Ok(End::Interrupted),
                };
                match command(&line) {
                    Command::Keep | Command::Skip => {
                        i += 1;
                        break;
                    }
                    Command::Back if i == 0 => {
                        say(self.screen, "This is the first question.")?;
                    }
                    Command::Back => {
                        i -= 1;
                        break;
                    }
                    Command::Quit => return Ok(End::Quit),
                    Command::Unknown => say(
                        self.screen,
                        &format!(
                            "`{}` is not a choice: type y, p, n, a (na), a maturity 0-5, s, b or q, then Enter.",
                            line.trim()
                        ),
                    )?,
                    Command::Answer(AnswerValue::Na) if kind == Kind::Clause => say(
                        self.screen,
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
            loop {
                match p.prompt(
                    "Justification (why this control does not apply):",
                    "required for na · Enter keeps the placeholder · Esc cancels",
                    &keep,
                )? {
                    Reply::Line(l) if !l.trim().is_empty() => {
                        a.justification = Some(l.trim().to_string());
                        break;
                    }
                    Reply::Line(_) if !keep.is_empty() => break,
                    Reply::Line(_) => {
                        say(self.screen, "A justification is required for na.")?;
                    }
                    Reply::Escape => {
                        say(self.screen, "na cancelled.")?;
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
            Field::Evidence => ("Evidence (comma-separated):", a.evidence.join(", ")),
            Field::Note => ("Note:", a.note.clone().unwrap_or_default()),
            Field::Owner => ("Owner:", a.owner.clone().unwrap_or_default()),
            Field::Due => ("Due date (YYYY-MM-DD):", a.due.clone().unwrap_or_default()),
        };
        let help = if current.is_empty() {
            "optional · Enter leaves it empty · Esc skips the rest"
        } else {
            "optional · Enter keeps the placeholder · - clears · Esc skips the rest"
        };
        loop {
            let line = match p.prompt(message, help, &current)? {
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
                    a.evidence = if clear {
                        Vec::new()
                    } else {
                        t.split(',')
                            .map(str::trim)
                            .filter(|e| !e.is_empty())
                            .map(str::to_string)
                            .collect()
                    }
                }
                Field::Note => a.note = (!clear).then(|| t.to_string()),
                Field::Owner => a.owner = (!clear).then(|| t.to_string()),
                Field::Due if clear => a.due = None,
                Field::Due if is_date(t) => a.due = Some(t.to_string()),
                Field::Due => {
                    say(
                        self.screen,
                        &format!("`{t}` is not a date; write YYYY-MM-DD, e.g. 2027-01-31."),
                    )?;
                    continue;
                }
            }
            return Ok(FollowUp::Changed);
        }
    }

    /// Saves one answer: re-reads the file, edits its text, checks the result parses to exactly
    /// the intended answers, and replaces the file atomically.
    fn save(&mut self, qid: &str, a: &Answer) -> Result<()> {
        let text = read::read_text(self.path)?;
        let e = edit::set_answer(&self.name, &text, self.format, self.catalog, qid, a)?;
        crate::output::write_atomic(self.path, e.text.as_bytes())?;
        self.answers = e.answers;
        Ok(())
    }

    fn saved(&mut self, qid: &str) -> Result<()> {
        let line = match self.answers.answers.get(qid) {
            Some(a) => format!("Saved {qid}: {}", describe(a)),
            None => format!("Saved {qid}."),
        };
        say(self.screen, &line)
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
        let mut s = String::new();
        s.push('\n');
        s.push_str(&"─".repeat(WIDTH));
        s.push('\n');
        s.push_str(&format!(
            "Progress: {answered}/{} answered · section {}: {sec_answered}/{} · question {} of {} in this walk\n",
            all.len(),
            sec.id,
            in_sec.len(),
            i + 1,
            self.walk.len()
        ));
        s.push_str(&format!("Section {} {}\n", sec.id, sec.title));
        s.push_str(&format!("Requirement {} {}\n", r.id, r.title));
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
        s.push_str(&format!("Question {} ({tags})\n", q.id));
        wrap(&mut s, "  ", "  ", &q.text);
        wrap(&mut s, "Intent: ", "  ", &r.intent);
        s.push_str("Evidence that fits:\n");
        for e in &r.evidence {
            wrap(&mut s, "  - ", "    ", e);
        }
        match self.answers.answers.get(&q.id) {
            Some(a) => wrap(&mut s, "Current answer: ", "  ", &describe(a)),
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

/// An answer in one line: `yes · evidence: a, b · owner: CISO · due: 2027-01-31`.
fn describe(a: &Answer) -> String {
    let mut s = match a.value {
        AnswerValue::Maturity(m) => format!("maturity {m}"),
        v => v.as_str(),
    };
    if !a.evidence.is_empty() {
        s.push_str(&format!(" · evidence: {}", a.evidence.join(", ")));
    }
    for (k, v) in [
        ("justification", &a.justification),
        ("note", &a.note),
        ("owner", &a.owner),
        ("due", &a.due),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(" · {k}: {v}"));
        }
    }
    s
}

/// Appends `text` wrapped to [`WIDTH`], the first line after `first`, the others after `rest`.
fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

fn say(screen: &mut dyn Write, msg: &str) -> Result<()> {
    writeln!(screen, "{msg}").map_err(|e| Error::io(Path::new("<terminal>"), "cannot write", e))
}

/// The closing one-screen summary: score, band, readiness and the top five fixes.
fn write_summary(active: &Catalog, a: &Answers, name: &str, out: &mut dyn Write) -> Result<()> {
    let assessment = scoring::assess(active, a, scoring::Options::default());
    let r = documents::build(active, a, &assessment, Some(5));
    let score = |s: Option<f64>, b: &Option<String>| match (s, b) {
        (Some(s), Some(b)) => format!("{s:.1} ({b})"),
        (Some(s), None) => format!("{s:.1}"),
        _ => "n/a".to_string(),
    };
    let mut s = String::new();
    s.push_str(&format!("\nSummary for {} ({name})\n", r.organization));
    s.push_str(&format!(
        "  Overall {} · completeness {:.1}% ({} of {} questions answered)\n",
        score(r.overall.score, &r.overall.band),
        r.overall.completeness,
        r.overall.answered,
        r.overall.questions
    ));
    s.push_str(&format!(
        "  Management system (clauses 4-10) {} · Annex A {}\n",
        score(r.management_system.score, &r.management_system.band),
        score(r.annex_a.score, &r.annex_a.band)
    ));
    if r.stage1.ready {
        s.push_str("  Stage 1 (documentation): ready\n");
    } else {
        let n = r.stage1.blockers.len();
        let shown: Vec<&str> = r
            .stage1
            .blockers
            .iter()
            .take(6)
            .map(String::as_str)
            .collect();
        let more = if n > shown.len() { ", …" } else { "" };
        s.push_str(&format!(
            "  Stage 1 (documentation): not ready, {n} blocker question{} not met ({}{more})\n",
            if n == 1 { "" } else { "s" },
            shown.join(", ")
        ));
    }
    s.push_str(&format!(
        "  Stage 2 (operation): {}\n",
        if r.stage2.ready { "ready" } else { "not ready" }
    ));
    if r.fixes.is_empty() {
        s.push_str("  No fixes: every applicable question scores 1.\n");
    } else {
        s.push_str(&format!(
            "  Top {} of {} fixes:\n",
            r.fixes.len(),
            r.fixes_total
        ));
        for f in &r.fixes {
            let head = format!(
                "  {:>2}. {} {} {} ({}): ",
                f.rank, f.priority, f.question, f.title, f.answer
            );
            let room = (WIDTH + 8).saturating_sub(head.chars().count()).max(20);
            let mut action: String = f.action.chars().take(room).collect();
            if action.chars().count() < f.action.chars().count() {
                action.pop();
                action.push('…');
            }
            s.push_str(&head);
            s.push_str(&action);
            s.push('\n');
        }
    }
    let open = r.overall.questions.saturating_sub(r.overall.answered);
    if open > 0 {
        s.push_str(&format!(
            "  {open} question{} still unanswered: aimscore ask {name} --unanswered\n",
            if open == 1 { "" } else { "s" }
        ));
    }
    s.push_str(&format!(
        "  Full report: aimscore assess {name}. A self-assessment for guidance, not a certification.\n"
    ));
    out.write_all(s.as_bytes()).map_err(crate::render::io_err)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn args(file: &Path) -> Args {
        Args {
            file: file.to_path_buf(),
            section: None,
            unanswered: false,
            profiles: Vec::new(),
            catalog: None,
        }
    }

    /// Runs a session; returns the exit code, the screen and the summary.
    fn run_script(a: &Args, p: &mut Script) -> (u8, String, String) {
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
                "Answer 4.2-1:"
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
        std::fs::write(&file, "aimscore = 1\norganization = \"A\"\n")
            .unwrap_or_else(|e| panic!("{e}"));
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
}
