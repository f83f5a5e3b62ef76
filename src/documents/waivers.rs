//! Waivers in `check`'s baseline gates: the answers the gates compare (each waived question,
//! while its waiver holds, takes back its baseline answer), and what the output says about
//! every waiver as of the date used. The date is passed in (no clock here); no score is
//! computed here (the caller rescores the answers returned).

use super::comparison::{Comparison, question_line};
use super::register::{WaiverView, waivers};
use super::report::Report;
use crate::answers::{Answer, AnswerValue, Answers};
use crate::catalog::Catalog;
use serde::Serialize;

/// The waivers as `check` applied them.
#[derive(Debug, Clone, Serialize)]
pub struct CheckWaivers {
    /// The date waivers were compared with (YYYY-MM-DD).
    pub as_of: String,
    /// Where that date came from: `--as-of`, `config` (aimscore.toml) or `system date`.
    pub as_of_source: String,
    pub waivers: Vec<CheckWaiver>,
}

/// One waiver as `check` applied it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckWaiver {
    #[serde(flatten)]
    pub waiver: WaiverView,
    /// The question's change since the baseline, when it regressed (`A.6.2.8-1 regressed: yes →
    /// no`); null without a baseline or a regression.
    pub regression: Option<String>,
    /// True when the baseline gates compared the question with its baseline answer (the waiver
    /// holds); false when its change counts (expired, or no baseline).
    pub applied: bool,
}

/// The answers the baseline gates compare: `answers` with every question that regressed in
/// `comparison` (the real one) and whose waiver holds on `as_of` answered as in `baseline`
/// (left unanswered when the baseline has no answer for it). A waived question that did not
/// regress keeps its answer, so a waiver never costs a score. Scores and the other gates use the
/// answers as they are.
pub fn gate_answers(
    answers: &Answers,
    baseline: &Report,
    comparison: &Comparison,
    as_of: &str,
) -> Answers {
    let mut out = answers.clone();
    for (qid, w) in &answers.meta.register.waivers {
        let regressed = comparison
            .questions
            .iter()
            .any(|q| &q.id == qid && q.regression);
        if !regressed || !w.holds_on(as_of) {
            continue;
        }
        let old = baseline
            .requirements
            .iter()
            .flat_map(|r| &r.questions)
            .find(|q| &q.id == qid);
        let value = old
            .and_then(|q| q.answer.as_deref())
            .and_then(AnswerValue::parse);
        match (old, value) {
            (Some(q), Some(value)) => {
                let pos = answers.answers.get(qid).map(|a| a.pos).unwrap_or_default();
                out.answers.insert(
                    qid.clone(),
                    Answer {
                        value,
                        // An unevidenced yes had no evidence: it scores as it did.
                        evidence: q
                            .evidence
                            .iter()
                            .map(crate::answers::evidence::Evidence::new)
                            .collect(),
                        note: q.note.clone(),
                        owner: q.owner.clone(),
                        due: q.due.clone(),
                        justification: q.justification.clone(),
                        pos,
                    },
                );
            }
            _ => {
                out.answers.remove(qid);
            }
        }
    }
    out
}

/// What `check` says about each waiver: its status on `as_of`, the question's regression in
/// `comparison` (the real one, before waivers), and whether the gates compared it with its
/// baseline answer.
pub fn check_waivers(
    catalog: &Catalog,
    answers: &Answers,
    comparison: Option<&Comparison>,
    as_of: &str,
    as_of_source: &str,
) -> CheckWaivers {
    let list = waivers(catalog, answers, Some(as_of))
        .into_iter()
        .map(|w| {
            let regression = comparison
                .and_then(|c| c.questions.iter().find(|q| q.id == w.question))
                .filter(|q| q.regression)
                .map(question_line);
            let applied = comparison.is_some() && w.status == "active";
            CheckWaiver {
                waiver: w,
                regression,
                applied,
            }
        })
        .collect();
    CheckWaivers {
        as_of: as_of.to_string(),
        as_of_source: as_of_source.to_string(),
        waivers: list,
    }
}

/// One line for a waiver in `check`'s output.
pub fn waiver_line(w: &CheckWaiver) -> String {
    let v = &w.waiver;
    let who = format!("approved by {}: {}", v.approved_by, v.reason);
    match (v.status.as_str(), &w.regression) {
        ("active", Some(r)) if w.applied => format!(
            "{} waived until {} ({who}); not counted by the baseline gate: {r}",
            v.question, v.expires
        ),
        ("active", _) => format!("{} waived until {} ({who})", v.question, v.expires),
        (_, Some(r)) => format!(
            "{}: the waiver expired on {} ({who}); its regression counts: {r}",
            v.question, v.expires
        ),
        _ => format!(
            "{}: the waiver expired on {} ({who})",
            v.question, v.expires
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::Format;

    fn parsed(text: &str) -> (Answers, Catalog) {
        let catalog = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
        crate::answers::parse_text("t.yaml", text, Format::Yaml, &catalog, &[])
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn report(text: &str) -> Report {
        let (answers, active) = parsed(text);
        let a = crate::scoring::assess(&active, &answers, Default::default());
        super::super::build(&active, &answers, &a, None)
    }

    const BASE: &str = "aimscore: 1\norganization: A\nanswers:\n  A.6.2.8-1: {answer: yes, evidence: [l.md]}\n  A.6.2.8-2: {answer: partial}\n";

    #[test]
    fn a_waived_question_takes_its_baseline_answer_only_while_the_waiver_holds() {
        let (now, _) = parsed(
            "aimscore: 1\norganization: A\nanswers:\n  A.6.2.8-1: {answer: no, waiver: {reason: r, approved_by: b, expires: 2027-01-31}}\n  A.6.2.8-2: {answer: no}\n  A.6.2.8-3: {answer: yes, evidence: [x], waiver: {reason: r, approved_by: b, expires: 2027-01-31}}\n  A.6.2.8-5: {answer: na, justification: j, waiver: {reason: r, approved_by: b, expires: 2027-01-31}}\n",
        );
        let base = report(BASE);
        let (now_answers, active) = parsed(
            "aimscore: 1\norganization: A\nanswers:\n  A.6.2.8-1: {answer: no}\n  A.6.2.8-2: {answer: no}\n  A.6.2.8-3: {answer: yes, evidence: [x]}\n  A.6.2.8-5: {answer: na, justification: j}\n",
        );
        let a = crate::scoring::assess(&active, &now_answers, Default::default());
        let now_report = super::super::build(&active, &now_answers, &a, None);
        let c = super::super::comparison::compare(&base, &now_report, Default::default());
        let g = gate_answers(&now, &base, &c, "2027-01-31");
        let a = &g.answers["A.6.2.8-1"];
        assert_eq!(a.value, AnswerValue::Yes);
        assert_eq!(a.evidence_refs(), ["l.md"]);
        // Not waived: as it is.
        assert_eq!(g.answers["A.6.2.8-2"].value, AnswerValue::No);
        // Better than the baseline (unanswered there): kept, a waiver never costs a score.
        assert_eq!(g.answers["A.6.2.8-3"].value, AnswerValue::Yes);
        // A new na that hides a gap (a regression), unanswered in the baseline: unanswered.
        assert!(!g.answers.contains_key("A.6.2.8-5"));
        // Expired: every answer as it is.
        let g = gate_answers(&now, &base, &c, "2027-02-01");
        assert_eq!(g.answers, now.answers);
    }
}
