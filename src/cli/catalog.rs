//! `aimscore catalog list | show ID | validate [DIR] | export`.

use crate::error::{EXIT_OK, Error, Result};
use crate::render::text::catalog as catalog_text;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// A table of requirements: id, title, questions, NIST and OWASP link counts.
    List {
        /// Only this section (e.g. `6`, `A.6`), or `clauses` / `annex`.
        #[arg(long, value_name = "ID")]
        section: Option<String>,
        /// Include a profile's questions in the counts (repeatable).
        #[arg(long = "profile", value_name = "NAME")]
        profiles: Vec<String>,
        /// Use the catalog in DIR.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Everything about one requirement (or the requirement of a question id).
    Show {
        /// A requirement id (`A.6.2.8`), a question id (`A.6.2.8-1`) or a section id (`A.6`).
        id: String,
        /// Include a profile's questions (repeatable).
        #[arg(long = "profile", value_name = "NAME")]
        profiles: Vec<String>,
        /// Use the catalog in DIR.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Validate a catalog directory (default: the bundled catalog); every problem is listed.
    Validate {
        /// A catalog directory (catalog.yaml, iso42001/*.yaml, nist-ai-rmf.yaml, …).
        dir: Option<PathBuf>,
    },
    /// Print the whole catalog (with every profile) as JSON.
    Export {
        /// Export format.
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Use the catalog in DIR.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
}

pub fn run(cmd: Command) -> Result<u8> {
    match cmd {
        Command::List {
            section,
            profiles,
            catalog,
        } => {
            let c = crate::catalog::open(catalog.as_deref())?
                .with_profiles(&profiles)
                .map_err(Error::Usage)?;
            let text = crate::terminal::clean(&catalog_text::list(&c, section.as_deref())?);
            crate::output::emit(None, text.as_bytes())?;
        }
        Command::Show {
            id,
            profiles,
            catalog,
        } => {
            let c = crate::catalog::open(catalog.as_deref())?
                .with_profiles(&profiles)
                .map_err(Error::Usage)?;
            // A catalog from `--catalog DIR` is user text: no control character reaches the
            // terminal.
            let text = crate::terminal::clean(&catalog_text::show(&c, &id)?);
            crate::output::emit(None, text.as_bytes())?;
        }
        Command::Validate { dir } => {
            let c = crate::catalog::open(dir.as_deref())?;
            let name = dir
                .as_ref()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|| "bundled catalog".into());
            let text = catalog_text::validated(&c, &name);
            crate::output::emit(None, text.as_bytes())?;
        }
        Command::Export {
            format: ExportFormat::Json,
            output,
            catalog,
        } => {
            let c = crate::catalog::open(catalog.as_deref())?;
            let mut buf = Vec::new();
            crate::render::json::write_json(&crate::documents::catalog::export(&c), &mut buf)?;
            crate::output::emit(output.as_ref(), &buf)?;
        }
    }
    Ok(EXIT_OK)
}
