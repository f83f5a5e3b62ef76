//! The scoring policy: the thresholds, bands, weights, blockers and critical flags a verdict is
//! computed with. The default policy is built in (the catalog's flags and weights, Stage 2 at
//! 80 overall with no section below 50, bands 40/60/80); `--policy FILE` (TOML or YAML) changes
//! it, every problem located in the file. Every report states the policy it was scored under.

use crate::catalog::{Catalog, Kind, Question};
use crate::error::{Diagnostic, Error, Pos, Result, suggest};
use crate::read::{self, Format, Key, Node, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod effort;
pub use effort::{EffortDays, MAX_DAYS as MAX_EFFORT_DAYS};

/// The thresholds a verdict compares rounded scores with, in tenths of a percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    /// Stage 2 needs an overall score of at least this.
    pub overall: u32,
    /// Stage 2 needs every section with a score at or above this.
    pub section_floor: u32,
    /// Lower bounds of the Developing, Established and Ready bands.
    pub developing: u32,
    pub established: u32,
    pub ready: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            overall: 800,
            section_floor: 500,
            developing: 400,
            established: 600,
            ready: 800,
        }
    }
}

/// A scoring policy: the default, or one read from a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    /// The policy's name (`default` for the built-in one).
    pub name: String,
    /// SHA-256 of the policy file's bytes; `None` for the built-in policy.
    pub sha256: Option<String>,
    pub thresholds: Thresholds,
    /// Question id → weight, overriding the catalog's.
    pub weights: BTreeMap<String, u8>,
    pub blockers_add: Vec<String>,
    pub blockers_remove: Vec<String>,
    pub critical_add: Vec<String>,
    pub critical_remove: Vec<String>,
    /// What differs from the default policy, one line each, for people.
    pub changes: Vec<String>,
    /// Person-days per effort size for the roadmap (`[effort]`).
    pub effort: EffortDays,
}

const TOP_KEYS: [&str; 7] = [
    "name", "stage2", "bands", "weights", "blockers", "critical", "effort",
];

impl Policy {
    /// The built-in policy.
    pub fn builtin() -> Policy {
        Policy {
            name: "default".into(),
            ..Policy::default()
        }
    }

    /// True for the built-in policy.
    pub fn is_default(&self) -> bool {
        self.sha256.is_none()
    }

    /// Reads and checks a policy file against the catalog (every profile's questions included).
    pub fn load(path: &Path, catalog: &Catalog) -> Result<Policy> {
        let name = path.display().to_string();
        let text = read::read_text(path)?;
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read", e))?;
        let format = Format::from_path(path);
        let mut policy = Policy::parse(&name, &text, format, catalog)?;
        policy.sha256 = Some(hex(&Sha256::digest(&bytes)));
        Ok(policy)
    }

    /// Parses policy text (the name is used in messages only). The result has no `sha256`.
    pub fn parse(name: &str, text: &str, format: Format, catalog: &Catalog) -> Result<Policy> {
        let root = read::parse(name, text, format)?;
        let mut p = Parser {
            file: name,
            errors: Vec::new(),
            catalog,
        };
        let mut policy = Policy::builtin();
        match &root.value {
            Value::Map(top) => {
                for (k, v) in top {
                    p.top(k, v, &mut policy);
                }
            }
            _ => p.err(
                root.pos,
                format!("the policy file holds {}", root.type_name()),
                "expected a table with `name`, and any of [stage2], [bands], [weights], [blockers], [critical], [effort]",
            ),
        }
        if policy.name == "default" {
            p.err(
                Pos::new(1, 1),
                "missing `name`".into(),
                "name the policy (e.g. `name = \"Northbridge Advisory method 2027\"`); it is stated in every report",
            );
        }
        p.check_bands(&root, &policy.thresholds);
        p.check_flags(&root, &policy);
        if !p.errors.is_empty() {
            p.errors.sort_by_key(|d| d.pos);
            return Err(Error::Input(p.errors));
        }
        policy.changes = policy.describe(catalog);
        Ok(policy)
    }

    /// The catalog with this policy's weights and flags applied (profile questions included).
    pub fn apply(&self, catalog: &Catalog) -> Catalog {
        let mut out = catalog.clone();
        let edit = |q: &mut Question| {
            if let Some(&w) = self.weights.get(&q.id) {
                q.weight = w;
            }
            if self.blockers_add.contains(&q.id) {
                q.blocker = true;
            }
            if self.blockers_remove.contains(&q.id) {
                q.blocker = false;
            }
            if self.critical_add.contains(&q.id) {
                q.critical = true;
            }
            if self.critical_remove.contains(&q.id) {
                q.critical = false;
            }
        };
        for r in &mut out.requirements {
            r.questions.iter_mut().for_each(edit);
        }
        for p in &mut out.profiles {
            p.questions.iter_mut().for_each(|(_, q)| edit(q));
        }
        out
    }

    /// What differs from the default, for people: one line per change.
    fn describe(&self, catalog: &Catalog) -> Vec<String> {
        let d = Thresholds::default();
        let t = &self.thresholds;
        let mut out = Vec::new();
        for (what, got, def) in [
            ("Stage 2 overall score", t.overall, d.overall),
            ("Stage 2 section floor", t.section_floor, d.section_floor),
            ("band Developing from", t.developing, d.developing),
            ("band Established from", t.established, d.established),
            ("band Ready from", t.ready, d.ready),
        ] {
            if got != def {
                out.push(format!("{what} {} (default {})", tenths(got), tenths(def)));
            }
        }
        for (id, w) in &self.weights {
            let was = find(catalog, id).map_or(0, |q| q.weight);
            if was != *w {
                out.push(format!("weight of {id} {w} (catalog {was})"));
            }
        }
        for (list, what) in [
            (&self.blockers_add, "blocker added"),
            (&self.blockers_remove, "blocker removed"),
            (&self.critical_add, "critical added"),
            (&self.critical_remove, "critical removed"),
        ] {
            for id in list {
                out.push(format!("{what}: {id}"));
            }
        }
        out.extend(self.effort.describe());
        out
    }
}

/// A threshold in tenths as people read it: `80`, `82.5`.
fn tenths(t: u32) -> String {
    if t.is_multiple_of(10) {
        (t / 10).to_string()
    } else {
        format!("{}.{}", t / 10, t % 10)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A question of the catalog or of any of its profiles.
fn find<'a>(catalog: &'a Catalog, id: &str) -> Option<&'a Question> {
    catalog
        .requirements
        .iter()
        .flat_map(|r| r.questions.iter())
        .chain(
            catalog
                .profiles
                .iter()
                .flat_map(|p| p.questions.iter().map(|(_, q)| q)),
        )
        .find(|q| q.id == id)
}

struct Parser<'a> {
    file: &'a str,
    errors: Vec<Diagnostic>,
    catalog: &'a Catalog,
}

impl Parser<'_> {
    fn err(&mut self, pos: Pos, msg: String, help: &str) {
        self.errors
            .push(Diagnostic::at(self.file, pos, msg).with_help(help.to_string()));
    }

    fn unknown(&mut self, k: &Key, allowed: &[&str]) {
        let mut help = format!("allowed: {}", allowed.join(", "));
        if let Some(s) = suggest(&k.name, allowed.iter().copied()) {
            help = format!("did you mean `{s}`? {help}");
        }
        self.err(k.pos, format!("unknown key `{}`", k.name), &help);
    }

    fn table<'n>(&mut self, k: &Key, v: &'n Node) -> &'n [(Key, Node)] {
        match &v.value {
            Value::Map(m) => m,
            _ => {
                self.err(
                    v.pos,
                    format!("`{}` must be a table, found {}", k.name, v.show()),
                    "see README, \"Scoring policy\"",
                );
                &[]
            }
        }
    }

    fn top(&mut self, k: &Key, v: &Node, policy: &mut Policy) {
        match k.name.as_str() {
            "name" => match &v.value {
                Value::Str(s) if !s.trim().is_empty() && s.trim() != "default" => {
                    policy.name = s.trim().to_string();
                }
                _ => self.err(
                    v.pos,
                    format!("`name` is {}", v.show()),
                    "a non-empty string other than `default`",
                ),
            },
            "stage2" => {
                for (k2, v2) in self.table(k, v) {
                    match k2.name.as_str() {
                        "overall" => policy.thresholds.overall = self.threshold(k2, v2, 800),
                        "section_floor" => {
                            policy.thresholds.section_floor = self.threshold(k2, v2, 500);
                        }
                        _ => self.unknown(k2, &["overall", "section_floor"]),
                    }
                }
            }
            "bands" => {
                let t = &mut policy.thresholds;
                for (k2, v2) in self.table(k, v) {
                    match k2.name.as_str() {
                        "developing" => t.developing = self.threshold(k2, v2, 400),
                        "established" => t.established = self.threshold(k2, v2, 600),
                        "ready" => t.ready = self.threshold(k2, v2, 800),
                        _ => self.unknown(k2, &["developing", "established", "ready"]),
                    }
                }
            }
            "weights" => {
                for (k2, v2) in self.table(k, v) {
                    let id = k2.name.trim();
                    if !self.known(k2) {
                        continue;
                    }
                    match v2.value {
                        Value::Int(w @ 1..=3) => {
                            policy.weights.insert(id.to_string(), w as u8);
                        }
                        _ => self.err(
                            v2.pos,
                            format!("weight of `{id}` is {}", v2.show()),
                            "allowed: 1, 2, 3",
                        ),
                    }
                }
            }
            "blockers" | "critical" => {
                let blockers = k.name == "blockers";
                for (k2, v2) in self.table(k, v) {
                    let list = match (k2.name.as_str(), blockers) {
                        ("add", true) => &mut policy.blockers_add,
                        ("remove", true) => &mut policy.blockers_remove,
                        ("add", false) => &mut policy.critical_add,
                        ("remove", false) => &mut policy.critical_remove,
                        _ => {
                            self.unknown(k2, &["add", "remove"]);
                            continue;
                        }
                    };
                    *list = self.ids(k, k2, v2);
                }
            }
            "effort" => self.effort(k, v, &mut policy.effort),
            _ => self.unknown(k, &TOP_KEYS),
        }
    }

    /// A threshold 0–100 (one decimal at most), in tenths.
    fn threshold(&mut self, k: &Key, v: &Node, default: u32) -> u32 {
        let x = match v.value {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            _ => f64::NAN,
        };
        let t = (x * 10.0).round();
        if !(0.0..=100.0).contains(&x) || (x * 10.0 - t).abs() > 1e-9 {
            self.err(
                v.pos,
                format!("`{}` is {}", k.name, v.show()),
                "a score from 0 to 100, with one decimal at most",
            );
            return default;
        }
        t as u32
    }

    /// Whether a key names a question of the catalog (or of a profile), reporting it if not.
    fn known(&mut self, k: &Key) -> bool {
        self.known_id(k.name.trim(), k.pos)
    }

    fn known_id(&mut self, id: &str, pos: Pos) -> bool {
        if find(self.catalog, id).is_some() {
            return true;
        }
        let ids: Vec<&str> = self
            .catalog
            .requirements
            .iter()
            .flat_map(|r| r.questions.iter().map(|q| q.id.as_str()))
            .collect();
        let help = match self.catalog.retired(id) {
            Some(r) => format!(
                "`{id}` was retired in catalog {}; replaced by {}",
                r.since,
                r.replaced_by.join(", ")
            ),
            None => match suggest(id, ids.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => {
                    "question ids look like `9.2.2-1`; `aimscore catalog list` shows them".into()
                }
            },
        };
        self.err(pos, format!("unknown question id `{id}`"), &help);
        false
    }

    fn ids(&mut self, table: &Key, k: &Key, v: &Node) -> Vec<String> {
        let Value::Seq(items) = &v.value else {
            self.err(
                v.pos,
                format!("`{}.{}` must be a list of question ids", table.name, k.name),
                "e.g. add = [\"9.2.2-1\"]",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for it in items {
            match &it.value {
                Value::Str(s) if self.known_id(s.trim(), it.pos) => {
                    out.push(s.trim().to_string());
                }
                Value::Str(_) => {}
                _ => self.err(
                    it.pos,
                    format!("`{}.{}` holds {}", table.name, k.name, it.show()),
                    "a question id as a string",
                ),
            }
        }
        out
    }

    fn check_bands(&mut self, root: &Node, t: &Thresholds) {
        if !(t.developing < t.established && t.established < t.ready) {
            let at = located(root, "bands").unwrap_or(root.pos);
            self.err(
                at,
                format!(
                    "band bounds must rise: developing {} < established {} < ready {}",
                    tenths(t.developing),
                    tenths(t.established),
                    tenths(t.ready)
                ),
                "they are the lower bounds of the Developing, Established and Ready bands",
            );
        }
    }

    /// Blockers only on clause questions of the catalog; never a question both blocker and
    /// critical once the policy is applied; removals name flagged questions.
    fn check_flags(&mut self, root: &Node, policy: &Policy) {
        let clause_ids: BTreeSet<&str> = self
            .catalog
            .requirements
            .iter()
            .filter(|r| self.catalog.section_of(r).kind == Kind::Clause)
            .flat_map(|r| r.questions.iter().map(|q| q.id.as_str()))
            .collect();
        let at = |key: &str| located(root, key).unwrap_or(Pos::new(1, 1));
        for id in &policy.blockers_add {
            if !clause_ids.contains(id.as_str()) {
                self.err(
                    at("blockers"),
                    format!("`{id}` cannot be a blocker: blockers stand only in clauses 4–10 (not Annex A, which can be excluded, nor profile questions)"),
                    "make it critical instead ([critical] add), or pick a clause question",
                );
            }
        }
        let applied = policy.apply(self.catalog);
        for (list, flag, key) in [
            (&policy.blockers_remove, true, "blockers"),
            (&policy.critical_remove, false, "critical"),
        ] {
            for id in list {
                let q = find(self.catalog, id);
                let set = q.is_some_and(|q| if flag { q.blocker } else { q.critical });
                if q.is_some() && !set {
                    let what = if flag { "a blocker" } else { "critical" };
                    self.err(
                        at(key),
                        format!("`{id}` is not {what} in the catalog, so it cannot be removed"),
                        "`aimscore catalog show ID` shows a question's flags",
                    );
                }
            }
        }
        let added = policy
            .blockers_add
            .iter()
            .map(|id| (id, "blockers"))
            .chain(policy.critical_add.iter().map(|id| (id, "critical")));
        for (id, key) in added {
            if find(&applied, id).is_some_and(|q| q.blocker && q.critical) {
                self.err(
                    at(key),
                    format!("`{id}` would be both a blocker and critical; a question is one or the other"),
                    "remove it from one of the lists (a blocker is checked at Stage 1 already)",
                );
            }
        }
    }
}

/// Where a top-level key stands.
fn located(root: &Node, key: &str) -> Option<Pos> {
    match &root.value {
        Value::Map(m) => m.iter().find(|(k, _)| k.name == key).map(|(k, _)| k.pos),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_policy_changes_thresholds_and_flags() {
        let c = catalog();
        let text = "name = \"Strict\"\n[stage2]\noverall = 85\nsection_floor = 60\n[blockers]\nadd = [\"9.2.1-1\"]\n[critical]\nadd = [\"A.7.4-1\"]\n";
        let p = Policy::parse("p.toml", text, Format::Toml, &c).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.thresholds.overall, 850);
        assert_eq!(p.thresholds.section_floor, 600);
        let applied = p.apply(&c);
        assert!(find(&applied, "9.2.1-1").is_some_and(|q| q.blocker));
        assert!(find(&applied, "A.7.4-1").is_some_and(|q| q.critical));
        assert_eq!(p.changes.len(), 4, "{:?}", p.changes);
    }

    #[test]
    fn every_problem_is_located() {
        let c = catalog();
        let text = "name: Bad\nstage2:\n  overall: 120\n  floor: 3\nweights:\n  A.6.2.8-3: 5\n  9.9-1: 2\nblockers:\n  add: [\"A.7.4-1\"]\n";
        let e = Policy::parse("p.yaml", text, Format::Yaml, &c).unwrap_err();
        let s = e.to_string();
        for want in [
            "p.yaml:3:12",
            "p.yaml:4:3: unknown key `floor`",
            "p.yaml:6:14",
            "p.yaml:7:3: unknown question id `9.9-1`",
            "cannot be a blocker",
        ] {
            assert!(s.contains(want), "missing {want:?} in:\n{s}");
        }
    }
}
