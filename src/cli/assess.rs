//! `aimscore assess FILE...`: score answers files and render reports. Exits 0 whatever the
//! score (gates live in `check`); 2 when any file could not be assessed.

use crate::error::{EXIT_INPUT, EXIT_OK, Error, Result};
use crate::pipeline::{assess_file_with_inventory, assess_portfolio};
use crate::render::{self, Format, portfolio};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

/// The links the framework views count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LensLinks {
    #[value(name = "nist-airc")]
    NistAirc,
    All,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Answers files (YAML, or TOML/JSON by extension). Several files give a portfolio summary.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Report format (default: text). With --template: `html` escapes every value for HTML
    /// (as a template named *.html does), `md` or `text` render it as it is.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// `full` (the default): the whole report; `summary`: the executive summary for a board
    /// (html, md or docx, at most four printed A4 pages); `roadmap`: the fix-list as a phased
    /// plan (csv, json or text); `evidence`: the evidence register as csv (with
    /// --verify-evidence).
    #[arg(long, value_enum, default_value = "full")]
    pub view: render::View,
    /// How documents for people (html, md, docx, the SoA) name the answers file, instead of
    /// its file name (e.g. "Acme answers, November 2026"); json, csv and junit keep the path.
    #[arg(long, value_name = "NAME")]
    pub label: Option<String>,
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
    /// Check every local evidence file against what `evidence lock` recorded: a `yes` none of
    /// whose evidence is ok (or a URL, or a file with nothing recorded) scores as a claim
    /// without evidence, and every format gains an evidence register. Not with --trust-claims.
    #[arg(long, conflicts_with = "trust_claims")]
    pub verify_evidence: bool,
    /// With --verify-evidence: resolve evidence paths in DIR instead of each answers file's
    /// folder; a reference outside it is refused, never read.
    #[arg(long, value_name = "DIR", requires = "verify_evidence")]
    pub root: Option<PathBuf>,
    /// A scoring policy (TOML or YAML: thresholds, bands, weights, blockers, critical
    /// questions); default: the built-in policy (README, "Scoring policy").
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Which NIST AI RMF links the framework views count: `nist-airc` (the NIST AIRC
    /// crosswalk only) or `all` (our editorial links too). Scores and verdicts never change.
    #[arg(long, value_enum, default_value = "nist-airc")]
    pub lens_links: LensLinks,
    /// Switch on a profile of extra questions (repeatable), in addition to the file's own.
    #[arg(long = "profile", value_name = "NAME")]
    pub profiles: Vec<String>,
    /// Add findings from an agent and MCP inventory (from `aimscore discover`, YAML or JSON) to
    /// the report; they do not change scores. Default: the answers file's `inventory:` path.
    #[arg(long, value_name = "FILE")]
    pub inventory: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<u8> {
    let (catalog, mut opts) = super::scoring_setup(
        args.catalog.as_deref(),
        args.policy.as_deref(),
        args.trust_claims,
    )?;
    opts.lens_links_all = args.lens_links == LensLinks::All;
    if args.verify_evidence {
        opts.verify_evidence = Some(match &args.root {
            Some(d) => crate::scoring::EvidenceRoot::Dir(d.clone()),
            None => crate::scoring::EvidenceRoot::AnswersFolder,
        });
    }
    let mut template = args
        .template
        .as_deref()
        .map(render::templates::UserTemplate::load)
        .transpose()?;
    if let (Some(t), Some(f)) = (template.as_mut(), args.format) {
        match f {
            Format::Html => t.html = true,
            Format::Md | Format::Text => {}
            other => {
                return Err(crate::error::Error::Usage(format!(
                    "--format {} cannot apply to --template: your template decides what it writes. Leave --format out, or give --format html to escape every value for HTML",
                    clap::ValueEnum::to_possible_value(&other)
                        .map(|p| p.get_name().to_string())
                        .unwrap_or_default()
                )));
            }
        }
    }
    let format = args.format.unwrap_or(Format::Text);
    if args.view == render::View::Summary
        && (template.is_some()
            || args.files.len() > 1
            || !matches!(format, Format::Html | Format::Md | Format::Docx))
    {
        return Err(crate::error::Error::Usage(
            "--view summary is the executive summary of one answers file, as html, md or docx (--format html|md|docx), without --template".into(),
        ));
    }
    if format == Format::Docx {
        // A Word document is binary: never send it to standard output, where it would
        // garble a terminal and be easy to lose in a pipe.
        if args.output.is_none() {
            return Err(Error::Usage(
                "--format docx writes a binary Word document; give the file to write with -o FILE.docx".into(),
            ));
        }
    }
    if args.view == render::View::Roadmap && (template.is_some() || args.files.len() > 1) {
        return Err(crate::error::Error::Usage(
            "--view roadmap is the roadmap of one answers file, without --template".into(),
        ));
    }
    if args.view == render::View::Roadmap
        && !matches!(format, Format::Csv | Format::Json | Format::Text)
    {
        return Err(crate::error::Error::Usage(render::ROADMAP_FORMATS.into()));
    }
    if args.view == render::View::Evidence
        && (!args.verify_evidence
            || template.is_some()
            || args.files.len() > 1
            || format != Format::Csv)
    {
        return Err(crate::error::Error::Usage(
            "--view evidence is the evidence register of one answers file as csv: give --verify-evidence --format csv, without --template".into(),
        ));
    }
    let top = match format {
        // JUnit names each failing requirement's top fix, so it needs the whole fix-list.
        Format::Junit if template.is_none() => None,
        Format::Text => args.top.or(Some(render::text::DEFAULT_TOP)),
        _ => args.top,
    };
    let color = crate::output::use_color(args.output.as_ref());
    let label = args.label.as_deref().map(super::label).transpose()?;
    if label.is_some() && args.files.len() > 1 {
        return Err(Error::Usage(
            "--label names one answers file; a portfolio names each file by its path".into(),
        ));
    }

    if args.files.len() == 1 {
        let mut r = assess_file_with_inventory(
            &args.files[0],
            &catalog,
            &args.profiles,
            &opts,
            top,
            args.inventory.as_deref(),
        )?;
        if let Some(l) = label {
            r.source_name = l;
        }
        let mut buf = Vec::new();
        if args.view == render::View::Summary {
            render::summary(&r, format, &mut buf)?;
        } else if args.view == render::View::Roadmap {
            render::roadmap(&r, format, &mut buf)?;
        } else if let (render::View::Evidence, Some(reg)) = (args.view, &r.evidence_register) {
            render::evidence::csv(reg, &mut buf)?;
        } else {
            render::render(&r, format, template.as_ref(), color, &mut buf)?;
        }
        crate::output::emit(args.output.as_ref(), &buf)?;
        return Ok(EXIT_OK);
    }

    let layout = portfolio::Layout::new(format, template.as_ref(), color)?;
    let mut out = crate::output::Output::open(args.output.as_ref())?;
    let outcome = assess_portfolio(
        &args.files,
        &catalog,
        &args.profiles,
        &opts,
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
