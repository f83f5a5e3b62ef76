//! `aimscore export ANSWERS --format xlsx -o FILE`: the questionnaire workbook pre-filled with an
//! answers file's answers. A thin adapter: load, render, write.

use crate::error::{EXIT_OK, Error, Result};
use std::path::PathBuf;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The spreadsheet questionnaire (About and Questionnaire sheets).
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answers file (YAML, TOML or JSON by extension, or a questionnaire workbook).
    #[arg(value_name = "ANSWERS")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "xlsx")]
    pub format: ExportFormat,
    /// The workbook to write.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Switch on a profile of extra questions (repeatable), in addition to the file's own.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    if crate::output::is_stdout_path(&args.output) {
        return Err(Error::Usage(
            "export writes a binary workbook; give the file to write with -o FILE.xlsx".into(),
        ));
    }
    if args.output.exists() && !args.force {
        return Err(Error::Usage(format!(
            "{} already exists; use --force to replace it (answers collected in it would be lost)",
            args.output.display()
        )));
    }
    let catalog = crate::catalog::open(args.catalog.as_deref())?;
    let (answers, active) = crate::answers::load(&args.file, &catalog, &args.profiles)?;
    let bytes = match args.format {
        ExportFormat::Xlsx => {
            crate::render::questionnaire::render(&active, &answers.meta, &answers.answers)?
        }
    };
    crate::output::emit(Some(&args.output), &bytes)?;
    Ok(EXIT_OK)
}
