//! aimscore: an ISO/IEC 42001:2023 (AI management system) gap-analysis and readiness scorer.
//!
//! Data flows one way: **read → score → documents → render → write**. Dependencies point down
//! only (`tests/architecture.rs` checks it); from the top:
//!
//! - [`cli`]: thin adapters, one file per subcommand: arguments → library → render → write.
//! - [`ask`]: the interactive questionnaire (session, flow, screen) on top of `answers::edit`.
//! - [`pipeline`]: whole runs: one answers file to a report, one side of a diff, a portfolio
//!   streamed file by file.
//! - [`render`]: one module per format (text, markdown, html with its charts, json, csv, junit,
//!   sarif, xlsx, yaml, user templates), each rendering every document it supports.
//! - [`documents`]: the report model, portfolio rows, the Statement of Applicability, the
//!   comparison of two reports, baselines, CI gates and the roadmap (the fix-list in phases):
//!   data, no formatting for people.
//! - [`scoring`]: pure assessment from a catalog and answers (scores, Stage 1 and Stage 2 with
//!   their reasons, the fix-list) and the scoring policy (`--policy FILE`).
//! - [`answers`]: answers files (YAML, TOML, JSON) parsed into validated types with positions;
//!   the text-level editor `ask` uses, the `init` template, the string quoting both share and
//!   the JSON Schema.
//! - [`inventory`]: the read-only scan of agent and MCP server configs, secret redaction.
//! - [`catalog`]: the catalog model (clauses 4–10, Annex A, questions with actions and flags,
//!   retired ids, NIST AI RMF and OWASP cross-maps), loading and validation.
//! - [`read`]: located trees and the YAML, TOML and JSON readers, behind one door for input.
//! - [`output`]: the one place that writes: atomic files, standard output, the step summary.
//! - [`parallel`]: a bounded, ordered parallel map for portfolios.
//! - [`identity`]: which files this run reads, so that no output replaces one of them.
//! - [`error`]: typed errors and the mapping to exit codes (0 ok, 1 gate failed, 2 input error).
//!
//! Nothing here exits the process or prints on its own: `main.rs` does.

pub mod answers;
pub mod ask;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod documents;
pub mod error;
pub mod identity;
pub mod inventory;
pub mod output;
pub mod parallel;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod scoring;
pub mod terminal;
