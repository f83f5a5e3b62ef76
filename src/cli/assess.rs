//! `aimscore assess FILE...`: score answers files and render reports. Exits 0 whatever the
//! score (gates live in `check`); 2 when any file could not be assessed.

use crate::catalog::Catalog;
use crate::error::{EXIT_INPUT, EXIT_OK, Error, Result};
use crate::report::{self, Format, Report, portfolio};
use crate::scoring;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Answers files (YAML, or TOML/JSON by extension). Several files give a portfolio summary.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Render with your own minijinja template (it receives the report model).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Show only the first N fixes (text shows 10 unless given).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Use the catalog in DIR instead of the bundled one.
    #[arg(long, value_name = "DIR")]
    pub catalog: Option<PathBuf>,
    /// Score a `yes` without evidence as 1 instead of 0.5.
    #[arg(long)]
    pub trust_claims: bool,
    /// Switch on a profile of extra questions (repeatable), in addition to the file's own.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Add findings from an agent and MCP inventory (from `aimscore discover`, YAML or JSON) to
    /// the report; they do not change scores. Default: the answers file's `inventory:` path.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
}

/// Loads, validates and scores one answers file into a report model.
pub fn assess_file(
    path: &Path,
    catalog: &Catalog,
    profiles: &[String],
    opts: scoring::Options,
    top: Option<usize>,
) -> Result<Report> {
    let (answers, active) = crate::answers::load(path, catalog, profiles)?;
    let a = scoring::assess(&active, &answers, opts);
    Ok(report::build(&active, &answers, &a, top))
}

/// Like [`assess_file`], and adds the findings of an agent and MCP inventory to the report:
/// `inventory` when given, otherwise the answers file's `inventory:` path (relative to the
/// answers file). An unreadable or malformed inventory is an input error naming that file.
/// Findings never change a score.
pub fn assess_file_with_inventory(
    path: &Path,
    catalog: &Catalog,
    profiles: &[String],
    opts: scoring::Options,
    top: Option<usize>,
    inventory: Option<&Path>,
) -> Result<Report> {
    let (answers, active) = crate::answers::load(path, catalog, profiles)?;
    let a = scoring::assess(&active, &answers, opts);
    let mut r = report::build(&active, &answers, &a, top);
    let from_answers = answers
        .meta
        .inventory
        .as_deref()
        .map(|p| path.parent().unwrap_or(Path::new("")).join(p));
    if let Some(inv_path) = inventory.map(Path::to_path_buf).or(from_answers) {
        let inv = crate::discover::load_inventory(&inv_path)?;
        r.inventory_findings = report::inventory_findings(&inv);
    }
    Ok(r)
}

/// Assesses files in parallel (in input order), each to a report or its error.
pub fn assess_many(
    files: &[PathBuf],
    catalog: &Catalog,
    profiles: &[String],
    opts: scoring::Options,
    top: Option<usize>,
    inventory: Option<&Path>,
) -> Vec<Result<Report>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len().max(1));
    if workers <= 1 || files.len() < 4 {
        return files
            .iter()
            .map(|f| assess_file_with_inventory(f, catalog, profiles, opts, top, inventory))
            .collect();
    }
    let chunk = files.len().div_ceil(workers);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|f| {
                            assess_file_with_inventory(f, catalog, profiles, opts, top, inventory)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(Error::Usage(
                        "internal error: a worker thread failed".into(),
                    ))]
                })
            })
            .collect()
    })
}

pub fn run(args: Args) -> Result<u8> {
    let catalog = super::load_catalog(args.catalog.as_deref())?;
    let template = args
        .template
        .as_deref()
        .map(report::templates::UserTemplate::load)
        .transpose()?;
    let opts = scoring::Options {
        trust_claims: args.trust_claims,
    };
    let top = match args.format {
        // JUnit names each failing requirement's top fix, so it needs the whole fix-list.
        Format::Junit if template.is_none() => None,
        Format::Text => args.top.or(Some(report::text::DEFAULT_TOP)),
        _ => args.top,
    };
    let color = super::use_color(args.output.as_ref());

    if args.files.len() == 1 {
        let r = assess_file_with_inventory(
            &args.files[0],
            &catalog,
            &args.profiles,
            opts,
            top,
            args.inventory.as_deref(),
        )?;
        let mut buf = Vec::new();
        report::render(&r, args.format, template.as_ref(), color, &mut buf)?;
        super::emit(args.output.as_ref(), &buf)?;
        return Ok(EXIT_OK);
    }

    let results = assess_many(
        &args.files,
        &catalog,
        &args.profiles,
        opts,
        top,
        args.inventory.as_deref(),
    );
    let mut rows = Vec::new();
    let mut reports = Vec::new();
    let mut failed = false;
    for (f, r) in args.files.iter().zip(results) {
        match r {
            Ok(rep) => {
                rows.push(portfolio::Row::from_report(&rep));
                reports.push(rep);
            }
            Err(e) => {
                failed = true;
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("error: {e}");
                }
                rows.push(portfolio::Row::from_error(
                    &f.display().to_string(),
                    &e.to_string(),
                ));
            }
        }
    }
    let mut buf = Vec::new();
    match (args.format, &template) {
        (Format::Json, None) => {
            let p = portfolio::Portfolio {
                schema_version: report::SCHEMA_VERSION,
                portfolio: rows,
                reports,
            };
            report::json::write_json(&p, &mut buf)?;
        }
        // One document each: reports then the summary (html), one table (csv), one
        // <testsuites> (junit).
        (Format::Html, None) => report::html::render_portfolio(&reports, &rows, &mut buf)?,
        (Format::Csv, None) => report::csv::render_portfolio(&reports, &mut buf)?,
        (Format::Junit, None) => report::junit::render_portfolio(&reports, &rows, &mut buf)?,
        (fmt, _) => {
            for r in &reports {
                report::render(r, fmt, template.as_ref(), color, &mut buf)?;
                buf.extend_from_slice(if fmt == Format::Md {
                    b"\n---\n\n"
                } else {
                    b"\n"
                });
            }
            match fmt {
                Format::Md => portfolio::render_md(&rows, &mut buf)?,
                _ => portfolio::render_text(&rows, &mut buf)?,
            }
        }
    }
    super::emit(args.output.as_ref(), &buf)?;
    Ok(if failed { EXIT_INPUT } else { EXIT_OK })
}
