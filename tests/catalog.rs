//! Catalog invariants: the bundled catalog against the reference facts in tests/reference/.
//! Each test names the offender when it fails.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aimscore::catalog::{Catalog, Kind, Source};
use aimscore::read::{Node, Value};
use assert_cmd::Command;
use std::collections::{BTreeMap, BTreeSet};

fn catalog() -> Catalog {
    aimscore::catalog::bundled().unwrap_or_else(|e| panic!("bundled catalog invalid:\n{e}"))
}

fn tsv(name: &str) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(format!("tests/reference/{name}")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split('\t').map(|s| s.to_string()))
                .collect()
        })
        .collect()
}

#[test]
fn ids_and_titles_match_the_reference() {
    let c = catalog();
    let reference = tsv("iso42001_ids.tsv");
    let leaves: Vec<_> = reference
        .iter()
        .filter(|r| r["kind"] == "subclause" || r["kind"] == "control")
        .collect();
    let got: Vec<(&str, &str)> = c
        .requirements
        .iter()
        .map(|r| (r.id.as_str(), r.title.as_str()))
        .collect();
    let want: Vec<(&str, &str)> = leaves
        .iter()
        .map(|r| (r["id"].as_str(), r["title"].as_str()))
        .collect();
    for (g, w) in got.iter().zip(want.iter()) {
        assert_eq!(g, w, "requirement id/title differs from the reference");
    }
    assert_eq!(got.len(), want.len());
    let heads: Vec<(&str, &str)> = reference
        .iter()
        .filter(|r| r["kind"] == "clause" || r["kind"] == "annex-a-objective")
        .map(|r| (r["id"].as_str(), r["title"].as_str()))
        .collect();
    let secs: Vec<(&str, &str)> = c
        .sections
        .iter()
        .map(|s| (s.id.as_str(), s.title.as_str()))
        .collect();
    assert_eq!(secs, heads);
}

#[test]
fn counts_are_7_clauses_32_subclauses_9_objectives_38_controls_72_nist_10_owasp() {
    let c = catalog();
    assert_eq!(
        c.sections.iter().filter(|s| s.kind == Kind::Clause).count(),
        7
    );
    assert_eq!(
        c.requirements
            .iter()
            .filter(|r| !r.id.starts_with("A."))
            .count(),
        32
    );
    assert_eq!(
        c.sections.iter().filter(|s| s.kind == Kind::Annex).count(),
        9
    );
    assert_eq!(
        c.requirements
            .iter()
            .filter(|r| r.id.starts_with("A."))
            .count(),
        38
    );
    assert_eq!(c.nist.len(), 72);
    assert_eq!(c.owasp.len(), 10);
}

#[test]
fn annex_a_controls_per_objective_match_the_standard() {
    let c = catalog();
    for (sec, n) in [
        ("A.2", 3),
        ("A.3", 2),
        ("A.4", 5),
        ("A.5", 4),
        ("A.6", 9),
        ("A.7", 5),
        ("A.8", 4),
        ("A.9", 3),
        ("A.10", 3),
    ] {
        assert_eq!(
            c.requirements.iter().filter(|r| r.section == sec).count(),
            n,
            "controls in {sec}"
        );
    }
}

#[test]
fn no_annex_a_id_ends_in_dot_1() {
    for r in catalog()
        .requirements
        .iter()
        .filter(|r| r.id.starts_with("A."))
    {
        assert!(
            !r.id.ends_with(".1"),
            "{} is an objective heading, not a control",
            r.id
        );
    }
}

#[test]
fn ids_are_unique() {
    let c = catalog();
    let mut seen = BTreeSet::new();
    for r in &c.requirements {
        assert!(
            seen.insert(r.id.clone()),
            "duplicate requirement id {}",
            r.id
        );
    }
    let mut seen = BTreeSet::new();
    for (_, q) in c.questions() {
        assert!(seen.insert(q.id.clone()), "duplicate question id {}", q.id);
    }
    for p in &c.profiles {
        for (_, q) in &p.questions {
            assert!(
                seen.insert(q.id.clone()),
                "profile question id {} clashes",
                q.id
            );
        }
    }
}

#[test]
fn question_ids_are_requirement_dash_n_rising_and_never_reused() {
    let c = catalog();
    for r in &c.requirements {
        assert!(
            (1..=4).contains(&r.questions.len()),
            "{} has {} questions",
            r.id,
            r.questions.len()
        );
        let mut last = 0;
        for q in &r.questions {
            let n: usize =
                q.id.strip_prefix(&format!("{}-", r.id))
                    .and_then(|d| d.parse().ok())
                    .unwrap_or_else(|| panic!("question id {} under {}", q.id, r.id));
            assert!(n > last, "{} out of order", q.id);
            // A gap in the numbers is a retired id, listed with its replacement.
            for gap in last + 1..n {
                let id = format!("{}-{gap}", r.id);
                assert!(c.retired(&id).is_some(), "{id} is missing and not retired");
            }
            last = n;
            assert!((1..=3).contains(&q.weight), "{} weight", q.id);
            assert!((1..=2).contains(&q.stage), "{} stage", q.id);
        }
    }
}

#[test]
fn no_empty_field() {
    for r in &catalog().requirements {
        for (f, v) in [
            ("intent", &r.intent),
            ("guidance", &r.guidance),
            ("fix", &r.fix),
            ("title", &r.title),
        ] {
            assert!(
                v.trim().len() > 20 || f == "title",
                "{}: {f} too short",
                r.id
            );
            assert!(!v.contains("TODO"), "{}: {f} has TODO", r.id);
        }
        assert!(
            !r.evidence.is_empty() && r.evidence.iter().all(|e| e.trim().len() > 5),
            "{}: evidence",
            r.id
        );
        for q in &r.questions {
            assert!(
                q.text.trim().ends_with('?'),
                "{}: question text must be a question",
                q.id
            );
        }
    }
}

#[test]
fn every_cross_map_target_exists() {
    let c = catalog();
    let nist: BTreeSet<&str> = c.nist.iter().map(|n| n.id.as_str()).collect();
    let owasp: BTreeSet<&str> = c.owasp.iter().map(|n| n.id.as_str()).collect();
    for r in &c.requirements {
        for l in &r.maps.nist {
            assert!(
                nist.contains(l.id.as_str()),
                "{} maps to unknown NIST {}",
                r.id,
                l.id
            );
        }
        for l in &r.maps.owasp {
            assert!(
                owasp.contains(l.id.as_str()),
                "{} maps to unknown OWASP {}",
                r.id,
                l.id
            );
            assert_eq!(
                l.source,
                Source::Editorial,
                "{}: OWASP links are editorial",
                r.id
            );
        }
    }
    for p in &c.profiles {
        for (rid, q) in &p.questions {
            assert!(
                c.requirement(rid).is_some(),
                "{} targets unknown requirement {rid}",
                q.id
            );
            for l in q.maps.nist.iter() {
                assert!(
                    nist.contains(l.id.as_str()),
                    "{} maps to unknown NIST {}",
                    q.id,
                    l.id
                );
            }
            for l in q.maps.owasp.iter() {
                assert!(
                    owasp.contains(l.id.as_str()),
                    "{} maps to unknown OWASP {}",
                    q.id,
                    l.id
                );
            }
        }
    }
}

#[test]
fn nist_airc_links_are_exactly_the_unflagged_crosswalk_pairs() {
    let c = catalog();
    let want: BTreeSet<(String, String)> = tsv("crosswalk_iso_nist.tsv")
        .into_iter()
        // Unflagged rows, and the two flagged rows whose meaning is certain (the misprint
        // `7..2` for 7.2, the printed title `Objective` for 6.1.1), which carry a note.
        .filter(|r| {
            r.get("flags").is_none_or(|f| f.trim().is_empty())
                || matches!(
                    (r["iso42001_2023_id"].as_str(), r["nist_id"].as_str()),
                    ("7.2", "GOVERN 2.1") | ("6.1.1", "MAP 1.5")
                )
        })
        .map(|r| (r["iso42001_2023_id"].clone(), r["nist_id"].clone()))
        .collect();
    let got: BTreeSet<(String, String)> = c
        .requirements
        .iter()
        .flat_map(|r| {
            r.maps
                .nist
                .iter()
                .filter(|l| l.source == Source::NistAirc)
                .map(move |l| (r.id.clone(), l.id.clone()))
        })
        .collect();
    let missing: Vec<_> = want.difference(&got).collect();
    assert!(
        missing.is_empty(),
        "crosswalk pairs missing as nist-airc: {missing:?}"
    );
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        extra.is_empty(),
        "nist-airc links not in the crosswalk: {extra:?}"
    );
    assert_eq!(got.len(), 278);
    for (rid, nid) in [("7.2", "GOVERN 2.1"), ("6.1.1", "MAP 1.5")] {
        let r = c.requirement(rid).unwrap();
        let l = r.maps.nist.iter().find(|l| l.id == nid).unwrap();
        assert!(
            l.note.as_deref().is_some_and(|n| n.len() > 20),
            "{rid} ↔ {nid} needs a note"
        );
    }
}

#[test]
fn nist_and_owasp_titles_match_the_reference() {
    let c = catalog();
    let nist = tsv("nist_ai_rmf_ids.tsv");
    let got: Vec<(&str, &str)> = c
        .nist
        .iter()
        .map(|n| (n.id.as_str(), n.title.as_str()))
        .collect();
    let want: Vec<(&str, &str)> = nist
        .iter()
        .map(|r| (r["id"].as_str(), r["short_title_own_words"].as_str()))
        .collect();
    assert_eq!(got, want);
    let owasp = tsv("owasp_llm_2025.tsv");
    let got: Vec<(&str, &str)> = c
        .owasp
        .iter()
        .map(|n| (n.id.as_str(), n.title.as_str()))
        .collect();
    let want: Vec<(&str, &str)> = owasp
        .iter()
        .map(|r| (r["id"].as_str(), r["name_2025"].as_str()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn blockers_stand_only_on_the_stage1_essentials_of_clauses() {
    let c = catalog();
    let blockers: Vec<&str> = c
        .questions()
        .filter(|(_, q)| q.blocker)
        .map(|(_, q)| q.id.as_str())
        .collect();
    assert_eq!(
        blockers,
        [
            "4.3-1", "5.2-1", "5.3-4", "6.1.2-1", "6.1.3-1", "6.1.3-2", "6.1.3-3", "6.1.3-5",
            "6.1.4-1", "6.2-1", "7.5.3-5", "8.2-2", "8.4-4", "9.2.2-1", "9.3.1-1"
        ]
    );
    for (r, q) in c.questions().filter(|(_, q)| q.blocker) {
        assert_eq!(
            c.section_of(r).kind,
            Kind::Clause,
            "{} blocker outside clauses",
            q.id
        );
        assert_eq!(q.stage, 1, "{} blocker must be stage 1", q.id);
    }
}

#[test]
fn sorted_id_list_is_stable() {
    let c = catalog();
    let mut ids: Vec<String> = c.requirements.iter().map(|r| r.id.clone()).collect();
    ids.extend(c.questions().map(|(_, q)| q.id.clone()));
    for p in &c.profiles {
        ids.extend(p.questions.iter().map(|(_, q)| q.id.clone()));
    }
    ids.sort();
    insta::assert_snapshot!("catalog_ids", ids.join("\n"));
}

fn keys(n: &Node) -> Vec<String> {
    match &n.value {
        Value::Map(m) => m.iter().map(|(k, _)| k.name.clone()).collect(),
        _ => Vec::new(),
    }
}

fn get<'a>(n: &'a Node, key: &str) -> &'a Node {
    match &n.value {
        Value::Map(m) => {
            &m.iter()
                .find(|(k, _)| k.name == key)
                .unwrap_or_else(|| panic!("missing {key}"))
                .1
        }
        _ => panic!("not a map"),
    }
}

fn items(n: &Node) -> &[Node] {
    match &n.value {
        Value::Seq(v) => v,
        _ => panic!("not a list"),
    }
}

#[test]
fn catalog_files_are_in_canonical_form() {
    let reference = tsv("iso42001_ids.tsv");
    let order: Vec<String> = reference
        .iter()
        .filter(|r| r["kind"] == "subclause" || r["kind"] == "control")
        .map(|r| r["id"].clone())
        .collect();
    let mut seen = Vec::new();
    for file in [
        "controls/iso42001/clauses.yaml",
        "controls/iso42001/annex-a.yaml",
    ] {
        let text = std::fs::read_to_string(file).unwrap();
        let root = aimscore::read::yaml::parse(file, &text).unwrap();
        assert_eq!(keys(&root), ["sections"], "{file}: top-level keys");
        for s in items(get(&root, "sections")) {
            assert_eq!(
                keys(s),
                ["id", "kind", "title", "requirements"],
                "{file}: section key order"
            );
            for r in items(get(s, "requirements")) {
                let Value::Str(id) = &get(r, "id").value else {
                    panic!("{file}: id must be a string")
                };
                assert_eq!(
                    keys(r),
                    [
                        "id",
                        "title",
                        "effort",
                        "intent",
                        "guidance",
                        "evidence",
                        "fix",
                        "maps",
                        "questions"
                    ],
                    "{file}: key order of {id}"
                );
                assert_eq!(
                    keys(get(r, "maps")),
                    ["nist", "owasp"],
                    "{file}: maps of {id}"
                );
                for q in items(get(r, "questions")) {
                    let k = keys(q);
                    let flags: Vec<&str> = k.iter().skip(4).map(String::as_str).collect();
                    let order = ["blocker", "critical", "snapshot", "action"];
                    let mut want: Vec<&str> = order
                        .iter()
                        .copied()
                        .filter(|f| flags.contains(f))
                        .collect();
                    want.retain(|f| *f != "action");
                    want.push("action");
                    assert!(
                        k[..4] == ["id", "text", "weight", "stage"] && flags == want,
                        "{file}: question keys under {id}: {k:?}"
                    );
                }
                seen.push(id.clone());
            }
        }
    }
    assert_eq!(seen, order, "requirements must be in the standard's order");
}

#[test]
fn export_json_has_the_contract_shape() {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .args(["catalog", "export", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["name"].is_string() && v["version"].is_string());
    assert_eq!(v["sections"].as_array().unwrap().len(), 16);
    let reqs = v["requirements"].as_array().unwrap();
    assert_eq!(reqs.len(), 70);
    let r = reqs.iter().find(|r| r["id"] == "A.6.2.8").unwrap();
    assert_eq!(r["section"], "A.6");
    assert!(r["title"].is_string());
    let q = &r["questions"][0];
    assert_eq!(q["id"], "A.6.2.8-1");
    assert!(
        q["text"].is_string()
            && q["weight"].is_u64()
            && q["stage"].is_u64()
            && q["blocker"].is_boolean()
    );
    assert!(r["maps"]["nist"].is_array() && r["maps"]["owasp"].is_array());
    assert_eq!(v["nist"].as_array().unwrap().len(), 72);
    assert_eq!(v["owasp"].as_array().unwrap().len(), 10);
    assert!(v["nist"][0]["id"].is_string() && v["nist"][0]["title"].is_string());
}

#[test]
fn a_broken_catalog_gives_exit_2_and_a_located_message_per_problem() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(std::path::Path::new("controls"), dir.path());
    let annex = dir.path().join("iso42001/annex-a.yaml");
    let text = std::fs::read_to_string(&annex).unwrap();
    // unknown NIST id, duplicate requirement id, missing field
    let text = text.replacen(
        "{id: GOVERN 1.6, source: nist-airc}",
        "{id: GOVERN 9.9, source: nist-airc}",
        1,
    );
    let text = text.replacen("- id: \"A.2.3\"", "- id: \"A.2.2\"", 1);
    std::fs::write(&annex, text).unwrap();
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .args(["catalog", "validate"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("maps to unknown NIST AI RMF id `GOVERN 9.9`"),
        "{err}"
    );
    assert!(err.contains("duplicate requirement id `A.2.2`"), "{err}");
    assert!(err.contains("annex-a.yaml:"), "{err}");
    for line in err
        .lines()
        .filter(|l| l.contains("GOVERN 9.9") || l.contains("duplicate requirement"))
    {
        let rest = &line[line
            .find(".yaml:")
            .unwrap_or_else(|| panic!("no file in: {line}"))
            + 6..];
        let parts: Vec<&str> = rest.splitn(3, ':').collect();
        assert!(
            parts[0].parse::<usize>().is_ok() && parts[1].parse::<usize>().is_ok(),
            "not located: {line}"
        );
    }

    // a missing field is a located parse error
    let clauses = dir.path().join("iso42001/clauses.yaml");
    let text = std::fs::read_to_string(&clauses).unwrap();
    let text = text.replacen("        effort: ", "        effortt: ", 1);
    std::fs::write(&clauses, text).unwrap();
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .args(["catalog", "validate"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("clauses.yaml:") && err.contains("effortt"),
        "{err}"
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let p = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&p).unwrap();
            copy_dir(&e.path(), &p);
        } else {
            std::fs::copy(e.path(), p).unwrap();
        }
    }
}

#[test]
fn bundled_catalog_json_is_fresh() {
    let from_yaml = aimscore::catalog::bundled_from_sources()
        .unwrap_or_else(|e| panic!("bundled catalog invalid:\n{e}"));
    let want = aimscore::catalog::load::bundled_json(&from_yaml);
    if std::env::var_os("AIMSCORE_UPDATE_BUNDLE").is_some() {
        std::fs::write("controls/bundled.json", &want).unwrap();
    }
    let got = std::fs::read_to_string("controls/bundled.json").unwrap();
    assert!(
        got == want,
        "controls/bundled.json is stale: run `AIMSCORE_UPDATE_BUNDLE=1 cargo test --test catalog bundled_catalog_json_is_fresh`"
    );
    // and the runtime catalog is exactly the validated one
    let runtime = catalog();
    assert_eq!(aimscore::catalog::load::bundled_json(&runtime), want);
}
