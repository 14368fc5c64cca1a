#!/usr/bin/env bash
# Fuzzes the parsers and the renderer with cargo-fuzz (libFuzzer), seeded from the wire samples.
# Not part of scripts/test.sh: it needs a nightly toolchain and takes CPU-minutes.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]     (default 600 s: 10 CPU-minutes each)
# A crash leaves its input in fuzz/artifacts/TARGET/; make it a regression test (the wire
# crate's tests/wire/hostile.rs, the render crate's tests) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wire_read render search_query)

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "cargo-fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2
  exit 1
fi
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

samples=../shared/wire-samples
for target in "${targets[@]}"; do
  corpus=fuzz/corpus/$target
  mkdir -p "$corpus"
  case $target in
    wire_read) [ -d "$samples" ] && find "$samples" -type f ! -name '*.md' -exec cp -n {} "$corpus/" \; ;;
    render) [ -d "$samples" ] && find "$samples" -type f \( -name '*.txt' -o -name '*.md' \) -exec cp -n {} "$corpus/" \; ;;
    search_query) printf 'harbour storm' >"$corpus/two-words"; printf '"sea wall" AND' >"$corpus/syntax" ;;
  esac
  echo "==> fuzzing $target for ${seconds}s"
  cargo +nightly fuzz run "$target" "$corpus" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 2>&1 | tail -n 5
done
