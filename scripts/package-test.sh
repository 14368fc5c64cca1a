#!/usr/bin/env bash
# Builds the .deb with the Tauri CLI, installs it with dpkg, checks what it put where, starts
# the installed app under Xvfb with a wire file on its command line (as "Open with Copydesk"
# does) until its window shows and the file is read, then removes the package and checks that
# nothing is left. Called by scripts/test.sh after the E2E suite, with the debug build it
# made (`--release` builds the release package instead, as README's install section does).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
flag=(--debug)   # for the Tauri CLI
cargo_flag=()
if [ "${1:-}" = "--release" ]; then profile=release; flag=(); cargo_flag=(--release); fi
target=${CARGO_TARGET_DIR:-$PWD/target}
sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
fail() { echo "package test: $*" >&2; exit 1; }

cargo build -p copydesk-cli ${cargo_flag[@]+"${cargo_flag[@]}"}
rm -rf "$target/$profile/bundle/deb"
(cd ui && npm run --silent tauri -- build ${flag[@]+"${flag[@]}"} --bundles deb --ci \
  --config "{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/copydesk\":\"$target/$profile/copydesk\"}}}}}")
deb=$(ls "$target/$profile/bundle/deb/"*.deb)
echo "==> $deb ($(du -h "$deb" | cut -f1))"

if dpkg-query -W -f='${Status}' copydesk 2>/dev/null | grep -q "install ok installed"; then
  fail "a copydesk package is installed already; remove it first (dpkg -r copydesk)"
fi
sudo_if_needed dpkg -i "$deb"
trap 'sudo_if_needed dpkg -r copydesk >/dev/null 2>&1 || true' EXIT

for f in /usr/bin/copydesk-app /usr/bin/copydesk /usr/share/applications/Copydesk.desktop \
         /usr/share/mime/packages/copydesk.xml; do
  [ -e "$f" ] || fail "$f is missing"
done
for size in 16x16 24x24 32x32 48x48 64x64 128x128 256x256 512x512; do
  [ -f "/usr/share/icons/hicolor/$size/apps/copydesk-app.png" ] || fail "no $size icon"
done
grep -q '^Exec=copydesk-app %F$' /usr/share/applications/Copydesk.desktop || fail "Exec takes no files"
grep -q '^MimeType=application/x-copydesk-wire;$' /usr/share/applications/Copydesk.desktop \
  || fail "no MimeType in the desktop entry"
copydesk --version >/dev/null || fail "the CLI does not run"

# The installed app, on a fresh data folder, handed a wire file.
work=$(mktemp -d)
trap 'sudo_if_needed dpkg -r copydesk >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
sample=$work/storm.txt
printf 'Storm closes harbour\n\nWaves damaged the sea wall overnight, the port authority said.\n' >"$sample"
export COPYDESK_DATA_DIR=$work/data COPYDESK_INBOX=$work/inbox HOME=$work
xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- bash -c '
  copydesk-app "$1" >"$2/app.log" 2>&1 &
  app=$!
  for _ in $(seq 1 120); do
    if xwininfo -root -tree 2>/dev/null | grep -q "\"Copydesk\""; then
      shown=1
      break
    fi
    sleep 0.5
  done
  [ -n "${shown:-}" ] || { echo "no Copydesk window" >&2; kill $app; exit 1; }
  # The file was copied into the inbox and read (imported, then archived).
  for _ in $(seq 1 60); do
    n=$(copydesk --data-dir "$COPYDESK_DATA_DIR" wire list --json 2>/dev/null | grep -c "Storm closes harbour" || true)
    [ "$n" -ge 1 ] && break
    sleep 0.5
  done
  sleep 5  # let the web view paint before the screenshot
  import -window root "$2/installed-app.png" || true
  kill $app
  wait $app 2>/dev/null || true
  [ "${n:-0}" -ge 1 ] || { echo "the wire file given on the command line was not read" >&2; exit 1; }
' _ "$sample" "$work"
[ -f "$sample" ] || fail "the original file was moved; it must stay where it was"
mkdir -p artifacts && cp "$work/installed-app.png" artifacts/installed-app.png 2>/dev/null || true

sudo_if_needed dpkg -r copydesk
for f in /usr/bin/copydesk-app /usr/bin/copydesk /usr/share/applications/Copydesk.desktop; do
  [ ! -e "$f" ] || fail "$f is left after removal"
done
echo "==> the .deb installs, runs, reads a file it is handed, and removes cleanly"
