#!/usr/bin/env bash
# `./drill run` of a drill side by side with a bare start of the same dotnet process (`drill --help`),
# then `./drill explore` seeds per second with random faults. Prints the ratio and the rate.
#   benchmarks/drill-run.sh [DRILL] [RUNS] [SEEDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
drill_file="${1:-$root/Scenarios/drills/guest-workload-snapshots.yaml}"
runs="${2:-10}"
seeds="${3:-200}"
"$root/drill" --help >/dev/null # build once, outside the timings
dll="$root/.build/drill/drill.dll"

seconds() { python3 -c 'import sys,time; t=time.perf_counter(); import subprocess; [subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(int(sys.argv[1]))]; print((time.perf_counter()-t)/int(sys.argv[1]))' "$@"; }

bare=$(seconds "$runs" dotnet "$dll" --help)
run=$(seconds "$runs" dotnet "$dll" run "$drill_file")
python3 -c "import sys; b,r=float(sys.argv[1]),float(sys.argv[2]); print(f'bare dotnet start (drill --help): {b*1000:.0f} ms; drill run {sys.argv[3]}: {r*1000:.0f} ms; ratio {r/b:.2f}x')" "$bare" "$run" "$(basename "$drill_file")"

t0=$(python3 -c 'import time; print(time.perf_counter())')
dotnet "$dll" explore "$drill_file" --seeds "1..$seeds" --faults random --json >/dev/null
python3 -c "import sys,time; dt=time.perf_counter()-float(sys.argv[1]); n=int(sys.argv[2]); print(f'drill explore: {n} seeds in {dt:.1f} s = {n/dt:.1f} seeds/s (including one process start)')" "$t0" "$seeds"
