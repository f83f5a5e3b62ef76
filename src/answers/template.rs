//! The `aimscore init` template: every question as a commented entry, with its weight, stage
//! and the evidence that fits, so a consultant can fill it in with any editor.

use super::quoting::{json_escaped, quote};
use crate::catalog::Catalog;

/// The header of a new answers file: the organization assessed and, when known, the scope,
/// the assessor and the assessment date (YYYY-MM-DD). What is `None` stays a commented line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    pub organization: String,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
}

impl Header {
    /// A header naming only the organization.
    pub fn new(organization: &str) -> Header {
        Header {
            organization: organization.to_string(),
            ..Header::default()
        }
    }
}

/// Template formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    Yaml,
    Toml,
}

impl TemplateFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateFormat::Yaml => "yaml",
            TemplateFormat::Toml => "toml",
        }
    }
}

fn wrap_comment(out: &mut String, prefix: &str, text: &str) {
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() + 1 > 96 {
            out.push_str(prefix);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(prefix);
        out.push_str(&line);
        out.push('\n');
    }
}

/// The template text. `catalog` must already carry the chosen profiles. A `snapshot` template
/// holds only the snapshot questions and says `tier: snapshot`. Header values are written as
/// double-quoted strings, escaped for YAML and TOML alike ([`quote`]).
/// Long on purpose: it writes the template top to bottom, header then every question, so the file it produces can be read off the code.
pub fn render(
    catalog: &Catalog,
    format: TemplateFormat,
    header: &Header,
    snapshot: bool,
) -> String {
    let mut s = String::new();
    let c = "#";
    if format == TemplateFormat::Yaml {
        s.push_str("# yaml-language-server: $schema=aimscore.schema.json\n");
    }
    s.push_str(&format!(
        "{c} aimscore answers file (format 1), catalog \"{}\" {}.\n",
        catalog.name, catalog.version
    ));
    s.push_str(&format!("{c} Write the JSON Schema next to this file for editor completion: aimscore schema -o aimscore.schema.json\n"));
    s.push_str(&format!("{c} answer: yes | partial | no | na (Annex A questions only, with a justification) | maturity 0..5\n"));
    s.push_str(&format!("{c} evidence: a string or a list of strings (document paths, links, record ids). A yes without\n"));
    s.push_str(&format!(
        "{c}   evidence scores as partial: audits want records, not assertions.\n"
    ));
    s.push_str(&format!("{c}   An entry may be a map {{ref, sha256, date, expires}} (dates YYYY-MM-DD): `aimscore evidence\n"));
    s.push_str(&format!(
        "{c}   lock` records each file's sha256 and date, `aimscore evidence verify` checks them.\n"
    ));
    s.push_str(&format!("{c} Optional per answer: note, owner, due (YYYY-MM-DD), justification (required with na).\n"));
    s.push_str(&format!("{c}   waiver: {{reason, approved_by, expires (YYYY-MM-DD)}}: an approved, time-limited acceptance of\n"));
    s.push_str(&format!(
        "{c}   a regression; only `aimscore check --baseline` honours it, until it expires.\n"
    ));
    s.push_str(&format!("{c} Optional registers (top level): risks (id, title, owner, level low|medium|high|critical,\n"));
    s.push_str(&format!("{c}   treatment: [requirement ids], status open|treated|accepted, accepted_by, accepted_on);\n"));
    s.push_str(&format!("{c}   soa (control id: {{reasons: [risk, legal, contractual, business, best-practice], note}});\n"));
    s.push_str(&format!(
        "{c}   soa_meta (version, approved_by, approved_on): without it the SoA is a draft.\n"
    ));
    s.push_str(&format!(
        "{c} A question left out is unanswered and scores 0. Uncomment an entry to answer it.\n\n"
    ));
    match format {
        TemplateFormat::Yaml => {
            s.push_str("aimscore: 1\n");
            s.push_str(&format!("organization: {}\n", quote(&header.organization)));
            if snapshot {
                s.push_str("tier: snapshot   # the short first assessment; `aimscore ask` can continue it into the full one (tier: full)\n");
            }
            header_line(
                &mut s,
                "scope: ",
                &header.scope,
                "What the AI management system covers",
            );
            header_line(
                &mut s,
                "assessor: ",
                &header.assessor,
                "Name of the person running the assessment",
            );
            header_line(&mut s, "date: ", &header.date, "YYYY-MM-DD");
            if catalog.active_profiles.is_empty() {
                s.push_str("# profiles: [agentic]   # optional question overlays\n");
            } else {
                s.push_str(&format!(
                    "profiles: [{}]\n",
                    catalog.active_profiles.join(", ")
                ));
            }
            s.push_str("# eu_ai_act:              # optional: the EU AI Act view of the report\n#   roles: [deployer]      # provider | deployer | importer | distributor | authorised_representative | gpai_provider\n#   high_risk: false       # an Annex III or Annex I high-risk system is in scope\n#   transparency: false    # an Art. 50 system (chatbot, generated content, emotion recognition)\n#   gpai_systemic_risk: false\n");
            s.push_str("answers:\n");
        }
        TemplateFormat::Toml => {
            s.push_str("aimscore = 1\n");
            s.push_str(&format!("organization = {}\n", quote(&header.organization)));
            if snapshot {
                s.push_str("tier = \"snapshot\"   # the short first assessment\n");
            }
            header_line(
                &mut s,
                "scope = ",
                &header.scope,
                "\"What the AI management system covers\"",
            );
            header_line(&mut s, "assessor = ", &header.assessor, "\"Name\"");
            header_line(&mut s, "date = ", &header.date, "\"YYYY-MM-DD\"");
            if catalog.active_profiles.is_empty() {
                s.push_str("# profiles = [\"agentic\"]\n");
            } else {
                let ps: Vec<String> = catalog.active_profiles.iter().map(|p| quote(p)).collect();
                s.push_str(&format!("profiles = [{}]\n", ps.join(", ")));
            }
            s.push_str("# [eu_ai_act]   # optional: the EU AI Act view of the report\n# roles = [\"deployer\"]   # provider | deployer | importer | distributor | authorised_representative | gpai_provider\n# high_risk = false\n# transparency = false\n# gpai_systemic_risk = false\n");
            s.push_str("\n[answers]\n");
        }
    }
    let mut last_section = "";
    for r in &catalog.requirements {
        if snapshot && !r.questions.iter().any(|q| q.snapshot) {
            continue;
        }
        if r.section != last_section {
            last_section = &r.section;
            let sec = catalog.section_of(r);
            s.push_str(&format!("\n  # ===== {} {} =====\n", sec.id, sec.title));
        }
        s.push_str(&format!(
            "\n  # --- {} {} (effort {}) ---\n",
            r.id,
            r.title,
            r.effort.as_str()
        ));
        wrap_comment(&mut s, "  # Evidence that fits: ", &r.evidence.join("; "));
        for q in r.questions.iter().filter(|q| q.snapshot || !snapshot) {
            let mut tags = format!("weight {}, stage {}", q.weight, q.stage);
            if q.blocker {
                tags.push_str(", Stage 1 blocker");
            }
            if q.critical {
                tags.push_str(", Stage 2 critical");
            }
            if let Some(p) = &q.profile {
                tags.push_str(&format!(", profile {p}"));
            }
            s.push_str(&format!("  # {} ({tags}):\n", q.id));
            wrap_comment(&mut s, "  #   ", &q.text);
            match format {
                TemplateFormat::Yaml => {
                    s.push_str(&format!(
                        "  # {}:\n  #   answer: no\n  #   evidence: []\n",
                        q.id
                    ));
                }
                TemplateFormat::Toml => {
                    s.push_str(&format!(
                        "  # [answers.\"{}\"]\n  # answer = \"no\"\n  # evidence = []\n",
                        q.id
                    ));
                }
            }
        }
    }
    s
}

/// One optional header line: `key value` when the value is known, else the commented example.
fn header_line(out: &mut String, key: &str, value: &Option<String>, example: &str) {
    match value {
        Some(v) => out.push_str(&format!("{key}{}\n", quote(v))),
        None => out.push_str(&format!("# {key}{example}\n")),
    }
}

/// A new JSON answers file (JSON has no comments, so no commented entries): the header, the
/// profiles switched on in `catalog`, and an empty `answers`.
pub fn render_json(catalog: &Catalog, header: &Header) -> String {
    use serde_json::{Map, Value};
    let mut m = Map::new();
    m.insert("aimscore".into(), Value::from(1));
    m.insert(
        "organization".into(),
        Value::from(header.organization.clone()),
    );
    for (k, v) in [
        ("scope", &header.scope),
        ("assessor", &header.assessor),
        ("date", &header.date),
    ] {
        if let Some(v) = v {
            m.insert(k.into(), Value::from(v.clone()));
        }
    }
    if !catalog.active_profiles.is_empty() {
        m.insert(
            "profiles".into(),
            Value::from(catalog.active_profiles.clone()),
        );
    }
    m.insert("answers".into(), Value::Object(Map::new()));
    // Serializing a map of strings cannot fail.
    let mut s = json_escaped(&serde_json::to_string_pretty(&Value::Object(m)).unwrap_or_default());
    s.push('\n');
    s
}
