//! `aimscore soa FILE`: the Statement of Applicability of one answers file, as Markdown, CSV, an
//! XLSX workbook or a Word document. A thin adapter: load, score, build the report model, then the SoA.

use crate::documents::{self, soa};
use crate::error::{EXIT_OK, Error, Result};
use crate::render::{self, SoaFormat as Format};
use crate::scoring;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The answers file (YAML, or TOML/JSON by extension).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format (xlsx and docx need -o FILE).
    #[arg(long, value_enum, default_value = "md")]
    pub format: Format,
    /// Write the SoA to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Switch on a profile of extra questions (repeatable), in addition to the file's own.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Score a `yes` without evidence as 1 instead of 0.5.
    #[arg(long)]
    pub trust_claims: bool,
    /// How documents for people (html, md, docx, the SoA) name the answers file, instead of
    /// its file name (e.g. "Acme answers, November 2026"); json, csv and junit keep the path.
    #[arg(long, value_name = "NAME")]
    pub label: Option<String>,
    /// A scoring policy (TOML or YAML: thresholds, bands, weights, blockers, critical
    /// questions); default: the built-in policy (README, "Scoring policy").
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    // A workbook is binary: never send it to standard output, where it would garble a terminal
    // and be easy to lose in a pipe.
    if args.output.is_none() {
        let what = match args.format {
            Format::Xlsx => Some("a binary workbook; give the file to write with -o FILE.xlsx"),
            Format::Docx => {
                Some("a binary Word document; give the file to write with -o FILE.docx")
            }
            Format::Md | Format::Csv => None,
        };
        if let Some(what) = what {
            return Err(Error::Usage(format!(
                "--format {} writes {what}",
                if args.format == Format::Xlsx {
                    "xlsx"
                } else {
                    "docx"
                }
            )));
        }
    }
    let (catalog, opts) = super::scoring_setup(
        args.catalog.as_deref(),
        args.policy.as_deref(),
        args.trust_claims,
    )?;
    let (answers, active) = crate::answers::load(&args.file, &catalog, &args.profiles)?;
    let a = scoring::assess(&active, &answers, opts);
    let mut r = documents::build(&active, &answers, &a, None);
    if let Some(l) = args.label.as_deref() {
        r.source_name = super::label(l)?;
    }
    let s = soa::build(&active, &r);
    let mut buf = Vec::new();
    render::soa(&s, args.format, &mut buf)?;
    crate::output::emit(args.output.as_ref(), &buf)?;
    Ok(EXIT_OK)
}
