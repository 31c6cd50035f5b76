#!/usr/bin/env bash
# The screens' texts in English (issue 18): Qt's translation tools, from the venv's PySide6 wheels.
#   bash scripts/translations.sh          builds bms_kiosk/translations/*.qm from the .ts (setup.sh runs it)
#   bash scripts/translations.sh update   first re-reads the sources into the .ts (new texts come in
#                                         "unfinished": translate them in the .ts, e.g. with pyside6-linguist)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
bin="${VENV:-.venv}/bin"
ts_dir=bms_kiosk/translations
if [ "${1:-}" = update ]; then
  # every module that writes screen words: QT_TRANSLATE_NOOP(context, "…") / translate(context, "…", None, n)
  mapfile -t sources < <(grep -rl --include='*.py' -e QT_TRANSLATE_NOOP -e 'translate(' bms_kiosk client/bms_client | sort)
  for lang in en; do
    "$bin/pyside6-lupdate" -no-obsolete -locations none -source-language fr_FR -target-language "${lang}" \
      "${sources[@]}" -ts "$ts_dir/bms_kiosk_${lang}.ts"
  done
fi
for ts in "$ts_dir"/bms_kiosk_*.ts; do
  "$bin/pyside6-lrelease" -silent "$ts" -qm "${ts%.ts}.qm"
done
