//! `discover`: a read-only inventory of AI agent and MCP (Model Context Protocol) server
//! configurations, the evidence behind an A.4 resource inventory.
//!
//! A scan reads a fixed list of known config locations under each root (never the whole tree),
//! parses them, and records each server's name, client, transport, command or URL, and the
//! NAMES of its environment variables and headers. Values are never stored: secrets written
//! into arguments or URLs are redacted, and those in env or header values are only flagged.
//! Nothing is executed and nothing is sent anywhere. A file that cannot be read or understood
//! becomes a [`Problem`] and the scan goes on. This module does not score or render reports.

pub mod packages;
pub mod render;
pub mod secrets;

use crate::error::{Diagnostic, Error, Pos, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Config files larger than this are skipped with a problem.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// The result of a scan, and the file `assess --inventory` reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// Servers, sorted by file, then name.
    #[serde(default)]
    pub servers: Vec<Server>,
    /// Files that could not be read or understood (skipped).
    #[serde(default)]
    pub problems: Vec<Problem>,
    /// Every config file found and read, sorted.
    #[serde(default)]
    pub scanned: Vec<String>,
}

/// One configured MCP server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Server {
    pub name: String,
    pub client: Client,
    /// The config file it was found in.
    pub file: String,
    /// For Claude Code's per-project servers (`projects.<path>.mcpServers` in `.claude.json`):
    /// the project path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    pub transport: Transport,
    /// The stdio command (secrets redacted).
    #[serde(default)]
    pub command: Option<String>,
    /// The stdio arguments (secrets redacted).
    #[serde(default)]
    pub args: Vec<String>,
    /// The server URL for HTTP transports (credentials redacted).
    #[serde(default)]
    pub url: Option<String>,
    pub location: Location,
    /// Names of the environment variables the config sets (never their values), sorted.
    #[serde(default)]
    pub env: Vec<String>,
    /// Names of the HTTP headers the config sets (never their values), sorted.
    #[serde(default)]
    pub headers: Vec<String>,
    /// The accountable person: never found by a scan; fill it in the inventory file.
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub flags: Vec<Flag>,
}

/// The application whose configuration declares the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Client {
    ClaudeDesktop,
    Vscode,
    Cursor,
    Windsurf,
    ClaudeCode,
    Continue,
    Gemini,
    AmazonQ,
    McpJson,
}

impl Client {
    pub fn as_str(self) -> &'static str {
        match self {
            Client::ClaudeDesktop => "claude-desktop",
            Client::Vscode => "vscode",
            Client::Cursor => "cursor",
            Client::Windsurf => "windsurf",
            Client::ClaudeCode => "claude-code",
            Client::Continue => "continue",
            Client::Gemini => "gemini",
            Client::AmazonQ => "amazon-q",
            Client::McpJson => "mcp-json",
        }
    }
}

/// How the client talks to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transport {
    Stdio,
    Http,
    Sse,
    StreamableHttp,
    Unknown,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Stdio => "stdio",
            Transport::Http => "http",
            Transport::Sse => "sse",
            Transport::StreamableHttp => "streamable-http",
            Transport::Unknown => "unknown",
        }
    }
}

/// Whether the server runs on this machine or elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Location {
    Local,
    Remote,
}

impl Location {
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Local => "local",
            Location::Remote => "remote",
        }
    }
}

/// A finding about one server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub code: FlagCode,
    pub message: String,
}

/// What a flag is about. The order is the order flags are listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagCode {
    RemotePlainHttp,
    UnpinnedPackage,
    SecretInArgs,
    SecretInConfig,
    NoOwnerRecorded,
}

impl FlagCode {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagCode::RemotePlainHttp => "remote-plain-http",
            FlagCode::UnpinnedPackage => "unpinned-package",
            FlagCode::SecretInArgs => "secret-in-args",
            FlagCode::SecretInConfig => "secret-in-config",
            FlagCode::NoOwnerRecorded => "no-owner-recorded",
        }
    }

    /// The ISO/IEC 42001 Annex A control a finding of this kind is evidence against.
    pub fn requirement(self) -> &'static str {
        match self {
            FlagCode::NoOwnerRecorded => "A.4.2",
            _ => "A.10.3",
        }
    }
}

/// A config file that was skipped, and why (never quoting its content).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub file: String,
    pub message: String,
}

/// The message of the `no-owner-recorded` flag.
pub const NO_OWNER_MESSAGE: &str =
    "no owner recorded: name the person accountable for this server in `owner`";

/// A known config location, relative to a home directory or a repository.
struct Known {
    rel: &'static str,
    client: Client,
    /// A file whose only purpose is MCP servers: a non-empty one without them is an unknown shape.
    /// (Settings files often hold no servers at all.)
    dedicated: bool,
}

const KNOWN: [Known; 18] = [
    Known {
        rel: ".mcp.json",
        client: Client::McpJson,
        dedicated: true,
    },
    Known {
        rel: ".vscode/mcp.json",
        client: Client::Vscode,
        dedicated: true,
    },
    Known {
        rel: ".config/Code/User/mcp.json",
        client: Client::Vscode,
        dedicated: true,
    },
    Known {
        rel: "Library/Application Support/Code/User/mcp.json",
        client: Client::Vscode,
        dedicated: true,
    },
    Known {
        rel: ".cursor/mcp.json",
        client: Client::Cursor,
        dedicated: true,
    },
    Known {
        rel: ".claude.json",
        client: Client::ClaudeCode,
        dedicated: false,
    },
    Known {
        rel: ".claude/settings.json",
        client: Client::ClaudeCode,
        dedicated: false,
    },
    Known {
        rel: ".claude/settings.local.json",
        client: Client::ClaudeCode,
        dedicated: false,
    },
    Known {
        rel: "claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
    },
    Known {
        rel: "Library/Application Support/Claude/claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
    },
    Known {
        rel: ".config/Claude/claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
    },
    Known {
        rel: "AppData/Roaming/Claude/claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
    },
    Known {
        rel: ".codeium/windsurf/mcp_config.json",
        client: Client::Windsurf,
        dedicated: true,
    },
    Known {
        rel: ".continue/config.json",
        client: Client::Continue,
        dedicated: false,
    },
    Known {
        rel: ".continue/config.yaml",
        client: Client::Continue,
        dedicated: false,
    },
    Known {
        rel: ".gemini/settings.json",
        client: Client::Gemini,
        dedicated: false,
    },
    Known {
        rel: ".amazonq/mcp.json",
        client: Client::AmazonQ,
        dedicated: true,
    },
    Known {
        rel: ".aws/amazonq/mcp.json",
        client: Client::AmazonQ,
        dedicated: true,
    },
];

/// Continue's directory of one-file-per-server configs (`*.yaml`, `*.yml`, `*.json`).
const CONTINUE_DIR: &str = ".continue/mcpServers";

/// The relative paths a directory scan looks at, for help texts and documentation.
pub fn known_locations() -> Vec<String> {
    let mut v: Vec<String> = KNOWN.iter().map(|k| k.rel.to_string()).collect();
    v.push(format!("{CONTINUE_DIR}/*.yaml|*.yml|*.json"));
    v
}

/// One file to read.
struct Candidate {
    path: PathBuf,
    /// None: decide from the content (a file given on the command line with an unknown name).
    client: Option<Client>,
    dedicated: bool,
}

/// Scans the roots (files or directories). A root that does not exist is a usage error; every
/// problem with a config file is recorded in the inventory instead.
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
        inv.scanned.push(name.clone());
        match parse_value(&c.path, &text) {
            Ok(v) => extract(&name, c.client, c.dedicated, &v, &mut inv),
            Err(msg) => inv.problems.push(Problem {
                file: name,
                message: msg,
            }),
        }
    }
    inv.servers
        .sort_by(|a, b| (&a.file, &a.name, &a.project).cmp(&(&b.file, &b.name, &b.project)));
    inv.problems.sort();
    inv.problems.dedup();
    inv.scanned.sort();
    Ok(inv)
}

/// The client and "dedicated" of a file given on the command line, from its path.
fn classify(path: &Path) -> (Option<Client>, bool) {
    let p = path.to_string_lossy().replace('\\', "/");
    for k in &KNOWN {
        if p == k.rel || p.ends_with(&format!("/{}", k.rel)) {
            return (Some(k.client), k.dedicated);
        }
    }
    let parent = path
        .parent()
        .map(|d| d.to_string_lossy().replace('\\', "/"));
    if parent.is_some_and(|d| d == CONTINUE_DIR || d.ends_with(&format!("/{CONTINUE_DIR}"))) {
        return (Some(Client::Continue), true);
    }
    match path.file_name().and_then(|n| n.to_str()) {
        Some("claude_desktop_config.json") => (Some(Client::ClaudeDesktop), false),
        Some("mcp_config.json") => (Some(Client::Windsurf), true),
        _ => (None, true),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Reads a config file as text. A missing file is skipped silently; any other failure is a
/// problem.
fn read_config(path: &Path, name: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let mut problem = |message: String| {
        problems.push(Problem {
            file: name.to_string(),
            message,
        });
        None
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => return None,
        Err(e) => return problem(format!("cannot read: {}; skipped", io_reason(&e))),
    };
    if !meta.is_file() {
        // Never open a FIFO or a device: reading could block or never end.
        return problem("not a regular file; skipped".into());
    }
    let too_big = || {
        format!(
            "larger than the {} MiB limit for config files; skipped",
            MAX_CONFIG_BYTES / (1024 * 1024)
        )
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return problem(too_big());
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return problem(format!("cannot read: {}; skipped", io_reason(&e)));
    }
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return problem(too_big());
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Some(s)
        }
        Err(_) => problem("not UTF-8 text; skipped".into()),
    }
}

/// Parses a config file's text: YAML by extension, JSON otherwise (with `//` and `/* */`
/// comments and trailing commas, as VS Code allows). The message never quotes the content.
fn parse_value(path: &Path, text: &str) -> std::result::Result<Value, String> {
    if text.trim().is_empty() {
        return Err("the file is empty; skipped".into());
    }
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    if yaml {
        return crate::read::yaml::from_str::<Value>("", text).map_err(|e| match e {
            Error::Input(ds) => match ds.first() {
                Some(d) => match d.pos {
                    Some(Pos { line, column }) => {
                        format!("line {line} column {column}: {}; skipped", d.message)
                    }
                    None => format!("{}; skipped", d.message),
                },
                None => "invalid YAML; skipped".into(),
            },
            other => format!("{other}; skipped"),
        });
    }
    match serde_json::from_str::<Value>(text) {
        Ok(v) => Ok(v),
        Err(e) => match serde_json::from_str::<Value>(&strip_jsonc(text)) {
            Ok(v) => Ok(v),
            // serde_json's messages name the problem and position, never the text.
            Err(_) => Err(format!("invalid JSON: {e}; skipped")),
        },
    }
}

/// JSON with comments → JSON: comments become spaces (keeping positions) and commas before a
/// closing bracket are dropped.
fn strip_jsonc(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut in_string = false;
    while i < chars.len() {
        let c = chars[i];
        if in_string {
            out.push(c);
            if c == '\\' && i + 1 < chars.len() {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            if c == '"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match (c, chars.get(i + 1)) {
            ('"', _) => {
                in_string = true;
                out.push(c);
                i += 1;
            }
            ('/', Some('/')) => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(' ');
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                out.push_str("  ");
                i += 2;
                while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                    out.push(if chars[i] == '\n' { '\n' } else { ' ' });
                    i += 1;
                }
                out.push_str("  ");
                i += 2;
            }
            (',', _) => {
                let mut j = i + 1;
                while j < chars.len() && chars[j].is_whitespace() {
                    j += 1;
                }
                // A comment between the comma and the bracket is left for the next pass;
                // JSON with both is rare enough.
                out.push(if matches!(chars.get(j), Some('}') | Some(']')) {
                    ' '
                } else {
                    ','
                });
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A server entry as written, before normalising and flagging.
#[derive(Default)]
struct Raw {
    name: String,
    project: Option<String>,
    command: Option<String>,
    args: Vec<String>,
    url: Option<String>,
    /// `httpUrl` (Gemini's streamable HTTP).
    http_url: bool,
    kind: Option<String>,
    env: Vec<(String, String)>,
    headers: Vec<(String, String)>,
}

/// Finds the servers of one parsed config file and adds them (or problems) to the inventory.
fn extract(file: &str, client: Option<Client>, dedicated: bool, v: &Value, inv: &mut Inventory) {
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

fn transport_of(r: &Raw) -> Transport {
    if let Some(k) = &r.kind {
        return match k.to_ascii_lowercase().replace('_', "-").as_str() {
            "stdio" => Transport::Stdio,
            "sse" => Transport::Sse,
            "http" => Transport::Http,
            "streamable-http" | "streamablehttp" | "streamable" => Transport::StreamableHttp,
            _ => Transport::Unknown,
        };
    }
    if r.command.is_some() {
        Transport::Stdio
    } else if r.http_url {
        Transport::StreamableHttp
    } else if r.url.is_some() {
        Transport::Http
    } else {
        Transport::Unknown
    }
}

/// The host of a URL, lower-cased, without user info, port or brackets.
pub fn url_host(url: &str) -> Option<String> {
    let (_, after) = url.split_once("://")?;
    let auth = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = auth.rsplit('@').next().unwrap_or(auth);
    let host = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    Some(host.to_ascii_lowercase())
}

/// localhost, `*.localhost`, 127.0.0.0/8 and ::1.
pub fn is_local_host(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") || host == "::1"
}

fn plain_http(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if !lower.starts_with("http://") {
        return None;
    }
    url_host(url).filter(|h| !is_local_host(h))
}

/// Local stdio programs that only proxy to a remote MCP server given by URL.
const REMOTE_PROXIES: [&str; 3] = ["mcp-remote", "mcp-proxy", "supergateway"];

fn flag(code: FlagCode, message: String) -> Flag {
    Flag { code, message }
}

/// Normalises a raw entry, redacts secrets and computes the flags.
fn build_server(r: Raw, client: Client, file: &str) -> Server {
    let transport = transport_of(&r);
    let mut flags = Vec::new();
    let mut secret_args = Vec::new();
    let mut secret_config = Vec::new();

    let command = r.command.as_deref().map(|c| {
        let (red, kind) = secrets::redact_text(c);
        if let Some(k) = kind {
            secret_args.push(flag(
                FlagCode::SecretInArgs,
                format!("the command holds {k}; it was redacted: pass secrets through an environment variable reference instead"),
            ));
        }
        red
    });
    let (args, found) = secrets::redact_args(&r.args);
    for (pos, k) in found {
        secret_args.push(flag(
            FlagCode::SecretInArgs,
            format!("argument {pos} holds {k}; it was redacted: pass secrets through an environment variable reference instead"),
        ));
    }
    let url = r.url.as_deref().map(|u| match secrets::redact_url(u) {
        Some((red, kind)) => {
            if let Some(k) = kind {
                secret_config.push(flag(
                    FlagCode::SecretInConfig,
                    format!("the server URL holds {k}; it was redacted: send credentials in a header that references a secret"),
                ));
            }
            red
        }
        None => {
            let (red, kind) = secrets::redact_text(u);
            if let Some(k) = kind {
                secret_config.push(flag(
                    FlagCode::SecretInConfig,
                    format!("the server URL holds {k}; it was redacted"),
                ));
            }
            red
        }
    });

    // Remote over plain http: the server URL, or a URL a local proxy connects to.
    let mut remote_via_proxy = false;
    if let Some(host) = r.url.as_deref().and_then(plain_http) {
        flags.push(flag(
            FlagCode::RemotePlainHttp,
            format!("connects to {host} over plain http://: traffic and credentials travel unencrypted; use https://"),
        ));
    }
    let prog = command.as_deref().map(packages::program);
    let proxy = REMOTE_PROXIES.iter().any(|p| {
        prog.as_deref() == Some(p)
            || args
                .iter()
                .any(|a| a == p || a.starts_with(&format!("{p}@")))
    });
    for (i, a) in args.iter().enumerate() {
        if let Some(host) = url_host(a).filter(|_| a.contains("://")) {
            let local = is_local_host(&host);
            if proxy && !local && a.to_ascii_lowercase().starts_with("http") {
                remote_via_proxy = true;
            }
            if let Some(host) = plain_http(a) {
                flags.push(flag(
                    FlagCode::RemotePlainHttp,
                    format!("argument {} is a plain http:// URL to {host}: traffic travels unencrypted; use https://", i + 1),
                ));
            }
        }
    }

    if let Some(f) = command.as_deref().and_then(|c| packages::fetched(c, &args))
        && let Some(why) = f.unpinned
    {
        flags.push(flag(
            FlagCode::UnpinnedPackage,
            format!(
                "runs the {} `{}` fetched when it starts, with {why}: any new release runs unreviewed; pin an exact version{}",
                if f.registry == "container image" { "container image".to_string() } else { format!("{} package", f.registry) },
                f.spec,
                match f.registry {
                    "npm" => " (name@1.2.3)",
                    "PyPI" => " (name==1.2.3)",
                    _ => " (a tag other than latest, or an @sha256 digest)",
                }
            ),
        ));
    }

    flags.extend(secret_args);
    let mut env = r.env;
    env.sort();
    for (name, value) in &env {
        if secrets::inline_secret(name, value) {
            secret_config.push(flag(
                FlagCode::SecretInConfig,
                format!("env `{name}` holds a value written in the file: reference it instead (for example ${{env:{name}}} or ${{input:…}}) or use a secret store"),
            ));
        }
    }
    let mut headers = r.headers;
    headers.sort();
    for (name, value) in &headers {
        if secrets::inline_secret(name, value) {
            secret_config.push(flag(
                FlagCode::SecretInConfig,
                format!("header `{name}` holds a value written in the file: reference a secret instead (for example Bearer ${{env:TOKEN}})"),
            ));
        }
    }
    flags.extend(secret_config);
    flags.push(flag(FlagCode::NoOwnerRecorded, NO_OWNER_MESSAGE.into()));

    let location = match url.as_deref().and_then(url_host) {
        Some(h) if is_local_host(&h) => Location::Local,
        Some(_) => Location::Remote,
        None if remote_via_proxy => Location::Remote,
        None => Location::Local,
    };
    let names = |v: Vec<(String, String)>| -> Vec<String> {
        let mut n: Vec<String> = v.into_iter().map(|(k, _)| k).collect();
        n.dedup();
        n
    };
    Server {
        name: r.name,
        client,
        file: file.to_string(),
        project: r.project,
        transport,
        command,
        args,
        url,
        location,
        env: names(env),
        headers: names(headers),
        owner: None,
        flags,
    }
}

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

impl Inventory {
    /// The flags of each server as `assess` counts them: as written, except that
    /// `no-owner-recorded` follows the `owner` field (filled in by people after a scan).
    pub fn effective_flags(server: &Server) -> Vec<Flag> {
        let owned = server
            .owner
            .as_deref()
            .is_some_and(|o| !o.trim().is_empty());
        let mut flags: Vec<Flag> = server
            .flags
            .iter()
            .filter(|f| f.code != FlagCode::NoOwnerRecorded)
            .cloned()
            .collect();
        if !owned {
            flags.push(flag(FlagCode::NoOwnerRecorded, NO_OWNER_MESSAGE.into()));
        }
        flags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn odd_strings_never_panic_and_round_trip_through_yaml() {
        // Multibyte characters, separators and half-written references in every field.
        let pieces = [
            "é", "@", "=", ":", "$", "${", "}", "${{", "%", "://", "?", "&", "#", "/", "\\", "-",
            "--token", "Bearer", "ghp_", "a", "1", " ", "npx", "@latest", "==", "http://", "[",
            "]", "\u{2028}", "🙂",
        ];
        let mut seed: u64 = 42;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..600 {
            let mut word = || {
                let n = next() % 6 + 1;
                (0..n)
                    .map(|_| pieces[next() % pieces.len()])
                    .collect::<String>()
            };
            let v = serde_json::json!({"mcpServers": {word(): {
                "command": word(), "args": [word(), word(), word()], "url": word(),
                "env": {word(): word()}, "headers": {word(): word()}
            }}});
            let mut inv = Inventory::default();
            extract("f.json", None, true, &v, &mut inv);
            let y = render::yaml(&inv);
            let back: Inventory = crate::read::yaml::from_str("x.yaml", &y).unwrap();
            assert_eq!(back, inv);
        }
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
