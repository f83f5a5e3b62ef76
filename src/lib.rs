//! aimscore: an ISO/IEC 42001:2023 (AI management system) gap-analysis and readiness scorer.
//!
//! Data flows one way: **load → validate → score → build a report model → render**.
//!
//! - [`catalog`]: the bundled catalog of clauses 4–10 and Annex A controls with questions and
//!   NIST AI RMF / OWASP LLM Top 10 cross-maps; loading (bundled or a directory) and validation.
//! - [`answers`]: answers files (YAML, TOML, JSON) parsed with positions into validated types;
//!   the `init` template and atomic writing.
//! - [`scoring`]: pure functions from catalog + answers to an assessment.
//! - [`report`]: one view-model and a renderer per format.
//! - [`soa`]: the Statement of Applicability (Annex A controls, exclusions) in md, csv, xlsx.
//! - [`cli`]: the command-line adapters, one file per subcommand.
//! - [`discover`]: the read-only scan of agent and MCP server configs into an inventory.
//! - [`compare`]: what changed between two reports (baselines for `check`, `diff`).
//! - [`node`] and [`yaml`]: format-neutral located trees; the one place YAML is read.
//! - [`error`]: typed errors and the mapping to exit codes (0 ok, 1 gate failed, 2 input error).
//!
//! Nothing here exits the process or prints on its own: `main.rs` does.

pub mod answers;
pub mod ask;
pub mod catalog;
pub mod cli;
pub mod documents;
pub mod error;
pub mod inventory;
pub mod output;
pub mod parallel;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod scoring;
