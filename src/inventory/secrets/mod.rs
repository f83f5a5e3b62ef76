//! Recognising secrets in configuration strings, and redacting them: the one redaction path
//! every string a scan takes from a config goes through before it reaches the inventory.
//!
//! Redaction is by structure first: the value after an option or key whose name says it is a
//! secret (`--api-key X`, `secretKey=X`, `Password=X;`), every URL query value and user info,
//! the secret keys of connection strings, webhook path tokens, shell strings (`sh -c "…"`)
//! split into words and redacted as arguments; and by shape second (known token formats, long
//! random or base64-looking strings). Pure string functions: no I/O. A value is never returned
//! or formatted except with its secret parts replaced by [`REDACTED`]; callers store names (of
//! variables, headers, options), never values.

mod lex;
mod scrub;
mod url;
mod words;

pub use scrub::scrub;
pub use url::redact_url;
pub use words::{
    CommandLine, Position, redact_args, redact_command_line, redact_name, redact_text, redact_value,
};

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

/// Words in a variable, option, header or query-parameter name that say it holds a secret.
const SECRET_WORDS: [&str; 22] = [
    "KEY",
    "APIKEY",
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PASS",
    "PASSPHRASE",
    "PWD",
    "PW",
    "CREDENTIAL",
    "CREDENTIALS",
    "AUTH",
    "AUTHORIZATION",
    "PAT",
    "COOKIE",
    "SESSION",
    "SESSIONID",
    "SIG",
    "SIGNATURE",
    "JWT",
    "BEARER",
];

/// Endings that make one run-together word a secret name (`MYAPIKEY`, `DBPASSWORD`,
/// `SECRETKEY`, `AUTHKEY`, `ACCESSTOKEN`).
const SECRET_ENDINGS: [&str; 10] = [
    "TOKEN",
    "SECRET",
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "APIKEY",
    "SECRETKEY",
    "AUTHKEY",
    "ACCESSKEY",
    "PRIVATEKEY",
];

/// Last words of a name that make it a setting about a secret rather than the secret.
const NOT_SECRET_LAST: [&str; 24] = [
    "MODE", "TYPE", "METHOD", "URL", "URI", "ENDPOINT", "HOST", "PORT", "PATH", "FILE", "DIR",
    "ID", "ENABLED", "TIMEOUT", "PROVIDER", "REGION", "NAME", "SCOPE", "SCOPES", "HEADER", "TTL",
    "EXPIRY", "FORMAT", "PREFIX",
];

/// The words of a name, upper-cased: split at every non-alphanumeric character and at case
/// changes (`secretKey` → SECRET KEY, `APIKey` → API KEY, `X-Api-Key` → X API KEY).
fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    for part in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
    {
        let chars: Vec<char> = part.chars().collect();
        let mut start = 0;
        for i in 1..chars.len() {
            let (prev, cur) = (chars[i - 1], chars[i]);
            let next_lower = chars.get(i + 1).is_some_and(|c| c.is_ascii_lowercase());
            // fooBar | FOOBar (an acronym ends before the capital of the next word)
            let boundary = (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
                || (prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && next_lower);
            if boundary {
                words.push(chars[start..i].iter().collect::<String>());
                start = i;
            }
        }
        words.push(chars[start..].iter().collect::<String>());
    }
    words.iter().map(|w| w.to_ascii_uppercase()).collect()
}

/// True when a name (`GITHUB_TOKEN`, `--api-key`, `X-Api-Key`, `access_token`, `secretKey`,
/// `--passphrase`) says its value is a secret.
pub fn secret_name(name: &str) -> bool {
    let words = name_words(name.trim_start_matches('-'));
    let Some(last) = words.last() else {
        return false;
    };
    // `--no-auth`: a switch, not a secret.
    if words.first().is_some_and(|f| f == "NO") {
        return false;
    }
    // `session_id`, `sessionId`: the id of a session is its secret.
    let session_id = words.len() >= 2 && last == "ID" && words[words.len() - 2] == "SESSION";
    // `AUTH_MODE`, `TOKEN_URL`, `OAUTH_CLIENT_ID`, `SESSION_TIMEOUT`: about a secret, not one.
    if NOT_SECRET_LAST.contains(&last.as_str()) && !session_id {
        return false;
    }
    // Run-together words are checked unsplit too (`MYAPIKEY`).
    let unsplit: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_ascii_uppercase)
        .collect();
    session_id
        || words.iter().chain(unsplit.iter()).any(|part| {
            SECRET_WORDS.contains(&part.as_str())
                || SECRET_ENDINGS
                    .iter()
                    .any(|w| part.len() > w.len() && part.ends_with(w))
        })
}

/// The kind of secret a single word is, if it looks like one on its own (a known token format,
/// a JWT, a long high-entropy or base64-looking string).
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
    if jwt(w) {
        return Some("a JSON Web Token");
    }
    if high_entropy(w) {
        return Some("a long random token");
    }
    if base64_like(w) {
        return Some("a base64-encoded token");
    }
    None
}

/// `eyJ…`.`…`.`…`: a JSON Web Token (its header is base64url JSON starting `{"`).
fn jwt(w: &str) -> bool {
    let parts: Vec<&str> = w.split('.').collect();
    w.starts_with("eyJ")
        && (2..=3).contains(&parts.len())
        && parts[..2].iter().all(|p| p.len() >= 8)
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// Per-character Shannon entropy, in bits.
fn entropy(w: &str) -> f64 {
    let mut counts = std::collections::BTreeMap::new();
    for c in w.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let n = w.chars().count() as f64;
    counts
        .values()
        .map(|&k| {
            let p = k as f64 / n;
            -p * p.log2()
        })
        .sum()
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
    entropy(w) >= 4.0
}

/// A string in the base64 (or base64url) alphabet that mixes upper and lower case and is either
/// padded (`dXNlcjpwYXNz==`) or long with digits in it: an encoded credential, not a word, a
/// path or a model name (those hold `.`, `:`, `@`, or a single case).
fn base64_like(w: &str) -> bool {
    let core = w.trim_end_matches('=');
    let pad = w.len() - core.len();
    if pad > 2 || core.len() < 16 || core.starts_with(['/', '-', '_']) || core.contains("//") {
        return false;
    }
    let std = core
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '/');
    let url = core
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !(std || url) {
        return false;
    }
    let upper = core.chars().any(|c| c.is_ascii_uppercase());
    let lower = core.chars().any(|c| c.is_ascii_lowercase());
    let digits = core.chars().filter(|c| c.is_ascii_digit()).count();
    if !(upper && lower) {
        return false;
    }
    if pad > 0 {
        return w.len().is_multiple_of(4);
    }
    // A path (`src/Main2Window`) has slashes but no `+`; a slashed base64 value has both or is
    // padded.
    if core.contains('/') && !core.contains('+') {
        return false;
    }
    core.len() >= 20 && digits >= 2 && entropy(core) >= 3.5
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

/// A message about a config (a parser's error, which may quote a key) with every word that
/// looks like a token or holds a URL redacted. Prose, not a command line: the words after
/// `key:` are not values here.
pub fn redact_message(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let core =
                w.trim_matches(|c: char| matches!(c, '`' | '"' | '\'' | ',' | ';' | '(' | ')'));
            if let Some((u, _)) = redact_url(core) {
                w.replace(core, &u)
            } else if secret_token(core).is_some() {
                w.replace(core, REDACTED)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests;
