#!/usr/bin/env bash
# Prints the system libraries that the shared objects of the virtual environment cannot find
# (ldd's "not found" lines), one line per object and library; exits 1 if any is missing.
#
#   bash scripts/missing-libs.sh [VENV]          (default: .venv)
#
# Checked: every compiled module outside PySide6 (pyscard, pycups, reportlab, pydantic, …) and,
# of PySide6, the modules and Qt plugins the kiosk loads: Core, Gui, Widgets, Svg, Pdf,
# StateMachine, TextToSpeech, Multimedia, Test; the offscreen, xcb and Wayland platforms and their
# integrations, image formats, icon engines, input contexts and the speech engines.
# This is how scripts/debian-packages.sh was derived: run on a fresh root (scripts/fresh-root.sh)
# after the pip install, then each missing soname was matched to its Debian package. Run it
# again after any dependency bump.
set -euo pipefail
venv="${1:-.venv}"
site="$(echo "$venv"/lib/python3*/site-packages)"
[ -d "$site" ] || { echo "missing-libs: no site-packages in $venv" >&2; exit 2; }
qt="$site/PySide6"

objects=()
while IFS= read -r -d '' so; do objects+=("$so"); done < <(
  find "$site" -name '*.so*' -type f -not -path "$qt/*" -not -path "$site/shiboken6/*" -print0)
for module in QtCore QtGui QtWidgets QtSvg QtSvgWidgets QtPdf QtPdfWidgets QtStateMachine \
              QtTextToSpeech QtMultimedia QtTest QtNetwork; do
  for so in "$qt/$module".*.so; do [ -f "$so" ] && objects+=("$so"); done
done
for dir in platforms xcbglintegrations wayland-shell-integration wayland-decoration-client \
           wayland-graphics-integration-client imageformats iconengines platforminputcontexts \
           texttospeech; do
  for so in "$qt/Qt/plugins/$dir"/*.so; do [ -f "$so" ] && objects+=("$so"); done
done

missing=0
for so in "${objects[@]}"; do
  while read -r line; do
    echo "${so#"$site"/}: $line"
    missing=1
  done < <(ldd "$so" 2>/dev/null | grep 'not found' | sed 's/^[[:space:]]*//')
done
echo "missing-libs: ${#objects[@]} shared objects checked" >&2
exit "$missing"
