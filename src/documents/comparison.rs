//! Comparison of two report models (a baseline and a current assessment): what changed per
//! question, per section and overall, and whether the two can be compared at all.
//!
//! Pure functions over [`Report`]s: no I/O, no clock, no wording for people beyond answer labels
//! (the `check` and `diff` adapters present the result). Reading a JSON report from text lives
//! here too because the checks that make a baseline usable are about its content.

use super::report::{CatalogInfo, QuestionView, Report};
use crate::error::{Diagnostic, Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;

/// How the comparison treats new exclusions.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Accept a new `na` that replaced a gap when it carries a justification.
    pub allow_exclusions: bool,
}

/// What two assessments differ in. Questions appear only when something changed, in catalog
/// order (questions only in the old report last).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub old: Side,
    pub new: Side,
    pub overall: ScoreChange,
    pub management_system: ScoreChange,
    pub annex_a: ScoreChange,
    pub sections: Vec<SectionChange>,
    pub stage1: Stage1Change,
    pub counts: Counts,
    pub questions: Vec<QuestionChange>,
}

/// One side of the comparison, as its report names it.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub source: String,
    pub organization: String,
    pub date: Option<String>,
    pub catalog: CatalogInfo,
    pub profiles: Vec<String>,
}

/// A score before and after; `change` is new − old on the rounded scores (null when either is
/// n/a).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScoreChange {
    pub old: Option<f64>,
    pub new: Option<f64>,
    pub change: Option<f64>,
}

impl ScoreChange {
    fn new(old: Option<f64>, new: Option<f64>) -> Self {
        let change = match (old, new) {
            (Some(o), Some(n)) => Some((tenths(n) - tenths(o)) as f64 / 10.0),
            _ => None,
        };
        ScoreChange { old, new, change }
    }

    /// How far the score fell, in points (0 when it did not fall or cannot be compared).
    pub fn drop(&self) -> f64 {
        self.change.map_or(0.0, |c| if c < 0.0 { -c } else { 0.0 })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionChange {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub score: ScoreChange,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage1Change {
    pub old_ready: bool,
    pub new_ready: bool,
    /// Blockers unmet now that were met before.
    pub new_blockers: Vec<String>,
    /// Blockers met now that were unmet before.
    pub cleared_blockers: Vec<String>,
}

/// What happened to one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// The score fell (and it was below 1 before too).
    Regressed,
    /// The score was 1 and is now below: a new gap.
    NewGap,
    /// Now `na`, answered before.
    NewlyExcluded,
    /// The score rose but is still below 1.
    Improved,
    /// The score reached 1: the gap is closed.
    Resolved,
    /// Was `na`, answered now.
    Reincluded,
    /// Only in the new assessment (a profile was switched on).
    Added,
    /// Only in the old assessment (a profile was switched off).
    Removed,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Regressed => "regressed",
            ChangeKind::NewGap => "new gap",
            ChangeKind::NewlyExcluded => "newly excluded",
            ChangeKind::Improved => "improved",
            ChangeKind::Resolved => "resolved",
            ChangeKind::Reincluded => "re-included",
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionChange {
    pub id: String,
    pub requirement: String,
    pub kind: ChangeKind,
    /// True when this change counts as a regression: the score fell, or a new `na` replaced a
    /// gap (unless justified and exclusions are allowed).
    pub regression: bool,
    /// `unanswered`, `yes`, `yes (no evidence)`, `partial`, `no`, `na`, `maturity 3`; null when
    /// the question is absent on that side.
    pub old_answer: Option<String>,
    pub new_answer: Option<String>,
    pub old_score: Option<f64>,
    pub new_score: Option<f64>,
    /// For a new exclusion: its justification.
    pub justification: Option<String>,
    /// For a new exclusion: it replaced an answer that scored below 1.
    pub hides_gap: bool,
}

/// How many questions changed in each way. `regressed` counts every question whose change is a
/// regression (new gaps and unaccepted exclusions included); `improved` includes `resolved`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub regressed: usize,
    pub new_gaps: usize,
    pub newly_excluded: usize,
    pub improved: usize,
    pub resolved: usize,
    pub reincluded: usize,
    pub added: usize,
    pub removed: usize,
}

/// A rounded score in tenths, so that comparisons are exact.
fn tenths(x: f64) -> i64 {
    (x * 10.0).round() as i64
}

/// The answer label used in comparisons.
pub fn answer_label(q: &QuestionView) -> String {
    match q.answer.as_deref() {
        None => "unanswered".into(),
        Some("yes") if q.unevidenced => "yes (no evidence)".into(),
        Some(d) if d.len() == 1 && d.as_bytes()[0].is_ascii_digit() => format!("maturity {d}"),
        Some(a) => a.to_string(),
    }
}

fn side(r: &Report) -> Side {
    Side {
        source: r.source.clone(),
        organization: r.organization.clone(),
        date: r.date.clone(),
        catalog: r.catalog.clone(),
        profiles: r.profiles.clone(),
    }
}

/// Checks that two reports measure the same thing: same report schema, same catalog (name and
/// version) and the same treatment of unevidenced claims. The problems are reported against
/// `old_name` (the baseline); `new_name` names the other side in the message.
pub fn ensure_comparable(old: &Report, new: &Report, old_name: &str, new_name: &str) -> Result<()> {
    let mut problems = Vec::new();
    if old.schema_version != new.schema_version {
        problems.push(Diagnostic::new(
            old_name,
            None,
            format!(
                "report schema_version {} cannot be compared with {new_name}'s schema_version {}",
                old.schema_version, new.schema_version
            ),
        ));
    }
    if old.catalog.name != new.catalog.name || old.catalog.version != new.catalog.version {
        problems.push(
            Diagnostic::new(
                old_name,
                None,
                format!(
                    "made with catalog `{}` version {}, but {new_name} is assessed with `{}` version {}; scores from different catalog versions are not comparable",
                    old.catalog.name, old.catalog.version, new.catalog.name, new.catalog.version
                ),
            )
            .with_help(
                "regenerate the baseline with this aimscore: `aimscore assess ANSWERS --format json -o baseline.json`",
            ),
        );
    }
    if old.policy.sha256 != new.policy.sha256 {
        problems.push(
            Diagnostic::new(
                old_name,
                None,
                format!(
                    "scored under policy `{}` (sha256 {}), but {new_name} is scored under `{}` (sha256 {}); verdicts under different policies are not comparable",
                    old.policy.name, old.policy.sha256, new.policy.name, new.policy.sha256
                ),
            )
            .with_help("score both with the same --policy FILE (or both without one)"),
        );
    }
    if old.tier != new.tier {
        problems.push(
            Diagnostic::new(
                old_name,
                None,
                format!(
                    "a `{}` assessment cannot be compared with {new_name}, a `{}` assessment: they score different questions",
                    old.tier, new.tier
                ),
            )
            .with_help("compare a snapshot with a snapshot, and a full assessment with a full one"),
        );
    }
    if old.trust_claims != new.trust_claims {
        let with = |b: bool| if b { "with" } else { "without" };
        problems.push(
            Diagnostic::new(
                old_name,
                None,
                format!(
                    "scored {} --trust-claims, but {new_name} is scored {} it; the scores are not comparable",
                    with(old.trust_claims),
                    with(new.trust_claims)
                ),
            )
            .with_help("score both the same way"),
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Input(problems))
    }
}

/// Compares two reports question by question. Call [`ensure_comparable`] first.
/// Long on purpose: every measure of the comparison is built in the order it is reported.
pub fn compare(old: &Report, new: &Report, opts: Options) -> Comparison {
    let old_qs: BTreeMap<&str, (&str, &QuestionView)> = old
        .requirements
        .iter()
        .flat_map(|r| {
            r.questions
                .iter()
                .map(move |q| (q.id.as_str(), (r.id.as_str(), q)))
        })
        .collect();
    let new_ids: BTreeMap<&str, ()> = new
        .requirements
        .iter()
        .flat_map(|r| r.questions.iter().map(|q| (q.id.as_str(), ())))
        .collect();

    let mut questions = Vec::new();
    for r in &new.requirements {
        for q in &r.questions {
            let change = match old_qs.get(q.id.as_str()) {
                None => Some(QuestionChange {
                    id: q.id.clone(),
                    requirement: r.id.clone(),
                    kind: ChangeKind::Added,
                    regression: false,
                    old_answer: None,
                    new_answer: Some(answer_label(q)),
                    old_score: None,
                    new_score: q.score,
                    justification: None,
                    hides_gap: false,
                }),
                Some((_, o)) => question_change(&r.id, o, q, opts),
            };
            questions.extend(change);
        }
    }
    for r in &old.requirements {
        for q in &r.questions {
            if !new_ids.contains_key(q.id.as_str()) {
                questions.push(QuestionChange {
                    id: q.id.clone(),
                    requirement: r.id.clone(),
                    kind: ChangeKind::Removed,
                    regression: false,
                    old_answer: Some(answer_label(q)),
                    new_answer: None,
                    old_score: q.score,
                    new_score: None,
                    justification: None,
                    hides_gap: false,
                });
            }
        }
    }

    let mut counts = Counts::default();
    for c in &questions {
        if c.regression {
            counts.regressed += 1;
        }
        match c.kind {
            ChangeKind::NewGap => counts.new_gaps += 1,
            ChangeKind::NewlyExcluded => counts.newly_excluded += 1,
            ChangeKind::Improved => counts.improved += 1,
            ChangeKind::Resolved => {
                counts.improved += 1;
                counts.resolved += 1;
            }
            ChangeKind::Reincluded => counts.reincluded += 1,
            ChangeKind::Added => counts.added += 1,
            ChangeKind::Removed => counts.removed += 1,
            ChangeKind::Regressed => {}
        }
    }

    let sections = new
        .sections
        .iter()
        .map(|s| SectionChange {
            id: s.id.clone(),
            title: s.title.clone(),
            score: ScoreChange::new(
                old.sections
                    .iter()
                    .find(|o| o.id == s.id)
                    .and_then(|o| o.score),
                s.score,
            ),
        })
        .collect();

    Comparison {
        old: side(old),
        new: side(new),
        overall: ScoreChange::new(old.overall.score, new.overall.score),
        management_system: ScoreChange::new(
            old.management_system.score,
            new.management_system.score,
        ),
        annex_a: ScoreChange::new(old.annex_a.score, new.annex_a.score),
        sections,
        stage1: Stage1Change {
            old_ready: old.stage1.ready == Some(true),
            new_ready: new.stage1.ready == Some(true),
            new_blockers: new
                .stage1
                .blockers
                .iter()
                .filter(|b| !old.stage1.blockers.contains(b))
                .cloned()
                .collect(),
            cleared_blockers: old
                .stage1
                .blockers
                .iter()
                .filter(|b| !new.stage1.blockers.contains(b))
                .cloned()
                .collect(),
        },
        counts,
        questions,
    }
}

fn question_change(
    requirement: &str,
    old: &QuestionView,
    new: &QuestionView,
    opts: Options,
) -> Option<QuestionChange> {
    let (kind, regression, hides_gap) = match (old.score.map(tenths), new.score.map(tenths)) {
        (Some(o), Some(n)) if n < o => {
            if o == 10 {
                (ChangeKind::NewGap, true, false)
            } else {
                (ChangeKind::Regressed, true, false)
            }
        }
        (Some(o), Some(n)) if n > o => {
            if n == 10 {
                (ChangeKind::Resolved, false, false)
            } else {
                (ChangeKind::Improved, false, false)
            }
        }
        (Some(_), Some(_)) | (None, None) => return None,
        (Some(o), None) => {
            let hides_gap = o < 10;
            let justified = new
                .justification
                .as_deref()
                .is_some_and(|j| !j.trim().is_empty());
            let accepted = justified && opts.allow_exclusions;
            (ChangeKind::NewlyExcluded, hides_gap && !accepted, hides_gap)
        }
        (None, Some(_)) => (ChangeKind::Reincluded, false, false),
    };
    Some(QuestionChange {
        id: new.id.clone(),
        requirement: requirement.to_string(),
        kind,
        regression,
        old_answer: Some(answer_label(old)),
        new_answer: Some(answer_label(new)),
        old_score: old.score,
        new_score: new.score,
        justification: (kind == ChangeKind::NewlyExcluded)
            .then(|| new.justification.clone())
            .flatten(),
        hides_gap,
    })
}

/// What a JSON document holds, judged by its content.
/// One line for a changed question: `5.2-1 regressed: yes → no (new gap)`.
pub fn question_line(q: &QuestionChange) -> String {
    let old = q.old_answer.as_deref().unwrap_or("absent");
    let new = q.new_answer.as_deref().unwrap_or("absent");
    let word = if q.regression {
        "regressed"
    } else {
        q.kind.as_str()
    };
    let mut s = format!("{} {word}: {old} → {new}", q.id);
    match q.kind {
        ChangeKind::NewGap => s.push_str(" (new gap)"),
        ChangeKind::NewlyExcluded if q.regression => {
            s.push_str(" (a new exclusion hides a gap");
            match &q.justification {
                Some(j) => s.push_str(&format!(
                    "; justification: \"{j}\"; pass --allow-exclusions to accept it)"
                )),
                None => s.push_str("; it has no justification)"),
            }
        }
        ChangeKind::NewlyExcluded if q.hides_gap => {
            s.push_str(" (hides a gap; accepted with its justification");
            if let Some(j) = &q.justification {
                s.push_str(&format!(": \"{j}\""));
            }
            s.push(')');
        }
        _ => {}
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_change_is_exact_on_rounded_scores() {
        let c = ScoreChange::new(Some(65.0), Some(62.3));
        assert_eq!(c.change, Some(-2.7));
        assert_eq!(c.drop(), 2.7);
        let c = ScoreChange::new(Some(0.3), Some(0.6));
        assert_eq!(c.change, Some(0.3));
        assert_eq!(c.drop(), 0.0);
        assert_eq!(ScoreChange::new(None, Some(1.0)).change, None);
    }
}
