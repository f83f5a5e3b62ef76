//! The inventory: a read-only inventory of AI agent and MCP (Model Context Protocol) server
//! configurations, the evidence behind an A.4 resource inventory.
//!
//! A scan reads a fixed list of known config locations under each root (never the whole tree),
//! parses them, and records each server's name, client, transport, command or URL, and the
//! NAMES of its environment variables and headers. Values are never stored: secrets written
//! into arguments or URLs are redacted, and those in env or header values are only flagged.
//! Nothing is executed and nothing is sent anywhere. A file that cannot be read or understood
//! becomes a [`Problem`] and the scan goes on. This module does not score or render: the YAML, JSON and table forms are `render`'s.

mod config;
pub mod load;
pub mod locations;
pub mod model;
pub mod packages;
pub mod scan;
pub mod secrets;
pub mod server;

pub use load::load_inventory;
pub use locations::known_locations;
pub use model::*;
pub use scan::scan;
pub use server::{is_local_host, url_host};
