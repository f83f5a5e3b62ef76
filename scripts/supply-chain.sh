#!/usr/bin/env bash
# Supply-chain checks with cargo-deny (configuration: deny.toml): permissive licences only,
# no serde_yaml/serde_yml, crates.io as the only source, and, where the network allows it, the
# RustSec advisories. Not part of .ci/run: installing cargo-deny takes minutes.
#
#   scripts/supply-chain.sh              licences, bans, sources (offline), then advisories
#   scripts/supply-chain.sh --offline    licences, bans, sources only
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo deny --version >/dev/null 2>&1; then
    echo "installing cargo-deny (a few minutes) ..." >&2
    cargo install cargo-deny --locked
fi

cargo deny --locked check licenses bans sources

if [ "${1:-}" = "--offline" ]; then
    exit 0
fi
# The advisory database is fetched from GitHub; without a network this step cannot run.
if ! cargo deny --locked check advisories; then
    echo "advisories: failed (no network to fetch the RustSec database?); rerun with a network, or use --offline to skip" >&2
    exit 1
fi
