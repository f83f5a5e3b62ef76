//! `aimscore ask FILE`: the interactive questionnaire (see [`crate::ask`]); this adapter only
//! turns the arguments into [`crate::ask::Options`].

use crate::error::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answers file; created from the template when missing (YAML, or TOML/JSON by
    /// extension). Every answer is saved to it at once.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Ask only the questions of one section (a clause `4`..`10` or an objective `A.2`..`A.10`).
    #[arg(long, value_name = "ID")]
    pub section: Option<String>,
    /// Ask only the questions that have no answer yet.
    #[arg(long)]
    pub unanswered: bool,
    /// Switch on a profile of extra questions (repeatable); it is added to the file's `profiles`.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    crate::ask::run(&crate::ask::Options {
        file: args.file,
        section: args.section,
        unanswered: args.unanswered,
        profiles: args.profiles,
        catalog: args.catalog,
    })
}
