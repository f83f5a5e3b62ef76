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
    /// Output format (default: json for an -o FILE ending in .json, yaml otherwise).
    #[arg(long, value_enum)]
    pub format: Option<InventoryFormat>,
    /// Write the inventory to FILE instead of standard output. An inventory already there is
    /// merged: owners and notes kept, servers no longer found marked `status: gone`, new ones
    /// added.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With -o: write a fresh inventory over FILE instead of merging with it.
    #[arg(long, requires = "output")]
    pub replace: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let roots = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let json_file = args.output.as_ref().is_some_and(|p| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    });
    let format = match args.format {
        Some(InventoryFormat::Yaml) if json_file => {
            return Err(crate::error::Error::Usage(
                "--format yaml with an -o FILE ending in .json: `assess --inventory` would read it as JSON; name the file .yaml, or leave --format out".into(),
            ));
        }
        Some(f) => f,
        None if json_file => InventoryFormat::Json,
        None => InventoryFormat::Yaml,
    };
    let mut inv = inventory::scan(&roots)?;
    // Merge into the inventory already at -o (the owners people filled in), unless --replace.
    // A config this scan read is never the inventory: writing it is refused as usual.
    let merge_into = args.output.as_ref().filter(|p| {
        !args.replace
            && p.is_file()
            && !crate::output::is_stdout_path(p)
            && crate::identity::input_named_by(p).is_none()
    });
    let mut buf = Vec::new();
    match merge_into {
        Some(path) => {
            let old = inventory::load_inventory(path).map_err(|e| {
                crate::error::Error::Usage(format!(
                    "{e}\n{}: -o merges the scan into the inventory there; give --replace to write a fresh inventory over it, or another file",
                    path.display()
                ))
            })?;
            let (merged, m) = inventory::merge::merge(inv, &old);
            inv = merged;
            render::inventory(&inv, format, &mut buf)?;
            crate::output::replace_edited(path, &buf)?;
            #[allow(clippy::print_stderr)]
            {
                eprintln!(
                    "{}: merged: {} kept (owners and notes too), {} new, {} gone",
                    crate::terminal::clean(&path.display().to_string()),
                    m.kept,
                    m.added,
                    m.gone
                );
            }
        }
        None => {
            render::inventory(&inv, format, &mut buf)?;
            crate::output::emit(args.output.as_ref(), &buf)?;
        }
    }
    Ok(EXIT_OK)
}
