#!/usr/bin/env bash
# The client alone, the way a web team meets it: on a machine with no C compiler and no
# smart-card or CUPS headers, build the bms-client wheel, install it into a new virtual
# environment, and pay a créance from that environment's Python shell (docs/client.md's samples)
# against the reference server installed from its wheel. Run from the checkout, as root:
#
#   bash scripts/fresh-root.sh bookworm -- "bash scripts/client-alone.sh"    # Debian 12, fresh root
#
# Installs python3-venv if missing (nothing else), and fails if a compiler or the headers are there.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
say() { echo "client-alone: $*"; }

if ! python3 -c "import ensurepip" 2>/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends python3-venv >/dev/null
fi
for tool in gcc cc; do
  if command -v "$tool" >/dev/null; then say "a C compiler is here ($tool): not the machine this proves"; exit 1; fi
done
for header in /usr/include/PCSC/winscard.h /usr/include/cups/cups.h; do
  if [ -e "$header" ]; then say "$header is here: not the machine this proves"; exit 1; fi
done
say "no C compiler, no PC/SC or CUPS headers; $(python3 --version)"

work="$(mktemp -d /tmp/client-alone.XXXXXX)"
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
python3 -m venv "$work/client-env"
"$work/client-env/bin/pip" -q wheel --no-deps -w "$work/dist" ./client ./backend
"$work/client-env/bin/pip" -q install "$work"/dist/bms_client-*.whl
say "installed in the client's environment: $("$work/client-env/bin/pip" list --format freeze | tr '\n' ' ')"

# the reference server from its wheel, in an environment of its own (its test people are package data)
python3 -m venv "$work/server-env"
"$work/server-env/bin/pip" -q install --find-links "$work/dist" bms-backend
key="$("$work/server-env/bin/bms-backend" issue-terminal WEB-0001 --db "$work/db")"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$work/server-env/bin/bms-backend" serve --port "$port" --db "$work/db" \
  2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
  grep -q "Uvicorn running on" "$work/server.log" && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.1
done

# docs/client.md's Python samples, typed into the client environment's Python shell
"$work/client-env/bin/python" - docs/client.md >"$work/samples.py" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
print("\n".join(m.group(1) for m in re.finditer(r"^```python\n(.*?)^```$", page, re.S | re.M)))
PY
cd "$work"
BMS_API_URL="http://127.0.0.1:$port" BMS_TERMINAL_KEY="$key" "$work/client-env/bin/python" - <samples.py | tee out.txt
grep -q "Votre paiement a été accepté" out.txt
say "paid a créance from the client's environment: ok"
