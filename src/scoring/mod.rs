//! Scoring: pure functions from a validated catalog and answers to an [`Assessment`].
//!
//! No I/O, no clock, no text for people. Scores are kept as exact tenths of a percent (the
//! rounded value the user sees), computed in integers so that every threshold compares exactly
//! what is shown. The formula (see README, "Scoring"):
//! question score s: yes = 1, partial = 0.5, no = 0, unanswered = 0, maturity m = m/5,
//! unevidenced yes = 0.5 (unless claims are trusted), na drops out; a set scores
//! 100 × Σ(weight × s) / Σ(weight) over its applicable questions, rounded half up to one decimal.

pub mod policy;

use crate::answers::{Answer, AnswerValue, Answers};
use crate::catalog::{Catalog, Kind};
pub use policy::{EffortDays, Policy, Thresholds};
use std::fmt;

/// A score in tenths of a percent (0..=1000): 623 is 62.3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(pub u32);

impl Score {
    /// The score as a number with one decimal (62.3).
    pub fn value(self) -> f64 {
        f64::from(self.0) / 10.0
    }

    /// The band the (rounded) score falls in, under the default policy.
    pub fn band(self) -> Band {
        self.band_in(&Thresholds::default())
    }

    /// The band the (rounded) score falls in, under a policy's band bounds.
    pub fn band_in(self, t: &Thresholds) -> Band {
        if self.0 >= t.ready {
            Band::Ready
        } else if self.0 >= t.established {
            Band::Established
        } else if self.0 >= t.developing {
            Band::Developing
        } else {
            Band::Initial
        }
    }
}

impl fmt::Display for Score {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    Initial,
    Developing,
    Established,
    Ready,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Initial => "Initial",
            Band::Developing => "Developing",
            Band::Established => "Established",
            Band::Ready => "Ready",
        }
    }
}

/// Rounds n/d to the nearest tenth of a percent, half up: t = round(1000 × n / d) for a
/// fraction n/d in 0..=1.
fn tenths(n: u64, d: u64) -> u32 {
    ((2000 * n + d) / (2 * d)) as u32
}

/// Scoring options: the command line's and the policy (whose weights and flags are already
/// applied to the catalog scored; see [`Policy::apply`]).
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Score a `yes` without evidence as 1 instead of 0.5.
    pub trust_claims: bool,
    pub policy: Policy,
    /// Framework views count editorial NIST AI RMF links too (`--lens-links all`); scores and
    /// verdicts never depend on it.
    pub lens_links_all: bool,
    /// `assess --verify-evidence [--root DIR]`: the run verifies evidence files before scoring
    /// (the pipeline does; scoring reads only [`Options::unsupported_claims`]).
    pub verify_evidence: Option<EvidenceRoot>,
    /// Questions answered `yes` whose evidence was verified and none of it holds (every entry
    /// missing, changed, expired or not a readable file): scored as unevidenced claims.
    pub unsupported_claims: std::collections::BTreeSet<String>,
}

/// Where `--verify-evidence` resolves local evidence paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EvidenceRoot {
    /// The answers file's folder (the default).
    AnswersFolder,
    /// `--root DIR`.
    Dir(std::path::PathBuf),
}

/// The result for one question.
#[derive(Debug, Clone)]
pub struct QuestionResult {
    /// Index of the requirement in the catalog.
    pub req: usize,
    /// Index of the question in its requirement.
    pub q: usize,
    pub id: String,
    /// The answer, if the question is answered.
    pub answer: Option<Answer>,
    /// The score in tenths of 1 (0..=10); `None` when excluded (`na`).
    pub s10: Option<u32>,
    /// A `yes` with no evidence (scored as partial unless claims are trusted).
    pub unevidenced: bool,
}

impl QuestionResult {
    pub fn is_answered(&self) -> bool {
        self.answer.is_some()
    }
    pub fn is_excluded(&self) -> bool {
        self.s10.is_none()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Every applicable question scores 1.
    Met,
    /// Some credit, not full.
    Partial,
    /// Answered, and every applicable question scores 0.
    NotMet,
    /// No question answered.
    Unanswered,
    /// Every question answered `na`.
    Excluded,
    /// No question of it is asked in this tier (a snapshot asks only some).
    NotAssessed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::NotMet => "not-met",
            Status::Unanswered => "unanswered",
            Status::Excluded => "excluded",
            Status::NotAssessed => "not-assessed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RequirementResult {
    pub req: usize,
    pub score: Option<Score>,
    pub status: Status,
    /// Indexes into [`Assessment::questions`].
    pub questions: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct SectionResult {
    pub section: usize,
    pub score: Option<Score>,
    pub completeness: Score,
    pub questions: usize,
    pub answered: usize,
}

#[derive(Debug, Clone)]
pub struct Stage1 {
    pub ready: bool,
    /// Blocker question ids that do not score 1, in catalog order.
    pub blockers: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Stage2 {
    pub ready: bool,
    /// Why Stage 2 is not ready, in the contract's order; empty when ready.
    pub reasons: Vec<Stage2Reason>,
}

/// Why a Stage 2 audit would not pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage2Code {
    /// A snapshot never gives a verdict.
    Snapshot,
    /// A blocker question does not score 1.
    Stage1NotReady,
    /// The overall score is below the policy's threshold.
    OverallBelow,
    /// A section with a score is below the policy's floor.
    SectionBelow,
    /// A question of 9.2.x or 9.3.x does not score 1: no completed audit or review.
    AuditReviewGaps,
    /// A critical question does not score 1.
    CriticalGaps,
}

impl Stage2Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage2Code::Snapshot => "snapshot",
            Stage2Code::Stage1NotReady => "stage1_not_ready",
            Stage2Code::OverallBelow => "overall_below",
            Stage2Code::SectionBelow => "section_below",
            Stage2Code::AuditReviewGaps => "audit_review_gaps",
            Stage2Code::CriticalGaps => "critical_gaps",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Stage2Reason {
    pub code: Stage2Code,
    /// The question ids behind the reason, in catalog order.
    pub questions: Vec<String>,
    /// Sections below the floor (index into the catalog's sections, score).
    pub sections: Vec<(usize, Score)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    P1,
    P2,
    P3,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::P1 => "P1",
            Priority::P2 => "P2",
            Priority::P3 => "P3",
        }
    }
}

/// One item of the fix-list.
#[derive(Debug, Clone)]
pub struct Fix {
    pub rank: usize,
    pub priority: Priority,
    /// Index into [`Assessment::questions`].
    pub question: usize,
    /// weight × (1 − s), doubled for a blocker or a critical question, in tenths.
    pub gap10: u32,
}

/// An `na` answer: an exclusion for the Statement of Applicability.
#[derive(Debug, Clone)]
pub struct Exclusion {
    /// Index into [`Assessment::questions`].
    pub question: usize,
    pub justification: String,
}

/// Everything scoring computes.
#[derive(Debug, Clone)]
pub struct Assessment {
    pub options: Options,
    pub questions: Vec<QuestionResult>,
    pub requirements: Vec<RequirementResult>,
    pub sections: Vec<SectionResult>,
    pub overall: Option<Score>,
    pub management_system: Option<Score>,
    pub annex_a: Option<Score>,
    pub completeness: Score,
    pub total_questions: usize,
    pub answered_questions: usize,
    pub stage1: Stage1,
    pub stage2: Stage2,
    pub fixes: Vec<Fix>,
    pub exclusions: Vec<Exclusion>,
    /// The answers file is a snapshot: only `snapshot: true` questions are scored, and no
    /// readiness verdict is given.
    pub snapshot: bool,
    /// Questions in the full questionnaire (the catalog and profiles on), for "N of M".
    pub full_questions: usize,
}

/// The score of one answer, in tenths of 1; `None` for `na`. Also whether it is an unevidenced
/// claim.
pub fn question_score(answer: Option<&Answer>, opts: &Options) -> (Option<u32>, bool) {
    let Some(a) = answer else {
        return (Some(0), false);
    };
    match a.value {
        AnswerValue::Yes if a.evidence.is_empty() => {
            (Some(if opts.trust_claims { 10 } else { 5 }), true)
        }
        AnswerValue::Yes => (Some(10), false),
        AnswerValue::Partial => (Some(5), false),
        AnswerValue::No => (Some(0), false),
        AnswerValue::Maturity(m) => (Some(2 * u32::from(m)), false),
        AnswerValue::Na => (None, false),
    }
}

/// Weighted score of a set of questions: `None` when none is applicable.
pub fn aggregate<'a>(items: impl IntoIterator<Item = (u8, Option<u32>)> + 'a) -> Option<Score> {
    let (mut n, mut d) = (0u64, 0u64);
    for (w, s10) in items {
        if let Some(s) = s10 {
            n += u64::from(w) * u64::from(s);
            d += u64::from(w) * 10;
        }
    }
    (d > 0).then(|| Score(tenths(n, d)))
}

/// A requirement's status from its questions' scores.
fn status_of(idxs: &[usize], questions: &[QuestionResult], score: Option<Score>) -> Status {
    let all = |f: &dyn Fn(&QuestionResult) -> bool| idxs.iter().all(|&i| f(&questions[i]));
    if idxs.is_empty() {
        Status::NotAssessed
    } else if all(&|q| q.is_excluded()) {
        Status::Excluded
    } else if all(&|q| !q.is_answered()) {
        Status::Unanswered
    } else if score == Some(Score(1000)) && all(&|q| q.s10.is_none_or(|s| s == 10)) {
        Status::Met
    } else if all(&|q| q.s10.is_none_or(|s| s == 0)) {
        Status::NotMet
    } else {
        Status::Partial
    }
}

/// The score and completeness of each section.
fn section_results(catalog: &Catalog, questions: &[QuestionResult]) -> Vec<SectionResult> {
    let weight = |qr: &QuestionResult| catalog.requirements[qr.req].questions[qr.q].weight;
    catalog
        .sections
        .iter()
        .enumerate()
        .map(|(si, s)| {
            let inside: Vec<&QuestionResult> = questions
                .iter()
                .filter(|q| catalog.requirements[q.req].section == s.id)
                .collect();
            let answered = inside.iter().filter(|q| q.is_answered()).count();
            SectionResult {
                section: si,
                score: aggregate(inside.iter().map(|q| (weight(q), q.s10))),
                completeness: if inside.is_empty() {
                    Score(0)
                } else {
                    Score(tenths(answered as u64, inside.len() as u64))
                },
                questions: inside.len(),
                answered,
            }
        })
        .collect()
}

/// Every question's result (a snapshot scores only its own questions) and every
/// requirement's score and status.
fn question_results(
    catalog: &Catalog,
    answers: &Answers,
    opts: &Options,
    snapshot: bool,
) -> (Vec<QuestionResult>, Vec<RequirementResult>) {
    let mut questions = Vec::new();
    let mut requirements = Vec::new();
    for (ri, r) in catalog.requirements.iter().enumerate() {
        let mut idxs = Vec::new();
        for (qi, q) in r.questions.iter().enumerate() {
            if snapshot && !q.snapshot {
                continue;
            }
            let answer = answers.answers.get(&q.id).cloned();
            let (mut s10, mut unevidenced) = question_score(answer.as_ref(), opts);
            // A yes whose evidence failed verification is a claim without evidence.
            if !unevidenced
                && answer.as_ref().is_some_and(|a| a.value == AnswerValue::Yes)
                && opts.unsupported_claims.contains(&q.id)
            {
                (s10, unevidenced) = (Some(if opts.trust_claims { 10 } else { 5 }), true);
            }
            idxs.push(questions.len());
            questions.push(QuestionResult {
                req: ri,
                q: qi,
                id: q.id.clone(),
                answer,
                s10,
                unevidenced,
            });
        }
        let score = aggregate(
            idxs.iter()
                .map(|&i| (r.questions[questions[i].q].weight, questions[i].s10)),
        );
        let status = status_of(&idxs, &questions, score);
        requirements.push(RequirementResult {
            req: ri,
            score,
            status,
            questions: idxs,
        });
    }
    (questions, requirements)
}

/// Scores answers against the catalog they were validated with.
pub fn assess(catalog: &Catalog, answers: &Answers, opts: Options) -> Assessment {
    let snapshot = answers.meta.tier == crate::answers::Tier::Snapshot;
    let (questions, requirements) = question_results(catalog, answers, &opts, snapshot);

    let weight = |qr: &QuestionResult| catalog.requirements[qr.req].questions[qr.q].weight;
    let score_where = |pred: &dyn Fn(&QuestionResult) -> bool| {
        aggregate(
            questions
                .iter()
                .filter(|q| pred(q))
                .map(|q| (weight(q), q.s10)),
        )
    };
    let kind_of = |qr: &QuestionResult| catalog.section_of(&catalog.requirements[qr.req]).kind;

    let sections = section_results(catalog, &questions);

    let overall = score_where(&|_| true);
    let management_system = score_where(&|q| kind_of(q) == Kind::Clause);
    let annex_a = score_where(&|q| kind_of(q) == Kind::Annex);
    let total = questions.len();
    let answered = questions.iter().filter(|q| q.is_answered()).count();
    let completeness = if total == 0 {
        Score(0)
    } else {
        Score(tenths(answered as u64, total as u64))
    };

    let flags = |qr: &QuestionResult| {
        let q = &catalog.requirements[qr.req].questions[qr.q];
        (q.blocker, q.critical)
    };
    let short = |pred: &dyn Fn(&QuestionResult) -> bool| -> Vec<String> {
        questions
            .iter()
            .filter(|q| pred(q) && q.s10.is_some_and(|s| s < 10))
            .map(|q| q.id.clone())
            .collect()
    };
    // A blocker that is not met: below 1, or `na` (a blocker cannot be excluded).
    let blockers: Vec<String> = questions
        .iter()
        .filter(|q| flags(q).0 && q.s10 != Some(10))
        .map(|q| q.id.clone())
        .collect();
    let stage1 = Stage1 {
        ready: blockers.is_empty() && !snapshot,
        blockers,
    };
    let t = opts.policy.thresholds;
    let stage2 = stage2(catalog, &t, snapshot, &stage1, overall, &sections, &short);
    let fixes = fix_list(&questions, &|q| weight(q), &flags);

    let exclusions = questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.is_excluded())
        .map(|(i, q)| Exclusion {
            question: i,
            justification: q
                .answer
                .as_ref()
                .and_then(|a| a.justification.clone())
                .unwrap_or_default(),
        })
        .collect();

    Assessment {
        options: opts,
        questions,
        requirements,
        sections,
        overall,
        management_system,
        annex_a,
        completeness,
        total_questions: total,
        answered_questions: answered,
        stage1,
        stage2,
        fixes,
        exclusions,
        snapshot,
        full_questions: catalog.requirements.iter().map(|r| r.questions.len()).sum(),
    }
}

/// The ids of the applicable questions below 1 among those a predicate selects.
type Short<'a> = dyn Fn(&dyn Fn(&QuestionResult) -> bool) -> Vec<String> + 'a;

/// Stage 2: Stage 1 ready, the overall score and every section at the policy's thresholds,
/// a completed internal audit and management review (every 9.2.x and 9.3.x question at 1), and
/// every critical question at 1 (an `na` critical question drops out).
fn stage2(
    catalog: &Catalog,
    t: &Thresholds,
    snapshot: bool,
    stage1: &Stage1,
    overall: Option<Score>,
    sections: &[SectionResult],
    short: &Short,
) -> Stage2 {
    let mut reasons = Vec::new();
    let mut reason = |code, questions: Vec<String>, sections| {
        reasons.push(Stage2Reason {
            code,
            questions,
            sections,
        })
    };
    if snapshot {
        reason(Stage2Code::Snapshot, Vec::new(), Vec::new());
    }
    if !stage1.blockers.is_empty() {
        reason(
            Stage2Code::Stage1NotReady,
            stage1.blockers.clone(),
            Vec::new(),
        );
    }
    if overall.is_none_or(|s| s.0 < t.overall) {
        reason(Stage2Code::OverallBelow, Vec::new(), Vec::new());
    }
    let below: Vec<(usize, Score)> = sections
        .iter()
        .filter_map(|s| {
            s.score
                .filter(|x| x.0 < t.section_floor)
                .map(|x| (s.section, x))
        })
        .collect();
    if !below.is_empty() {
        reason(Stage2Code::SectionBelow, Vec::new(), below);
    }
    let audit = short(&|q| {
        let rid = &catalog.requirements[q.req].id;
        rid.starts_with("9.2.") || rid.starts_with("9.3.")
    });
    if !audit.is_empty() {
        reason(Stage2Code::AuditReviewGaps, audit, Vec::new());
    }
    let critical = short(&|q| catalog.requirements[q.req].questions[q.q].critical);
    if !critical.is_empty() {
        reason(Stage2Code::CriticalGaps, critical, Vec::new());
    }
    Stage2 {
        ready: reasons.is_empty(),
        reasons,
    }
}

/// The fix-list: every applicable question below 1. gap = weight × (1 − s), doubled for a
/// blocker or a critical question; P1 blockers, P2 critical or gap ≥ 1.5, P3 the rest; by
/// priority, then gap (largest first), then catalog order.
fn fix_list(
    questions: &[QuestionResult],
    weight: &dyn Fn(&QuestionResult) -> u8,
    flags: &dyn Fn(&QuestionResult) -> (bool, bool),
) -> Vec<Fix> {
    let mut fixes: Vec<Fix> = questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            let s = q.s10?;
            if s >= 10 {
                return None;
            }
            let (blocker, critical) = flags(q);
            let double = if blocker || critical { 2 } else { 1 };
            let gap10 = u32::from(weight(q)) * (10 - s) * double;
            let priority = if blocker {
                Priority::P1
            } else if critical || gap10 >= 15 {
                Priority::P2
            } else {
                Priority::P3
            };
            Some(Fix {
                rank: 0,
                priority,
                question: i,
                gap10,
            })
        })
        .collect();
    // The sort is stable, and the index is catalog order.
    fixes.sort_by(|a, b| {
        a.priority
            .cmp(&b.priority)
            .then(b.gap10.cmp(&a.gap10))
            .then(a.question.cmp(&b.question))
    });
    for (i, f) in fixes.iter_mut().enumerate() {
        f.rank = i + 1;
    }
    fixes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_round_half_up_exactly() {
        assert_eq!(tenths(1, 1), 1000);
        assert_eq!(tenths(0, 7), 0);
        assert_eq!(tenths(1, 3), 333);
        assert_eq!(tenths(2, 3), 667);
        // 0.06255 → 62.55 would need a tie; 1/16 = 6.25% → 62.5 tenths → rounds up to 63
        assert_eq!(tenths(1, 16), 63);
    }

    #[test]
    fn aggregate_weights_and_skips_na() {
        // weights 3 (yes), 1 (partial), 2 (na): 100 × (3×1 + 1×0.5)/(3+1) = 87.5
        assert_eq!(
            aggregate([(3, Some(10)), (1, Some(5)), (2, None)]),
            Some(Score(875))
        );
        assert_eq!(aggregate([(2, None)]), None);
        // maturity 3 (0.6) at weight 2, no at weight 1: 100 × 1.2/3 = 40.0
        assert_eq!(aggregate([(2, Some(6)), (1, Some(0))]), Some(Score(400)));
    }

    #[test]
    fn bands_compare_rounded_scores() {
        assert_eq!(Score(399).band(), Band::Initial);
        assert_eq!(Score(400).band(), Band::Developing);
        assert_eq!(Score(599).band(), Band::Developing);
        assert_eq!(Score(600).band(), Band::Established);
        assert_eq!(Score(799).band(), Band::Established);
        assert_eq!(Score(800).band(), Band::Ready);
        assert_eq!(Score(1000).band(), Band::Ready);
    }

    #[test]
    fn score_displays_one_decimal() {
        assert_eq!(Score(623).to_string(), "62.3");
        assert_eq!(Score(1000).to_string(), "100.0");
        assert_eq!(Score(5).to_string(), "0.5");
    }

    fn answer(v: AnswerValue, evidence: &[&str]) -> Answer {
        Answer {
            value: v,
            evidence: evidence.iter().map(|s| (*s).into()).collect(),
            note: None,
            owner: None,
            due: None,
            justification: None,
            pos: crate::error::Pos::new(1, 1),
        }
    }

    #[test]
    fn a_yes_whose_evidence_failed_verification_scores_as_an_unevidenced_claim() {
        let catalog = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
        let mut answers = Answers {
            source: "a.yaml".into(),
            meta: Default::default(),
            answers: Default::default(),
        };
        answers
            .answers
            .insert("4.1-1".into(), answer(AnswerValue::Yes, &["gone.pdf"]));
        answers
            .answers
            .insert("4.1-2".into(), answer(AnswerValue::Partial, &["gone.pdf"]));
        let score = |o: Options, id: &str| {
            let a = assess(&catalog, &answers, o);
            let q = a
                .questions
                .iter()
                .find(|q| q.id == id)
                .map(|q| (q.s10, q.unevidenced));
            q.unwrap_or_else(|| panic!("{id}"))
        };
        let failed: std::collections::BTreeSet<String> =
            ["4.1-1".to_string(), "4.1-2".to_string()].into();
        assert_eq!(score(Options::default(), "4.1-1"), (Some(10), false));
        let verified = Options {
            unsupported_claims: failed,
            ..Options::default()
        };
        assert_eq!(score(verified.clone(), "4.1-1"), (Some(5), true));
        // Only a yes is a claim: a partial keeps its score.
        assert_eq!(score(verified, "4.1-2"), (Some(5), false));
    }

    #[test]
    fn question_scores_follow_the_table() {
        let o = Options::default();
        let t = Options {
            trust_claims: true,
            ..Options::default()
        };
        assert_eq!(question_score(None, &o), (Some(0), false));
        assert_eq!(
            question_score(Some(&answer(AnswerValue::Yes, &["x"])), &o),
            (Some(10), false)
        );
        assert_eq!(
            question_score(Some(&answer(AnswerValue::Yes, &[])), &o),
            (Some(5), true)
        );
        assert_eq!(
            question_score(Some(&answer(AnswerValue::Yes, &[])), &t),
            (Some(10), true)
        );
        assert_eq!(
            question_score(Some(&answer(AnswerValue::Partial, &[])), &o),
            (Some(5), false)
        );
        assert_eq!(
            question_score(Some(&answer(AnswerValue::No, &[])), &o),
            (Some(0), false)
        );
        assert_eq!(
            question_score(Some(&answer(AnswerValue::Na, &[])), &o),
            (None, false)
        );
        for m in 0..=5u8 {
            assert_eq!(
                question_score(Some(&answer(AnswerValue::Maturity(m), &[])), &o),
                (Some(2 * u32::from(m)), false)
            );
        }
    }
}
