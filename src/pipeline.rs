//! Whole runs, as the library offers them: one answers file read, scored and derived into a
//! report (with its inventory findings), one side of a diff, and a portfolio streamed file by
//! file (assessed on a bounded parallel map, each part rendered and written as it is done).
//! It orchestrates only: no argument parsing, no formatting of its own, no scoring rules.

use crate::catalog::Catalog;
use crate::documents::baseline::{JsonKind, json_kind, parse_report};
use crate::documents::comparison::{self, Comparison};
use crate::documents::{self, Report};
use crate::error::{Diagnostic, Error, Result};
use crate::parallel::ordered_map;
use crate::render::{io_err, junit, portfolio};
use crate::scoring;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Loads, validates and scores one answers file into a report model.
pub fn assess_file(
    path: &Path,
    catalog: &Catalog,
    profiles: &[String],
    opts: &scoring::Options,
    top: Option<usize>,
) -> Result<Report> {
    let (answers, active) = crate::answers::load(path, catalog, profiles)?;
    let a = scoring::assess(&active, &answers, opts.clone());
    Ok(documents::build(&active, &answers, &a, top))
}

/// Like [`assess_file`], and adds the findings of an agent and MCP inventory to the report:
/// `inventory` when given, otherwise the answers file's `inventory:` path (relative to the
/// answers file). An unreadable or malformed inventory is an input error naming that file.
/// Findings never change a score.
pub fn assess_file_with_inventory(
    path: &Path,
    catalog: &Catalog,
    profiles: &[String],
    opts: &scoring::Options,
    top: Option<usize>,
    inventory: Option<&Path>,
) -> Result<Report> {
    let (answers, active) = crate::answers::load(path, catalog, profiles)?;
    let (opts, register) = verify_evidence(path, &answers, opts)?;
    let a = scoring::assess(&active, &answers, opts);
    let mut r = documents::build(&active, &answers, &a, top);
    r.evidence_register = register;
    let from_answers = match answers.meta.inventory.as_deref() {
        Some(p) if inventory.is_none() => Some(inventory_beside(path, p)?),
        _ => None,
    };
    if let Some(inv_path) = inventory.map(Path::to_path_buf).or(from_answers) {
        let inv = crate::inventory::load_inventory(&inv_path)?;
        r.inventory_findings = documents::inventory_findings(&inv);
    }
    Ok(r)
}

/// With `--verify-evidence`: the evidence register of `answers` (files resolved in the answers
/// file's folder or the root given, judged as of the file's `date`), and the options with the
/// claims it does not support, so they score as unevidenced. Scoring itself reads no file.
fn verify_evidence(
    path: &Path,
    answers: &crate::answers::Answers,
    opts: &scoring::Options,
) -> Result<(scoring::Options, Option<documents::evidence::Register>)> {
    let mut opts = opts.clone();
    let Some(req) = &opts.verify_evidence else {
        return Ok((opts, None));
    };
    let dir = match req {
        scoring::EvidenceRoot::AnswersFolder => None,
        scoring::EvidenceRoot::Dir(d) => Some(d.as_path()),
    };
    let root = documents::evidence::root_for(path, dir)?;
    let register = documents::evidence::verify(answers, &root, answers.meta.date.as_deref(), None);
    opts.unsupported_claims = register.unsupported_claims(answers);
    Ok((opts, Some(register)))
}

/// The evidence register of the answers file `path` (for `check --max-evidence-age`): files
/// resolved in `root` (default: the answers file's folder), stale and expired judged as of the
/// file's `date`, or `today` when it gives none.
pub fn evidence_register(
    path: &Path,
    catalog: &Catalog,
    profiles: &[String],
    root: Option<&Path>,
    today: &str,
    max_age: Option<u32>,
) -> Result<documents::evidence::Register> {
    let (answers, _) = crate::answers::load(path, catalog, profiles)?;
    let root = documents::evidence::root_for(path, root)?;
    let as_of = answers
        .meta
        .date
        .clone()
        .unwrap_or_else(|| today.to_string());
    Ok(documents::evidence::verify(
        &answers,
        &root,
        Some(&as_of),
        max_age,
    ))
}

/// The answers file's `inventory:` path, relative to the answers file, and never outside its
/// folder: an answers file received from someone else must not make aimscore read any file
/// on the machine. A path elsewhere is given on the command line (`--inventory`).
fn inventory_beside(answers: &Path, rel: &str) -> Result<PathBuf> {
    use std::path::Component;
    let p = Path::new(rel);
    let mut depth = 0i32;
    let mut leaves = p.is_absolute();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                depth -= 1;
                leaves |= depth < 0;
            }
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => leaves = true,
        }
    }
    if leaves {
        return Err(Error::input(
            Diagnostic::new(
                &answers.display().to_string(),
                None,
                format!("`inventory: {rel}` points outside the answers file's folder"),
            )
            .with_help(
                "keep the inventory beside the answers file, or pass it with --inventory FILE",
            ),
        ));
    }
    Ok(answers.parent().unwrap_or(Path::new("")).join(p))
}

/// What a portfolio run settles: how many files could not be assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortfolioOutcome {
    pub files: usize,
    pub failed: usize,
}

/// One file's result, computed on a worker thread.
struct Done {
    row: documents::portfolio::Row,
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
/// Long on purpose: it is the portfolio's whole streaming protocol (workers, ordered writes, the spill file for formats that open with the summary) in one place, where its ordering guarantees can be read together.
#[allow(clippy::too_many_arguments)]
pub fn assess_portfolio(
    files: &[PathBuf],
    catalog: &Catalog,
    profiles: &[String],
    opts: &scoring::Options,
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
                row: documents::portfolio::Row::from_report(&r),
                part: layout.part(i + 1, &r)?,
                error: None,
            }),
            Err(e) => {
                let name = f.display().to_string();
                let message = e.to_string();
                Ok(Done {
                    row: documents::portfolio::Row::from_error(&name, &message),
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
                eprintln!("error: {}", crate::terminal::clean(&e.to_string()));
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
                    .map_err(io_err)?,
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

/// One side of a diff: a JSON report is read as is, anything else is assessed as answers.
pub fn load_side(
    path: &Path,
    catalog: &Catalog,
    profiles: &[String],
    opts: &scoring::Options,
) -> Result<Report> {
    let name = path.display().to_string();
    // A questionnaire workbook is answers, never a report.
    if crate::answers::workbook::is_workbook_path(path) {
        return assess_file(path, catalog, profiles, opts, None);
    }
    let text = crate::read::read_text(path)?;
    match json_kind(&text) {
        JsonKind::Report => parse_report(&name, &text),
        JsonKind::Portfolio => Err(Error::input(
            Diagnostic::new(
                &name,
                None,
                "this is a portfolio report (from `assess` with several files); diff compares one assessment with another",
            )
            .with_help("give an answers file or the JSON report of one answers file"),
        )),
        JsonKind::Other => assess_file(path, catalog, profiles, opts, None),
    }
}

/// What `check` evaluates: the report, the comparison with the baseline as it is (shown to
/// people), the comparison the baseline gates use (each question whose waiver holds on `as_of`
/// compared with its baseline answer), and the waivers as of that date.
pub struct CheckRun {
    pub report: Report,
    pub comparison: Option<Comparison>,
    pub gate_comparison: Option<Comparison>,
    pub waivers: documents::waivers::CheckWaivers,
}

/// `check`'s inputs: the answers file assessed and, with a baseline (a JSON report or an
/// answers file), the comparison of the two (the problems of both files reported together),
/// with waivers applied to the baseline gates' comparison only:
/// the report, its scores and the threshold and Stage gates are those of the answers as they
/// are. `as_of` is the date the waivers are compared with; `as_of_source` says where it came
/// from (for the output).
#[allow(clippy::too_many_arguments)]
pub fn assess_for_check(
    file: &Path,
    catalog: &Catalog,
    profiles: &[String],
    opts: &scoring::Options,
    baseline: Option<&Path>,
    compare: comparison::Options,
    as_of: &str,
    as_of_source: &str,
) -> Result<CheckRun> {
    let name = file.display().to_string();
    let loaded = crate::answers::load(file, catalog, profiles);
    let old = baseline.map(|p| load_side(p, catalog, profiles, opts));
    let ((answers, active), old) = match (loaded, old.transpose()) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(Error::Input(mut a)), Err(Error::Input(b))) => {
            a.extend(b);
            return Err(Error::Input(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let assessed = scoring::assess(&active, &answers, opts.clone());
    let report = documents::build(&active, &answers, &assessed, None);
    let (comparison, gate_comparison) = match (&old, baseline) {
        (Some(b), Some(p)) => {
            comparison::ensure_comparable(b, &report, &p.display().to_string(), &name)?;
            let real = comparison::compare(b, &report, compare);
            let gate = if answers.meta.register.waivers.is_empty() {
                real.clone()
            } else {
                let waived = documents::waivers::gate_answers(&answers, b, &real, as_of);
                let a = scoring::assess(&active, &waived, opts.clone());
                comparison::compare(b, &documents::build(&active, &waived, &a, None), compare)
            };
            (Some(real), Some(gate))
        }
        _ => (None, None),
    };
    let waivers = documents::waivers::check_waivers(
        &active,
        &answers,
        comparison.as_ref(),
        as_of,
        as_of_source,
    );
    Ok(CheckRun {
        report,
        comparison,
        gate_comparison,
        waivers,
    })
}
