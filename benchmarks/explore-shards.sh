#!/usr/bin/env bash
# A campaign split into N shards run as N local processes (`drill explore --shard K/N --jobs 1`, as N machines
# of one core would run it), then merged: seeds per second against N, and a check that the merge equals a
# single run over the same seeds (the JSON report byte for byte). The drill CLI is the native one `./drill` builds.
#   benchmarks/explore-shards.sh [DRILL] [SEEDS] [N...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
drill_file="${1:-$root/Scenarios/drills/guest-workload-snapshots.yaml}"
seeds="${2:-24}"
counts=("${@:3}")
[ "${#counts[@]}" -gt 0 ] || counts=(1 2 4)
"$root/drill" --help >/dev/null # build once, outside the timings
drill="$root/.build/drill/drill"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$drill" explore "$drill_file" --seeds "1..$seeds" --faults random --jobs 1 --json >"$work/single.json" || true
echo "$(nproc) core(s), load average $(cut -d' ' -f1-3 /proc/loadavg); $seeds seeds of $(basename "$drill_file") with random faults; one process per shard, --jobs 1"
printf '%8s %10s %10s  %s\n' shards wall-s seeds/s merge
for n in "${counts[@]}"; do
  rm -f "$work"/shard-*.json
  start=$(date +%s.%N)
  for ((k = 0; k < n; k++)); do
    "$drill" explore "$drill_file" --seeds "1..$seeds" --faults random --shard "$k/$n" --jobs 1 --json >"$work/shard-$k.json" &
  done
  wait || true
  end=$(date +%s.%N)
  "$drill" explore merge "$work"/shard-*.json --json >"$work/merged.json" || true
  same=$(cmp -s "$work/single.json" "$work/merged.json" && echo "= single run" || echo "DIFFERS from the single run")
  python3 -c "import sys; w=float(sys.argv[2])-float(sys.argv[1]); print(f'{int(sys.argv[3]):8d} {w:10.2f} {int(sys.argv[4])/w:10.2f}  {sys.argv[5]}')" "$start" "$end" "$n" "$seeds" "$same"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) (figures compare only on a quiet machine)"
