#!/usr/bin/env bash
# `./drill run` of a drill side by side with a bare `dotnet` process start (a hello-world program built
# here, run by `dotnet`), then `./drill explore` seeds per second with random faults, on one thread and on
# every core. The drill CLI is the natively compiled one `./drill` builds.
# Prints wall and CPU seconds, the ratios to a bare start, and the rates.
#   benchmarks/drill-run.sh [DRILL] [RUNS] [SEEDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
drill_file="${1:-$root/Scenarios/drills/failback-whole-cycle.yaml}"
runs="${2:-5}"
seeds="${3:-40}"
"$root/drill" --help >/dev/null # build once, outside the timings
drill="$root/.build/drill/drill"
bare="$(mktemp -d)"
trap 'rm -rf "$bare"' EXIT
cat >"$bare/bare.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
</Project>
EOF
echo 'return 0;' >"$bare/Program.cs"
dotnet build "$bare/bare.csproj" -c Release -o "$bare/out" -nologo -v quiet -clp:ErrorsOnly >/dev/null

# Mean wall and CPU (user+sys of the children) seconds of RUNS runs of a command.
measure() { python3 - "$@" <<'EOF'
import os, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
wall = cpu = 0.0
for _ in range(runs):
    before, t = os.times(), time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall += time.perf_counter() - t
    after = os.times()
    cpu += (after.children_user - before.children_user) + (after.children_system - before.children_system)
print(f"{wall / runs} {cpu / runs}")
EOF
}

read -r bare_wall bare_cpu < <(measure "$runs" dotnet "$bare/out/bare.dll")
read -r run_wall run_cpu < <(measure "$runs" "$drill" run "$drill_file")
read -r one_wall one_cpu < <(measure 1 "$drill" explore "$drill_file" --seeds "1..$seeds" --faults random --jobs 1 --json)
read -r all_wall all_cpu < <(measure 1 "$drill" explore "$drill_file" --seeds "1..$seeds" --faults random --json)
python3 - "$bare_wall" "$bare_cpu" "$run_wall" "$run_cpu" "$one_wall" "$one_cpu" "$all_wall" "$all_cpu" "$seeds" "$(basename "$drill_file")" "$(nproc)" <<'EOF'
import sys
bw, bc, rw, rc, ow, oc, aw, ac = map(float, sys.argv[1:9])
seeds, name, cores = int(sys.argv[9]), sys.argv[10], sys.argv[11]
print(f"bare dotnet start (hello world): {bw*1000:.0f} ms wall, {bc*1000:.0f} ms CPU")
print(f"drill run {name}: {rw*1000:.0f} ms wall, {rc*1000:.0f} ms CPU; ratio to a bare start {rw/bw:.1f}x wall, {rc/bc:.1f}x CPU")
print(f"drill explore {name}, {seeds} seeds with random faults, in one process:")
print(f"  --jobs 1: {ow:.1f} s wall = {seeds/ow:.2f} seeds/s ({oc/seeds*1000:.0f} ms CPU per seed)")
print(f"  --jobs {cores} (default): {aw:.1f} s wall = {seeds/aw:.2f} seeds/s; {ow/aw:.2f}x the single thread")
EOF
