//! Command-line adapters: clap definitions and one thin file per subcommand.
//!
//! Each adapter loads inputs, calls the library, and writes to standard output or `-o FILE`
//! (atomically). None of them exits: they return the exit code to `main.rs`.

pub mod ask;
pub mod assess;
pub mod catalog;
pub mod check;
pub mod diff;
pub mod discover;
pub mod evidence;
pub mod export;
pub mod import;
pub mod init;
pub mod schema;
pub mod soa;

use crate::error::{EXIT_INPUT, EXIT_OK, Error, Result};
use crate::output::emit;
use clap::{CommandFactory, Parser, Subcommand};

/// ISO/IEC 42001:2023 gap analysis and readiness scoring (a self-assessment, not a certification).
#[derive(Debug, Parser)]
#[command(name = "aimscore", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in terminal output: `auto` (a terminal, unless NO_COLOR is set; CLICOLOR_FORCE
    /// or FORCE_COLOR turn it on, for CI logs), `always` or `never`.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    pub color: crate::output::ColorMode,
    /// Print nothing on standard output: only the exit code, the files named with -o or
    /// --report, and error messages on standard error.
    #[arg(short = 'q', long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write an answers-file template with every question as a commented entry.
    Init(init::Args),
    /// Ask the questions in the terminal, saving every answer at once (resumable).
    Ask(ask::Args),
    /// Score one or more answers files and render the report (exits 0 whatever the score).
    Assess(assess::Args),
    /// Assess an answers file and gate CI on thresholds, Stage 1 and a baseline (exit 1 on failure).
    Check(check::Args),
    /// Compare two assessments (answers files or JSON reports): what improved, what regressed.
    Diff(diff::Args),
    /// Inventory AI agent and MCP server configs (read-only; env and header names, never values).
    Discover(discover::Args),
    /// Read a filled questionnaire workbook back into an answers file (or update one in place).
    Import(import::Args),
    /// Write the questionnaire workbook pre-filled with an answers file's answers.
    Export(export::Args),
    /// Record evidence files' sha256 and dates into the answers file, or verify them.
    #[command(subcommand)]
    Evidence(evidence::Command),
    /// Write the Statement of Applicability: every Annex A control, included or excluded.
    Soa(soa::Args),
    /// List, show, validate or export the catalog.
    #[command(subcommand)]
    Catalog(catalog::Command),
    /// Print the JSON Schema of the answers file.
    Schema(schema::Args),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page, or write one per command into DIR (`aimscore man
    /// ~/.local/share/man/man1`, then `man aimscore-check`).
    Man {
        /// Write aimscore.1 and aimscore-COMMAND.1 for every command into DIR (it must exist).
        #[arg(value_name = "DIR")]
        dir: Option<std::path::PathBuf>,
    },
}

/// Parses the command line and runs it; returns the exit code.
pub fn main() -> Result<u8> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Ok(if e.use_stderr() { EXIT_INPUT } else { EXIT_OK });
        }
    };
    run(cli)
}

pub fn run(cli: Cli) -> Result<u8> {
    crate::output::set_color_mode(cli.color);
    crate::output::set_quiet(cli.quiet);
    match cli.command {
        Command::Init(a) => init::run(a),
        Command::Ask(a) => ask::run(a),
        Command::Assess(a) => assess::run(a),
        Command::Check(a) => check::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Discover(a) => discover::run(a),
        Command::Soa(a) => soa::run(a),
        Command::Evidence(c) => evidence::run(c),
        Command::Import(a) => import::run(a),
        Command::Export(a) => export::run(a),
        Command::Catalog(c) => catalog::run(c),
        Command::Schema(a) => schema::run(a),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "aimscore", &mut buf);
            emit(None, &buf)?;
            Ok(EXIT_OK)
        }
        Command::Man { dir } => man(dir.as_deref()),
    }
}

/// `aimscore man`: the man pages, generated from the same definitions as `--help`.
fn man(dir: Option<&std::path::Path>) -> Result<u8> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let render = |c: &clap::Command| -> Result<Vec<u8>> {
        let mut buf = Vec::new();
        clap_mangen::Man::new(c.clone())
            .render(&mut buf)
            .map_err(|e| {
                crate::error::Error::io(std::path::Path::new("<man page>"), "cannot render", e)
            })?;
        Ok(buf)
    };
    let Some(dir) = dir else {
        emit(None, &render(&cmd)?)?;
        return Ok(EXIT_OK);
    };
    if !dir.is_dir() {
        return Err(crate::error::Error::Usage(format!(
            "{}: not a directory; create it first (e.g. mkdir -p {})",
            dir.display(),
            dir.display()
        )));
    }
    // Every page of the tree, parents first: aimscore, aimscore-assess, aimscore-catalog-list, …
    let mut pages = Vec::new();
    let mut todo = vec![cmd];
    while let Some(c) = todo.pop() {
        let name = c
            .get_display_name()
            .unwrap_or_else(|| c.get_name())
            .to_string();
        pages.push((format!("{name}.1"), render(&c)?));
        todo.extend(c.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
    }
    for (file, bytes) in &pages {
        crate::output::write_atomic(&dir.join(file), bytes)?;
    }
    Ok(EXIT_OK)
}

/// The catalog and scoring options of a scoring command: the catalog (bundled or `--catalog`)
/// with the scoring policy (built in, or `--policy FILE`) applied to its weights and flags.
pub fn scoring_setup(
    catalog_dir: Option<&std::path::Path>,
    policy: Option<&std::path::Path>,
    trust_claims: bool,
) -> Result<(crate::catalog::Catalog, crate::scoring::Options)> {
    let catalog = crate::catalog::open(catalog_dir)?;
    let policy = match policy {
        Some(p) => crate::scoring::Policy::load(p, &catalog)?,
        None => crate::scoring::Policy::builtin(),
    };
    let catalog = policy.apply(&catalog);
    Ok((
        catalog,
        crate::scoring::Options {
            trust_claims,
            policy,
            lens_links_all: false,
            ..Default::default()
        },
    ))
}

/// A `--label NAME` for documents for people: one line of printable text, at most 200
/// characters.
pub(crate) fn label(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        return Err(Error::Usage(
            "--label must be one line of 1 to 200 printable characters (it names the answers file in documents for people)".into(),
        ));
    }
    Ok(name.to_string())
}
