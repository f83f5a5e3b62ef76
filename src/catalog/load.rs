//! Reading catalog files into raw, located types, from the bundled copy or a directory.
//!
//! A catalog directory holds `catalog.yaml`, `iso42001/clauses.yaml`, `iso42001/annex-a.yaml`,
//! `nist-ai-rmf.yaml`, `owasp-llm-2025.yaml` and optionally `profiles/*.yaml`. The bundled
//! catalog is the repository's `controls/` compiled into the binary.

use super::model::Catalog;
use super::raw::RawCatalog;
use crate::error::{Diagnostic, Error, Result};
use crate::read::yaml::from_str;
use std::path::Path;

/// The catalog's files, relative to the catalog directory, in load order.
pub const CORE_FILES: [&str; 5] = [
    "catalog.yaml",
    "iso42001/clauses.yaml",
    "iso42001/annex-a.yaml",
    "nist-ai-rmf.yaml",
    "owasp-llm-2025.yaml",
];

/// Optional catalog files, read when present.
pub const OPTIONAL_FILES: [&str; 3] = ["retired.yaml", "owasp-agentic-2026.yaml", "eu-ai-act.yaml"];

const BUNDLED: [(&str, &str); 9] = [
    (
        "owasp-agentic-2026.yaml",
        include_str!("../../controls/owasp-agentic-2026.yaml"),
    ),
    (
        "eu-ai-act.yaml",
        include_str!("../../controls/eu-ai-act.yaml"),
    ),
    ("catalog.yaml", include_str!("../../controls/catalog.yaml")),
    ("retired.yaml", include_str!("../../controls/retired.yaml")),
    (
        "iso42001/clauses.yaml",
        include_str!("../../controls/iso42001/clauses.yaml"),
    ),
    (
        "iso42001/annex-a.yaml",
        include_str!("../../controls/iso42001/annex-a.yaml"),
    ),
    (
        "nist-ai-rmf.yaml",
        include_str!("../../controls/nist-ai-rmf.yaml"),
    ),
    (
        "owasp-llm-2025.yaml",
        include_str!("../../controls/owasp-llm-2025.yaml"),
    ),
    (
        "profiles/agentic.yaml",
        include_str!("../../controls/profiles/agentic.yaml"),
    ),
];

/// The catalog's source files as (display name, text).
#[derive(Debug, Clone)]
pub struct CatalogSource {
    pub files: Vec<(String, String)>,
}

/// The bundled catalog's source files.
pub fn bundled_source() -> CatalogSource {
    CatalogSource {
        files: BUNDLED
            .iter()
            .map(|(name, text)| (format!("controls/{name}"), (*text).to_string()))
            .collect(),
    }
}

/// The bundled catalog in its validated form, as JSON: `controls/` parsed and validated once,
/// at development time, so that a run does not parse 150 kB of YAML at every start. A test
/// (`bundled_catalog_json_is_fresh`) fails when it differs from validating `controls/` now.
pub const BUNDLED_JSON: &str = include_str!("../../controls/bundled.json");

/// The bundled catalog, validated. Read from [`BUNDLED_JSON`]; failure here is a bug.
pub fn bundled() -> Result<Catalog> {
    serde_json::from_str(BUNDLED_JSON).map_err(|e| {
        Error::Usage(format!(
            "internal error: the bundled catalog (controls/bundled.json) does not load: {e}"
        ))
    })
}

/// The bundled catalog validated from its YAML sources (what `controls/bundled.json` holds).
pub fn bundled_from_sources() -> Result<Catalog> {
    load_source(&bundled_source())
}

/// The text of `controls/bundled.json` for a validated catalog.
pub fn bundled_json(catalog: &Catalog) -> String {
    let mut s = serde_json::to_string(catalog).unwrap_or_default();
    s.push('\n');
    s
}

/// Reads the catalog files of a directory.
pub fn read_dir(dir: &Path) -> Result<CatalogSource> {
    if !dir.is_dir() {
        return Err(Error::input(Diagnostic::new(
            &dir.display().to_string(),
            None,
            "not a catalog directory; expected a directory holding catalog.yaml, iso42001/clauses.yaml, iso42001/annex-a.yaml, nist-ai-rmf.yaml and owasp-llm-2025.yaml",
        )));
    }
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for rel in CORE_FILES {
        let p = dir.join(rel);
        if !p.exists() {
            missing.push(Diagnostic::new(
                &p.display().to_string(),
                None,
                "missing catalog file",
            ));
            continue;
        }
        files.push((p.display().to_string(), crate::read::read_text(&p)?));
    }
    if !missing.is_empty() {
        return Err(Error::Input(missing));
    }
    for rel in OPTIONAL_FILES {
        let p = dir.join(rel);
        if p.is_file() {
            files.push((p.display().to_string(), crate::read::read_text(&p)?));
        }
    }
    let pdir = dir.join("profiles");
    if pdir.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(&pdir)
            .map_err(|e| Error::io(&pdir, "cannot read", e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        entries.sort();
        for p in entries {
            files.push((p.display().to_string(), crate::read::read_text(&p)?));
        }
    }
    Ok(CatalogSource { files })
}

/// Loads and validates the catalog in a directory.
pub fn load_dir(dir: &Path) -> Result<Catalog> {
    load_source(&read_dir(dir)?)
}

/// Parses and validates catalog source files.
pub fn load_source(src: &CatalogSource) -> Result<Catalog> {
    let raw = parse(src)?;
    super::validate::validate(&raw)
}

/// Which part of the catalog a file holds, by its exact name and folder (never by a suffix, so
/// `my-catalog.yaml` or `old-clauses.yaml` is not taken for a catalog part).
#[derive(Debug, PartialEq, Eq)]
enum Part {
    Meta,
    Iso,
    Nist,
    Owasp,
    Retired,
    Agentic,
    Eu,
    Profile,
    Other,
}

fn part_of(name: &str) -> Part {
    let norm = name.replace('\\', "/");
    let mut parts = norm.rsplit('/');
    let file = parts.next().unwrap_or("");
    let folder = parts.next().unwrap_or("");
    match (folder, file) {
        ("iso42001", "clauses.yaml" | "annex-a.yaml") => Part::Iso,
        ("profiles", f) if f.ends_with(".yaml") || f.ends_with(".yml") => Part::Profile,
        (_, "catalog.yaml") => Part::Meta,
        (_, "nist-ai-rmf.yaml") => Part::Nist,
        (_, "owasp-llm-2025.yaml") => Part::Owasp,
        (_, "retired.yaml") => Part::Retired,
        (_, "owasp-agentic-2026.yaml") => Part::Agentic,
        (_, "eu-ai-act.yaml") => Part::Eu,
        _ => Part::Other,
    }
}

/// Parses every file, collecting every file's first syntax or shape error.
pub fn parse(src: &CatalogSource) -> Result<RawCatalog> {
    let mut raw = RawCatalog::default();
    let mut errors = Vec::new();
    for (name, text) in &src.files {
        let r: Result<()> = (|| {
            match part_of(name) {
                Part::Meta => raw.meta = Some((name.clone(), from_str(name, text)?)),
                Part::Iso => raw.parts.push((name.clone(), from_str(name, text)?)),
                Part::Nist => raw.nist = Some((name.clone(), from_str(name, text)?)),
                Part::Owasp => raw.owasp = Some((name.clone(), from_str(name, text)?)),
                Part::Retired => raw.retired = Some((name.clone(), from_str(name, text)?)),
                Part::Agentic => {
                    raw.owasp_agentic = Some((name.clone(), from_str(name, text)?));
                }
                Part::Eu => raw.eu_ai_act = Some((name.clone(), from_str(name, text)?)),
                Part::Profile => raw.profiles.push((name.clone(), from_str(name, text)?)),
                Part::Other => {}
            }
            Ok(())
        })();
        if let Err(Error::Input(ds)) = r {
            errors.extend(ds);
        } else {
            r?;
        }
    }
    if errors.is_empty() {
        Ok(raw)
    } else {
        Err(Error::Input(errors))
    }
}
