#!/usr/bin/env bash
# One-time set-up for a fresh machine, quick when already done: Debian packages the tests and
# the firmware builds need, then node_modules from package-lock.json. Called by `npm test` and
# `npm start` (pre-scripts) and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  socat                    # pseudo-terminal pairs for serial tests and the emulator
  udev                     # udevadm, which serialport's port listing needs
  gcc make cmake python3   # host firmware build and C unit tests
  nanopb libnanopb-dev     # nanopb generator and host runtime
  gcc-arm-none-eabi libnewlib-arm-none-eabi  # Cortex-M cross build
  qemu-system-arm          # the emulated board
  gcc-avr avr-libc arduino-core-avr  # compile check of the Arduino port (AVR)
  python3-venv             # PlatformIO (from PyPI) to validate platformio.ini
  chromium                 # renders report.html in a test
  dpkg-dev                 # apt-get source (nanopb runtime sources for cross builds)
  clang libclang-rt-14-dev # libFuzzer targets of the C library (firmware/fuzz)
)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "setup: installing Debian packages: ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# node_modules is current when it was installed from this very package-lock.json.
stamp=node_modules/.setup-lock-sha256
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$lock_sum" ]]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" >"$stamp"
fi

# The nanopb C runtime for the firmware builds, from Debian's source package (pinned, verified;
# a no-op once fetched). As root it may add the deb-src entry apt needs for that.
if [[ $(id -u) -eq 0 ]]; then
  bash scripts/firmware/fetch-nanopb.sh --setup-apt
else
  bash scripts/firmware/fetch-nanopb.sh
fi

# PlatformIO from PyPI with what it needs to build the firmware offline (a no-op once done).
bash scripts/platformio-setup.sh
