//! `aimscore diff OLD NEW`: what changed between two assessments, for people (text, md) or
//! machines (json). Each side is an answers file (assessed here) or a JSON report, told apart by
//! content. Exits 0 when it could compare, 2 on input errors; a worse score is not an error.

use crate::documents::comparison;
use crate::error::{EXIT_OK, Error, Result};
use crate::pipeline::load_side;
use crate::render::markdown::comparison::render_md;
use crate::render::text::comparison::render_text;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Md,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier assessment: an answers file or a JSON report (`assess --format json`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later assessment: an answers file or a JSON report.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: DiffFormat,
    /// Write the comparison to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use the catalog in DIR instead of the bundled one (for answers files).
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Score a `yes` without evidence as 1 instead of 0.5 (for answers files).
    #[arg(long)]
    pub trust_claims: bool,
    /// A scoring policy (TOML or YAML: thresholds, bands, weights, blockers, critical
    /// questions); default: the built-in policy (README, "Scoring policy").
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Switch on a profile of extra questions (repeatable; for answers files).
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Do not count a new, justified `na` that replaced a gap as a regression.
    #[arg(long)]
    pub allow_exclusions: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let (catalog, opts) = super::scoring_setup(
        args.catalog.as_deref(),
        args.policy.as_deref(),
        args.trust_claims,
    )?;
    // Read both sides before failing, so that both files' problems are reported together.
    let old = load_side(&args.old, &catalog, &args.profiles, &opts);
    let new = load_side(&args.new, &catalog, &args.profiles, &opts);
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            return Err(Error::Input(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let old_name = args.old.display().to_string();
    let new_name = args.new.display().to_string();
    comparison::ensure_comparable(&old, &new, &old_name, &new_name)?;
    let c = comparison::compare(
        &old,
        &new,
        comparison::Options {
            allow_exclusions: args.allow_exclusions,
        },
    );
    let mut buf = Vec::new();
    match args.format {
        DiffFormat::Text => render_text(&c, &mut buf)?,
        DiffFormat::Md => render_md(&c, &mut buf)?,
        DiffFormat::Json => crate::render::json::write_json(&c, &mut buf)?,
    }
    crate::output::emit(args.output.as_ref(), &buf)?;
    Ok(EXIT_OK)
}
