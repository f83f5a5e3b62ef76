//! Readiness as a certification body checks it (SPEC, "Readiness", "The fix-list", "Scoring
//! policy", "Snapshot tier"): each rule alone, on answers files built from the bundled catalog
//! where every other question is an evidenced yes.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aimscore::answers::{self, Tier};
use aimscore::catalog::{Catalog, Kind};
use aimscore::documents::{self, Report};
use aimscore::read::Format;
use aimscore::scoring::{self, Options, Policy};

fn catalog() -> Catalog {
    aimscore::catalog::bundled().unwrap_or_else(|e| panic!("{e}"))
}

/// An answers file: every question of the catalog `yes` with evidence, except `set` (id,
/// answer) and `leave` (unanswered).
fn file(c: &Catalog, profiles: &[&str], set: &[(&str, &str)], leave: &[&str]) -> String {
    let mut s = String::from("aimscore: 1\norganization: Test\n");
    if !profiles.is_empty() {
        s.push_str(&format!("profiles: [{}]\n", profiles.join(", ")));
    }
    s.push_str("answers:\n");
    let names: Vec<String> = profiles.iter().map(|p| p.to_string()).collect();
    let active = c.with_profiles(&names).unwrap_or_else(|e| panic!("{e}"));
    for (_, q) in active.questions() {
        if leave.contains(&q.id.as_str()) {
            continue;
        }
        match set.iter().find(|(id, _)| *id == q.id) {
            Some((_, "na")) => s.push_str(&format!(
                "  {}:\n    answer: na\n    justification: Not used here.\n",
                q.id
            )),
            Some((_, a)) => s.push_str(&format!("  {}:\n    answer: {a}\n", q.id)),
            None => s.push_str(&format!(
                "  {}:\n    answer: yes\n    evidence: [e.pdf]\n",
                q.id
            )),
        }
    }
    s
}

fn report_with(c: &Catalog, text: &str, opts: Options) -> Report {
    let c = opts.policy.apply(c);
    let (a, active) = answers::parse_text("t.yaml", text, Format::Yaml, &c, &[])
        .unwrap_or_else(|e| panic!("{e}"));
    let asm = scoring::assess(&active, &a, opts);
    documents::build(&active, &a, &asm, None)
}

fn report(c: &Catalog, text: &str) -> Report {
    report_with(c, text, Options::default())
}

fn codes(r: &Report) -> Vec<&str> {
    r.stage2.reasons.iter().map(|x| x.code.as_str()).collect()
}

#[test]
fn everything_evidenced_is_ready_at_both_stages() {
    let c = catalog();
    let r = report(&c, &file(&c, &[], &[], &[]));
    assert_eq!(r.stage1.ready, Some(true));
    assert_eq!(r.stage2.ready, Some(true), "{:?}", codes(&r));
    assert!(r.stage2.reasons.is_empty());
}

#[test]
fn each_stage2_critical_gap_alone_makes_stage2_not_ready() {
    let c = catalog();
    // The four gaps that most often fail a Stage 2 audit.
    for (id, what) in [
        ("A.4.2-3", "AI system inventory reconciled"),
        ("A.9.2-5", "AI use policy enforced technically"),
        ("A.6.2.8-5", "event logs reviewed"),
        ("A.8.4-4", "AI incident response exercised"),
    ] {
        let r = report(&c, &file(&c, &[], &[(id, "no")], &[]));
        assert_eq!(r.stage1.ready, Some(true), "{what}");
        assert_eq!(r.stage2.ready, Some(false), "{what}: {id} alone");
        let crit = r
            .stage2
            .reasons
            .iter()
            .find(|x| x.code == "critical_gaps")
            .unwrap_or_else(|| panic!("{what}: no critical_gaps reason"));
        assert_eq!(crit.questions, vec![id.to_string()], "{what}");
        assert!(crit.message.contains(id), "{}", crit.message);
        // A critical gap is at least P2 and its gap is doubled.
        let f = r.fixes.iter().find(|f| f.question == id).unwrap();
        assert_eq!(f.priority, "P2");
        assert!(f.critical);
        let w = f64::from(c.questions().find(|(_, q)| q.id == id).unwrap().1.weight);
        assert_eq!(f.gap, 2.0 * w);
    }
}

#[test]
fn an_na_critical_annex_question_drops_out() {
    let c = catalog();
    let r = report(&c, &file(&c, &[], &[("A.9.2-5", "na")], &[]));
    assert_eq!(r.stage2.ready, Some(true), "{:?}", codes(&r));
}

#[test]
fn a_section_below_the_floor_gives_section_below() {
    let c = catalog();
    let a3: Vec<(&str, &str)> = c
        .questions()
        .filter(|(r, _)| r.section == "A.3")
        .map(|(_, q)| (q.id.as_str(), "no"))
        .collect();
    let r = report(&c, &file(&c, &[], &a3, &[]));
    assert!(codes(&r).contains(&"section_below"), "{:?}", codes(&r));
    let why = r
        .stage2
        .reasons
        .iter()
        .find(|x| x.code == "section_below")
        .unwrap();
    assert!(
        why.message.contains("A.3 Internal organization (0.0)"),
        "{}",
        why.message
    );
    assert_eq!(r.stage1.ready, Some(true));
}

#[test]
fn the_overall_threshold_and_audit_review_gaps_are_reasons_in_order() {
    let c = catalog();
    let r = report(
        &c,
        &file(&c, &[], &[("9.2.1-2", "no"), ("9.3.1-2", "partial")], &[]),
    );
    assert_eq!(codes(&r), vec!["audit_review_gaps"]);
    assert_eq!(r.stage2.reasons[0].questions, vec!["9.2.1-2", "9.3.1-2"]);
    let half: Vec<(&str, &str)> = c
        .questions()
        .map(|(_, q)| (q.id.as_str(), "partial"))
        .collect();
    let r = report(&c, &file(&c, &[], &half, &[]));
    assert_eq!(
        codes(&r),
        vec![
            "stage1_not_ready",
            "overall_below",
            "audit_review_gaps",
            "critical_gaps"
        ]
    );
}

#[test]
fn each_missing_stage1_record_makes_stage1_not_ready() {
    let c = catalog();
    for (id, what) in [
        ("8.2-2", "risk assessment results"),
        ("8.4-4", "impact assessment screening or results"),
        ("6.1.3-3", "risk treatment plan"),
        (
            "6.1.3-5",
            "treatment plan approval and residual-risk acceptance",
        ),
        ("9.2.2-1", "planned internal audit programme"),
        ("9.3.1-1", "planned management review"),
    ] {
        let r = report(&c, &file(&c, &[], &[(id, "no")], &[]));
        assert_eq!(r.stage1.ready, Some(false), "{what} ({id})");
        assert_eq!(r.stage1.blockers, vec![id.to_string()], "{what}");
        assert_eq!(r.stage2.reasons[0].code, "stage1_not_ready");
        let f = r.fixes.first().unwrap();
        assert_eq!((f.priority.as_str(), f.question.as_str()), ("P1", id));
    }
}

#[test]
fn blockers_stand_only_in_clauses_and_are_never_critical() {
    let c = catalog();
    for (r, q) in c.questions() {
        if q.blocker {
            assert_eq!(c.section_of(r).kind, Kind::Clause, "{} is a blocker", q.id);
            assert!(!q.critical, "{} is both", q.id);
        }
    }
    let blockers: Vec<&str> = c
        .questions()
        .filter(|(_, q)| q.blocker)
        .map(|(_, q)| q.id.as_str())
        .collect();
    // No blocker stricter than the standard: the RACI matrix and the procedure are gone.
    for gone in ["5.3-1", "7.5.3-1", "7.5.1-1"] {
        assert!(!blockers.contains(&gone), "{gone} is still a blocker");
    }
}

#[test]
fn every_question_has_an_action_distinct_within_its_requirement() {
    let c = catalog();
    let everything = c
        .with_profiles(&c.profiles.iter().map(|p| p.id.clone()).collect::<Vec<_>>())
        .unwrap();
    for r in &everything.requirements {
        let mut seen = std::collections::BTreeSet::new();
        for q in &r.questions {
            assert!(q.action.len() > 40, "{}: action too short", q.id);
            assert_ne!(q.action, r.fix, "{}", q.id);
            assert!(
                seen.insert(q.action.to_lowercase()),
                "{}: action repeated",
                q.id
            );
        }
    }
}

#[test]
fn fixes_lead_with_the_questions_own_action() {
    let c = catalog();
    let r = report(
        &c,
        &file(&c, &[], &[("A.9.4-2", "no"), ("A.9.4-1", "partial")], &[]),
    );
    let f = r.fixes.iter().find(|f| f.question == "A.9.4-2").unwrap();
    let q = c.questions().find(|(_, q)| q.id == "A.9.4-2").unwrap();
    assert_eq!(f.question_action, q.1.action);
    assert_eq!(f.action, q.0.fix);
    let g = r.fixes.iter().find(|f| f.question == "A.9.4-1").unwrap();
    assert_ne!(f.question_action, g.question_action);
}

#[test]
fn a_policy_that_raises_the_floor_changes_the_verdict_and_is_stamped() {
    let c = catalog();
    let a10: Vec<(&str, &str)> = c
        .questions()
        .filter(|(r, _)| r.section == "A.10")
        .map(|(_, q)| (q.id.as_str(), "partial"))
        .collect();
    let text = file(&c, &[], &a10, &[]);
    let plain = report(&c, &text);
    assert_eq!(plain.stage2.ready, Some(true), "{:?}", codes(&plain));
    assert_eq!(plain.policy.sha256, "default");
    let toml = "name = \"Strict house method\"\n[stage2]\nsection_floor = 60\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.toml");
    std::fs::write(&path, toml).unwrap();
    let policy = Policy::load(&path, &c).unwrap_or_else(|e| panic!("{e}"));
    let strict = report_with(
        &c,
        &text,
        Options {
            policy,
            ..Options::default()
        },
    );
    assert_eq!(strict.stage2.ready, Some(false));
    assert_eq!(codes(&strict), vec!["section_below"]);
    assert_eq!(strict.policy.name, "Strict house method");
    assert_eq!(strict.policy.sha256.len(), 64);
    assert_eq!(
        strict.policy.changes,
        vec!["Stage 2 section floor 60 (default 50)"]
    );
    assert!(
        strict.method.contains("no section below 60"),
        "{}",
        strict.method
    );
}

#[test]
fn a_broken_policy_file_gives_located_errors_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.toml");
    std::fs::write(
        &policy,
        "name = \"x\"\n[stage2]\noverall = 180\n[blockers]\nadd = [\"A.6.2.8-3\"]\n[critical]\nadd = [\"4.3-1\"]\n[colour]\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("aimscore")
        .unwrap()
        .args(["assess", "examples/minimal.json", "--policy"])
        .arg(&policy)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    let p = policy.display().to_string();
    for want in [
        format!("{p}:3:11"),
        "cannot be a blocker".to_string(),
        "both a blocker and critical".to_string(),
        format!("{p}:8:2: unknown key `colour`"),
    ] {
        assert!(err.contains(&want), "missing {want:?} in\n{err}");
    }
}

#[test]
fn a_baseline_under_another_policy_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.yaml");
    std::fs::write(&policy, "name: Other\nstage2:\n  overall: 85\n").unwrap();
    let base = dir.path().join("base.json");
    let st = assert_cmd::Command::cargo_bin("aimscore")
        .unwrap()
        .args(["assess", "examples/minimal.json", "--format", "json", "-o"])
        .arg(&base)
        .arg("--policy")
        .arg(&policy)
        .output()
        .unwrap();
    assert!(st.status.success());
    let out = assert_cmd::Command::cargo_bin("aimscore")
        .unwrap()
        .args(["check", "examples/minimal.json", "--baseline"])
        .arg(&base)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("scored under policy `Other`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_retired_id_names_its_replacement() {
    let c = catalog();
    let text = "aimscore: 1\norganization: T\nanswers:\n  5.3-1:\n    answer: yes\n";
    let e = answers::parse_text("old.yaml", text, Format::Yaml, &c, &[]).unwrap_err();
    let s = e.to_string();
    assert!(
        s.contains("old.yaml:4:3: question `5.3-1` was retired"),
        "{s}"
    );
    assert!(s.contains("answer `5.3-4` instead"), "{s}");
}

#[test]
fn a_snapshot_is_scored_on_snapshot_questions_and_never_ready() {
    let c = catalog();
    let snap: Vec<&str> = c
        .questions()
        .filter(|(_, q)| q.snapshot)
        .map(|(_, q)| q.id.as_str())
        .collect();
    assert!(
        (25..=40).contains(&snap.len()),
        "{} snapshot questions",
        snap.len()
    );
    for s in &c.sections {
        assert!(
            c.questions().any(|(r, q)| q.snapshot && r.section == s.id),
            "section {} has no snapshot question",
            s.id
        );
    }
    for (_, q) in c.questions() {
        if q.blocker || q.critical {
            assert!(
                q.snapshot,
                "{} is a blocker or critical but not in the snapshot",
                q.id
            );
        }
    }
    let mut text = String::from("aimscore: 1\norganization: T\ntier: snapshot\nanswers:\n");
    for id in &snap {
        text.push_str(&format!(
            "  {id}:\n    answer: yes\n    evidence: [e.pdf]\n"
        ));
    }
    let (a, _) = answers::parse_text("s.yaml", &text, Format::Yaml, &c, &[]).unwrap();
    assert_eq!(a.meta.tier, Tier::Snapshot);
    let r = report(&c, &text);
    assert_eq!(r.overall.score, Some(100.0));
    assert_eq!(r.overall.questions, snap.len());
    assert_eq!(r.stage1.ready, None);
    assert_eq!(r.stage2.ready, None);
    assert_eq!(codes(&r), vec!["snapshot"]);
    assert_eq!(r.tier, "snapshot");
    let note = r.snapshot_note.as_deref().unwrap();
    assert!(note.starts_with(&format!(
        "Snapshot: an indicative score from {} of ",
        snap.len()
    )));
    // A full question in a snapshot file is an error.
    let bad = format!("{text}  4.1-2:\n    answer: yes\n");
    let e = answers::parse_text("s.yaml", &bad, Format::Yaml, &c, &[]).unwrap_err();
    assert!(
        e.to_string().contains("`4.1-2` is not a snapshot question"),
        "{e}"
    );
}

#[test]
fn init_snapshot_writes_only_snapshot_questions() {
    let out = assert_cmd::Command::cargo_bin("aimscore")
        .unwrap()
        .args(["init", "--snapshot"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.contains("\ntier: snapshot"));
    assert!(t.contains("# 8.2-2:"));
    assert!(
        !t.contains("# 4.1-2:"),
        "a full-only question is in the snapshot template"
    );
}

#[test]
fn the_bundled_examples_tell_their_stories() {
    let c = catalog();
    let load = |p: &str| {
        let (a, active) = answers::load(std::path::Path::new(p), &c, &[]).unwrap();
        let asm = scoring::assess(&active, &a, Options::default());
        documents::build(&active, &a, &asm, None)
    };
    let h = load("examples/healthcare-third-party-model.yaml");
    assert_eq!(h.stage1.ready, Some(true));
    assert_eq!(h.stage2.ready, Some(false));
    assert!(codes(&h).contains(&"critical_gaps") && codes(&h).contains(&"audit_review_gaps"));
    let e = load("examples/enterprise-agents-mcp.yaml");
    assert_eq!(e.stage1.ready, Some(true));
    assert_eq!(codes(&e), vec!["overall_below", "critical_gaps"]);
    let s = load("examples/startup-llm-feature.yaml");
    assert_eq!(s.stage1.ready, Some(false));
    let snap = load("examples/snapshot-first-look.yaml");
    assert_eq!(snap.tier, "snapshot");
    assert_eq!(snap.stage2.ready, None);
}
