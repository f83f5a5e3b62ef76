//! Command lines read word by word (the words from [`super::lex`]) by a state machine that
//! redacts each word by the structure around it: the option before it (`--token X`,
//! `-p X`), its own `name=value` or `name:value` shape, a URL, a connection string, a shell
//! string inside it (`sh -c "…"`), or a token's shape. No I/O.

use super::lex::{lex, requote};
use super::url::{redact_connection_string, redact_url};
use super::{Kind, REDACTED, inline_value, secret_name, secret_token};

/// How deep shell strings inside shell strings are followed; deeper text is redacted whole.
const MAX_DEPTH: usize = 8;

/// Programs for which `-p` is not a password (a port, a package, a path, a flag).
const P_NOT_PASSWORD: [&str; 20] = [
    "psql",
    "pg_dump",
    "pg_dumpall",
    "pg_restore",
    "pg_isready",
    "createdb",
    "dropdb",
    "ssh",
    "mkdir",
    "git",
    "cargo",
    "node",
    "deno",
    "python",
    "python3",
    "docker",
    "podman",
    "nerdctl",
    "kubectl",
    "redis-cli",
];

/// Package runners: their own `-p` (`npx -p pkg`, `uvx -p 3.12`) comes before the package;
/// after it, the arguments belong to the program fetched.
const RUNNERS: [&str; 10] = [
    "npx", "pnpx", "bunx", "uvx", "pipx", "uv", "npm", "pnpm", "yarn", "bun",
];

/// Commands that run the next word as the program.
const PREFIX_COMMANDS: [&str; 8] = [
    "sudo", "doas", "env", "exec", "nohup", "time", "command", "nice",
];

/// Single-dash options that start with `p` and are not `-p PASSWORD` run together.
const P_WORDS: [&str; 30] = [
    "port", "path", "profile", "print", "prefix", "project", "proxy", "provider", "protocol",
    "pretty", "parallel", "pid", "plugin", "plugins", "policy", "preview", "pkg", "package",
    "platform", "pull", "push", "public", "prompt", "persist", "pool", "page", "params", "pipe",
    "poll", "prod",
];

/// Values after a secret option that are settings, not secrets.
const TRIVIAL: [&str; 8] = ["true", "false", "none", "null", "yes", "no", "on", "off"];

/// Where a secret was found on a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// The `command` string.
    Command,
    /// An argument, 1-based.
    Arg(usize),
}

/// A command line with its secrets redacted, and where secrets were found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandLine {
    pub command: Option<String>,
    pub args: Vec<String>,
    pub found: Vec<(Position, Kind)>,
}

/// Redacts a server's command line: the `command` string split into words like a shell line,
/// then each argument (one word each; an argument with spaces is a shell string of its own).
/// An option's value is recognised across the two (`"command": "tool --token"`, `["X"]`),
/// and `-p` is read knowing the program.
pub fn redact_command_line(command: Option<&str>, args: &[String]) -> CommandLine {
    let mut line = Line::new(0);
    let mut found = Vec::new();
    let command = command.map(|c| {
        let (text, kind) = line.text(c);
        let (text, last) = super::scrub(&text);
        if let Some(k) = kind.or(last) {
            found.push((Position::Command, k));
        }
        text
    });
    let mut out = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        let (r, k) = line.word(a).unwrap_or_else(|| (a.clone(), None));
        let (r, last) = super::scrub(&r);
        if let Some(k) = k.or(last) {
            found.push((Position::Arg(i + 1), k));
        }
        out.push(r);
    }
    CommandLine {
        command,
        args: out,
        found,
    }
}

/// Redacts a list of arguments with no known program. Returns the arguments and, for each
/// argument that held a secret, its 1-based position and kind.
pub fn redact_args(args: &[String]) -> (Vec<String>, Vec<(usize, Kind)>) {
    let cl = redact_command_line(None, args);
    let found = cl
        .found
        .iter()
        .filter_map(|(p, k)| match p {
            Position::Arg(i) => Some((*i, *k)),
            Position::Command => None,
        })
        .collect();
    (cl.args, found)
}

/// Free text (a shell string, a command, a name) with its secrets redacted word by word, and
/// the kind of the first secret found. Spacing and the quoting of untouched words are kept.
pub fn redact_text(text: &str) -> (String, Option<Kind>) {
    let (r, k) = Line::new(0).text(text);
    let (r, last) = super::scrub(&r);
    (r, k.or(last))
}

/// One value written as a single word (a server URL): redacted as one argument would be, and
/// the kind of secret found.
pub fn redact_value(v: &str) -> (String, Option<Kind>) {
    let (r, k) = Line::new(0)
        .word(v)
        .unwrap_or_else(|| (v.to_string(), None));
    let (r, last) = super::scrub(&r);
    (r, k.or(last))
}

/// A name from a config (a server, project, variable or header name) as the inventory may
/// show it: any secret written into it redacted.
pub fn redact_name(name: &str) -> String {
    redact_text(name).0
}

/// What the next word is, given the words before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Nothing,
    /// The value of a secret option or key (`--token X`, `Bearer X`).
    Value,
    /// After `Authorization:`: a scheme (`Bearer`) or the value.
    Scheme,
    /// After `-p` where it is a password.
    Password,
    /// After `-u`/`--user`: `user:password`.
    UserPass,
}

/// The state of one command line (or one shell string) read word by word.
struct Line {
    depth: usize,
    expect: Expect,
    /// The program of the current simple command (`mysql`, `npx`), lower-cased, without
    /// directories or `.exe`.
    program: Option<String>,
    /// True once a word after the program was not an option.
    positional: bool,
    /// True at the start of a simple command (the next word may be its program).
    new_segment: bool,
}

impl Line {
    fn new(depth: usize) -> Line {
        Line {
            depth,
            expect: Expect::Nothing,
            program: None,
            positional: false,
            new_segment: true,
        }
    }

    /// A shell-like text, lexed and redacted word by word.
    fn text(&mut self, text: &str) -> (String, Option<Kind>) {
        if self.depth > MAX_DEPTH {
            return (REDACTED.to_string(), None);
        }
        // A connection string has spaces in its keys (`User ID=…`): it is not split into words.
        if let Some(r) = redact_connection_string(text) {
            return r;
        }
        let mut out = String::with_capacity(text.len());
        let mut kind = None;
        let mut last = 0;
        for w in lex(text) {
            out.push_str(&text[last..w.start]);
            match self.word(&w.value) {
                None => out.push_str(&text[w.start..w.end]),
                Some((rep, k)) => {
                    kind = kind.or(k);
                    match w.quote {
                        Some(q) => out.push_str(&requote(&rep, q)),
                        None => out.push_str(&rep),
                    }
                }
            }
            last = w.end;
        }
        out.push_str(&text[last..]);
        (out, kind)
    }

    /// One word: its redacted form (None when nothing in it is redacted) and the kind of secret
    /// it held (None when what was redacted did not look secret, such as a URL's `?region=eu`).
    fn word(&mut self, w: &str) -> Option<(String, Option<Kind>)> {
        if matches!(w, "&&" | "||" | "|" | ";" | "&" | "|&") {
            self.end_segment();
            return None;
        }
        let r = self.word_in_segment(w);
        if w.ends_with(';') && redact_connection_string(w).is_none() {
            self.end_segment();
        }
        r
    }

    fn end_segment(&mut self) {
        self.expect = Expect::Nothing;
        self.program = None;
        self.positional = false;
        self.new_segment = true;
    }

    fn word_in_segment(&mut self, w: &str) -> Option<(String, Option<Kind>)> {
        match std::mem::replace(&mut self.expect, Expect::Nothing) {
            Expect::Value | Expect::Scheme => {
                if is_scheme(w) {
                    self.expect = Expect::Value;
                    return None;
                }
                if !looks_like_option(w) {
                    return value(w);
                }
            }
            Expect::Password => {
                if port_shaped(w) {
                    return None;
                }
                if !looks_like_option(w) {
                    return value(w);
                }
            }
            Expect::UserPass => {
                if !w.contains("://")
                    && let Some((user, pass)) = w.split_once(':')
                    && !(user.chars().all(|c| c.is_ascii_digit())
                        && pass.chars().all(|c| c.is_ascii_digit()))
                    && inline_value(pass)
                {
                    return Some((format!("{user}:{REDACTED}"), Some("a password")));
                }
            }
            Expect::Nothing => {}
        }
        self.plain(w)
    }

    /// A word that is not the value of the word before it.
    fn plain(&mut self, w: &str) -> Option<(String, Option<Kind>)> {
        let mut program_word = false;
        if self.new_segment && !assignment_word(w) {
            let p = program_name(w);
            if !PREFIX_COMMANDS.contains(&p.as_str()) {
                self.program = Some(p);
                self.new_segment = false;
                self.positional = false;
                program_word = true;
            }
        }
        if let Some((r, k)) = redact_connection_string(w) {
            return changed(w, r, k);
        }
        // A shell string inside a word (`sh -c "npx x --token abc"`): read as a line of its own.
        if w.chars().any(char::is_whitespace) {
            let mut inner = Line::new(self.depth + 1);
            let (r, k) = inner.text(w);
            if inner.expect != Expect::Nothing {
                self.expect = Expect::Value;
            }
            return changed(w, r, k);
        }
        let lower = w.to_ascii_lowercase();
        if matches!(lower.as_str(), "bearer" | "basic") {
            self.expect = Expect::Value;
            return None;
        }
        if let Some(name) = w.strip_suffix(':')
            && option_name(name)
            && secret_name(name)
        {
            self.expect = Expect::Scheme;
            return None;
        }
        if w.len() > 1 && w.starts_with('-') && !w.contains('=') {
            if let Some(r) = self.option(w, &lower) {
                return Some(r);
            }
            // An option word that is or holds a token (`-ghp_…`, `--x/ghp_…`): redacted like
            // any other word, after its meaning for the next word was noted.
            if let Some(k) = secret_token(w.trim_start_matches('-')) {
                return Some((REDACTED.to_string(), Some(k)));
            }
            return pieces(w);
        }
        if !program_word && !w.starts_with('-') {
            self.positional = true;
        }
        // `name=value`, but not base64 padding (`dXNlcg==`).
        if let Some((name, val)) = w.split_once('=')
            && option_name(name)
            && !val.chars().all(|c| c == '=')
        {
            return self.assignment(name, '=', val);
        }
        if let Some(start) = url_start(w)
            && let Some((u, k)) = redact_url(&w[start..])
        {
            return changed(w, format!("{}{u}", &w[..start]), k);
        }
        if let Some((name, val)) = w.split_once(':')
            && option_name(name)
            && secret_name(name)
        {
            return self.assignment(name, ':', val);
        }
        if let Some(r) = dsn_password(w) {
            return Some(r);
        }
        if let Some(k) = secret_token(w) {
            return Some((REDACTED.to_string(), Some(k)));
        }
        pieces(w)
    }

    /// An option without `=`: `-p`, `-pSECRET`, `-u`, or one whose name says its value is a
    /// secret (`--api-key`, `--passphrase`, `--authKey`).
    fn option(&mut self, w: &str, lower: &str) -> Option<(String, Option<Kind>)> {
        if w == "-p" {
            if self.p_is_password() {
                self.expect = Expect::Password;
            }
            return None;
        }
        if w == "-u" || w == "--user" {
            self.expect = Expect::UserPass;
            return None;
        }
        if let Some(rest) = w.strip_prefix("-p")
            && !w.starts_with("--")
            && self.p_is_password()
            && !P_WORDS.contains(&&lower[1..])
            && !port_shaped(rest)
        {
            return Some((format!("-p{REDACTED}"), Some("a password (-p…)")));
        }
        if secret_name(w) {
            self.expect = Expect::Value;
        }
        None
    }

    /// `name=value` or `name:value`: the value redacted when the name says it is a secret,
    /// otherwise read as a word of its own (a URL, a connection string, a token).
    fn assignment(&mut self, name: &str, sep: char, val: &str) -> Option<(String, Option<Kind>)> {
        if name == "-p" && self.p_is_password() && !val.is_empty() {
            return Some((format!("-p{sep}{REDACTED}"), Some("a password (-p…)")));
        }
        if secret_name(name) {
            if is_scheme(val) {
                self.expect = Expect::Value;
                return None;
            }
            if inline_value(val) {
                return Some((format!("{name}{sep}{REDACTED}"), Some("a credential value")));
            }
            return None;
        }
        if val.is_empty() {
            return None;
        }
        let mut inner = Line::new(self.depth + 1);
        inner.new_segment = false;
        inner.program = self.program.clone();
        inner.positional = true;
        let r = inner.word(val);
        if inner.expect != Expect::Nothing {
            self.expect = Expect::Value;
        }
        r.map(|(v, k)| (format!("{name}{sep}{v}"), k))
    }

    /// Whether `-p` here is a password: yes unless the program uses `-p` otherwise (a port, a
    /// package before a runner's package name).
    fn p_is_password(&self) -> bool {
        match self.program.as_deref() {
            None => true,
            Some(p) if P_NOT_PASSWORD.contains(&p) => false,
            Some(p) if RUNNERS.contains(&p) => self.positional,
            Some(_) => true,
        }
    }
}

/// The value of a secret option: redacted unless it is a reference, a path or a setting.
fn value(w: &str) -> Option<(String, Option<Kind>)> {
    let lower = w.to_ascii_lowercase();
    if !inline_value(w) || TRIVIAL.contains(&lower.as_str()) {
        return None;
    }
    Some((REDACTED.to_string(), Some("a credential value")))
}

fn changed(w: &str, r: String, k: Option<Kind>) -> Option<(String, Option<Kind>)> {
    (r != w).then_some((r, k))
}

fn is_scheme(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "bearer" | "basic" | "token" | "digest"
    )
}

/// `--long-option` or `-x`: a word that is an option, not the value of the option before it.
/// (`-abc123` or `--Secret1` after `--password` is a value.)
fn looks_like_option(w: &str) -> bool {
    match w.strip_prefix("--") {
        Some(rest) => {
            rest.starts_with(|c: char| c.is_ascii_lowercase())
                && rest.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        }
        None => w.len() == 2 && w.starts_with('-') && w.as_bytes()[1].is_ascii_alphabetic(),
    }
}

/// A port or a port mapping: `8080:80`, `127.0.0.1:8080:80`, `5000-5010:5000-5010/udp`.
fn port_shaped(w: &str) -> bool {
    let (main, proto) = match w.split_once('/') {
        Some((m, p)) => (m, Some(p)),
        None => (w, None),
    };
    proto.is_none_or(|p| matches!(p, "tcp" | "udp" | "sctp"))
        && main.contains(':')
        && main.starts_with(|c: char| c.is_ascii_digit())
        && main
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ':' | '-'))
}

/// A name in `name=value`: an option or variable name, not a path or URL part.
fn option_name(name: &str) -> bool {
    let n = name.trim_start_matches('-');
    name.len() - n.len() <= 2
        && n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `NAME=value` at the start of a shell command sets a variable; it is not the program.
fn assignment_word(w: &str) -> bool {
    w.split_once('=').is_some_and(|(n, _)| {
        !n.is_empty()
            && !n.starts_with('-')
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The program of a command word: without directories or a Windows suffix, lower-cased.
fn program_name(w: &str) -> String {
    let base = w
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(w)
        .to_ascii_lowercase();
    for suffix in [".exe", ".cmd", ".bat", ".ps1"] {
        if let Some(s) = base.strip_suffix(suffix) {
            return s.to_string();
        }
    }
    base
}

/// Where a URL starts in a word (`"url":"https://…` → at `https`).
fn url_start(w: &str) -> Option<usize> {
    let p = w.find("://")?;
    let start = w[..p]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-' | ':'))
        .last()
        .map(|(i, _)| i)?;
    Some(start)
}

/// `user:password@host…` without a scheme (a Go MySQL DSN, `redis` style): the password
/// redacted. An image digest (`name:tag@sha256:…`) is not one.
fn dsn_password(w: &str) -> Option<(String, Option<Kind>)> {
    let (cred, host) = w.split_once('@')?;
    let (user, pass) = cred.split_once(':')?;
    if user.is_empty()
        || user.contains('/')
        || pass.is_empty()
        || host.is_empty()
        || host.starts_with("sha256:")
        || !inline_value(pass)
    {
        return None;
    }
    // A user name that is itself a token (`ghp_…:x-oauth-basic@`, a random key) goes too.
    let user = if super::secret_token(user).is_some() {
        REDACTED
    } else {
        user
    };
    Some((
        format!("{user}:{REDACTED}@{host}"),
        Some("credentials in a connection string"),
    ))
}

/// A word made of pieces (`key=…,token=…`, `{"apiKey":"…"}`, `"ghp_…"`): each piece that is a
/// token, and each piece that follows a secret name and `=` or `:`, redacted.
fn pieces(w: &str) -> Option<(String, Option<Kind>)> {
    let is_delim = |c: char| {
        matches!(
            c,
            '=' | ',' | ';' | ':' | '"' | '\'' | '{' | '}' | '[' | ']' | '(' | ')'
        )
    };
    let mut out = String::with_capacity(w.len());
    let mut kind = None;
    let mut after_name = false;
    let mut rest = w;
    while !rest.is_empty() {
        let d = rest.find(|c: char| !is_delim(c)).unwrap_or(rest.len());
        let delims = &rest[..d];
        out.push_str(delims);
        rest = &rest[d..];
        if rest.is_empty() {
            break;
        }
        let e = rest.find(is_delim).unwrap_or(rest.len());
        let piece = &rest[..e];
        rest = &rest[e..];
        let is_value = after_name && delims.contains(['=', ':']);
        if let Some(k) = secret_token(piece) {
            kind = kind.or(Some(k));
            out.push_str(REDACTED);
        } else if is_value && value(piece).is_some() {
            kind = kind.or(Some("a credential value"));
            out.push_str(REDACTED);
        } else {
            out.push_str(piece);
        }
        after_name = option_name(piece) && secret_name(piece);
    }
    changed(w, out, kind)
}
