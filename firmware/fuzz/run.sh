#!/usr/bin/env bash
# Builds the fuzz targets if needed, runs them and prints a summary per target: executions,
# exec/s, coverage (libFuzzer's `cov:` edges), corpus size, crashes.
#
#   run.sh [--target device_rx|serial_resync|all] [--runs N | --seconds S] [-- LIBFUZZER_ARGS]
#   run.sh --seed [--target T]     regenerate the seed corpus (make_seeds.py, then -merge=1)
#   run.sh --replay FILE... [--target T]   run inputs once (a crash file, a regression)
#
# The committed corpus (firmware/fuzz/corpus/T) is read only; new inputs go to
# firmware/build/fuzz/corpus/T, crash inputs to firmware/build/fuzz/crashes/T/.
# Exit status: 0 when no target crashed, 1 when one did, 2 on a usage or build error.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
firmware="$(dirname "$here")"
out="$firmware/build/fuzz"
targets=(device_rx serial_resync)
chosen=all
runs=""
seconds=""
mode=fuzz
replay=()
extra=()

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while (($# > 0)); do
  case "$1" in
    --target) chosen="${2:?}"; shift 2 ;;
    --runs) runs="${2:?}"; shift 2 ;;
    --seconds) seconds="${2:?}"; shift 2 ;;
    --seed) mode=seed; shift ;;
    --replay) mode=replay; shift
      while (($# > 0)) && [[ $1 != --* ]]; do replay+=("$1"); shift; done ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) usage ;;
    *) echo "fuzz: unknown option $1" >&2; usage ;;
  esac
done
if [[ $chosen != all ]]; then
  [[ " ${targets[*]} " == *" $chosen "* ]] || { echo "fuzz: no target $chosen" >&2; exit 2; }
  targets=("$chosen")
fi
if [[ -z $runs && -z $seconds && $mode == fuzz ]]; then
  runs=100000
fi

# One fuzz run at a time per checkout: runs share the build, the working corpus and the logs
# (and the machine's cores).
mkdir -p "$out"
exec 9>"$out/.lock"
flock -n 9 || { echo "fuzz: another run of this checkout is going on; waiting" >&2; flock 9; }

command -v clang >/dev/null || { echo "fuzz: clang is missing (Debian: clang libclang-rt-14-dev)" >&2; exit 2; }
make -s -C "$here" >/dev/null || { echo "fuzz: build failed" >&2; exit 2; }

# Flags shared by every run: the dictionary of paths, inputs no longer than the largest seeds
# need, and the log quiet except for libFuzzer's own status lines.
common=(-dict="$here/nanorpc.dict" -max_len=2048 -timeout=10 -print_final_stats=1)

if [[ $mode == seed ]]; then
  raw="$(mktemp -d)"
  trap 'rm -rf "$raw"' EXIT
  python3 "$here/make_seeds.py" "$raw"
  for target in "${targets[@]}"; do
    rm -rf "$here/corpus/$target"
    mkdir -p "$here/corpus/$target"
    "$out/$target" -merge=1 "${common[@]}" "$here/corpus/$target" "$raw/$target" 2>"$raw/$target.log" ||
      { cat "$raw/$target.log" >&2; exit 1; }
    echo "fuzz $target: $(ls "$raw/$target" | wc -l) seeds -> $(ls "$here/corpus/$target" | wc -l) after -merge=1"
  done
  exit 0
fi

if [[ $mode == replay ]]; then
  ((${#replay[@]} > 0)) || usage
  for target in "${targets[@]}"; do
    "$out/$target" "${replay[@]}" || { echo "fuzz $target: replay FAILED" >&2; exit 1; }
    echo "fuzz $target: ${#replay[@]} input(s) replayed, no crash"
  done
  exit 0
fi

status=0
for target in "${targets[@]}"; do
  corpus="$out/corpus/$target"
  crashes="$out/crashes/$target"
  log="$out/$target.log"
  mkdir -p "$corpus" "$crashes"
  limit=()
  [[ -n $runs ]] && limit+=(-runs="$runs")
  [[ -n $seconds ]] && limit+=(-max_total_time="$seconds")
  started=$(date +%s)
  set +e
  "$out/$target" "${common[@]}" "${limit[@]}" -artifact_prefix="$crashes/" "${extra[@]}" \
    "$corpus" "$here/corpus/$target" >"$log" 2>&1
  code=$?
  set -e
  elapsed=$(($(date +%s) - started))
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  edges=$(grep -a -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  features=$(grep -a -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  # libFuzzer says 0 exec/s for a run shorter than a second.
  if [[ ${speed:-0} == 0 && -n $executed ]]; then speed=$((executed / (elapsed > 0 ? elapsed : 1))); fi
  found=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log")
  echo "fuzz $target: ${executed:-?} executions in ${elapsed} s (${speed:-?} exec/s)," \
    "coverage ${edges:-?} edges (${features:-?} features), working corpus $(ls "$corpus" | wc -l) inputs"
  if ((code != 0)); then
    status=1
    grep -a -E 'ERROR: |runtime error|invariant violated|SUMMARY' "$log" | head -5 || true
    echo "fuzz $target: CRASH, input ${found:-?} (log $log)"
  else
    echo "fuzz $target: crashes: none"
  fi
done
exit "$status"
