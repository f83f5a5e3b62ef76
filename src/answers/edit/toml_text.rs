//! TOML edits as lines: an answer's table replaced where it stands, in place of the template's
//! commented table, or next to its neighbour; the `profiles` key likewise.

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

/// Long on purpose: the candidate edits are tried in order of least change, and keeping them in one list keeps that order visible.
pub(super) fn answer_candidates(
    text: &str,
    qid: &str,
    a: &Answer,
    prior: Option<&Answer>,
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
    // A re-answered entry keeps every comment it held.
    let same = |k: &str| same_field(prior, a, k, true);
    let field_of = |line: &str| {
        let eq = key_end(line)?;
        let p = key_parts(&line[..eq])?;
        (p.len() == 1 && FIELDS.contains(&p[0].as_str())).then(|| p[0].clone())
    };
    let old = |s: &Span| -> Vec<&str> { (s.start..s.end).map(|i| l.body(i)).collect() };
    if let Some(s) = real.get(qid) {
        let p = pad(s.indent);
        let new = table_lines(qid, a, &p);
        let new_fields: Vec<(&str, String)> = fields(a, true)
            .into_iter()
            .zip(&new[1..])
            .map(|((k, _), line)| (k, line.clone()))
            .collect();
        let lines = keep_comments(&old(s), &new[0], &new_fields, &field_of, &same, &p);
        out.push(l.splice(s.start, s.end, &lines));
        return out;
    }
    if let Some(s) = inline.get(qid) {
        let line = inline_line(qid, a, &pad(s.indent));
        let lines = keep_comments(&old(s), &line, &[], &field_of, &same, &pad(s.indent));
        out.push(l.splice(s.start, s.end, &lines));
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
