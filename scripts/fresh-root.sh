#!/usr/bin/env bash
# Runs the README's two set-up commands, exactly as written, on a fresh minimal Debian root, as
# root, the way a new user meets them: a debootstrap root (minbase + python3) with nothing else,
# a clone of the committed checkout (never the work tree: an untracked file would hide a missing
# one), no variables but PATH, HOME, LANG, CI and pip's own.
#
#   bash scripts/fresh-root.sh RELEASE [--keep] [-- COMMAND...]
#
# RELEASE: bookworm (Debian 12) or trixie (Debian 13), or 12 / 13.
# Without a COMMAND: the demo command (headless: no display here, so the scripted visit that
# writes its screenshots and PDF), then the distribution's own pcscd and cupsd are started in
# the root as a system would run them, then the test command; the system daemons must still be
# running, untouched, afterwards. With COMMANDs: each is run in the root's clone instead.
# Prints each command's exit status and the last lines of its output; exits non-zero if any
# failed. The base root is cached (BMS_FRESH_ROOT_CACHE, default /var/cache/bms-fresh-root);
# the mirror is read from this machine's own apt sources. Mounts are undone on every exit path.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

release="${1:-}"; shift || true
case "$release" in
  12|bookworm) release=bookworm ;;
  13|trixie) release=trixie ;;
  *) echo "usage: $0 bookworm|trixie [--keep] [-- COMMAND...]" >&2; exit 2 ;;
esac
keep=0
if [ "${1:-}" = "--keep" ]; then keep=1; shift; fi
if [ "${1:-}" = "--" ]; then shift; fi
commands=("$@")

cache="${BMS_FRESH_ROOT_CACHE:-/var/cache/bms-fresh-root}"
work="${BMS_FRESH_ROOT_WORK:-/var/tmp}"
tail_lines="${BMS_FRESH_ROOT_TAIL:-15}"
mkdir -p "$cache"

log() { echo "fresh-root[$release]: $*"; }

# The machine's own Debian mirror: the first URIs/deb line that is not the security archive.
mirror() {
  local uri
  uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)"
  if [ -z "$uri" ]; then
    uri="$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -1 || true)"
  fi
  [ -n "$uri" ] || { echo "fresh-root: no Debian mirror in /etc/apt/sources.list*" >&2; exit 1; }
  echo "$uri"
}

if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null; }
fi

# What a fresh machine has: Debian's minimal base, its python3 and the CA certificates.
base_packages="python3,ca-certificates"
base="$cache/$release-minbase-$(echo "$base_packages" | sha1sum | cut -c1-8).tar"
root="$(mktemp -d "$work/bms-fresh-root-$release.XXXXXX")"
chmod 0755 "$root"  # apt downloads as _apt

kill_root_processes() {
  local pid
  for pid in /proc/[0-9]*; do
    if [ "$(readlink "$pid/root" 2>/dev/null)" = "$root" ]; then
      kill -9 "${pid#/proc/}" 2>/dev/null || true
    fi
  done
}

cleanup() {
  set +e
  kill_root_processes
  sleep 0.2
  for m in "$root/dev" "$root/sys" "$root/proc" "$root"; do
    if mountpoint -q "$m"; then umount -R "$m" || umount -R -l "$m"; fi
  done
  if [ "$keep" = 1 ]; then
    log "root kept in $root (unmounted)"
  elif ! grep -q " $root/" /proc/mounts; then
    rm -rf "$root"
  else
    log "still mounted under $root: not removed"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ ! -f "$base" ]; then
  started=$SECONDS
  log "building the base root (debootstrap --variant=minbase $release, once; cached in $base)"
  tmp="$(mktemp -d "$work/bms-fresh-base.XXXXXX")"
  debootstrap --variant=minbase --include="$base_packages" "$release" "$tmp" "$(mirror)" >"$tmp.log" 2>&1 \
    || { tail -20 "$tmp.log"; rm -rf "$tmp" "$tmp.log"; exit 1; }
  tar -C "$tmp" -cf "$base.part" . && mv "$base.part" "$base"
  rm -rf "$tmp" "$tmp.log"
  log "base root built in $((SECONDS - started)) s"
fi

tar -C "$root" -xf "$base"
chmod 0755 "$root"  # again: the archive's "./" entry (mktemp's 0700) came with it; users other than root need /
mkdir -p "$root/run" "$root/tmp" "$root/proc" "$root/sys" "$root/dev"
chmod 1777 "$root/tmp"
# The root is a mount point of its own, as / is on a machine (unshare's private propagation
# needs it), and private: nothing mounted inside reaches the host.
mount --bind "$root" "$root" && mount --make-private "$root"
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
# Reach the package registries the way this machine does (its resolver, CA bundle, pip config).
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$root/etc/pip.conf"
git clone -q "$here" "$root/root/project"

env_args=(HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 CI=true)
while IFS='=' read -r name value; do
  case "$name" in PIP_*) env_args+=("$name=$value") ;; esac
done < <(env)

in_root() {
  chroot "$root" /usr/bin/env -i "${env_args[@]}" bash -c "cd /root/project && $1"
}

failed=0
run() {
  local label="$1" cmd="$2" out rc started=$SECONDS
  out="$(mktemp "$work/bms-fresh-root-out.XXXXXX")"
  log "\$ $cmd"
  set +e
  # In the background and waited for: a TERM or INT reaches the trap at once (cleanup kills
  # what runs in the root before unmounting), not after the command ends.
  in_root "$cmd" >"$out" 2>&1 &
  wait $!
  rc=$?
  set -e
  echo "----- last lines of: $cmd"
  tail -n "$tail_lines" "$out"
  echo "-----"
  log "$label: exit $rc in $((SECONDS - started)) s"
  # pytest's closing line ("=== 310 passed, 2 warnings in 400.1s ==="), for a caller's total.
  if [ -n "${BMS_FRESH_ROOT_SUMMARY:-}" ]; then
    grep -E '^=+ .*(passed|failed|error).* in [0-9.]+s' "$out" | tail -1 \
      | sed "s/^/$release $label: /" >>"$BMS_FRESH_ROOT_SUMMARY" || true
  fi
  rm -f "$out"
  [ "$rc" -eq 0 ] || failed=1
  return 0
}

if [ "${#commands[@]}" -gt 0 ]; then
  for cmd in "${commands[@]}"; do run "command" "$cmd"; done
  exit "$failed"
fi

# The README's two commands, read from the README itself (its "Set up" section's sh blocks).
mapfile -t readme_commands < <(awk '/^## Set up/{s=1; next} /^## /{s=0} s && /^```sh/{b=1; next} s && /^```/{b=0} s && b' \
  "$root/root/project/README.md")
[ "${#readme_commands[@]}" -eq 2 ] || { echo "fresh-root: expected 2 set-up commands in README, found ${#readme_commands[@]}" >&2; exit 1; }
demo_cmd="${readme_commands[0]}"
test_cmd="${readme_commands[1]}"

run "demo" "$demo_cmd"
pngs=$(find "$root/root/project/demo-output" -name '*.png' 2>/dev/null | wc -l)
pdfs=$(find "$root/root/project/demo-output" -name '*.pdf' 2>/dev/null | wc -l)
log "demo left $pngs screenshots and $pdfs PDF(s) in demo-output/"
if [ "$pngs" -eq 0 ] || [ "$pdfs" -eq 0 ]; then failed=1; fi

# The distribution's own daemons, as on a developer's desktop or a technician's laptop.
in_root 'pcscd && cupsd' >/dev/null 2>&1 || true
sleep 1
# The daemons whose root is this root (the PID namespace is the host's: other runs' daemons show too).
system_pids() {
  local name pid out=""
  for name in pcscd cupsd; do
    out+="$name="
    for pid in $(pgrep -x "$name" | sort -n); do
      [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ] && out+="$pid "
    done
  done
  echo "$out"
}
before="$(system_pids)"
log "system daemons before the tests: $before"

run "tests" "$test_cmd"

after="$(system_pids)"
if [ "$after" = "$before" ] && [[ "$before" == pcscd=[0-9]* ]] && [[ "$before" == *cupsd=[0-9]* ]]; then
  log "system pcscd and cupsd still running, untouched: $after"
else
  log "system daemons changed: before [$before] after [$after]"
  failed=1
fi
exit "$failed"
