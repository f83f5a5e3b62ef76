//! Report templates (minijinja): the built-in ones, a user's `--template FILE`, and the filters
//! they share. Undefined variables are errors (a typo in a template fails loudly), `.html`
//! templates auto-escape, and `md` escapes user text for Markdown.

use super::chart::{section_chart, steps};
use super::escape::{md_escape, xml_escape};
use super::io_err;
use crate::documents::Report;
use crate::error::{Diagnostic, Error, Pos, Result};
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use std::io::Write;
use std::path::Path;

/// A minijinja environment with aimscore's settings and filters.
pub fn environment() -> Environment<'static> {
    environment_escaping(false)
}

/// [`environment`], escaping every template for HTML when `html` is set (a user's template
/// rendered with `--format html`), else by the template's name.
fn environment_escaping(html: bool) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(move |name| {
        if html || is_html_like(name) {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_filter("md", md_escape);
    env.add_filter("score", |v: Value| -> String {
        if v.is_none() || v.is_undefined() {
            "n/a".to_string()
        } else {
            f64::try_from(v)
                .map(|x| format!("{x:.1}"))
                .unwrap_or_else(|_| "n/a".to_string())
        }
    });
    env.add_filter("xml", |s: String| xml_escape(&s));
    // Text with `code` spans (inventory findings, gate reasons) for HTML: escaped, and each
    // backtick pair shown as <code> instead of raw Markdown.
    env.add_filter("code_spans", |s: String| {
        Value::from_safe_string(code_spans_html(&s))
    });
    // A CSS string (for `content:` in a <style> element, where HTML escaping does not apply):
    // quotes, backslashes and anything that could end the element as hex escapes.
    env.add_filter("css_string", |s: String| {
        Value::from_safe_string(css_string(&s))
    });
    // An input file as a document for people names it (see documents::display_path).
    env.add_filter("file_name", |s: String| crate::documents::display_path(&s));
    // The SVG chart of the section scores, safe markup (see src/render/chart.rs).
    env.add_function("section_chart", section_chart);
    // The SVG timeline of the roadmap by due date (see src/render/roadmap_chart.rs).
    env.add_function("roadmap_chart", super::roadmap_chart::roadmap_chart);
    env.add_filter("steps", steps);
    env
}

/// `s` as a double-quoted CSS string: every character but letters, digits, space and plain
/// punctuation written as a CSS hex escape, so nothing in it can close the string, the rule or
/// the <style> element.
fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars().filter(|c| !c.is_control()) {
        if c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | ':' | '-' | '_' | '(' | ')' | '/') {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// `s` escaped for HTML, with every `…` pair turned into <code>…</code> (an unpaired backtick
/// stays a backtick).
fn code_spans_html(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    let mut out = String::with_capacity(s.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let e = xml_escape(part);
        if i % 2 == 1 && i + 1 < parts.len() {
            out.push_str("<code>");
            out.push_str(&e);
            out.push_str("</code>");
        } else {
            if i % 2 == 1 {
                out.push('`');
            }
            out.push_str(&e);
        }
    }
    out
}

/// Whether a template's output is HTML (or XML), so that every value is escaped: any name with
/// an HTML-like part, in any case (`brand.HTML`, `r.xhtml`, `r.html.jinja`, `r.htm.j2`).
fn is_html_like(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    file.split('.').skip(1).any(|part| {
        matches!(
            part,
            "html" | "htm" | "xhtml" | "xht" | "shtml" | "svg" | "xml"
        )
    })
}

/// The fuel a user's template may burn (minijinja counts instructions and the memory they
/// allocate, about 64 bytes a unit): far more than any report needs, far less than a loop
/// that would never end.
pub const USER_TEMPLATE_FUEL: u64 = 20_000_000;

/// The most text a user's template may produce.
pub const USER_TEMPLATE_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Renders a built-in template with the report as its context.
pub fn render_builtin(
    name: &str,
    source: &str,
    report: &Report,
    out: &mut dyn Write,
) -> Result<()> {
    render_with(name, source, report, out, None, false)
}

fn render_with(
    name: &str,
    source: &str,
    report: &Report,
    out: &mut dyn Write,
    fuel: Option<u64>,
    html: bool,
) -> Result<()> {
    let mut env = environment_escaping(html);
    env.set_fuel(fuel);
    env.add_template(name, source)
        .map_err(|e| template_error_in(name, Some(source), &e))?;
    let t = env
        .get_template(name)
        .map_err(|e| template_error_in(name, Some(source), &e))?;
    // A user's output budget holds while rendering, so a runaway loop stops there rather than
    // after its whole output is in memory; nothing is written to `out` unless rendering succeeds.
    let mut text = Budgeted {
        buf: Vec::new(),
        limit: fuel.map_or(usize::MAX, |_| USER_TEMPLATE_MAX_BYTES),
        over: false,
    };
    let rendered = t.render_captured_to(Value::from(minijinja::value::Serde(report)), &mut text);
    if text.over {
        return Err(Error::input(Diagnostic::new(
            name,
            None,
            format!(
                "the template produced more than {} MiB; the limit keeps a runaway loop from filling the disk",
                USER_TEMPLATE_MAX_BYTES / (1024 * 1024)
            ),
        )));
    }
    rendered.map_err(|e| template_error_in(name, Some(source), &e))?;
    out.write_all(&text.buf).map_err(io_err)?;
    if !text.buf.ends_with(b"\n") {
        out.write_all(b"\n").map_err(io_err)?;
    }
    Ok(())
}

/// A template's output, refused past `limit` bytes (the write fails and `over` is set).
struct Budgeted {
    buf: Vec<u8>,
    limit: usize,
    over: bool,
}

impl Write for Budgeted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if bytes.len() > self.limit - self.buf.len() {
            self.over = true;
            return Err(std::io::Error::other("over the output budget"));
        }
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A user's template, read from disk.
#[derive(Debug, Clone)]
pub struct UserTemplate {
    pub name: String,
    pub source: String,
    /// Every value escaped for HTML whatever the name (`--format html`).
    pub html: bool,
}

impl UserTemplate {
    pub fn load(path: &Path) -> Result<UserTemplate> {
        let source = crate::read::read_text(path)?;
        let t = UserTemplate {
            name: path.display().to_string(),
            source,
            html: false,
        };
        // Compile once now, so a syntax error is reported before any work.
        let mut env = environment();
        env.add_template(&t.name, &t.source)
            .map_err(|e| template_error_in(&t.name, Some(&t.source), &e))?;
        Ok(t)
    }

    pub fn render(&self, report: &Report, out: &mut dyn Write) -> Result<()> {
        self.render_with_fuel(report, out, USER_TEMPLATE_FUEL)
    }

    /// [`UserTemplate::render`] with another fuel budget (the `template` fuzz target uses a
    /// small one, so that one execution stays short; every limit is checked the same way).
    pub fn render_with_fuel(&self, report: &Report, out: &mut dyn Write, fuel: u64) -> Result<()> {
        render_with(&self.name, &self.source, report, out, Some(fuel), self.html)
    }
}

pub(crate) fn template_error(name: &str, e: &minijinja::Error) -> Error {
    template_error_in(name, None, e)
}

/// A template error located at its line and, when the template's text is at hand, its column
/// (from the byte range minijinja reports).
pub(crate) fn template_error_in(name: &str, source: Option<&str>, e: &minijinja::Error) -> Error {
    let column = |src: &str, start: usize| {
        let before = src.get(..start.min(src.len()))?;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Some(before[line_start..].chars().count() + 1)
    };
    let pos = e.line().map(|l| {
        let col = source
            .zip(e.range())
            .and_then(|(src, r)| column(src, r.start))
            .unwrap_or(1);
        Pos::new(l, col)
    });
    let mut msg = format!("template error: {}", e.kind());
    if let Some(d) = e.detail() {
        msg.push_str(&format!(": {d}"));
    }
    Error::input(
        Diagnostic::new(e.name().unwrap_or(name), pos, msg)
            .with_help("the template receives the report model documented in docs/report-model.md"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_close_the_string_the_rule_or_the_element() {
        let s = css_string("Acme \"}</style><script>alert(1)</script>\\ ü");
        assert!(s.starts_with('"') && s.ends_with('"'));
        let inner = &s[1..s.len() - 1];
        for bad in ['"', '<', '>', '}', ';'] {
            assert!(!inner.contains(bad), "{s}");
        }
        assert!(inner.contains("Acme ") && inner.contains('ü'), "{s}");
        assert_eq!(
            code_spans_html("run `a<b` now `x"),
            "run <code>a&lt;b</code> now `x"
        );
    }

    #[test]
    fn html_like_names_are_escaped_in_any_case() {
        for n in [
            "r.html",
            "brand.HTML",
            "r.xhtml",
            "r.html.jinja",
            "x/r.Htm.j2",
            "r.svg",
        ] {
            assert!(is_html_like(n), "{n}");
        }
        for n in ["r.md", "r.txt", "html/report.md", "r.j2"] {
            assert!(!is_html_like(n), "{n}");
        }
    }

    #[test]
    fn the_output_budget_stops_a_user_template_while_it_renders() {
        // 64 KiB written 100,000 times: before the budget held while rendering, this ran out of
        // fuel instead, with 1.3 GB of output in memory (found by the `template` fuzz target).
        let catalog = crate::catalog::bundled().unwrap_or_else(|e| panic!("{e}"));
        let (answers, active) = crate::answers::parse_text(
            "a.yaml",
            "aimscore: 1\norganization: Acme\n",
            crate::read::Format::Yaml,
            &catalog,
            &[],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let a = crate::scoring::assess(&active, &answers, Default::default());
        let report = crate::documents::build(&active, &answers, &a, None);
        let t = UserTemplate {
            name: "big.txt".into(),
            source: "{% set b = \"x\" * 65536 %}{% for i in range(100000) %}{{ b }}{% endfor %}"
                .into(),
            html: false,
        };
        let mut out = Vec::new();
        let e = t.render(&report, &mut out).err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.contains("more than 64 MiB")),
            "{e:?}"
        );
        assert!(out.is_empty());
        // Under the budget, the same output as before, with its final line ending.
        let t = UserTemplate {
            name: "ok.txt".into(),
            source: "{% for i in range(3) %}{{ i }}{% endfor %}".into(),
            html: false,
        };
        t.render(&report, &mut out)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, b"012\n");
    }

    #[test]
    fn strict_undefined_is_an_error() {
        let mut env = environment();
        env.add_template("t", "{{ nope }}")
            .unwrap_or_else(|e| panic!("{e}"));
        let r = env.get_template("t").and_then(|t| t.render(()));
        assert!(r.is_err());
    }
}
