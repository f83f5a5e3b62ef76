//! `aimscore discover [PATH]...`: a read-only scan for AI agent and MCP server configurations,
//! written as an inventory (YAML, JSON or a table). Exits 0 even when some config files were
//! skipped (they are listed as problems); 2 when a PATH does not exist.

use crate::error::{EXIT_OK, Result};
use crate::inventory;
use crate::render::{self, InventoryFormat};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
A directory is not walked: only these known locations under it are read:
  .mcp.json  .vscode/mcp.json  .cursor/mcp.json  .claude.json  .claude/settings.json
  .claude/settings.local.json  claude_desktop_config.json
  Library/Application Support/Claude/claude_desktop_config.json
  .config/Claude/claude_desktop_config.json  AppData/Roaming/Claude/claude_desktop_config.json
  .codeium/windsurf/mcp_config.json  .continue/config.json  .continue/config.yaml
  .continue/mcpServers/*.yaml|*.yml|*.json  .gemini/settings.json  .amazonq/mcp.json
  .aws/amazonq/mcp.json  .config/Code/User/mcp.json
  Library/Application Support/Code/User/mcp.json
A file is read as a config whatever its name.

Nothing is executed and nothing is sent anywhere. Environment variables and headers are
recorded by name only. In commands, arguments (shell strings such as sh -c \"…\" too) and
URLs, the value of every option or key named like a secret, every URL query value and user
info, connection-string passwords, webhook tokens and token-shaped strings are replaced by
<redacted>.

Limits, each reported under problems when reached: a config over 1 MiB is skipped
(.claude.json, which also holds Claude Code's history, is read up to 64 MiB for its server
sections); at most 1000 servers per file and 10000 in all; in .continue/mcpServers, the first
10000 entries are looked at and the first 200 config files by name are read.

Examples:
  aimscore discover                      # the current directory (a repository)
  aimscore discover ~ . -o inventory.yaml  # your home directory's user-level configs too")]
pub struct Args {
    /// Directories or config files to scan (default: the current directory). User-level
    /// configs live in your home directory: pass it explicitly (`~`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "yaml")]
    pub format: InventoryFormat,
    /// Write the inventory to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let inv = inventory::scan(&roots)?;
    let mut buf = Vec::new();
    render::inventory(&inv, args.format, &mut buf)?;
    crate::output::emit(args.output.as_ref(), &buf)?;
    Ok(EXIT_OK)
}
