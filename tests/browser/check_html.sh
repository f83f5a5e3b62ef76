#!/usr/bin/env bash
# Opens the HTML report in a real browser (headless Chromium) and checks that it rendered:
#   1. the report of tests/fixtures/formats.yaml is screenshotted to a PNG of the window's size
#      with real content (not a blank page);
#   2. the DOM Chromium builds from it holds the report (organization, chart, fix-list) and no
#      <script> element;
#   3. the report of tests/fixtures/hostile.yaml, parsed by the browser, holds no element or
#      attribute that the hostile strings tried to inject (<script>, <img onerror=…>).
# Installs Debian's chromium when it is missing; if that fails, prints SKIP and exits 0.
# Output (report, screenshot, DOM dumps) goes to $AIMSCORE_BROWSER_OUT or target/browser-check/.
# Run: bash tests/browser/check_html.sh   (or AIMSCORE_BROWSER_TEST=1 cargo test --test formats)
set -euo pipefail
cd "$(dirname "$0")/../.."

OUT=${AIMSCORE_BROWSER_OUT:-target/browser-check}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
BIN=${AIMSCORE_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --quiet
  BIN=target/debug/aimscore
fi

if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is not installed: trying apt-get install -y chromium (log: $OUT/apt.log)"
  if ! { apt-get update && apt-get install -y chromium; } >"$OUT/apt.log" 2>&1 \
    || ! command -v chromium >/dev/null 2>&1; then
    echo "SKIP: Debian's chromium could not be installed here (see $OUT/apt.log); the browser check did not run."
    exit 0
  fi
fi

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The flags from the environment notes: headless, no sandbox (root in a container), and no
# background networking, which would flood a closed network with refused requests.
chrome() {
  local profile
  profile=$(mktemp -d)
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    "$@" 2>>"$OUT/chromium.log"
  rm -rf "$profile"
}

"$BIN" assess tests/fixtures/formats.yaml --format html --top 15 -o "$OUT/report.html"
"$BIN" assess tests/fixtures/hostile.yaml --format html -o "$OUT/hostile.html"

# 1. Screenshot.
rm -f "$OUT/report.png"
chrome --screenshot="$OUT/report.png" --window-size=1280,2400 "file://$OUT/report.html" >/dev/null
[ -s "$OUT/report.png" ] || fail "no screenshot written"
[ "$(head -c 8 "$OUT/report.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
  || fail "the screenshot is not a PNG"
dims=$(head -c 24 "$OUT/report.png" | tail -c 8 | od -An -tu1)
read -r w1 w2 w3 w4 h1 h2 h3 h4 <<<"$dims"
width=$(((w1 << 24) | (w2 << 16) | (w3 << 8) | w4))
height=$(((h1 << 24) | (h2 << 16) | (h3 << 8) | h4))
[ "$width" -eq 1280 ] && [ "$height" -eq 2400 ] || fail "screenshot is ${width}x${height}, not 1280x2400"
# A blank 1280x2400 page compresses to about 10 kB; the report's first screen is far larger.
size=$(wc -c <"$OUT/report.png")
[ "$size" -gt 60000 ] || fail "the screenshot is only $size bytes: the page looks blank"

# 2. The DOM Chromium built.
chrome --dump-dom "file://$OUT/report.html" >"$OUT/report.dom.html"
grep -q "Northwind Clinics Ltd" "$OUT/report.dom.html" || fail "the organization is not in the DOM"
grep -q "<svg" "$OUT/report.dom.html" || fail "the chart is not in the DOM"
grep -q "Prioritized fix-list" "$OUT/report.dom.html" || fail "the fix-list is not in the DOM"
if grep -qi "<script" "$OUT/report.dom.html"; then fail "a <script> element in the report"; fi

# 3. Hostile strings stay text in the browser's DOM.
chrome --dump-dom "file://$OUT/hostile.html" >"$OUT/hostile.dom.html"
[ -s "$OUT/hostile.dom.html" ] || fail "no DOM for the hostile report"
if grep -qi "<script" "$OUT/hostile.dom.html"; then fail "an injected <script> element"; fi
if grep -qiE "<img|<[a-z][^>]* on[a-z]+=" "$OUT/hostile.dom.html"; then
  fail "an injected element or event handler"
fi
grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" "$OUT/hostile.dom.html" \
  || fail "the hostile text is not shown as text"
if grep -qi 'href="javascript' "$OUT/hostile.dom.html"; then fail "a javascript: link"; fi

echo "OK: headless Chromium rendered the HTML report: $OUT/report.png (${width}x${height}, $size bytes); no script, hostile strings inert."
