//! The shape of the program, checked: dependencies between the top-level modules of `src/`
//! point down only (no module imports one above it or beside it, so none import each other),
//! and the submodules inside one top-level module import each other without a cycle.
//!
//! It reads `src/**/*.rs` as text: every `crate::name` path (in `use` lines and in code,
//! `use crate::{a, b::c}` groups included) and, for submodules, every `use super::name` at the
//! top of a file. Comments are skipped. A module's `mod.rs` is its facade (declarations and
//! re-exports), so edges to and from it are not counted in the submodule check.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may import only modules of a lower layer; two modules in
/// one layer never import each other. Keep in step with the map in `src/lib.rs`.
const LAYERS: &[&[&str]] = &[
    &["error", "identity", "terminal"],
    &["read", "output", "parallel"],
    &["catalog"],
    &["answers", "inventory", "config"],
    &["scoring"],
    &["documents"],
    &["render"],
    &["pipeline", "ask"],
    &["cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap_or_else(|e| panic!("{e}")).path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file below `src/`: `src/render/text.rs` → `[render, text]`,
/// `src/render/mod.rs` → `[render]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

/// The line without its `//` comment (a `//` inside a string cuts the rest: harmless here).
fn code(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// One reference: the line it is on and the path after `crate::` (first two names).
struct Ref {
    line: usize,
    path: Vec<String>,
}

/// Every `crate::a::b` path in the text, `use crate::{a::b, c}` groups expanded.
fn crate_refs(text: &str) -> Vec<Ref> {
    let lines: Vec<&str> = text.lines().map(code).collect();
    let joined = lines.join("\n");
    let line_of = |offset: usize| joined[..offset].matches('\n').count() + 1;
    let mut refs = Vec::new();
    let mut at = 0;
    while let Some(i) = joined[at..].find("crate::") {
        let start = at + i;
        at = start + "crate::".len();
        let before = joined[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &joined[at..];
        if let Some(group) = rest.strip_prefix('{') {
            // A group: split at top-level commas up to the matching brace.
            let mut depth = 0;
            let mut item_start = 0;
            let mut items = Vec::new();
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        items.push(&group[item_start..k]);
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        items.push(&group[item_start..k]);
                        item_start = k + 1;
                    }
                    _ => {}
                }
            }
            for item in items {
                let item = item.trim();
                let names: Vec<String> = item.split("::").take(2).map(ident_at).collect();
                if !names[0].is_empty() {
                    refs.push(Ref {
                        line: line_of(start),
                        path: names,
                    });
                }
            }
        } else {
            let names: Vec<String> = rest.split("::").take(2).map(ident_at).collect();
            if !names[0].is_empty() {
                refs.push(Ref {
                    line: line_of(start),
                    path: names,
                });
            }
        }
    }
    refs
}

/// `use super::name` at the top level of a direct submodule file (indented ones belong to an
/// inline module such as `mod tests`, whose `super` is the file itself).
fn super_refs(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let l = code(l);
            let rest = l
                .strip_prefix("use super::")
                .or_else(|| l.strip_prefix("pub use super::"))
                .or_else(|| l.strip_prefix("pub(crate) use super::"))?;
            let name = ident_at(rest);
            (!name.is_empty()).then_some((i + 1, name))
        })
        .collect()
}

struct Edge {
    from: String,
    to: String,
    at: String,
}

fn find_cycle(edges: &[Edge]) -> Option<Vec<&Edge>> {
    let mut graph: BTreeMap<&str, Vec<&Edge>> = BTreeMap::new();
    for e in edges {
        graph.entry(&e.from).or_default().push(e);
    }
    fn visit<'a>(
        node: &'a str,
        graph: &BTreeMap<&'a str, Vec<&'a Edge>>,
        done: &mut BTreeSet<&'a str>,
        stack: &mut Vec<&'a Edge>,
    ) -> Option<Vec<&'a Edge>> {
        for e in graph.get(node).into_iter().flatten() {
            if let Some(k) = stack.iter().position(|s| s.from == e.to) {
                let mut cycle: Vec<&Edge> = stack[k..].to_vec();
                cycle.push(e);
                return Some(cycle);
            }
            if e.to == node || done.contains(e.to.as_str()) {
                if e.to == node {
                    return Some(vec![e]);
                }
                continue;
            }
            stack.push(e);
            if let Some(c) = visit(&e.to, graph, done, stack) {
                return Some(c);
            }
            stack.pop();
        }
        done.insert(node);
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if !done.contains(node)
            && let Some(c) = visit(node, &graph, &mut done, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn dependencies_point_down_and_submodules_have_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<Vec<String>> = files
        .iter()
        .map(|f| module_path(f.strip_prefix(&src).unwrap_or(f)))
        .collect();
    let mut problems = Vec::new();
    let mut inner: BTreeMap<String, Vec<Edge>> = BTreeMap::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap_or(f);
        let path = module_path(rel);
        if path.is_empty() || path == ["main"] || path == ["lib"] {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let top = &path[0];
        let Some(own) = layer(top) else {
            problems.push(format!(
                "src/{}: top-level module `{top}` is in no layer of tests/architecture.rs",
                rel.display()
            ));
            continue;
        };
        for r in crate_refs(&text) {
            let target = &r.path[0];
            let at = format!("src/{}:{}", rel.display(), r.line);
            if target == top {
                if path.len() >= 2 && r.path.len() >= 2 {
                    let sub = vec![top.clone(), r.path[1].clone()];
                    if modules.contains(&sub) && sub[1] != path[1] {
                        inner.entry(top.clone()).or_default().push(Edge {
                            from: path[1].clone(),
                            to: sub[1].clone(),
                            at,
                        });
                    }
                }
                continue;
            }
            match layer(target) {
                Some(l) if l < own => {}
                Some(l) => problems.push(format!(
                    "{at}: `{top}` imports `crate::{target}`, which is {} (layer {l} ≥ {own})",
                    if l == own { "beside it" } else { "above it" }
                )),
                None => problems.push(format!(
                    "{at}: `crate::{target}` is in no layer of tests/architecture.rs"
                )),
            }
        }
        // `use super::x` in a direct submodule file names a sibling.
        if path.len() == 2 {
            for (line, name) in super_refs(&text) {
                let sub = vec![top.clone(), name.clone()];
                if modules.contains(&sub) && name != path[1] {
                    inner.entry(top.clone()).or_default().push(Edge {
                        from: path[1].clone(),
                        to: name,
                        at: format!("src/{}:{line}", rel.display()),
                    });
                }
            }
        }
    }
    for (top, edges) in &inner {
        if let Some(cycle) = find_cycle(edges) {
            let steps: Vec<String> = cycle
                .iter()
                .map(|e| format!("{top}::{} → {top}::{} at {}", e.from, e.to, e.at))
                .collect();
            problems.push(format!("cycle inside `{top}`: {}", steps.join("; ")));
        }
    }
    assert!(
        problems.is_empty(),
        "the module graph breaks the layering of src/lib.rs:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_sees_groups_and_ignores_comments() {
    let text = "use crate::{a::X, b, c::{d, e}};\n// crate::zzz\nfn f() { crate::g::h(); }\n";
    let names: Vec<String> = crate_refs(text)
        .into_iter()
        .map(|r| r.path[0].clone())
        .collect();
    assert_eq!(names, ["a", "b", "c", "g"]);
    assert_eq!(
        super_refs("use super::model::X;\n    use super::*;\n").len(),
        1
    );
}
