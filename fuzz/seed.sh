#!/usr/bin/env bash
# Builds the fuzz seed corpora (not committed) from examples/, tests/bad-input/, controls/,
# templates/, tests/fixtures/discover/, examples/inventory/sources/ and the `aimscore init`
# templates. Each seed starts with the selector byte(s) the target reads: for `answers` the format
# (0 YAML, 1 TOML, 2 JSON), for `catalog` the index of the bundled file it replaces, for
# `template` the template's name (0 .html, 1 .md, 2 .txt, 3 .Html.j2), for `discover` the file
# name (an index into the list below), for `editor` the format and edit, the question, the
# answer and its fields. The `init` templates need the aimscore binary: $AIMSCORE, or a debug
# build made here (in $CARGO_TARGET_DIR, default ../target).
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/answers corpus/catalog corpus/template corpus/discover corpus/editor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

seed() { # seed DIR SELECTOR FILE [NAME]
    local out="$1/${4:-$(basename "$3")}.$2"
    { printf "\\x$(printf %02x "$2")"; cat "$3"; } > "$out"
}

n=0
for f in "$root"/examples/* "$root"/tests/bad-input/*; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le 1048576 ] || continue
    case "$f" in
        *.toml) sel=1 ;;
        *.json) sel=2 ;;
        *.yaml|*.yml) sel=0 ;;
        *) continue ;;
    esac
    seed corpus/answers "$sel" "$f"; n=$((n + 1))
done
echo "answers: $n seeds"

# catalog: the bundled files in load order (see src/catalog/load.rs), then broken catalog files.
files=(catalog.yaml iso42001/clauses.yaml iso42001/annex-a.yaml nist-ai-rmf.yaml
       owasp-llm-2025.yaml profiles/agentic.yaml)
n=0
for i in "${!files[@]}"; do
    seed corpus/catalog "$i" "$root/controls/${files[$i]}"; n=$((n + 1))
done
if [ -d "$root/tests/bad-input/catalogs" ]; then
    while IFS= read -r f; do
        for i in "${!files[@]}"; do
            if [ "$(basename "$f")" = "$(basename "${files[$i]}")" ]; then
                seed corpus/catalog "$i" "$f"; n=$((n + 1))
            fi
        done
    done < <(find "$root/tests/bad-input/catalogs" -name '*.yaml')
fi
echo "catalog: $n seeds"

# template: the built-in templates under their own escaping and as plain text, and small ones
# that use every filter and function aimscore adds.
n=0
for f in "$root"/templates/*.j2; do
    case "$f" in *.html.j2) sel=0 ;; *) sel=1 ;; esac
    seed corpus/template "$sel" "$f"; seed corpus/template 2 "$f"; n=$((n + 2))
done
small=(
    '{{ organization }} {{ overall.score | score }} ({{ overall.band }})'
    '{% for s in sections %}{{ s.id | md }}: {{ s.score | score }}{{ s.title | xml }}
{% endfor %}'
    '<h1>{{ organization }}</h1>{{ section_chart(sections) }}'
    '{% for f in fixes %}{{ loop.index }}. {{ f.question }} {{ f | steps }}{% endfor %}'
    '{{ fixes | tojson }}{{ sections | map(attribute="id") | join(",") }}'
    '{% macro m(x) %}{{ x ~ x }}{% endmacro %}{{ m(organization) }}{% set y = [1,2,3] %}{{ y | sum }}'
    '{% for i in range(1000) %}{% for j in range(1000) %}{{ i }}{% endfor %}{% endfor %}'
    '{{ nope }}'
    '{% if %}'
)
for i in "${!small[@]}"; do
    printf '%s' "${small[$i]}" > "corpus/template/.small-$i"
    for sel in 0 1 2 3; do seed corpus/template "$sel" "corpus/template/.small-$i" "small-$i"; n=$((n + 1)); done
    rm "corpus/template/.small-$i"
done
echo "template: $n seeds"

# discover: the names of fuzz_targets/discover.rs in its order (inventory::known_locations,
# then its EXTRA list); a file takes the index of the name its path ends with, else of the
# unknown name with its extension.
names=(.mcp.json .vscode/mcp.json .config/Code/User/mcp.json
       "Library/Application Support/Code/User/mcp.json" .cursor/mcp.json .claude.json
       .claude/settings.json .claude/settings.local.json claude_desktop_config.json
       "Library/Application Support/Claude/claude_desktop_config.json"
       .config/Claude/claude_desktop_config.json
       AppData/Roaming/Claude/claude_desktop_config.json .codeium/windsurf/mcp_config.json
       .continue/config.json .continue/config.yaml .gemini/settings.json .amazonq/mcp.json
       .aws/amazonq/mcp.json
       .continue/mcpServers/a.yaml .continue/mcpServers/b.yml .continue/mcpServers/c.json
       x/mcp_config.json d/claude_desktop_config.json unknown.json unknown.yaml
       codex/config.toml notes.txt)
discover_sel() { # discover_sel PATH
    local i
    case "$1" in
        */.continue/mcpServers/*.yaml) echo 18; return ;;
        */.continue/mcpServers/*.yml) echo 19; return ;;
        */.continue/mcpServers/*.json) echo 20; return ;;
    esac
    for i in "${!names[@]}"; do
        if [ "$i" -lt 18 ] && [[ "$1" == */"${names[$i]}" ]]; then echo "$i"; return; fi
    done
    case "$1" in
        *.json) echo 23 ;;
        *.yaml|*.yml) echo 24 ;;
        *.toml) echo 25 ;;
        *) echo 26 ;;
    esac
}
n=0
while IFS= read -r -d '' f; do
    [ "$(stat -c %s "$f")" -le 1048576 ] || continue
    sel=$(discover_sel "$f")
    seed corpus/discover "$sel" "$f" "$(echo "${f#$root/}" | tr '/ ' '__')"; n=$((n + 1))
done < <(find "$root/tests/fixtures/discover" "$root/examples/inventory" "$root/tests/bad-input" \
              -maxdepth 8 -type f \( -name '*.json' -o -name '*.yaml' -o -name '*.yml' \
              -o -name '*.txt' \) -print0 | sort -z)
# Hand-written configs with a secret in every place the redactor looks (fake tokens).
cat > "$tmp/secrets.json" <<'JSON'
{"mcpServers": {
  "gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@latest", "--token",
         "ghp_abcdefghijklmnopqrstuvwxyz0123", "--url=https://h.example/p/ghp_abcdefghijklmnopqrstuvwxyz0123",
         "Authorization: Bearer s3cr3t", "-e", "GITHUB_TOKEN=xyz"],
         "env": {"GITHUB_TOKEN": "ghp_abcdefghijklmnopqrstuvwxyz0123", "LOG": "${env:LOG}"}},
  "remote": {"type": "sse", "url": "https://user:pass@mcp.example.com/sse?api_key=sk-abcdefghijklmnopqrstuvwx&x=1#ghp_abcdefghijklmnopqrstuvwxyz0123",
             "headers": {"Authorization": "Bearer xoxb-1234567890-abcdefghij", "X-Api-Key": "${input:key}"}},
  "proxy": {"command": "npx", "args": ["mcp-remote@0.1.18", "http://mcp.example.com/a;AKIAIOSFODNN7EXAMPLE?ghp_abcdefghijklmnopqrstuvwxyz0123"]},
  "shell": {"command": ["sh", "-c", "GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123 npx server"]},
  "docker": {"command": "docker", "args": ["run", "-i", "--rm", "-e", "TOKEN", "ghcr.io/x/y:latest"]}
}}
JSON
cat > "$tmp/secrets.yaml" <<'YAML'
mcpServers:
  - name: pg
    command: uvx
    args: [mcp-server-postgres, "postgresql://app:p4ssw0rd@db.example/prod?sslmode=require"]
    env: {PGPASSWORD: hunter2}
  - transport:
      type: streamable-http
      url: "https://mcp.example.com/mcp#access_token=Zx9Qm3VtL7pR2wYk8NcJ5hFb1GdS6aXe"
      requestOptions: {headers: {Authorization: "Bearer ${{ secrets.TOKEN }}"}}
YAML
for f in "$tmp/secrets.json" "$tmp/secrets.yaml"; do
    for sel in $(discover_sel "$f") 0 1 5 14 18; do
        seed corpus/discover "$sel" "$f"; n=$((n + 1))
    done
done
echo "discover: $n seeds"

# editor: examples/, tests/bad-input/ and the `init` templates (full, snapshot, with the agentic
# profile; YAML and TOML, init writes no JSON; the full ones are cut by -max_len). After the
# format byte, five bytes: the question (two bytes, little-endian; bit 15 picks one the file
# answers), the answer, which fields are set and to which strings; seven such edits per file,
# then one `set_profiles` and one `set_tier_full` (high nibble 14 and 15 of the first byte).
aimscore="${AIMSCORE:-}"
if [ -z "$aimscore" ]; then
    cargo build --quiet --manifest-path "$root/Cargo.toml"
    aimscore="${CARGO_TARGET_DIR:-$root/target}/debug/aimscore"
fi
for fmt in yaml toml; do
    "$aimscore" init --format "$fmt" --organization Acme -o "$tmp/init-full.$fmt" > /dev/null
    "$aimscore" init --format "$fmt" --snapshot -o "$tmp/init-snapshot.$fmt" > /dev/null
    "$aimscore" init --format "$fmt" --profile agentic -o "$tmp/init-agentic.$fmt" > /dev/null
    head -n 120 "$tmp/init-full.$fmt" > "$tmp/init-head.$fmt"
done
# Comments everywhere the editor might drop one: inside entries, flow style, a profiles list.
cat > "$tmp/comments.yaml" <<'YAML'
# head comment
aimscore: 1  # version
organization: "Acme"
profiles:
  # which overlays
  - agentic

# before answers
answers:
  # first block
  4.1-2:   # key comment
    answer: no # inline
    # inner comment
    note: |
      two
      # in a block scalar
      lines

  # between
  A.5.2-1: {answer: 2}
  "A.2.2-1":
    answer: yes
    evidence:
      # evidence comment
      - policy.pdf
# after answers
scope: S
YAML
cat > "$tmp/comments-flow.yaml" <<'YAML'
aimscore: 1
organization: Acme
answers: {"4.1-1": {answer: yes,
  # inside flow
  evidence: [a]}}  # flow
# after
date: 2026-01-01
YAML
cat > "$tmp/comments.toml" <<'TOML'
# head
aimscore = 1
organization = "Acme"
# profiles = ["agentic"]

[answers."4.1-2"]
# inner
answer = "no" # inline
note = """
# in a string
"""
# between

[answers]
"A.5.2-1" = { answer = 2 } # inline table

[answers."A.2.2-1"]
answer = "yes"
# tail
TOML
edits=('\x00\x01\x00\x0c\x00' '\x17\x00\x02\x1f\x05' '\x42\x00\x00\x3c\x0b' '\x09\x01\x03\x20\x11'
       '\x00\x80\x00\x0c\x00' '\x01\x80\x05\x1f\x05' '\x02\x80\x03\x20\x11')
n=0
for f in "$root"/examples/* "$root"/tests/bad-input/* "$tmp"/init-* "$tmp"/comments*; do
    [ -f "$f" ] || continue
    [ "$(stat -c %s "$f")" -le 1048576 ] || continue
    case "$f" in
        *.toml) sel=1 ;;
        *.json) sel=2 ;;
        *.yaml|*.yml) sel=0 ;;
        *) continue ;;
    esac
    for e in "${!edits[@]}"; do
        { printf "\\x$(printf %02x "$sel")${edits[$e]}"; cat "$f"; } > "corpus/editor/$(basename "$f").$e"
        n=$((n + 1))
    done
    { printf "\\x$(printf %02x $((sel + 224)))\\x00\\x00\\x00\\x00\\x00"; cat "$f"; } > "corpus/editor/$(basename "$f").p"
    { printf "\\x$(printf %02x $((sel + 240)))\\x00\\x00\\x00\\x00\\x00"; cat "$f"; } > "corpus/editor/$(basename "$f").t"
    n=$((n + 2))
done
echo "editor: $n seeds"
