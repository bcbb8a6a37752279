#!/usr/bin/env bash
# Fetches the nanopb C runtime (pb.h, pb_common, pb_decode, pb_encode) from Debian's source
# package, pinned to the version of Debian's generator (nanopb 0.4.7-2) and checked against a
# pinned sha256, into firmware/third_party/nanopb-0.4.7/ (git-ignored). Does nothing when that
# copy is already there and verified. Writes a library.json beside it, so that PlatformIO
# projects use this copy as the library "Nanopb" (lib_deps = symlink://.../nanopb-0.4.7).
#
# usage: fetch-nanopb.sh [--setup-apt] [DEST_DIR]
#   --setup-apt  add a deb-src entry for bookworm and run apt-get update first (needs root)
# env: NANOPB_ORIG_TARBALL=/path/nanopb_0.4.7.orig.tar.gz uses a local copy instead of apt
set -euo pipefail

VERSION=0.4.7
DEBIAN_VERSION=0.4.7-2
ORIG=nanopb_${VERSION}.orig.tar.gz
ORIG_SHA256=e1d89b166367a3c42d42311bdc2ed57ff78f86aede9a66828516e45490d48c81
RUNTIME_FILES="pb.h pb_common.c pb_common.h pb_decode.c pb_decode.h pb_encode.c pb_encode.h LICENSE.txt"

repo_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
setup_apt=0
dest=""
for arg in "$@"; do
  case "$arg" in
    --setup-apt) setup_apt=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) dest=$arg ;;
  esac
done
dest=${dest:-$repo_dir/firmware/third_party/nanopb-$VERSION}
stamp=$dest/.verified

# Named like the registry's nanopb/Nanopb, so a library that depends on "Nanopb" finds this
# one; no extraScript (the registry's runs the generator, which the firmware runs itself).
write_library_json() {
  cat >"$dest/library.json.tmp" <<JSON
{
  "name": "Nanopb",
  "version": "$VERSION",
  "description": "nanopb $VERSION C runtime, from Debian's source package (scripts/firmware/fetch-nanopb.sh)",
  "license": "Zlib",
  "frameworks": "*",
  "platforms": "*",
  "build": {"includeDir": ".", "srcDir": ".", "srcFilter": ["+<pb_common.c>", "+<pb_decode.c>", "+<pb_encode.c>"]}
}
JSON
  mv "$dest/library.json.tmp" "$dest/library.json"
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$ORIG_SHA256" ]; then
  [ -f "$dest/library.json" ] || write_library_json
  exit 0
fi

if [ "$setup_apt" = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "fetch-nanopb: --setup-apt needs root" >&2
    exit 1
  fi
  cat > /etc/apt/sources.list.d/nanorpc-debian-src.sources <<'SOURCES'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt-get update -qq
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${NANOPB_ORIG_TARBALL:-}" ]; then
  cp "$NANOPB_ORIG_TARBALL" "$work/$ORIG"
else
  if ! apt-cache showsrc nanopb 2>/dev/null | grep -qx "Version: $DEBIAN_VERSION"; then
    cat >&2 <<EOF_MSG
fetch-nanopb: apt knows no source package nanopb $DEBIAN_VERSION.
Add a deb-src entry and update, e.g. (as root):
  $0 --setup-apt
or: echo 'deb-src http://deb.debian.org/debian bookworm main' > /etc/apt/sources.list.d/debian-src.list && apt-get update
EOF_MSG
    exit 1
  fi
  (cd "$work" && apt-get source --download-only -qq "nanopb=$DEBIAN_VERSION" 2>&1 |
    grep -v "couldn't be accessed by user '_apt'" >&2 || true)
  [ -f "$work/$ORIG" ] || { echo "fetch-nanopb: apt-get source did not produce $ORIG" >&2; exit 1; }
fi

echo "$ORIG_SHA256  $work/$ORIG" | sha256sum --check --quiet - >/dev/null ||
  { echo "fetch-nanopb: sha256 of $ORIG does not match the pinned $ORIG_SHA256" >&2; exit 1; }

members=""
for f in $RUNTIME_FILES; do members="$members nanopb-$VERSION/$f"; done
# shellcheck disable=SC2086
tar -xzf "$work/$ORIG" -C "$work" $members
rm -rf "$dest"
mkdir -p "$dest"
for f in $RUNTIME_FILES; do cp "$work/nanopb-$VERSION/$f" "$dest/"; done
write_library_json
echo "$ORIG_SHA256" > "$stamp"
echo "fetch-nanopb: nanopb $VERSION runtime in $dest"
