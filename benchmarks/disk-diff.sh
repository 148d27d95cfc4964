#!/usr/bin/env bash
# Side-by-side timings of `drill disk diff` against rsync's delta algorithm and qemu-img compare, then
# DiskSim's sequential I/O against a plain FileStream (BenchmarkDotNet). Prints the ratios.
#   benchmarks/disk-diff.sh [SIZE_MIB] [--no-io]        (default 1024 MiB; needs rsync, qemu-img, python3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mib="${1:-1024}"
work="$(mktemp -d /tmp/disk-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
drill="$root/drill"
"$drill" --help >/dev/null # build once, outside the timings

echo "== preparing two ${size_mib} MiB raw images (B = A with 1% of its 64 KiB blocks changed)"
python3 - "$work" "$size_mib" <<'PY'
import os, random, sys
work, mib = sys.argv[1], int(sys.argv[2])
rnd = random.Random(42)
with open(f"{work}/a.img", "wb") as a:
    for _ in range(mib):
        a.write(rnd.randbytes(1 << 20))
blocks = mib * 16
changed = sorted(rnd.sample(range(blocks), max(1, blocks // 100)))
os.system(f"cp {work}/a.img {work}/b.img && cp {work}/a.img {work}/a2.img")
with open(f"{work}/b.img", "r+b") as b:
    for i in changed:
        b.seek(i * 65536 + rnd.randrange(65536 - 16))
        b.write(rnd.randbytes(16))
print(f"{len(changed)} of {blocks} blocks changed")
PY
cat "$work"/a.img "$work"/b.img "$work"/a2.img >/dev/null # into the page cache

now() { date +%s.%N; }
best() { # best of 3 wall-clock seconds of a command
  local best=999999 s e t
  for _ in 1 2 3; do
    s=$(now); "$@" >/dev/null 2>&1 || true; e=$(now)
    t=$(echo "$e - $s" | bc -l); if (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}
cpu_best() { # best of 3 CPU seconds (user + system, children included) of a command: steadier than wall time on a loaded machine
  local best=999999 t
  for _ in 1 2 3; do
    /usr/bin/time -o "$work/cpu" -f '%U %S' "$@" >/dev/null 2>&1 || true
    t=$(tail -1 "$work/cpu" | awk '{print $1 + $2}') # after "Command exited with non-zero status" when the images differ
    if (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
  done
  echo "$best"
}
rsync_once() { cp --reflink=never "$work/b.img" "$work/c.img"; cat "$work/c.img" >/dev/null; local s e; s=$(now); rsync --no-whole-file --inplace -B 65536 "$work/a.img" "$work/c.img"; e=$(now); echo "$e - $s" | bc -l; }

json=$("$drill" disk diff --json "$work/a.img" "$work/b.img" || true) # exit 1: the images differ
blocks=$(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["changedCount"])')
echo "drill disk diff finds $blocks changed blocks"
t_diff=$(best "$drill" disk diff "$work/a.img" "$work/b.img")
t_rsync=999999
for _ in 1 2 3; do t=$(rsync_once); if (( $(echo "$t < $t_rsync" | bc -l) )); then t_rsync=$t; fi; done
t_same=$(best "$drill" disk diff "$work/a.img" "$work/a2.img")
t_qemu=$(best qemu-img compare -f raw -F raw "$work/a.img" "$work/a2.img")
t_start=$(best "$drill" --help)
c_diff=$(cpu_best dotnet "$root/.build/drill/drill.dll" disk diff "$work/a.img" "$work/b.img")
c_same=$(cpu_best dotnet "$root/.build/drill/drill.dll" disk diff "$work/a.img" "$work/a2.img")
c_qemu=$(cpu_best qemu-img compare -f raw -F raw "$work/a.img" "$work/a2.img")
c_rsync=999999
for _ in 1 2 3; do
  cp --reflink=never "$work/b.img" "$work/c.img"; cat "$work/c.img" >/dev/null
  t=$( { /usr/bin/time -f '%U %S' rsync --no-whole-file --inplace -B 65536 "$work/a.img" "$work/c.img"; } 2>&1 | tail -1 | awk '{print $1 + $2}')
  if (( $(echo "$t < $c_rsync" | bc -l) )); then c_rsync=$t; fi
done

printf '\n%-58s %8s\n' "measurement (best of 3, page cache warm)" "seconds"
printf '%-58s %8.3f\n' "drill disk diff A B (1% of 64 KiB blocks differ)" "$t_diff"
printf '%-58s %8.3f\n' "rsync --no-whole-file --inplace -B 65536 A C(=B)" "$t_rsync"
printf '%-58s %8.3f\n' "drill disk diff A A2 (identical)" "$t_same"
printf '%-58s %8.3f\n' "qemu-img compare -f raw -F raw A A2 (identical)" "$t_qemu"
printf '%-58s %8.3f\n' "(drill start-up alone, included above)" "$t_start"
printf '\nratio rsync / drill diff:         %6.2fx   (goal >= 5x)\n' "$(echo "$t_rsync / $t_diff" | bc -l)"
printf 'ratio qemu-img compare / drill:   %6.2fx   (goal >= 1x)\n' "$(echo "$t_qemu / $t_same" | bc -l)"
printf '\nCPU seconds (best of 3, start-up included): drill diff A B %.3f, rsync %.3f (%.2fx); drill diff A A2 %.3f, qemu-img %.3f (%.2fx)\n' \
  "$c_diff" "$c_rsync" "$(echo "$c_rsync / $c_diff" | bc -l)" "$c_same" "$c_qemu" "$(echo "$c_qemu / $c_same" | bc -l)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (wall figures are only comparable when it is low)"

if [ "${2:-}" != "--no-io" ]; then
  echo; echo "== sequential I/O through DiskSim's VMDK and VHD layers vs FileStream (BenchmarkDotNet; Ratio column)"
  cd "$root/benchmarks"
  dotnet run -c Release --project Benchmarks.csproj -- --filter '*DiskThroughput*' --join 2>&1 | sed -n '/^| /p'
fi
