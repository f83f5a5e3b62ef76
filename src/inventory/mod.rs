//! The inventory: a read-only inventory of AI agent and MCP (Model Context Protocol) server
//! configurations, the evidence behind an A.4 resource inventory.
//!
//! A scan reads a fixed list of known config locations under each root (never the whole tree),
//! parses them, and records each server's name, client, transport, command or URL, and the
//! NAMES of its environment variables and headers. Values are never stored: every string taken
//! from a config (command, arguments, URL, and the names too) passes [`secrets`], which
//! redacts secrets by structure and by shape; secrets in env or header values are only
//! flagged. Nothing is executed and nothing is sent anywhere. A file that cannot be read or
//! understood, and every limit reached (file size, servers per file and in all, entries of a
//! folder: see [`model`]), becomes a [`Problem`] and the scan goes on. This module does not
//! score or render: the YAML, JSON and table forms are `render`'s.

mod config;
pub mod load;
pub mod locations;
pub mod merge;
pub mod model;
pub mod packages;
pub mod scan;
pub mod secrets;
mod sections;
pub mod server;

pub use load::load_inventory;
pub use locations::known_locations;
pub use model::*;
pub use scan::scan;
pub use server::{is_local_host, url_host};
