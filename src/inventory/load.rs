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
    if is_json {
        serde_json::from_str(&text).map_err(|e| {
            let msg = e.to_string();
            let msg = match msg.rfind(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            Error::input(
                Diagnostic::at(
                    &name,
                    Pos::new(e.line().max(1), e.column().max(1)),
                    format!("invalid inventory: {msg}"),
                )
                .with_help("write it with `aimscore discover --format json`"),
            )
        })
    } else {
        crate::read::yaml::from_str(&name, &text)
    }
}
