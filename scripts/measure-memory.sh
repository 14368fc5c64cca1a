#!/usr/bin/env bash
# Launches the app on a desk under a private Xvfb display, waits, and prints the PSS of each of
# its processes (the main process, WebKit's web and network processes) from
# /proc/<pid>/smaps_rollup, then stops it. Nothing outside a temp folder and DATA_DIR is used.
# Usage: scripts/measure-memory.sh APP DATA_DIR [WAIT_SECONDS]
# Prints one line per process ("<name> <pss_kB>") and a "total" line.
set -euo pipefail
app=$1 data=$2 wait_s=${3:-10}
tmp=$(mktemp -d)
n=90; while [[ -e /tmp/.X$n-lock ]]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [[ -e /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
DISPLAY=":$n" HOME="$tmp/home" XDG_DATA_HOME="$tmp/xdg-data" XDG_CONFIG_HOME="$tmp/xdg-config" \
  XDG_CACHE_HOME="$tmp/xdg-cache" COPYDESK_DATA_DIR="$data" COPYDESK_INBOX="$tmp/inbox" \
  COPYDESK_OUTBOX="$tmp/outbox" setsid dbus-run-session -- "$app" >"$tmp/app.log" 2>&1 &
session=$!
sleep "$wait_s"
# The app and every process it started (WebKit's helpers are its children).
pids() {
  local p=$1
  echo "$p"
  for c in $(pgrep -P "$p" || true); do pids "$c"; done
}
total=0
for pid in $(pids "$session"); do
  name=$(cat "/proc/$pid/comm" 2>/dev/null || true)
  case $name in
    copydesk-app*|WebKitWebProces|WebKitNetworkPr|WebKitGPUProces) ;;
    *) continue ;;
  esac
  pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
  echo "$name $pss"
  total=$((total + pss))
done
echo "total $total"
kill -TERM -- "-$session" 2>/dev/null || true
for _ in $(seq 30); do kill -0 "$session" 2>/dev/null || break; sleep 0.1; done
kill -KILL -- "-$session" 2>/dev/null || true
