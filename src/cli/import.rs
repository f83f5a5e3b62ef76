//! `aimscore import WORKBOOK [-o FILE | --into ANSWERS]`: a filled questionnaire workbook back
//! to an answers file (YAML to standard output by default, the format of -o by its extension),
//! or its changed answers written into an existing answers file, keeping that file's comments
//! and order. A thin adapter: read, convert or merge, write.

use crate::answers::workbook;
use crate::error::{EXIT_OK, Error, Result};
use crate::read::Format;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The questionnaire workbook (.xlsx) from `init --format xlsx` or `export`.
    #[arg(value_name = "WORKBOOK")]
    pub workbook: PathBuf,
    /// Write the answers file to FILE (.yaml, .yml, .toml or .json) instead of standard output.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "FILE",
        conflicts_with = "into"
    )]
    pub output: Option<PathBuf>,
    /// Update the answers file ANSWERS in place with the answers that changed, keeping its
    /// comments and order (the same text-level edits as `aimscore ask`).
    #[arg(long, value_name = "ANSWERS")]
    pub into: Option<PathBuf>,
    /// Replace -o FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Switch on a profile of extra questions (repeatable), in addition to the workbook's own.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

/// The answers-file format for an output path, by its extension (YAML when there is none).
fn output_format(path: Option<&std::path::Path>) -> Result<Format> {
    let ext = path
        .filter(|p| !crate::output::is_stdout_path(p))
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        None | Some("yaml" | "yml") => Ok(Format::Yaml),
        Some("toml") => Ok(Format::Toml),
        Some("json") => Ok(Format::Json),
        Some(other) => Err(Error::Usage(format!(
            "{}: import writes an answers file (.yaml, .yml, .toml or .json), not .{other}",
            path.map(|p| p.display().to_string()).unwrap_or_default()
        ))),
    }
}

pub fn run(args: Args) -> Result<u8> {
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    if let Some(into) = &args.into {
        let format = Format::from_path(into);
        let (imported, _) = workbook::load(&args.workbook, &catalog, &args.profiles)?;
        let _lock = crate::output::EditLock::acquire(into)?;
        let text = crate::read::read_text(into)?;
        let name = into.display().to_string();
        let merged = workbook::merge_into(&name, &text, format, &catalog, &imported)?;
        if merged.changed > 0 {
            crate::output::replace_edited(into, merged.text.as_bytes())?;
        }
        return Ok(EXIT_OK);
    }
    let format = output_format(args.output.as_deref())?;
    if let Some(p) = args
        .output
        .as_ref()
        .filter(|p| !crate::output::is_stdout_path(p) && p.exists() && !args.force)
    {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to replace it, or --into {} to update its answers keeping its comments",
            p.display(),
            p.display()
        )));
    }
    let (answers, active) = workbook::load(&args.workbook, &catalog, &args.profiles)?;
    let text = crate::answers::write::to_text(&answers, &active, format);
    crate::output::emit(args.output.as_ref(), text.as_bytes())?;
    Ok(EXIT_OK)
}
