//! Reading an inventory file back (JSON by extension, YAML otherwise) for `assess --inventory`,
//! with located errors. No scanning here.

use super::model::Inventory;
use crate::error::{Diagnostic, Error, Pos, Result};
use std::path::Path;

/// Reads an inventory file (JSON by extension, YAML otherwise) for `assess --inventory`.
/// Errors name the file and, where the parser knows it, the line and column.
pub fn load_inventory(path: &Path) -> Result<Inventory> {
    let text = crate::read::read_text(path)?;
    let name = path.display().to_string();
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if text.trim().is_empty() {
        return Err(Error::input(Diagnostic::new(
            &name,
            None,
            "the inventory is empty; expected `servers`, `problems` and `scanned` as written by `aimscore discover`",
        )));
    }
    // The messages never quote the file: a path that names the wrong file (`inventory:
    // /etc/shadow`) must not print what it holds.
    let not_inventory = |pos: Option<Pos>| {
        Error::input(
            Diagnostic::new(
                &name,
                pos,
                "is not an aimscore inventory (expected `servers`, `problems` and `scanned` as written by `aimscore discover`)",
            )
            .with_help("write it with `aimscore discover -o FILE` (YAML) or `--format json`"),
        )
    };
    if is_json {
        serde_json::from_str(&text)
            .map_err(|e| not_inventory(Some(Pos::new(e.line().max(1), e.column().max(1)))))
    } else {
        crate::read::yaml::from_str(&name, &text).map_err(|e| match e {
            Error::Input(ds) => not_inventory(ds.first().and_then(|d| d.pos)),
            other => other,
        })
    }
}
