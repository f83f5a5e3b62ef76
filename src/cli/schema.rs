//! `aimscore schema`: the JSON Schema of the answers file.

use crate::error::{EXIT_OK, Result};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write the schema to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    let catalog = crate::catalog::bundled()?;
    let text = crate::answers::schema::schema_json(&catalog);
    crate::output::emit(args.output.as_ref(), text.as_bytes())?;
    Ok(EXIT_OK)
}
