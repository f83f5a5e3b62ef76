//! `aimscore init`: write an answers-file template; never overwrite without `--force`.

use crate::answers::template::{self, TemplateFormat};
use crate::error::{EXIT_OK, Error, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Switch on a profile of extra questions (repeatable), e.g. `agentic`.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Template format (default: from the output file's extension, else yaml).
    #[arg(long, value_enum)]
    pub format: Option<TemplateFormat>,
    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// The organization's name to put in the template.
    #[arg(long, value_name = "NAME", default_value = "Unnamed organization")]
    pub organization: String,
    /// Write the snapshot questionnaire (`tier: snapshot`): the short first assessment, an
    /// indicative score that never gives a readiness verdict.
    #[arg(long)]
    pub snapshot: bool,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    let catalog = catalog
        .with_profiles(&args.profiles)
        .map_err(Error::Usage)?;
    let format = args.format.unwrap_or_else(|| match &args.output {
        Some(p)
            if p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml")) =>
        {
            TemplateFormat::Toml
        }
        _ => TemplateFormat::Yaml,
    });
    if let Some(p) = args.output.as_ref().filter(|p| p.exists() && !args.force) {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to replace it (its answers would be lost)",
            p.display()
        )));
    }
    let text = template::render(&catalog, format, &args.organization, args.snapshot);
    crate::output::emit(args.output.as_ref(), text.as_bytes())?;
    Ok(EXIT_OK)
}
