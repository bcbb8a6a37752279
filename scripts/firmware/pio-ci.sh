#!/usr/bin/env bash
# What CI checks of the PlatformIO builds (npm run firmware:pio), offline:
#   1. `pio run` of every offline env of platformio.ini (QEMU demo, native, footprint probe,
#      board probe) and of the example project, for both its envs;
#   2. the example answers requests, as a host program and under QEMU;
#   3. `pio test -e qemu_lm3s6965`: the harness's scenario suite against the image pio built.
# Every build needs the harness built (`nanorpc-hil gen c` writes the path tables, and the
# suite runs it): `npm run build` first, quick when up to date.
# The real-board envs are validated by firmware/scripts/pio-config-check.sh (npm run
# firmware:boards). Exits non-zero at the first failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

pio=scripts/pio
example=firmware/examples/thermostat
example_build=firmware/build/examples/thermostat/build

step() { printf '\n== %s\n' "$*"; }

step "npm run build: nanorpc-hil, the firmware's code generator and test runner"
npm run --silent build
step "pio run: offline envs of platformio.ini"
"$pio" run --silent -e qemu_lm3s6965 -e native -e qemu_library_only -e qemu_probe
step "pio run: $example"
"$pio" run --silent -d "$example"
step "$example: requests to the host build and to the QEMU build"
python3 "$example/check.py" native "$example_build/native/program"
python3 "$example/check.py" qemu "$example_build/lm3s6965evb/firmware.elf"
step "pio test -e qemu_lm3s6965: the scenario suite on the PlatformIO image"
"$pio" test -e qemu_lm3s6965 --junit-output-path reports/pio-test/qemu_lm3s6965-pio-junit.xml
