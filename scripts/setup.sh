#!/usr/bin/env bash
# Installs what building, running and testing Copydesk needs, skipping what is already there.
# Safe to run again. Debian 12 / Ubuntu 22.04+; run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential curl file pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev xvfb xauth imagemagick webkit2gtk-driver
  fonts-dejavu-core dbus-x11 at-spi2-core procps nodejs npm
  postgresql x11-utils
  # scripts/hostile-corpus.py (the hostile wire corpus the CLI tests run through the inbox).
  python3
  # The keyring crate's Secret Service client (the app's newsroom session) links libdbus.
  libdbus-1-dev
  # Spelling (core style/spelling.rs reads the system's Hunspell dictionaries).
  hunspell-en-gb hunspell-en-us
)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

sudo_if_needed() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  # nodejs/npm may come from elsewhere (nvm, NodeSource): a working `node` is enough.
  if { [ "$pkg" = nodejs ] || [ "$pkg" = npm ]; } && command -v "${pkg/nodejs/node}" >/dev/null; then
    continue
  fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing system packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node.js $(node --version) is too old: Copydesk's UI tools need Node 20.19 or newer." >&2
  exit 1
fi

# npm ci only when the lock file changed since the last install.
if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  say "Installing UI packages (npm ci)"
  (cd ui && npm ci --no-audit --no-fund)
fi

if ! command -v cargo-deny >/dev/null && [ ! -x "$HOME/.cargo/bin/cargo-deny" ]; then
  say "Installing cargo-deny (the supply-chain check)"
  cargo install cargo-deny --version 0.20.2 --locked
fi

if ! command -v tauri-driver >/dev/null && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
  say "Installing tauri-driver (for the end-to-end tests)"
  cargo install tauri-driver --version 2.1.0 --locked
fi
