//! YAML edits as lines: an answer's entry replaced where it stands, in place of the template's
//! commented entry, or next to its neighbour; the `profiles` line likewise.

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

/// Long on purpose: the candidate edits are tried in order of least change, and keeping them in one list keeps that order visible.
pub(super) fn answer_candidates(
    text: &str,
    qid: &str,
    a: &Answer,
    prior: Option<&Answer>,
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
    let mut new = entry_lines(qid, a, indent, step);
    if real.contains_key(qid) {
        // Re-answered: keep every comment the entry held.
        let old: Vec<&str> = (start..stop).map(|i| l.body(i)).collect();
        let fi = (start + 1..stop)
            .find(|&i| l.is_content(i))
            .map_or(indent + step, |i| l.indent(i));
        let inner = " ".repeat(indent + step);
        let new_fields: Vec<(&str, String)> = fields(a, false)
            .into_iter()
            .map(|(k, v)| (k, format!("{inner}{k}: {v}")))
            .collect();
        let field_of = |line: &str| {
            let at = line.len() - line.trim_start_matches(' ').len();
            key_of(line)
                .map(|(k, _)| k)
                .filter(|k| at == fi && FIELDS.contains(&k.as_str()))
        };
        let same = |k: &str| same_field(prior, a, k, false);
        new = keep_comments(&old, &new[0], &new_fields, &field_of, &same, &inner);
    }
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
