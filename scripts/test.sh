#!/usr/bin/env bash
# README command (b): install what is needed, then run every test on the real stack
# (pcscd + virtual reader, private cupsd + PDF printer, reference backend on loopback).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
bash scripts/setup.sh
set +e
.venv/bin/python -m pytest -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "test: pytest collected no test: that is a failure here"
  exit 1
fi
exit "$rc"
