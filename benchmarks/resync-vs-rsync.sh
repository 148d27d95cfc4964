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
bench() { dotnet "$root/benchmarks/bin/Release/net10.0/Benchmarks.dll" "$@"; }
seconds() { echo "${1%% seconds*}"; }

bench resync-pair "$work/source.img" "$work/target.img" "$size" 0   # two equal disks
cp "$work/target.img" "$work/target-full.img"
cp "$work/target.img" "$work/target-rsync.img"
cbt="$(bench resync-cbt "$work/source.img" "$work/target.img" "$fraction")" # changes the source, then resyncs
cat "$work/source.img" "$work/target-full.img" "$work/target-rsync.img" >/dev/null # warm the page cache
full="$(bench resync-files "$work/source.img" "$work/target-full.img")"

start=$(date +%s.%N)
rsync --no-whole-file --inplace --ignore-times "$work/source.img" "$work/target-rsync.img"
end=$(date +%s.%N)
rsync_s=$(echo "$end - $start" | bc -l)

for copy in target target-full target-rsync; do
  cmp -s "$work/source.img" "$work/$copy.img" || { echo "$copy.img differs from the source after its resync" >&2; exit 1; }
done
printf 'engine resync, CBT-scoped:   %s\n' "$cbt"
printf 'engine resync, every block:  %s\n' "$full"
printf 'rsync --no-whole-file:       %.3f seconds\n' "$rsync_s"
printf 'ratio rsync / engine (CBT-scoped):  %.1fx\n' "$(echo "$rsync_s / $(seconds "$cbt")" | bc -l)"
printf 'ratio rsync / engine (every block): %.1fx\n' "$(echo "$rsync_s / $(seconds "$full")" | bc -l)"
