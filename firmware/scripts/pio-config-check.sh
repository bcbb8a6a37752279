#!/usr/bin/env bash
# Checks platformio.ini offline: PlatformIO parses it (`pio project config`) and every board
# environment builds the NanoRPC firmware with nanopb from the registry and both protos.
# PlatformIO's platforms cannot be downloaded here, so this is what CI can check.
#
# Usage: pio-config-check.sh        (installs PlatformIO from PyPI into $PIO_VENV on first use,
#                                    default /tmp/nanorpc-pio-venv; or set PIO=/path/to/pio)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
venv="${PIO_VENV:-/tmp/nanorpc-pio-venv}"
if [ -z "${PIO:-}" ]; then
  if [ ! -x "$venv/bin/pio" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet platformio
  fi
  PIO="$venv/bin/pio"
fi

"$PIO" project config -d "$repo" --json-output | python3 -c '
import json, sys

config = dict(json.load(sys.stdin))
expected = ["nucleo_f401re", "esp32dev", "megaatmega2560"]
passed = failed = 0
for name in expected:
    env = dict(config.get("env:" + name, []))
    problems = []
    if not env:
        problems.append("missing")
    else:
        if not any(dep.startswith("nanopb/Nanopb@") for dep in env.get("lib_deps", [])):
            problems.append("no nanopb/Nanopb in lib_deps")
        protos = env.get("custom_nanopb_protos", "")  # custom_* options stay one string
        protos = protos if isinstance(protos, str) else " ".join(protos)
        for proto in ("proto/nanorpc.proto", "proto/demo_device.proto"):
            if proto not in protos:
                problems.append("custom_nanopb_protos lacks " + proto)
        if env.get("framework") != ["arduino"]:
            problems.append("framework is not arduino")
    if problems:
        failed += 1
        print("FAIL pio env:%s: %s" % (name, "; ".join(problems)))
    else:
        passed += 1
        print("ok   pio env:%s (%s, %s)" % (name, env["platform"], env["board"]))
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
'
