//! Documents: what is derived from an assessment, as data with no formatting for people. The
//! report model (the JSON report's shape, what templates receive), the portfolio rows, the
//! Statement of Applicability, a comparison of two reports and a JSON report read back, and
//! the CI gates. Nothing here renders, writes a file or computes a score (scores come from
//! `scoring`); the only sentences are those a document carries verbatim (gate reasons).

pub mod baseline;
pub mod catalog;
pub mod comparison;
pub mod frameworks;
pub mod gates;
pub mod portfolio;
pub mod report;
pub mod soa;

pub use report::*;
