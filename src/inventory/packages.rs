//! Which package or image a stdio server's command fetches when it starts, and whether its
//! version is pinned. Reads the command line only; nothing is run or looked up.

/// A package or image fetched at start, and why it counts as unpinned (None when pinned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// `npm`, `PyPI` or `container image`.
    pub registry: &'static str,
    /// The package or image as written (without any secret: callers pass redacted args).
    pub spec: String,
    /// Why it is not pinned, or None when it is.
    pub unpinned: Option<&'static str>,
}

/// The program name without directories and Windows suffixes: `/usr/bin/npx.cmd` → `npx`.
pub fn program(command: &str) -> String {
    let base = command.rsplit(['/', '\\']).next().unwrap_or(command);
    let lower = base.to_ascii_lowercase();
    for suffix in [".cmd", ".exe", ".bat", ".ps1"] {
        if let Some(s) = lower.strip_suffix(suffix) {
            return s.to_string();
        }
    }
    lower
}

/// What the command fetches at start: `npx pkg`, `bunx pkg`, `pnpm dlx pkg`, `yarn dlx pkg`,
/// `npm exec pkg`, `uvx pkg`, `uv tool run pkg`, `pipx run pkg`, `docker run … image`,
/// `podman run … image`.
pub fn fetched(command: &str, args: &[String]) -> Option<Fetched> {
    let prog = program(command);
    let a: Vec<&str> = args.iter().map(String::as_str).collect();
    match prog.as_str() {
        "npx" | "bunx" | "pnpx" => npm_package(&a),
        "pnpm" | "yarn" if a.first() == Some(&"dlx") => npm_package(&a[1..]),
        "npm" if matches!(a.first(), Some(&"exec") | Some(&"x")) => npm_package(&a[1..]),
        "bun" if a.first() == Some(&"x") => npm_package(&a[1..]),
        "uvx" => python_package(&a),
        "uv" if a.starts_with(&["tool", "run"]) => python_package(&a[2..]),
        "pipx" if a.first() == Some(&"run") => python_package(&a[1..]),
        "docker" | "podman" if a.first() == Some(&"run") => image(&a[1..]),
        _ => None,
    }
}

/// The npm package of `npx [options] pkg` or `npx -p pkg cmd`.
fn npm_package(a: &[&str]) -> Option<Fetched> {
    let mut i = 0;
    let mut spec = None;
    while i < a.len() {
        let x = a[i];
        if x == "-p" || x == "--package" {
            spec = a.get(i + 1).copied();
            break;
        }
        if let Some(v) = x.strip_prefix("--package=") {
            spec = Some(v);
            break;
        }
        if x == "--" {
            spec = a.get(i + 1).copied();
            break;
        }
        if x.starts_with('-') {
            i += 1;
            continue;
        }
        spec = Some(x);
        break;
    }
    let spec = spec?;
    if spec.starts_with(['.', '/', '~']) || spec.contains('\\') {
        return None; // a local directory or tarball, not a registry package
    }
    // `@scope/name@version` or `name@version`: the version follows the last `@` after position 0.
    let version = spec.rfind('@').filter(|&i| i > 0).map(|i| &spec[i + 1..]);
    let unpinned = match version {
        None => Some("no version"),
        Some("latest") => Some("@latest"),
        Some(v) if exact_semver(v) => None,
        Some(_) => Some("a version range or tag"),
    };
    Some(Fetched {
        registry: "npm",
        spec: spec.to_string(),
        unpinned,
    })
}

/// `1.2.3`, `1.2.3-beta.1`, `v1.2.3`: one exact version.
fn exact_semver(v: &str) -> bool {
    let v = v.strip_prefix('v').unwrap_or(v);
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// The PyPI package of `uvx [options] pkg` or `uvx --from pkg cmd`.
fn python_package(a: &[&str]) -> Option<Fetched> {
    // uvx/pipx options that take a value.
    const WITH_VALUE: [&str; 8] = [
        "--python",
        "-p",
        "--with",
        "--index-url",
        "--extra-index-url",
        "--index",
        "--spec",
        "--pip-args",
    ];
    let mut i = 0;
    let mut spec = None;
    while i < a.len() {
        let x = a[i];
        if x == "--from" || x == "--spec" {
            spec = a.get(i + 1).copied();
            break;
        }
        if let Some(v) = x
            .strip_prefix("--from=")
            .or_else(|| x.strip_prefix("--spec="))
        {
            spec = Some(v);
            break;
        }
        if WITH_VALUE.contains(&x) {
            i += 2;
            continue;
        }
        if x.starts_with('-') {
            i += 1;
            continue;
        }
        spec = Some(x);
        break;
    }
    let spec = spec?;
    if spec.starts_with(['.', '/', '~']) || spec.starts_with("git+") && spec.contains('@') {
        return None;
    }
    let unpinned = if let Some((_, v)) = spec.split_once("==") {
        if v.trim().is_empty() {
            Some("no version")
        } else {
            None
        }
    } else if let Some((_, v)) = spec.split_once('@') {
        // uvx `tool@1.2.3`
        if v == "latest" {
            Some("@latest")
        } else if v.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            None
        } else {
            Some("a version range or tag")
        }
    } else if spec.contains(['>', '<', '~', '!', '*']) {
        Some("a version range or tag")
    } else {
        Some("no version")
    };
    Some(Fetched {
        registry: "PyPI",
        spec: spec.to_string(),
        unpinned,
    })
}

/// The image of `docker run [options] image [command]`.
fn image(a: &[&str]) -> Option<Fetched> {
    // `docker run` options that take a value (when not written `--opt=value`).
    const WITH_VALUE: [&str; 44] = [
        "-e",
        "--env",
        "--env-file",
        "-v",
        "--volume",
        "--mount",
        "--name",
        "--network",
        "--net",
        "-p",
        "--publish",
        "-w",
        "--workdir",
        "-u",
        "--user",
        "--entrypoint",
        "--platform",
        "-l",
        "--label",
        "--label-file",
        "--add-host",
        "--cap-add",
        "--cap-drop",
        "-m",
        "--memory",
        "--cpus",
        "--pull",
        "-h",
        "--hostname",
        "--restart",
        "--device",
        "--security-opt",
        "--ulimit",
        "--tmpfs",
        "--dns",
        "--log-driver",
        "--log-opt",
        "--runtime",
        "--gpus",
        "--shm-size",
        "--ipc",
        "--pid",
        "--userns",
        "--cidfile",
    ];
    let mut i = 0;
    while i < a.len() {
        let x = a[i];
        if WITH_VALUE.contains(&x) {
            i += 2;
            continue;
        }
        if x.starts_with('-') {
            i += 1;
            continue;
        }
        let unpinned = if x.contains("@sha256:") {
            None
        } else {
            let last = x.rsplit('/').next().unwrap_or(x);
            match last.split_once(':') {
                None => Some("no tag"),
                Some((_, "latest")) => Some(":latest"),
                Some(_) => None,
            }
        };
        return Some(Fetched {
            registry: "container image",
            spec: x.to_string(),
            unpinned,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(cmd: &str, args: &[&str]) -> Option<(String, Option<&'static str>)> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        fetched(cmd, &args).map(|x| (x.spec, x.unpinned))
    }

    #[test]
    fn npx_packages() {
        assert_eq!(
            f("npx", &["-y", "@modelcontextprotocol/server-github"]),
            Some((
                "@modelcontextprotocol/server-github".into(),
                Some("no version")
            ))
        );
        assert_eq!(
            f(
                "npx",
                &["-y", "@modelcontextprotocol/server-github@2025.4.8"]
            ),
            Some(("@modelcontextprotocol/server-github@2025.4.8".into(), None))
        );
        assert_eq!(
            f("npx", &["pkg@latest"]),
            Some(("pkg@latest".into(), Some("@latest")))
        );
        assert_eq!(
            f("npx", &["pkg@^1.2.0"]),
            Some(("pkg@^1.2.0".into(), Some("a version range or tag")))
        );
        assert_eq!(
            f(
                "C:\\Program Files\\nodejs\\npx.cmd",
                &["-p", "a@1.0.0", "run"]
            ),
            Some(("a@1.0.0".into(), None))
        );
        assert_eq!(
            f("pnpm", &["dlx", "x"]),
            Some(("x".into(), Some("no version")))
        );
        assert_eq!(f("npx", &["./local"]), None);
        assert_eq!(f("node", &["server.js"]), None);
    }

    #[test]
    fn python_packages() {
        assert_eq!(
            f("uvx", &["mcp-server-git"]),
            Some(("mcp-server-git".into(), Some("no version")))
        );
        assert_eq!(
            f("uvx", &["mcp-server-git==0.6.2"]),
            Some(("mcp-server-git==0.6.2".into(), None))
        );
        assert_eq!(
            f("uvx", &["--from", "pkg==1.0", "cmd"]),
            Some(("pkg==1.0".into(), None))
        );
        assert_eq!(
            f("uvx", &["tool@latest"]),
            Some(("tool@latest".into(), Some("@latest")))
        );
        assert_eq!(
            f("pipx", &["run", "tool"]),
            Some(("tool".into(), Some("no version")))
        );
    }

    #[test]
    fn container_images() {
        assert_eq!(
            f(
                "docker",
                &[
                    "run",
                    "-i",
                    "--rm",
                    "-e",
                    "GITHUB_TOKEN",
                    "ghcr.io/github/github-mcp-server"
                ]
            ),
            Some(("ghcr.io/github/github-mcp-server".into(), Some("no tag")))
        );
        assert_eq!(
            f("docker", &["run", "-i", "mcp/fetch:latest"]),
            Some(("mcp/fetch:latest".into(), Some(":latest")))
        );
        assert_eq!(
            f("docker", &["run", "registry:5000/img:1.2"]),
            Some(("registry:5000/img:1.2".into(), None))
        );
        assert_eq!(
            f("docker", &["run", "registry:5000/img"]),
            Some(("registry:5000/img".into(), Some("no tag")))
        );
        assert_eq!(
            f("docker", &["run", "img@sha256:abc"]),
            Some(("img@sha256:abc".into(), None))
        );
        assert_eq!(f("docker", &["ps"]), None);
    }
}
