//! The `[effort]` table of a scoring policy: how many person-days a fix of each catalog effort
//! size (S, M, L) costs in the roadmap. Defaults S = 2, M = 5, L = 15. Parsing and checking
//! only (every problem located in the policy file); the roadmap document does the sums.

use super::Parser;
use crate::catalog::Effort;
use crate::read::{Key, Node, Value};
use serde::{Deserialize, Serialize};

/// The most person-days one size may stand for: a working year. A larger figure is a typo
/// (or hours typed for days), not a plan.
pub const MAX_DAYS: u32 = 250;

/// Person-days per effort size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffortDays {
    #[serde(rename = "S")]
    pub s: u32,
    #[serde(rename = "M")]
    pub m: u32,
    #[serde(rename = "L")]
    pub l: u32,
}

impl Default for EffortDays {
    fn default() -> Self {
        EffortDays { s: 2, m: 5, l: 15 }
    }
}

impl EffortDays {
    /// The person-days of one size.
    pub fn days(&self, e: Effort) -> u32 {
        match e {
            Effort::S => self.s,
            Effort::M => self.m,
            Effort::L => self.l,
        }
    }

    /// What differs from the default, one line per size, for the policy's `changes`.
    pub fn describe(&self) -> Vec<String> {
        let d = EffortDays::default();
        [("S", self.s, d.s), ("M", self.m, d.m), ("L", self.l, d.l)]
            .into_iter()
            .filter(|(_, got, def)| got != def)
            .map(|(size, got, def)| format!("effort {size} {got} person-days (default {def})"))
            .collect()
    }
}

impl Parser<'_> {
    /// Reads `[effort]`: `S`, `M`, `L` (any case), each a whole number of person-days from 1
    /// to [`MAX_DAYS`], not falling from S to M to L.
    pub(super) fn effort(&mut self, k: &Key, v: &Node, days: &mut EffortDays) {
        for (k2, v2) in self.table(k, v) {
            let slot = match k2.name.trim() {
                "S" | "s" => &mut days.s,
                "M" | "m" => &mut days.m,
                "L" | "l" => &mut days.l,
                _ => {
                    self.unknown(k2, &["S", "M", "L"]);
                    continue;
                }
            };
            match v2.value {
                Value::Int(n) if (1..=i64::from(MAX_DAYS)).contains(&n) => *slot = n as u32,
                _ => self.err(
                    v2.pos,
                    format!("effort `{}` is {}", k2.name.trim(), v2.show()),
                    &format!("a whole number of person-days from 1 to {MAX_DAYS}"),
                ),
            }
        }
        if !(days.s <= days.m && days.m <= days.l) {
            self.err(
                k.pos,
                format!(
                    "effort days must not fall from S to M to L: S {} M {} L {}",
                    days.s, days.m, days.l
                ),
                "S is the smallest piece of work and L the largest (defaults 2, 5, 15)",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Policy;
    use crate::read::Format;

    fn catalog() -> crate::catalog::Catalog {
        crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_policy_sets_effort_days_and_states_the_change() {
        let text = "name = \"Days\"\n[effort]\nS = 1\nM = 5\nL = 20\n";
        let p = Policy::parse("p.toml", text, Format::Toml, &catalog())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((p.effort.s, p.effort.m, p.effort.l), (1, 5, 20));
        assert_eq!(
            p.changes,
            vec![
                "effort S 1 person-days (default 2)",
                "effort L 20 person-days (default 15)"
            ]
        );
    }

    #[test]
    fn the_default_effort_days_are_2_5_15() {
        let p = Policy::builtin();
        assert_eq!((p.effort.s, p.effort.m, p.effort.l), (2, 5, 15));
    }

    #[test]
    fn bad_effort_days_are_located() {
        let text = "name: Bad\neffort:\n  S: 0\n  M: 2.5\n  L: 900\n  XL: 40\n";
        let e = Policy::parse("p.yaml", text, Format::Yaml, &catalog()).unwrap_err();
        let s = e.to_string();
        for want in [
            "p.yaml:3:6: effort `S` is `0`",
            "p.yaml:4:6: effort `M` is",
            "p.yaml:5:6: effort `L` is `900`",
            "from 1 to 250",
            "p.yaml:6:3: unknown key `XL`",
        ] {
            assert!(s.contains(want), "missing {want:?} in:\n{s}");
        }
    }

    #[test]
    fn effort_days_that_fall_are_refused_at_the_table() {
        let text = "name = \"Upside down\"\n[effort]\nS = 10\nM = 5\n";
        let e = Policy::parse("p.toml", text, Format::Toml, &catalog()).unwrap_err();
        let s = e.to_string();
        assert!(s.contains("p.toml:2:"), "{s}");
        assert!(
            s.contains("must not fall from S to M to L: S 10 M 5 L 15"),
            "{s}"
        );
    }
}
