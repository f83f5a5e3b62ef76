//! YAML output: the [`Inventory`] hand-written, every string JSON-quoted, which is valid YAML
//! and reads back with `assess --inventory`. It renders only; it computes no score.

use crate::inventory::{Inventory, Server};

/// A double-quoted YAML scalar: JSON's escapes, plus `\uXXXX` for the characters YAML does not
/// allow unescaped (C1 controls, U+2028/9, U+FEFF, U+FFFE/F); the answers files' own quoting.
pub fn quote(s: &str) -> String {
    crate::answers::quoting::quote(s)
}

fn opt(s: Option<&str>) -> String {
    s.map(quote).unwrap_or_else(|| "null".into())
}

fn flow(items: &[String]) -> String {
    if items.is_empty() {
        return "[]".into();
    }
    let q: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", q.join(", "))
}

/// The YAML inventory: a comment header, then `servers`, `problems`, `scanned`.
pub fn yaml(inv: &Inventory) -> String {
    let mut s = String::new();
    s.push_str("# AI agent and MCP server inventory, written by `aimscore discover`.\n");
    s.push_str(
        "# Environment variables and headers are listed by name only; secrets found in arguments\n",
    );
    s.push_str(
        "# and URLs are <redacted>. Fill in `owner` for each server, then cite this file as\n",
    );
    s.push_str("# evidence (A.4.2) and pass it to `aimscore assess --inventory FILE`.\n");
    if inv.servers.is_empty() {
        s.push_str("servers: []\n");
    } else {
        s.push_str("servers:\n");
        for sv in &inv.servers {
            server_yaml(sv, &mut s);
        }
    }
    if inv.problems.is_empty() {
        s.push_str("problems: []\n");
    } else {
        s.push_str("problems:\n");
        for p in &inv.problems {
            s.push_str(&format!("  - file: {}\n", quote(&p.file)));
            s.push_str(&format!("    message: {}\n", quote(&p.message)));
        }
    }
    s.push_str(&format!("scanned: {}\n", flow(&inv.scanned)));
    s
}

fn server_yaml(sv: &Server, s: &mut String) {
    s.push_str(&format!("  - name: {}\n", quote(&sv.name)));
    s.push_str(&format!("    client: {}\n", quote(sv.client.as_str())));
    s.push_str(&format!("    file: {}\n", quote(&sv.file)));
    if let Some(p) = &sv.project {
        s.push_str(&format!("    project: {}\n", quote(p)));
    }
    s.push_str(&format!(
        "    transport: {}\n",
        quote(sv.transport.as_str())
    ));
    s.push_str(&format!("    command: {}\n", opt(sv.command.as_deref())));
    s.push_str(&format!("    args: {}\n", flow(&sv.args)));
    s.push_str(&format!("    url: {}\n", opt(sv.url.as_deref())));
    s.push_str(&format!("    location: {}\n", quote(sv.location.as_str())));
    s.push_str(&format!("    env: {}\n", flow(&sv.env)));
    s.push_str(&format!("    headers: {}\n", flow(&sv.headers)));
    s.push_str(&format!("    owner: {}\n", opt(sv.owner.as_deref())));
    if let Some(n) = &sv.note {
        s.push_str(&format!("    note: {}\n", quote(n)));
    }
    if sv.status.is_some() {
        s.push_str("    status: gone\n");
    }
    if sv.flags.is_empty() {
        s.push_str("    flags: []\n");
    } else {
        s.push_str("    flags:\n");
        for f in &sv.flags {
            s.push_str(&format!("      - code: {}\n", quote(f.code.as_str())));
            s.push_str(&format!("        message: {}\n", quote(&f.message)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_strings_never_panic_and_round_trip_through_yaml() {
        // Multibyte characters, separators and half-written references in every field.
        let pieces = [
            "é", "@", "=", ":", "$", "${", "}", "${{", "%", "://", "?", "&", "#", "/", "\\", "-",
            "--token", "Bearer", "ghp_", "a", "1", " ", "npx", "@latest", "==", "http://", "[",
            "]", "\u{2028}", "🙂",
        ];
        let mut seed: u64 = 42;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        for _ in 0..600 {
            let mut word = || {
                let n = next() % 6 + 1;
                (0..n)
                    .map(|_| pieces[next() % pieces.len()])
                    .collect::<String>()
            };
            let v = serde_json::json!({"mcpServers": {word(): {
                "command": word(), "args": [word(), word(), word()], "url": word(),
                "env": {word(): word()}, "headers": {word(): word()}
            }}});
            let mut inv = Inventory::default();
            crate::inventory::scan::extract("f.json", None, true, &v, &mut inv);
            let y = yaml(&inv);
            let back: Inventory = crate::read::yaml::from_str("x.yaml", &y).unwrap();
            assert_eq!(back, inv);
        }
    }

    #[test]
    fn quoting_escapes_what_yaml_cannot_hold() {
        assert_eq!(quote("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(quote("\u{85}\u{2028}x"), r#""\u0085\u2028x""#);
    }

    #[test]
    fn hostile_strings_round_trip_through_yaml() {
        let inv = Inventory {
            servers: vec![],
            problems: vec![crate::inventory::Problem {
                file: "we\u{85}ird: 'file' #x\n- [a]".into(),
                message: "\u{2028}\t\"m\" & *alias".into(),
            }],
            scanned: vec!["a: b".into(), "#c".into()],
        };
        let back: Inventory = crate::read::yaml::from_str("x.yaml", &yaml(&inv)).unwrap();
        assert_eq!(back, inv);
    }
}
