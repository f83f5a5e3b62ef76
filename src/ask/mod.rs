//! The interactive questionnaire for a workshop (`aimscore ask FILE`): the session (this file),
//! its flow through the questions ([`flow`]) and what it shows ([`screen`]). It sits on top of
//! [`crate::answers::edit`] and never reaches into `cli`.
//!
//! Walks the questions in catalog order (or one section, or only the unanswered ones), starting
//! at the first unanswered question, and saves every answer at once: a text-level edit of the
//! file ([`crate::answers::edit`], comments kept) written atomically (temporary file, then
//! rename), so an interrupt at any moment loses no answer already given and never leaves a
//! half-written file. Ends with a one-screen summary. Needs a terminal on standard input.
//!
//! Keys at the answer prompt (then Enter): `y` yes, `p` partial, `n` no, `a` na, `0`–`5` a
//! maturity level, `s` skip, `b` back, `q` quit; Enter alone keeps the current answer and
//! moves on. Esc skips the question as `s` does; at a follow-up it skips the remaining ones, at
//! the na justification it cancels the na. Ctrl-C ends with exit code 130.
//!
//! Every line of the screens fits the width of the terminal on standard error
//! ([`screen::terminal_width`]).

use crate::answers::template::{self, TemplateFormat};
use crate::answers::{self, edit};
use crate::catalog::Catalog;
use crate::error::{EXIT_OK, Error, Result, suggest};
use crate::read::{self, Format};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit code after Ctrl-C (or a closed terminal): 128 + SIGINT, as shells report it.
pub const EXIT_INTERRUPTED: u8 = 130;

/// What a session asks and where it saves (the `ask` command's arguments).
mod flow;
mod screen;

use flow::Session;
use screen::{say, terminal_width, write_summary};
#[cfg(test)]
mod tests;

#[derive(Debug, Clone)]
pub struct Options {
    /// The answers file; created from the template when missing. Every answer is saved to it.
    pub file: PathBuf,
    /// Only the questions of one section (a clause `4`..`10` or an objective `A.2`..`A.10`).
    pub section: Option<String>,
    /// Only the questions that have no answer yet.
    pub unanswered: bool,
    /// Profiles to switch on; they are added to the file's `profiles`.
    pub profiles: Vec<String>,
    /// The catalog directory instead of the bundled catalog.
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
    /// Asks `message`, with a `help` line and a `placeholder` shown while nothing is typed (not
    /// a default: Enter submits an empty line). `esc` says what Esc does at this prompt; it
    /// stands after the prompt once Esc was pressed.
    fn prompt(&mut self, message: &str, help: &str, placeholder: &str, esc: &str) -> Result<Reply>;
}

/// Prompts on the terminal with `inquire` (raw mode: Ctrl-C arrives as a key, not a signal).
struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn prompt(&mut self, message: &str, help: &str, placeholder: &str, esc: &str) -> Result<Reply> {
        let (message, help, placeholder) = (
            crate::terminal::clean(message),
            crate::terminal::clean(help),
            crate::terminal::clean(placeholder),
        );
        // What Esc did, in place of inquire's `<canceled>` (Esc does not cancel the session).
        // The default configuration honours NO_COLOR.
        let config = inquire::ui::RenderConfig::default()
            .with_canceled_prompt_indicator(inquire::ui::Styled::new(esc));
        let mut t = inquire::Text::new(&message).with_render_config(config);
        if !help.is_empty() {
            t = t.with_help_message(&help);
        }
        if !placeholder.is_empty() {
            t = t.with_placeholder(&placeholder);
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

pub fn run(args: &Options) -> Result<u8> {
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
    // Question, intent, evidence and answers are user or catalog text: the one sanitizer
    // cleans every screen and the summary.
    let mut screen = crate::terminal::CleanWriter(std::io::stderr());
    let mut summary = crate::terminal::CleanWriter(Vec::new());
    let width = terminal_width();
    let code = session(
        args,
        &mut TerminalPrompter,
        &mut screen,
        width,
        &mut summary,
    )?;
    crate::output::emit(None, &summary.0)?;
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
/// questions on `screen` and writes the closing summary to `summary`, every line fitted to
/// `width` columns. Returns the exit code.
pub fn session(
    args: &Options,
    p: &mut dyn Prompter,
    screen: &mut dyn Write,
    width: usize,
    summary: &mut dyn Write,
) -> Result<u8> {
    // A workbook is collected from people and imported, not edited here.
    let zip = std::fs::File::open(&args.file)
        .and_then(|mut f| {
            let mut magic = [0u8; 4];
            std::io::Read::read_exact(&mut f, &mut magic).map(|()| magic)
        })
        .is_ok_and(|m| m == *b"PK\x03\x04");
    if zip || crate::answers::workbook::is_workbook_path(&args.file) {
        return Err(Error::Usage(format!(
            "{}: is a spreadsheet questionnaire; ask edits YAML, TOML or JSON answers files. Import it first (aimscore import {} -o answers.yaml), then run ask on that file",
            args.file.display(),
            args.file.display()
        )));
    }
    // One session per file: a second one would save over this one's answers.
    let _lock = crate::output::EditLock::acquire(&args.file)?;
    locked_session(args, p, screen, width, summary)
}

/// [`session`] once the file's edit lock is held.
/// Long on purpose: the session's order (load, profile fix-up, walk, interruption, summary) is the contract with the person at the terminal, kept in one sequence.
fn locked_session(
    args: &Options,
    p: &mut dyn Prompter,
    screen: &mut dyn Write,
    width: usize,
    summary: &mut dyn Write,
) -> Result<u8> {
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    let section = match &args.section {
        Some(s) => Some(section_id(&catalog, s)?),
        None => None,
    };
    let path = args.file.as_path();
    let name = path.display().to_string();
    let format = Format::from_path(path);
    if !path.exists() {
        match create(path, format, &catalog, &args.profiles, p, screen, width)? {
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
        let e = save_edit(path, &|text| {
            edit::set_profiles(&name, text, format, &catalog, &args.profiles)
        })?;
        current = e.answers;
        say(
            screen,
            width,
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
            current.meta.tier == answers::Tier::Full
                || active.requirements[ri].questions[qi].snapshot
        })
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
        width,
    };
    let end = if s.walk.is_empty() {
        s.say("Nothing to ask: every question in this selection is answered.")?;
        End::Done
    } else {
        let start = s.first_unanswered();
        s.walk_from(start, p)?
    };
    if end == End::Interrupted {
        s.say(&format!(
            "\nInterrupted. Every answer given so far is saved in {name}."
        ))?;
        return Ok(EXIT_INTERRUPTED);
    }
    if end == End::Done && s.answers.meta.tier == answers::Tier::Snapshot {
        return continue_to_full(args, p, s.screen, width, summary);
    }
    write_summary(&active, &s.answers, &name, width, summary)?;
    Ok(EXIT_OK)
}

/// At the end of a snapshot: offer the full questionnaire. On yes the file says `tier: full`
/// (every snapshot answer kept) and the session goes on with the questions not yet answered.
fn continue_to_full(
    args: &Options,
    p: &mut dyn Prompter,
    screen: &mut dyn Write,
    width: usize,
    summary: &mut dyn Write,
) -> Result<u8> {
    let path = args.file.as_path();
    let name = path.display().to_string();
    say(
        screen,
        width,
        "\nThe snapshot is complete. It gives an indicative score and no readiness verdict.",
    )?;
    let reply = p.prompt(
        "Continue into the full questionnaire? (y/N)",
        "y: the file becomes `tier: full` and every snapshot answer is kept · Enter or Esc: no",
        "",
        "no (Esc)",
    )?;
    let yes = matches!(&reply, Reply::Line(l) if l.trim().eq_ignore_ascii_case("y") || l.trim().eq_ignore_ascii_case("yes"));
    if reply == Reply::Interrupt {
        return Ok(EXIT_INTERRUPTED);
    }
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    if !yes {
        let (current, active) = answers::load(path, &catalog, &args.profiles)?;
        write_summary(&active, &current, &name, width, summary)?;
        return Ok(EXIT_OK);
    }
    let e = save_edit(path, &|text| {
        edit::set_tier_full(&name, text, Format::from_path(path), &catalog)
    })?;
    drop(e);
    say(screen, width, &format!("{name} now says `tier: full`."))?;
    locked_session(args, p, screen, width, summary)
}

/// Saves an edit of the answers file at `path`: applies `edit` to the file's current text and
/// replaces the file only if nobody changed it in between (an editor, a script); if someone did,
/// the edit is applied again to what they wrote, so neither their change nor this answer is
/// lost. A UTF-8 byte order mark the file starts with is kept.
pub(crate) fn save_edit(
    path: &Path,
    edit: &dyn Fn(&str) -> Result<edit::Edited>,
) -> Result<edit::Edited> {
    for _ in 0..10 {
        let (text, bom) = read::read_text_bom(path)?;
        let e = edit(&text)?;
        let mut bytes = Vec::with_capacity(e.text.len() + 3);
        if bom {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(e.text.as_bytes());
        let unchanged = || read::read_text_bom(path).is_ok_and(|now| now == (text.clone(), bom));
        if crate::output::replace_edited_if(path, &bytes, &unchanged)? {
            return Ok(e);
        }
    }
    Err(Error::Usage(format!(
        "{}: the file kept changing while this answer was being saved (another program is \
         writing it); the answer was not saved. Stop the other program and answer again",
        path.display()
    )))
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

/// Creates a missing answers file from the template, asking for the organization's name, then
/// the scope, the assessor and the assessment date (each optional: Enter leaves it out, Esc
/// leaves out the rest). Esc at the organization creates nothing.
fn create(
    path: &Path,
    format: Format,
    catalog: &Catalog,
    profiles: &[String],
    p: &mut dyn Prompter,
    screen: &mut dyn Write,
    width: usize,
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
        width,
        &format!(
            "{} does not exist yet; it will be created from the template.",
            path.display()
        ),
    )?;
    let organization = match p.prompt(
        "Organization being assessed:",
        "Enter keeps the placeholder · Esc creates no file",
        "Unnamed organization",
        "no file created (Esc)",
    )? {
        Reply::Line(s) if !s.trim().is_empty() => s.trim().to_string(),
        Reply::Line(_) => "Unnamed organization".to_string(),
        Reply::Escape => {
            say(
                screen,
                width,
                &format!("{} was not created.", path.display()),
            )?;
            return Ok(End::Quit);
        }
        Reply::Interrupt => return Ok(End::Interrupted),
    };
    let mut header = template::Header::new(&organization);
    // (prompt, header field, whether it is a date)
    let fields = [
        (
            "Scope (what the AI management system covers):",
            &mut header.scope,
            false,
        ),
        (
            "Assessor (who runs this assessment):",
            &mut header.assessor,
            false,
        ),
        ("Assessment date (YYYY-MM-DD):", &mut header.date, true),
    ];
    'fields: for (message, value, date) in fields {
        loop {
            let reply = p.prompt(
                message,
                "optional · Enter leaves it empty · Esc leaves the rest empty",
                "",
                "the rest left empty (Esc)",
            )?;
            let line = match reply {
                Reply::Line(l) => l.trim().to_string(),
                Reply::Escape => break 'fields,
                Reply::Interrupt => return Ok(End::Interrupted),
            };
            if line.is_empty() {
                break;
            }
            if date && !read::is_date(&line) {
                say(
                    screen,
                    width,
                    &format!("`{line}` is not a date; write YYYY-MM-DD, e.g. 2026-11-22."),
                )?;
                continue;
            }
            *value = Some(line);
            break;
        }
    }
    let text = match format {
        Format::Yaml => template::render(&cat, TemplateFormat::Yaml, &header, false),
        Format::Toml => template::render(&cat, TemplateFormat::Toml, &header, false),
        Format::Json => template::render_json(&cat, &header),
    };
    crate::output::write_atomic(path, text.as_bytes())?;
    say(screen, width, &format!("Created {}.", path.display()))?;
    Ok(End::Done)
}
