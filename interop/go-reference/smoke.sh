#!/usr/bin/env bash
# Smoke test of the built binaries: the reference server on a UNIX socket, the client driver
# talking to it through JSON lines, and the server's clean exit on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
server_pid=
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

bin/nanorpc-ref-server --listen "unix://$tmp/ref.sock" >"$tmp/server.out" &
server_pid=$!
for _ in $(seq 50); do
  grep -q 'listening' "$tmp/server.out" 2>/dev/null && break
  sleep 0.1
done
read -r ready <"$tmp/server.out"
[[ $ready == "nanorpc-ref-server: listening unix://$tmp/ref.sock" ]] || {
  echo "smoke: unexpected ready line: $ready" >&2
  exit 1
}

# /calc/multiply 6 x 7 by hash; /test/publish 2 readings from 21000 step 1000.
{
  echo "{\"id\":1,\"cmd\":\"connect\",\"endpoint\":\"unix://$tmp/ref.sock\"}"
  echo '{"id":2,"cmd":"ping"}'
  echo '{"id":3,"cmd":"request","path":"/echo","data":"00ff10"}'
  echo '{"id":4,"cmd":"request","path":"/calc/multiply","by_hash":true,"data":"08061007"}'
  echo '{"id":5,"cmd":"subscribe","path":"/sensors/temp"}'
  sleep 0.3
  echo '{"id":6,"cmd":"request","path":"/test/publish","data":"080210d0a40118d00f"}'
  echo '{"id":7,"cmd":"wait_updates","count":2,"timeout_ms":2000}'
  sleep 0.3
  echo '{"id":8,"cmd":"close"}'
} | timeout 20 bin/nanorpc-ref-client >"$tmp/client.out"

expect() {
  grep -q "$1" "$tmp/client.out" || {
    echo "smoke: missing $1 in:" >&2
    cat "$tmp/client.out" >&2
    exit 1
  }
}
expect '"id":1,"ok":true'
expect '"id":2,"ok":true,"rtt_us":[0-9]*,"status":"OK"'
expect '"data":"00ff10","id":3,.*"status":"OK"'
expect '"data":"082a","id":4,'
expect '"id":5,.*"status":"OK"'
expect '"data":"08021002","id":6,'
# Two updates; their order is the reference client's business (see FINDINGS.md).
expect '"id":7,"ok":true,"updates":\[{"n":1,.*},{"n":2,'
expect '"id":8,"ok":true'

kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[[ $status -eq 0 ]] || {
  echo "smoke: server exited $status on SIGTERM" >&2
  exit 1
}
echo "smoke: ok"
