//! The scan: the known locations under each root, each config read and parsed, and the servers
//! found in it (every shape the clients write). Normalising and flagging a server is
//! [`super::server`]'s; nothing is executed and nothing is sent anywhere.

use super::config::{io_reason, parse_sections, read_config, type_name};
use super::locations::{CONTINUE_DIR, KNOWN, classify};
use super::model::{
    Client, Inventory, MAX_CONFIG_BYTES, MAX_FOLDER_CONFIGS, MAX_FOLDER_ENTRIES,
    MAX_HISTORY_CONFIG_BYTES, MAX_SERVERS, MAX_SERVERS_PER_FILE, Problem,
};
use super::secrets;
#[cfg(test)]
use super::sections;
use super::sections::Sections;
use super::server::{Raw, build_server};
use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// One file to read.
struct Candidate {
    path: PathBuf,
    /// None: decide from the content (a file given on the command line with an unknown name).
    client: Option<Client>,
    dedicated: bool,
    /// Read up to [`MAX_HISTORY_CONFIG_BYTES`] rather than [`MAX_CONFIG_BYTES`].
    history: bool,
}

/// Scans the roots (files or directories). A root that does not exist is a usage error; every
/// problem with a config file, and every limit reached, is recorded in the inventory instead.
/// Each file is read, reduced to its server sections and dropped before the next, so memory
/// stays within the limits whatever the files hold.
pub fn scan(roots: &[PathBuf]) -> Result<Inventory> {
    let mut missing = Vec::new();
    for r in roots {
        match std::fs::metadata(r) {
            Ok(m) if m.is_dir() || m.is_file() => {}
            Ok(_) => missing.push(format!("{}: not a file or a directory", r.display())),
            Err(e) => missing.push(format!("{}: {}", r.display(), io_reason(&e))),
        }
    }
    if !missing.is_empty() {
        return Err(Error::Usage(format!("cannot scan {}", missing.join("; "))));
    }
    let mut candidates = Vec::new();
    let mut problems = Vec::new();
    for r in roots {
        if r.is_file() {
            let c = classify(r);
            candidates.push(Candidate {
                path: r.clone(),
                client: c.client,
                dedicated: c.dedicated,
                history: c.history,
            });
            continue;
        }
        for k in &KNOWN {
            candidates.push(Candidate {
                path: r.join(k.rel),
                client: Some(k.client),
                dedicated: k.dedicated,
                history: k.history,
            });
        }
        let dir = r.join(CONTINUE_DIR);
        for path in folder_configs(&dir, MAX_FOLDER_ENTRIES, MAX_FOLDER_CONFIGS, &mut problems) {
            candidates.push(Candidate {
                path,
                client: Some(Client::Continue),
                dedicated: true,
                history: false,
            });
        }
    }

    let mut inv = Inventory {
        problems,
        ..Inventory::default()
    };
    let mut seen = BTreeSet::new();
    for c in candidates {
        let name = c.path.display().to_string();
        // The same file reached from two roots (or through a link) is read once.
        if let Ok(key) = std::fs::canonicalize(&c.path)
            && !seen.insert(key)
        {
            continue;
        }
        let max_bytes = if c.history {
            MAX_HISTORY_CONFIG_BYTES
        } else {
            MAX_CONFIG_BYTES
        };
        let Some(text) = read_config(&c.path, &name, max_bytes, &mut inv.problems) else {
            continue;
        };
        add_file(&c.path, &name, c.client, c.dedicated, &text, &mut inv);
    }
    finish(&mut inv);
    Ok(inv)
}

/// Parses one config file's content as [`scan`] does for a file of that name: the client and
/// shape from the name (`.vscode/mcp.json`, `.continue/mcpServers/x.yaml`, … or an unknown
/// name), the size limit, UTF-8, YAML or JSON with comments by extension, the servers with their
/// secrets redacted and flagged. Nothing is read from disk: `name` only names the file. Whatever
/// the bytes, the result is an inventory (a problem with the content is one of its
/// `problems`). For fuzzing and tests.
pub fn parse_one(name: &str, bytes: &[u8]) -> Inventory {
    let path = std::path::Path::new(name);
    let c = classify(path);
    let max_bytes = if c.history {
        MAX_HISTORY_CONFIG_BYTES
    } else {
        MAX_CONFIG_BYTES
    };
    let mut inv = Inventory::default();
    let problem = |message: &str| Problem {
        file: name.to_string(),
        message: message.to_string(),
    };
    if bytes.len() as u64 > max_bytes {
        inv.problems.push(problem(
            "larger than the limit for this config file; skipped",
        ));
    } else {
        match std::str::from_utf8(bytes) {
            Ok(t) => {
                let text = t.strip_prefix('\u{feff}').unwrap_or(t);
                add_file(path, name, c.client, c.dedicated, text, &mut inv);
            }
            Err(_) => inv.problems.push(problem("not UTF-8 text; skipped")),
        }
    }
    finish(&mut inv);
    inv
}

/// One config file read: it counts as scanned, and its servers (or a problem) are added, within
/// the servers still allowed per file and in all.
fn add_file(
    path: &std::path::Path,
    name: &str,
    client: Option<Client>,
    dedicated: bool,
    text: &str,
    inv: &mut Inventory,
) {
    inv.scanned.push(name.to_string());
    let room = MAX_SERVERS_PER_FILE.min(MAX_SERVERS.saturating_sub(inv.servers.len()));
    match parse_sections(path, text, room) {
        Ok(s) => extract_sections(name, client, dedicated, &s, room, inv),
        // A parser's message may quote a key of the file.
        Err(msg) => inv.problems.push(Problem {
            file: name.to_string(),
            message: secrets::redact_message(&msg),
        }),
    }
}

/// The inventory's documented order: servers by file, name and project; problems and scanned
/// files sorted, problems without duplicates.
fn finish(inv: &mut Inventory) {
    inv.servers
        .sort_by(|a, b| (&a.file, &a.name, &a.project).cmp(&(&b.file, &b.name, &b.project)));
    inv.problems.sort();
    inv.problems.dedup();
    inv.scanned.sort();
}

/// The config files (`*.yaml`, `*.yml`, `*.json`) of a folder such as `.continue/mcpServers`:
/// at most `max_entries` entries are looked at and the first `max_configs` config files by
/// name are kept (a bounded set, so a folder of any size costs the same memory). Each limit
/// reached, and each entry that cannot be listed, is a problem naming the folder.
pub(crate) fn folder_configs(
    dir: &Path,
    max_entries: usize,
    max_configs: usize,
    problems: &mut Vec<Problem>,
) -> Vec<PathBuf> {
    let mut problem = |message: String| {
        problems.push(Problem {
            file: dir.display().to_string(),
            message,
        })
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Vec::new();
        }
        Err(e) => {
            problem(format!(
                "cannot list the directory: {}; skipped",
                io_reason(&e)
            ));
            return Vec::new();
        }
    };
    let mut kept = BTreeSet::new();
    let (mut looked, mut configs, mut unlisted) = (0usize, 0usize, 0usize);
    let mut more = false;
    for entry in entries {
        if looked == max_entries {
            more = true;
            break;
        }
        looked += 1;
        let Ok(entry) = entry else {
            unlisted += 1;
            continue;
        };
        let path = entry.path();
        if !matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            continue;
        }
        configs += 1;
        kept.insert(path);
        if kept.len() > max_configs {
            kept.pop_last();
        }
    }
    if more {
        problem(format!(
            "holds more than {max_entries} entries, the limit looked at per folder: the entries after the first {max_entries} listed were skipped"
        ));
    }
    if configs > max_configs {
        problem(format!(
            "{configs} config files, more than the limit of {max_configs} per folder: the first {max_configs} by name were read and {} skipped",
            configs - max_configs
        ));
    }
    if unlisted > 0 {
        problem(format!(
            "{unlisted} entr{} could not be listed; skipped",
            if unlisted == 1 { "y" } else { "ies" }
        ));
    }
    kept.into_iter().collect()
}

/// Finds the servers of one parsed config value and adds them (or problems) to the inventory,
/// within the per-file limit.
#[cfg(test)]
pub(crate) fn extract(
    file: &str,
    client: Option<Client>,
    dedicated: bool,
    v: &Value,
    inv: &mut Inventory,
) {
    let room = MAX_SERVERS_PER_FILE.min(MAX_SERVERS.saturating_sub(inv.servers.len()));
    let s = sections::from_value(v.clone(), room);
    extract_sections(file, client, dedicated, &s, room, inv);
}

/// Finds the servers of one config's sections and adds them (or problems) to the inventory.
/// `room` is how many entries the file could take; entries beyond it were counted, not kept,
/// and are reported with the limit that stopped them.
/// Long on purpose: each client's config shape is matched in one place, so every supported layout is listed together.
pub(crate) fn extract_sections(
    file: &str,
    client: Option<Client>,
    dedicated: bool,
    s: &Sections,
    room: usize,
    inv: &mut Inventory,
) {
    let mut problem = |msg: String| {
        inv.problems.push(Problem {
            file: file.to_string(),
            message: msg,
        })
    };
    if s.unread > 0 {
        problem(if room < MAX_SERVERS_PER_FILE {
            format!(
                "{} of its {} server entries were skipped: the inventory reached the limit of {MAX_SERVERS} servers in all",
                s.unread, s.entries
            )
        } else {
            format!(
                "holds {} server entries, more than the limit of {MAX_SERVERS_PER_FILE} per file: the first {MAX_SERVERS_PER_FILE} were read and {} skipped",
                s.entries, s.unread
            )
        });
    }
    let v = &s.top;
    let Value::Object(top) = v else {
        problem(format!(
            "holds {}; expected an object with `mcpServers` (or `servers`); skipped",
            type_name(v)
        ));
        return;
    };
    let mut raws: Vec<Raw> = Vec::new();
    let mut found = false;
    let mut guessed = client;

    if let Some(ms) = top.get("mcpServers") {
        found = true;
        match ms {
            Value::Object(_) => {
                guessed = guessed.or(Some(Client::McpJson));
                servers_map(ms, None, &mut raws, &mut problem);
            }
            Value::Array(list) => {
                guessed = guessed.or(Some(Client::Continue));
                servers_list(list, "mcpServers", &mut raws, &mut problem);
            }
            Value::Null => {}
            other => problem(format!(
                "`mcpServers` is {}; expected an object of servers; skipped",
                type_name(other)
            )),
        }
    }
    if matches!(client, None | Some(Client::Vscode))
        && let Some(s) = top.get("servers")
    {
        found = true;
        guessed = guessed.or(Some(Client::Vscode));
        match s {
            Value::Object(_) => servers_map(s, None, &mut raws, &mut problem),
            Value::Null => {}
            other => problem(format!(
                "`servers` is {}; expected an object of servers; skipped",
                type_name(other)
            )),
        }
    }
    if let Some(Value::Object(projects)) = top.get("projects") {
        let mut keys: Vec<&String> = projects.keys().collect();
        keys.sort();
        for k in keys {
            if let Some(ms @ Value::Object(_)) = projects.get(k).and_then(|p| p.get("mcpServers")) {
                found = true;
                guessed = guessed.or(Some(Client::ClaudeCode));
                servers_map(ms, Some(k), &mut raws, &mut problem);
            }
        }
    }
    if let Some(list) = top
        .get("experimental")
        .and_then(|e| e.get("modelContextProtocolServers"))
    {
        found = true;
        guessed = guessed.or(Some(Client::Continue));
        match list {
            Value::Array(list) => {
                servers_list(list, "modelContextProtocolServers", &mut raws, &mut problem)
            }
            other => problem(format!(
                "`experimental.modelContextProtocolServers` is {}; expected a list; skipped",
                type_name(other)
            )),
        }
    }
    if !found && dedicated && (s.other_keys || !top.is_empty()) {
        problem(
            "no `mcpServers` (or `servers`) object: not a known MCP configuration shape; skipped"
                .into(),
        );
        return;
    }
    let client = guessed.unwrap_or(Client::McpJson);
    for raw in raws {
        inv.servers.push(build_server(raw, client, file));
    }
}

/// `{name: {command, args, …}}`
fn servers_map(
    v: &Value,
    project: Option<&str>,
    out: &mut Vec<Raw>,
    problem: &mut dyn FnMut(String),
) {
    let Value::Object(m) = v else { return };
    for (name, entry) in m {
        match entry {
            Value::Object(_) => {
                let mut r = raw_entry(entry);
                r.name = name.clone();
                r.project = project.map(str::to_string);
                out.push(r);
            }
            other => problem(format!(
                "server `{}` is {}; expected an object; skipped",
                secrets::redact_name(name),
                type_name(other)
            )),
        }
    }
}

/// `[{name, command, …}]` or Continue's `[{transport: {…}}]`.
fn servers_list(list: &[Value], key: &str, out: &mut Vec<Raw>, problem: &mut dyn FnMut(String)) {
    for (i, entry) in list.iter().enumerate() {
        match entry {
            Value::Object(m) => {
                let mut r = raw_entry(entry);
                r.name = match m.get("name") {
                    Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
                    _ => format!("{key}[{i}]"),
                };
                out.push(r);
            }
            other => problem(format!(
                "`{key}` entry {} is {}; expected an object; skipped",
                i + 1,
                type_name(other)
            )),
        }
    }
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn pairs(v: Option<&Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| (k.clone(), scalar(v).unwrap_or_default()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The fields of one server object, tolerating unknown keys and Continue's nested `transport`.
fn raw_entry(v: &Value) -> Raw {
    let mut r = Raw::default();
    let layers: Vec<&Value> = match v.get("transport") {
        Some(t @ Value::Object(_)) => vec![v, t],
        _ => vec![v],
    };
    for l in layers {
        match l.get("command") {
            Some(Value::String(s)) => r.command = Some(s.clone()),
            Some(Value::Array(parts)) => {
                let mut parts = parts.iter().filter_map(scalar);
                r.command = parts.next();
                r.args.extend(parts);
            }
            _ => {}
        }
        match l.get("args") {
            Some(Value::Array(a)) => r.args.extend(a.iter().filter_map(scalar)),
            Some(Value::String(s)) => r.args.push(s.clone()),
            _ => {}
        }
        for key in ["url", "serverUrl", "httpUrl"] {
            if let Some(Value::String(s)) = l.get(key) {
                r.url = Some(s.clone());
                r.http_url = key == "httpUrl";
            }
        }
        for key in ["type", "transport", "transportType"] {
            if let Some(Value::String(s)) = l.get(key) {
                r.kind = Some(s.clone());
            }
        }
        r.env.extend(pairs(l.get("env")));
        r.headers.extend(pairs(l.get("headers")));
        r.headers.extend(pairs(
            l.get("requestOptions").and_then(|o| o.get("headers")),
        ));
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::model::{Inventory, Location, Server, Transport};
    use std::path::Path;

    fn one(json: &str) -> Inventory {
        let v: Value = serde_json::from_str(json).unwrap();
        let mut inv = Inventory::default();
        extract("f.json", None, true, &v, &mut inv);
        inv
    }

    fn codes(s: &Server) -> Vec<&'static str> {
        s.flags.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn jsonc_comments_and_trailing_commas_are_accepted() {
        let text = "{\n // a comment with \"quotes\"\n \"servers\": { /* x */ \"a\": {\"command\": \"node\", \"args\": [\"//not-a-comment\",],},\n},\n}";
        let s = parse_sections(Path::new("mcp.json"), text, 10).unwrap();
        assert_eq!(s.top["servers"]["a"]["args"][0], "//not-a-comment");
    }

    #[test]
    fn transports_follow_type_then_fields() {
        let inv = one(r#"{"mcpServers": {
            "a": {"command": "node"},
            "b": {"url": "https://x.example/mcp"},
            "c": {"httpUrl": "https://x.example/mcp"},
            "d": {"type": "sse", "url": "https://x.example/sse"},
            "e": {"type": "streamableHttp", "url": "https://x.example/mcp"},
            "f": {}
        }}"#);
        let t: Vec<&str> = inv.servers.iter().map(|s| s.transport.as_str()).collect();
        assert_eq!(
            t,
            [
                "stdio",
                "http",
                "streamable-http",
                "sse",
                "streamable-http",
                "unknown"
            ]
        );
    }

    #[test]
    fn localhost_is_local_and_plain_http_elsewhere_is_flagged() {
        let inv = one(r#"{"mcpServers": {
            "a": {"url": "http://localhost:3000/mcp"},
            "b": {"url": "http://[::1]:3000/mcp"},
            "c": {"url": "http://mcp.example.com/mcp"},
            "d": {"url": "https://mcp.example.com/mcp"}
        }}"#);
        let loc: Vec<&str> = inv.servers.iter().map(|s| s.location.as_str()).collect();
        assert_eq!(loc, ["local", "local", "remote", "remote"]);
        assert_eq!(codes(&inv.servers[0]), ["no-owner-recorded"]);
        assert_eq!(
            codes(&inv.servers[2]),
            ["remote-plain-http", "no-owner-recorded"]
        );
    }

    #[test]
    fn mcp_remote_proxy_is_remote() {
        let inv = one(
            r#"{"mcpServers": {"a": {"command": "npx", "args": ["-y", "mcp-remote@0.1.18", "https://mcp.example.com/sse"]}}}"#,
        );
        assert_eq!(inv.servers[0].location, Location::Remote);
        assert_eq!(inv.servers[0].transport, Transport::Stdio);
    }

    #[test]
    fn a_non_object_server_is_a_problem_and_the_others_stay() {
        let inv = one(r#"{"mcpServers": {"a": "npx x", "b": {"command": "node"}}}"#);
        assert_eq!(inv.servers.len(), 1);
        assert_eq!(
            inv.problems[0].message,
            "server `a` is a string; expected an object; skipped"
        );
    }

    #[test]
    fn parse_one_reads_content_as_the_scan_reads_a_file_of_that_name() {
        let vscode = parse_one(
            ".vscode/mcp.json",
            br#"{"servers": {"a": {"command": "node"}}}"#,
        );
        assert_eq!(vscode.servers[0].client, Client::Vscode);
        assert_eq!(vscode.scanned, [".vscode/mcp.json"]);
        // A YAML name reads YAML, with a byte-order mark; an unknown JSON name guesses the client.
        let yaml = parse_one(
            ".continue/mcpServers/pg.yaml",
            "\u{feff}mcpServers:\n  - name: pg\n    command: npx\n".as_bytes(),
        );
        assert_eq!(yaml.servers[0].client, Client::Continue);
        let other = parse_one(
            "x.json",
            br#"{"mcpServers": {"a": {"url": "https://x.example"}}}"#,
        );
        assert_eq!(other.servers[0].client, Client::McpJson);
        // Content that cannot be read is a problem, never an error.
        let bad = parse_one(".mcp.json", b"\xff\xfe");
        assert_eq!(bad.problems[0].message, "not UTF-8 text; skipped");
        assert!(bad.scanned.is_empty());
        let empty = parse_one(".mcp.json", b"  ");
        assert_eq!(empty.problems[0].message, "the file is empty; skipped");
    }

    #[test]
    fn owner_filled_in_removes_the_owner_flag() {
        let inv = one(r#"{"mcpServers": {"a": {"command": "node"}}}"#);
        let mut s = inv.servers[0].clone();
        assert_eq!(Inventory::effective_flags(&s).len(), 1);
        s.owner = Some("J. Rivera".into());
        assert!(Inventory::effective_flags(&s).is_empty());
    }

    #[test]
    fn a_folder_is_looked_at_up_to_its_entry_limit_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..15 {
            std::fs::write(dir.path().join(format!("{i:02}.txt")), "x").unwrap();
        }
        let mut problems = Vec::new();
        let files = folder_configs(dir.path(), 10, 100, &mut problems);
        assert!(files.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .starts_with("holds more than 10 entries, the limit looked at per folder"),
            "{problems:?}"
        );
        // Within the limit: nothing to report.
        let mut problems = Vec::new();
        folder_configs(dir.path(), 15, 100, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn entries_beyond_the_inventory_total_are_reported_with_that_limit() {
        let v: Value =
            serde_json::from_str(r#"{"mcpServers": {"a": {}, "b": {}, "c": {}}}"#).unwrap();
        let room = 2;
        let s = sections::from_value(v, room);
        let mut inv = Inventory::default();
        extract_sections("f.json", None, true, &s, room, &mut inv);
        assert_eq!(inv.servers.len(), 2);
        assert_eq!(
            inv.problems[0].message,
            format!(
                "1 of its 3 server entries were skipped: the inventory reached the limit of {MAX_SERVERS} servers in all"
            )
        );
    }
}
