//! Fuzzes the `discover` config parsers: the first byte picks a file name (every known location
//! of `inventory::known_locations`, a file of Continue's `mcpServers` directory, and names the
//! scan does not know: JSON, YAML, TOML, text), which decides the client, the shape expected and
//! YAML or JSON-with-comments; the rest is the file's content, read by `inventory::scan::parse_one`
//! (the scan's own path for one file: size budget, UTF-8, parsing, servers, redaction, flags).
//! Every input gives an inventory; none may panic, hang or allocate without bound. Checked:
//!
//! - no secret survives redaction: no piece of a server's command, argument or URL (as the
//!   redactor splits text: words at whitespace, then at `= , ; : " '`, or a URL's user info, path
//!   segments, query and fragment parameters) is a token `secrets::secret_token` recognises. A
//!   URL's host and port are not checked: a host name is kept by design.
//! - the YAML and JSON outputs read back as the same inventory, and the table renders.
#![no_main]

use aimscore::inventory::{Inventory, known_locations, scan::parse_one, secrets};
use aimscore::render::{InventoryFormat, inventory as render_inventory};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Names the scan does not list among its known locations but reads when given one.
const EXTRA: [&str; 9] = [
    ".continue/mcpServers/a.yaml",
    ".continue/mcpServers/b.yml",
    ".continue/mcpServers/c.json",
    "x/mcp_config.json",
    "d/claude_desktop_config.json",
    "unknown.json",
    "unknown.yaml",
    "codex/config.toml",
    "notes.txt",
];

fn names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut v: Vec<String> = known_locations()
            .into_iter()
            .filter(|n| !n.contains('*'))
            .collect();
        v.extend(EXTRA.iter().map(|s| s.to_string()));
        v
    })
}

const IN_WORD: [char; 6] = ['=', ',', ';', ':', '"', '\''];

/// Whether a word is a URL as the redactor takes one (a scheme of letters, digits and `+`).
fn is_url(word: &str) -> bool {
    word.find("://").is_some_and(|i| {
        i > 0
            && word[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+')
    })
}

/// The pieces of an output string that must not be a recognised secret token, at the
/// granularity the redactor documents: words (split at whitespace); the parts of a word split at
/// `= , ; : " '`; for a URL (alone or inside a word, `--url=https://…`), the word before it, its
/// user info, each path segment and its parts, and each query and fragment parameter's parts.
fn pieces(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for word in s.split_whitespace() {
        out.push(word);
        let Some(i) = word.find("://") else {
            out.extend(word.split(IN_WORD));
            continue;
        };
        if !is_url(word) {
            let start = word[..i]
                .char_indices()
                .rfind(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '+'))
                .map_or(0, |(j, c)| j + c.len_utf8());
            out.extend(word[..start].split(IN_WORD));
        }
        let after = &word[i + 3..];
        let end = after.find(['/', '?', '#']).unwrap_or(after.len());
        let (authority, tail) = after.split_at(end);
        if let Some(at) = authority.rfind('@') {
            out.extend(authority[..at].split(IN_WORD));
        }
        let (before_frag, frag) = tail.split_once('#').unwrap_or((tail, ""));
        let (path, query) = before_frag.split_once('?').unwrap_or((before_frag, ""));
        for seg in path.split('/') {
            out.push(seg);
            out.extend(seg.split(IN_WORD));
        }
        for p in query.split('&').chain(frag.split('&')) {
            out.extend(p.split(IN_WORD));
        }
    }
    out
}

fn check_redacted(inv: &Inventory) {
    for sv in &inv.servers {
        let fields = sv
            .command
            .iter()
            .chain(sv.args.iter())
            .chain(sv.url.iter());
        for f in fields {
            for p in pieces(f) {
                if let Some(kind) = secrets::secret_token(p) {
                    panic!("{kind} survives redaction: {p:?} in {f:?} of server {:?}", sv.name);
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let names = names();
    let name = &names[usize::from(selector) % names.len()];
    let inv = parse_one(name, rest);
    check_redacted(&inv);

    let render = |f| {
        let mut out = Vec::new();
        render_inventory(&inv, f, &mut out).expect("an inventory renders");
        String::from_utf8(out).expect("the rendered inventory is UTF-8")
    };
    let yaml = render(InventoryFormat::Yaml);
    let back: Inventory = aimscore::read::yaml::from_str("inv.yaml", &yaml)
        .unwrap_or_else(|e| panic!("the YAML inventory reads back: {e}\n{yaml}"));
    assert_eq!(back, inv, "the YAML inventory reads back as itself\n{yaml}");
    let json = render(InventoryFormat::Json);
    let back: Inventory = serde_json::from_str(&json)
        .unwrap_or_else(|e| panic!("the JSON inventory reads back: {e}\n{json}"));
    assert_eq!(back, inv, "the JSON inventory reads back as itself");
    render(InventoryFormat::Table);
});
