#!/usr/bin/env bash
# Builds the Go reference adapters (server, client driver, bench) into bin/.
# The reference module and its darvaza.org dependencies come from a GOPROXY file tree in
# ../shared/goproxy beside the repository when there is one, else from the default proxy: the
# same go.mod builds unchanged wherever the public proxy serves the module.
# Usage: build.sh [--test]   (--test also runs go vet and go test ./...)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$here"

if ! command -v go >/dev/null 2>&1; then
  if [[ -x /usr/local/go/bin/go ]]; then PATH=/usr/local/go/bin:$PATH; else
    echo "interop/go-reference: 'go' (1.24 or newer) is not installed" >&2
    exit 2
  fi
fi

shared_proxy="$repo/../shared/goproxy"
if [[ -d $shared_proxy ]]; then
  GOPROXY="file://$(cd "$shared_proxy" && pwd),$(go env GOPROXY)"
  export GOPROXY
fi
# The reference and darvaza.org modules are not in the public checksum database.
export GONOSUMDB="protomcp.org,darvaza.org,github.com/amery"
export GOFLAGS=-mod=mod

mkdir -p bin
for cmd in nanorpc-ref-server nanorpc-ref-client nanorpc-ref-bench; do
  go build -trimpath -o "bin/$cmd" "./cmd/$cmd"
done
echo "interop/go-reference: built $(cd bin && echo *) in interop/go-reference/bin"

if [[ ${1:-} == --test ]]; then
  go vet ./...
  go test -count=1 ./...
  bash "$here/smoke.sh"
fi
