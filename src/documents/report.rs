//! The report view-model: everything any format shows, and nothing computed by a renderer.

use crate::answers::{AnswerValue, Answers};
use crate::catalog::Catalog;
use crate::scoring::{Assessment, Score, Stage2Code, Thresholds};
use serde::{Deserialize, Serialize};

/// Version of the JSON report's shape. Bump on any breaking change.
pub const SCHEMA_VERSION: u32 = 2;

/// The disclaimer every human format carries.
pub const DISCLAIMER: &str = "This report is a self-assessment for guidance only. It is not a certification, an audit, or legal advice. Only an accredited certification body can certify an AI management system against ISO/IEC 42001:2023.";

/// A threshold in tenths as people read it: `80`, `82.5`.
fn tenths_text(x: u32) -> String {
    if x.is_multiple_of(10) {
        (x / 10).to_string()
    } else {
        format!("{}.{}", x / 10, x % 10)
    }
}

/// The scoring method under a policy's thresholds, stated in every human format.
pub fn method(t: &Thresholds) -> String {
    let n = |x: u32| tenths_text(x);
    let upto = |x: u32| Score(x.saturating_sub(1)).to_string();
    format!(
        "Each question scores yes = 1, partial = 0.5, no = 0, unanswered = 0, or maturity m/5 (0 to 5); a yes without evidence scores 0.5 unless claims are trusted, and na (Annex A only, with a justification) drops out. A requirement, section or the whole scores 100 × Σ(weight × score) / Σ(weight) over its applicable questions, rounded to one decimal. Bands: 0–{} Initial, {}–{} Developing, {}–{} Established, {}–100 Ready. Stage 1 readiness needs every blocker question at 1: the scope, the AI policy, roles assigned and communicated, the risk assessment process and its results, the treatment process, plan and its approval with residual-risk acceptance, the Statement of Applicability, the impact assessment process and a recorded assessment for every in-scope system, AI objectives, control of documented information, a planned internal audit programme and a planned management review. Stage 2 readiness also needs an overall score of {} or more, no section below {}, a completed internal audit and management review (every 9.2 and 9.3 question at 1) and every critical question at 1 (the AI system inventory reconciled, the AI use policy enforced technically, event logs retained and reviewed, an AI incident response exercised or used). Each question below 1 yields a fix with gap = weight × (1 − score), doubled for a blocker or a critical question: P1 blockers, P2 critical questions and gaps of 1.5 or more, P3 the rest, largest gap first.",
        upto(t.developing),
        n(t.developing),
        upto(t.established),
        n(t.established),
        upto(t.ready),
        n(t.ready),
        n(t.overall),
        n(t.section_floor),
    )
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub catalog: CatalogInfo,
    pub source: String,
    /// How documents for people name the answers file: its file name, or `--label NAME`.
    #[serde(default)]
    pub source_name: String,
    pub organization: String,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    pub profiles: Vec<String>,
    pub trust_claims: bool,
    /// `full` or `snapshot`.
    pub tier: String,
    /// "Snapshot: an indicative score from N of M questions" for a snapshot; null otherwise.
    pub snapshot_note: Option<String>,
    /// The scoring policy the verdict was computed under.
    pub policy: PolicyView,
    pub overall: Overall,
    pub management_system: Part,
    pub annex_a: Part,
    pub stage1: Stage1View,
    pub stage2: Stage2View,
    pub sections: Vec<SectionView>,
    pub requirements: Vec<RequirementView>,
    /// The fix-list (limited by `--top`; `fixes_total` counts them all).
    pub fixes: Vec<FixView>,
    pub fixes_total: usize,
    pub exclusions: Vec<ExclusionView>,
    /// The whole fix-list (never limited by `--top`) as a phased plan (docs/report-model.md).
    #[serde(default)]
    pub roadmap: super::roadmap::Roadmap,
    /// The framework views: NIST AI RMF, OWASP LLM 2025 and Agentic 2026, EU AI Act.
    pub frameworks: super::frameworks::Frameworks,
    /// Findings from the agent and MCP inventory (`assess --inventory`, or the answers file's
    /// `inventory:`). They never change a score. Absent from JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inventory_findings: Vec<InventoryFinding>,
    /// Waivers on answers, with their status as of `date`. Absent from JSON when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<super::register::WaiverView>,
    /// The risk register, highest level first. Absent from JSON when there is none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<super::register::RiskView>,
    /// The answers file's `soa:` reasons, by control in catalog order. Absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub soa_reasons: Vec<super::register::SoaReasonsView>,
    /// The SoA's document control (`soa_meta`). Absent when the SoA is a draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soa_meta: Option<super::register::SoaMetaView>,
    /// With `assess --verify-evidence`: every evidence entry, the questions citing it and its
    /// status; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_register: Option<super::evidence::Register>,
    pub method: String,
    pub disclaimer: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CatalogInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Overall {
    pub score: Option<f64>,
    pub band: Option<String>,
    /// Share of questions answered (an `na` counts as answered), in percent.
    pub completeness: f64,
    pub questions: usize,
    pub answered: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    pub score: Option<f64>,
    pub band: Option<String>,
}

/// The scoring policy, as reports state it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PolicyView {
    pub name: String,
    /// SHA-256 of the policy file, or `default` for the built-in policy.
    pub sha256: String,
    /// What differs from the default policy.
    pub changes: Vec<String>,
    pub thresholds: PolicyThresholds,
}

/// The policy's thresholds as scores (0–100), for renderers that draw them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PolicyThresholds {
    pub stage2_overall: f64,
    pub section_floor: f64,
    /// Lower bounds of the Developing, Established and Ready bands.
    pub developing: f64,
    pub established: f64,
    pub ready: f64,
}

impl From<Thresholds> for PolicyThresholds {
    fn from(t: Thresholds) -> Self {
        let f = |x: u32| Score(x).value();
        PolicyThresholds {
            stage2_overall: f(t.overall),
            section_floor: f(t.section_floor),
            developing: f(t.developing),
            established: f(t.established),
            ready: f(t.ready),
        }
    }
}

impl Default for PolicyThresholds {
    fn default() -> Self {
        Thresholds::default().into()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stage1View {
    /// Null for a snapshot, which never gives a verdict.
    pub ready: Option<bool>,
    /// Blocker questions that do not score 1.
    pub blockers: Vec<String>,
    /// `snapshot` when no verdict is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stage2View {
    /// Null for a snapshot, which never gives a verdict.
    pub ready: Option<bool>,
    /// Why Stage 2 is not ready, in order: `snapshot`, `stage1_not_ready`, `overall_below`,
    /// `section_below`, `audit_review_gaps`, `critical_gaps`.
    pub reasons: Vec<Stage2ReasonView>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stage2ReasonView {
    pub code: String,
    /// The reason in a sentence, for people.
    pub message: String,
    pub questions: Vec<String>,
}

/// "READY", "NOT READY", or "no verdict (snapshot)" for people.
pub fn ready_label(ready: Option<bool>) -> &'static str {
    match ready {
        Some(true) => "READY",
        Some(false) => "NOT READY",
        None => "no verdict (snapshot)",
    }
}

/// True only for a verdict of ready (a snapshot is never ready).
pub fn is_ready(ready: Option<bool>) -> bool {
    ready == Some(true)
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SectionView {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub completeness: f64,
    pub questions: usize,
    pub answered: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequirementView {
    pub id: String,
    pub section: String,
    pub title: String,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub status: String,
    pub effort: String,
    pub questions: Vec<QuestionView>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: String,
    pub text: String,
    pub weight: u8,
    pub stage: u8,
    pub blocker: bool,
    pub critical: bool,
    pub snapshot: bool,
    /// What closes this question's gap.
    pub action: String,
    pub profile: Option<String>,
    /// The answer as given (`yes`, `partial`, `no`, `na`, `0`..`5`), or null when unanswered.
    pub answer: Option<String>,
    /// The question's score 0..1, or null when excluded.
    pub score: Option<f64>,
    pub unevidenced: bool,
    pub evidence: Vec<String>,
    pub note: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub justification: Option<String>,
    /// Line of the answer in the answers file, when answered.
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FixView {
    pub rank: usize,
    pub priority: String,
    pub requirement: String,
    pub question: String,
    /// The requirement's title.
    pub title: String,
    pub question_text: String,
    /// The current answer: `unanswered`, `yes (no evidence)`, `partial`, `no`, `maturity 2`.
    pub answer: String,
    pub gap: f64,
    pub blocker: bool,
    pub critical: bool,
    /// What closes this question's gap (for a `yes` without evidence: record the evidence).
    pub question_action: String,
    /// The requirement's full fix steps.
    pub action: String,
    /// The evidence to produce.
    pub evidence: Vec<String>,
    pub effort: String,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub citations: Citations,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Citations {
    /// The ISO/IEC 42001:2023 clause or control id.
    pub iso: String,
    pub nist: Vec<String>,
    pub owasp: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExclusionView {
    pub requirement: String,
    pub title: String,
    pub question: String,
    pub justification: String,
    /// True when every question of the control is `na`: the control is excluded in the SoA.
    pub control_excluded: bool,
}

/// The heading line of the inventory findings in human formats.
pub const INVENTORY_NOTE: &str = "Agent and MCP inventory findings (from `aimscore discover`; they do not change the scores, which come only from the answers):";

/// The kinds of inventory finding, in the order reports list them.
pub const INVENTORY_CODES: [&str; 5] = [
    "remote-plain-http",
    "unpinned-package",
    "secret-in-args",
    "secret-in-config",
    "no-owner-recorded",
];

/// One flag of one server in the agent and MCP inventory, cited to the Annex A control it is
/// evidence against (A.10.3 supplier vetting, A.4.2 resource documentation).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InventoryFinding {
    pub requirement: String,
    /// The server's name (with its project for Claude Code's per-project servers).
    pub server: String,
    /// The config file that declares the server.
    pub file: String,
    /// `unpinned-package`, `remote-plain-http`, `secret-in-args`, `secret-in-config`,
    /// `no-owner-recorded`.
    pub code: String,
    pub message: String,
    /// The OWASP Agentic 2026 risks the finding bears on (editorial).
    pub owasp_agentic: Vec<String>,
}

/// The OWASP Agentic 2026 risks an inventory finding bears on (editorial judgement): an
/// unpinned package is a supply-chain risk, a secret in a config an identity and privilege
/// risk, plain HTTP to a remote server an inter-agent communication risk (and a credential
/// exposure), a server nobody owns a rogue-agent risk.
pub fn finding_risks(code: &str) -> &'static [&'static str] {
    match code {
        "unpinned-package" => &["ASI04"],
        "secret-in-args" | "secret-in-config" => &["ASI03"],
        "remote-plain-http" => &["ASI07", "ASI03"],
        "no-owner-recorded" => &["ASI10"],
        _ => &[],
    }
}

/// The findings of an inventory: server by server (file, then name), each server's flags in
/// order; `no-owner-recorded` follows the `owner` people filled in.
pub fn inventory_findings(inv: &crate::inventory::Inventory) -> Vec<InventoryFinding> {
    // A server kept as `gone` is no longer configured: it has no findings.
    let mut servers: Vec<&crate::inventory::Server> =
        inv.servers.iter().filter(|s| s.status.is_none()).collect();
    servers.sort_by(|a, b| (&a.file, &a.name, &a.project).cmp(&(&b.file, &b.name, &b.project)));
    let mut out = Vec::new();
    for s in servers {
        let server = match &s.project {
            Some(p) => format!("{} (project {p})", s.name),
            None => s.name.clone(),
        };
        for f in crate::inventory::Inventory::effective_flags(s) {
            out.push(InventoryFinding {
                requirement: f.code.requirement().to_string(),
                server: server.clone(),
                file: s.file.clone(),
                code: f.code.as_str().to_string(),
                message: f.message,
                owasp_agentic: finding_risks(f.code.as_str())
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            });
        }
    }
    out
}

fn score(s: Option<Score>) -> Option<f64> {
    s.map(Score::value)
}

fn band(s: Option<Score>, t: &Thresholds) -> Option<String> {
    s.map(|s| s.band_in(t).as_str().to_string())
}

/// The text for a current answer in the fix-list.
pub fn answer_label(value: Option<AnswerValue>, unevidenced: bool) -> String {
    match value {
        None => "unanswered".into(),
        Some(AnswerValue::Yes) if unevidenced => "yes (no evidence)".into(),
        Some(AnswerValue::Maturity(m)) => format!("maturity {m}"),
        Some(v) => v.as_str(),
    }
}

fn question_view(
    r: &crate::catalog::Requirement,
    qr: &crate::scoring::QuestionResult,
) -> QuestionView {
    let q = &r.questions[qr.q];
    let ans = qr.answer.as_ref();
    QuestionView {
        id: q.id.clone(),
        text: q.text.clone(),
        weight: q.weight,
        stage: q.stage,
        blocker: q.blocker,
        critical: q.critical,
        snapshot: q.snapshot,
        action: q.action.clone(),
        profile: q.profile.clone(),
        answer: ans.map(|x| x.value.as_str()),
        score: qr.s10.map(|s| f64::from(s) / 10.0),
        unevidenced: qr.unevidenced,
        evidence: ans.map(|x| x.evidence_refs()).unwrap_or_default(),
        note: ans.and_then(|x| x.note.clone()),
        owner: ans.and_then(|x| x.owner.clone()),
        due: ans.and_then(|x| x.due.clone()),
        justification: ans.and_then(|x| x.justification.clone()),
        line: ans.map(|x| x.pos.line),
    }
}

fn fix_view(catalog: &Catalog, a: &Assessment, f: &crate::scoring::Fix) -> FixView {
    let qr = &a.questions[f.question];
    let r = &catalog.requirements[qr.req];
    let q = &r.questions[qr.q];
    let ans = qr.answer.as_ref();
    let question_action = if qr.unevidenced {
        format!(
            "Record the evidence behind this yes (for example: {}). Until evidence is listed, the claim scores as partial.",
            r.evidence.join("; ")
        )
    } else {
        q.action.clone()
    };
    let mut nist = r.maps.nist_ids();
    let mut owasp = r.maps.owasp_ids();
    for id in q.maps.nist_ids() {
        if !nist.contains(&id) {
            nist.push(id);
        }
    }
    for id in q.maps.owasp_ids() {
        if !owasp.contains(&id) {
            owasp.push(id);
        }
    }
    FixView {
        rank: f.rank,
        priority: f.priority.as_str().to_string(),
        requirement: r.id.clone(),
        question: q.id.clone(),
        title: catalog.display_title(r),
        question_text: q.text.clone(),
        answer: answer_label(ans.map(|x| x.value), qr.unevidenced),
        gap: f64::from(f.gap10) / 10.0,
        blocker: q.blocker,
        critical: q.critical,
        question_action,
        action: r.fix.clone(),
        evidence: r.evidence.clone(),
        effort: r.effort.as_str().to_string(),
        owner: ans.and_then(|x| x.owner.clone()),
        due: ans.and_then(|x| x.due.clone()),
        citations: Citations {
            iso: r.id.clone(),
            nist,
            owasp,
        },
    }
}

fn requirement_view(
    catalog: &Catalog,
    a: &Assessment,
    rr: &crate::scoring::RequirementResult,
    t: &Thresholds,
) -> RequirementView {
    let r = &catalog.requirements[rr.req];
    RequirementView {
        id: r.id.clone(),
        section: r.section.clone(),
        title: catalog.display_title(r),
        score: score(rr.score),
        band: band(rr.score, t),
        status: rr.status.as_str().to_string(),
        effort: r.effort.as_str().to_string(),
        questions: rr
            .questions
            .iter()
            .map(|&qi| question_view(r, &a.questions[qi]))
            .collect(),
    }
}

fn stage1_view(a: &Assessment) -> Stage1View {
    Stage1View {
        ready: (!a.snapshot).then_some(a.stage1.ready),
        blockers: a.stage1.blockers.clone(),
        reason: a.snapshot.then(|| "snapshot".to_string()),
    }
}

fn stage2_view(catalog: &Catalog, a: &Assessment) -> Stage2View {
    Stage2View {
        ready: (!a.snapshot).then_some(a.stage2.ready),
        reasons: a
            .stage2
            .reasons
            .iter()
            .map(|r| Stage2ReasonView {
                code: r.code.as_str().to_string(),
                message: reason_message(catalog, a, r),
                questions: r.questions.clone(),
            })
            .collect(),
    }
}

fn policy_view(a: &Assessment) -> PolicyView {
    let p = &a.options.policy;
    PolicyView {
        name: p.name.clone(),
        sha256: p.sha256.clone().unwrap_or_else(|| "default".into()),
        changes: p.changes.clone(),
        thresholds: p.thresholds.into(),
    }
}

/// "Snapshot: an indicative score from N of M questions…" for a snapshot.
fn snapshot_note(a: &Assessment) -> Option<String> {
    a.snapshot.then(|| {
        format!(
            "Snapshot: an indicative score from {} of {} questions. It gives no Stage 1 or Stage 2 verdict; run the full assessment for one.",
            a.total_questions, a.full_questions
        )
    })
}

/// Builds the report model. `top` limits the fix-list. (Longer than most functions: it is
/// one struct literal, a line per report field; the parts are built by the functions above.)
pub fn build(catalog: &Catalog, answers: &Answers, a: &Assessment, top: Option<usize>) -> Report {
    let t = a.options.policy.thresholds;
    let sections = a
        .sections
        .iter()
        .map(|s| SectionView {
            id: catalog.sections[s.section].id.clone(),
            kind: catalog.sections[s.section].kind.as_str().to_string(),
            title: catalog.sections[s.section].title.clone(),
            score: score(s.score),
            band: band(s.score, &t),
            completeness: s.completeness.value(),
            questions: s.questions,
            answered: s.answered,
        })
        .collect();
    let requirements: Vec<RequirementView> = a
        .requirements
        .iter()
        .map(|rr| requirement_view(catalog, a, rr, &t))
        .collect();
    let risks = super::register::risks(answers, &requirements);
    let fixes_total = a.fixes.len();
    let fixes = a
        .fixes
        .iter()
        .take(top.unwrap_or(usize::MAX))
        .map(|f| fix_view(catalog, a, f))
        .collect();
    let exclusions = a
        .exclusions
        .iter()
        .map(|e| {
            let qr = &a.questions[e.question];
            let r = &catalog.requirements[qr.req];
            let rr = &a.requirements[qr.req];
            ExclusionView {
                requirement: r.id.clone(),
                title: r.title.clone(),
                question: qr.id.clone(),
                justification: e.justification.clone(),
                control_excluded: rr.status == crate::scoring::Status::Excluded,
            }
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "aimscore".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        catalog: CatalogInfo {
            name: catalog.name.clone(),
            version: catalog.version.clone(),
        },
        source: answers.source.clone(),
        source_name: super::file_name(&answers.source),
        organization: answers.meta.organization.clone(),
        scope: answers.meta.scope.clone(),
        assessor: answers.meta.assessor.clone(),
        date: answers.meta.date.clone(),
        profiles: catalog.active_profiles.clone(),
        trust_claims: a.options.trust_claims,
        tier: if a.snapshot { "snapshot" } else { "full" }.to_string(),
        snapshot_note: snapshot_note(a),
        policy: policy_view(a),
        overall: Overall {
            score: score(a.overall),
            band: band(a.overall, &t),
            completeness: a.completeness.value(),
            questions: a.total_questions,
            answered: a.answered_questions,
        },
        management_system: Part {
            score: score(a.management_system),
            band: band(a.management_system, &t),
        },
        annex_a: Part {
            score: score(a.annex_a),
            band: band(a.annex_a, &t),
        },
        stage1: stage1_view(a),
        stage2: stage2_view(catalog, a),
        sections,
        requirements,
        fixes,
        fixes_total,
        exclusions,
        roadmap: super::roadmap::build(catalog, a, answers.meta.date.as_deref()),
        frameworks: super::frameworks::build(catalog, answers, a, a.options.lens_links_all),
        inventory_findings: Vec::new(),
        waivers: super::register::waivers(catalog, answers, answers.meta.date.as_deref()),
        risks,
        soa_reasons: super::register::soa_reasons(catalog, answers),
        soa_meta: super::register::soa_meta(answers),
        evidence_register: None,
        method: method(&t),
        disclaimer: DISCLAIMER.to_string(),
    }
}

/// A Stage 2 reason in a sentence.
fn reason_message(catalog: &Catalog, a: &Assessment, r: &crate::scoring::Stage2Reason) -> String {
    let t = &a.options.policy.thresholds;
    let n = tenths_text;
    let ids = r.questions.join(", ");
    match r.code {
        Stage2Code::Snapshot => "A snapshot gives no verdict: run the full assessment".into(),
        Stage2Code::Stage1NotReady => format!("Stage 1 is not ready: blockers not met: {ids}"),
        Stage2Code::OverallBelow => format!(
            "The overall score {} is below {}",
            a.overall.map_or("n/a".to_string(), |s| s.to_string()),
            n(t.overall)
        ),
        Stage2Code::SectionBelow => {
            let list: Vec<String> = r
                .sections
                .iter()
                .map(|(i, s)| {
                    format!(
                        "{} {} ({s})",
                        catalog.sections[*i].id, catalog.sections[*i].title
                    )
                })
                .collect();
            format!("Sections below {}: {}", n(t.section_floor), list.join(", "))
        }
        Stage2Code::AuditReviewGaps => format!(
            "No completed internal audit and management review on record (9.2 and 9.3 questions below 1: {ids})"
        ),
        Stage2Code::CriticalGaps => {
            format!("Critical operating evidence is missing (questions below 1: {ids})")
        }
    }
}

/// "62.3" or "n/a" for people.
pub fn fmt_score(s: Option<f64>) -> String {
    match s {
        Some(x) => format!("{x:.1}"),
        None => "n/a".to_string(),
    }
}

/// A number as the user typed it: `70`, `62.5`.
pub fn fmt_num(x: f64) -> String {
    format!("{x}")
}
