//! A new scan merged into the inventory file it is written over (`discover -o FILE`): what
//! people filled in (owners, notes) is kept, a server no longer found is kept as `status:
//! gone`, new servers are added. Servers are matched by identity (config file, project, client
//! and name), never by position. No I/O here.

use super::model::{Inventory, Server, Status};
use std::collections::BTreeMap;

/// What a merge did, for the message `discover` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Merged {
    /// Servers found again, with what people filled in kept.
    pub kept: usize,
    /// Servers new in this scan.
    pub added: usize,
    /// Servers of the earlier inventory not found now (kept as `gone`).
    pub gone: usize,
}

type Identity = (String, Option<String>, &'static str, String);

fn identity(s: &Server) -> Identity {
    (
        s.file.clone(),
        s.project.clone(),
        s.client.as_str(),
        s.name.clone(),
    )
}

/// `scan` with `old`'s owners and notes carried over, and `old`'s servers that the scan did not
/// find appended as `gone` (in the same file order as the others).
pub fn merge(mut scan: Inventory, old: &Inventory) -> (Inventory, Merged) {
    let mut m = Merged::default();
    let earlier: BTreeMap<Identity, &Server> =
        old.servers.iter().map(|s| (identity(s), s)).collect();
    let mut found = std::collections::BTreeSet::new();
    for s in &mut scan.servers {
        let id = identity(s);
        match earlier.get(&id) {
            Some(o) => {
                m.kept += 1;
                s.owner = o.owner.clone();
                s.note = o.note.clone();
            }
            None => m.added += 1,
        }
        found.insert(id);
    }
    for o in &old.servers {
        if !found.contains(&identity(o)) {
            m.gone += 1;
            let mut g = o.clone();
            g.status = Some(Status::Gone);
            g.flags.clear();
            scan.servers.push(g);
        }
    }
    scan.servers
        .sort_by(|a, b| (&a.file, &a.name, &a.project).cmp(&(&b.file, &b.name, &b.project)));
    (scan, m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::model::{Client, Location, Transport};

    fn server(file: &str, name: &str) -> Server {
        Server {
            name: name.into(),
            client: Client::ClaudeCode,
            file: file.into(),
            project: None,
            transport: Transport::Stdio,
            command: Some("npx".into()),
            args: Vec::new(),
            url: None,
            location: Location::Local,
            env: Vec::new(),
            headers: Vec::new(),
            owner: None,
            note: None,
            status: None,
            flags: Vec::new(),
        }
    }

    #[test]
    fn owners_are_kept_new_servers_added_and_missing_ones_marked_gone() {
        let mut a = server(".mcp.json", "github");
        a.owner = Some("Platform team".into());
        a.note = Some("reviewed 2026-11".into());
        let mut old_gone = server(".mcp.json", "legacy");
        old_gone.owner = Some("Ana".into());
        let old = Inventory {
            servers: vec![a, old_gone],
            ..Inventory::default()
        };
        let scan = Inventory {
            servers: vec![server(".mcp.json", "github"), server(".mcp.json", "search")],
            ..Inventory::default()
        };
        let (m, counts) = merge(scan, &old);
        assert_eq!(
            counts,
            Merged {
                kept: 1,
                added: 1,
                gone: 1
            }
        );
        let by: BTreeMap<&str, &Server> = m.servers.iter().map(|s| (s.name.as_str(), s)).collect();
        assert_eq!(by["github"].owner.as_deref(), Some("Platform team"));
        assert_eq!(by["github"].note.as_deref(), Some("reviewed 2026-11"));
        assert_eq!(by["github"].status, None);
        assert_eq!(by["search"].owner, None);
        assert_eq!(by["legacy"].status, Some(Status::Gone));
        assert_eq!(by["legacy"].owner.as_deref(), Some("Ana"));
        // A server that comes back is no longer gone.
        let (again, counts) = merge(
            Inventory {
                servers: vec![server(".mcp.json", "legacy")],
                ..Inventory::default()
            },
            &m,
        );
        assert_eq!(counts.kept, 1);
        let legacy = again
            .servers
            .iter()
            .find(|s| s.name == "legacy")
            .map(|s| s.status);
        assert_eq!(legacy, Some(None));
    }
}
