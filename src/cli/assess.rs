//! `aimscore assess FILE...`: score answers files and render reports. Exits 0 whatever the
//! score (gates live in `check`); 2 when any file could not be assessed.

use crate::catalog::Catalog;
use crate::error::{EXIT_INPUT, EXIT_OK, Error, Result};
use crate::parallel::ordered_map;
use crate::report::{self, Format, Report, junit, portfolio};
use crate::scoring;
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
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
        let inv = crate::inventory::load_inventory(&inv_path)?;
        r.inventory_findings = report::inventory_findings(&inv);
    }
    Ok(r)
}

/// What a portfolio run settles: how many files could not be assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortfolioOutcome {
    pub files: usize,
    pub failed: usize,
}

/// One file's result, computed on a worker thread.
struct Done {
    row: portfolio::Row,
    part: portfolio::Part,
    /// The input error, when the file could not be assessed.
    error: Option<Error>,
}

/// Assesses `files` in parallel and writes the portfolio document to `out` as it goes: each
/// file's part in input order, then the summary. Memory stays bounded whatever the number of
/// files: each worker holds one report, at most a few finished parts wait to be written, and a
/// format whose document begins with the summary (JSON, JUnit, HTML) keeps the parts in an
/// unnamed temporary file until the end. A file that cannot be assessed is reported on
/// standard error (in input order) and in the summary; the others are still assessed.
#[allow(clippy::too_many_arguments)]
pub fn assess_portfolio(
    files: &[PathBuf],
    catalog: &Catalog,
    profiles: &[String],
    opts: scoring::Options,
    top: Option<usize>,
    inventory: Option<&Path>,
    layout: &portfolio::Layout<'_>,
    out: &mut dyn Write,
) -> Result<PortfolioOutcome> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let work = |i: usize| -> Result<Done> {
        let f = &files[i];
        match assess_file_with_inventory(f, catalog, profiles, opts, top, inventory) {
            Ok(r) => Ok(Done {
                row: portfolio::Row::from_report(&r),
                part: layout.part(i + 1, &r)?,
                error: None,
            }),
            Err(e) => {
                let name = f.display().to_string();
                let message = e.to_string();
                Ok(Done {
                    row: portfolio::Row::from_error(&name, &message),
                    part: layout.error_part(&name, &message)?,
                    error: Some(e),
                })
            }
        }
    };
    let mut spill = if layout.parts_wait() {
        let f = tempfile::tempfile().map_err(|e| {
            Error::io(
                &std::env::temp_dir(),
                "cannot create a temporary file in",
                e,
            )
        })?;
        Some(std::io::BufWriter::with_capacity(1 << 16, f))
    } else {
        layout.head(out)?;
        None
    };
    let mut rows = Vec::with_capacity(files.len());
    let mut written = 0;
    let mut totals = junit::Counts::default();
    let mut failed = 0;
    ordered_map(files.len(), workers, 2 * workers, work, |i, done| {
        let done = done.ok_or_else(|| {
            Error::Usage(format!(
                "internal error: assessing {} failed unexpectedly",
                files[i].display()
            ))
        })??;
        if let Some(e) = &done.error {
            failed += 1;
            #[allow(clippy::print_stderr)]
            {
                eprintln!("error: {e}");
            }
        }
        rows.push(done.row);
        if !done.part.bytes.is_empty() {
            let sep = layout.separator(written);
            match &mut spill {
                Some(s) => s
                    .write_all(sep)
                    .and_then(|_| s.write_all(&done.part.bytes))
                    .map_err(|e| {
                        Error::io(&std::env::temp_dir(), "cannot write a temporary file in", e)
                    })?,
                None => out
                    .write_all(sep)
                    .and_then(|_| out.write_all(&done.part.bytes))
                    .map_err(report::io_err)?,
            }
            written += 1;
        }
        totals += done.part.counts;
        Ok::<(), Error>(())
    })?;
    let mut parts = match spill {
        Some(s) => {
            let tmp_err =
                |e| Error::io(&std::env::temp_dir(), "cannot write a temporary file in", e);
            let mut f = s.into_inner().map_err(|e| tmp_err(e.into_error()))?;
            f.seek(SeekFrom::Start(0)).map_err(tmp_err)?;
            Some(f)
        }
        None => None,
    };
    layout.finish(
        &rows,
        written,
        totals,
        parts.as_mut().map(|f| f as &mut dyn Read),
        out,
    )?;
    Ok(PortfolioOutcome {
        files: files.len(),
        failed,
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
    let color = crate::output::use_color(args.output.as_ref());

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
        crate::output::emit(args.output.as_ref(), &buf)?;
        return Ok(EXIT_OK);
    }

    let layout = portfolio::Layout::new(args.format, template.as_ref(), color)?;
    let mut out = crate::output::Output::open(args.output.as_ref())?;
    let outcome = assess_portfolio(
        &args.files,
        &catalog,
        &args.profiles,
        opts,
        top,
        args.inventory.as_deref(),
        &layout,
        &mut out,
    );
    match outcome {
        Ok(o) => {
            match out.finish() {
                Err(Error::Io { source, .. }) if source.kind() == ErrorKind::BrokenPipe => {}
                r => r?,
            }
            Ok(if o.failed > 0 { EXIT_INPUT } else { EXIT_OK })
        }
        // The reader of standard output left (`| head`): stop quietly, as single reports do.
        Err(Error::Io { source, .. })
            if source.kind() == ErrorKind::BrokenPipe && out.is_stdout() =>
        {
            Ok(EXIT_OK)
        }
        // Name the output the user gave rather than the renderers' "<output>".
        Err(Error::Io {
            path,
            action,
            source,
        }) if path == Path::new("<output>") => Err(Error::Io {
            path: args
                .output
                .clone()
                .unwrap_or_else(|| PathBuf::from("<stdout>")),
            action,
            source,
        }),
        Err(e) => Err(e),
    }
}
