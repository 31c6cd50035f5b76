#!/usr/bin/env bash
# Installs what the kiosk and its tests need on a Debian 12 or 13 machine, as root:
# the Debian packages of scripts/debian-packages.sh (build tools, the libraries of the venv's
# shared objects, PC/SC with the virtual reader, CUPS with the PDF printer) and a virtual
# environment in .venv with the three distributions (client, backend, kiosk) installed in it; then checks that every shared object
# of the venv finds its libraries (scripts/missing-libs.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"

. scripts/debian-packages.sh
missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

py="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$py" -m venv .venv
fi
# three distributions, installed editable together: the client, the reference backend, the kiosk
stamp=".venv/.installed-$(cat pyproject.toml client/pyproject.toml backend/pyproject.toml | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -e ./client -e ./backend -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
bash scripts/translations.sh  # the screens' English (.ts → .qm, Qt's pyside6-lrelease from the venv)
if ! bash scripts/missing-libs.sh .venv; then
  echo "setup: a shared object of .venv misses a system library (above): add its package to scripts/debian-packages.sh" >&2
  exit 1
fi
