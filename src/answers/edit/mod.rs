//! Text-level edits of an answers file (`aimscore ask`): set one answer, or the profiles, and keep
//! every other byte of the file as it was, comments included.
//!
//! YAML and TOML are edited as lines: the entry for a question is replaced where it stands, or
//! takes the place of the template's commented entry for that question, or is inserted next to
//! its neighbour in catalog order. JSON (which has no comments) is re-serialized in key order.
//! Every edit is checked by parsing the new text with [`parse_text`]: an edit that would change
//! anything but the intended entry, or leave the file invalid, is refused and the caller keeps
//! the old file. This module does not read or write files.

use super::model::{Answer, AnswerValue, Answers};
use super::parse::parse_text;
use super::quoting::{json_escaped, quote};
use crate::catalog::Catalog;
use crate::error::{Error, Result};
use crate::read::Format;

/// The result of an edit: the new file text and what it parses to.
#[derive(Debug, Clone)]
pub struct Edited {
    pub text: String,
    pub answers: Answers,
}

/// The keys an answer entry may hold, in the order they are written.
const FIELDS: [&str; 7] = [
    "answer",
    "evidence",
    "note",
    "owner",
    "due",
    "justification",
    "waiver",
];

thread_local! {
    /// The waiver of the entry being written by [`set_answer`] (it lives in the file's
    /// registers, not in [`Answer`]): [`fields`] and the JSON writer write it back.
    static WAIVER: std::cell::RefCell<Option<super::register::Waiver>> =
        const { std::cell::RefCell::new(None) };
}

/// Sets [`WAIVER`] for one edit and clears it when dropped, whatever happens.
struct WaiverScope;

impl WaiverScope {
    fn new(w: Option<super::register::Waiver>) -> WaiverScope {
        WAIVER.with(|c| *c.borrow_mut() = w);
        WaiverScope
    }
}

impl Drop for WaiverScope {
    fn drop(&mut self) {
        WAIVER.with(|c| *c.borrow_mut() = None);
    }
}

/// The waiver being written, if any.
fn current_waiver() -> Option<super::register::Waiver> {
    WAIVER.with(|c| c.borrow().clone())
}

/// Sets the answer to `qid` in `text` (an answers file in `format`), keeping the rest of the
/// text. `catalog` is the catalog without profiles (the file's own `profiles` apply).
pub fn set_answer(
    name: &str,
    text: &str,
    format: Format,
    catalog: &Catalog,
    qid: &str,
    answer: &Answer,
) -> Result<Edited> {
    let (old, active) = parse_text(name, text, format, catalog, &[])?;
    let order: Vec<&str> = active.questions().map(|(_, q)| q.id.as_str()).collect();
    if !order.contains(&qid) {
        return Err(Error::Usage(format!(
            "{name}: `{qid}` is not a question of this catalog and profiles"
        )));
    }
    // A waiver lives in the file's registers: it is written back with the entry, and the
    // check below (the registers must read back unchanged) proves it was.
    let _waiver = WaiverScope::new(old.meta.register.waivers.get(qid).cloned());
    let answer = normalized(answer);
    let prior = old.answers.get(qid);
    let mut expected = old.answers.clone();
    expected.insert(qid.to_string(), answer.clone());
    let candidates = match format {
        Format::Yaml => yaml::answer_candidates(text, qid, &answer, prior, &order, &expected),
        Format::Toml => toml_text::answer_candidates(text, qid, &answer, prior, &order),
        Format::Json => json::answer_candidates(text, qid, &answer, &order),
    };
    for cand in candidates {
        if let Ok((new, _)) = parse_text(name, &cand, format, catalog, &[])
            && new.meta == old.meta
            && same_answers(&new, &expected)
        {
            return Ok(Edited {
                text: cand,
                answers: new,
            });
        }
    }
    Err(Error::Usage(format!(
        "{name}: cannot save the answer to `{qid}` without changing other parts of the file \
         (its layout is unusual); the file was left as it was. Add the entry by hand, or \
         write the answers `{qid}` needs with an editor"
    )))
}

/// Makes the file name every profile in `profiles` (adding to its own), keeping the rest of the
/// text. `catalog` is the catalog without profiles.
pub fn set_profiles(
    name: &str,
    text: &str,
    format: Format,
    catalog: &Catalog,
    profiles: &[String],
) -> Result<Edited> {
    let (old, _) = parse_text(name, text, format, catalog, profiles)?;
    let wanted = old.meta.profiles.clone();
    let candidates = match format {
        Format::Yaml => yaml::profile_candidates(text, &wanted),
        Format::Toml => toml_text::profile_candidates(text, &wanted),
        Format::Json => json::profile_candidates(text, &wanted),
    };
    for cand in candidates {
        if let Ok((new, _)) = parse_text(name, &cand, format, catalog, &[]) {
            let mut meta = new.meta.clone();
            meta.profiles = wanted.clone();
            if new.meta.profiles == wanted && meta == old.meta && same_answers(&new, &old.answers) {
                return Ok(Edited {
                    text: cand,
                    answers: new,
                });
            }
        }
    }
    Err(Error::Usage(format!(
        "{name}: cannot add `profiles: [{}]` without changing other parts of the file; the \
         file was left as it was. Add it by hand",
        wanted.join(", ")
    )))
}

/// Turns a snapshot file into a full one: `tier: snapshot` becomes `tier: full`, nothing else
/// changes (checked by reading the result back, as every edit is).
pub fn set_tier_full(name: &str, text: &str, format: Format, catalog: &Catalog) -> Result<Edited> {
    let (old, _) = parse_text(name, text, format, catalog, &[])?;
    let mut candidates = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        let key = match format {
            Format::Json => t.starts_with("\"tier\""),
            _ => line.starts_with("tier") && t[4..].trim_start().starts_with([':', '=']),
        };
        if !key || !line.contains("snapshot") {
            continue;
        }
        let mut cand = String::new();
        for (j, l) in lines.iter().enumerate() {
            if i == j {
                cand.push_str(&l.replacen("snapshot", "full", 1));
            } else {
                cand.push_str(l);
            }
        }
        candidates.push(cand);
    }
    for cand in candidates {
        if let Ok((new, _)) = parse_text(name, &cand, format, catalog, &[]) {
            let mut meta = new.meta.clone();
            meta.tier = old.meta.tier;
            if new.meta.tier == crate::answers::Tier::Full
                && meta == old.meta
                && same_answers(&new, &old.answers)
            {
                return Ok(Edited {
                    text: cand,
                    answers: new,
                });
            }
        }
    }
    Err(Error::Usage(format!(
        "{name}: cannot change `tier: snapshot` to `tier: full` without changing other parts of \
         the file; the file was left as it was. Change it by hand"
    )))
}

/// The answer as the parser would give it back: strings trimmed, empty ones dropped.
pub fn normalized(a: &Answer) -> Answer {
    let opt = |s: &Option<String>| {
        s.as_ref()
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
    };
    Answer {
        value: a.value,
        evidence: a
            .evidence
            .iter()
            .map(|e| super::Evidence {
                ref_: e.ref_.trim().to_string(),
                ..e.clone()
            })
            .filter(|e| !e.ref_.is_empty())
            .collect(),
        note: opt(&a.note),
        owner: opt(&a.owner),
        due: opt(&a.due),
        justification: opt(&a.justification),
        pos: a.pos,
    }
}

fn same_answer(a: &Answer, b: &Answer) -> bool {
    a.value == b.value
        && a.evidence == b.evidence
        && a.note == b.note
        && a.owner == b.owner
        && a.due == b.due
        && a.justification == b.justification
}

fn same_answers(new: &Answers, expected: &std::collections::BTreeMap<String, Answer>) -> bool {
    new.answers.len() == expected.len()
        && new
            .answers
            .iter()
            .zip(expected)
            .all(|((k1, a1), (k2, a2))| k1 == k2 && same_answer(a1, a2))
}

/// A key or list item written bare when it is plainly a string, quoted otherwise.
fn bare_or_quoted(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && s.chars().any(|c| c.is_ascii_alphabetic() || c == '-')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { s.to_string() } else { quote(s) }
}

/// The fields of an answer as (key, value) pairs, values already written for YAML (`yes` bare:
/// YAML 1.2 reads it as a string) or TOML (`"yes"` quoted).
fn fields(a: &Answer, toml: bool) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    v.push((
        FIELDS[0],
        match a.value {
            AnswerValue::Maturity(m) => m.to_string(),
            other if toml => quote(&other.as_str()),
            other => other.as_str(),
        },
    ));
    if !a.evidence.is_empty() {
        v.push((FIELDS[1], super::evidence::inline_list(&a.evidence, toml)));
    }
    for (k, x) in [
        (FIELDS[2], &a.note),
        (FIELDS[3], &a.owner),
        (FIELDS[4], &a.due),
        (FIELDS[5], &a.justification),
    ] {
        if let Some(s) = x {
            v.push((k, quote(s)));
        }
    }
    if let Some(w) = current_waiver() {
        let sep = if toml { " = " } else { ": " };
        let inner = [
            ("reason", &w.reason),
            ("approved_by", &w.approved_by),
            ("expires", &w.expires),
        ]
        .iter()
        .map(|(k, x)| format!("{k}{sep}{}", quote(x)))
        .collect::<Vec<_>>()
        .join(", ");
        v.push((
            FIELDS[6],
            if toml {
                format!("{{ {inner} }}")
            } else {
                format!("{{{inner}}}")
            },
        ));
    }
    v
}

/// A file's lines, each with its own line ending, and the ending new lines get.
struct Lines {
    lines: Vec<String>,
    nl: &'static str,
}

impl Lines {
    fn new(text: &str) -> Lines {
        Lines {
            lines: text.split_inclusive('\n').map(str::to_string).collect(),
            nl: if text.contains("\r\n") { "\r\n" } else { "\n" },
        }
    }

    fn body(&self, i: usize) -> &str {
        self.lines[i].trim_end_matches(['\n', '\r'])
    }

    fn indent(&self, i: usize) -> usize {
        let b = self.body(i);
        b.len() - b.trim_start_matches(' ').len()
    }

    fn is_blank(&self, i: usize) -> bool {
        self.body(i).trim().is_empty()
    }

    fn is_comment(&self, i: usize) -> bool {
        self.body(i).trim_start().starts_with('#')
    }

    fn is_content(&self, i: usize) -> bool {
        !self.is_blank(i) && !self.is_comment(i)
    }

    fn len(&self) -> usize {
        self.lines.len()
    }

    /// Makes sure the last line ends with a line ending (before appending after it).
    fn terminate_last(&mut self) {
        let nl = self.nl;
        if let Some(last) = self.lines.last_mut()
            && !last.ends_with('\n')
        {
            last.push_str(nl);
        }
    }

    /// Replaces lines `start..end` with `new` (each a line body without its ending).
    fn splice(&self, start: usize, end: usize, new: &[String]) -> String {
        let mut out = String::new();
        for l in &self.lines[..start] {
            out.push_str(l);
        }
        if start > 0 && !out.ends_with('\n') {
            out.push_str(self.nl);
        }
        for l in new {
            out.push_str(l);
            out.push_str(self.nl);
        }
        for l in &self.lines[end..] {
            out.push_str(l);
        }
        out
    }
}

/// Where each question already stands in a file: a real entry or the template's commented one.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    /// Exclusive.
    end: usize,
    indent: usize,
}

/// Where to put a new entry for `qid`: after the nearest earlier question (in catalog order)
/// that stands in the file, else before the nearest later one.
fn neighbour(
    qid: &str,
    order: &[&str],
    at: &dyn Fn(&str) -> Option<Span>,
) -> Option<(usize, Span)> {
    let me = order.iter().position(|q| *q == qid)?;
    for q in order[..me].iter().rev() {
        if let Some(s) = at(q) {
            return Some((s.end, s));
        }
    }
    for q in &order[me + 1..] {
        if let Some(s) = at(q) {
            return Some((s.start, s));
        }
    }
    None
}

/// Where a line's trailing comment starts: a `#` outside quotes, at the start of the line or
/// after white space (YAML and TOML agree on this much). None when the line has none.
fn comment_start(line: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut esc = false;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some('"') if esc => esc = false,
            Some('"') if c == '\\' => esc = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return Some(i),
            None => {}
        }
        prev = c;
    }
    None
}

/// Whether field `key` has the same written value in `old` (the answer the file held) and `new`.
fn same_field(old: Option<&Answer>, new: &Answer, key: &str, toml: bool) -> bool {
    let Some(old) = old else { return false };
    let find = |a: &Answer| {
        fields(a, toml)
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v)
    };
    find(old).is_some() && find(old) == find(new)
}

/// One field of an entry as it stands in the file: the line that starts it and the lines that
/// continue it (list items, a block scalar), with the comment lines that came before it.
struct OldField {
    key: String,
    before: Vec<String>,
    lines: Vec<String>,
    /// Its continuation lines are a block scalar's text (`note: |`), not YAML that may hold
    /// comments.
    scalar: bool,
}

/// The new lines of an entry that is re-answered, keeping every comment its old lines held.
///
/// `old` are the entry's lines as they stand (key line first), `key_line` and `new_fields` the
/// freshly written key line and one line per field. A field whose value did not change keeps its
/// old lines byte for byte; a changed field is written anew with its old trailing comment, and
/// the comments of its old continuation lines move above it; a removed field leaves its comments
/// behind. `field_of` names the field an old line starts (None for a continuation line);
/// `same(key)` says whether that field's value is unchanged.
fn keep_comments(
    old: &[&str],
    key_line: &str,
    new_fields: &[(&str, String)],
    field_of: &dyn Fn(&str) -> Option<String>,
    same: &dyn Fn(&str) -> bool,
    pad: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut head = key_line.to_string();
    if let Some((first, rest)) = old.split_first() {
        if let Some(c) = comment_start(first) {
            head.push_str(&first[first[..c].trim_end().len()..]);
        }
        // Group the old lines into fields.
        let mut fields: Vec<OldField> = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        for line in rest {
            let t = line.trim_start();
            let in_scalar = fields.last().is_some_and(|f| f.scalar);
            if let Some(key) = field_of(line) {
                let value = t.split_once([':', '=']).map_or("", |(_, v)| v).trim_start();
                fields.push(OldField {
                    key,
                    before: std::mem::take(&mut pending),
                    lines: vec![line.to_string()],
                    scalar: value.starts_with(['|', '>'])
                        || value.starts_with("\"\"\"")
                        || value.starts_with("'''"),
                });
            } else if (t.is_empty() || t.starts_with('#')) && !in_scalar {
                pending.push(line.to_string());
            } else if let Some(f) = fields.last_mut() {
                f.lines.append(&mut pending);
                f.lines.push(line.to_string());
            } else {
                // Content before any field (a flow entry's continuation): keep its comments.
                if let Some(c) = comment_start(line) {
                    pending.push(format!("{pad}{}", &line[c..]));
                }
            }
        }
        out.push(head);
        let mut written: Vec<&str> = Vec::new();
        for f in &fields {
            out.extend(f.before.iter().cloned());
            let new = new_fields.iter().find(|(k, _)| *k == f.key);
            if new.is_some() && same(&f.key) {
                out.extend(f.lines.iter().cloned());
                written.push(new.map_or("", |(k, _)| k));
                continue;
            }
            // The old field's comments, except the one on its first line.
            let mut moved = Vec::new();
            let mut trailing = None;
            for (n, l) in f.lines.iter().enumerate() {
                let c = if n > 0 && f.scalar {
                    None
                } else {
                    comment_start(l)
                };
                match c {
                    Some(c) if n == 0 => trailing = Some(l[l[..c].trim_end().len()..].to_string()),
                    Some(c) => moved.push(format!("{pad}{}", &l[c..])),
                    None => {}
                }
            }
            out.extend(moved);
            match new {
                Some((k, line)) => {
                    written.push(k);
                    out.push(match &trailing {
                        Some(c) => format!("{line}{c}"),
                        None => line.clone(),
                    });
                }
                None => out.extend(trailing.map(|c| format!("{pad}{}", c.trim_start()))),
            }
        }
        for (k, line) in new_fields {
            if !written.contains(k) {
                out.push(line.clone());
            }
        }
        out.extend(pending);
        return out;
    }
    out.push(head);
    out.extend(new_fields.iter().map(|(_, l)| l.clone()));
    out
}

mod yaml;

mod toml_text;

mod json;

#[cfg(test)]
mod tests;
