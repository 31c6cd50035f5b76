# The Debian packages the kiosk, its demo and its tests need: one list, sourced by setup.sh.
# Defines the array `debian_packages` for the running release (Debian 12 bookworm, 13 trixie).
#
# How the runtime libraries were found (not guessed): on a fresh minbase root of each release
# (scripts/fresh-root.sh), with only the build tools below installed and the venv built, every
# shared object the kiosk loads was run through ldd (scripts/missing-libs.sh); each "not found"
# soname was matched to the Debian package that ships it, installed, and the check run again
# until it printed nothing. Redo it after any bump of PySide6, pyscard or pycups.

# shellcheck disable=SC2034  # used by setup.sh
release="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"

# Python and what the sdists (pyscard, pycups) build against.
build=(python3 python3-venv python3-dev gcc libpcsclite-dev libcups2-dev)

# Runtime libraries of the venv's shared objects (missing-libs.sh), by soname:
#   libGL.so.1 libgl1 · libEGL.so.1 libegl1 · libdrm.so.2 libdrm2 · libxkbcommon(-x11) ·
#   libX11(-xcb) · libxcb*.so · libfreetype.so.6 · libfontconfig.so.1 · libbrotli*.so.1 ·
#   libwayland-{client,cursor,egl} (Qt's Wayland platform, the kiosk under cage) ·
#   libpulse.so.0 + libspeechd.so.2 (QtMultimedia, QtTextToSpeech) · libglib-2.0/libgthread-2.0
runtime=(
  libgl1 libegl1 libdrm2 libxkbcommon0 libxkbcommon-x11-0 libx11-6 libx11-xcb1
  libxcb1 libxcb-xkb1 libxcb-xfixes0 libxcb-util1 libxcb-sync1 libxcb-shm0 libxcb-shape0
  libxcb-render0 libxcb-render-util0 libxcb-randr0 libxcb-keysyms1 libxcb-image0 libxcb-icccm4
  libxcb-cursor0 libxcb-glx0 libfreetype6 libfontconfig1 libbrotli1
  libwayland-client0 libwayland-cursor0 libwayland-egl1 libpulse0 libspeechd2 libdbus-1-3
)
case "$release" in
  bookworm) runtime+=(libglib2.0-0) ;;
  *) runtime+=(libglib2.0-0t64) ;;  # trixie's 64-bit time_t transition renamed it
esac

# Speech (bms_kiosk/speech, ../shared/notes/speech.md): speech-dispatcher with the espeak-ng voices
# (French and English), the daemon QtTextToSpeech's speechd engine talks to. Same names in 12 and 13.
speech=(speech-dispatcher speech-dispatcher-espeak-ng espeak-ng)

# The real parts the tests and the demo drive: PC/SC with the virtual reader, CUPS with the PDF
# printer (and poppler to read its output), Xvfb for a desktop-less windowed run, PostgreSQL
# (15 on bookworm, 17 on trixie) whose binaries the backend tests run as a private cluster in a
# temp folder (runuser from util-linux; no system service is started or used); git (the tests
# copy the files git would ship: tests/support/installed.py); Prometheus (2.42 on bookworm, 2.53 on
# trixie, with promtool), which tests/test_metrics.py runs on a private port and data folder to
# scrape a kiosk and the backend (its system service is never started or used).
stack=(
  git ca-certificates
  pcscd vsmartcard-vpcd
  cups cups-daemon cups-client cups-bsd printer-driver-cups-pdf poppler-utils
  xvfb xauth util-linux postgresql prometheus
)

# The terminal as deployed: README "Deployment on a terminal" step 1 installs exactly this list
# (`bash scripts/debian-packages.sh terminal` prints it): systemd (a minbase root has none; step
# 7 runs systemd-analyze), the card service and its reader driver,
# CUPS, cage (it will not start without Xwayland), udev (the render and input groups), the fonts,
# what the venv builds against and the venv's runtime libraries. No vsmartcard-vpcd: the virtual
# reader listens on the network. Same names in 12 and 13 except those of `runtime`.
terminal=(systemd pcscd libccid cups cups-client cage xwayland udev fonts-dejavu-core "${build[@]}" "${runtime[@]}"
  "${speech[@]}")

# The Wayland clients tests/test_cage.py drives cage with: grim (screenshots), wtype (keys),
# wf-recorder (a screencopy client that keeps cage 0.1.4 compositing: tests/test_cage.py).
cage_test=(grim wtype wf-recorder)

debian_packages=("${build[@]}" "${runtime[@]}" "${stack[@]}" "${terminal[@]}" "${cage_test[@]}")

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then  # run, not sourced: print a group
  case "${1:-}" in
    terminal) echo "${terminal[*]}" ;;
    *) echo "usage: bash scripts/debian-packages.sh terminal" >&2; exit 2 ;;
  esac
fi
