#!/usr/bin/env bash
# Supply chain: `cargo deny` (advisories, licences, sources, bans; see deny.toml) and
# `npm audit --omit=dev` (what the UI ships). Fails on a finding. Where a database cannot be
# reached (no GitHub for the RustSec advisory database, or a registry that refuses npm's audit
# endpoint), says so loudly and checks what it can: licences, sources and bans need no network.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deny >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  echo "cargo-deny is missing: run scripts/setup.sh" >&2
  exit 1
fi

if cargo deny fetch db >/dev/null 2>&1; then
  cargo deny --log-level error check advisories licenses sources bans
else
  echo "WARNING: the RustSec advisory database could not be fetched: advisories NOT checked;" >&2
  echo "         checking licences, sources and bans only" >&2
  cargo deny --log-level error check licenses sources bans
fi

report=$(mktemp)
trap 'rm -f "$report"' EXIT
if (cd ui && npm audit --omit=dev --json >"$report" 2>/dev/null); then
  echo "npm audit --omit=dev: no vulnerabilities"
else
  # Exit 1 means either findings or an audit endpoint that did not answer: tell them apart.
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const v = r.metadata && r.metadata.vulnerabilities;
    if (v) {
      const total = Object.values(v).reduce((a, b) => a + b, 0);
      console.error(`npm audit --omit=dev: ${total} vulnerabilities`, v);
      process.exit(1);
    }
    console.error(`WARNING: npm audit NOT checked: the audit endpoint answered ${r.statusCode || ""} ${r.message || "an error"}`);
  ' "$report"
fi
