#!/usr/bin/env bash
# The unit, booted (issue 14): a throw-away Debian 12 container with systemd as PID 1, the kiosk
# installed in it as README "Deployment on a terminal" says, kiosk.service enabled, then:
#   - the unit reaches active with Type=notify (the kiosk's READY=1);
#   - a SIGSTOP of the kiosk process gets the unit killed by the watchdog and restarted, within
#     WatchdogSec (+ RestartSec and the start-up);
#   - a crash (SIGSEGV, then SIGKILL) of the kiosk process restarts the unit;
#   - from inside the unit's own mount namespace, the unit's user can write only where the README
#     says (plus its private /tmp, /var/tmp and /dev/shm), and even root there gets
#     "Read-only file system" elsewhere.
#
#   bash scripts/unit-booted.sh [--keep]        (as root; about 3 minutes once the caches are warm)
#
# How: scripts/fresh-root.sh makes the root (its cached debootstrap minbase + python3, the
# committed checkout cloned into /root/project) and keeps it. README step 1 runs in that root as
# a chroot (a machine being installed: nothing runs yet); its apt result is cached beside the base
# root (BMS_FRESH_ROOT_CACHE), so later runs only find the packages installed. Then the root is
# booted: `systemd-nspawn --boot --register=no --keep-unit --console=passive`, in a mount
# namespace of its own where the root is a mount point and /run/systemd/nspawn a tmpfs (without
# them nspawn stops: it refuses to clean a propagation folder on a disk file system; without
# --keep-unit/--register=no it wants the host's D-Bus and machined, which this machine has not).
# README steps 2, 3, 5, 6 and 7 run inside the booted system (nsenter into its namespaces), word
# for word, with these differences, each said where it is done:
#   - step 1: `git clone <this repository>` clones /root/project; apt answers yes by itself
#     (APT::Get::Assume-Yes, what an administrator typing "y" does); `apt-get update` first.
#   - step 5: the technician code comes on stdin. Step 6 (diag) says the parts are down (no
#     reader, no printer queue, the example backend address): its exit status is shown, not checked.
#   - step 7: before `systemctl enable --now`, a drop-in for a container without a screen
#     (kiosk.service.d/headless.conf: cage's headless backend, and no tty1 to read from), and
#     `journalctl -f` (which never ends) is left out.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
keep=0
[ "${1:-}" = "--keep" ] && keep=1

release=bookworm
cache="${BMS_FRESH_ROOT_CACHE:-/var/cache/bms-fresh-root}"
machine="bms-unit-booted-$$"
code=246810
started=$SECONDS
log() { echo "unit-booted [$((SECONDS - started)) s]: $*"; }
fail() { echo "unit-booted: FAILED: $*" >&2; exit 1; }

# --- the root: scripts/fresh-root.sh, kept
out="$(bash "$here/scripts/fresh-root.sh" "$release" --keep -- true 2>&1)" || { echo "$out"; fail "fresh-root.sh"; }
root="$(sed -n 's/.*root kept in \(.*\) (unmounted)$/\1/p' <<<"$out")"
[ -d "$root/root/project" ] || { echo "$out"; fail "no kept root in fresh-root.sh's output"; }
logs="$root.logs"; mkdir -p "$logs"
log "root $root (step logs in $logs)"

nspawn_pid=""
cleanup() {
  set +e
  if [ -n "$nspawn_pid" ] && kill -0 "$nspawn_pid" 2>/dev/null; then
    kill -TERM "$nspawn_pid"  # nspawn halts the container
    for _ in $(seq 50); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$nspawn_pid" 2>/dev/null
    log "container stopped"
  fi
  # every mount was made in a private mount namespace, gone with its processes
  if [ "$keep" = 1 ]; then log "root kept in $root"; elif ! grep -q " $root" /proc/mounts; then rm -rf "$root" "$logs"; log "root removed"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

env_args=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
while IFS='=' read -r name value; do
  case "$name" in PIP_*) env_args+=("$name=$value") ;; esac  # how this machine reaches the registry
done < <(env)

readme_block() {  # the README deployment section's one sh block containing $1, un-indented
  python3 - "$root/root/project/README.md" "$1" <<'PY'
import re, sys, textwrap
section = open(sys.argv[1]).read().split("## Deployment on a terminal", 1)[1].split("\n## ", 1)[0]
blocks = [textwrap.dedent(b) for _, b in re.findall(r"^( *)```sh\n(.*?)^\1```", section, re.M | re.S)]
found = [b for b in blocks if sys.argv[2] in b]
assert len(found) == 1, f"{len(found)} blocks with {sys.argv[2]!r} in the README's deployment section"
sys.stdout.write(found[0])
PY
}

# --- README step 1 in the root as a chroot (the apt result cached)
step1="$(readme_block "git clone" | sed 's|^git clone <this repository> /opt/bms-kiosk$|git clone -q /root/project /opt/bms-kiosk|')"
grep -q '^git clone -q /root/project /opt/bms-kiosk$' <<<"$step1" || fail "README step 1 has no 'git clone <this repository> /opt/bms-kiosk'"
# keyed by the base root (name and date) and the terminal package list
layer="$cache/$release-terminal-$( (ls -l --time-style=+%s "$cache"/$release-minbase-*.tar; bash "$here/scripts/debian-packages.sh" terminal) | sha1sum | cut -c1-8).tar"
[ -f "$layer" ] && tar -C "$root" -xf "$layer" && chmod 0755 "$root"
echo 'APT::Get::Assume-Yes "true";' >"$root/etc/apt/apt.conf.d/90bms-assume-yes"
chroot_script="set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
$step1"
log "README step 1 (packages) in the root${layer:+, apt cache layer $(basename "$layer")$([ -f "$layer" ] && echo " found" || echo " to build")}"
unshare --mount --propagation private bash -c '
  set -e; r="$1"; shift
  mount --bind "$r" "$r"; mount -t proc proc "$r/proc"; mount --rbind /dev "$r/dev"; mount --rbind /sys "$r/sys"
  exec chroot "$r" /usr/bin/env -i "$@"' _ "$root" "${env_args[@]}" bash -c "$chroot_script" >"$logs/step1.log" 2>&1 \
  || { tail -20 "$logs/step1.log"; fail "README step 1"; }
if [ ! -f "$layer" ]; then
  tar -C "$root" --exclude=./opt/bms-kiosk --exclude=./root/project -cf "$layer.part" . && mv "$layer.part" "$layer"
fi
rm -f "$root/etc/apt/apt.conf.d/90bms-assume-yes"
log "step 1 done"

# --- boot
mkdir -p /run/systemd
setsid unshare --mount --propagation private bash -c '
  r="$1"; mount --bind "$r" "$r"
  mkdir -p /run/systemd/nspawn && mount -t tmpfs tmpfs /run/systemd/nspawn
  exec systemd-nspawn --boot --register=no --keep-unit --console=passive -D "$r" -M "$2"' _ "$root" "$machine" \
  </dev/null >"$logs/nspawn.log" 2>&1 &
nspawn_pid=$!
init=""
for _ in $(seq 150); do
  init="$(pgrep -P "$nspawn_pid" -x systemd || true)"
  [ -n "$init" ] && break
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$logs/nspawn.log"; fail "systemd-nspawn ended"; }
  sleep 0.2
done
[ -n "$init" ] || { cat "$logs/nspawn.log"; fail "no systemd in the container"; }

inside() {  # a root shell in the booted container
  nsenter --target "$init" --mount --uts --ipc --pid --root --wd /usr/bin/env -i "${env_args[@]}" bash -c "$1"
}
for _ in $(seq 150); do inside 'test -S /run/systemd/private' && break; sleep 0.2; done  # systemctl's socket
state="$(inside 'systemctl is-system-running --wait' || true)"
log "booted: systemd $(inside 'systemctl --version | head -1 | cut -d" " -f2') as PID 1, system $state"
[ "$state" = running ] || { inside 'systemctl --failed --no-pager' || true; fail "system not running: $state"; }

# --- README steps 2, 3, 5, 6 and 7 inside the booted system
step() {  # README step $1: its block containing $2, run inside; output in $logs/step$1.log
  inside "set -e; $(readme_block "$2")" >"$logs/step$1.log" 2>&1 || { tail -20 "$logs/step$1.log"; fail "README step $1"; }
}
log "README step 2 (the software: venv + pip from the registry)"
step 2 'python3 -m venv' </dev/null
inside 'test -x /opt/bms-kiosk/.venv/bin/bms-kiosk' || fail "README step 2"
log "README step 3 (the user)"
step 3 'useradd' </dev/null
log "README step 5 (the configuration, the technician code on stdin)"
printf '%s\n%s\n' "$code" "$code" | step 5 'set-technician-code'
inside 'grep -q "^technician_code_hash = " /etc/bms-kiosk/kiosk.toml' || fail "no technician_code_hash after step 5"
set +e
inside "$(readme_block 'bms-kiosk diag')" </dev/null >"$logs/step6.log" 2>&1
log "README step 6 (diag): exit $? (parts down, as expected in a container: no reader, no queue, example backend)"
set -e
log "README step 7 (the unit), with the drop-in kiosk.service.d/headless.conf"
inside 'mkdir -p /etc/systemd/system/kiosk.service.d && cat > /etc/systemd/system/kiosk.service.d/headless.conf <<CONF
# unit-booted.sh: a container has no screen, no input and no tty1
[Service]
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
StandardInput=null
CONF'
inside "set -e; $(readme_block 'systemctl enable' | grep -v '^journalctl .* -f$')" </dev/null >"$logs/step7.log" 2>&1 \
  || log "step 7: returned non-zero (the unit is checked below): $(tail -3 "$logs/step7.log")"

show() { inside "systemctl show -P $1 kiosk.service"; }
seconds() { inside "systemd-analyze timespan '$(show "$1")' | sed -n 's/.*μs: *//p'" | awk '{print int($1 / 1000000)}'; }
wait_active() {  # until the unit is active with a main PID other than $1; prints the seconds waited
  local t0=$SECONDS
  while [ "$(show ActiveState)" != active ] || [ "$(show MainPID)" = "$1" ] || [ "$(show MainPID)" = 0 ]; do
    [ $((SECONDS - t0)) -lt "$2" ] || { inside 'journalctl -u kiosk.service --no-pager -n 40' >&2; fail "not active again within $2 s"; }
    sleep 0.2
  done
}
kiosk_pid() { inside "pgrep -P $(show MainPID) -f /opt/bms-kiosk/.venv/bin/bms-kiosk"; }

# --- active with Type=notify
t0=$SECONDS
wait_active 0 "$(( $(seconds TimeoutStartUSec) + 5 ))"
[ "$(show Type)" = notify ] || fail "Type is $(show Type)"
inside 'journalctl -u kiosk.service --no-pager | grep -q "window painted"' || fail "no 'window painted' in the journal"
watchdog="$(show WatchdogUSec)"
log "active: Type=$(show Type), NotifyAccess=$(show NotifyAccess), WatchdogUSec=$watchdog, main PID $(show MainPID) ($(inside "cat /proc/$(show MainPID)/comm")), kiosk PID $(kiosk_pid), $((SECONDS - t0)) s after enable"

# --- SIGSTOP: the watchdog kills and restarts it
watchdog_s="$(seconds WatchdogUSec)"
main="$(show MainPID)"; restarts="$(show NRestarts)"
inside "kill -STOP $(kiosk_pid)"
t0=$SECONDS
wait_active "$main" $((watchdog_s + 30))
waited=$((SECONDS - t0))
inside 'journalctl -u kiosk.service --no-pager | grep -q "Watchdog timeout"' || fail "no 'Watchdog timeout' in the journal"
[ "$(show NRestarts)" -gt "$restarts" ] || fail "NRestarts did not grow"
[ "$waited" -le $((watchdog_s + 2 + 15)) ] || fail "SIGSTOP: active again after $waited s, more than WatchdogSec + RestartSec + 15 s"
log "SIGSTOP of the kiosk: 'Watchdog timeout', killed and active again after $waited s (WatchdogSec $watchdog_s s), NRestarts $restarts -> $(show NRestarts)"

# --- crashes
for sig in SEGV KILL; do
  main="$(show MainPID)"; restarts="$(show NRestarts)"
  inside "kill -$sig $(kiosk_pid)"
  t0=$SECONDS
  wait_active "$main" 30
  [ "$(show NRestarts)" -gt "$restarts" ] || fail "SIG$sig: NRestarts did not grow"
  log "SIG$sig of the kiosk: restarted, active again after $((SECONDS - t0)) s, NRestarts $restarts -> $(show NRestarts)"
done

# --- the hardening, from inside the unit's mount namespace
user="$(inside 'systemctl show -P User kiosk.service')"
k="$(kiosk_pid)"
writable=(/var/lib/bms-kiosk /var/log/bms-kiosk /run/bms-kiosk /tmp /var/tmp /dev/shm)
read_only=(/opt/bms-kiosk /opt/bms-kiosk/.venv/lib /etc/bms-kiosk /etc /usr /usr/local /var/lib /var/log /var/cache /root /home /srv /boot)
try_write() {  # as $1 (a user, or root) in the kiosk's mount namespace: "yes" or the error
  local as=() ; [ "$1" = root ] || as=(setpriv --reuid "$1" --regid "$1" --init-groups)
  inside "nsenter --target $k --mount ${as[*]} sh -c 'f=\$1/.unit-booted-\$\$; touch \$f && rm \$f && echo yes' _ $2 2>&1 | tail -1"
}
for d in "${writable[@]}"; do
  got="$(try_write "$user" "$d")"
  [ "$got" = yes ] || fail "$user cannot write $d in the unit: $got"
done
for d in "${read_only[@]}"; do
  got="$(try_write "$user" "$d")"
  [ "$got" != yes ] || fail "$user can write $d in the unit"
  got_root="$(try_write root "$d")"
  [[ "$got_root" == *"Read-only file system"* ]] || fail "root in the unit's namespace: $d is not read-only ($got_root)"
done
# /tmp, /var/tmp and /dev/shm are the unit's own: what it writes there is not seen outside
for d in /tmp /var/tmp /dev/shm; do
  inside "nsenter --target $k --mount setpriv --reuid $user --regid $user --init-groups sh -c 'echo x > $d/unit-booted-mark'"
  inside "test ! -e $d/unit-booted-mark" || fail "$d of the unit is the system's"
done
log "hardening: $user writes only ${writable[*]} (the last three private to the unit); read-only even for root: ${read_only[*]}"

log "all checks passed in $((SECONDS - started)) s"
