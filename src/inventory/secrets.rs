//! Recognising secrets in configuration strings, and redacting them.
//!
//! Pure string functions: no I/O. A value is never returned or formatted except with its secret
//! parts replaced by [`REDACTED`]; callers store names (of variables, headers, options), never
//! values.

/// What a redacted part is replaced with.
pub const REDACTED: &str = "<redacted>";

/// Why a string was redacted: a short kind, never the value ("a GitHub token").
pub type Kind = &'static str;

/// Token prefixes of well-known credential formats, with the minimum length of what follows.
const PREFIXES: [(&str, usize, Kind); 17] = [
    ("github_pat_", 20, "a GitHub token"),
    ("ghp_", 20, "a GitHub token"),
    ("gho_", 20, "a GitHub token"),
    ("ghu_", 20, "a GitHub token"),
    ("ghs_", 20, "a GitHub token"),
    ("ghr_", 20, "a GitHub token"),
    ("glpat-", 16, "a GitLab token"),
    ("xoxb-", 10, "a Slack token"),
    ("xoxp-", 10, "a Slack token"),
    ("xoxa-", 10, "a Slack token"),
    ("xapp-", 10, "a Slack token"),
    ("sk_live_", 16, "a Stripe key"),
    ("rk_live_", 16, "a Stripe key"),
    ("sk-", 16, "an API key (sk-…)"),
    ("npm_", 30, "an npm token"),
    ("hf_", 30, "a Hugging Face token"),
    ("AIza", 30, "a Google API key"),
];

/// What separates the parts of one word that may each be a token (`key=…,token=…`, `"ghp_…"`).
const IN_WORD: [char; 6] = ['=', ',', ';', ':', '"', '\''];

/// Words in a variable, option, header or query-parameter name that say it holds a secret.
const SECRET_WORDS: [&str; 17] = [
    "KEY",
    "APIKEY",
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PWD",
    "CREDENTIAL",
    "CREDENTIALS",
    "AUTH",
    "AUTHORIZATION",
    "PAT",
    "COOKIE",
    "SESSION",
    "SIG",
    "SIGNATURE",
];

/// Last words of a name that make it a setting about a secret rather than the secret.
const NOT_SECRET_LAST: [&str; 24] = [
    "MODE", "TYPE", "METHOD", "URL", "URI", "ENDPOINT", "HOST", "PORT", "PATH", "FILE", "DIR",
    "ID", "ENABLED", "TIMEOUT", "PROVIDER", "REGION", "NAME", "SCOPE", "SCOPES", "HEADER", "TTL",
    "EXPIRY", "FORMAT", "PREFIX",
];

/// True when a name (`GITHUB_TOKEN`, `--api-key`, `X-Api-Key`, `access_token`) says its value
/// is a secret.
pub fn secret_name(name: &str) -> bool {
    let upper = name.trim_start_matches('-').to_ascii_uppercase();
    let parts: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .collect();
    // `AUTH_MODE`, `TOKEN_URL`, `OAUTH_CLIENT_ID`, `SESSION_TIMEOUT`: about a secret, not one.
    if parts.last().is_some_and(|l| NOT_SECRET_LAST.contains(l)) {
        return false;
    }
    parts.iter().any(|&part| {
        SECRET_WORDS.contains(&part)
            || ["TOKEN", "SECRET", "PASSWORD", "APIKEY"]
                .iter()
                .any(|w| part.len() > w.len() && part.ends_with(w))
    })
}

/// The kind of secret a single word is, if it looks like one on its own (a known token format
/// or a long high-entropy string).
pub fn secret_token(word: &str) -> Option<Kind> {
    let w = word.trim_matches(|c: char| matches!(c, '"' | '\'' | ',' | ';' | '(' | ')'));
    for (prefix, min, kind) in PREFIXES {
        if let Some(rest) = w.strip_prefix(prefix)
            && rest.len() >= min
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Some(kind);
        }
    }
    if (w.starts_with("AKIA") || w.starts_with("ASIA"))
        && w.len() == 20
        && w.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return Some("an AWS access key id");
    }
    if w.starts_with("-----BEGIN") {
        return Some("a private key");
    }
    if high_entropy(w) {
        return Some("a long random token");
    }
    None
}

/// A long string of token characters with letters and digits and high per-character entropy:
/// random keys, not words, paths, package names or hex digests.
fn high_entropy(w: &str) -> bool {
    if w.len() < 32
        || !w
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '/' | '='))
        || w.starts_with('/')
        || !w.chars().any(|c| c.is_ascii_digit())
        || !w.chars().any(|c| c.is_ascii_alphabetic())
    {
        return false;
    }
    let mut counts = std::collections::BTreeMap::new();
    for c in w.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = w.chars().count() as f64;
    let entropy: f64 = counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum();
    entropy >= 4.0
}

/// The text of a value with its references (`${env:X}`, `${input:x}`, `${X}`, `$X`, `%X%`)
/// removed; a `${X:-default}` keeps its default, which is written inline.
fn without_references(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('$') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        if let Some(inner) = after.strip_prefix("{{") {
            // Continue's `${{ secrets.NAME }}`; unterminated (split into words): a reference.
            rest = inner.find("}}").map_or("", |end| &inner[end + 2..]);
        } else if let Some(inner) = after.strip_prefix('{') {
            match inner.find('}') {
                Some(end) => {
                    let body = &inner[..end];
                    if let Some(j) = body.find(":-") {
                        out.push(' ');
                        out.push_str(&body[j + 2..]);
                        out.push(' ');
                    }
                    rest = &inner[end + 1..];
                }
                // `${NAME` cut off by a word split: a reference, not a value.
                None => rest = "",
            }
        } else {
            let n = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            if n == 0 {
                out.push('$');
            }
            rest = &after[n..];
        }
    }
    out.push_str(rest);
    strip_percent_refs(&out)
}

/// Removes Windows-style `%NAME%` references; other `%` signs stay.
fn strip_percent_refs(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('%') {
        let after = &rest[i + 1..];
        match after.find('%') {
            Some(j)
                if j > 0
                    && after[..j]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                out.push_str(&rest[..i]);
                rest = &after[j + 1..];
            }
            _ => {
                out.push_str(&rest[..=i]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// True when a value is written inline rather than as a reference: something is left once
/// references are removed (a `Bearer ` before a reference is not a value). A file path (the
/// value of `--key-file /path`) is not a secret value.
pub fn inline_value(v: &str) -> bool {
    if v.starts_with(['/', '.', '~']) {
        return false;
    }
    let rest = without_references(v);
    let rest = rest.trim();
    let rest = rest
        .strip_prefix("Bearer")
        .or_else(|| rest.strip_prefix("bearer"))
        .or_else(|| rest.strip_prefix("Basic"))
        .or_else(|| rest.strip_prefix("Token"))
        .or_else(|| rest.strip_prefix("token"))
        .unwrap_or(rest);
    !rest.trim().is_empty()
}

/// True when a named value (an env variable, a header) holds a secret written inline: its name
/// says it is a secret and the value is not a reference, or the value looks like a secret.
pub fn inline_secret(name: &str, value: &str) -> bool {
    (secret_name(name) && inline_value(value)) || looks_secret(&without_references(value))
}

/// True when any word of free text looks like a secret.
pub fn looks_secret(text: &str) -> bool {
    redact_text(text).1.is_some()
}

/// A URL with user info and secret-looking query parameters, fragment parameters and path
/// segments redacted, and the kind of what was removed. Not a URL: `None`.
pub fn redact_url(url: &str) -> Option<(String, Option<Kind>)> {
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+')
    {
        return None;
    }
    let after = &url[scheme_end + 3..];
    let auth_end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, tail) = after.split_at(auth_end);
    let mut kind = None;
    let mut out = format!("{scheme}://");
    match authority.rfind('@') {
        Some(at) => {
            out.push_str(REDACTED);
            out.push_str(&authority[at..]);
            kind = Some("credentials in the URL");
        }
        None => out.push_str(authority),
    }
    let (before_frag, frag) = match tail.find('#') {
        Some(i) => (&tail[..i], Some(&tail[i + 1..])),
        None => (tail, None),
    };
    let (path, query) = match before_frag.find('?') {
        Some(i) => (&before_frag[..i], Some(&before_frag[i + 1..])),
        None => (before_frag, None),
    };
    let segments: Vec<String> = path
        .split('/')
        .map(|seg| {
            // `;` path parameters and the like: a token anywhere in the segment.
            if secret_token(seg).is_some() || seg.split(IN_WORD).any(|p| secret_token(p).is_some())
            {
                kind = kind.or(Some("a token in the URL path"));
                REDACTED.to_string()
            } else {
                seg.to_string()
            }
        })
        .collect();
    out.push_str(&segments.join("/"));
    let params = |s: &str, kind: &mut Option<Kind>| -> String {
        s.split('&')
            .map(|p| match p.split_once('=') {
                // A token as the name of a parameter, or a bare one (`?ghp_…`, `#ghp_…`).
                _ if p.split(IN_WORD).any(|x| secret_token(x).is_some()) => {
                    *kind = kind.or(Some("a secret query parameter"));
                    match p.split_once('=') {
                        Some((k, _)) if secret_token(k).is_none() => format!("{k}={REDACTED}"),
                        _ => REDACTED.to_string(),
                    }
                }
                Some((k, v))
                    if !v.is_empty() && (secret_query_name(k) || secret_token(v).is_some()) =>
                {
                    *kind = kind.or(Some("a secret query parameter"));
                    format!("{k}={REDACTED}")
                }
                _ => p.to_string(),
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    if let Some(q) = query {
        out.push('?');
        out.push_str(&params(q, &mut kind));
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(&params(f, &mut kind));
    }
    Some((out, kind))
}

fn secret_query_name(k: &str) -> bool {
    let lower = k.to_ascii_lowercase();
    secret_name(k)
        || matches!(
            lower.as_str(),
            "apikey" | "api_key" | "access_token" | "client_secret" | "code" | "sas" | "sv"
        )
}

/// Free text (an argument, a command) with secret-looking words redacted, and the kind of the
/// first secret found. Words are separated by whitespace, which is kept.
pub fn redact_text(text: &str) -> (String, Option<Kind>) {
    let mut out = String::with_capacity(text.len());
    let mut kind: Option<Kind> = None;
    // `Bearer X`, `X-Api-Key: X`, `--token X` inside one argument: the next word is a value.
    let mut next_is_value = false;
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        if at_end || bytes[i].1.is_whitespace() {
            let end = if at_end { text.len() } else { bytes[i].0 };
            if end > start {
                let word = &text[start..end];
                let (w, k, value_follows) = redact_word(word, next_is_value);
                kind = kind.or(k);
                next_is_value = value_follows;
                out.push_str(&w);
            }
            if !at_end {
                out.push(bytes[i].1);
                start = bytes[i].0 + bytes[i].1.len_utf8();
            }
        }
        i += 1;
    }
    (out, kind)
}

/// One word: redacted form, kind, and whether the next word is a value of this one.
fn redact_word(word: &str, is_value: bool) -> (String, Option<Kind>, bool) {
    let lower = word.to_ascii_lowercase();
    let scheme = matches!(lower.as_str(), "bearer" | "basic" | "token");
    if is_value && !scheme {
        if inline_value(word) {
            return (REDACTED.to_string(), Some("a credential value"), false);
        }
        return (word.to_string(), None, false);
    }
    if scheme {
        return (word.to_string(), None, true);
    }
    if let Some((u, k)) = redact_url(word) {
        return (u, k, false);
    }
    // `X-Api-Key:` then a value.
    if let Some(name) = word.strip_suffix(':')
        && secret_name(name)
    {
        return (word.to_string(), None, true);
    }
    // NAME=VALUE, --name=VALUE, name:VALUE
    for sep in ['=', ':'] {
        if let Some((name, value)) = word.split_once(sep)
            && !name.is_empty()
            && !value.is_empty()
            && secret_name(name)
            && inline_value(value)
        {
            return (
                format!("{name}{sep}{REDACTED}"),
                Some("a credential value"),
                false,
            );
        }
    }
    // A URL inside a word (`--url=https://…/<token>`): the URL's own secrets, as for a URL.
    if let Some(i) = word.find("://") {
        let start = word[..i]
            .char_indices()
            .rfind(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '+'))
            .map_or(0, |(j, c)| j + c.len_utf8());
        if start > 0
            && let Some((u, Some(k))) = redact_url(&word[start..])
        {
            let (head, head_kind, _) = redact_word(&word[..start], false);
            return (format!("{head}{u}"), head_kind.or(Some(k)), false);
        }
    }
    if let Some(k) = secret_token(word) {
        return (REDACTED.to_string(), Some(k), false);
    }
    // A token inside a word: `key=…,token=…` or `"ghp_…"`.
    let pieces: Vec<&str> = word.split(IN_WORD).collect();
    if pieces.len() > 1 && pieces.iter().any(|p| secret_token(p).is_some()) {
        let mut out = String::new();
        let mut kind = None;
        let mut rest = word;
        for p in pieces {
            let idx = rest.find(p).unwrap_or(0);
            out.push_str(&rest[..idx]);
            match secret_token(p) {
                Some(k) => {
                    kind = kind.or(Some(k));
                    out.push_str(REDACTED);
                }
                None => out.push_str(p),
            }
            rest = &rest[idx + p.len()..];
        }
        out.push_str(rest);
        return (out, kind, false);
    }
    (word.to_string(), None, false)
}

/// Redacts a list of arguments: each argument's own secret words, and the value after an
/// option whose name says it is a secret (`--token VALUE`). Returns the arguments and, for
/// each redacted argument, its 1-based position and kind.
pub fn redact_args(args: &[String]) -> (Vec<String>, Vec<(usize, Kind)>) {
    let mut out = Vec::with_capacity(args.len());
    let mut found = Vec::new();
    let mut value_next = false;
    for (i, a) in args.iter().enumerate() {
        if value_next && !a.starts_with('-') && inline_value(a) {
            out.push(REDACTED.to_string());
            found.push((i + 1, "a credential value"));
            value_next = false;
            continue;
        }
        let (r, k) = redact_text(a);
        if let Some(k) = k {
            found.push((i + 1, k));
        }
        value_next = a.starts_with('-') && !a.contains('=') && secret_name(a);
        out.push(r);
    }
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_that_hold_secrets() {
        for n in [
            "GITHUB_TOKEN",
            "GITHUB_PERSONAL_ACCESS_TOKEN",
            "OPENAI_API_KEY",
            "--api-key",
            "X-Api-Key",
            "Authorization",
            "access_token",
            "DB_PASSWORD",
            "SLACK_BOT_TOKEN",
            "MYAPIKEY",
        ] {
            assert!(secret_name(n), "{n}");
        }
        for n in [
            "PATH",
            "LOG_LEVEL",
            "--port",
            "NODE_ENV",
            "Content-Type",
            "TOKENIZER_PATH_X",
            "AUTH_MODE",
            "TOKEN_URL",
            "OAUTH_CLIENT_ID",
            "SESSION_TIMEOUT",
            "--key-file",
        ] {
            // `TOKENIZER` is not a secret word (only whole words or a trailing TOKEN count).
            assert!(!secret_name(n), "{n}");
        }
    }

    #[test]
    fn references_are_not_inline_values() {
        for v in [
            "${env:GITHUB_TOKEN}",
            "${input:token}",
            "${TOKEN}",
            "$TOKEN",
            "${{ secrets.GITHUB_TOKEN }}",
            "${{",
            "Bearer ${{ inputs.token }}",
            "Bearer ${env:TOKEN}",
            "%API_KEY%",
            "",
        ] {
            assert!(!inline_value(v), "{v}");
        }
        for v in ["abc", "Bearer abc", "${TOKEN:-fallback}", "50%off"] {
            assert!(inline_value(v), "{v}");
        }
    }

    #[test]
    fn known_token_formats_and_random_strings_are_secrets() {
        for w in [
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "github_pat_11AAAAAAA0abcdefghijklmnop",
            "sk-proj-abcdefghijklmnopqrstuvwx",
            "xoxb-1234567890-abcdefghij",
            "AKIAIOSFODNN7EXAMPLE",
            "Zx9Qm3VtL7pR2wYk8NcJ5hFb1GdS6aXe",
        ] {
            assert!(secret_token(w).is_some(), "{w}");
        }
        for w in [
            "@modelcontextprotocol/server-filesystem",
            "modelcontextprotocol-server-github-extra",
            "0123456789abcdef0123456789abcdef01234567",
            "123e4567-e89b-12d3-a456-426614174000",
            "/Users/alice/Library/Application/Support/x",
            "sk-short",
        ] {
            assert!(secret_token(w).is_none(), "{w}");
        }
    }

    #[test]
    fn urls_lose_user_info_and_secret_parameters() {
        let (u, k) =
            redact_url("https://bob:hunter2@example.com/mcp?api_key=abc&x=1#access_token=zz")
                .unwrap();
        assert_eq!(
            u,
            "https://<redacted>@example.com/mcp?api_key=<redacted>&x=1#access_token=<redacted>"
        );
        assert!(k.is_some());
        let (u, k) = redact_url("https://mcp.example.com/sse").unwrap();
        assert_eq!(u, "https://mcp.example.com/sse");
        assert!(k.is_none());
        assert!(redact_url("not a url").is_none());
    }

    #[test]
    fn a_token_anywhere_after_the_host_is_redacted() {
        // Found by the `discover` fuzz target's redaction check (fuzz/README.md).
        let t = "ghp_abcdefghijklmnopqrstuvwxyz0123";
        for (url, want) in [
            (
                format!("https://h.example/sse#{t}"),
                "https://h.example/sse#<redacted>",
            ),
            (
                format!("https://h.example/sse?{t}"),
                "https://h.example/sse?<redacted>",
            ),
            (
                format!("https://h.example/?{t}=1&x=2"),
                "https://h.example/?<redacted>&x=2",
            ),
            (
                format!("https://h.example/?k=1,{t}"),
                "https://h.example/?k=<redacted>",
            ),
            (
                format!("https://h.example/a;{t}/b"),
                "https://h.example/<redacted>/b",
            ),
        ] {
            let (u, k) = redact_url(&url).unwrap();
            assert_eq!(u, want);
            assert!(k.is_some(), "{url}");
        }
        for (arg, want) in [
            (
                format!("--url=https://h.example/p/{t}"),
                "--url=https://h.example/p/<redacted>",
            ),
            (
                format!("endpoint:https://h.example/{t}?x=1"),
                "endpoint:https://h.example/<redacted>?x=1",
            ),
        ] {
            let (out, k) = redact_text(&arg);
            assert_eq!(out, want);
            assert!(k.is_some(), "{arg}");
        }
        let (out, _) = redact_text(&format!("é🙂https://h.example/{t}"));
        assert_eq!(out, "é🙂https://h.example/<redacted>");
        // A URL inside a word without a secret is left as it was.
        assert_eq!(
            redact_text("--url=https://h.example/mcp?x=1").0,
            "--url=https://h.example/mcp?x=1"
        );
    }

    #[test]
    fn args_are_redacted_in_every_form() {
        let (out, found) = redact_args(&args(&[
            "--api-key=abc123",
            "--token",
            "tok-value",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "--header",
            "Authorization: Bearer s3cr3t",
            "--header",
            "Authorization: Bearer ${AUTH_TOKEN}",
            "-e",
            "GITHUB_TOKEN=xyz",
            "-e",
            "GITHUB_TOKEN",
            "https://u:p@h.example/x",
            "--port",
            "8080",
        ]));
        assert_eq!(
            out,
            args(&[
                "--api-key=<redacted>",
                "--token",
                "<redacted>",
                "<redacted>",
                "--header",
                "Authorization: Bearer <redacted>",
                "--header",
                "Authorization: Bearer ${AUTH_TOKEN}",
                "-e",
                "GITHUB_TOKEN=<redacted>",
                "-e",
                "GITHUB_TOKEN",
                "https://<redacted>@h.example/x",
                "--port",
                "8080",
            ])
        );
        let positions: Vec<usize> = found.iter().map(|f| f.0).collect();
        assert_eq!(positions, vec![1, 3, 4, 6, 10, 13]);
    }

    #[test]
    fn a_shell_line_in_one_argument_is_redacted_word_by_word() {
        let (out, k) = redact_text("GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123 npx server");
        assert_eq!(out, "GITHUB_TOKEN=<redacted> npx server");
        assert!(k.is_some());
    }

    #[test]
    fn inline_secret_by_name_or_by_shape() {
        assert!(inline_secret("GITHUB_TOKEN", "abc"));
        assert!(!inline_secret("GITHUB_TOKEN", "${env:GITHUB_TOKEN}"));
        assert!(!inline_secret("LOG_LEVEL", "debug"));
        assert!(inline_secret("OPENAI", "sk-abcdefghijklmnopqrstuvwxyz"));
        assert!(inline_secret("Authorization", "Bearer abc"));
        assert!(!inline_secret("Authorization", "Bearer ${input:token}"));
    }
}
