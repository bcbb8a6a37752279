#!/usr/bin/env bash
# Checks the real-board envs of platformio.ini offline: PlatformIO parses the file (`pio
# project config`) and every board env builds the demo with the NanoRPC library by lib_deps,
# nanopb from the registry and both protos. Their platforms cannot be downloaded here, so this
# is what CI checks of them (the offline envs are built: firmware/README.md).
#
# Usage: pio-config-check.sh        (PlatformIO of scripts/pio; or set PIO=/path/to/pio)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
PIO=${PIO:-$repo/scripts/pio}

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
        deps = env.get("lib_deps", [])
        if not any(dep.startswith("nanopb/Nanopb@") for dep in deps):
            problems.append("no nanopb/Nanopb in lib_deps")
        if not any(dep.startswith("symlink://") and dep.rstrip("/").endswith("/firmware/nanorpc")
                   for dep in deps):
            problems.append("the NanoRPC library (firmware/nanorpc) is not in lib_deps")
        sources = " ".join(env.get("build_src_filter", []))
        if "nanorpc/" in sources:
            problems.append("build_src_filter compiles the library itself (it comes by lib_deps)")
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
