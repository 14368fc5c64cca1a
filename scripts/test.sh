#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test: formatting, lints, Rust tests, the
# UI's type check, unit tests and build, the layering rule, and the end-to-end suite in the
# real app under Xvfb. Screenshots of each end-to-end step land in artifacts/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { printf '\n\033[1m==> %s\033[0m (%ss)\n' "$*" $((SECONDS - start)); }

scripts/setup.sh

# One feature set for every cargo call, so the app is compiled once, not once per command.
FEATURES=(--features copydesk-app/custom-protocol)

step "cargo fmt --check"
cargo fmt --all --check

step "UI: type check, unit tests, build"
(cd ui && npm run --silent check && npm test --silent && npm run --silent build)

step "cargo clippy (warnings are errors)"
cargo clippy --workspace --all-targets "${FEATURES[@]}" -- -D warnings

# Includes copydesk-server's tests, which start their own throwaway PostgreSQL cluster (the
# `postgresql` package from setup.sh; run as the `postgres` user when we are root).
step "Supply chain: cargo deny, npm audit (what the UI ships)"
scripts/supply-chain.sh

step "Rust tests"
cargo test --workspace --exclude copydesk-e2e "${FEATURES[@]}"

step "End-to-end tests (the real app under Xvfb)"
cargo build -p copydesk-app -p copydesk-cli -p copydesk-server "${FEATURES[@]}"
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- \
  cargo test -p copydesk-e2e -- --test-threads=1

# The .deb from the debug build just made: installed, started with a wire file, removed.
step "Package: build the .deb, install it, run it, remove it"
scripts/package-test.sh

step "All checks passed"
