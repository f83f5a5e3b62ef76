//! The scan: the known locations under each root, each config read and parsed, and the servers
//! found in it (every shape the clients write). Normalising and flagging a server is
//! [`super::server`]'s; nothing is executed and nothing is sent anywhere.

use super::config::{decode_config, io_reason, parse_value, read_config, type_name};
use super::locations::{CONTINUE_DIR, KNOWN, classify};
use super::model::{Client, Inventory, Problem};
use super::server::{Raw, build_server};
use crate::error::{Error, Result};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// One file to read.
struct Candidate {
    path: PathBuf,
    /// None: decide from the content (a file given on the command line with an unknown name).
    client: Option<Client>,
    dedicated: bool,
}

/// Scans the roots (files or directories). A root that does not exist is a usage error; every
/// problem with a config file is recorded in the inventory instead.
/// Long on purpose: the scan visits the known config locations in a fixed, documented order.
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
            let (client, dedicated) = classify(r);
            candidates.push(Candidate {
                path: r.clone(),
                client,
                dedicated,
            });
            continue;
        }
        for k in &KNOWN {
            candidates.push(Candidate {
                path: r.join(k.rel),
                client: Some(k.client),
                dedicated: k.dedicated,
            });
        }
        let dir = r.join(CONTINUE_DIR);
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                let mut files: Vec<PathBuf> = entries
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| {
                        matches!(
                            p.extension().and_then(|e| e.to_str()),
                            Some("yaml" | "yml" | "json")
                        )
                    })
                    .collect();
                files.sort();
                for path in files {
                    candidates.push(Candidate {
                        path,
                        client: Some(Client::Continue),
                        dedicated: true,
                    });
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {}
            Err(e) => problems.push(Problem {
                file: dir.display().to_string(),
                message: format!("cannot list the directory: {}; skipped", io_reason(&e)),
            }),
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
        let Some(text) = read_config(&c.path, &name, &mut inv.problems) else {
            continue;
        };
        add_file(&c.path, &name, c.client, c.dedicated, &text, &mut inv);
    }
    finish(&mut inv);
    Ok(inv)
}

/// Parses one config file's content exactly as [`scan`] does for a file of that name given on
/// the command line: the client and shape from the name (`.vscode/mcp.json`,
/// `claude_desktop_config.json`, `.continue/mcpServers/x.yaml`, … or an unknown name), the size
/// budget, UTF-8, YAML or JSON with comments by extension, the servers found with their secrets
/// redacted and flagged. Nothing is read from disk: `name` only names the file. Whatever the
/// bytes, the result is an inventory (a problem with the content is one of its `problems`).
/// For fuzzing and tests.
pub fn parse_one(name: &str, bytes: &[u8]) -> Inventory {
    let path = std::path::Path::new(name);
    let (client, dedicated) = classify(path);
    let mut inv = Inventory::default();
    match decode_config(bytes.to_vec()) {
        Ok(text) => add_file(path, name, client, dedicated, &text, &mut inv),
        Err(message) => inv.problems.push(Problem {
            file: name.to_string(),
            message,
        }),
    }
    finish(&mut inv);
    inv
}

/// One config file read: it counts as scanned, and its servers (or a problem) are added.
fn add_file(
    path: &std::path::Path,
    name: &str,
    client: Option<Client>,
    dedicated: bool,
    text: &str,
    inv: &mut Inventory,
) {
    inv.scanned.push(name.to_string());
    match parse_value(path, text) {
        Ok(v) => extract(name, client, dedicated, &v, inv),
        Err(msg) => inv.problems.push(Problem {
            file: name.to_string(),
            message: msg,
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

/// Finds the servers of one parsed config file and adds them (or problems) to the inventory.
/// Long on purpose: each client's config shape is matched in one place, so every supported layout is listed together.
pub(crate) fn extract(
    file: &str,
    client: Option<Client>,
    dedicated: bool,
    v: &Value,
    inv: &mut Inventory,
) {
    let mut problem = |msg: String| {
        inv.problems.push(Problem {
            file: file.to_string(),
            message: msg,
        })
    };
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
    if !found && dedicated && !top.is_empty() {
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
                "server `{name}` is {}; expected an object; skipped",
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
        let v = parse_value(Path::new("mcp.json"), text).unwrap();
        assert_eq!(v["servers"]["a"]["args"][0], "//not-a-comment");
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
}
