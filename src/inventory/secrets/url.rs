//! URLs and connection strings, redacted by their structure: user info, every query and
//! fragment value, `;` parameters, webhook and key path segments; the secret keys of
//! `key=value;` connection strings (ADO.NET, ODBC, Azure). No I/O.

use super::{Kind, REDACTED, inline_value, secret_name, secret_token};

/// Path segments after which every later segment is a token (`/services/T…/B…/x` of a Slack
/// webhook on a `hooks.` host, `/api/webhooks/id/token`, Teams' `/webhookb2/…`).
const WEBHOOK_MARKERS: [&str; 4] = ["hooks", "webhook", "webhooks", "webhookb2"];

/// Path segments whose next segment is a key (`/key/K`, IFTTT's `/with/key/K`, `/token/T`).
const KEY_MARKERS: [&str; 12] = [
    "key",
    "keys",
    "apikey",
    "api-key",
    "api_key",
    "token",
    "tokens",
    "secret",
    "secrets",
    "password",
    "sig",
    "signature",
];

/// A URL with its user info, every query and fragment value, its `;` parameters and its token
/// path segments redacted, and the kind of secret removed (none when only values that do not
/// look secret were redacted, such as `?region=eu`). Not a URL: `None`.
pub fn redact_url(url: &str) -> Option<(String, Option<Kind>)> {
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    // `https`, `git+ssh`, `jdbc:mysql`, `mongodb+srv`.
    if !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-' | ':'))
    {
        return None;
    }
    let after = &url[scheme_end + 3..];
    let auth_end = after.find(['/', '?', '#', ';']).unwrap_or(after.len());
    let (authority, tail) = after.split_at(auth_end);
    let mut kind = None;
    let mut out = format!("{scheme}://");
    let host = match authority.rfind('@') {
        Some(at) => {
            out.push_str(REDACTED);
            out.push_str(&authority[at..]);
            kind = Some("credentials in the URL");
            &authority[at + 1..]
        }
        None => {
            out.push_str(authority);
            authority
        }
    };
    let (before_frag, frag) = match tail.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (tail, None),
    };
    let (path, query) = match before_frag.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_frag, None),
    };
    out.push_str(&redact_path(path, host, &mut kind));
    if let Some(q) = query {
        out.push('?');
        out.push_str(&redact_params(q, '&', &mut kind));
    }
    if let Some(f) = frag {
        out.push('#');
        out.push_str(&redact_params(f, '&', &mut kind));
    }
    Some((out, kind))
}

/// The path: segments that are tokens, or that follow a webhook or key marker, redacted; the
/// values of `;name=value` parameters redacted.
fn redact_path(path: &str, host: &str, kind: &mut Option<Kind>) -> String {
    let hook_host = host.to_ascii_lowercase().contains("hook");
    let mut rest_secret = false;
    let mut next_secret = false;
    let mut segments = Vec::new();
    for seg in path.split('/') {
        let (head, params) = match seg.split_once(';') {
            Some((h, p)) => (h, Some(p)),
            None => (seg, None),
        };
        let lower = head.to_ascii_lowercase();
        let mut out = if head.is_empty() {
            String::new()
        } else if rest_secret
            || next_secret
            || secret_token(head).is_some()
            || head
                .split(['=', ',', ';', ':', '"', '\'', '@'])
                .any(|p| secret_token(p).is_some())
            || bot_token(head)
        {
            *kind = kind.or(Some("a token in the URL path"));
            REDACTED.to_string()
        } else {
            head.to_string()
        };
        if !head.is_empty() {
            next_secret = KEY_MARKERS.contains(&lower.as_str());
            if WEBHOOK_MARKERS.contains(&lower.as_str()) || (hook_host && lower == "services") {
                rest_secret = true;
            }
        }
        if let Some(p) = params {
            out.push(';');
            out.push_str(&redact_params(p, ';', kind));
        }
        segments.push(out);
    }
    segments.join("/")
}

/// A Telegram bot token in a path: `bot123456:AA…`.
fn bot_token(seg: &str) -> bool {
    seg.strip_prefix("bot")
        .and_then(|r| r.split_once(':'))
        .is_some_and(|(id, tok)| {
            !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) && tok.len() >= 20
        })
}

/// `name=value` parameters: every value redacted, and a name that is itself a token with it
/// (`#ghp_…=x`). A bare parameter stays only when it is a plain word (`?debug`); the kind says
/// whether a redacted value looked secret.
fn redact_params(s: &str, sep: char, kind: &mut Option<Kind>) -> String {
    s.split(sep)
        .map(|p| match p.split_once('=') {
            Some((k, _)) if secret_token(&percent_decode(k)).is_some() => {
                *kind = kind.or(Some("a secret query parameter"));
                REDACTED.to_string()
            }
            Some((k, v)) if !v.is_empty() => {
                let name = percent_decode(k);
                if secret_query_name(&name) || secret_token(&percent_decode(v)).is_some() {
                    *kind = kind.or(Some("a secret query parameter"));
                }
                format!("{k}={REDACTED}")
            }
            Some(_) => p.to_string(),
            // A bare parameter that is a token (`#ghp_…`), however word-like it looks.
            None if secret_token(&percent_decode(p)).is_some() => {
                *kind = kind.or(Some("a secret query parameter"));
                REDACTED.to_string()
            }
            None if p.is_empty()
                || (p.len() <= 32
                    && p.chars()
                        .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')) =>
            {
                p.to_string()
            }
            None => {
                if secret_token(&percent_decode(p)).is_some() {
                    *kind = kind.or(Some("a secret query parameter"));
                }
                REDACTED.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}

/// `%5F` → `_`: parameter names are compared decoded (`api%5Fkey`).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn secret_query_name(k: &str) -> bool {
    let lower = k.to_ascii_lowercase();
    secret_name(k)
        || matches!(
            lower.as_str(),
            "apikey"
                | "api_key"
                | "access_token"
                | "client_secret"
                | "code"
                | "sas"
                | "sv"
                | "sid"
                | "jsessionid"
                | "phpsessid"
                | "aspsessionid"
        )
}

/// Keys of a connection string whose value is the account: redacted, but not a secret finding.
const ACCOUNT_KEYS: [&str; 5] = ["userid", "uid", "user", "username", "accountname"];

/// Keys of a connection string whose value is a secret (compared lower-cased, without spaces,
/// `_` or `-`), besides any name [`secret_name`] recognises.
const SECRET_KEYS: [&str; 8] = [
    "password",
    "pwd",
    "accountkey",
    "sharedaccesskey",
    "sharedaccesssignature",
    "sastoken",
    "clientsecret",
    "accesskey",
];

/// A `key=value;` connection string (ADO.NET `Server=…;User ID=…;Password=…;`, ODBC
/// `PWD={…}`, Azure `AccountKey=…`) with the values of its account and secret keys redacted,
/// and the kind when a secret was among them. Not shaped like one (no `;`, a part without
/// `=`, a key that is not a name): `None`.
pub(super) fn redact_connection_string(s: &str) -> Option<(String, Option<Kind>)> {
    if !s.contains(';') || !s.contains('=') {
        return None;
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let at = |i: usize| chars.get(i).map_or(s.len(), |c| c.0);
    let mut out = String::with_capacity(s.len());
    let mut kind = None;
    let mut pairs = 0;
    let mut i = 0;
    while i < chars.len() {
        // Separators and spaces between pairs.
        let sep_start = i;
        while i < chars.len() && (chars[i].1 == ';' || chars[i].1.is_whitespace()) {
            i += 1;
        }
        out.push_str(&s[at(sep_start)..at(i)]);
        if i >= chars.len() {
            break;
        }
        let key_start = i;
        while i < chars.len() && chars[i].1 != '=' && chars[i].1 != ';' {
            i += 1;
        }
        if i >= chars.len() || chars[i].1 != '=' {
            return None;
        }
        let key = s[at(key_start)..at(i)].trim();
        if !key.starts_with(|c: char| c.is_ascii_alphabetic())
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '.' | '-'))
        {
            return None;
        }
        out.push_str(&s[at(key_start)..=at(i)]);
        i += 1;
        // The value: quoted, braced (ODBC) or up to the next `;`.
        let value_start = i;
        match chars.get(i).map(|c| c.1) {
            Some(q @ ('"' | '\'')) => {
                i += 1;
                while i < chars.len() {
                    if chars[i].1 == q {
                        // A doubled quote is an escaped one.
                        if chars.get(i + 1).is_some_and(|c| c.1 == q) {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        break;
                    }
                    i += 1;
                }
            }
            Some('{') => {
                while i < chars.len() && chars[i].1 != '}' {
                    i += 1;
                }
                i = (i + 1).min(chars.len());
            }
            _ => {}
        }
        while i < chars.len() && chars[i].1 != ';' {
            i += 1;
        }
        let value = &s[at(value_start)..at(i)];
        pairs += 1;
        let norm: String = key
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let secret = SECRET_KEYS.contains(&norm.as_str()) || secret_name(key);
        let account = ACCOUNT_KEYS.contains(&norm.as_str());
        let trimmed = value.trim().trim_matches(['"', '\'', '{', '}']);
        if (secret || account) && !trimmed.is_empty() && inline_value(trimmed) {
            if secret {
                kind = kind.or(Some("a password in a connection string"));
            }
            out.push_str(REDACTED);
        } else if let Some((u, k)) = redact_url(value.trim()) {
            kind = kind.or(k);
            out.push_str(&u);
        } else if let Some(k) = secret_token(value.trim()) {
            kind = kind.or(Some(k));
            out.push_str(REDACTED);
        } else {
            out.push_str(value);
        }
    }
    (pairs >= 2 || (pairs == 1 && s.trim_end().ends_with(';'))).then_some((out, kind))
}
