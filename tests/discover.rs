//! `discover`: the inventory of agent and MCP server configs found in a fake home directory and
//! a fake repository (tests/fixtures/discover), problems for broken files, determinism, and no
//! secret value from the fixtures in any output; `assess --inventory` and the answers file's
//! `inventory:` key.
#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use aimscore::inventory::{
    Inventory, MAX_CONFIG_BYTES, MAX_FOLDER_CONFIGS, MAX_FOLDER_ENTRIES, MAX_HISTORY_CONFIG_BYTES,
    MAX_SERVERS, MAX_SERVERS_PER_FILE,
};
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/discover")
}

/// Runs aimscore in `dir`: (exit code, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("aimscore")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `discover home repo` in the fixtures directory, in a format; must exit 0.
fn discover(format: &str) -> String {
    let (code, out, err) = run_in(
        &fixtures(),
        &["discover", "home", "repo", "--format", format],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    out
}

fn inventory() -> Inventory {
    serde_json::from_str(&discover("json")).unwrap()
}

/// Every secret value written in the fixtures. Most contain TESTONLY; the random one does not.
const SECRETS: [&str; 20] = [
    "TESTONLY",
    "lin_api_TESTONLY0123456789abcdef",
    "ghp_TESTONLY1a2b3c4d5e6f7g8h9i0jKLMNOPQR",
    "xoxb-000000000-TESTONLYslackbot",
    "Zx9Qm3VtL7pR2wYk8NcJ5hFb1GdS6aXe",
    "tokTESTONLYsep77",
    "ghp_BROKENTESTONLY000000000000000000000000",
    "cursorTESTONLYkey",
    "braveTESTONLY42",
    "wsTESTONLYkey987",
    "gemTESTONLYbearer555",
    "AKIATESTONLY12345678",
    "sk-ant-TESTONLY-model-key-0000000000",
    "p4ssw0rdTESTONLY",
    "yamlTESTONLYsecret",
    "duplicateTESTONLYsecret",
    "sk-ant-TESTONLY-settings-0000000000",
    "sseTESTONLY2024",
    "sk-TESTONLY-4f9c2a7e1b8d3c6f0a5e9b2d",
    "remoteTESTONLY31",
];

fn assert_no_secret(what: &str, out: &str) {
    for s in SECRETS {
        assert!(!out.contains(s), "{what} leaks the secret {s}:\n{out}");
    }
    // The fixture's usernames in URLs are credentials too.
    assert!(!out.contains("app:p4ss"), "{what} leaks URL user info");
}

/// One line per server: file, name, client, transport, location, flag codes.
fn summary(inv: &Inventory) -> Vec<String> {
    inv.servers
        .iter()
        .map(|s| {
            let codes: Vec<&str> = s.flags.iter().map(|f| f.code.as_str()).collect();
            format!(
                "{} | {}{} | {} {} {} | {}",
                s.file,
                s.name,
                s.project
                    .as_deref()
                    .map(|p| format!(" [{p}]"))
                    .unwrap_or_default(),
                s.client.as_str(),
                s.transport.as_str(),
                s.location.as_str(),
                codes.join(",")
            )
        })
        .collect()
}

fn server<'a>(inv: &'a Inventory, file: &str, name: &str) -> &'a aimscore::inventory::Server {
    inv.servers
        .iter()
        .find(|s| s.file == file && s.name == name)
        .unwrap_or_else(|| panic!("no server {name} in {file}"))
}

const CLAUDE_DESKTOP: &str = "home/Library/Application Support/Claude/claude_desktop_config.json";

#[test]
fn every_client_config_gives_its_servers_transports_and_flags() {
    let inv = inventory();
    let got = summary(&inv);
    let want = [
        "home/.amazonq/mcp.json | aws-docs | amazon-q stdio local | secret-in-config,no-owner-recorded",
        "home/.amazonq/mcp.json | awslabs-core | amazon-q stdio local | unpinned-package,no-owner-recorded",
        "home/.claude.json | linear | claude-code stdio local | unpinned-package,secret-in-config,no-owner-recorded",
        "home/.claude.json | sentry [/home/alice/src/shop] | claude-code http remote | no-owner-recorded",
        "home/.codeium/windsurf/mcp_config.json | context7 | windsurf http remote | no-owner-recorded",
        "home/.codeium/windsurf/mcp_config.json | firecrawl | windsurf stdio local | secret-in-args,no-owner-recorded",
        "home/.continue/config.json | modelContextProtocolServers[0] | continue stdio local | unpinned-package,no-owner-recorded",
        "home/.continue/config.json | modelContextProtocolServers[1] | continue sse remote | no-owner-recorded",
        "home/.continue/config.yaml | Remote tools | continue streamable-http remote | no-owner-recorded",
        "home/.continue/config.yaml | SQLite | continue stdio local | unpinned-package,no-owner-recorded",
        "home/.continue/mcpServers/postgres.yaml | postgres | continue stdio local | secret-in-args,no-owner-recorded",
        "home/.cursor/mcp.json | brave-search | cursor stdio local | unpinned-package,secret-in-args,no-owner-recorded",
        "home/.cursor/mcp.json | internal-search | cursor http remote | remote-plain-http,secret-in-config,no-owner-recorded",
        "home/.cursor/mcp.json | local-dev | cursor http local | no-owner-recorded",
        "home/.gemini/settings.json | deepwiki | gemini streamable-http remote | secret-in-config,no-owner-recorded",
        "home/.gemini/settings.json | git | gemini stdio local | no-owner-recorded",
        "home/Library/Application Support/Claude/claude_desktop_config.json | filesystem | claude-desktop stdio local | unpinned-package,no-owner-recorded",
        "home/Library/Application Support/Claude/claude_desktop_config.json | github | claude-desktop stdio local | secret-in-config,no-owner-recorded",
        "home/Library/Application Support/Claude/claude_desktop_config.json | slack | claude-desktop stdio local | unpinned-package,secret-in-config,no-owner-recorded",
        "home/Library/Application Support/Claude/claude_desktop_config.json | vault | claude-desktop stdio local | secret-in-args,secret-in-args,no-owner-recorded",
        "repo/.amazonq/mcp.json | fetch | amazon-q stdio local | unpinned-package,no-owner-recorded",
        "repo/.continue/mcpServers/from-claude.json | memory | continue stdio local | no-owner-recorded",
        "repo/.mcp.json | api | mcp-json http remote | no-owner-recorded",
        "repo/.mcp.json | events | mcp-json sse remote | secret-in-config,no-owner-recorded",
        "repo/.mcp.json | openai-tools | mcp-json stdio local | secret-in-config,no-owner-recorded",
        "repo/.mcp.json | playwright | mcp-json stdio local | no-owner-recorded",
        "repo/.vscode/mcp.json | github | vscode http remote | no-owner-recorded",
        "repo/.vscode/mcp.json | github-local | vscode stdio local | unpinned-package,no-owner-recorded",
        "repo/.vscode/mcp.json | legacy | vscode stdio remote | remote-plain-http,secret-in-args,no-owner-recorded",
    ];
    assert_eq!(got, want, "got:\n{}", got.join("\n"));
    assert!(inv.servers.iter().all(|s| s.owner.is_none()));
}

#[test]
fn broken_and_unknown_files_are_problems_and_the_scan_goes_on() {
    let inv = inventory();
    let got: Vec<String> = inv
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.file, p.message))
        .collect();
    let want = [
        "home/.config/Claude/claude_desktop_config.json: invalid JSON: EOF while parsing an object at line 6 column 0; skipped",
        "home/.continue/mcpServers/broken.yaml: line 7 column 7: invalid YAML: duplicate mapping key: API_KEY; skipped",
        "repo/.amazonq/mcp.json: server `shell` is a string; expected an object; skipped",
        "repo/.cursor/mcp.json: no `mcpServers` (or `servers`) object: not a known MCP configuration shape; skipped",
        "repo/.gemini/settings.json: holds a list; expected an object with `mcpServers` (or `servers`); skipped",
    ];
    assert_eq!(got, want, "got:\n{}", got.join("\n"));
}

#[test]
fn scanned_lists_every_config_read_including_settings_without_servers() {
    let inv = inventory();
    assert_eq!(
        inv.scanned,
        [
            "home/.amazonq/mcp.json",
            "home/.claude.json",
            "home/.claude/settings.json",
            "home/.codeium/windsurf/mcp_config.json",
            "home/.config/Claude/claude_desktop_config.json",
            "home/.continue/config.json",
            "home/.continue/config.yaml",
            "home/.continue/mcpServers/broken.yaml",
            "home/.continue/mcpServers/postgres.yaml",
            "home/.cursor/mcp.json",
            "home/.gemini/settings.json",
            CLAUDE_DESKTOP,
            "repo/.amazonq/mcp.json",
            "repo/.claude/settings.local.json",
            "repo/.continue/mcpServers/from-claude.json",
            "repo/.cursor/mcp.json",
            "repo/.gemini/settings.json",
            "repo/.mcp.json",
            "repo/.vscode/mcp.json",
        ]
    );
}

#[test]
fn env_and_headers_are_names_only_sorted() {
    let inv = inventory();
    let slack = server(&inv, CLAUDE_DESKTOP, "slack");
    assert_eq!(slack.env, ["SLACK_BOT_TOKEN", "SLACK_TEAM_ID"]);
    let api = server(&inv, "repo/.mcp.json", "api");
    assert_eq!(api.headers, ["Authorization", "X-Team"]);
    // A header that references a secret (`Bearer ${API_TOKEN}`) is not flagged.
    assert!(
        !api.flags
            .iter()
            .any(|f| f.code.as_str() == "secret-in-config")
    );
    // Non-secret values (T01234567, payments, ERROR) are not stored either.
    let json = discover("json");
    for v in ["T01234567", "\"payments\"", "\"dev\""] {
        assert!(!json.contains(v), "value {v} stored");
    }
}

#[test]
fn secrets_in_arguments_and_urls_are_redacted_in_place() {
    let inv = inventory();
    assert_eq!(
        server(&inv, CLAUDE_DESKTOP, "vault").args,
        ["serve", "<redacted>", "--token", "<redacted>"]
    );
    assert_eq!(
        server(&inv, "home/.codeium/windsurf/mcp_config.json", "firecrawl").args,
        ["-y", "firecrawl-mcp@1.11.0", "--api-key=<redacted>"]
    );
    assert_eq!(
        server(&inv, "home/.cursor/mcp.json", "brave-search").args[4],
        "BRAVE_API_KEY=<redacted>"
    );
    assert_eq!(
        server(&inv, "home/.continue/mcpServers/postgres.yaml", "postgres").args[2],
        "postgresql://<redacted>@db.internal.example:5432/app"
    );
    assert_eq!(
        server(&inv, "repo/.vscode/mcp.json", "legacy").args[4],
        "Authorization: Bearer <redacted>"
    );
    assert_eq!(
        server(&inv, "home/.cursor/mcp.json", "internal-search")
            .url
            .as_deref(),
        // Every query value goes: parameter names say nothing reliable about their values.
        Some("http://mcp.corp.example.com/mcp?api_key=<redacted>&region=<redacted>")
    );
    assert_eq!(
        server(&inv, "repo/.mcp.json", "events").url.as_deref(),
        Some("https://events.example.com/sse?token=<redacted>")
    );
    // `-e NAME` passes a variable through by name: nothing to redact.
    assert_eq!(
        server(&inv, "repo/.vscode/mcp.json", "github-local").args[4],
        "GITHUB_PERSONAL_ACCESS_TOKEN"
    );
}

#[test]
fn flag_messages_say_what_to_do_without_values() {
    let inv = inventory();
    let slack = server(&inv, CLAUDE_DESKTOP, "slack");
    let msgs: Vec<&str> = slack.flags.iter().map(|f| f.message.as_str()).collect();
    assert!(
        msgs[0].contains("`@modelcontextprotocol/server-slack@latest`"),
        "{msgs:?}"
    );
    assert!(msgs[0].contains("@latest"), "{msgs:?}");
    assert!(msgs[1].contains("env `SLACK_BOT_TOKEN`"), "{msgs:?}");
    let http = server(&inv, "home/.cursor/mcp.json", "internal-search");
    assert!(http.flags[0].message.contains("mcp.corp.example.com"));
    assert!(http.flags[0].message.contains("plain http://"));
}

#[test]
fn no_secret_value_appears_in_any_discover_output() {
    for format in ["yaml", "json", "table"] {
        assert_no_secret(format, &discover(format));
    }
}

#[test]
fn output_is_deterministic_and_independent_of_root_order() {
    for format in ["yaml", "json", "table"] {
        let a = discover(format);
        let b = discover(format);
        assert_eq!(a, b, "{format} differs between runs");
        let (code, c, _) = run_in(
            &fixtures(),
            &["discover", "repo", "home", "--format", format],
        );
        assert_eq!(code, 0);
        assert_eq!(a, c, "{format} depends on the order of the roots");
    }
}

#[test]
fn a_root_given_twice_is_read_once() {
    let (code, out, _) = run_in(
        &fixtures(),
        &["discover", "repo", "repo/.mcp.json", "--format", "json"],
    );
    assert_eq!(code, 0);
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert_eq!(
        inv.servers
            .iter()
            .filter(|s| s.name == "playwright")
            .count(),
        1
    );
}

#[test]
fn yaml_inventory_snapshot() {
    insta::assert_snapshot!("discover_yaml", discover("yaml"));
}

#[test]
fn table_lists_servers_problems_and_a_summary() {
    let t = discover("table");
    for col in ["NAME", "CLIENT", "TRANSPORT", "LOCATION", "FILE", "FLAGS"] {
        assert!(t.contains(col), "{col}");
    }
    assert!(t.contains("Problems (files skipped):"));
    assert!(t.contains("repo/.cursor/mcp.json: no `mcpServers`"));
    assert!(
        t.trim_end()
            .ends_with("29 servers in 19 config files read; 5 problems.")
    );
}

#[test]
fn yaml_and_json_outputs_read_back_as_the_same_inventory() {
    let dir = tempfile::tempdir().unwrap();
    let y = dir.path().join("inv.yaml");
    std::fs::write(&y, discover("yaml")).unwrap();
    let from_yaml = aimscore::inventory::load_inventory(&y).unwrap();
    assert_eq!(from_yaml, inventory());
}

#[test]
fn a_single_file_is_read_whatever_its_name() {
    let (code, out, _) = run_in(
        &fixtures(),
        &["discover", "repo/.vscode/mcp.json", "--format", "json"],
    );
    assert_eq!(code, 0);
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert_eq!(inv.servers.len(), 3);
    assert!(inv.servers.iter().all(|s| s.client.as_str() == "vscode"));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("team-servers.json"),
        r#"{"mcpServers": {"x": {"command": "node", "args": ["x.js"]}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("other.json"),
        r#"{"servers": {"y": {"url": "https://y.example/mcp"}}}"#,
    )
    .unwrap();
    let (code, out, _) = run_in(
        dir.path(),
        &[
            "discover",
            "team-servers.json",
            "other.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert_eq!(
        summary(&inv),
        [
            "other.json | y | vscode http remote | no-owner-recorded",
            "team-servers.json | x | mcp-json stdio local | no-owner-recorded",
        ]
    );
}

#[test]
fn default_path_is_the_current_directory() {
    let (code, out, _) = run_in(&fixtures().join("repo"), &["discover", "--format", "json"]);
    assert_eq!(code, 0);
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert!(
        inv.scanned.contains(&"./.mcp.json".to_string()),
        "{:?}",
        inv.scanned
    );
    assert_eq!(inv.servers.len(), 9);
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let (code, out, err) = run_in(&fixtures(), &["discover", "home", "no-such-dir"]);
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert!(
        err.contains("no-such-dir: no such file or directory"),
        "{err}"
    );
}

#[test]
fn the_tree_is_not_walked() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("packages/app");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        nested.join(".mcp.json"),
        r#"{"mcpServers": {"x": {"command": "node"}}}"#,
    )
    .unwrap();
    let (code, out, _) = run_in(dir.path(), &["discover", ".", "--format", "json"]);
    assert_eq!(code, 0);
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert!(inv.servers.is_empty() && inv.scanned.is_empty(), "{out}");
}

#[test]
fn nothing_is_executed() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("executed");
    let cfg = serde_json::json!({"mcpServers": {"x": {"command": "sh", "args": ["-c", format!("touch {}", marker.display())]}}});
    std::fs::write(dir.path().join(".mcp.json"), cfg.to_string()).unwrap();
    let (code, _, _) = run_in(dir.path(), &["discover"]);
    assert_eq!(code, 0);
    assert!(!marker.exists());
}

#[test]
fn oversized_non_utf8_empty_and_non_regular_files_are_problems() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The limit + 1 byte of valid JSON whitespace.
    let mut big = String::from("{\"mcpServers\": {}}");
    big.push_str(&" ".repeat(MAX_CONFIG_BYTES as usize + 1 - big.len()));
    std::fs::write(d.join(".mcp.json"), big).unwrap();
    std::fs::create_dir_all(d.join(".cursor")).unwrap();
    std::fs::write(
        d.join(".cursor/mcp.json"),
        b"{\"mcpServers\": {\"caf\xe9\": {}}}",
    )
    .unwrap();
    std::fs::create_dir_all(d.join(".vscode/mcp.json")).unwrap();
    std::fs::create_dir_all(d.join(".gemini")).unwrap();
    std::fs::write(d.join(".gemini/settings.json"), "  \n").unwrap();
    let (code, out, err) = run_in(d, &["discover", ".", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    let got: Vec<String> = inv
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.file, p.message))
        .collect();
    assert_eq!(
        got,
        [
            "./.cursor/mcp.json: not UTF-8 text; skipped",
            "./.gemini/settings.json: the file is empty; skipped",
            "./.mcp.json: is 1048577 bytes, larger than the limit of 1 MiB (1048576 bytes) for this config file; skipped",
            "./.vscode/mcp.json: not a regular file; skipped",
        ]
    );
}

/// Secret values written every way the redactor must recognise, each unique to its case.
const WRITTEN_SECRETS: [&str; 21] = [
    "shKEY1secret",
    "bashTOK2secret",
    "cmdTOK3secret",
    "adoPASS4secret",
    "jdbcPASS5secret",
    "mysqlPASS6secret",
    "mysqlPASS7secret",
    "phrasePASS8secret",
    "s3KEY9secret",
    "authKEY10secret",
    "bearerTOK11secret",
    "bearerTOK12secret",
    "jwtTOK13secret",
    "sidTOK14secret",
    "pctKEY15secret",
    "slackHOOK16secret",
    "discordHOOK17secret",
    "dXNlcjpiYXNlNjRQQVNTMThzZWNyZXQ=",
    "dashPASS19secret",
    "nameTOK20secret",
    "hdrNAME21secret",
];

#[test]
fn no_secret_written_in_args_commands_urls_or_names_reaches_yaml_json_or_table() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = serde_json::json!({"mcpServers": {
        "sh-wrapped": {"command": "sh", "args": ["-c", "npx -y @acme/server --api-key shKEY1secret"]},
        "bash-wrapped": {"command": "bash", "args": ["-lc", "uvx mcp-x --token 'bashTOK2secret'"]},
        "command-string": {"command": "npx -y @acme/server@1.2.3 --token cmdTOK3secret"},
        "ado": {"command": "dotnet", "args": ["Server.dll", "--connection", "Server=db;Database=app;User ID=sa;Password=adoPASS4secret;"]},
        "jdbc": {"command": "java", "args": ["-jar", "server.jar", "jdbc:postgresql://db:5432/app?user=app&password=jdbcPASS5secret"]},
        "mysql": {"command": "mysql-mcp", "args": ["-u", "root", "-p", "mysqlPASS6secret"]},
        "mysql-joined": {"command": "mysql-mcp", "args": ["-pmysqlPASS7secret"]},
        "passphrase": {"command": "gpg-mcp", "args": ["--passphrase", "phrasePASS8secret"]},
        "secret-key": {"command": "s3-mcp", "args": ["--secretKey=s3KEY9secret"]},
        "auth-key": {"command": "x-mcp", "args": ["--authKey", "authKEY10secret"]},
        "bearer": {"command": "npx", "args": ["-y", "mcp-remote@0.1.18", "https://x.example/mcp", "--header", "Authorization:Bearer", "bearerTOK11secret"]},
        "bearer-joined": {"command": "npx", "args": ["-y", "mcp-remote@0.1.18", "https://x.example/mcp", "--header", "Authorization:Bearer bearerTOK12secret"]},
        "query": {"url": "https://mcp.example.com/mcp?jwt=jwtTOK13secret&sessionid=sidTOK14secret&api%5Fkey=pctKEY15secret"},
        "slack": {"command": "notify-mcp", "args": ["--webhook", "https://hooks.slack.com/services/T0TEST000/B0TEST000/slackHOOK16secret"]},
        "discord": {"command": "notify-mcp", "args": ["https://discord.com/api/webhooks/123456789012345678/discordHOOK17secret"]},
        "base64": {"command": "x-mcp", "args": ["--basic", "dXNlcjpiYXNlNjRQQVNTMThzZWNyZXQ="]},
        "dash-password": {"command": "db-mcp", "args": ["--password", "-dashPASS19secret"]},
        "named --token nameTOK20secret": {"command": "node", "headers": {"X-Api-Key: hdrNAME21secret": "${env:K}"}},
        "readable": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.1.1", "/home/alice/projects", "--port", "8080", "--model", "claude-3-5-sonnet-20241022"]},
        "db-readable": {"command": "mysql-mcp", "args": ["-u", "root", "-h", "db.internal"]}
    }});
    std::fs::write(dir.path().join(".mcp.json"), cfg.to_string()).unwrap();
    for format in ["yaml", "json", "table"] {
        let (code, out, err) = run_in(dir.path(), &["discover", "--format", format]);
        assert_eq!(code, 0, "{err}");
        for secret in WRITTEN_SECRETS {
            assert!(!out.contains(secret), "{format} leaks {secret}:\n{out}");
        }
        assert!(!err.contains("secret"), "{err}");
    }
    let (_, out, _) = run_in(dir.path(), &["discover", "--format", "json"]);
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    // Readable values stay readable.
    let readable = server(&inv, "./.mcp.json", "readable");
    assert_eq!(
        readable.args,
        [
            "-y",
            "@modelcontextprotocol/server-filesystem@2025.1.1",
            "/home/alice/projects",
            "--port",
            "8080",
            "--model",
            "claude-3-5-sonnet-20241022"
        ]
    );
    assert_eq!(
        server(&inv, "./.mcp.json", "db-readable").args,
        ["-u", "root", "-h", "db.internal"]
    );
    // Redacted in place, the rest of the line kept.
    assert_eq!(
        server(&inv, "./.mcp.json", "sh-wrapped").args,
        ["-c", "npx -y @acme/server --api-key <redacted>"]
    );
    assert_eq!(
        server(&inv, "./.mcp.json", "command-string")
            .command
            .as_deref(),
        Some("npx -y @acme/server@1.2.3 --token <redacted>")
    );
    assert_eq!(
        server(&inv, "./.mcp.json", "query").url.as_deref(),
        Some(
            "https://mcp.example.com/mcp?jwt=<redacted>&sessionid=<redacted>&api%5Fkey=<redacted>"
        )
    );
    // Every server that holds a secret is flagged for it.
    for s in &inv.servers {
        let flagged = s
            .flags
            .iter()
            .any(|f| matches!(f.code.as_str(), "secret-in-args" | "secret-in-config"));
        let clean =
            ["readable", "db-readable"].contains(&s.name.as_str()) || s.name.starts_with("named");
        assert_eq!(flagged, !clean, "{}: {:?}", s.name, s.flags);
    }
}

#[test]
fn a_claude_json_with_history_larger_than_the_config_limit_is_read_for_its_servers() {
    let dir = tempfile::tempdir().unwrap();
    // Claude Code's `.claude.json` holds history: several MiB that are skipped as they are read.
    let history: Vec<String> = (0..40_000)
        .map(|i| format!("prompt {i} with some pasted text {}", "x".repeat(40)))
        .collect();
    let cfg = serde_json::json!({
        "history": history,
        "projects": {
            "/home/alice/shop": {"history": ["a", "b"], "mcpServers": {"shop-db": {"command": "node", "args": ["db.js"]}}},
            "/home/alice/blog": {"history": []}
        },
        "mcpServers": {"everywhere": {"command": "node", "args": ["x.js"]}}
    });
    let text = cfg.to_string();
    assert!(text.len() as u64 > MAX_CONFIG_BYTES && (text.len() as u64) < MAX_HISTORY_CONFIG_BYTES);
    std::fs::write(dir.path().join(".claude.json"), text).unwrap();
    let (code, out, err) = run_in(dir.path(), &["discover", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert!(inv.problems.is_empty(), "{:?}", inv.problems);
    assert_eq!(
        summary(&inv),
        [
            "./.claude.json | everywhere | claude-code stdio local | no-owner-recorded",
            "./.claude.json | shop-db [/home/alice/shop] | claude-code stdio local | no-owner-recorded",
        ]
    );
    // Over its own limit it is skipped like any other config, the limit named. (A sparse
    // file: its length is checked before anything is read.)
    let f = std::fs::File::create(dir.path().join(".claude.json")).unwrap();
    f.set_len(MAX_HISTORY_CONFIG_BYTES + 1).unwrap();
    let (code, out, _) = run_in(dir.path(), &["discover", "--format", "json"]);
    assert_eq!(code, 0);
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert_eq!(inv.problems.len(), 1);
    assert_eq!(
        inv.problems[0].message,
        format!(
            "is {} bytes, larger than the limit of 64 MiB ({MAX_HISTORY_CONFIG_BYTES} bytes) for this config file; skipped",
            MAX_HISTORY_CONFIG_BYTES + 1
        )
    );
}

#[test]
fn a_file_with_more_servers_than_the_limit_reads_the_first_and_reports_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let n = MAX_SERVERS_PER_FILE + 3;
    let mut servers = serde_json::Map::new();
    for i in 0..n {
        servers.insert(format!("s{i:05}"), serde_json::json!({"command": "node"}));
    }
    let cfg = serde_json::json!({ "mcpServers": servers });
    std::fs::write(dir.path().join(".mcp.json"), cfg.to_string()).unwrap();
    let (code, out, err) = run_in(dir.path(), &["discover", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert_eq!(inv.servers.len(), MAX_SERVERS_PER_FILE);
    assert_eq!(inv.servers.last().map(|s| s.name.as_str()), Some("s00999"));
    let got: Vec<String> = inv
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.file, p.message))
        .collect();
    assert_eq!(
        got,
        [format!(
            "./.mcp.json: holds {n} server entries, more than the limit of {MAX_SERVERS_PER_FILE} per file: the first {MAX_SERVERS_PER_FILE} were read and 3 skipped"
        )]
    );
}

#[test]
fn a_folder_with_more_configs_than_the_limit_reads_the_first_by_name_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join(".continue/mcpServers");
    std::fs::create_dir_all(&folder).unwrap();
    let n = MAX_FOLDER_CONFIGS + 5;
    for i in 0..n {
        std::fs::write(
            folder.join(format!("s{i:04}.json")),
            format!(r#"{{"mcpServers": {{"s{i:04}": {{"command": "node"}}}}}}"#),
        )
        .unwrap();
    }
    std::fs::write(folder.join("README.md"), "not a config").unwrap();
    let (code, out, err) = run_in(dir.path(), &["discover", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let inv: Inventory = serde_json::from_str(&out).unwrap();
    assert_eq!(inv.scanned.len(), MAX_FOLDER_CONFIGS);
    assert_eq!(inv.servers.len(), MAX_FOLDER_CONFIGS);
    assert_eq!(
        inv.scanned.last().map(String::as_str),
        Some(format!("./.continue/mcpServers/s{:04}.json", MAX_FOLDER_CONFIGS - 1).as_str())
    );
    let got: Vec<String> = inv
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.file, p.message))
        .collect();
    assert_eq!(
        got,
        [format!(
            "./.continue/mcpServers: {n} config files, more than the limit of {MAX_FOLDER_CONFIGS} per folder: the first {MAX_FOLDER_CONFIGS} by name were read and 5 skipped"
        )]
    );
    // The table says so too.
    let (_, table, _) = run_in(dir.path(), &["discover", "--format", "table"]);
    assert!(
        table.contains(&format!(
            "more than the limit of {MAX_FOLDER_CONFIGS} per folder"
        )),
        "{table}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join(".mcp.json");
    let ok = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !ok.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Opening a FIFO for reading blocks until a writer comes: the scan must not open it.
    let (code, out, _) = run_in(dir.path(), &["discover", "--format", "json"]);
    assert_eq!(code, 0);
    assert!(out.contains("not a regular file"), "{out}");
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path().join("inventory.yaml");
    let (code, out, _) = run_in(
        &fixtures(),
        &["discover", "repo", "-o", o.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert_eq!(out, "");
    let text = std::fs::read_to_string(&o).unwrap();
    assert!(text.starts_with("# AI agent and MCP server inventory"));
}

#[test]
fn help_says_to_pass_the_home_directory() {
    let (code, out, _) = run_in(&fixtures(), &["discover", "--help"]);
    assert_eq!(code, 0);
    // Whatever the terminal width, words stay in order.
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(out.contains("pass it explicitly"), "{out}");
    // The help lists every location a directory scan reads.
    for loc in aimscore::inventory::known_locations() {
        assert!(out.contains(&loc), "help does not list {loc}");
    }
}

#[test]
fn help_states_the_limits() {
    let (_, out, _) = run_in(&fixtures(), &["discover", "--help"]);
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    for limit in [
        format!("over {} MiB", MAX_CONFIG_BYTES >> 20),
        format!("up to {} MiB", MAX_HISTORY_CONFIG_BYTES >> 20),
        format!("at most {MAX_SERVERS_PER_FILE} servers per file and {MAX_SERVERS} in all"),
        format!("the first {MAX_FOLDER_ENTRIES} entries"),
        format!("the first {MAX_FOLDER_CONFIGS} config files"),
    ] {
        assert!(out.contains(&limit), "help does not say {limit}: {out}");
    }
}

// ---------------------------------------------------------------------------------------------
// assess with an inventory

const ANSWERS: &str = "aimscore: 1\norganization: Inventory Test Ltd\nprofiles: [agentic]\nanswers:\n  A.4.2-1: {answer: partial}\n";

/// A scratch directory with the inventory (YAML) and an answers file.
fn assess_dir(answers: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inventory.yaml"), discover("yaml")).unwrap();
    std::fs::write(dir.path().join("inventory.json"), discover("json")).unwrap();
    std::fs::write(dir.path().join("answers.yaml"), answers).unwrap();
    dir
}

fn assess_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["assess", "answers.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_in(dir, &args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn assess_inventory_adds_findings_under_a_10_3_and_a_4_2() {
    let dir = assess_dir(ANSWERS);
    let r = assess_json(dir.path(), &["--inventory", "inventory.yaml"]);
    let f = r["inventory_findings"].as_array().unwrap();
    let count = |req: &str, code: &str| {
        f.iter()
            .filter(|x| x["requirement"] == req && x["code"] == code)
            .count()
    };
    assert_eq!(count("A.4.2", "no-owner-recorded"), 29);
    assert_eq!(count("A.10.3", "unpinned-package"), 9);
    assert_eq!(count("A.10.3", "remote-plain-http"), 2);
    assert_eq!(count("A.10.3", "secret-in-args"), 6);
    assert_eq!(count("A.10.3", "secret-in-config"), 8);
    assert_eq!(f.len(), 54);
    assert_eq!(f[0]["server"], "aws-docs");
    assert_eq!(f[0]["file"], "home/.amazonq/mcp.json");
    assert_eq!(
        r["inventory_findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["server"] == "sentry (project /home/alice/src/shop)")
            .map(|x| x["code"].clone()),
        Some(Value::from("no-owner-recorded"))
    );
    // The JSON inventory gives the same findings.
    let r2 = assess_json(dir.path(), &["--inventory", "inventory.json"]);
    assert_eq!(r["inventory_findings"], r2["inventory_findings"]);
}

#[test]
fn inventory_findings_do_not_change_scores() {
    let dir = assess_dir(ANSWERS);
    let mut with = assess_json(dir.path(), &["--inventory", "inventory.yaml"]);
    let without = assess_json(dir.path(), &[]);
    assert!(without.get("inventory_findings").is_none());
    with.as_object_mut().unwrap().remove("inventory_findings");
    assert_eq!(with, without);
}

#[test]
fn answers_file_inventory_key_is_read_relative_to_the_answers_file() {
    let dir = assess_dir(&format!("{ANSWERS}inventory: inventory.yaml\n"));
    // Run from elsewhere: the path is relative to the answers file, not the working directory.
    let answers = dir.path().join("answers.yaml");
    let (code, out, err) = run_in(
        &fixtures(),
        &["assess", answers.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["inventory_findings"].as_array().unwrap().len(), 54);
}

#[test]
fn inventory_option_overrides_the_answers_file_key() {
    let dir = assess_dir(&format!("{ANSWERS}inventory: missing.yaml\n"));
    let small = "servers:\n  - {name: a, client: cursor, file: x, transport: stdio, location: local, owner: Ann}\n";
    std::fs::write(dir.path().join("small.yaml"), small).unwrap();
    let r = assess_json(dir.path(), &["--inventory", "small.yaml"]);
    assert!(r.get("inventory_findings").is_none(), "{r}");
    // Without the option, the key's missing file is an input error naming it.
    let (code, _, err) = run_in(dir.path(), &["assess", "answers.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.yaml"), "{err}");
}

#[test]
fn an_owner_filled_in_removes_the_no_owner_finding() {
    let dir = assess_dir(ANSWERS);
    let inv = "servers:\n  - name: a\n    client: vscode\n    file: .vscode/mcp.json\n    transport: stdio\n    command: npx\n    args: [\"-y\", \"pkg\"]\n    location: local\n    owner: \"J. Rivera\"\n    flags:\n      - {code: unpinned-package, message: m}\n      - {code: no-owner-recorded, message: stale}\n  - {name: b, client: cursor, file: x, transport: http, url: \"https://b.example\", location: remote}\n";
    std::fs::write(dir.path().join("edited.yaml"), inv).unwrap();
    let r = assess_json(dir.path(), &["--inventory", "edited.yaml"]);
    let got: Vec<String> = r["inventory_findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {} {}", f["requirement"], f["server"], f["code"]).replace('"', ""))
        .collect();
    assert_eq!(
        got,
        ["A.10.3 a unpinned-package", "A.4.2 b no-owner-recorded"]
    );
}

#[test]
fn a_bad_inventory_is_an_input_error_naming_the_file() {
    let dir = assess_dir(ANSWERS);
    let cases = [
        (
            "typo.yaml",
            "servers:\n  - name: a\n    clients: vscode\n",
            "typo.yaml:3:5",
        ),
        (
            "bad-code.yaml",
            "servers:\n  - {name: a, client: vscode, file: f, transport: stdio, location: local, flags: [{code: nope, message: m}]}\n",
            "bad-code.yaml:2",
        ),
        ("broken.json", "{\"servers\": [", "broken.json:1:"),
        ("empty.yaml", "", "empty.yaml: the inventory is empty"),
    ];
    for (name, text, want) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let (code, out, err) = run_in(dir.path(), &["assess", "answers.yaml", "--inventory", name]);
        assert_eq!(code, 2, "{name}: {err}");
        assert_eq!(out, "");
        assert!(err.contains(want), "{name}: {err}");
    }
    let (code, _, err) = run_in(
        dir.path(),
        &["assess", "answers.yaml", "--inventory", "nope.yaml"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("nope.yaml"), "{err}");
}

#[test]
fn text_and_markdown_reports_show_the_inventory_section_without_secrets() {
    let dir = assess_dir(ANSWERS);
    for format in ["text", "md", "json", "html", "csv", "junit"] {
        let (code, out, err) = run_in(
            dir.path(),
            &[
                "assess",
                "answers.yaml",
                "--inventory",
                "inventory.yaml",
                "--format",
                format,
            ],
        );
        assert_eq!(code, 0, "{format}: {err}");
        assert_no_secret(format, &out);
    }
    let (_, text, _) = run_in(
        dir.path(),
        &["assess", "answers.yaml", "--inventory", "inventory.yaml"],
    );
    // The text report wraps its lines to the terminal: read it as a reader would.
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Agent and MCP inventory findings"), "{text}");
    assert!(text.contains("do not change the scores"));
    assert!(text.contains("unpinned-package (9)"));
    let (_, md, _) = run_in(
        dir.path(),
        &[
            "assess",
            "answers.yaml",
            "--inventory",
            "inventory.yaml",
            "--format",
            "md",
        ],
    );
    assert!(md.contains("## Agent and MCP inventory findings"), "{md}");
    assert!(md.contains("do not change the scores"));
    assert!(md.contains("| A.10.3 | vault | home/Library/Application Support/Claude/claude\\_desktop\\_config.json | secret-in-args |"), "{md}");
    // Without an inventory, no section.
    let (_, md, _) = run_in(dir.path(), &["assess", "answers.yaml", "--format", "md"]);
    assert!(!md.contains("inventory findings"));
}

#[test]
fn discover_into_an_existing_inventory_keeps_owners_and_marks_gone_servers() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mcp = |names: &[&str]| {
        let servers: serde_json::Map<String, Value> = names
            .iter()
            .map(|n| {
                (
                    n.to_string(),
                    serde_json::json!({"command": "npx", "args": ["-y", format!("@acme/{n}")]}),
                )
            })
            .collect();
        std::fs::write(
            d.join(".mcp.json"),
            serde_json::json!({"mcpServers": servers}).to_string(),
        )
        .unwrap();
    };
    mcp(&["github", "legacy"]);
    let (code, _, _) = run_in(d, &["discover", ".", "-o", "inventory.yaml"]);
    assert_eq!(code, 0);
    // People fill in owners (the README asks them to) and a note.
    let text = std::fs::read_to_string(d.join("inventory.yaml")).unwrap();
    let filled = text.replacen(
        "owner: null",
        "owner: \"Platform team\"\n    note: \"reviewed 2026-11\"",
        1,
    );
    assert_ne!(filled, text);
    std::fs::write(d.join("inventory.yaml"), &filled).unwrap();
    // The configs change: legacy removed, search added.
    mcp(&["github", "search"]);
    let (code, _, err) = run_in(d, &["discover", ".", "-o", "inventory.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("merged: 1 kept (owners and notes too), 1 new, 1 gone"),
        "{err}"
    );
    let inv: Inventory =
        serde_saphyr::from_str(&std::fs::read_to_string(d.join("inventory.yaml")).unwrap())
            .unwrap();
    let by = |n: &str| inv.servers.iter().find(|s| s.name == n).unwrap();
    assert_eq!(by("github").owner.as_deref(), Some("Platform team"));
    assert_eq!(by("github").note.as_deref(), Some("reviewed 2026-11"));
    assert!(by("github").status.is_none());
    assert!(by("search").owner.is_none());
    assert_eq!(by("legacy").status, Some(aimscore::inventory::Status::Gone));
    // A gone server has no findings in an assessment.
    std::fs::copy("examples/minimal.json", d.join("a.json")).unwrap();
    let (_, out, _) = run_in(
        d,
        &[
            "assess",
            "a.json",
            "--inventory",
            "inventory.yaml",
            "--format",
            "json",
        ],
    );
    let r: Value = serde_json::from_str(&out).unwrap();
    let findings = r["inventory_findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .all(|f| !f["server"].as_str().unwrap().contains("legacy")),
        "{findings:?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f["server"].as_str().unwrap().contains("search"))
    );
    // --replace writes a fresh inventory; a file that is not an inventory is never replaced.
    let (code, _, _) = run_in(d, &["discover", ".", "-o", "inventory.yaml", "--replace"]);
    assert_eq!(code, 0);
    let fresh = std::fs::read_to_string(d.join("inventory.yaml")).unwrap();
    assert!(
        !fresh.contains("legacy") && !fresh.contains("Platform team"),
        "{fresh}"
    );
    std::fs::write(d.join("notes.yaml"), "meeting notes: keep\n").unwrap();
    let (code, _, err) = run_in(d, &["discover", ".", "-o", "notes.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("give --replace to write a fresh inventory over it"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(d.join("notes.yaml")).unwrap(),
        "meeting notes: keep\n"
    );
    // JSON by extension, merged the same way.
    let (code, _, _) = run_in(d, &["discover", ".", "-o", "inventory.json"]);
    assert_eq!(code, 0);
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("inventory.json")).unwrap()).unwrap();
    assert!(v["servers"].is_array());
    let (code, _, err) = run_in(d, &["discover", ".", "-o", "inventory.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("merged: 2 kept"), "{err}");
}
