#!/usr/bin/env bash
# Builds the fuzz seed corpora (not committed) from examples/, tests/bad-input/ and controls/.
# Each seed starts with the selector byte the target reads: for `answers` the format
# (0 YAML, 1 TOML, 2 JSON), for `catalog` the index of the bundled file it replaces.
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/answers corpus/catalog

seed() { # seed DIR SELECTOR FILE
    local out="$1/$(basename "$3").$2"
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
