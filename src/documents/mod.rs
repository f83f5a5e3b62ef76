//! Documents: what is derived from an assessment, as data with no formatting for people. The
//! report model (the JSON report's shape, what templates receive), the portfolio rows, the
//! Statement of Applicability, a comparison of two reports and a JSON report read back, the
//! CI gates and the roadmap. Nothing here renders, writes a file or computes a score (scores come from
//! `scoring`); the only sentences are those a document carries verbatim (gate reasons).

pub mod baseline;
pub mod catalog;
pub mod comparison;
pub mod evidence;
pub mod frameworks;
pub mod gates;
pub mod portfolio;
pub mod register;
pub mod report;
pub mod roadmap;
pub mod soa;
pub mod waivers;

pub use report::*;

/// How a document for people names a file in a list (portfolio rows, inventory config files):
/// a relative path as given (the user's own naming, which tells `clients/a/answers.yaml` from
/// `clients/b/answers.yaml`), an absolute one by its file name only, so a deliverable never
/// shows the directories of the consultant's machine. Machine formats (json, csv, sarif, junit)
/// keep the path as given.
pub fn display_path(path: &str) -> String {
    let absolute = path.starts_with(['/', '\\', '~'])
        || (path.len() > 2
            && path.as_bytes()[1] == b':'
            && path.as_bytes()[0].is_ascii_alphabetic());
    let climbs = path.split(['/', '\\']).any(|c| c == "..");
    if absolute || climbs {
        file_name(path)
    } else {
        path.to_string()
    }
}

/// A path's last component: how a single document for people (html, md, docx, the SoA) names
/// its answers file when no `--label` is given.
pub fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .find(|s| !s.is_empty())
        .unwrap_or(path)
        .to_string()
}
