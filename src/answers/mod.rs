//! Answers files: the model, parsing with positions into validated types, and writing.
//!
//! Parsing reads YAML, TOML or JSON into a located tree ([`crate::read`]), then checks it against
//! the catalog, collecting every problem (`file:line:column: what; allowed`). The result holds
//! only known question ids and valid answers, so scoring cannot meet a bad input. This module does
//! not score or format reports.

pub mod edit;
pub mod evidence;
pub mod model;
pub mod parse;
pub mod quoting;
pub mod register;
mod register_schema;
pub mod schema;
pub mod template;
pub mod workbook;
pub mod write;

pub use evidence::Evidence;
pub use model::*;
pub use parse::{load, parse_text};
