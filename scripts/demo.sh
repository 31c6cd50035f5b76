#!/usr/bin/env bash
# README command (a): install what is needed, then open the kiosk demo on the embedded
# defaults (simulated cards in-process, embedded reference backend, file or CUPS printer).
# With no display, the demo runs offscreen and writes screenshots to ./demo-output.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
bash scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "demo: no display here: running the scripted demo offscreen, screenshots in ./demo-output"
  echo "demo: (on a desktop, run: .venv/bin/bms-kiosk --demo --windowed)"
  exec .venv/bin/bms-kiosk --demo --autoplay --output demo-output "$@"
fi
exec .venv/bin/bms-kiosk --demo --windowed "$@"
