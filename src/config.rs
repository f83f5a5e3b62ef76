//! The gate configuration file: `aimscore.toml` in the working directory, or `--config FILE`,
//! holding what a CI job would otherwise spell out in flags (the answers file, thresholds,
//! baseline, policy, outputs). It owns reading and validating that file into [`CheckConfig`];
//! which value wins (a flag always does) is decided by the `check` adapter. Paths in the file
//! are relative to the file's directory.

use crate::error::{Diagnostic, Error, Pos, Result, suggest};
use crate::read::{self, Format, Key, Node, Value};
use std::path::{Path, PathBuf};

/// The file looked for in the working directory when `--config` is not given.
pub const DEFAULT_FILE: &str = "aimscore.toml";

/// The `[check]` table of a configuration file. `None` or empty: not set in the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckConfig {
    /// The configuration file, as named (for messages).
    pub file: String,
    pub answers: Option<PathBuf>,
    pub fail_under: Option<f64>,
    pub section_fail_under: Option<f64>,
    pub require_stage1: Option<bool>,
    pub require_stage2: Option<bool>,
    pub baseline: Option<PathBuf>,
    pub max_drop: Option<f64>,
    pub allow_exclusions: Option<bool>,
    /// `max-evidence-age = DAYS`: fail on stale or expired evidence.
    pub max_evidence_age: Option<u32>,
    pub policy: Option<PathBuf>,
    pub catalog: Option<PathBuf>,
    pub trust_claims: Option<bool>,
    pub profiles: Vec<String>,
    /// `format = "…"` (checked against the formats `check` writes by the caller).
    pub format: Option<String>,
    pub output: Option<PathBuf>,
    /// `[check.reports]`: format name → file, in key order.
    pub reports: Vec<(String, PathBuf)>,
    /// `as-of = "YYYY-MM-DD"`: the date waivers are compared with.
    pub as_of: Option<String>,
}

/// The keys of `[check]`, for messages and suggestions.
const KEYS: [&str; 18] = [
    "answers",
    "fail-under",
    "section-fail-under",
    "require-stage1",
    "require-stage2",
    "baseline",
    "max-drop",
    "allow-exclusions",
    "max-evidence-age",
    "policy",
    "catalog",
    "trust-claims",
    "profiles",
    "format",
    "output",
    "reports",
    "as-of",
    "color",
];

/// Reads the configuration: `explicit` (which must exist), else `aimscore.toml` in the working
/// directory if there is one, else nothing.
pub fn find(explicit: Option<&Path>) -> Result<Option<CheckConfig>> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(DEFAULT_FILE);
            if !p.is_file() {
                return Ok(None);
            }
            p
        }
    };
    let text = read::read_text(&path)?;
    let name = path.display().to_string();
    let base = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    parse(&name, &text, Format::from_path(&path), &base).map(Some)
}

/// Parses configuration text; relative paths are joined to `base`.
pub fn parse(name: &str, text: &str, format: Format, base: &Path) -> Result<CheckConfig> {
    let root = read::parse(name, text, format)?;
    let mut p = Reader {
        file: name,
        base,
        errors: Vec::new(),
    };
    let mut c = CheckConfig {
        file: name.to_string(),
        ..CheckConfig::default()
    };
    match &root.value {
        Value::Map(top) => {
            for (k, v) in top {
                match k.name.as_str() {
                    "check" => p.check(v, &mut c),
                    other => p.err(
                        k.pos,
                        format!("unknown table `{other}`"),
                        "this file holds a [check] table (the settings of `aimscore check`)".into(),
                    ),
                }
            }
        }
        _ => p.err(
            root.pos,
            format!("the configuration holds {}", root.type_name()),
            "expected a [check] table".into(),
        ),
    }
    if p.errors.is_empty() {
        Ok(c)
    } else {
        Err(Error::Input(p.errors))
    }
}

struct Reader<'a> {
    file: &'a str,
    base: &'a Path,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn err(&mut self, pos: Pos, msg: String, help: String) {
        self.errors
            .push(Diagnostic::at(self.file, pos, msg).with_help(help));
    }

    fn check(&mut self, v: &Node, c: &mut CheckConfig) {
        let Value::Map(entries) = &v.value else {
            self.err(
                v.pos,
                format!("`check` must be a table, found {}", v.type_name()),
                "write `[check]` and the settings under it".into(),
            );
            return;
        };
        for (k, v) in entries {
            self.entry(k, v, c);
        }
    }

    fn entry(&mut self, k: &Key, v: &Node, c: &mut CheckConfig) {
        match k.name.as_str() {
            "answers" => c.answers = self.path(k, v),
            "fail-under" => c.fail_under = self.points(k, v),
            "section-fail-under" => c.section_fail_under = self.points(k, v),
            "require-stage1" => c.require_stage1 = self.boolean(k, v),
            "require-stage2" => c.require_stage2 = self.boolean(k, v),
            "baseline" => c.baseline = self.path(k, v),
            "max-drop" => c.max_drop = self.points(k, v),
            "allow-exclusions" => c.allow_exclusions = self.boolean(k, v),
            "max-evidence-age" => c.max_evidence_age = self.days(k, v),
            "policy" => c.policy = self.path(k, v),
            "catalog" => c.catalog = self.path(k, v),
            "trust-claims" => c.trust_claims = self.boolean(k, v),
            "profiles" => c.profiles = self.strings(k, v),
            "format" => c.format = self.string(k, v),
            "output" => c.output = self.path(k, v),
            "reports" => c.reports = self.reports(k, v),
            "as-of" => {
                c.as_of = self.string(k, v).filter(|s| {
                    let ok = read::is_date(s);
                    if !ok {
                        self.err(
                            v.pos,
                            format!("`as-of` is `{s}`, not a date"),
                            "write the date as \"YYYY-MM-DD\"".into(),
                        );
                    }
                    ok
                })
            }
            "color" => self.err(
                k.pos,
                "`color` is not a setting of the file".into(),
                "pass --color on the command line, or set NO_COLOR / CLICOLOR_FORCE".into(),
            ),
            other => {
                let mut help = format!("keys of [check]: {}", KEYS[..KEYS.len() - 1].join(", "));
                if let Some(s) = suggest(other, KEYS.iter().copied()) {
                    help = format!("did you mean `{s}`? {help}");
                }
                self.err(k.pos, format!("unknown key `{other}`"), help);
            }
        }
    }

    fn string(&mut self, k: &Key, v: &Node) -> Option<String> {
        match &v.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => {
                self.err(
                    v.pos,
                    format!(
                        "`{}` must be a non-empty string, found {}",
                        k.name,
                        v.show()
                    ),
                    "quote the value".into(),
                );
                None
            }
        }
    }

    fn path(&mut self, k: &Key, v: &Node) -> Option<PathBuf> {
        self.string(k, v).map(|s| self.base.join(s))
    }

    fn boolean(&mut self, k: &Key, v: &Node) -> Option<bool> {
        match v.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.err(
                    v.pos,
                    format!("`{}` must be true or false, found {}", k.name, v.show()),
                    "write true or false, without quotes".into(),
                );
                None
            }
        }
    }

    fn points(&mut self, k: &Key, v: &Node) -> Option<f64> {
        let x = match v.value {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            _ => f64::NAN,
        };
        if x.is_finite() && (0.0..=100.0).contains(&x) {
            return Some(x);
        }
        self.err(
            v.pos,
            format!(
                "`{}` must be a number from 0 to 100, found {}",
                k.name,
                v.show()
            ),
            "write a number such as 60 or 62.5".into(),
        );
        None
    }

    fn days(&mut self, k: &Key, v: &Node) -> Option<u32> {
        if let Value::Int(i) = v.value
            && let Ok(d) = u32::try_from(i)
        {
            return Some(d);
        }
        self.err(
            v.pos,
            format!("`{}` must be a number of days, found {}", k.name, v.show()),
            "write a whole number such as 365".into(),
        );
        None
    }

    fn strings(&mut self, k: &Key, v: &Node) -> Vec<String> {
        match &v.value {
            Value::Seq(items) => items.iter().filter_map(|i| self.string(k, i)).collect(),
            _ => {
                self.err(
                    v.pos,
                    format!("`{}` must be a list of strings, found {}", k.name, v.show()),
                    "write e.g. profiles = [\"agentic\"]".into(),
                );
                Vec::new()
            }
        }
    }

    fn reports(&mut self, k: &Key, v: &Node) -> Vec<(String, PathBuf)> {
        let Value::Map(entries) = &v.value else {
            self.err(
                v.pos,
                format!(
                    "`{}` must be a table of FORMAT = \"FILE\", found {}",
                    k.name,
                    v.show()
                ),
                "write e.g. [check.reports] then sarif = \"aimscore.sarif\"".into(),
            );
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(f, file)| self.path(f, file).map(|p| (f.name.clone(), p)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_is_read_and_paths_are_relative_to_the_file() {
        let t = "[check]\nanswers = \"aims/answers.yaml\"\nfail-under = 60\nsection-fail-under = 40.5\nrequire-stage1 = true\nbaseline = \"base.json\"\nmax-drop = 1\nprofiles = [\"agentic\"]\n[check.reports]\nsarif = \"out/a.sarif\"\ngitlab = \"gl.json\"\n";
        let c = parse("ci/aimscore.toml", t, Format::Toml, Path::new("ci"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.answers, Some(PathBuf::from("ci/aims/answers.yaml")));
        assert_eq!(c.fail_under, Some(60.0));
        assert_eq!(c.section_fail_under, Some(40.5));
        assert_eq!(c.require_stage1, Some(true));
        assert_eq!(c.require_stage2, None);
        assert_eq!(c.max_drop, Some(1.0));
        assert_eq!(c.profiles, ["agentic"]);
        assert_eq!(
            c.reports,
            [
                ("gitlab".to_string(), PathBuf::from("ci/gl.json")),
                ("sarif".to_string(), PathBuf::from("ci/out/a.sarif"))
            ]
        );
    }

    #[test]
    fn every_problem_is_located_together() {
        let t = "[check]\nfail-undr = 60\nrequire-stage1 = \"yes\"\nmax-drop = 200\n[gates]\n";
        let e = parse("aimscore.toml", t, Format::Toml, Path::new("."))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("aimscore.toml:2:1: unknown key `fail-undr`; did you mean `fail-under`?"),
            "{e}"
        );
        assert!(
            e.contains("aimscore.toml:3:18: `require-stage1` must be true or false"),
            "{e}"
        );
        assert!(
            e.contains("aimscore.toml:4:12: `max-drop` must be a number from 0 to 100"),
            "{e}"
        );
        assert!(e.contains("unknown table `gates`"), "{e}");
        assert!(e.contains("4 problems found"), "{e}");
    }
}
