#!/usr/bin/env bash
# Installs what the kiosk and its tests need on a Debian 12 machine, as root:
# the Debian packages (PC/SC, virtual reader, CUPS, PDF printer, Qt's X libraries, PostgreSQL
# whose binaries the backend tests run as a private cluster — no system service is used)
# and a virtual environment in .venv with the project installed in it.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

debs=(
  python3 python3-venv python3-dev gcc
  pcscd libpcsclite-dev vsmartcard-vpcd
  cups cups-daemon cups-client cups-bsd printer-driver-cups-pdf libcups2-dev poppler-utils
  xvfb xauth libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
  libxcb-xkb1 libxcb-cursor0 libxcb-shape0 libxcb-randr0
  postgresql
)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# pcscd and cupsd are started by the tests and the demo themselves, on private sockets.
# A distribution service holding the same sockets would get in the way on a dev machine.
for svc in pcscd.socket pcscd.service cups.socket cups.service; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    echo "setup: note: $svc is running; the tests start their own pcscd/cupsd"
  fi
done

py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
stamp=".venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
