#!/usr/bin/env bash
# Times a portfolio run and reads its peak memory: N copies of an answers file (default 1,000
# copies of examples/healthcare-third-party-model.yaml) assessed in one `aimscore assess`, once
# per format, the output written to a file. Needs a release build and GNU time (/usr/bin/time).
#
#   cargo build --release
#   scripts/portfolio-scale.sh [FILE] [N] [FORMAT...]
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-examples/healthcare-third-party-model.yaml}"
n="${2:-1000}"
shift $(( $# > 2 ? 2 : $# ))
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(json text)
exe=target/release/aimscore
[ -x "$exe" ] || { echo "build first: cargo build --release" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed at /usr/bin/time" >&2; exit 2; }

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ext="${file##*.}"
for i in $(seq -w 1 "$n"); do cp "$file" "$dir/org-$i.$ext"; done
echo "$n copies of $file ($(stat -c %s "$file") bytes), $(nproc) cores"
for f in "${formats[@]}"; do
    /usr/bin/time -o "$dir/time" -f "%e s wall, %U s user, %S s system, peak RSS %M KB" \
        "$exe" assess "$dir"/org-*."$ext" --format "$f" -o "$dir/out.$f" || true
    echo "  $f: $(cat "$dir/time"), output $(stat -c %s "$dir/out.$f") bytes"
done
