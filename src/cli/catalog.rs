//! `aimscore catalog list | show ID | validate [DIR] | export`.

use crate::catalog::{Catalog, Kind};
use crate::error::{Diagnostic, EXIT_OK, Error, Result, suggest};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// A table of requirements: id, title, questions, NIST and OWASP link counts.
    List {
        /// Only this section (e.g. `6`, `A.6`), or `clauses` / `annex`.
        #[arg(long, value_name = "ID")]
        section: Option<String>,
        /// Include a profile's questions in the counts (repeatable).
        #[arg(long = "profile", value_name = "NAME")]
        profiles: Vec<String>,
        /// Use the catalog in DIR.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Everything about one requirement (or the requirement of a question id).
    Show {
        /// A requirement id (`A.6.2.8`), a question id (`A.6.2.8-1`) or a section id (`A.6`).
        id: String,
        /// Include a profile's questions (repeatable).
        #[arg(long = "profile", value_name = "NAME")]
        profiles: Vec<String>,
        /// Use the catalog in DIR.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
    /// Validate a catalog directory (default: the bundled catalog); every problem is listed.
    Validate {
        /// A catalog directory (catalog.yaml, iso42001/*.yaml, nist-ai-rmf.yaml, …).
        dir: Option<PathBuf>,
    },
    /// Print the whole catalog (with every profile) as JSON.
    Export {
        /// Export format.
        #[arg(long, value_enum, default_value = "json")]
        format: ExportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Use the catalog in DIR.
        #[arg(long, value_name = "DIR")]
        catalog: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
}

pub fn run(cmd: Command) -> Result<u8> {
    match cmd {
        Command::List {
            section,
            profiles,
            catalog,
        } => {
            let c = crate::catalog::open(catalog.as_deref())?
                .with_profiles(&profiles)
                .map_err(Error::Usage)?;
            let text = list(&c, section.as_deref())?;
            crate::output::emit(None, text.as_bytes())?;
        }
        Command::Show {
            id,
            profiles,
            catalog,
        } => {
            let c = crate::catalog::open(catalog.as_deref())?
                .with_profiles(&profiles)
                .map_err(Error::Usage)?;
            let text = show(&c, &id)?;
            crate::output::emit(None, text.as_bytes())?;
        }
        Command::Validate { dir } => {
            let c = crate::catalog::open(dir.as_deref())?;
            let questions: usize = c.requirements.iter().map(|r| r.questions.len()).sum();
            let text = format!(
                "{}: valid: {} clauses, {} sub-clauses, {} Annex A objectives, {} controls, {} questions, {} NIST AI RMF subcategories, {} OWASP entries, {} profiles\n",
                dir.as_ref()
                    .map(|d| d.display().to_string())
                    .unwrap_or_else(|| "bundled catalog".into()),
                c.sections.iter().filter(|s| s.kind == Kind::Clause).count(),
                c.requirements
                    .iter()
                    .filter(|r| !r.id.starts_with("A."))
                    .count(),
                c.sections.iter().filter(|s| s.kind == Kind::Annex).count(),
                c.requirements
                    .iter()
                    .filter(|r| r.id.starts_with("A."))
                    .count(),
                questions,
                c.nist.len(),
                c.owasp.len(),
                c.profiles.len(),
            );
            crate::output::emit(None, text.as_bytes())?;
        }
        Command::Export {
            format: ExportFormat::Json,
            output,
            catalog,
        } => {
            let c = crate::catalog::open(catalog.as_deref())?;
            let mut buf = Vec::new();
            crate::render::json::write_json(&export(&c), &mut buf)?;
            crate::output::emit(output.as_ref(), &buf)?;
        }
    }
    Ok(EXIT_OK)
}

fn list(c: &Catalog, section: Option<&str>) -> Result<String> {
    let filter: Box<dyn Fn(&crate::catalog::Requirement) -> bool> = match section {
        None => Box::new(|_| true),
        Some("clauses") => Box::new(|r| !r.id.starts_with("A.")),
        Some("annex") => Box::new(|r| r.id.starts_with("A.")),
        Some(s) => {
            if c.section(s).is_none() {
                let mut msg = format!(
                    "unknown section `{s}`; sections are 4 … 10 and A.2 … A.10, or `clauses` / `annex`"
                );
                if let Some(x) = suggest(s, c.sections.iter().map(|x| x.id.as_str())) {
                    msg.push_str(&format!(" (did you mean `{x}`?)"));
                }
                return Err(Error::Usage(msg));
            }
            let s = s.to_string();
            Box::new(move |r| r.section == s)
        }
    };
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120);
    t.set_header(vec![
        "Id",
        "Title",
        "Questions",
        "Blockers",
        "NIST",
        "OWASP",
        "Effort",
    ]);
    let mut n = 0;
    for r in c.requirements.iter().filter(|r| filter(r)) {
        n += 1;
        t.add_row(vec![
            r.id.clone(),
            r.title.clone(),
            r.questions.len().to_string(),
            r.questions.iter().filter(|q| q.blocker).count().to_string(),
            r.maps.nist.len().to_string(),
            r.maps.owasp.len().to_string(),
            r.effort.as_str().to_string(),
        ]);
    }
    Ok(format!(
        "{t}\n{n} requirements ({} {})\n",
        c.name, c.version
    ))
}

fn show(c: &Catalog, id: &str) -> Result<String> {
    let rid = c
        .requirements
        .iter()
        .find(|r| r.id == id || r.questions.iter().any(|q| q.id == id))
        .map(|r| r.id.clone());
    let Some(rid) = rid else {
        if let Some(sec) = c.section(id) {
            let mut s = format!("{} {} ({})\n\n", sec.id, sec.title, sec.kind.as_str());
            for r in c.requirements.iter().filter(|r| r.section == sec.id) {
                s.push_str(&format!("  {}  {}\n", r.id, r.title));
            }
            return Ok(s);
        }
        let mut all: Vec<&str> = c.requirements.iter().map(|r| r.id.as_str()).collect();
        all.extend(c.questions().map(|(_, q)| q.id.as_str()));
        let d = Diagnostic::new("catalog", None, format!("unknown id `{id}`"));
        let heading = id.starts_with("A.") && id.ends_with(".1");
        let d = match suggest(id, all) {
            _ if heading => d.with_help(
                "Annex A ids ending in .1 are objective headings, never controls; controls start at .2 (e.g. `A.6.1.2`, `A.5.2`)",
            ),
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(
                "ids look like `6.1.2`, `A.6.2.8` or `A.6.2.8-1`; run `aimscore catalog list`",
            ),
        };
        return Err(Error::input(d));
    };
    let Some(r) = c.requirement(&rid) else {
        return Err(Error::Usage(format!("unknown id `{id}`")));
    };
    let sec = c.section_of(r);
    let mut s = String::new();
    s.push_str(&format!("{} {}\n", r.id, r.title));
    s.push_str(&format!(
        "Section: {} {} ({})   Effort: {}\n\n",
        sec.id,
        sec.title,
        sec.kind.as_str(),
        r.effort.as_str()
    ));
    s.push_str(&format!(
        "Intent:\n  {}\n\nGuidance:\n  {}\n\nEvidence an auditor asks for:\n",
        r.intent, r.guidance
    ));
    for e in &r.evidence {
        s.push_str(&format!("  - {e}\n"));
    }
    s.push_str(&format!("\nFix:\n  {}\n\nQuestions:\n", r.fix));
    for q in &r.questions {
        let mut tags = format!("weight {}, stage {}", q.weight, q.stage);
        if q.blocker {
            tags.push_str(", Stage 1 blocker");
        }
        if let Some(p) = &q.profile {
            tags.push_str(&format!(", profile {p}"));
        }
        s.push_str(&format!("  {} ({tags})\n    {}\n", q.id, q.text));
    }
    s.push_str("\nNIST AI RMF 1.0:\n");
    if r.maps.nist.is_empty() {
        s.push_str("  (none)\n");
    }
    for l in &r.maps.nist {
        s.push_str(&format!(
            "  {} {} [{}]\n",
            l.id,
            c.nist_title(&l.id).unwrap_or(""),
            l.source.as_str()
        ));
    }
    s.push_str("\nOWASP Top 10 for LLM Applications 2025:\n");
    if r.maps.owasp.is_empty() {
        s.push_str("  (none)\n");
    }
    for l in &r.maps.owasp {
        s.push_str(&format!(
            "  {} {} [{}]\n",
            l.id,
            c.owasp_title(&l.id).unwrap_or(""),
            l.source.as_str()
        ));
    }
    for q in r.questions.iter().filter(|q| !q.maps.is_empty()) {
        s.push_str(&format!("\nExtra links of {}:\n", q.id));
        for l in q.maps.nist.iter().chain(q.maps.owasp.iter()) {
            s.push_str(&format!("  {} [{}]\n", l.id, l.source.as_str()));
        }
    }
    s.push_str("\nSources: nist-airc = NIST AIRC crosswalk AI RMF ↔ ISO/IEC 42001; editorial = aimscore's own judgement.\n");
    Ok(s)
}

#[derive(Serialize)]
struct Export<'a> {
    name: &'a str,
    version: &'a str,
    sections: Vec<ExportSection<'a>>,
    requirements: Vec<ExportRequirement<'a>>,
    nist: &'a [crate::catalog::Reference],
    owasp: &'a [crate::catalog::Reference],
    profiles: Vec<ExportProfile<'a>>,
}

#[derive(Serialize)]
struct ExportSection<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct ExportRequirement<'a> {
    id: &'a str,
    section: &'a str,
    title: &'a str,
    effort: &'a str,
    intent: &'a str,
    guidance: &'a str,
    evidence: &'a [String],
    fix: &'a str,
    questions: Vec<ExportQuestion<'a>>,
    maps: ExportMaps,
    links: &'a crate::catalog::Maps,
}

#[derive(Serialize)]
struct ExportQuestion<'a> {
    id: &'a str,
    text: &'a str,
    weight: u8,
    stage: u8,
    blocker: bool,
}

#[derive(Serialize)]
struct ExportMaps {
    nist: Vec<String>,
    owasp: Vec<String>,
}

#[derive(Serialize)]
struct ExportProfile<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    questions: Vec<ExportProfileQuestion<'a>>,
}

#[derive(Serialize)]
struct ExportProfileQuestion<'a> {
    requirement: &'a str,
    id: &'a str,
    text: &'a str,
    weight: u8,
    stage: u8,
    blocker: bool,
    maps: ExportMaps,
}

fn export(c: &Catalog) -> Export<'_> {
    Export {
        name: &c.name,
        version: &c.version,
        sections: c
            .sections
            .iter()
            .map(|s| ExportSection {
                id: &s.id,
                kind: s.kind.as_str(),
                title: &s.title,
            })
            .collect(),
        requirements: c
            .requirements
            .iter()
            .map(|r| ExportRequirement {
                id: &r.id,
                section: &r.section,
                title: &r.title,
                effort: r.effort.as_str(),
                intent: &r.intent,
                guidance: &r.guidance,
                evidence: &r.evidence,
                fix: &r.fix,
                questions: r
                    .questions
                    .iter()
                    .map(|q| ExportQuestion {
                        id: &q.id,
                        text: &q.text,
                        weight: q.weight,
                        stage: q.stage,
                        blocker: q.blocker,
                    })
                    .collect(),
                maps: ExportMaps {
                    nist: r.maps.nist_ids(),
                    owasp: r.maps.owasp_ids(),
                },
                links: &r.maps,
            })
            .collect(),
        nist: &c.nist,
        owasp: &c.owasp,
        profiles: c
            .profiles
            .iter()
            .map(|p| ExportProfile {
                id: &p.id,
                title: &p.title,
                description: &p.description,
                questions: p
                    .questions
                    .iter()
                    .map(|(rid, q)| ExportProfileQuestion {
                        requirement: rid,
                        id: &q.id,
                        text: &q.text,
                        weight: q.weight,
                        stage: q.stage,
                        blocker: q.blocker,
                        maps: ExportMaps {
                            nist: q.maps.nist_ids(),
                            owasp: q.maps.owasp_ids(),
                        },
                    })
                    .collect(),
            })
            .collect(),
    }
}
