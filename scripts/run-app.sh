#!/usr/bin/env bash
# Sets up what is missing, builds Copydesk and opens it. Extra arguments go to the app.
# Data: $COPYDESK_DATA_DIR, else ~/.local/share/copydesk.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
(cd ui && npm run build --silent)
cargo build -p copydesk-app -p copydesk-cli --features copydesk-app/custom-protocol
exec target/debug/copydesk-app "$@"
