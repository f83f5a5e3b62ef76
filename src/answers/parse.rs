//! Answers parsing: located tree → validated [`Answers`], with every problem collected.

use super::model::*;
use crate::catalog::{Catalog, Kind};
use crate::error::{Diagnostic, Error, Pos, Result, suggest};
use crate::read::{self, Format, Key, Node, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The answers-file format version this build reads.
pub const FORMAT_VERSION: i64 = 1;

const TOP_KEYS: [&str; 14] = [
    "$schema",
    "aimscore",
    "organization",
    "scope",
    "assessor",
    "date",
    "tier",
    "profiles",
    "eu_ai_act",
    "answers",
    // reserved for the inventory written by `discover` (cited as evidence)
    "inventory",
    // the registers (answers::register)
    "risks",
    "soa",
    "soa_meta",
];
const ANSWER_KEYS: [&str; 7] = [
    "answer",
    "evidence",
    "note",
    "owner",
    "due",
    "justification",
    "waiver",
];
/// Problems reported per file: the first ones, in file order. A file with thousands of unknown
/// ids would otherwise spend seconds on "did you mean" suggestions nobody reads.
const MAX_PROBLEMS: usize = 100;
const ALLOWED_ANSWERS: &str = "yes, partial, no, na, or a maturity level 0 to 5";

/// The answers a clause question takes (clauses cannot be excluded with `na`).
const ALLOWED_CLAUSE_ANSWERS: &str =
    "yes, partial, no, or a maturity level 0 to 5 (na only on Annex A questions)";

/// The answers a question of `kind` takes, for messages.
fn allowed_answers(kind: Kind) -> &'static str {
    if kind == Kind::Clause {
        ALLOWED_CLAUSE_ANSWERS
    } else {
        ALLOWED_ANSWERS
    }
}

/// Reads and validates an answers file. Returns the answers and the catalog with the profiles
/// the file (or `extra_profiles`) switches on.
pub fn load(
    path: &Path,
    catalog: &Catalog,
    extra_profiles: &[String],
) -> Result<(Answers, Catalog)> {
    let name = path.display().to_string();
    let bytes = read::read_bytes(path)?;
    // A workbook is known by its content (a zip archive) or its extension: a CSV renamed
    // `.xlsx` is then refused as "not a workbook", not as invalid YAML.
    if super::workbook::is_workbook_path(path) || read::xlsx::looks_like_xlsx(&bytes) {
        return super::workbook::parse_workbook(&name, bytes, catalog, extra_profiles);
    }
    let text = read::decode_text(&name, bytes)?;
    parse_text(
        &name,
        &text,
        Format::from_path(path),
        catalog,
        extra_profiles,
    )
}

/// Parses answers from text (the file name is used in messages only).
pub fn parse_text(
    name: &str,
    text: &str,
    format: Format,
    catalog: &Catalog,
    extra_profiles: &[String],
) -> Result<(Answers, Catalog)> {
    if text.trim().is_empty() {
        return Err(Error::input(Diagnostic::new(
            name,
            None,
            "the file is empty; expected a mapping with at least `aimscore: 1` and `organization`",
        ).with_help("run `aimscore init` to create a template")));
    }
    let root = read::parse(name, text, format)?;
    parse_tree(name, &root, catalog, extra_profiles)
}

/// Validates a located tree (from any reader: YAML, TOML, JSON, or a workbook's cells) into
/// answers, with the same rules and messages whatever the tree came from.
pub fn parse_tree(
    name: &str,
    root: &Node,
    catalog: &Catalog,
    extra_profiles: &[String],
) -> Result<(Answers, Catalog)> {
    let mut p = Parser {
        file: name,
        errors: Vec::new(),
        waivers: BTreeMap::new(),
    };
    if root.value == Value::Null {
        return Err(Error::input(
            Diagnostic::at(
                name,
                root.pos,
                "the file holds no values (only comments); expected a mapping with at least `aimscore: 1` and `organization`",
            )
            .with_help("run `aimscore init` to create a template"),
        ));
    }
    let Value::Map(top) = &root.value else {
        return Err(Error::input(Diagnostic::at(
            name,
            root.pos,
            format!(
                "the file holds {}; expected a mapping with `aimscore`, `organization` and `answers`",
                root.type_name()
            ),
        )));
    };

    let (mut meta, answers_node) = p.header(top);

    // Profiles: from the file, then the command line.
    let mut names = meta.profiles.clone();
    for x in extra_profiles {
        if !names.contains(x) {
            names.push(x.clone());
        }
    }
    let active = match catalog.with_profiles(&names) {
        Ok(c) => c,
        Err(msg) => {
            let at = top
                .iter()
                .find(|(k, _)| k.name == "profiles")
                .map(|(_, v)| v.pos);
            p.errors.push(Diagnostic::new(name, at, msg));
            catalog.clone()
        }
    };
    meta.profiles = active.active_profiles.clone();

    let answers = p.answers(answers_node, catalog, &active, meta.tier);
    meta.register = super::register::parse(name, top, &active, &mut p.errors);
    meta.register.waivers = std::mem::take(&mut p.waivers);

    if !p.errors.is_empty() {
        p.errors.sort_by_key(|d| d.pos);
        if p.errors.len() > MAX_PROBLEMS {
            let more = p.errors.len() - MAX_PROBLEMS;
            p.errors.truncate(MAX_PROBLEMS);
            p.errors.push(Diagnostic::new(
                name,
                None,
                format!("… and {more} more problems (the first {MAX_PROBLEMS} are shown)"),
            ));
        }
        return Err(Error::Input(p.errors));
    }
    Ok((
        Answers {
            source: name.to_string(),
            meta,
            answers,
        },
        active,
    ))
}

/// The help for an answer to a retired question: what replaced it, and why.
fn retired_help(
    d: Diagnostic,
    r: &crate::catalog::Retired,
    profile_ids: &BTreeMap<&str, &str>,
) -> Diagnostic {
    let by = r
        .replaced_by
        .iter()
        .map(|b| match profile_ids.get(b.as_str()) {
            Some(p) => format!("`{b}` (in the `{p}` profile)"),
            None => format!("`{b}`"),
        })
        .collect::<Vec<_>>()
        .join(" and ");
    if by.is_empty() {
        d.with_help(format!("{}; remove this answer", r.reason))
    } else {
        d.with_help(format!(
            "answer {by} instead ({}); `aimscore catalog show {}` shows the new wording",
            r.reason, r.replaced_by[0]
        ))
    }
}

struct Parser<'a> {
    file: &'a str,
    errors: Vec<Diagnostic>,
    /// The answers' waivers, by question id (kept in the register, not in [`Answer`]).
    waivers: BTreeMap<String, super::register::Waiver>,
}

impl Parser<'_> {
    /// The header keys (format version, organization, scope, assessor, date, tier, profiles,
    /// inventory), and the `answers` node for [`Parser::answers`].
    fn header<'n>(&mut self, top: &'n [(Key, Node)]) -> (Meta, Option<&'n Node>) {
        let mut meta = Meta::default();
        let mut version_seen = false;
        let mut org_seen = false;
        let mut answers_node: Option<&Node> = None;
        for (k, v) in top {
            match k.name.as_str() {
                "$schema" => {
                    self.string(k, v);
                }
                "aimscore" => {
                    version_seen = true;
                    let ok = match &v.value {
                        Value::Int(n) => *n == FORMAT_VERSION,
                        Value::Str(s) => s.trim() == "1",
                        _ => false,
                    };
                    if !ok {
                        self.err(
                            v.pos,
                            format!("unsupported format version {}", v.show()),
                            format!("this aimscore reads `aimscore: {FORMAT_VERSION}`"),
                        );
                    }
                }
                "organization" => {
                    org_seen = true;
                    if let Some(s) = self.string(k, v) {
                        if s.trim().is_empty() {
                            self.err(
                                v.pos,
                                "`organization` is empty".into(),
                                "name the organization being assessed".into(),
                            );
                        }
                        meta.organization = s.trim().to_string();
                    }
                }
                "scope" => meta.scope = self.opt_string(k, v),
                "assessor" => meta.assessor = self.opt_string(k, v),
                "date" => meta.date = self.date(k, v),
                "tier" => meta.tier = self.tier(v),
                "eu_ai_act" => meta.eu_ai_act = self.eu_ai_act(v),
                "profiles" => meta.profiles = self.string_list(k, v, false),
                "inventory" => meta.inventory = self.opt_string(k, v),
                "answers" => answers_node = Some(v),
                // read with the catalog by answers::register
                "risks" | "soa" | "soa_meta" => {}
                other => self.unknown_key(k, other, &TOP_KEYS),
            }
        }
        if !version_seen {
            self.errors.push(
                Diagnostic::at(
                    self.file,
                    Pos::new(1, 1),
                    "missing `aimscore` (the file format version)",
                )
                .with_help("add `aimscore: 1` at the top"),
            );
        }
        if !org_seen {
            self.errors.push(
                Diagnostic::at(self.file, Pos::new(1, 1), "missing `organization`")
                    .with_help("add `organization: <name of the organization assessed>`"),
            );
        }
        (meta, answers_node)
    }

    /// The `answers` mapping: each known question id (a retired one named with its
    /// replacement; in a snapshot file, only snapshot questions) to its validated answer.
    fn answers(
        &mut self,
        node: Option<&Node>,
        catalog: &Catalog,
        active: &Catalog,
        tier: Tier,
    ) -> BTreeMap<String, Answer> {
        let index = active.question_index();
        let profile_ids = catalog.profile_question_ids();
        let mut answers = BTreeMap::new();
        if let Some(an) = node {
            match &an.value {
                Value::Null => {}
                Value::Map(entries) => {
                    for (k, v) in entries {
                        let qid = k.name.trim();
                        let Some(&(ri, qi)) = index.get(qid) else {
                            let d = Diagnostic::at(
                                self.file,
                                k.pos,
                                format!("unknown question id `{}`", short(&k.name)),
                            );
                            let d = if let Some(r) = catalog.retired(qid) {
                                retired_help(
                                    Diagnostic::at(
                                        self.file,
                                        k.pos,
                                        format!(
                                            "question `{qid}` was retired in catalog {}",
                                            r.since
                                        ),
                                    ),
                                    r,
                                    &profile_ids,
                                )
                            } else if let Some(pid) = profile_ids.get(qid) {
                                d.with_help(format!("`{qid}` belongs to the `{pid}` profile, which is not switched on; add `profiles: [{pid}]`"))
                            } else if let Some(s) = (self.errors.len() < MAX_PROBLEMS)
                                .then(|| suggest(qid, index.keys().copied()))
                                .flatten()
                            {
                                d.with_help(format!("did you mean `{s}`?"))
                            } else {
                                d.with_help("question ids look like `4.3-1` or `A.6.2.8-1`; `aimscore catalog list` shows them")
                            };
                            self.errors.push(d);
                            continue;
                        };
                        let kind = active.section_of(&active.requirements[ri]).kind;
                        if tier == Tier::Snapshot && !active.requirements[ri].questions[qi].snapshot
                        {
                            self.err(
                                k.pos,
                                format!("`{qid}` is not a snapshot question, and this file says `tier: snapshot`"),
                                "remove the answer, or set `tier: full` to answer the full questionnaire (`aimscore ask` can continue a snapshot into it)".into(),
                            );
                            continue;
                        }
                        if let Some(a) = self.answer(qid, k, v, kind) {
                            // Keys that differ only by surrounding spaces name the same question.
                            if let Some(first) = answers.get(qid) {
                                let first: &Answer = first;
                                self.err(
                                    k.pos,
                                    format!(
                                        "question `{qid}` is answered twice (first at line {}, column {}); ids are compared without surrounding spaces",
                                        first.pos.line, first.pos.column
                                    ),
                                    "keep one answer per question".into(),
                                );
                                continue;
                            }
                            answers.insert(qid.to_string(), a);
                        }
                    }
                }
                _ => self.err(
                    an.pos,
                    format!("`answers` is {}", an.type_name()),
                    "expected a mapping from question id to an answer".into(),
                ),
            }
        }
        answers
    }

    fn err(&mut self, pos: Pos, msg: String, help: String) {
        self.errors
            .push(Diagnostic::at(self.file, pos, msg).with_help(help));
    }

    fn unknown_key(&mut self, k: &Key, name: &str, allowed: &[&str]) {
        let mut help = format!("allowed keys: {}", allowed.join(", "));
        if let Some(s) = suggest(name, allowed.iter().copied()) {
            help = format!("did you mean `{s}`? {help}");
        }
        self.err(k.pos, format!("unknown key `{}`", short(name)), help);
    }

    fn string(&mut self, k: &Key, v: &Node) -> Option<String> {
        match &v.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                self.err(
                    v.pos,
                    format!("`{}` must be a string, found {}", k.name, v.show()),
                    "quote the value".into(),
                );
                None
            }
        }
    }

    /// The `eu_ai_act` block: `roles` (known codes), and the booleans `high_risk`,
    /// `transparency`, `gpai_systemic_risk`.
    fn eu_ai_act(&mut self, v: &Node) -> Option<EuAiAct> {
        const KEYS: [&str; 4] = ["roles", "high_risk", "transparency", "gpai_systemic_risk"];
        let Value::Map(m) = &v.value else {
            self.err(
                v.pos,
                format!("`eu_ai_act` is {}", v.type_name()),
                format!("expected a mapping with {}", KEYS.join(", ")),
            );
            return None;
        };
        let mut out = EuAiAct::default();
        for (k, x) in m {
            let flag = match k.name.as_str() {
                "roles" => {
                    out.roles = self.string_list(k, x, false);
                    for r in &out.roles {
                        if !crate::catalog::reference::EU_ROLES.contains(&r.as_str()) {
                            let mut help = format!(
                                "allowed: {}",
                                crate::catalog::reference::EU_ROLES.join(", ")
                            );
                            if let Some(s) = suggest(r, crate::catalog::reference::EU_ROLES) {
                                help = format!("did you mean `{s}`? {help}");
                            }
                            self.err(
                                x.pos,
                                format!("unknown EU AI Act role `{}`", short(r)),
                                help,
                            );
                        }
                    }
                    continue;
                }
                "high_risk" => &mut out.high_risk,
                "transparency" => &mut out.transparency,
                "gpai_systemic_risk" => &mut out.gpai_systemic_risk,
                other => {
                    self.unknown_key(k, other, &KEYS);
                    continue;
                }
            };
            match x.value {
                Value::Bool(b) => *flag = b,
                _ => self.err(
                    x.pos,
                    format!(
                        "`eu_ai_act.{}` must be true or false, found {}",
                        k.name,
                        x.show()
                    ),
                    "write true or false".into(),
                ),
            }
        }
        Some(out)
    }

    fn tier(&mut self, v: &Node) -> Tier {
        match &v.value {
            Value::Str(s) if s.trim().eq_ignore_ascii_case("full") => Tier::Full,
            Value::Str(s) if s.trim().eq_ignore_ascii_case("snapshot") => Tier::Snapshot,
            _ => {
                self.err(
                    v.pos,
                    format!("`tier` is {}", v.show()),
                    "allowed: full, snapshot".into(),
                );
                Tier::Full
            }
        }
    }

    fn opt_string(&mut self, k: &Key, v: &Node) -> Option<String> {
        match &v.value {
            Value::Null => None,
            _ => self
                .string(k, v)
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        }
    }

    fn date(&mut self, k: &Key, v: &Node) -> Option<String> {
        let s = self.opt_string(k, v)?;
        if is_date(&s) {
            Some(s)
        } else {
            self.err(
                v.pos,
                format!("`{}` is `{s}`, not a date", k.name),
                "write dates as YYYY-MM-DD".into(),
            );
            None
        }
    }

    fn string_list(&mut self, k: &Key, v: &Node, allow_scalar: bool) -> Vec<String> {
        match &v.value {
            Value::Null => Vec::new(),
            Value::Str(s) if allow_scalar => vec![s.trim().to_string()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect(),
            Value::Seq(items) => {
                let mut out = Vec::new();
                for it in items {
                    match &it.value {
                        Value::Str(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Value::Str(_) => self.err(
                            it.pos,
                            format!("`{}` has an empty entry", k.name),
                            "remove it or fill it in".into(),
                        ),
                        _ => self.err(
                            it.pos,
                            format!("`{}` entries must be strings, found {}", k.name, it.show()),
                            "quote the value".into(),
                        ),
                    }
                }
                out
            }
            _ => {
                let allowed = if allow_scalar {
                    "a string or a list of strings"
                } else {
                    "a list of strings"
                };
                self.err(
                    v.pos,
                    format!("`{}` must be {allowed}, found {}", k.name, v.show()),
                    format!("write `{}: [..]`", k.name),
                );
                Vec::new()
            }
        }
    }

    fn answer(&mut self, qid: &str, key: &Key, v: &Node, kind: Kind) -> Option<Answer> {
        let Value::Map(fields) = &v.value else {
            self.err(
                v.pos,
                format!("answer for `{qid}` is {}; expected a mapping", v.show()),
                format!(
                    "write `{qid}: {{answer: yes, evidence: [...]}}`; `answer` is one of {}",
                    allowed_answers(kind)
                ),
            );
            return None;
        };
        let before = self.errors.len();
        let mut value = None;
        let mut answer_seen = false;
        let mut waiver = None;
        let mut a = Answer {
            value: AnswerValue::No,
            evidence: Vec::new(),
            note: None,
            owner: None,
            due: None,
            justification: None,
            pos: key.pos,
        };
        for (k, x) in fields {
            match k.name.as_str() {
                "answer" => {
                    answer_seen = true;
                    value = self.answer_value(qid, x, kind);
                }
                "evidence" => {
                    a.evidence = super::evidence::parse(self.file, k, x, &mut self.errors)
                }
                "note" => a.note = self.opt_string(k, x),
                "owner" => a.owner = self.opt_string(k, x),
                "due" => a.due = self.date(k, x),
                "justification" => a.justification = self.opt_string(k, x),
                "waiver" => waiver = super::register::waiver(self.file, x, &mut self.errors),
                other => self.unknown_key(k, other, &ANSWER_KEYS),
            }
        }
        if !answer_seen {
            self.err(v.pos, format!("`{qid}` has no `answer`"), format!("add `answer:` with one of {}, or remove the entry to leave the question unanswered", allowed_answers(kind)));
        }
        if let Some(AnswerValue::Na) = value {
            if kind == Kind::Clause {
                self.err(v.pos, format!("`{qid}` is answered `na`, but clause questions cannot be excluded"), "clauses 4–10 are mandatory; answer yes, partial, no or a maturity level 0 to 5".into());
            } else if a.justification.is_none() {
                self.err(
                    v.pos,
                    format!("`{qid}` is answered `na` without a `justification`"),
                    "an exclusion needs a reason: add `justification: <why this does not apply>`"
                        .into(),
                );
            }
        }
        if self.errors.len() > before {
            return None;
        }
        a.value = value?;
        if let Some(w) = waiver {
            self.waivers.insert(qid.to_string(), w);
        }
        Some(a)
    }

    fn answer_value(&mut self, qid: &str, x: &Node, kind: Kind) -> Option<AnswerValue> {
        let bad = |p: &mut Self, what: String| {
            p.err(
                x.pos,
                format!("`{qid}`: {what}"),
                format!("allowed: {}", allowed_answers(kind)),
            );
            None
        };
        match &x.value {
            Value::Str(s) => match AnswerValue::parse(s) {
                Some(a) => Some(a),
                None => {
                    let t = s.trim();
                    if t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty() {
                        bad(self, format!("maturity `{t}` is outside 0 to 5"))
                    } else {
                        bad(self, format!("`{t}` is not a valid answer"))
                    }
                }
            },
            Value::Int(n) if (0..=5).contains(n) => Some(AnswerValue::Maturity(*n as u8)),
            Value::Int(n) => bad(self, format!("maturity `{n}` is outside 0 to 5")),
            Value::Null => bad(self, "`answer` is empty".to_string()),
            Value::Bool(b) => bad(
                self,
                format!("`{b}` is not a valid answer (write `yes` or `no`)"),
            ),
            Value::Float(_) => bad(
                self,
                format!(
                    "{} is not a valid answer: a maturity level is a whole number (`3`, not `3.0`)",
                    x.show()
                ),
            ),
            _ => bad(self, format!("{} is not a valid answer", x.show())),
        }
    }
}

/// A key as shown in a message: at most 60 characters (a hostile file may hold a megabyte-long
/// key).
fn short(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

pub use crate::read::is_date;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_for_the_calendar() {
        assert!(is_date("2026-11-22"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2026-02-29"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("26-11-22"));
        assert!(!is_date("2026-1x-22"));
    }

    #[test]
    fn answer_spellings() {
        assert_eq!(AnswerValue::parse("Yes"), Some(AnswerValue::Yes));
        assert_eq!(AnswerValue::parse("NA"), Some(AnswerValue::Na));
        assert_eq!(AnswerValue::parse("3"), Some(AnswerValue::Maturity(3)));
        assert_eq!(AnswerValue::parse("6"), None);
        assert_eq!(AnswerValue::parse("maybe"), None);
    }
}
