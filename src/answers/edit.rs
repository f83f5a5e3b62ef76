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
const FIELDS: [&str; 6] = [
    "answer",
    "evidence",
    "note",
    "owner",
    "due",
    "justification",
];

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
    let answer = normalized(answer);
    let mut expected = old.answers.clone();
    expected.insert(qid.to_string(), answer.clone());
    let candidates = match format {
        Format::Yaml => yaml::answer_candidates(text, qid, &answer, &order, &expected),
        Format::Toml => toml_text::answer_candidates(text, qid, &answer, &order),
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
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty())
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

/// A double-quoted string that is valid both in YAML (double-quoted scalar) and in TOML (basic
/// string): quotes, backslashes, control characters and Unicode line separators escaped.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
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
        let items: Vec<String> = a.evidence.iter().map(|e| quote(e)).collect();
        v.push((FIELDS[1], format!("[{}]", items.join(", "))));
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

mod yaml {
    use super::*;
    use std::collections::BTreeMap;

    /// The key of a block-mapping line (`key: rest`), unquoted, and the rest after the colon.
    pub(super) fn key_of(line: &str) -> Option<(String, &str)> {
        let s = line.trim_start();
        if let Some(rest) = s.strip_prefix('"') {
            let mut esc = false;
            for (i, c) in rest.char_indices() {
                if esc {
                    esc = false;
                } else if c == '\\' {
                    esc = true;
                } else if c == '"' {
                    let key: String = serde_json::from_str(&s[..i + 2]).ok()?;
                    let after = rest[i + 1..].trim_start().strip_prefix(':')?;
                    return colon_end(after).then_some((key, after));
                }
            }
            None
        } else if let Some(rest) = s.strip_prefix('\'') {
            let mut key = String::new();
            let mut chars = rest.char_indices().peekable();
            while let Some((i, c)) = chars.next() {
                if c == '\'' {
                    if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                        chars.next();
                        key.push('\'');
                        continue;
                    }
                    let after = rest[i + 1..].trim_start().strip_prefix(':')?;
                    return colon_end(after).then_some((key, after));
                }
                key.push(c);
            }
            None
        } else {
            if s.starts_with(['-', '#', '[', '{', '?', '&', '*', '!', '|', '>', '%', '@']) {
                return None;
            }
            let bytes = s.as_bytes();
            for (i, b) in bytes.iter().enumerate() {
                if *b == b'#' && i > 0 && bytes[i - 1] == b' ' {
                    return None;
                }
                if *b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
                    return Some((s[..i].trim_end().to_string(), &s[i + 1..]));
                }
            }
            None
        }
    }

    fn colon_end(after: &str) -> bool {
        after.is_empty() || after.starts_with([' ', '\t'])
    }

    /// The value after `key:` without a trailing comment, and the comment (with its `#`).
    fn split_comment(rest: &str) -> (&str, &str) {
        let t = rest.trim_start();
        if t.starts_with('#') {
            return ("", t);
        }
        match t.find(" #") {
            Some(i) if !t.starts_with(['"', '\'']) => (t[..i].trim_end(), t[i + 1..].trim()),
            _ => (t.trim_end(), ""),
        }
    }

    /// The top-level line `name:` (column 0), if any.
    fn top_key(l: &Lines, name: &str) -> Option<usize> {
        (0..l.len()).find(|&i| {
            l.indent(i) == 0 && l.is_content(i) && key_of(l.body(i)).is_some_and(|(k, _)| k == name)
        })
    }

    /// The end (exclusive) of the value of the top-level key on line `at`.
    fn region_end(l: &Lines, at: usize) -> usize {
        (at + 1..l.len())
            .find(|&i| l.is_content(i) && l.indent(i) == 0 && !l.body(i).starts_with("- "))
            .unwrap_or(l.len())
    }

    /// The last content line before `end`, starting from `start`, plus one.
    fn content_end(l: &Lines, start: usize, end: usize) -> usize {
        (start..end)
            .rev()
            .find(|&i| l.is_content(i))
            .map_or(start, |i| i + 1)
    }

    fn entry_lines(qid: &str, a: &Answer, indent: usize, step: usize) -> Vec<String> {
        let pad = " ".repeat(indent);
        let inner = " ".repeat(indent + step);
        let mut out = vec![format!("{pad}{}:", bare_or_quoted(qid))];
        for (k, v) in fields(a, false) {
            out.push(format!("{inner}{k}: {v}"));
        }
        out
    }

    /// The template's commented entry `# <qid>:` followed by `#   answer: …` lines.
    fn commented_entries(l: &Lines, start: usize, end: usize) -> BTreeMap<String, Span> {
        let mut out = BTreeMap::new();
        let mut i = start;
        while i < end {
            let b = l.body(i);
            let t = b.trim_start();
            let Some(after) = t.strip_prefix('#') else {
                i += 1;
                continue;
            };
            let key_gap = after.len() - after.trim_start().len();
            let Some(qid) = after.trim().strip_suffix(':') else {
                i += 1;
                continue;
            };
            if qid.is_empty() || qid.contains([' ', ':']) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < end {
                let t2 = l.body(j).trim_start();
                let Some(a2) = t2.strip_prefix('#') else {
                    break;
                };
                let gap = a2.len() - a2.trim_start().len();
                let field = a2.trim_start();
                if gap > key_gap && FIELDS.iter().any(|f| field.starts_with(&format!("{f}:"))) {
                    j += 1;
                } else {
                    break;
                }
            }
            if j > i + 1 {
                out.insert(
                    qid.to_string(),
                    Span {
                        start: i,
                        end: j,
                        indent: b.len() - t.len(),
                    },
                );
                i = j;
            } else {
                i += 1;
            }
        }
        out
    }

    pub(super) fn answer_candidates(
        text: &str,
        qid: &str,
        a: &Answer,
        order: &[&str],
        all: &BTreeMap<String, Answer>,
    ) -> Vec<String> {
        let mut l = Lines::new(text);
        let Some(at) = top_key(&l, "answers") else {
            // No `answers:` yet: add it at the end.
            l.terminate_last();
            let mut new = vec!["answers:".to_string()];
            new.extend(entry_lines(qid, a, 2, 2));
            let n = l.len();
            return vec![l.splice(n, n, &new)];
        };
        let (_, rest) = key_of(l.body(at)).unwrap_or_default();
        let (value, comment) = split_comment(rest);
        let key_line = if comment.is_empty() {
            "answers:".to_string()
        } else {
            format!("answers: {comment}")
        };
        let end = region_end(&l, at);
        match value {
            "" | "null" | "Null" | "NULL" | "~" | "{}" => {}
            v if v.starts_with('{') => return flow_fallback(&l, at, &key_line, order, all),
            _ => return Vec::new(),
        }
        let rewrite_key = !value.is_empty();

        // Real entries: content lines at the entries' indentation.
        let first = (at + 1..end).find(|&i| l.is_content(i));
        let ei = first.map(|i| l.indent(i));
        let mut real: BTreeMap<String, Span> = BTreeMap::new();
        let mut step = 2;
        if let Some(ei) = ei {
            let keys: Vec<usize> = (at + 1..end)
                .filter(|&i| l.is_content(i) && l.indent(i) == ei)
                .collect();
            for (n, &k) in keys.iter().enumerate() {
                let next = keys.get(n + 1).copied().unwrap_or(end);
                let stop = content_end(&l, k + 1, next).max(k + 1);
                if let Some((name, _)) = key_of(l.body(k)) {
                    if n == 0
                        && let Some(f) = (k + 1..stop).find(|&i| l.is_content(i))
                    {
                        step = l.indent(f).saturating_sub(ei).max(1);
                    }
                    real.insert(
                        name,
                        Span {
                            start: k,
                            end: stop,
                            indent: ei,
                        },
                    );
                }
            }
        }
        let commented = commented_entries(&l, at + 1, end);
        let at_of = |q: &str| real.get(q).or_else(|| commented.get(q)).copied();
        let indent_for = |s: Option<Span>| match (ei, s) {
            (Some(e), _) => e,
            (None, Some(s)) if s.indent > 0 => s.indent,
            _ => 2,
        };

        let (start, stop, indent) = if let Some(s) = real.get(qid) {
            (s.start, s.end, s.indent)
        } else if let Some(s) = commented.get(qid) {
            (s.start, s.end, indent_for(Some(*s)))
        } else if let Some((pos, s)) = neighbour(qid, order, &at_of) {
            (pos, pos, indent_for(Some(s)))
        } else {
            let pos = content_end(&l, at + 1, end).max(at + 1);
            (pos, pos, indent_for(None))
        };
        let new = entry_lines(qid, a, indent, step);
        let mut out = l.splice(start, stop, &new);
        if rewrite_key {
            let mut l2 = Lines::new(&out);
            let nl = l2.nl;
            l2.lines[at] = format!("{key_line}{nl}");
            out = l2.lines.concat();
        }
        vec![out]
    }

    /// `answers: {…}` in flow style: rewrite that value (only) in block style.
    fn flow_fallback(
        l: &Lines,
        at: usize,
        key_line: &str,
        order: &[&str],
        all: &BTreeMap<String, Answer>,
    ) -> Vec<String> {
        // Find the closing brace of the flow mapping, outside quotes.
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        let mut esc = false;
        let mut close_line = None;
        let mut tail_comment = "";
        let first = l.body(at);
        let start_col = first.find('{').unwrap_or(0);
        'lines: for i in at..l.len() {
            let b = l.body(i);
            let from = if i == at { start_col } else { 0 };
            for (ci, c) in b[from..].char_indices() {
                match quote {
                    Some('"') if esc => esc = false,
                    Some('"') if c == '\\' => esc = true,
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None => match c {
                        '"' | '\'' => quote = Some(c),
                        '#' if ci == 0 || b[..from + ci].ends_with(' ') => continue 'lines,
                        '{' | '[' => depth += 1,
                        '}' | ']' => {
                            depth -= 1;
                            if depth == 0 {
                                let tail = b[from + ci + 1..].trim();
                                if !(tail.is_empty() || tail.starts_with('#')) {
                                    return Vec::new();
                                }
                                close_line = Some(i);
                                tail_comment = tail;
                                break 'lines;
                            }
                        }
                        _ => {}
                    },
                }
            }
        }
        let Some(close) = close_line else {
            return Vec::new();
        };
        let key_line = if tail_comment.is_empty() {
            key_line.to_string()
        } else {
            format!("answers: {tail_comment}")
        };
        let mut new = vec![key_line];
        for q in order {
            if let Some(a) = all.get(*q) {
                new.extend(entry_lines(q, a, 2, 2));
            }
        }
        vec![l.splice(at, close + 1, &new)]
    }

    pub(super) fn profile_candidates(text: &str, profiles: &[String]) -> Vec<String> {
        let mut l = Lines::new(text);
        let items: Vec<String> = profiles.iter().map(|p| bare_or_quoted(p)).collect();
        let line = format!("profiles: [{}]", items.join(", "));
        let answers_at = top_key(&l, "answers");
        if let Some(at) = top_key(&l, "profiles") {
            let (_, rest) = key_of(l.body(at)).unwrap_or_default();
            let (value, comment) = split_comment(rest);
            let line = if comment.is_empty() {
                line
            } else {
                format!("{line} {comment}")
            };
            let end = if value.is_empty() {
                content_end(&l, at + 1, region_end(&l, at)).max(at + 1)
            } else if value.starts_with('[') && value.ends_with(']')
                || matches!(value, "null" | "~" | "[]")
            {
                at + 1
            } else {
                return Vec::new();
            };
            return vec![l.splice(at, end, &[line])];
        }
        // The template's commented `# profiles: …` line, before `answers:`.
        let limit = answers_at.unwrap_or(l.len());
        if let Some(c) = (0..limit).find(|&i| {
            l.indent(i) == 0
                && l.body(i)
                    .strip_prefix('#')
                    .is_some_and(|t| t.trim_start().starts_with("profiles:"))
        }) {
            return vec![l.splice(c, c + 1, &[line])];
        }
        match answers_at {
            Some(at) => vec![l.splice(at, at, &[line])],
            None => {
                l.terminate_last();
                let n = l.len();
                vec![l.splice(n, n, &[line])]
            }
        }
    }
}

mod toml_text {
    use super::*;
    use std::collections::BTreeMap;

    /// The parts of a dotted TOML key (`answers."4.3-1"` → [answers, 4.3-1]), or None.
    pub(super) fn key_parts(s: &str) -> Option<Vec<String>> {
        let mut parts = Vec::new();
        let mut rest = s.trim();
        loop {
            rest = rest.trim_start();
            if let Some(r) = rest.strip_prefix('"') {
                let mut esc = false;
                let mut close = None;
                for (i, c) in r.char_indices() {
                    if esc {
                        esc = false;
                    } else if c == '\\' {
                        esc = true;
                    } else if c == '"' {
                        close = Some(i);
                        break;
                    }
                }
                let i = close?;
                parts.push(serde_json::from_str::<String>(&rest[..i + 2]).ok()?);
                rest = &r[i + 1..];
            } else if let Some(r) = rest.strip_prefix('\'') {
                let i = r.find('\'')?;
                parts.push(r[..i].to_string());
                rest = &r[i + 1..];
            } else {
                let n = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                    .unwrap_or(rest.len());
                if n == 0 {
                    return None;
                }
                parts.push(rest[..n].to_string());
                rest = &rest[n..];
            }
            rest = rest.trim_start();
            match rest.strip_prefix('.') {
                Some(r) => rest = r,
                None => return rest.is_empty().then_some(parts),
            }
        }
    }

    /// The key of a table header line `[a."b"]` (not `[[…]]`), ignoring a trailing comment.
    fn header(body: &str) -> Option<Vec<String>> {
        let t = body.trim();
        let inner = t.strip_prefix('[')?;
        if inner.starts_with('[') {
            return None;
        }
        let close = inner.rfind(']')?;
        let tail = inner[close + 1..].trim();
        if !(tail.is_empty() || tail.starts_with('#')) {
            return None;
        }
        key_parts(&inner[..close])
    }

    fn is_header(l: &Lines, i: usize) -> bool {
        l.is_content(i) && l.body(i).trim_start().starts_with('[')
    }

    fn table_lines(qid: &str, a: &Answer, pad: &str) -> Vec<String> {
        let mut out = vec![format!("{pad}[answers.{}]", quote(qid))];
        for (k, v) in fields(a, true) {
            out.push(format!("{pad}{k} = {v}"));
        }
        out
    }

    fn inline_line(qid: &str, a: &Answer, pad: &str) -> String {
        let f: Vec<String> = fields(a, true)
            .into_iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        format!("{pad}{} = {{ {} }}", quote(qid), f.join(", "))
    }

    pub(super) fn answer_candidates(
        text: &str,
        qid: &str,
        a: &Answer,
        order: &[&str],
    ) -> Vec<String> {
        let mut l = Lines::new(text);
        let headers: Vec<usize> = (0..l.len()).filter(|&i| is_header(&l, i)).collect();
        let mut real: BTreeMap<String, Span> = BTreeMap::new();
        let mut inline: BTreeMap<String, Span> = BTreeMap::new();
        for (n, &h) in headers.iter().enumerate() {
            let next = headers.get(n + 1).copied().unwrap_or(l.len());
            let Some(parts) = header(l.body(h)) else {
                continue;
            };
            let end = (h + 1..next)
                .rev()
                .find(|&i| l.is_content(i))
                .map_or(h + 1, |i| i + 1);
            if parts.len() == 2 && parts[0] == "answers" {
                real.insert(
                    parts[1].clone(),
                    Span {
                        start: h,
                        end,
                        indent: l.indent(h),
                    },
                );
            } else if parts.len() == 1 && parts[0] == "answers" {
                // `"4.3-1" = { … }` entries on one line each.
                for i in h + 1..next {
                    if !l.is_content(i) {
                        continue;
                    }
                    let b = l.body(i);
                    let Some(eq) = key_end(b) else { continue };
                    if let Some(p) = key_parts(&b[..eq])
                        && p.len() == 1
                        && b[eq + 1..].trim_start().starts_with('{')
                    {
                        inline.insert(
                            p[0].clone(),
                            Span {
                                start: i,
                                end: i + 1,
                                indent: l.indent(i),
                            },
                        );
                    }
                }
            }
        }
        let commented = commented_tables(&l);
        let at_of = |q: &str| {
            real.get(q)
                .or_else(|| inline.get(q))
                .or_else(|| commented.get(q))
                .copied()
        };
        let pad = |n: usize| " ".repeat(n);
        let mut out = Vec::new();
        if let Some(s) = real.get(qid) {
            out.push(l.splice(s.start, s.end, &table_lines(qid, a, &pad(s.indent))));
            return out;
        }
        if let Some(s) = inline.get(qid) {
            out.push(l.splice(s.start, s.end, &[inline_line(qid, a, &pad(s.indent))]));
            return out;
        }
        if let Some(s) = commented.get(qid) {
            out.push(l.splice(s.start, s.end, &table_lines(qid, a, &pad(s.indent))));
        } else if let Some((pos, s)) = neighbour(qid, order, &at_of) {
            // After a neighbour that is a table, or before one: a table header there is safe.
            out.push(l.splice(pos, pos, &table_lines(qid, a, &pad(s.indent))));
        }
        // Always possible unless `answers` is an inline table: a new table at the end.
        l.terminate_last();
        let n = l.len();
        let mut new = Vec::new();
        if n > 0 && !l.is_blank(n - 1) {
            new.push(String::new());
        }
        new.extend(table_lines(qid, a, ""));
        out.push(l.splice(n, n, &new));
        out
    }

    /// The byte index of the `=` after a key on a key/value line.
    fn key_end(b: &str) -> Option<usize> {
        let mut quote: Option<char> = None;
        for (i, c) in b.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '=') => return Some(i),
                _ => {}
            }
        }
        None
    }

    /// The template's commented tables `# [answers."<qid>"]` and their `# answer = …` lines.
    fn commented_tables(l: &Lines) -> BTreeMap<String, Span> {
        let mut out = BTreeMap::new();
        let mut i = 0;
        while i < l.len() {
            let b = l.body(i);
            let t = b.trim_start();
            let parts = t.strip_prefix('#').and_then(header);
            let Some(parts) = parts.filter(|p| p.len() == 2 && p[0] == "answers") else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < l.len() {
                let field = l
                    .body(j)
                    .trim_start()
                    .strip_prefix('#')
                    .map(str::trim_start);
                match field {
                    Some(f)
                        if FIELDS.iter().any(|k| {
                            f.strip_prefix(k)
                                .is_some_and(|r| r.trim_start().starts_with('='))
                        }) =>
                    {
                        j += 1
                    }
                    _ => break,
                }
            }
            out.insert(
                parts[1].clone(),
                Span {
                    start: i,
                    end: j,
                    indent: b.len() - t.len(),
                },
            );
            i = j;
        }
        out
    }

    pub(super) fn profile_candidates(text: &str, profiles: &[String]) -> Vec<String> {
        let mut l = Lines::new(text);
        let items: Vec<String> = profiles.iter().map(|p| quote(p)).collect();
        let line = format!("profiles = [{}]", items.join(", "));
        let first_header = (0..l.len()).find(|&i| is_header(&l, i));
        let limit = first_header.unwrap_or(l.len());
        let is_key = |b: &str| {
            b.strip_prefix("profiles")
                .is_some_and(|r| r.trim_start().starts_with('='))
        };
        if let Some(at) = (0..limit).find(|&i| l.is_content(i) && is_key(l.body(i).trim_start())) {
            let b = l.body(at);
            if !b.contains(']') {
                return Vec::new();
            }
            return vec![l.splice(at, at + 1, &[line])];
        }
        if let Some(c) = (0..limit).find(|&i| {
            l.body(i)
                .trim_start()
                .strip_prefix('#')
                .is_some_and(|t| is_key(t.trim_start()))
        }) {
            return vec![l.splice(c, c + 1, &[line])];
        }
        match first_header {
            Some(h) => {
                // Before the first table, after the last top-level content line.
                let pos = (0..h).rev().find(|&i| l.is_content(i)).map_or(0, |i| i + 1);
                vec![l.splice(pos, pos, &[line])]
            }
            None => {
                l.terminate_last();
                let n = l.len();
                vec![l.splice(n, n, &[line])]
            }
        }
    }
}

mod json {
    use super::*;
    use serde_json::{Map, Value};

    fn entry(a: &Answer) -> Value {
        let mut m = Map::new();
        m.insert(
            "answer".into(),
            match a.value {
                AnswerValue::Maturity(x) => Value::from(x),
                other => Value::from(other.as_str()),
            },
        );
        if !a.evidence.is_empty() {
            m.insert("evidence".into(), Value::from(a.evidence.clone()));
        }
        for (k, x) in [
            ("note", &a.note),
            ("owner", &a.owner),
            ("due", &a.due),
            ("justification", &a.justification),
        ] {
            if let Some(s) = x {
                m.insert(k.into(), Value::from(s.as_str()));
            }
        }
        Value::Object(m)
    }

    /// The indentation of the file (the first indented line's), two spaces by default.
    fn write(text: &str, v: &Value) -> Option<String> {
        let indent = text
            .lines()
            .skip(1)
            .find(|l| l.starts_with([' ', '\t']))
            .map(|l| &l[..l.len() - l.trim_start().len()])
            .filter(|s| !s.is_empty())
            .unwrap_or("  ");
        let mut buf = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
        let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
        serde::Serialize::serialize(v, &mut ser).ok()?;
        let mut s = String::from_utf8(buf).ok()?;
        let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
        if nl == "\r\n" {
            s = s.replace('\n', "\r\n");
        }
        if text.ends_with('\n') {
            s.push_str(nl);
        }
        Some(s)
    }

    pub(super) fn answer_candidates(
        text: &str,
        qid: &str,
        a: &Answer,
        order: &[&str],
    ) -> Vec<String> {
        let Ok(Value::Object(mut top)) = serde_json::from_str::<Value>(text) else {
            return Vec::new();
        };
        let e = entry(a);
        match top.get_mut("answers") {
            Some(Value::Object(m)) => {
                if m.contains_key(qid) {
                    m.insert(qid.to_string(), e);
                } else {
                    let me = order.iter().position(|q| *q == qid).unwrap_or(usize::MAX);
                    let at = m
                        .keys()
                        .rposition(|k| order.iter().position(|q| q == k).is_some_and(|p| p < me))
                        .map_or(0, |i| i + 1);
                    m.shift_insert(at, qid.to_string(), e);
                }
            }
            Some(v @ Value::Null) => {
                let mut m = Map::new();
                m.insert(qid.to_string(), e);
                *v = Value::Object(m);
            }
            Some(_) => return Vec::new(),
            None => {
                let mut m = Map::new();
                m.insert(qid.to_string(), e);
                top.insert("answers".into(), Value::Object(m));
            }
        }
        write(text, &Value::Object(top)).into_iter().collect()
    }

    pub(super) fn profile_candidates(text: &str, profiles: &[String]) -> Vec<String> {
        let Ok(Value::Object(mut top)) = serde_json::from_str::<Value>(text) else {
            return Vec::new();
        };
        let v = Value::from(profiles.to_vec());
        if top.contains_key("profiles") {
            top.insert("profiles".into(), v);
        } else {
            let at = top.keys().position(|k| k == "answers").unwrap_or(top.len());
            top.shift_insert(at, "profiles".into(), v);
        }
        write(text, &Value::Object(top)).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::template::{self, TemplateFormat};
    use crate::error::Pos;

    /// The bundled catalog, loaded once for all tests (loading is the slow part in debug).
    fn catalog() -> &'static Catalog {
        static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        C.get_or_init(|| crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}")))
    }

    fn ans(value: AnswerValue) -> Answer {
        Answer {
            value,
            evidence: Vec::new(),
            note: None,
            owner: None,
            due: None,
            justification: None,
            pos: Pos::default(),
        }
    }

    fn full() -> Answer {
        Answer {
            evidence: vec!["policies/scope.pdf".into(), "https://wiki/x#y".into()],
            note: Some("Board said \"ok\" # not a comment: really\\".into()),
            owner: Some("CISO".into()),
            due: Some("2027-01-31".into()),
            ..ans(AnswerValue::Yes)
        }
    }

    fn set(text: &str, format: Format, qid: &str, a: &Answer) -> Edited {
        set_answer("t", text, format, catalog(), qid, a).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn parsed(text: &str, format: Format) -> Answers {
        parse_text("t", text, format, catalog(), &[])
            .unwrap_or_else(|e| panic!("{e}\n{text}"))
            .0
    }

    /// The lines removed from `old` by a single splice that gives `new` (common prefix and
    /// suffix of lines kept).
    fn removed(old: &str, new: &str) -> Vec<String> {
        let o: Vec<&str> = old.lines().collect();
        let n: Vec<&str> = new.lines().collect();
        let pre = o.iter().zip(&n).take_while(|(a, b)| a == b).count();
        let suf = o[pre..]
            .iter()
            .rev()
            .zip(n[pre..].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        o[pre..o.len() - suf]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn yaml_template_commented_entry_is_replaced_in_place() {
        let t = template::render(catalog(), TemplateFormat::Yaml, "Acme");
        let e = set(&t, Format::Yaml, "4.3-1", &full());
        let a = &e.answers.answers["4.3-1"];
        assert_eq!(a.evidence, full().evidence);
        assert_eq!(a.note, full().note);
        // The commented entry is gone, every other line (comments included) is kept.
        assert!(!e.text.contains("  # 4.3-1:\n"), "{}", e.text);
        assert!(e.text.contains("  # 4.3-1 (weight"));
        let missing = removed(&t, &e.text);
        assert_eq!(
            missing,
            vec!["  # 4.3-1:", "  #   answer: no", "  #   evidence: []"]
        );
        // The entry stands where the commented one stood: after 4.2, before 4.3-2.
        let i = e
            .text
            .find("  4.3-1:\n    answer: yes")
            .unwrap_or(usize::MAX);
        let j = e.text.find("# 4.3-2:").unwrap_or(0);
        assert!(i < j, "{}", e.text);
    }

    #[test]
    fn yaml_answers_replace_and_keep_catalog_order() {
        let t = template::render(catalog(), TemplateFormat::Yaml, "Acme");
        let e1 = set(&t, Format::Yaml, "5.2-1", &ans(AnswerValue::No));
        let e2 = set(
            &e1.text,
            Format::Yaml,
            "4.1-1",
            &ans(AnswerValue::Maturity(3)),
        );
        let e3 = set(&e2.text, Format::Yaml, "5.2-1", &full());
        let a = parsed(&e3.text, Format::Yaml);
        assert_eq!(a.answers.len(), 2);
        assert_eq!(a.answers["4.1-1"].value, AnswerValue::Maturity(3));
        assert_eq!(a.answers["5.2-1"].value, AnswerValue::Yes);
        assert_eq!(a.answers["5.2-1"].owner.as_deref(), Some("CISO"));
        assert_eq!(e3.text.matches("\n  5.2-1:\n").count(), 1, "{}", e3.text);
        assert!(e3.text.find("  4.1-1:") < e3.text.find("  5.2-1:"));
        assert!(e3.text.contains("    answer: 3\n"));
    }

    #[test]
    fn yaml_without_answers_key_gets_one() {
        let t = "# head\naimscore: 1\norganization: Acme # trailing\n";
        let e = set(t, Format::Yaml, "4.3-1", &ans(AnswerValue::Partial));
        assert_eq!(
            e.text,
            "# head\naimscore: 1\norganization: Acme # trailing\nanswers:\n  4.3-1:\n    answer: partial\n"
        );
        let no_newline = "aimscore: 1\norganization: Acme";
        let e = set(no_newline, Format::Yaml, "4.3-1", &ans(AnswerValue::No));
        assert!(
            e.text
                .starts_with("aimscore: 1\norganization: Acme\nanswers:\n")
        );
    }

    #[test]
    fn yaml_null_and_empty_flow_answers_become_block() {
        for v in [
            "answers:",
            "answers: null",
            "answers: ~",
            "answers: {}",
            "answers: {} # c",
        ] {
            let t = format!("aimscore: 1\norganization: Acme\n{v}\n# after\n");
            let e = set(&t, Format::Yaml, "A.2.2-1", &ans(AnswerValue::Yes));
            assert!(
                e.text.contains("  A.2.2-1:\n    answer: yes\n"),
                "{}",
                e.text
            );
            assert!(e.text.ends_with("# after\n") || e.text.contains("# after"));
        }
    }

    #[test]
    fn yaml_flow_answers_are_rewritten_in_block_style() {
        let t = "aimscore: 1\norganization: Acme\nanswers: {\"4.1-1\": {answer: yes,\n  evidence: [a]}}  # flow\ndate: 2026-01-01\n";
        let e = set(t, Format::Yaml, "4.2-1", &ans(AnswerValue::No));
        let a = parsed(&e.text, Format::Yaml);
        assert_eq!(a.answers.len(), 2);
        assert_eq!(a.answers["4.1-1"].evidence, vec!["a"]);
        assert_eq!(a.meta.date.as_deref(), Some("2026-01-01"));
        assert!(e.text.contains("answers: # flow\n  4.1-1:\n"), "{}", e.text);
    }

    #[test]
    fn yaml_existing_entries_with_comments_and_other_indent() {
        let t = "aimscore: 1\norganization: Acme\nanswers:\n    # first\n    4.1-1:   # keep me?\n        answer: no\n        # inner\n        note: |\n          multi\n          line\n\n    # between\n    A.2.2-1: {answer: yes, evidence: x}\nscope: S # end\n";
        let e = set(t, Format::Yaml, "4.1-1", &ans(AnswerValue::Yes));
        assert!(
            e.text
                .contains("    # first\n    4.1-1:\n        answer: yes\n\n    # between\n"),
            "{}",
            e.text
        );
        let e = set(&e.text, Format::Yaml, "4.2-1", &ans(AnswerValue::Partial));
        assert!(
            e.text
                .contains("        answer: yes\n    4.2-1:\n        answer: partial\n"),
            "{}",
            e.text
        );
        let e = set(&e.text, Format::Yaml, "A.2.2-1", &full());
        let a = parsed(&e.text, Format::Yaml);
        assert_eq!(a.answers.len(), 3);
        assert_eq!(a.meta.scope.as_deref(), Some("S"));
        assert!(e.text.ends_with("scope: S # end\n"));
    }

    #[test]
    fn yaml_crlf_files_stay_crlf() {
        let t = "aimscore: 1\r\norganization: Acme\r\nanswers:\r\n  4.1-1:\r\n    answer: no\r\n";
        let e = set(t, Format::Yaml, "4.2-1", &ans(AnswerValue::Yes));
        assert!(!e.text.replace("\r\n", "").contains('\n'), "{:?}", e.text);
        assert_eq!(parsed(&e.text, Format::Yaml).answers.len(), 2);
    }

    #[test]
    fn strings_are_escaped_for_yaml_and_toml() {
        let nasty = "a\"b\\c\nd\te\u{7}f\u{85}g\u{2028}h: #i 'j' ü 🙂";
        let a = Answer {
            evidence: vec![nasty.into(), "- [x]".into()],
            note: Some(nasty.into()),
            owner: Some("{o}".into()),
            ..ans(AnswerValue::No)
        };
        for (fmt, tf) in [
            (Format::Yaml, TemplateFormat::Yaml),
            (Format::Toml, TemplateFormat::Toml),
        ] {
            let t = template::render(catalog(), tf, "Acme");
            let e = set(&t, fmt, "A.6.2.8-1", &a);
            let got = &e.answers.answers["A.6.2.8-1"];
            assert_eq!(got.note.as_deref(), Some(nasty.trim()));
            assert_eq!(got.evidence[1], "- [x]");
            assert_eq!(got.owner.as_deref(), Some("{o}"));
        }
    }

    #[test]
    fn toml_template_commented_table_is_replaced_in_place() {
        let t = template::render(catalog(), TemplateFormat::Toml, "Acme");
        let e = set(&t, Format::Toml, "4.3-1", &full());
        assert!(
            e.text
                .contains("  [answers.\"4.3-1\"]\n  answer = \"yes\"\n  evidence = ["),
            "{}",
            e.text
        );
        let missing = removed(&t, &e.text);
        assert_eq!(
            missing,
            vec![
                "  # [answers.\"4.3-1\"]",
                "  # answer = \"no\"",
                "  # evidence = []"
            ]
        );
        let e2 = set(
            &e.text,
            Format::Toml,
            "4.3-1",
            &ans(AnswerValue::Maturity(4)),
        );
        let e3 = set(&e2.text, Format::Toml, "4.1-1", &ans(AnswerValue::No));
        let a = parsed(&e3.text, Format::Toml);
        assert_eq!(a.answers.len(), 2);
        assert_eq!(a.answers["4.3-1"].value, AnswerValue::Maturity(4));
        assert_eq!(a.answers["4.3-1"].evidence, Vec::<String>::new());
        assert_eq!(e3.text.matches("[answers.\"4.3-1\"]").count(), 1);
        assert!(e3.text.contains("  answer = 4\n"));
    }

    #[test]
    fn toml_plain_files_inline_entries_and_new_tables() {
        let t = "aimscore = 1\norganization = \"Acme\"\n\n[answers]\n\"4.1-1\" = { answer = \"no\" } # inline\n\n[answers.\"A.2.2-1\"]\nanswer = \"yes\"\n# trailing comment\n";
        let e = set(t, Format::Toml, "4.1-1", &ans(AnswerValue::Partial));
        assert!(
            e.text.contains("\"4.1-1\" = { answer = \"partial\" }\n"),
            "{}",
            e.text
        );
        let e = set(&e.text, Format::Toml, "A.2.2-1", &full());
        assert!(e.text.ends_with("# trailing comment\n"), "{}", e.text);
        let e = set(&e.text, Format::Toml, "5.2-1", &ans(AnswerValue::Yes));
        let a = parsed(&e.text, Format::Toml);
        assert_eq!(a.answers.len(), 3);
        assert_eq!(a.answers["A.2.2-1"].due.as_deref(), Some("2027-01-31"));
        let bare = "aimscore = 1\norganization = \"Acme\"";
        let e = set(bare, Format::Toml, "4.1-1", &ans(AnswerValue::Yes));
        assert_eq!(
            e.text,
            "aimscore = 1\norganization = \"Acme\"\n\n[answers.\"4.1-1\"]\nanswer = \"yes\"\n"
        );
    }

    #[test]
    fn json_keeps_key_order_and_indent() {
        let t = "{\n    \"aimscore\": 1,\n    \"organization\": \"Acme\",\n    \"answers\": {\n        \"5.2-1\": {\"answer\": \"no\"}\n    },\n    \"scope\": \"S\"\n}\n";
        let e = set(t, Format::Json, "4.1-1", &full());
        let e = set(
            &e.text,
            Format::Json,
            "A.2.2-1",
            &ans(AnswerValue::Maturity(2)),
        );
        let e = set(&e.text, Format::Json, "5.2-1", &ans(AnswerValue::Yes));
        let keys: Vec<&str> = e.answers.answers.keys().map(String::as_str).collect();
        assert_eq!(keys, ["4.1-1", "5.2-1", "A.2.2-1"]);
        let i41 = e.text.find("\"4.1-1\"").unwrap_or(usize::MAX);
        let i52 = e.text.find("\"5.2-1\"").unwrap_or(0);
        assert!(i41 < i52, "{}", e.text);
        assert!(e.text.find("\"answers\"") < e.text.find("\"scope\""));
        assert!(
            e.text
                .contains("\n        \"4.1-1\": {\n            \"answer\": \"yes\""),
            "{}",
            e.text
        );
        assert!(e.text.contains("\"answer\": 2"));
        assert!(e.text.ends_with("}\n"));
        let e = set(
            "{\"aimscore\": 1, \"organization\": \"A\", \"answers\": null}",
            Format::Json,
            "4.1-1",
            &ans(AnswerValue::No),
        );
        assert_eq!(e.answers.answers.len(), 1);
    }

    #[test]
    fn clause_na_and_invalid_results_are_refused_and_text_unchanged() {
        let t = "aimscore: 1\norganization: Acme\nanswers:\n";
        let na = Answer {
            justification: Some("n/a".into()),
            ..ans(AnswerValue::Na)
        };
        let err = set_answer("t", t, Format::Yaml, catalog(), "4.3-1", &na);
        assert!(err.is_err());
        let err = set_answer(
            "t",
            t,
            Format::Yaml,
            catalog(),
            "A.2.2-1",
            &ans(AnswerValue::Na),
        );
        assert!(err.is_err(), "na without justification must not be written");
        let ok = set_answer("t", t, Format::Yaml, catalog(), "A.2.2-1", &na);
        assert!(ok.is_ok());
        let unknown = set_answer("t", t, Format::Yaml, catalog(), "9.9-9", &na);
        assert!(unknown.is_err());
    }

    #[test]
    fn profiles_are_added_in_each_format() {
        let c = catalog();
        let p = vec!["agentic".to_string()];
        for (fmt, tf) in [
            (Format::Yaml, TemplateFormat::Yaml),
            (Format::Toml, TemplateFormat::Toml),
        ] {
            let t = template::render(c, tf, "Acme");
            let e = set_profiles("t", &t, fmt, c, &p).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(e.answers.meta.profiles, p);
            assert_eq!(removed(&t, &e.text).len(), 1, "{:?}", removed(&t, &e.text));
            // And a profile question can then be answered.
            let qid = c.profiles[0].questions[0].1.id.clone();
            let e2 = set_answer("t", &e.text, fmt, c, &qid, &ans(AnswerValue::Yes))
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(e2.answers.answers.len(), 1);
        }
        let j = "{\"aimscore\": 1, \"organization\": \"A\", \"answers\": {}}";
        let e = set_profiles("t", j, Format::Json, c, &p).unwrap_or_else(|e| panic!("{e}"));
        assert!(e.text.find("profiles") < e.text.find("answers"));
        let y = "aimscore: 1\norganization: A\nprofiles: [] # none yet\n";
        let e = set_profiles("t", y, Format::Yaml, c, &p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            e.text,
            "aimscore: 1\norganization: A\nprofiles: [agentic] # none yet\n"
        );
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        const YAML: &str = "# head comment\naimscore: 1  # version\norganization: \"Acme\"\n\n# before answers\nanswers:\n  # first block\n  4.1-2:\n    answer: no # inline\n    note: |\n      two\n      lines\n\n  # between\n  A.5.2-1: {answer: 2}\n# after answers\nscope: S\n";
        const TOML: &str = "# head\naimscore = 1\norganization = \"Acme\"\n\n[answers.\"4.1-2\"]\nanswer = \"no\" # inline\n# between\n\n[answers.\"A.5.2-1\"]\nanswer = 2\n# tail\n";
        const JSON: &str = "{\n  \"aimscore\": 1,\n  \"organization\": \"Acme\",\n  \"answers\": {\"4.1-2\": {\"answer\": \"no\"}}\n}\n";

        fn value() -> impl Strategy<Value = AnswerValue> {
            prop_oneof![
                Just(AnswerValue::Yes),
                Just(AnswerValue::Partial),
                Just(AnswerValue::No),
                (0u8..=5).prop_map(AnswerValue::Maturity),
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            // Printable text with the characters that need quoting or escaping.
            proptest::string::string_regex("[ -~äü🙂\\t\u{85}\u{2028}#:\"'{}\\[\\],-]{0,12}")
                .unwrap_or_else(|e| panic!("{e}"))
        }

        fn op() -> impl Strategy<Value = (usize, Answer)> {
            (
                0usize..6,
                value(),
                proptest::collection::vec(text(), 0..3),
                proptest::option::of(text()),
            )
                .prop_map(|(q, v, ev, note)| {
                    (
                        q,
                        Answer {
                            evidence: ev,
                            note,
                            ..ans(v)
                        },
                    )
                })
        }

        const QIDS: [&str; 6] = ["4.1-1", "4.1-2", "4.3-1", "A.5.2-1", "A.10.4-1", "10.2-1"];

        proptest! {
            #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

            #[test]
            fn any_sequence_of_answers_parses_back_and_keeps_the_other_lines(
                ops in proptest::collection::vec(op(), 1..5),
                fmt in 0usize..3,
            ) {
                let c = catalog();
                let (format, base) = [(Format::Yaml, YAML), (Format::Toml, TOML), (Format::Json, JSON)][fmt];
                let mut expected = parsed(base, format).answers;
                let mut text = base.to_string();
                for (q, a) in &ops {
                    let e = set_answer("t", &text, format, c, QIDS[*q], a)
                        .unwrap_or_else(|e| panic!("{e}\n{text}"));
                    expected.insert(QIDS[*q].to_string(), normalized(a));
                    text = e.text;
                }
                let got = parsed(&text, format);
                prop_assert!(same_answers(&got, &expected), "{text}");
                if format != Format::Json {
                    // Every comment line of the original is still there.
                    for l in base.lines().filter(|l| l.trim_start().starts_with('#')) {
                        prop_assert!(text.lines().any(|n| n == l), "lost {l:?}\n{text}");
                    }
                    prop_assert!(text.starts_with(base.lines().next().unwrap_or("")));
                }
            }
        }
    }
}
