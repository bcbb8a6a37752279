#!/usr/bin/env bash
# Prepares PlatformIO for offline builds of the firmware (`scripts/pio run -e qemu_lm3s6965`):
#   - PlatformIO Core and SCons from PyPI, into a venv of their own;
#   - a PlatformIO core folder of this project's own (not ~/.platformio) holding the one core
#     package PlatformIO insists on, tool-scons, made here from the pip-installed SCons (its
#     registry cannot be reached, so PlatformIO must find the package already installed);
#   - the nanopb runtime in firmware/third_party/ (with the library.json PlatformIO reads).
# The platforms (firmware/platformio/platforms/) and libraries are folders of this repository
# that platformio.ini references by symlink://, so nothing is downloaded at build time.
# Idempotent; quick once done. Called by scripts/setup.sh.
#
# usage: scripts/platformio-setup.sh [--print-env]
#   --print-env  print the shell assignments scripts/pio uses, and exit
# env: NANORPC_PIO_HOME  where the venv and core folder live
#                        (default ${XDG_CACHE_HOME:-$HOME/.cache}/nanorpc-hil/platformio)
set -euo pipefail

PLATFORMIO_VERSION=6.2.0
SCONS_VERSION=4.11.1

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
home=${NANORPC_PIO_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/nanorpc-hil/platformio}
venv=$home/venv
core=$home/core
if [[ ${1:-} == --print-env ]]; then
  printf 'NANORPC_PIO_VENV=%q\nPLATFORMIO_CORE_DIR=%q\n' "$venv" "$core"
  exit 0
fi

bash "$repo/scripts/firmware/fetch-nanopb.sh"

stamp=$home/.setup-done
want="platformio $PLATFORMIO_VERSION scons $SCONS_VERSION"
if [[ -f $stamp && $(cat "$stamp") == "$want" && -x $venv/bin/pio &&
  -f $core/packages/tool-scons/.piopm ]]; then
  exit 0
fi

echo "platformio-setup: PlatformIO $PLATFORMIO_VERSION and SCons $SCONS_VERSION in $venv"
mkdir -p "$home"
[[ -x $venv/bin/python ]] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  "platformio==$PLATFORMIO_VERSION" "scons==$SCONS_VERSION"

# tool-scons at the version this PlatformIO asks for (platformio.dependencies), e.g. ~4.41101.0.
requirement=$("$venv/bin/python" -c \
  'from platformio.dependencies import get_core_dependencies as d; print(d()["tool-scons"])')
version=${requirement#\~}
version=${version#^}
package=$core/packages/tool-scons
mkdir -p "$package"
cat >"$package/package.json" <<JSON
{
  "name": "tool-scons",
  "version": "$version",
  "description": "SCons $SCONS_VERSION from PyPI, installed in PlatformIO's venv",
  "system": "*"
}
JSON
# The metadata PlatformIO matches a core package by: its owner must be "platformio".
cat >"$package/.piopm" <<JSON
{"type": "tool", "name": "tool-scons", "version": "$version", "spec": {"owner": "platformio", "id": null, "name": "tool-scons", "requirements": null, "uri": null}}
JSON
# PlatformIO runs "<python of its venv> scons.py ..."; SCons is installed in that venv.
cat >"$package/scons.py" <<'PY'
import sys

from SCons.Script import main

sys.exit(main())
PY

# No update checks or telemetry: the registry is not reachable and must not be waited for.
export PLATFORMIO_CORE_DIR=$core
"$venv/bin/pio" settings set enable_telemetry no >/dev/null
"$venv/bin/pio" settings set check_platformio_interval 3650 >/dev/null
echo "$want" >"$stamp"
echo "platformio-setup: done (run PlatformIO as scripts/pio)"
