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
pub mod init;
pub mod schema;
pub mod soa;

use crate::catalog::Catalog;
use crate::error::{EXIT_INPUT, EXIT_OK, Error, Result};
use clap::{CommandFactory, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// ISO/IEC 42001:2023 gap analysis and readiness scoring (a self-assessment, not a certification).
#[derive(Debug, Parser)]
#[command(name = "aimscore", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
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
    match cli.command {
        Command::Init(a) => init::run(a),
        Command::Ask(a) => ask::run(a),
        Command::Assess(a) => assess::run(a),
        Command::Check(a) => check::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Discover(a) => discover::run(a),
        Command::Soa(a) => soa::run(a),
        Command::Catalog(c) => catalog::run(c),
        Command::Schema(a) => schema::run(a),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "aimscore", &mut buf);
            emit(None, &buf)?;
            Ok(EXIT_OK)
        }
    }
}

/// The bundled catalog, or the one in `dir`.
pub fn load_catalog(dir: Option<&Path>) -> Result<Catalog> {
    match dir {
        Some(d) => crate::catalog::load_dir(d),
        None => crate::catalog::bundled(),
    }
}

/// Writes output to a file (atomically) or to standard output.
pub fn emit(path: Option<&PathBuf>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) => crate::answers::write::write_atomic(p, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|_| out.flush())
                .or_else(|e| {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        Ok(())
                    } else {
                        Err(e)
                    }
                })
                .map_err(|e| Error::io(Path::new("<stdout>"), "cannot write", e))
        }
    }
}

/// Where a streamed report goes: standard output, or a file written atomically (replaced only
/// once the whole report is written, by [`Output::finish`]).
pub enum Output {
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    File(crate::answers::write::AtomicFile),
}

impl Output {
    pub fn open(path: Option<&PathBuf>) -> Result<Output> {
        Ok(match path {
            Some(p) => Output::File(crate::answers::write::AtomicFile::create(p)?),
            None => Output::Stdout(std::io::BufWriter::with_capacity(
                1 << 16,
                std::io::stdout().lock(),
            )),
        })
    }

    /// Flushes standard output, or commits the file.
    pub fn finish(self) -> Result<()> {
        match self {
            Output::Stdout(mut w) => w
                .flush()
                .map_err(|e| Error::io(Path::new("<stdout>"), "cannot write", e)),
            Output::File(f) => f.commit(),
        }
    }

    /// Whether this is standard output (whose reader may leave: a broken pipe is no error).
    pub fn is_stdout(&self) -> bool {
        matches!(self, Output::Stdout(_))
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Output::Stdout(w) => w.write(buf),
            Output::File(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.write_all(buf),
            Output::File(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Output::Stdout(w) => w.flush(),
            Output::File(f) => f.flush(),
        }
    }
}

/// Colour only on a terminal, never with `NO_COLOR` set, never into a file.
pub fn use_color(output: Option<&PathBuf>) -> bool {
    output.is_none()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
}
