//! One server entry: its transport, its secrets redacted (arguments, URLs) or flagged (env and
//! header values), and its flags. No file reading or scanning here.

use super::model::{Client, Flag, FlagCode, Location, NO_OWNER_MESSAGE, Server, Transport};
use super::packages;
use super::secrets::{self, Position};

/// A server entry as written, before normalising and flagging.
#[derive(Default)]
pub(crate) struct Raw {
    pub(crate) name: String,
    pub(crate) project: Option<String>,
    pub(crate) command: Option<String>,
    pub(crate) args: Vec<String>,
    pub(crate) url: Option<String>,
    /// `httpUrl` (Gemini's streamable HTTP).
    pub(crate) http_url: bool,
    pub(crate) kind: Option<String>,
    pub(crate) env: Vec<(String, String)>,
    pub(crate) headers: Vec<(String, String)>,
}

fn transport_of(r: &Raw) -> Transport {
    if let Some(k) = &r.kind {
        return match k.to_ascii_lowercase().replace('_', "-").as_str() {
            "stdio" => Transport::Stdio,
            "sse" => Transport::Sse,
            "http" => Transport::Http,
            "streamable-http" | "streamablehttp" | "streamable" => Transport::StreamableHttp,
            _ => Transport::Unknown,
        };
    }
    if r.command.is_some() {
        Transport::Stdio
    } else if r.http_url {
        Transport::StreamableHttp
    } else if r.url.is_some() {
        Transport::Http
    } else {
        Transport::Unknown
    }
}

/// The host of a URL, lower-cased, without user info, port or brackets.
pub fn url_host(url: &str) -> Option<String> {
    let (_, after) = url.split_once("://")?;
    let auth = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = auth.rsplit('@').next().unwrap_or(auth);
    let host = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or(rest)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    Some(host.to_ascii_lowercase())
}

/// localhost, `*.localhost`, 127.0.0.0/8 and ::1.
pub fn is_local_host(host: &str) -> bool {
    host == "localhost" || host.ends_with(".localhost") || host.starts_with("127.") || host == "::1"
}

fn plain_http(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    if !lower.starts_with("http://") {
        return None;
    }
    url_host(url).filter(|h| !is_local_host(h))
}

/// Local stdio programs that only proxy to a remote MCP server given by URL.
const REMOTE_PROXIES: [&str; 3] = ["mcp-remote", "mcp-proxy", "supergateway"];

fn flag(code: FlagCode, message: String) -> Flag {
    Flag { code, message }
}

/// Normalises a raw entry, redacts secrets and computes the flags.
/// Long on purpose: one server entry is read field by field in the order MCP client configs define them, each with its located error.
pub(crate) fn build_server(r: Raw, client: Client, file: &str) -> Server {
    let transport = transport_of(&r);
    let mut flags = Vec::new();
    let mut secret_args = Vec::new();
    let mut secret_config = Vec::new();

    let line = secrets::redact_command_line(r.command.as_deref(), &r.args);
    for (pos, k) in line.found {
        secret_args.push(flag(
            FlagCode::SecretInArgs,
            match pos {
                Position::Command => format!("the command holds {k}; it was redacted: pass secrets through an environment variable reference instead"),
                Position::Arg(n) => format!("argument {n} holds {k}; it was redacted: pass secrets through an environment variable reference instead"),
            },
        ));
    }
    let (command, args) = (line.command, line.args);
    let url = r.url.as_deref().map(|u| {
        let (red, kind) = secrets::redact_value(u);
        if let Some(k) = kind {
            secret_config.push(flag(
                FlagCode::SecretInConfig,
                format!("the server URL holds {k}; it was redacted: send credentials in a header that references a secret"),
            ));
        }
        red
    });

    // Remote over plain http: the server URL, or a URL a local proxy connects to.
    let mut remote_via_proxy = false;
    if let Some(host) = url.as_deref().and_then(plain_http) {
        flags.push(flag(
            FlagCode::RemotePlainHttp,
            format!("connects to {host} over plain http://: traffic and credentials travel unencrypted; use https://"),
        ));
    }
    let prog = command.as_deref().map(packages::program);
    let proxy = REMOTE_PROXIES.iter().any(|p| {
        prog.as_deref() == Some(p)
            || args
                .iter()
                .any(|a| a == p || a.starts_with(&format!("{p}@")))
    });
    for (i, a) in args.iter().enumerate() {
        if let Some(host) = url_host(a).filter(|_| a.contains("://")) {
            let local = is_local_host(&host);
            if proxy && !local && a.to_ascii_lowercase().starts_with("http") {
                remote_via_proxy = true;
            }
            if let Some(host) = plain_http(a) {
                flags.push(flag(
                    FlagCode::RemotePlainHttp,
                    format!("argument {} is a plain http:// URL to {host}: traffic travels unencrypted; use https://", i + 1),
                ));
            }
        }
    }

    if let Some(f) = command.as_deref().and_then(|c| packages::fetched(c, &args))
        && let Some(why) = f.unpinned
    {
        flags.push(flag(
            FlagCode::UnpinnedPackage,
            format!(
                "runs the {} `{}` fetched when it starts, with {why}: any new release runs unreviewed; pin an exact version{}",
                if f.registry == "container image" { "container image".to_string() } else { format!("{} package", f.registry) },
                f.spec,
                match f.registry {
                    "npm" => " (name@1.2.3)",
                    "PyPI" => " (name==1.2.3)",
                    _ => " (a tag other than latest, or an @sha256 digest)",
                }
            ),
        ));
    }

    flags.extend(secret_args);
    // Names come from the config too: they pass the same redaction as values.
    let clean = |pairs: Vec<(String, String)>| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = pairs
            .into_iter()
            .map(|(k, v)| (secrets::redact_name(&k), v))
            .collect();
        v.sort();
        v
    };
    let env = clean(r.env);
    for (name, value) in &env {
        if secrets::inline_secret(name, value) {
            secret_config.push(flag(
                FlagCode::SecretInConfig,
                format!("env `{name}` holds a value written in the file: reference it instead (for example ${{env:{name}}} or ${{input:…}}) or use a secret store"),
            ));
        }
    }
    let headers = clean(r.headers);
    for (name, value) in &headers {
        if secrets::inline_secret(name, value) {
            secret_config.push(flag(
                FlagCode::SecretInConfig,
                format!("header `{name}` holds a value written in the file: reference a secret instead (for example Bearer ${{env:TOKEN}})"),
            ));
        }
    }
    flags.extend(secret_config);
    flags.push(flag(FlagCode::NoOwnerRecorded, NO_OWNER_MESSAGE.into()));

    let location = match url.as_deref().and_then(url_host) {
        Some(h) if is_local_host(&h) => Location::Local,
        Some(_) => Location::Remote,
        None if remote_via_proxy => Location::Remote,
        None => Location::Local,
    };
    let names = |v: Vec<(String, String)>| -> Vec<String> {
        let mut n: Vec<String> = v.into_iter().map(|(k, _)| k).collect();
        n.dedup();
        n
    };
    Server {
        name: secrets::redact_name(&r.name),
        client,
        file: file.to_string(),
        project: r.project.as_deref().map(secrets::redact_name),
        transport,
        command,
        args,
        url,
        location,
        env: names(env),
        headers: names(headers),
        owner: None,
        note: None,
        status: None,
        flags,
    }
}
