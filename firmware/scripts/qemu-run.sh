#!/usr/bin/env bash
# Boots a firmware image on QEMU's lm3s6965evb, PAUSED, with UART0 on a fresh pseudo-terminal
# and a QMP socket to start it. Needs only bash and qemu-system-arm.
#
# Usage: qemu-run.sh [--qmp SOCKET] [--no-reboot] [--ready-timeout SECONDS] IMAGE.elf [-- QEMU-ARGS...]
#
# Prints these lines on stdout, the pty line last (it means "ready"), then stays in the
# foreground until QEMU exits, and exits with QEMU's status:
#   nanorpc-device: qmp /tmp/nanorpc-qemu.XXXXXX/qmp.sock
#   nanorpc-device: pid 12345                      (QEMU's own pid)
#   nanorpc-device: pty /dev/pts/N
#
# The caller then MUST, in this order:
#   1. open the pty (raw mode) and keep it open for the whole session: QEMU drops guest output
#      written while nobody holds the pty;
#   2. start the guest over QMP: read the greeting line, send {"execute":"qmp_capabilities"},
#      then {"execute":"cont"} (scripts/qmp.py SOCKET cont does exactly that).
# Allow a generous first-response timeout (2 s or more): QEMU notices that the pty was opened
# with a poll that runs once per second, and holds input until then.
# Stop it with SIGTERM/SIGINT to this script (QEMU is stopped too) or QMP {"execute":"quit"}.
# QEMU's stderr passes through; on lm3s6965evb it always says "Timer with period zero,
# disabling", which is harmless.
# The guest's system reset (/sys/reboot) restarts the image on the same pty unless --no-reboot,
# which makes QEMU exit instead.
set -euo pipefail

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0" >&2; exit 2; }

qmp_sock=''
ready_timeout=10
extra=()
image=''
while [ $# -gt 0 ]; do
  case "$1" in
    --qmp) qmp_sock="${2:?--qmp needs a path}"; shift 2 ;;
    --no-reboot) extra+=(-no-reboot); shift ;;
    --ready-timeout) ready_timeout="${2:?--ready-timeout needs seconds}"; shift 2 ;;
    -h|--help) usage ;;
    --) shift; extra+=("$@"); break ;;
    -*) echo "qemu-run.sh: unknown option $1" >&2; usage ;;
    *) [ -z "$image" ] || usage; image="$1"; shift ;;
  esac
done
[ -n "$image" ] || usage
[ -f "$image" ] || { echo "qemu-run.sh: no image at $image" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/nanorpc-qemu.XXXXXX")
[ -n "$qmp_sock" ] || qmp_sock="$work/qmp.sock"
qemu_pid=''
cleanup() {
  if [ -n "$qemu_pid" ]; then
    kill -TERM "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
trap 'exit 129' HUP

: >"$work/qemu.out" # exists before the poll below reads it
"${QEMU_SYSTEM_ARM:-qemu-system-arm}" -M lm3s6965evb -kernel "$image" \
  -S -qmp "unix:$qmp_sock,server=on,wait=off" -serial pty -nographic -monitor none \
  "${extra[@]}" >"$work/qemu.out" &
qemu_pid=$!

# QEMU announces the pty on stdout: "char device redirected to /dev/pts/N (label serial0)".
pty=''
deadline=$((SECONDS + ready_timeout))
while [ -z "$pty" ]; do
  pty=$(sed -n 's|^char device redirected to \(/dev/[^ ]*\) (label serial0).*|\1|p' "$work/qemu.out")
  [ -n "$pty" ] && break
  if ! kill -0 "$qemu_pid" 2>/dev/null; then
    status=0; wait "$qemu_pid" || status=$?
    qemu_pid=''
    echo "qemu-run.sh: QEMU exited ($status) before announcing its pty" >&2
    exit $((status == 0 ? 1 : status))
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "qemu-run.sh: no pty announced within ${ready_timeout}s" >&2
    exit 1
  fi
  sleep 0.05
done
# The QMP socket exists once QEMU has parsed its options, which precedes the pty line.
echo "nanorpc-device: qmp $qmp_sock"
echo "nanorpc-device: pid $qemu_pid"
echo "nanorpc-device: pty $pty"

status=0
wait "$qemu_pid" || status=$?
qemu_pid=''
exit "$status"
