//! Where agent and MCP configs live: the fixed list of known locations under a home directory
//! or a repository, and which client a named file belongs to. No reading or parsing here.

use super::model::Client;
use std::path::Path;

/// A known config location, relative to a home directory or a repository.
pub(crate) struct Known {
    pub(crate) rel: &'static str,
    pub(crate) client: Client,
    /// A file whose only purpose is MCP servers: a non-empty one without them is an unknown shape.
    /// (Settings files often hold no servers at all.)
    pub(crate) dedicated: bool,
    /// The client keeps its history in the file too: it may be read up to the larger limit.
    pub(crate) history: bool,
}

pub(crate) const KNOWN: [Known; 18] = [
    Known {
        rel: ".mcp.json",
        client: Client::McpJson,
        dedicated: true,
        history: false,
    },
    Known {
        rel: ".vscode/mcp.json",
        client: Client::Vscode,
        dedicated: true,
        history: false,
    },
    Known {
        rel: ".config/Code/User/mcp.json",
        client: Client::Vscode,
        dedicated: true,
        history: false,
    },
    Known {
        rel: "Library/Application Support/Code/User/mcp.json",
        client: Client::Vscode,
        dedicated: true,
        history: false,
    },
    Known {
        rel: ".cursor/mcp.json",
        client: Client::Cursor,
        dedicated: true,
        history: false,
    },
    Known {
        rel: ".claude.json",
        client: Client::ClaudeCode,
        dedicated: false,
        history: true,
    },
    Known {
        rel: ".claude/settings.json",
        client: Client::ClaudeCode,
        dedicated: false,
        history: false,
    },
    Known {
        rel: ".claude/settings.local.json",
        client: Client::ClaudeCode,
        dedicated: false,
        history: false,
    },
    Known {
        rel: "claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
        history: false,
    },
    Known {
        rel: "Library/Application Support/Claude/claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
        history: false,
    },
    Known {
        rel: ".config/Claude/claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
        history: false,
    },
    Known {
        rel: "AppData/Roaming/Claude/claude_desktop_config.json",
        client: Client::ClaudeDesktop,
        dedicated: false,
        history: false,
    },
    Known {
        rel: ".codeium/windsurf/mcp_config.json",
        client: Client::Windsurf,
        dedicated: true,
        history: false,
    },
    Known {
        rel: ".continue/config.json",
        client: Client::Continue,
        dedicated: false,
        history: false,
    },
    Known {
        rel: ".continue/config.yaml",
        client: Client::Continue,
        dedicated: false,
        history: false,
    },
    Known {
        rel: ".gemini/settings.json",
        client: Client::Gemini,
        dedicated: false,
        history: false,
    },
    Known {
        rel: ".amazonq/mcp.json",
        client: Client::AmazonQ,
        dedicated: true,
        history: false,
    },
    Known {
        rel: ".aws/amazonq/mcp.json",
        client: Client::AmazonQ,
        dedicated: true,
        history: false,
    },
];

/// Continue's directory of one-file-per-server configs (`*.yaml`, `*.yml`, `*.json`).
pub(crate) const CONTINUE_DIR: &str = ".continue/mcpServers";

/// The relative paths a directory scan looks at, for help texts and documentation.
pub fn known_locations() -> Vec<String> {
    let mut v: Vec<String> = KNOWN.iter().map(|k| k.rel.to_string()).collect();
    v.push(format!("{CONTINUE_DIR}/*.yaml|*.yml|*.json"));
    v
}

/// How a file given on the command line is read, from its path.
pub(crate) struct Classified {
    /// None: decide from the content (a file with an unknown name).
    pub(crate) client: Option<Client>,
    pub(crate) dedicated: bool,
    pub(crate) history: bool,
}

/// The client, "dedicated" and "history" of a file given on the command line, from its path.
pub(crate) fn classify(path: &Path) -> Classified {
    let of = |client, dedicated| Classified {
        client,
        dedicated,
        history: false,
    };
    let p = path.to_string_lossy().replace('\\', "/");
    for k in &KNOWN {
        if p == k.rel || p.ends_with(&format!("/{}", k.rel)) {
            return Classified {
                client: Some(k.client),
                dedicated: k.dedicated,
                history: k.history,
            };
        }
    }
    let parent = path
        .parent()
        .map(|d| d.to_string_lossy().replace('\\', "/"));
    if parent.is_some_and(|d| d == CONTINUE_DIR || d.ends_with(&format!("/{CONTINUE_DIR}"))) {
        return of(Some(Client::Continue), true);
    }
    match path.file_name().and_then(|n| n.to_str()) {
        Some("claude_desktop_config.json") => of(Some(Client::ClaudeDesktop), false),
        Some("mcp_config.json") => of(Some(Client::Windsurf), true),
        _ => of(None, true),
    }
}
