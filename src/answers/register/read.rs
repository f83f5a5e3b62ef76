//! Reading the registers from the located tree: every key checked where it stands, every
//! problem collected with its line and column and, where one is close, a suggestion.

use super::{Register, Risk, RiskLevel, RiskStatus, SoaEntry, SoaMeta, SoaReason, Waiver};
use crate::catalog::{Catalog, Kind};
use crate::error::{Diagnostic, Pos, suggest};
use crate::read::{Key, Node, Value, is_date};
use std::collections::BTreeMap;

const WAIVER_KEYS: [&str; 3] = ["reason", "approved_by", "expires"];
const RISK_KEYS: [&str; 8] = [
    "id",
    "title",
    "owner",
    "level",
    "treatment",
    "status",
    "accepted_by",
    "accepted_on",
];
const SOA_KEYS: [&str; 2] = ["reasons", "note"];
const SOA_META_KEYS: [&str; 3] = ["version", "approved_by", "approved_on"];

/// Reads `risks`, `soa` and `soa_meta` from the top-level mapping (waivers come with their
/// answers, see [`waiver`]). Problems go to `errors`.
pub fn parse(
    file: &str,
    top: &[(Key, Node)],
    catalog: &Catalog,
    errors: &mut Vec<Diagnostic>,
) -> Register {
    let mut r = Reader { file, errors };
    let mut reg = Register::default();
    for (k, v) in top {
        match k.name.as_str() {
            "risks" => reg.risks = r.risks(v, catalog),
            "soa" => reg.soa = r.soa(v, catalog),
            "soa_meta" => reg.soa_meta = r.soa_meta(v),
            _ => {}
        }
    }
    reg
}

/// Reads one answer's `waiver: {reason, approved_by, expires}`; all three are required.
pub fn waiver(file: &str, v: &Node, errors: &mut Vec<Diagnostic>) -> Option<Waiver> {
    let mut r = Reader { file, errors };
    let m = r.map(v, "waiver", &WAIVER_KEYS)?;
    let before = r.errors.len();
    let (mut reason, mut by, mut expires) = (None, None, None);
    for (k, x) in m {
        match k.name.as_str() {
            "reason" => reason = r.text(k, x),
            "approved_by" => by = r.text(k, x),
            "expires" => expires = r.date(k, x),
            other => r.unknown_key(k, other, "waiver", &WAIVER_KEYS),
        }
    }
    let reason = r.required(
        reason,
        m,
        v.pos,
        "waiver",
        "reason",
        "why the regression is accepted",
    );
    let by = r.required(
        by,
        m,
        v.pos,
        "waiver",
        "approved_by",
        "who approved the waiver",
    );
    let expires = r.required(
        expires,
        m,
        v.pos,
        "waiver",
        "expires",
        "the last day it holds, YYYY-MM-DD",
    );
    if r.errors.len() > before {
        return None;
    }
    Some(Waiver {
        reason: reason?,
        approved_by: by?,
        expires: expires?,
    })
}

struct Reader<'a> {
    file: &'a str,
    errors: &'a mut Vec<Diagnostic>,
}

impl Reader<'_> {
    fn err(&mut self, pos: Pos, msg: String, help: String) {
        self.errors
            .push(Diagnostic::at(self.file, pos, msg).with_help(help));
    }

    fn map<'n>(&mut self, v: &'n Node, what: &str, keys: &[&str]) -> Option<&'n [(Key, Node)]> {
        match &v.value {
            Value::Map(m) => Some(m),
            _ => {
                self.err(
                    v.pos,
                    format!("`{what}` is {}; expected a mapping", v.show()),
                    format!("write `{what}: {{{}}}`", keys.join(", ")),
                );
                None
            }
        }
    }

    fn unknown_key(&mut self, k: &Key, name: &str, what: &str, allowed: &[&str]) {
        let mut help = format!("allowed keys in `{what}`: {}", allowed.join(", "));
        if let Some(s) = suggest(name, allowed.iter().copied()) {
            help = format!("did you mean `{s}`? {help}");
        }
        self.err(k.pos, format!("unknown key `{}`", short(name)), help);
    }

    /// A non-empty string, trimmed.
    fn text(&mut self, k: &Key, v: &Node) -> Option<String> {
        match &v.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Str(_) | Value::Null => {
                self.err(
                    v.pos,
                    format!("`{}` is empty", k.name),
                    "fill it in or remove the key".into(),
                );
                None
            }
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

    fn date(&mut self, k: &Key, v: &Node) -> Option<String> {
        let s = self.text(k, v)?;
        if is_date(&s) {
            Some(s)
        } else {
            self.err(
                v.pos,
                format!("`{}` is `{}`, not a date", k.name, short(&s)),
                "write dates as YYYY-MM-DD".into(),
            );
            None
        }
    }

    /// Reports a required key that is missing from `m` (a key present with a bad value was
    /// reported where it stands).
    fn required<T>(
        &mut self,
        got: Option<T>,
        m: &[(Key, Node)],
        pos: Pos,
        what: &str,
        key: &str,
        hint: &str,
    ) -> Option<T> {
        if got.is_none() && !m.iter().any(|(k, _)| k.name == key) {
            self.err(
                pos,
                format!("`{what}` has no `{key}`"),
                format!("add `{key}:` ({hint})"),
            );
        }
        got
    }

    fn list<'n>(&mut self, k: &Key, v: &'n Node) -> &'n [Node] {
        match &v.value {
            Value::Seq(items) => items,
            Value::Null => &[],
            _ => {
                self.err(
                    v.pos,
                    format!("`{}` must be a list, found {}", k.name, v.show()),
                    format!("write `{}: [..]`", k.name),
                );
                &[]
            }
        }
    }

    fn risks(&mut self, v: &Node, catalog: &Catalog) -> Vec<Risk> {
        let key = Key {
            name: "risks".into(),
            pos: v.pos,
        };
        let mut out: Vec<Risk> = Vec::new();
        let mut seen: BTreeMap<String, Pos> = BTreeMap::new();
        for item in self.list(&key, v) {
            let Some(m) = self.map(item, "risks entry", &RISK_KEYS) else {
                continue;
            };
            let before = self.errors.len();
            let mut id = None;
            let mut title = None;
            let mut owner = None;
            let mut level = None;
            let mut treatment = Vec::new();
            let mut status = None;
            let mut accepted_by = None;
            let mut accepted_on = None;
            for (k, x) in m {
                match k.name.as_str() {
                    "id" => id = self.text(k, x).map(|s| (s, x.pos)),
                    "title" => title = self.text(k, x),
                    "owner" => owner = self.text(k, x),
                    "level" => level = self.level(x),
                    "treatment" => treatment = self.treatment(k, x, catalog),
                    "status" => status = self.status(x),
                    "accepted_by" => accepted_by = self.text(k, x),
                    "accepted_on" => accepted_on = self.date(k, x),
                    other => self.unknown_key(k, other, "risks entry", &RISK_KEYS),
                }
            }
            // A key given with a bad value was reported where it stands.
            let missing = |r: &mut Self, key: &str, hint: &str| {
                if !m.iter().any(|(k, _)| k.name == key) {
                    r.err(
                        item.pos,
                        format!("a risk has no `{key}`"),
                        format!("add `{key}:` ({hint})"),
                    );
                }
            };
            missing(self, "id", "a short stable id, e.g. R-01");
            missing(self, "title", "what could go wrong");
            missing(self, "level", "one of low, medium, high, critical");
            missing(self, "status", "one of open, treated, accepted");
            if status == Some(RiskStatus::Accepted) {
                let rid = id.as_ref().map_or("", |(s, _)| s.as_str()).to_string();
                for (present, key, hint) in [
                    (
                        accepted_by.is_some(),
                        "accepted_by",
                        "who accepted the residual risk",
                    ),
                    (accepted_on.is_some(), "accepted_on", "when, YYYY-MM-DD"),
                ] {
                    if !present {
                        self.err(
                            item.pos,
                            format!("risk `{}` is `accepted` without `{key}`", short(&rid)),
                            format!("an accepted residual risk names its acceptance: add `{key}:` ({hint})"),
                        );
                    }
                }
            }
            if let Some((rid, pos)) = &id {
                if let Some(first) = seen.get(rid) {
                    self.err(
                        *pos,
                        format!(
                            "risk id `{}` is used twice (first at line {}, column {})",
                            short(rid),
                            first.line,
                            first.column
                        ),
                        "give every risk its own id".into(),
                    );
                } else {
                    seen.insert(rid.clone(), *pos);
                }
            }
            if self.errors.len() > before {
                continue;
            }
            if let (Some((id, _)), Some(title), Some(level), Some(status)) =
                (id, title, level, status)
            {
                out.push(Risk {
                    id,
                    title,
                    owner,
                    level,
                    treatment,
                    status,
                    accepted_by,
                    accepted_on,
                });
            }
        }
        out
    }

    fn level(&mut self, v: &Node) -> Option<RiskLevel> {
        let found = match &v.value {
            Value::Str(s) => RiskLevel::ALL
                .into_iter()
                .find(|l| l.as_str().eq_ignore_ascii_case(s.trim())),
            _ => None,
        };
        if found.is_none() {
            self.err(
                v.pos,
                format!("`level` is {}", v.show()),
                "allowed: low, medium, high, critical".into(),
            );
        }
        found
    }

    fn status(&mut self, v: &Node) -> Option<RiskStatus> {
        let found = match &v.value {
            Value::Str(s) => RiskStatus::ALL
                .into_iter()
                .find(|l| l.as_str().eq_ignore_ascii_case(s.trim())),
            _ => None,
        };
        if found.is_none() {
            self.err(
                v.pos,
                format!("`status` is {}", v.show()),
                "allowed: open, treated, accepted".into(),
            );
        }
        found
    }

    /// Requirement ids of the catalog (clauses or controls), each checked where it stands.
    fn treatment(&mut self, k: &Key, v: &Node, catalog: &Catalog) -> Vec<String> {
        let mut out = Vec::new();
        let ids = || catalog.requirements.iter().map(|r| r.id.as_str());
        for it in self.list(k, v) {
            // `8.3` unquoted reads as a number in YAML and TOML: take it as the id it spells.
            let text = match &it.value {
                Value::Str(s) => s.trim().to_string(),
                Value::Float(f) => f.to_string(),
                Value::Int(n) => n.to_string(),
                _ => {
                    self.err(
                        it.pos,
                        format!(
                            "`treatment` entries must be requirement ids, found {}",
                            it.show()
                        ),
                        "write ids like `A.6.2.8` or `6.1.3`".into(),
                    );
                    continue;
                }
            };
            let id = text.as_str();
            if catalog.requirement(id).is_some() {
                if !out.iter().any(|x| x == id) {
                    out.push(id.to_string());
                }
                continue;
            }
            let help = match question_requirement(catalog, id) {
                Some(r) => format!("`{id}` is a question; name its requirement `{r}`"),
                None => match suggest(id, ids()) {
                    Some(s) => format!("did you mean `{s}`? `aimscore catalog list` shows the requirement ids"),
                    None => "requirement ids look like `6.1.3` or `A.6.2.8`; `aimscore catalog list` shows them".into(),
                },
            };
            self.err(
                it.pos,
                format!(
                    "unknown requirement id `{}` in a risk's `treatment`",
                    short(id)
                ),
                help,
            );
        }
        out
    }

    fn soa(&mut self, v: &Node, catalog: &Catalog) -> BTreeMap<String, SoaEntry> {
        let mut out = BTreeMap::new();
        let Some(m) = self.map(v, "soa", &["<control id>"]) else {
            return out;
        };
        let controls = || {
            catalog
                .requirements
                .iter()
                .filter(|r| {
                    catalog
                        .section(&r.section)
                        .is_some_and(|s| s.kind == Kind::Annex)
                })
                .map(|r| r.id.as_str())
        };
        for (k, x) in m {
            let id = k.name.trim();
            if !controls().any(|c| c == id) {
                let help = if catalog.requirement(id).is_some() {
                    format!(
                        "`{id}` is a clause: clauses 4–10 are mandatory and have no SoA entry; the SoA lists Annex A controls"
                    )
                } else {
                    match suggest(id, controls()) {
                        Some(s) => format!("did you mean `{s}`? the SoA lists Annex A controls (A.2.2 … A.10.4)"),
                        None => "the SoA lists Annex A controls (A.2.2 … A.10.4); `aimscore catalog list` shows them".into(),
                    }
                };
                self.err(
                    k.pos,
                    format!("unknown Annex A control `{}` in `soa`", short(id)),
                    help,
                );
                continue;
            }
            let Some(fields) = self.map(x, &format!("soa.{id}"), &SOA_KEYS) else {
                continue;
            };
            let mut e = SoaEntry::default();
            for (fk, fv) in fields {
                match fk.name.as_str() {
                    "reasons" => {
                        for it in self.list(fk, fv) {
                            let code = match &it.value {
                                Value::Str(s) => SoaReason::ALL
                                    .into_iter()
                                    .find(|r| r.as_str().eq_ignore_ascii_case(s.trim())),
                                _ => None,
                            };
                            match code {
                                Some(c) if !e.reasons.contains(&c) => e.reasons.push(c),
                                Some(_) => {}
                                None => {
                                    let codes: Vec<&str> =
                                        SoaReason::ALL.iter().map(|r| r.as_str()).collect();
                                    let mut help = format!("allowed: {}", codes.join(", "));
                                    if let Value::Str(s) = &it.value
                                        && let Some(sg) = suggest(s.trim(), codes.iter().copied())
                                    {
                                        help = format!("did you mean `{sg}`? {help}");
                                    }
                                    self.err(
                                        it.pos,
                                        format!("{} is not an SoA reason", it.show()),
                                        help,
                                    );
                                }
                            }
                        }
                    }
                    "note" => e.note = self.text(fk, fv),
                    other => self.unknown_key(fk, other, &format!("soa.{id}"), &SOA_KEYS),
                }
            }
            out.insert(id.to_string(), e);
        }
        out
    }

    fn soa_meta(&mut self, v: &Node) -> Option<SoaMeta> {
        let m = self.map(v, "soa_meta", &SOA_META_KEYS)?;
        let before = self.errors.len();
        let (mut version, mut by, mut on) = (None, None, None);
        for (k, x) in m {
            match k.name.as_str() {
                "version" => {
                    version = match &x.value {
                        // `version: 1.2` or `version: 3` read as numbers; keep them as written.
                        Value::Int(n) => Some(n.to_string()),
                        Value::Float(f) => Some(f.to_string()),
                        _ => self.text(k, x),
                    }
                }
                "approved_by" => by = self.text(k, x),
                "approved_on" => on = self.date(k, x),
                other => self.unknown_key(k, other, "soa_meta", &SOA_META_KEYS),
            }
        }
        let version = self.required(
            version,
            m,
            v.pos,
            "soa_meta",
            "version",
            "the SoA's version, e.g. \"1.0\"",
        );
        let by = self.required(
            by,
            m,
            v.pos,
            "soa_meta",
            "approved_by",
            "who approved the SoA",
        );
        let on = self.required(
            on,
            m,
            v.pos,
            "soa_meta",
            "approved_on",
            "the approval date, YYYY-MM-DD",
        );
        if self.errors.len() > before {
            return None;
        }
        Some(SoaMeta {
            version: version?,
            approved_by: by?,
            approved_on: on?,
        })
    }
}

/// The requirement of a question id (`A.6.2.8-1` → `A.6.2.8`), when the catalog has it.
fn question_requirement<'c>(catalog: &'c Catalog, id: &str) -> Option<&'c str> {
    let (ri, _) = catalog.question_index().get(id).copied()?;
    Some(catalog.requirements[ri].id.as_str())
}

/// A value as shown in a message: at most 60 characters.
fn short(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
