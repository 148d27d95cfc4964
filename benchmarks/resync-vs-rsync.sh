#!/usr/bin/env bash
# Delta resync of two 1 GiB disks differing in 1% of their 64 KiB blocks: the engine's XxHash128
# block resync against `rsync --no-whole-file --inplace --ignore-times` on the same files (the engine hashes both sides at once, as two machines do; rsync runs its sender and receiver as processes too), side by side.
# Usage: benchmarks/resync-vs-rsync.sh [SIZE_BYTES] [CHANGED_FRACTION]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="${1:-1073741824}"
fraction="${2:-0.01}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/benchmarks" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
bench() { dotnet "$root/benchmarks/bin/Release/net10.0/Benchmarks.dll" "$@"; }

bench resync-pair "$work/source.img" "$work/target.img" "$size" "$fraction"
cp "$work/target.img" "$work/target-rsync.img"
cat "$work/source.img" "$work/target.img" "$work/target-rsync.img" >/dev/null # warm the page cache for both

engine_out="$(bench resync-files "$work/source.img" "$work/target.img")"
engine_s="${engine_out%% seconds*}"

start=$(date +%s.%N)
rsync --no-whole-file --inplace --ignore-times "$work/source.img" "$work/target-rsync.img"
end=$(date +%s.%N)
rsync_s=$(echo "$end - $start" | bc -l)

cmp -s "$work/source.img" "$work/target.img" || { echo "engine resync left the disks different" >&2; exit 1; }
cmp -s "$work/source.img" "$work/target-rsync.img" || { echo "rsync left the disks different" >&2; exit 1; }
printf 'engine resync: %s\n' "$engine_out"
printf 'rsync --no-whole-file: %.3f seconds\n' "$rsync_s"
printf 'ratio (rsync / engine): %.1fx\n' "$(echo "$rsync_s / $engine_s" | bc -l)"
