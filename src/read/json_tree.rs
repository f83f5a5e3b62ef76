//! The JSON front end: JSON's own syntax messages, then the located tree from the YAML reader.
//! It owns no tree type and no budget of its own.

use super::node::Node;
use super::yaml;
use crate::error::{Diagnostic, Error, Pos, Result};

pub(super) fn parse_json(name: &str, text: &str) -> Result<Node> {
    // serde_json gives JSON's own syntax messages; the tree itself comes from the YAML reader
    // (JSON is YAML 1.2), which gives every value its position and rejects duplicate keys.
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        return Err(Error::input(
            Diagnostic::at(
                name,
                Pos::new(e.line().max(1), e.column().max(1)),
                format!("invalid JSON: {msg}"),
            )
            .with_help("the file must be valid JSON"),
        ));
    }
    // Name the file's own format in what the YAML reader finds (duplicate keys, limits).
    yaml::parse(name, text).map_err(|e| match e {
        Error::Input(ds) => Error::Input(
            ds.into_iter()
                .map(|mut d| {
                    if let Some(rest) = d.message.strip_prefix("invalid YAML: ") {
                        // JSON has no aliases: the limits are about values and text alone.
                        let rest = rest
                            .replace(" (counting alias expansions)", "")
                            .replace(", with aliases expanded,", "");
                        d.message = format!("invalid JSON: {rest}");
                    }
                    d
                })
                .collect(),
        ),
        other => other,
    })
}
