//! The redaction rules as tables: every way a secret is written in a config that must not
//! reach the inventory, and the non-secret values that must stay readable.

use super::*;

/// (a shell string or command as written in a config, a value that must not appear once
/// redacted). Each case also holds something that must be flagged as a secret.
const CASES: &[(&str, &str)] = &[
    // A bare fragment parameter that is a token of a known format but reads like a word
    // (found by the discover fuzz target on d5d6de4).
    (
        "https://mcp.example.com/sse?x=1#ghp_abfghijklmnopqrstuvwx&x=2",
        "ghp_abfghijklmnopqrstuvwx",
    ),
    // A URL path segment that holds a token before a colon (found by the discover fuzz target
    // on 78621d4).
    (
        "--url=https://h.example/p/gtypehp_abcdefghijklmnopqrstuvwxyz0123horization:",
        "gtypehp_abcdefghijklmnopqrstuvwxyz0123horization",
    ),
    (
        "https://h.example/x/ghp_abcdefghijklmnopqrstuvwxyz0123,v2/y",
        "ghp_abcdefghijklmnopqrstuvwxyz0123",
    ),
    // An option word that is a token, and one that holds one (found by the discover fuzz
    // target on 4df056d).
    (
        "npx -y -ghp_abcdefghijklmnopqrstuvwxyz0123",
        "ghp_abcdefghijklmnopqrstuvwxyz0123",
    ),
    (
        "npx -y --tokenexample/p/ghp_abcdefghijklmnopqrstuvwxyz0123 server",
        "ghp_abcdefghijklmnopqrstuvwxyz0123",
    ),
    (
        "npx server -Kx=1,ghp_abcdefghijklmnopqrstuvwxyz0123",
        "ghp_abcdefghijklmnopqrstuvwxyz0123",
    ),
    // A URL parameter whose name is a token (found by the discover fuzz target on f0d78a9).
    (
        "--url=https://h.example/p/ghp_abcdefghijklmnopq=1#ghp_abcdefghijklmnopqrstuB_TOKEN=x",
        "ghp_abcdefghijklmnopqrstuB_TOKEN",
    ),
    (
        "https://h.example/cb?ghp_abcdefghijklmnopqrstuvwxyz0123456789=&debug",
        "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    ),
    // A scheme-less `user:password@host` whose user name is a token (found by the fuzzer).
    (
        "abcdefghijklmnopqrstuvwxyz0123456789pp:p5ssw0rd@db.example/prod?sslmode=require",
        "abcdefghijklmnopqrstuvwxyz0123456789pp",
    ),
    // Values after --api-key / --token inside a `sh -c "…"` string and a `command` string.
    (
        r#"sh -c "npx -y @acme/server --api-key k3yVALUE1""#,
        "k3yVALUE1",
    ),
    ("bash -lc 'uvx mcp-x --token tokVALUE2'", "tokVALUE2"),
    ("npx -y @acme/server --token tokVALUE3", "tokVALUE3"),
    (
        r#"sh -c "bash -c 'tool --token nestVALUE33'""#,
        "nestVALUE33",
    ),
    (r#"pwsh -Command "tool --token psVALUE31""#, "psVALUE31"),
    (
        r#"sh -c "export DB_PASSWORD=expVALUE32 && run""#,
        "expVALUE32",
    ),
    ("GITHUB_TOKEN=envVALUE22 npx server", "envVALUE22"),
    (
        "docker run -i --rm -e API_KEY=dockVALUE23 img",
        "dockVALUE23",
    ),
    // ADO.NET, ODBC and Azure connection strings; JDBC URLs.
    (
        "Server=db.internal;Database=app;User ID=sa;Password=pa55VALUE4;",
        "pa55VALUE4",
    ),
    (
        "Server=db.internal;Database=app;User ID=sa;Password=pa55VALUE4;",
        "=sa;",
    ),
    (
        "Server=tcp:x.database.windows.net,1433;Initial Catalog=db;User ID=admin;Pwd={pw;VALUE5};",
        "VALUE5",
    ),
    (
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=azKEYVALUE37+/==;EndpointSuffix=core.windows.net",
        "azKEYVALUE37",
    ),
    (
        "--conn 'Data Source=db;Password=\"quo;tedVALUE41\";'",
        "tedVALUE41",
    ),
    (
        "jdbc:postgresql://db:5432/app?user=app&password=jdbcVALUE6",
        "jdbcVALUE6",
    ),
    (
        "jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=jdbcVALUE7",
        "jdbcVALUE7",
    ),
    // -p X, -pX, -p=X (mysql style), a password starting with `-`.
    ("mysql -u root -p pVALUE8 app", "pVALUE8"),
    ("mysql -u root -ppVALUE9 app", "pVALUE9"),
    ("tool -p=pEqVALUE39", "pEqVALUE39"),
    ("tool --password -dashVALUE19", "dashVALUE19"),
    ("tool --password --Dash2VALUE42", "Dash2VALUE42"),
    // Names that are secret once split into words.
    ("tool --passphrase phraseVALUE10", "phraseVALUE10"),
    ("tool --secretKey=skVALUE11", "skVALUE11"),
    ("tool --authKey akVALUE12", "akVALUE12"),
    ("tool --pw pwVALUE38", "pwVALUE38"),
    ("tool --client-secret 'two words30b'", "words30b"),
    ("tool --session-id sidVALUE43", "sidVALUE43"),
    // Authorization without a space, header forms.
    (
        "curl -H Authorization:Bearer bearerVALUE13",
        "bearerVALUE13",
    ),
    (
        "curl -H 'Authorization: Bearer spaceVALUE35'",
        "spaceVALUE35",
    ),
    ("curl -H X-Api-Key:hdrVALUE30", "hdrVALUE30"),
    ("curl -u admin:curlPASS21 https://x.example", "curlPASS21"),
    // URL query values, user info, fragments, `;` parameters.
    ("https://api.example.com/mcp?jwt=jwtVALUE14", "jwtVALUE14"),
    (
        "https://api.example.com/mcp?sessionid=sidVALUE15",
        "sidVALUE15",
    ),
    (
        "https://api.example.com/mcp?api%5Fkey=pctVALUE16",
        "pctVALUE16",
    ),
    (
        "https://api.example.com/mcp#access_token=fragVALUE40",
        "fragVALUE40",
    ),
    (
        "https://example.com/a;jsessionid=matrixVALUE34",
        "matrixVALUE34",
    ),
    ("https://user:urlPASS20@host.example/x", "urlPASS20"),
    (
        "mongodb+srv://app:mongoPASS28@cluster0.example.net/db",
        "mongoPASS28",
    ),
    ("redis://:redisPASS36@localhost:6379", "redisPASS36"),
    ("--url=https://u:eqPASS44@h.example/x", "eqPASS44"),
    ("user:dsnPASS25@tcp(db:3306)/app", "dsnPASS25"),
    // Webhook and key path tokens.
    (
        "https://hooks.slack.com/services/T00000000/B00000000/slackVALUE17",
        "slackVALUE17",
    ),
    (
        "https://hooks.slack.com/services/T00000000/B00000000/slackVALUE17",
        "B00000000",
    ),
    (
        "https://discord.com/api/webhooks/123456789012345678/discordVALUE18",
        "discordVALUE18",
    ),
    (
        "https://discordapp.com/api/webhooks/123456789012345678/discordVALUE45",
        "123456789012345678",
    ),
    (
        "https://maker.ifttt.com/trigger/evt/with/key/iftttVALUE27",
        "iftttVALUE27",
    ),
    (
        "https://api.telegram.org/bot123456789:AAtelegramVALUE26xxxxxxxxxx/sendMessage",
        "telegramVALUE26",
    ),
    // Tokens by shape: base64, JWT, JSON inside an argument.
    ("tool dXNlcjpodW50ZXIyMjIyMg==", "dXNlcjpodW50ZXIyMjIyMg=="),
    (
        "tool c2VjcmV0LXRva2VuLXZhbHVlMTIz",
        "c2VjcmV0LXRva2VuLXZhbHVlMTIz",
    ),
    (
        "tool eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sigVALUE29abc",
        "sigVALUE29abc",
    ),
    (r#"tool '--config={"apiKey":"jsonVALUE24"}'"#, "jsonVALUE24"),
    ("tool key=kv1VALUE46,token=kv2VALUE47", "kv2VALUE47"),
];

/// (a shell string, a value that must stay readable in it).
const KEEP: &[(&str, &str)] = &[
    (
        "npx -y @modelcontextprotocol/server-filesystem /Users/alice/Desktop",
        "-y @modelcontextprotocol/server-filesystem /Users/alice/Desktop",
    ),
    ("server --port 8080", "--port 8080"),
    (
        "npx -p @acme/mcp-tools@1.2.3 acme-mcp",
        "-p @acme/mcp-tools@1.2.3 acme-mcp",
    ),
    (
        "docker run -i --rm -p 8080:80 mcp/brave-search:latest",
        "-p 8080:80 mcp/brave-search:latest",
    ),
    ("psql -h db -p 5432 app", "-p 5432 app"),
    (
        "llm --model claude-3-5-sonnet-20241022",
        "--model claude-3-5-sonnet-20241022",
    ),
    (
        "ollama run meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.1-8B-Instruct",
    ),
    (
        "aider --model gpt-4o-mini --model anthropic.claude-3-sonnet-20240229-v1:0",
        "anthropic.claude-3-sonnet-20240229-v1:0",
    ),
    (
        "uvx mcp-server-git==2025.1.14 --repository /home/alice/src/shop",
        "mcp-server-git==2025.1.14 --repository /home/alice/src/shop",
    ),
    (
        "tool --key-file /run/secrets/key --api-key-file ./key.txt",
        "--key-file /run/secrets/key --api-key-file ./key.txt",
    ),
    (
        "tool --token ${env:GITHUB_TOKEN}",
        "--token ${env:GITHUB_TOKEN}",
    ),
    ("tool --token", "--token"),
    (
        "docker run -e GITHUB_PERSONAL_ACCESS_TOKEN ghcr.io/github/github-mcp-server",
        "-e GITHUB_PERSONAL_ACCESS_TOKEN ghcr.io/github/github-mcp-server",
    ),
    ("https://mcp.example.com/sse", "https://mcp.example.com/sse"),
    (
        "https://api.example.com/auth/callback",
        "https://api.example.com/auth/callback",
    ),
    (
        "tool --no-auth --verbose --auth-mode oauth --log-level debug",
        "--no-auth --verbose --auth-mode oauth --log-level debug",
    ),
    ("tool --auth-required true", "--auth-required true"),
    ("python -m tools_server", "python -m tools_server"),
    (
        "git checkout 0123456789abcdef0123456789abcdef01234567",
        "0123456789abcdef0123456789abcdef01234567",
    ),
    (
        "tool --id 123e4567-e89b-12d3-a456-426614174000",
        "123e4567-e89b-12d3-a456-426614174000",
    ),
    (
        "tool --db-path /home/alice/test.db",
        "--db-path /home/alice/test.db",
    ),
    (
        "docker run alpine:3.19@sha256:0123abcd",
        "alpine:3.19@sha256:0123abcd",
    ),
    ("Remote tools", "Remote tools"),
    (
        "java -jar server.jar -port 9000 -profile dev",
        "-port 9000 -profile dev",
    ),
    (
        "C:\\Program Files\\nodejs\\node.exe server.js",
        "C:\\Program Files\\nodejs\\node.exe server.js",
    ),
    (
        "sh -c 'mkdir -p /tmp/x && npx -y @acme/server'",
        "sh -c 'mkdir -p /tmp/x && npx -y @acme/server'",
    ),
];

#[test]
fn every_way_a_secret_is_written_is_redacted_and_flagged() {
    let mut failures = Vec::new();
    for (input, secret) in CASES {
        let (out, kind) = redact_text(input);
        if out.contains(secret) {
            failures.push(format!("{input}\n  → {out}\n  still holds {secret}"));
        } else if kind.is_none() {
            failures.push(format!(
                "{input}\n  → {out}\n  redacted but not flagged as a secret"
            ));
        }
        // The same text as one argument of an argument list.
        let (args, _) = redact_args(&[(*input).to_string()]);
        if args[0].contains(secret) {
            failures.push(format!(
                "{input} as an argument\n  → {}\n  still holds {secret}",
                args[0]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn non_secret_values_stay_readable() {
    let mut failures = Vec::new();
    for (input, keep) in KEEP {
        let (out, kind) = redact_text(input);
        if !out.contains(keep) {
            failures.push(format!("{input}\n  → {out}\n  lost {keep}"));
        }
        if kind.is_some() {
            failures.push(format!("{input}\n  flagged as a secret ({kind:?})"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// (command, arguments, a value that must not appear): a value is recognised across the
/// command string and the argument list, and `-p` is read knowing the program.
const LINES: &[(Option<&str>, &[&str], &str)] = &[
    (None, &["--password", "-dashARG1"], "dashARG1"),
    (None, &["-p", "pARG2"], "pARG2"),
    (Some("sh"), &["-c", "tool --api-key shARG3"], "shARG3"),
    (
        Some("bash"),
        &["-lc", "tool --api-key=shARG8 && other"],
        "shARG8",
    ),
    (
        None,
        &["--header", "Authorization:Bearer", "hdrARG4"],
        "hdrARG4",
    ),
    (Some("mytool --token"), &["cmdARG5"], "cmdARG5"),
    (Some("mysql"), &["-u", "root", "-pmyARG6"], "myARG6"),
    (
        Some("npx"),
        &["-y", "some-db-mcp", "-p", "npxARG7"],
        "npxARG7",
    ),
    (Some("/usr/bin/mysql.exe"), &["-p", "exeARG9"], "exeARG9"),
];

#[test]
fn a_command_line_is_read_across_the_command_and_its_arguments() {
    for (command, args, secret) in LINES {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let cl = redact_command_line(*command, &args);
        let all = format!("{:?} {:?}", cl.command, cl.args);
        assert!(!all.contains(secret), "{command:?} {args:?} → {all}");
        assert!(!cl.found.is_empty(), "{command:?} {args:?}: not flagged");
    }
    // The value's position is reported; the program's own `-p` is kept.
    let cl = redact_command_line(
        Some("npx"),
        &[
            "-p".into(),
            "@acme/x@1.0.0".into(),
            "x".into(),
            "--token".into(),
            "t0k".into(),
        ],
    );
    assert_eq!(cl.args, ["-p", "@acme/x@1.0.0", "x", "--token", REDACTED]);
    assert_eq!(cl.found, [(Position::Arg(5), "a credential value")]);
}

#[test]
fn quoting_and_spacing_of_untouched_words_are_kept() {
    let (out, _) = redact_text("sh -c  \"npx -y x --token abc\"  'a b'");
    assert_eq!(out, "sh -c  \"npx -y x --token <redacted>\"  'a b'");
}

#[test]
fn text_nested_too_deep_is_redacted_whole() {
    // Each level is a shell string quoted inside the one before (`sh -c "sh -c \"…\""`).
    let mut s = "--token deepVALUE".to_string();
    for _ in 0..12 {
        s = format!("sh -c \"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    }
    let (out, _) = redact_text(&s);
    assert!(!out.contains("deepVALUE"), "{out}");
    // Three levels are followed and only the value goes.
    let three = r#"sh -c "sh -c \"sh -c 'x --token deepVALUE'\"""#;
    assert_eq!(redact_text(three).0, three.replace("deepVALUE", REDACTED));
}

#[test]
fn connection_strings_keep_their_other_keys() {
    let (out, kind) = redact_text("Server=db.internal;Database=app;User ID=sa;Password=x;");
    assert_eq!(
        out,
        "Server=db.internal;Database=app;User ID=<redacted>;Password=<redacted>;"
    );
    assert_eq!(kind, Some("a password in a connection string"));
}

#[test]
fn every_query_value_is_redacted_but_only_secret_ones_are_flagged() {
    let (u, k) = redact_url("https://x.example/mcp?region=eu&debug").unwrap();
    assert_eq!(u, "https://x.example/mcp?region=<redacted>&debug");
    assert!(k.is_none());
    let (u, k) = redact_url("https://hooks.slack.com/services/T0/B0/abc").unwrap();
    assert_eq!(
        u,
        "https://hooks.slack.com/services/<redacted>/<redacted>/<redacted>"
    );
    assert_eq!(k, Some("a token in the URL path"));
}

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
        redact_url("https://bob:hunter2@example.com/mcp?api_key=abc&x=1#access_token=zz").unwrap();
    assert_eq!(
        u,
        "https://<redacted>@example.com/mcp?api_key=<redacted>&x=<redacted>#access_token=<redacted>"
    );
    assert!(k.is_some());
    let (u, k) = redact_url("https://mcp.example.com/sse").unwrap();
    assert_eq!(u, "https://mcp.example.com/sse");
    assert!(k.is_none());
    assert!(redact_url("not a url").is_none());
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

#[test]
fn messages_lose_tokens_and_url_secrets_but_keep_key_names() {
    assert_eq!(
        redact_message("line 7 column 7: invalid YAML: duplicate mapping key: API_KEY; skipped"),
        "line 7 column 7: invalid YAML: duplicate mapping key: API_KEY; skipped"
    );
    assert_eq!(
        redact_message("duplicate mapping key: ghp_abcdefghijklmnopqrstuvwxyz0123456789;"),
        "duplicate mapping key: <redacted>;"
    );
    assert_eq!(
        redact_message("key `https://u:p@h.example/x?t=1` twice"),
        "key `https://<redacted>@h.example/x?t=<redacted>` twice"
    );
}
