//! `aimscore evidence lock FILE` and `aimscore evidence verify FILE`: record the SHA-256 and
//! date of every local evidence file into the answers file, or check every reference against
//! what was recorded. A thin adapter: the register and the lock are `documents::evidence`'s,
//! files are probed through `read::evidence`, the table is `render::evidence`'s.

use crate::documents::evidence::{self, root_for};
use crate::error::{EXIT_GATE, EXIT_OK, Error, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record the sha256 and modification date (UTC) of every local evidence file into the
    /// answers file (a text edit: comments kept; URLs left alone). Exit 1 when a file is
    /// missing or cannot be read.
    Lock(LockArgs),
    /// List every evidence reference with its status: ok, missing, changed, stale, expired,
    /// url, unlocked (no sha256 recorded), or what the path is when it is not a file. Exit 1
    /// when any is missing, changed, stale or expired (or cannot be checked).
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
pub struct LockArgs {
    /// The answers file (YAML, TOML or JSON) to record hashes into.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Resolve evidence paths in DIR instead of the answers file's folder; a reference outside
    /// it is refused, never read.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

/// Output formats of `evidence verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum VerifyFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The answers file (YAML, TOML, JSON or a questionnaire workbook).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Resolve evidence paths in DIR instead of the answers file's folder; a reference outside
    /// it is refused, never read.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// A file older than DAYS before the answers file's `date` (today when it has none) is
    /// stale: its recorded date, else its modification date.
    #[arg(long, value_name = "DAYS")]
    pub max_age: Option<u32>,
    /// Output format (default: text).
    #[arg(long, value_enum, default_value = "text")]
    pub format: VerifyFormat,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Switch on a profile of extra questions (repeatable), in addition to the file's own.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
}

pub fn run(cmd: Command) -> Result<u8> {
    match cmd {
        Command::Lock(a) => lock(a),
        Command::Verify(a) => verify(a),
    }
}

fn lock(args: LockArgs) -> Result<u8> {
    let name = args.file.display().to_string();
    if crate::answers::workbook::is_workbook_path(&args.file) {
        return Err(Error::Usage(format!(
            "{name}: evidence lock edits an answers file (YAML, TOML or JSON), not a workbook; \
             `aimscore import {name} -o answers.yaml` first"
        )));
    }
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    let root = root_for(&args.file, args.root.as_deref())?;
    let _lock = crate::output::EditLock::acquire(&args.file)?;
    let text = crate::read::read_text(&args.file)?;
    let format = crate::read::Format::from_path(&args.file);
    let itself = std::fs::canonicalize(&args.file).ok();
    let done = evidence::lock(&name, &text, format, &catalog, &root, itself.as_deref())?;
    if done.text != text {
        crate::output::replace_edited(&args.file, done.text.as_bytes())?;
    }
    let mut s = format!(
        "aimscore evidence lock: {}: {} locked ({} updated), {} urls, {} problems\n",
        crate::terminal::clean(&name),
        done.locked,
        done.updated,
        done.urls,
        done.problems.len()
    );
    crate::render::evidence::table(&done.problems, &mut s);
    crate::output::emit(None, s.as_bytes())?;
    Ok(if done.problems.is_empty() {
        EXIT_OK
    } else {
        EXIT_GATE
    })
}

fn verify(args: VerifyArgs) -> Result<u8> {
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    let (answers, _) = crate::answers::load(&args.file, &catalog, &args.profiles)?;
    let root = root_for(&args.file, args.root.as_deref())?;
    // Stale and expired are judged as of the answers file's date; without one, today.
    let as_of = answers
        .meta
        .date
        .clone()
        .unwrap_or_else(|| crate::read::evidence::date_of(std::time::SystemTime::now()));
    let reg = evidence::verify(&answers, &root, Some(&as_of), args.max_age);
    let mut buf = Vec::new();
    let name = args.file.display().to_string();
    match args.format {
        VerifyFormat::Text => crate::render::evidence::verify_text(
            &name,
            &reg,
            answers.meta.date.is_none(),
            &mut buf,
        )?,
        VerifyFormat::Json => crate::render::evidence::verify_json(&name, &reg, &mut buf)?,
    }
    crate::output::emit(None, &buf)?;
    Ok(if reg.fails() { EXIT_GATE } else { EXIT_OK })
}
