//! Typed errors and the one mapping from an error to an exit code.
//!
//! Every input problem is a [`Diagnostic`] with a file, a position where there is one, what was
//! wrong and what is allowed. All wording lives in the `Display` impls here. This module does no
//! I/O and never exits: `main.rs` is the only place that exits.

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code when a `check` gate failed (threshold, regression, Stage 1 required).
pub const EXIT_GATE: u8 = 1;
/// Exit code for usage and input errors.
pub const EXIT_INPUT: u8 = 2;

/// A position in a source file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// One input problem, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            pos,
            message: message.into(),
            help: None,
        }
    }

    pub fn at(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Self::new(file, Some(pos), message)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = shorten(&self.message);
        match self.pos {
            Some(p) => write!(f, "{}:{}:{}: {message}", self.file, p.line, p.column)?,
            None => write!(f, "{}: {message}", self.file)?,
        }
        if let Some(help) = &self.help {
            write!(f, "; {}", shorten(help))?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in aimscore, short of a failed gate (which is a result, not an
/// error).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// One or more located problems in an input file (answers, catalog, report, template).
    #[error("{}", render_diagnostics(.0))]
    Input(Vec<Diagnostic>),
    /// A file or directory could not be read or written.
    #[error("{path}: {action}: {source}")]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    /// The command line asked for something impossible.
    #[error("{}", shorten(.0))]
    Usage(String),
}

impl Error {
    pub fn input(d: Diagnostic) -> Self {
        Error::Input(vec![d])
    }

    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The exit code for this error: every error is a usage or input error (2).
    pub fn exit_code(&self) -> u8 {
        EXIT_INPUT
    }
}

/// Quoted input longer than this (in characters) is shown shortened in a message.
const MAX_QUOTED: usize = 80;

/// Diagnostics shown at most for one error; the rest are counted.
const MAX_SHOWN: usize = 500;

/// `msg` with every `quoted` piece of input longer than [`MAX_QUOTED`] characters shortened to
/// its start and its length: a message names what was wrong, it never echoes a megabyte back.
pub fn shorten(msg: &str) -> String {
    if msg.len() <= MAX_QUOTED {
        return msg.to_string();
    }
    let mut out = String::with_capacity(msg.len().min(4096));
    let parts: Vec<&str> = msg.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        // Odd pieces stand between two backticks (the last one may lack its closing quote).
        let quoted = i % 2 == 1;
        if quoted {
            out.push('`');
        }
        let n = part.chars().count();
        if quoted && n > MAX_QUOTED {
            out.extend(part.chars().take(MAX_QUOTED / 2));
            out.push('…');
            if i + 1 < parts.len() {
                out.push('`');
            }
            out.push_str(&format!(" ({n} characters)"));
        } else {
            out.push_str(part);
            if quoted && i + 1 < parts.len() {
                out.push('`');
            }
        }
    }
    // Text outside quotes (an unquoted value, a long path) is bounded too.
    if out.chars().count() > 8 * MAX_QUOTED + 200 {
        let mut s: String = out.chars().take(8 * MAX_QUOTED).collect();
        s.push_str("… (message shortened)");
        return s;
    }
    out
}

fn render_diagnostics(ds: &[Diagnostic]) -> String {
    let mut out = String::new();
    if ds.len() > MAX_SHOWN {
        let mut s = render_diagnostics(&ds[..MAX_SHOWN]);
        s.push_str(&format!(
            "\n… and {} more problems ({} in all); fix these and run again",
            ds.len() - MAX_SHOWN,
            ds.len()
        ));
        return s;
    }
    for (i, d) in ds.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&d.to_string());
    }
    if ds.len() > 1 {
        out.push_str(&format!("\n{} problems found", ds.len()));
    }
    out
}

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Longer input is never close to an id or a key (the longest are about 20 characters).
const MAX_SUGGEST_LEN: usize = 40;

/// The closest candidate to `wanted`, if it is close enough to suggest ("did you mean …?").
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Ids and keys are short; comparing a megabyte-long key with each of them would take seconds.
    if wanted.len() > MAX_SUGGEST_LEN {
        return None;
    }
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&wanted.to_lowercase(), &c.to_lowercase());
        if score >= 0.85 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_shows_file_line_column_and_help() {
        let d = Diagnostic::at("a.yaml", Pos::new(3, 5), "unknown question id `4.3-9`")
            .with_help("did you mean `4.3-1`?");
        assert_eq!(
            d.to_string(),
            "a.yaml:3:5: unknown question id `4.3-9`; did you mean `4.3-1`?"
        );
    }

    #[test]
    fn every_error_exits_2() {
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert_eq!(Error::Input(vec![]).exit_code(), 2);
    }

    #[test]
    fn suggestion_finds_near_miss_only() {
        let ids = ["A.6.2.8-1", "A.6.2.7-1", "4.3-1"];
        assert_eq!(suggest("A.6.2.8-2", ids), Some("A.6.2.8-1"));
        assert_eq!(suggest("zzz", ids), None);
        assert_eq!(suggest(&"A.6.2.8-1".repeat(100_000), ids), None);
    }
}
