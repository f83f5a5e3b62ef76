//! `aimscore ask FILE`: the interactive questionnaire (see [`crate::ask`]); this adapter only
//! turns the arguments into [`crate::ask::Options`].

use crate::error::Result;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Keys at the answer prompt, then Enter: y yes, p partial, n no, a na (Annex A \
only), 0-5 a maturity, s skip, b back, q quit; Enter alone keeps the current answer. Esc skips the \
question like s; at a follow-up (evidence, note, owner, due) it skips the remaining ones, at the na \
justification it cancels the na. Ctrl-C exits 130; every answer given is already saved."
)]
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
