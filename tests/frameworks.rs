//! Framework views (SPEC, "Framework views"): recomputed here from the catalog's links and the
//! question scores, and the catalog files checked against the reference lists.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aimscore::answers;
use aimscore::catalog::{Catalog, Source};
use aimscore::documents::{self, Report};
use aimscore::read::Format;
use aimscore::scoring::{self, Options};
use std::collections::{BTreeMap, BTreeSet};

fn catalog() -> Catalog {
    aimscore::catalog::bundled().unwrap_or_else(|e| panic!("{e}"))
}

fn tsv(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(format!("tests/reference/{name}"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            head.iter()
                .zip(l.split('\t'))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn report(path: &str, opts: Options) -> (Report, Catalog, answers::Answers) {
    let c = catalog();
    let (a, active) = answers::load(std::path::Path::new(path), &c, &[]).unwrap();
    let asm = scoring::assess(&active, &a, opts);
    (documents::build(&active, &a, &asm, None), active, a)
}

/// 100 × Σ(w × s) / Σ(w) over a set of question ids, from the report's own question scores.
fn score_of(r: &Report, ids: &BTreeSet<String>) -> Option<f64> {
    let (mut n, mut d) = (0.0, 0.0);
    for q in r.requirements.iter().flat_map(|x| x.questions.iter()) {
        if let Some(s) = q.score.filter(|_| ids.contains(&q.id)) {
            n += f64::from(q.weight) * s;
            d += f64::from(q.weight);
        }
    }
    (d > 0.0).then(|| (1000.0 * n / d).round() / 10.0)
}

#[test]
fn the_agentic_and_eu_files_match_the_reference_lists() {
    let c = catalog();
    let want: Vec<(String, String)> = tsv("owasp_agentic_2026.tsv")
        .into_iter()
        .map(|r| (r["id"].clone(), r["title"].clone()))
        .collect();
    let got: Vec<(String, String)> = c
        .owasp_agentic
        .iter()
        .map(|r| (r.id.clone(), r.title.clone()))
        .collect();
    assert_eq!(got, want);
    let eu = tsv("eu_ai_act.tsv");
    assert_eq!(c.eu_ai_act.len(), eu.len());
    for (a, row) in c.eu_ai_act.iter().zip(&eu) {
        assert_eq!(a.id, row["article"]);
        assert_eq!(a.title, row["title"]);
        assert!(
            row["applies_from_per_OJ_text"].contains(&a.applies_from)
                || row["applies_from_per_OJ_text"].trim().is_empty()
                || !row["applies_from_per_OJ_text"].starts_with("20"),
            "{}: {} vs {}",
            a.id,
            a.applies_from,
            row["applies_from_per_OJ_text"]
        );
        assert!(a.links.iter().all(|l| l.source == Source::Editorial));
    }
    for id in ["Art. 43", "Art. 49", "Art. 73"] {
        let a = c.eu_ai_act.iter().find(|a| a.id == id).unwrap();
        assert!(!a.aims_covers, "{id} is not something an AIMS covers");
    }
}

#[test]
fn nist_function_scores_are_the_union_of_their_subcategories_questions() {
    for lens_all in [false, true] {
        let opts = Options {
            lens_links_all: lens_all,
            ..Options::default()
        };
        let (r, c, _) = report("examples/healthcare-third-party-model.yaml", opts);
        let nist = &r.frameworks.nist_ai_rmf;
        assert_eq!(nist.links, if lens_all { "all" } else { "nist-airc" });
        let ids: Vec<&str> = nist.functions.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["GOVERN", "MAP", "MEASURE", "MANAGE"]);
        for f in &nist.functions {
            let mut qs = BTreeSet::new();
            for req in &c.requirements {
                let linked = req.maps.nist.iter().any(|l| {
                    l.id.starts_with(&format!("{} ", f.id))
                        && (lens_all || l.source == Source::NistAirc)
                });
                if linked {
                    qs.extend(req.questions.iter().map(|q| q.id.clone()));
                }
            }
            assert_eq!(
                f.score,
                score_of(&r, &qs),
                "{} (all links: {lens_all})",
                f.id
            );
        }
        assert_eq!(nist.subcategories.len(), 72);
        assert_eq!(nist.categories.len(), 19);
    }
}

#[test]
fn owasp_risks_score_linked_requirements_and_profile_questions_and_name_the_weakest() {
    let (r, c, _) = report("examples/enterprise-agents-mcp.yaml", Options::default());
    for (list, pick) in [
        (
            &r.frameworks.owasp_agentic_2026,
            (|m: &aimscore::catalog::Maps| m.owasp_agentic.clone())
                as fn(&aimscore::catalog::Maps) -> Vec<aimscore::catalog::Link>,
        ),
        (&r.frameworks.owasp_llm_2025, |m| m.owasp.clone()),
    ] {
        assert_eq!(list.len(), 10);
        for risk in list {
            let mut qs = BTreeSet::new();
            let mut reqs = Vec::new();
            for req in &c.requirements {
                if pick(&req.maps).iter().any(|l| l.id == risk.id) {
                    qs.extend(req.questions.iter().map(|q| q.id.clone()));
                    reqs.push(req.id.clone());
                }
                for q in &req.questions {
                    if pick(&q.maps).iter().any(|l| l.id == risk.id) {
                        qs.insert(q.id.clone());
                    }
                }
            }
            assert_eq!(risk.score, score_of(&r, &qs), "{}", risk.id);
            let mut scored: Vec<(f64, usize, String)> = r
                .requirements
                .iter()
                .enumerate()
                .filter(|(_, x)| reqs.contains(&x.id))
                .filter_map(|(i, x)| x.score.map(|s| (s, i, x.id.clone())))
                .collect();
            scored.sort_by(|a, b| a.partial_cmp(b).unwrap());
            let want: Vec<String> = scored.into_iter().take(3).map(|x| x.2).collect();
            assert_eq!(risk.weakest, want, "{}", risk.id);
        }
    }
}

#[test]
fn eu_articles_apply_by_role_and_condition_and_list_what_an_aims_does_not_cover() {
    let c = catalog();
    let base = "aimscore: 1\norganization: T\n";
    let view = |block: &str| {
        let text = format!("{base}{block}");
        let (a, active) = answers::parse_text("t.yaml", &text, Format::Yaml, &c, &[]).unwrap();
        let asm = scoring::assess(&active, &a, Options::default());
        documents::build(&active, &a, &asm, None)
            .frameworks
            .eu_ai_act
    };
    assert!(view("").is_none(), "no eu_ai_act block, no view");
    let deployer = view("eu_ai_act:\n  roles: [deployer]\n").unwrap();
    let ids: Vec<&str> = deployer.articles.iter().map(|a| a.id.as_str()).collect();
    assert!(ids.contains(&"Art. 4"), "{ids:?}");
    assert!(
        !ids.contains(&"Art. 26"),
        "Art. 26 needs a high-risk system: {ids:?}"
    );
    assert!(
        !ids.contains(&"Art. 9"),
        "Art. 9 is the provider's: {ids:?}"
    );
    let high = view("eu_ai_act:\n  roles: [provider]\n  high_risk: true\n").unwrap();
    let ids: Vec<&str> = high.articles.iter().map(|a| a.id.as_str()).collect();
    assert!(
        ids.contains(&"Art. 9") && ids.contains(&"Art. 17"),
        "{ids:?}"
    );
    assert!(high.not_covered.contains(&"Art. 43".to_string()));
    for a in &high.articles {
        let want = match a.score {
            None => "no score",
            Some(s) if s >= 80.0 => "supported",
            Some(s) if s >= 50.0 => "partly",
            Some(_) => "weak",
        };
        assert_eq!(a.status, want, "{}", a.id);
    }
    assert!(high.note.contains("not legal advice"));
    let e = answers::parse_text(
        "t.yaml",
        &format!("{base}eu_ai_act:\n  roles: [deployor]\n  high_risk: yes\n"),
        Format::Yaml,
        &c,
        &[],
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("t.yaml:4:10: unknown EU AI Act role `deployor`"),
        "{e}"
    );
    assert!(e.contains("did you mean `deployer`?"), "{e}");
    assert!(
        e.contains("`eu_ai_act.high_risk` must be true or false"),
        "{e}"
    );
}

#[test]
fn every_human_format_shows_the_framework_views() {
    for (format, want) in [
        ("text", "NIST GOVERN"),
        ("md", "## Framework views"),
        ("html", "id=\"frameworks\""),
    ] {
        let out = assert_cmd::Command::cargo_bin("aimscore")
            .unwrap()
            .args([
                "assess",
                "examples/healthcare-third-party-model.yaml",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(want), "{format}: missing {want}");
        assert!(
            text.contains("Art. 49"),
            "{format}: the EU view lists what to act on separately"
        );
    }
}

#[test]
fn catalog_show_of_a_framework_id_lists_what_links_to_it() {
    let show = |id: &str| {
        let out = assert_cmd::Command::cargo_bin("aimscore")
            .unwrap()
            .args(["catalog", "show", id])
            .output()
            .unwrap();
        assert!(out.status.success(), "{id}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let asi = show("ASI04");
    assert!(asi.contains("Agentic Supply Chain Vulnerabilities"));
    assert!(asi.contains("A.10.3 Suppliers [editorial]"), "{asi}");
    let nist = show("GOVERN 2.1");
    assert!(nist.contains("7.2 Competence [nist-airc]"), "{nist}");
    let art = show("Art. 43");
    assert!(art.contains("does not cover this article"), "{art}");
    let req = show("A.10.3");
    assert!(
        req.contains("ASI04 Agentic Supply Chain Vulnerabilities [editorial]"),
        "{req}"
    );
    assert!(req.contains("EU AI Act articles it supports"), "{req}");
}

#[test]
fn inventory_findings_name_the_agentic_risks_they_bear_on() {
    let out = assert_cmd::Command::cargo_bin("aimscore")
        .unwrap()
        .args([
            "assess",
            "examples/enterprise-agents-mcp.yaml",
            "--inventory",
            "examples/inventory/agents-2026-10-28.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in v["inventory_findings"].as_array().unwrap() {
        let want: &[&str] = match f["code"].as_str().unwrap() {
            "unpinned-package" => &["ASI04"],
            "secret-in-args" | "secret-in-config" => &["ASI03"],
            "remote-plain-http" => &["ASI07", "ASI03"],
            "no-owner-recorded" => &["ASI10"],
            other => panic!("unexpected code {other}"),
        };
        assert_eq!(f["owasp_agentic"], serde_json::json!(want));
    }
}
