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
        match self.pos {
            Some(p) => write!(f, "{}:{}:{}: {}", self.file, p.line, p.column, self.message)?,
            None => write!(f, "{}: {}", self.file, self.message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "; {help}")?;
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
    #[error("{0}")]
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

fn render_diagnostics(ds: &[Diagnostic]) -> String {
    let mut out = String::new();
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
