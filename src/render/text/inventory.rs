//! The inventory as a terminal table: servers, then problems and a one-line summary.

use crate::inventory::Inventory;
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

/// A table of servers, then the problems and a one-line summary.
pub fn table(inv: &Inventory) -> String {
    let mut s = String::new();
    if inv.servers.is_empty() {
        s.push_str("No MCP servers found.\n");
    } else {
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(120);
        t.set_header(vec![
            "NAME",
            "CLIENT",
            "TRANSPORT",
            "LOCATION",
            "FILE",
            "FLAGS",
        ]);
        for sv in &inv.servers {
            let name = match &sv.project {
                Some(p) => format!("{} (project {p})", sv.name),
                None => sv.name.clone(),
            };
            let mut codes: Vec<&str> = sv.flags.iter().map(|f| f.code.as_str()).collect();
            codes.dedup();
            if sv.status.is_some() {
                codes.insert(0, "(gone)");
            }
            t.add_row(vec![
                name,
                sv.client.as_str().to_string(),
                sv.transport.as_str().to_string(),
                sv.location.as_str().to_string(),
                sv.file.clone(),
                codes.join("\n"),
            ]);
        }
        s.push_str(&t.to_string());
        s.push('\n');
    }
    if !inv.problems.is_empty() {
        s.push_str("\nProblems (files skipped):\n");
        for p in &inv.problems {
            s.push_str(&format!("  {}: {}\n", p.file, p.message));
        }
    }
    s.push_str(&format!(
        "\n{} server{} in {} config file{} read; {} problem{}.\n",
        inv.servers.len(),
        if inv.servers.len() == 1 { "" } else { "s" },
        inv.scanned.len(),
        if inv.scanned.len() == 1 { "" } else { "s" },
        inv.problems.len(),
        if inv.problems.len() == 1 { "" } else { "s" },
    ));
    crate::terminal::clean(&s)
}
