//! `aimscore init`: write an answers-file template or a questionnaire workbook; never overwrite
//! without `--force`.

use crate::answers::template::{self, TemplateFormat as Text};
use crate::error::{EXIT_OK, Error, Result};
use std::path::PathBuf;

/// What `init` writes: a text template, or the spreadsheet questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    Yaml,
    Toml,
    /// The spreadsheet questionnaire (needs -o FILE.xlsx): send it, collect it, `aimscore import` it.
    Xlsx,
}

impl TemplateFormat {
    fn as_str(self) -> &'static str {
        match self {
            TemplateFormat::Yaml => "yaml",
            TemplateFormat::Toml => "toml",
            TemplateFormat::Xlsx => "xlsx",
        }
    }
}

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

/// The template's format: from `--format`, else from the output file's extension (YAML when
/// writing to standard output). An extension that says another format is refused, so that a
/// `.json` or `.yaml` file never holds something else.
fn template_format(
    format: Option<TemplateFormat>,
    output: Option<&std::path::Path>,
) -> Result<TemplateFormat> {
    let ext = output
        .filter(|p| !crate::output::is_stdout_path(p))
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let by_ext = match ext.as_deref() {
        None => None,
        Some("yaml" | "yml") => Some(TemplateFormat::Yaml),
        Some("toml") => Some(TemplateFormat::Toml),
        Some("xlsx") => Some(TemplateFormat::Xlsx),
        Some(other) => {
            return Err(Error::Usage(format!(
                "{}: `init` writes YAML (.yaml, .yml), TOML (.toml) or a workbook (.xlsx), not .{other}; name the file accordingly",
                output.map(|p| p.display().to_string()).unwrap_or_default()
            )));
        }
    };
    match (format, by_ext) {
        (Some(f), Some(e)) if f != e => Err(Error::Usage(format!(
            "--format {} does not match the extension of {}; use a .{} file or drop --format",
            f.as_str(),
            output.map(|p| p.display().to_string()).unwrap_or_default(),
            f.as_str()
        ))),
        (Some(f), _) => Ok(f),
        (None, Some(e)) => Ok(e),
        (None, None) => Ok(TemplateFormat::Yaml),
    }
}

pub fn run(args: Args) -> Result<u8> {
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    let catalog = catalog
        .with_profiles(&args.profiles)
        .map_err(Error::Usage)?;
    let format = template_format(args.format, args.output.as_deref())?;
    if let Some(p) = args.output.as_ref().filter(|p| p.exists() && !args.force) {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to replace it (its answers would be lost)",
            p.display()
        )));
    }
    let bytes = match format {
        TemplateFormat::Xlsx => {
            // A workbook is binary: never sent to standard output.
            if args
                .output
                .as_deref()
                .is_none_or(crate::output::is_stdout_path)
            {
                return Err(Error::Usage(
                    "--format xlsx writes a binary workbook; give the file to write with -o FILE.xlsx"
                        .into(),
                ));
            }
            let meta = crate::answers::Meta {
                organization: args.organization.clone(),
                profiles: catalog.active_profiles.clone(),
                tier: if args.snapshot {
                    crate::answers::Tier::Snapshot
                } else {
                    crate::answers::Tier::Full
                },
                ..Default::default()
            };
            crate::render::questionnaire::render(&catalog, &meta, &Default::default())?
        }
        TemplateFormat::Yaml => template::render(
            &catalog,
            Text::Yaml,
            &template::Header::new(&args.organization),
            args.snapshot,
        )
        .into_bytes(),
        TemplateFormat::Toml => template::render(
            &catalog,
            Text::Toml,
            &template::Header::new(&args.organization),
            args.snapshot,
        )
        .into_bytes(),
    };
    crate::output::emit(args.output.as_ref(), &bytes)?;
    Ok(EXIT_OK)
}
