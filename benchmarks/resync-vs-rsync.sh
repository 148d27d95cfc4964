#!/usr/bin/env bash
# Delta resync of two 1 GiB disks differing in 1% of their 64 KiB blocks, side by side with
# `rsync --no-whole-file --inplace --ignore-times` on the same files:
#  - engine, CBT-scoped: change ids taken when the disks were equal (failover) bound the hashing to
#    the areas either side changed since; XxHash128 per block on both sides, differing blocks copied;
#  - engine, every block: no change ids (e.g. tracking lost in a restart), every block hashed;
#  - rsync, which has no change tracking and reads both files whole.
# The engine hashes both sides at once, as two machines do; rsync runs sender and receiver as two processes.
# Usage: benchmarks/resync-vs-rsync.sh [SIZE_BYTES] [CHANGED_FRACTION]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-1073741824}"
fraction="${2:-0.01}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/benchmarks" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
# Tiered compilation off: the engine is a long-running service, so it is measured with fully optimised
# code from the start, as rsync's compiled code is (otherwise the first ~100 ms hash in tier-0 code).
bench() { DOTNET_TieredCompilation=0 dotnet "$root/benchmarks/bin/Release/net10.0/Benchmarks.dll" "$@"; }
seconds() { echo "${1%% seconds*}"; }
cpu() { local t="${1%% s CPU*}"; echo "${t##* }"; }

bench resync-pair "$work/source.img" "$work/target.img" "$size" 0   # two equal disks
cp "$work/target.img" "$work/target-full.img"
cp "$work/target.img" "$work/target-rsync.img"
sync "$work"/*.img
cbt="$(bench resync-cbt "$work/source.img" "$work/target.img" "$fraction")" # changes the source, then resyncs
# Written back and in the page cache before any timing: each side then writes (and the engine fsyncs) only what it sends.
sync "$work"/*.img
cat "$work/source.img" "$work/target-full.img" "$work/target-rsync.img" >/dev/null
full="$(bench resync-files "$work/source.img" "$work/target-full.img")"

start=$(date +%s.%N)
rsync_cpu=$( { /usr/bin/time -f '%U %S' rsync --no-whole-file --inplace --ignore-times "$work/source.img" "$work/target-rsync.img"; } 2>&1 | awk '{print $1 + $2}')
end=$(date +%s.%N)
rsync_s=$(echo "$end - $start" | bc -l)

for copy in target target-full target-rsync; do
  cmp -s "$work/source.img" "$work/$copy.img" || { echo "$copy.img differs from the source after its resync" >&2; exit 1; }
done
printf 'engine resync, CBT-scoped:   %s\n' "$cbt"
printf 'engine resync, every block:  %s\n' "$full"
printf 'rsync --no-whole-file:       %.3f seconds, %.3f s CPU (sender and receiver)\n' "$rsync_s" "$rsync_cpu"
printf 'ratio rsync / engine (CBT-scoped):  %.1fx wall, %.1fx CPU\n' "$(echo "$rsync_s / $(seconds "$cbt")" | bc -l)" "$(echo "$rsync_cpu / $(cpu "$cbt")" | bc -l)"
printf 'ratio rsync / engine (every block): %.1fx wall, %.1fx CPU\n' "$(echo "$rsync_s / $(seconds "$full")" | bc -l)" "$(echo "$rsync_cpu / $(cpu "$full")" | bc -l)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall figures are only comparable when it is low)"
