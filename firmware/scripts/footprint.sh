#!/usr/bin/env bash
# Flash and static RAM of the QEMU (Cortex-M3) firmware, and of the NanoRPC library with the
# nanopb runtime alone.
#
# Usage: footprint.sh [DEMO.elf LIBRARY-ONLY.elf]
# Defaults to firmware/build/qemu-lm3s6965/{nanorpc-demo,library-only}.elf (PlatformIO envs
# qemu_lm3s6965 and qemu_library_only); `make -C firmware footprint` builds them and runs this. Each .elf needs
# its link map (.map) beside it.
#   flash = text + data (Berkeley), RAM = data + bss (static; the stack comes on top)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build/qemu-lm3s6965"
demo="${1:-$build/nanorpc-demo.elf}"
libonly="${2:-$build/library-only.elf}"
for elf in "$demo" "$libonly"; do
  [ -f "$elf" ] && [ -f "${elf%.elf}.map" ] || {
    echo "footprint.sh: $elf or its .map is missing; run: make -C firmware/ports/qemu-lm3s6965 footprint" >&2
    exit 2
  }
done

echo "== arm-none-eabi-size (bytes; flash = text + data, RAM = data + bss)"
arm-none-eabi-size "$demo" "$libonly" | awk '
  NR == 1 { printf "  %-22s %7s %7s %7s %9s %9s\n", "image", "text", "data", "bss", "flash", "RAM"; next }
  { n = split($6, p, "/"); printf "  %-22s %7d %7d %7d %9d %9d\n", p[n], $1, $2, $3, $1 + $2, $2 + $3 }'
echo
echo "== by component, from the link maps (only what --gc-sections kept)"
python3 "$here/link_map_footprint.py" "${demo%.elf}.map" "${libonly%.elf}.map" | sed 's/^/  /'
echo "  (RAM of 'board + port' includes the nanorpc_device_t the port declares: all library RAM)"

# The library keeps all of its RAM in the nanorpc_device_t the application declares (the
# library-only image calls it `device`); the library and nanopb have no static data of their own.
device_hex=$(arm-none-eabi-nm -S "$libonly" | awk '$4 == "device" { print $2 }')
[ -n "$device_hex" ] || { echo "footprint.sh: no symbol 'device' in $libonly" >&2; exit 1; }
device_ram=$((16#$device_hex))
read -r lib_flash lib_ram < <(python3 "$here/link_map_footprint.py" "${libonly%.elf}.map" |
  awk '/= library \+ nanopb runtime/ { print $(NF - 1), $NF }')
echo
echo "== NanoRPC library + nanopb runtime alone (Cortex-M3, -Os, defaults of nanorpc_config.h)"
# The project's limits for this configuration (256-byte buffers, 4 subscriptions): over one,
# the script fails, so CI notices a library that grew.
aim() {
  if [ "$1" -le "$2" ]; then echo "within the limit of $2 B"; else echo "OVER the limit of $2 B"; fi
}
flash_verdict=$(aim "$lib_flash" 5120)
ram_verdict=$(aim $((device_ram + lib_ram)) 1536)
printf '  flash       %5d B  %s\n' "$lib_flash" "$flash_verdict"
printf '  static RAM  %5d B  %s (nanorpc_device_t %d B + library/nanopb statics %d B)\n' \
  "$((device_ram + lib_ram))" "$ram_verdict" "$device_ram" "$lib_ram"
case "$flash_verdict$ram_verdict" in *OVER*) exit 1 ;; esac
