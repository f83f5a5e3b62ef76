//! The inventory as data: servers, clients, transports, flags and problems, the file format
//! `discover` writes and `assess --inventory` reads. No scanning, reading or rendering here.

use serde::{Deserialize, Serialize};

// The scan's limits: every one reached is reported in `problems`, naming the file and the
// limit; nothing is skipped silently.

/// A config file larger than this is skipped with a problem. MCP configs are a few KiB.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;
/// Claude Code's `.claude.json` also holds its conversation history and grows to tens of MiB:
/// it is read up to this size, streamed so that only its MCP server sections are kept.
pub const MAX_HISTORY_CONFIG_BYTES: u64 = 64 * 1024 * 1024;
/// Server entries read from one config file; the rest are counted and skipped.
pub const MAX_SERVERS_PER_FILE: usize = 1000;
/// Servers in one inventory; entries of later files are counted and skipped.
pub const MAX_SERVERS: usize = 10_000;
/// JSON values the server sections of one file may hold (a server entry holds ten to thirty);
/// a file whose sections hold more is skipped.
pub const MAX_SECTION_VALUES: usize = 100_000;
/// Entries looked at in a folder of configs (`.continue/mcpServers`); the rest are not listed.
pub const MAX_FOLDER_ENTRIES: usize = 10_000;
/// Config files read from one folder, the first by name; the rest are skipped.
pub const MAX_FOLDER_CONFIGS: usize = 200;

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
    /// The accountable person: never found by a scan; fill it in the inventory file (a later
    /// `discover -o` into the same file keeps it).
    #[serde(default)]
    pub owner: Option<String>,
    /// Free text about the server, kept across scans like `owner`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// `gone`: listed by an earlier scan into this file, not found by the latest one; kept (with
    /// its owner and note) for the record, and left out of the findings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default)]
    pub flags: Vec<Flag>,
}

/// The status of a server kept from an earlier scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Gone,
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
            flags.push(Flag {
                code: FlagCode::NoOwnerRecorded,
                message: NO_OWNER_MESSAGE.into(),
            });
        }
        flags
    }
}
