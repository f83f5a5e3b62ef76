//! The roadmap: the whole fix-list (never limited by `--top`) as a phased plan. Phase 1 holds
//! the fixes of Stage 1 blocker questions; phase 2 the critical questions and the questions of
//! internal audit (9.2) and management review (9.3) that are not blockers; phase 3 the rest.
//! Each phase sums its effort in person-days (the policy's `[effort]`), once per requirement,
//! names its owners and its due range, and lists its undated and overdue fixes. Data only: no
//! formatting, no score computed here (the fixes and their order come from `scoring`).

use crate::catalog::Catalog;
use crate::scoring::{Assessment, EffortDays};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The titles of the three phases, in order.
pub const PHASE_TITLES: [&str; 3] = [
    "Stage 1 blockers",
    "Stage 2 critical and internal audit / management review",
    "Everything else",
];

/// The fix-list as a phased plan. (`Default`: an empty plan, for a JSON report written before
/// the roadmap existed and read back as a baseline.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Roadmap {
    /// Person-days per effort size under the policy (`S`, `M`, `L`).
    pub effort_days_per_size: EffortDays,
    /// The answers file's `date`, against which a due date is overdue; null when the file has
    /// no date (nothing is then called overdue).
    pub as_of: Option<String>,
    /// Sum of the phases' effort days.
    pub effort_days: u32,
    /// The three phases, always all three, in order (a phase may have no fixes).
    pub phases: Vec<Phase>,
}

/// One phase of the roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// 1, 2 or 3.
    pub id: u8,
    pub title: String,
    /// Question ids, in fix-list order.
    pub fixes: Vec<String>,
    /// The distinct requirements of the phase's fixes, in the order they first appear.
    pub requirements: Vec<String>,
    /// Σ over the phase's distinct requirements of the days of the requirement's effort size:
    /// a requirement with three failing questions is one piece of work, counted once.
    pub effort_days: u32,
    /// The distinct owners of the phase's fixes, sorted.
    pub owners: Vec<String>,
    /// How many of the phase's fixes have no owner.
    pub unowned: usize,
    /// The earliest and latest `due` of the phase's fixes (ISO dates); null when none is dated.
    pub earliest_due: Option<String>,
    pub latest_due: Option<String>,
    /// The phase's fixes with no `due`, in fix-list order.
    pub undated: Vec<String>,
    /// The phase's fixes whose `due` is before the answers file's `date`, in fix-list order.
    pub overdue: Vec<String>,
    /// Every fix of the phase with what a plan needs, in fix-list order.
    pub items: Vec<Item>,
}

/// One fix as the plan shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The fix's global rank in the fix-list.
    pub rank: usize,
    pub priority: String,
    pub question: String,
    pub requirement: String,
    /// The requirement's title.
    pub title: String,
    /// `S`, `M` or `L`.
    pub effort: String,
    /// The days this fix adds to the phase: its requirement's days on the requirement's first
    /// fix in the phase, 0 on the others (so the column sums to the phase's `effort_days`).
    pub effort_days: u32,
    pub owner: Option<String>,
    pub due: Option<String>,
    /// True when `due` is before the answers file's `date`.
    pub overdue: bool,
}

/// The phase (1, 2 or 3) of a fix on a question with these flags, of requirement `id`.
pub fn phase_of(requirement: &str, blocker: bool, critical: bool) -> u8 {
    let audit_review = ["9.2", "9.3"].iter().any(|g| {
        requirement
            .strip_prefix(g)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
    });
    if blocker {
        1
    } else if critical || audit_review {
        2
    } else {
        3
    }
}

/// Builds the roadmap from every fix of the assessment (catalog flags as the policy set them).
pub fn build(catalog: &Catalog, a: &Assessment, as_of: Option<&str>) -> Roadmap {
    let per = a.options.policy.effort;
    let mut phases: Vec<Phase> = PHASE_TITLES
        .iter()
        .zip(1u8..)
        .map(|(title, id)| Phase {
            id,
            title: title.to_string(),
            fixes: Vec::new(),
            requirements: Vec::new(),
            effort_days: 0,
            owners: Vec::new(),
            unowned: 0,
            earliest_due: None,
            latest_due: None,
            undated: Vec::new(),
            overdue: Vec::new(),
            items: Vec::new(),
        })
        .collect();
    for f in &a.fixes {
        let qr = &a.questions[f.question];
        let r = &catalog.requirements[qr.req];
        let q = &r.questions[qr.q];
        let ans = qr.answer.as_ref();
        let owner = ans.and_then(|x| x.owner.clone());
        let due = ans.and_then(|x| x.due.clone());
        let p = &mut phases[usize::from(phase_of(&r.id, q.blocker, q.critical)) - 1];
        let first = !p.requirements.contains(&r.id);
        let days = if first { per.days(r.effort) } else { 0 };
        if first {
            p.requirements.push(r.id.clone());
        }
        // ISO dates (validated as YYYY-MM-DD) compare as text.
        let overdue = matches!((&due, as_of), (Some(d), Some(at)) if d.as_str() < at);
        p.fixes.push(q.id.clone());
        p.effort_days += days;
        match &due {
            Some(_) if overdue => p.overdue.push(q.id.clone()),
            Some(_) => {}
            None => p.undated.push(q.id.clone()),
        }
        if owner.is_none() {
            p.unowned += 1;
        }
        p.items.push(Item {
            rank: f.rank,
            priority: f.priority.as_str().to_string(),
            question: q.id.clone(),
            requirement: r.id.clone(),
            title: catalog.display_title(r),
            effort: r.effort.as_str().to_string(),
            effort_days: days,
            owner,
            due,
            overdue,
        });
    }
    for p in &mut phases {
        let owners: BTreeSet<&String> = p.items.iter().filter_map(|i| i.owner.as_ref()).collect();
        p.owners = owners.into_iter().cloned().collect();
        let dues: BTreeSet<&String> = p.items.iter().filter_map(|i| i.due.as_ref()).collect();
        p.earliest_due = dues.first().map(|d| d.to_string());
        p.latest_due = dues.last().map(|d| d.to_string());
    }
    Roadmap {
        effort_days_per_size: per,
        as_of: as_of.map(str::to_string),
        effort_days: phases.iter().map(|p| p.effort_days).sum(),
        phases,
    }
}

#[cfg(test)]
mod tests {
    use super::phase_of;

    #[test]
    fn blockers_come_first_then_critical_and_audit_review() {
        assert_eq!(phase_of("9.2.2", true, false), 1);
        assert_eq!(phase_of("9.2.2", false, false), 2);
        assert_eq!(phase_of("9.3.3", false, false), 2);
        assert_eq!(phase_of("A.6.2.8", false, true), 2);
        assert_eq!(phase_of("9.1", false, false), 3);
        assert_eq!(phase_of("9.20", false, false), 3);
        assert_eq!(phase_of("A.9.2", false, false), 3);
    }
}
