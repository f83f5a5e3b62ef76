//! Documents: what is derived from an assessment, as data with no formatting for people. The
//! report model (the JSON report's shape, what templates receive), the portfolio rows, the
//! Statement of Applicability, a comparison of two reports and a JSON report read back, and
//! the CI gates. Nothing here renders, writes a file or computes a score (scores come from
//! `scoring`); the only sentences are those a document carries verbatim (gate reasons).

pub mod baseline;
pub mod catalog;
pub mod comparison;
pub mod evidence;
pub mod frameworks;
pub mod gates;
pub mod portfolio;
pub mod report;
pub mod soa;

pub use report::*;

/// How a document for people (html, md, the SoA) names an input file: a relative path as
/// given, an absolute one by its file name only, so a deliverable never shows the directories
/// of the consultant's machine (`/home/ana/clients/acme/answers.yaml` → `answers.yaml`).
/// Machine formats (json, csv, sarif, junit) keep the path as given.
pub fn display_path(path: &str) -> String {
    let p = std::path::Path::new(path);
    let absolute = p.is_absolute()
        || path.starts_with('~')
        || path.starts_with('/')
        || path.starts_with('\\')
        || (path.len() > 2
            && path.as_bytes()[1] == b':'
            && path.as_bytes()[0].is_ascii_alphabetic());
    if !absolute {
        return path.to_string();
    }
    path.rsplit(['/', '\\'])
        .find(|s| !s.is_empty())
        .unwrap_or(path)
        .to_string()
}
