#!/usr/bin/env bash
# The churn benchmark of issue 17: two VMs (each 3 x 48 MiB + 1 x 80 MiB disks) write RATE each for HOURS of
# virtual time across a full cycle (protect to Azure, fail over, commit, reprotect to on-premises, fail back,
# commit, protect again), every failover judged byte for byte against the ground truth. Prints GB of guest
# writes per CPU-second, peak RSS, wall time, their ratios to the goals (>= 1 GB/CPU-s, <= 1 GiB, <= 60 s)
# and the load average (other processes share the cores: read the figures with it); then the kernel's event loop
# beside a bare PriorityQueue at 10^4 pending timers (goal >= 0.7x).
#   benchmarks/churn.sh [HOURS] [RATE]      e.g. benchmarks/churn.sh 0.1 2MB/s   (default 5 h at 2MB/s)
# The drill is generated from the two arguments; the cycle's steps keep their share of the hours.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
hours="${1:-5}"
rate="${2:-2MB/s}"
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"' EXIT

dotnet build "$root/Scenarios" -c Release -v quiet -nologo -clp:ErrorsOnly >/dev/null
drill="$root/Scenarios/bin/Release/net10.0/drill.dll"

python3 - "$hours" "$rate" >"$work/churn.yaml" <<'PY'
import sys
hours, rate = float(sys.argv[1]), sys.argv[2]
# A wait keeps its share of the hours, at least `least` minutes (recovery points come every 5 minutes).
minutes = lambda share, least=1: f"{max(least, round(hours * 60 * share))}m"
vms = ["app-01", "app-02"]
# The rate of each VM is shared by its four disks in proportion to their sizes (48+48+48+80 MiB).
import re
m = re.fullmatch(r"([\d.]+)\s*([KMG]?i?B)/s", rate)
per_vm = float(m.group(1)) * {"B": 1, "KB": 1e3, "MB": 1e6, "GB": 1e9, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}[m.group(2)]
def share(mib): return f"{round(per_vm * mib / 224)}B/s"
print(f"""title: Churn benchmark - two VMs at {rate} each for {hours} h across a whole failback cycle
seed: 17
durations: instant
topology:
  vcenters: [{{name: vcsa-01.lab.local}}]
  hosts:
    - {{name: esxi-01.lab.local, vcenter: vcsa-01.lab.local, version: 7.0.0, edition: enterprise}}
  datastores:
    - {{name: DS1, hosts: [esxi-01.lab.local], capacity: 1TiB}}
  vms:
    - {{name: app-01, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [48MiB, 48MiB, 48MiB, 80MiB], ip: 10.0.5.20}}
    - {{name: app-02, host: esxi-01.lab.local, datastore: DS1, os: centos7_64Guest, disks: [48MiB, 48MiB, 48MiB, 80MiB], ip: 10.0.5.21}}
    - {{name: mt-01, host: esxi-01.lab.local, datastore: DS1, os: windows9Server64Guest, disks: [1MiB], memory: 8GiB, ip: 10.0.0.50}}
  azure: {{region: westeurope, resource-group: asr-recovery, network: recovery-net}}
  connectivity: {{link: vpn}}
  configuration-server: {{name: cs-01, ip: 10.0.9.5}}
  process-servers:
    - {{name: ps-onprem, ip: 10.0.9.6}}
    - {{name: ps-azure, location: azure}}
  master-targets:
    - {{vm: mt-01, retention: "R:"}}
steps:""")
for vm in vms: print(f"  - enable-protection: {{vm: {vm}, process-server: ps-onprem}}")
for vm in vms: print(f"  - wait-for-replication: {{vm: {vm}}}")
for vm in vms:
    for disk, mib in enumerate([48, 48, 48, 80]):
        print(f"  - workload: {{vm: {vm}, disk: {disk}, rate: {share(mib)}, for: {minutes(1)}, block: 64KiB, every: 10s}}")
print(f"  - wait: {minutes(0.25, 15)}")
for vm in vms: print(f"  - power-off: {{vm: {vm}}}")
for vm in vms: print(f"  - failover: {{vm: {vm}, point: latest}}")
for vm in vms: print(f"  - commit: {{vm: {vm}}}")
print(f"  - wait: {minutes(0.15, 5)}")
for vm in vms: print(f"  - reprotect: {{vm: {vm}, master-target: mt-01, process-server: ps-azure, datastore: DS1, retention-volume: \"R:\", location: original}}")
for vm in vms: print(f"  - wait-for-replication: {{vm: {vm}}}")
print(f"  - wait: {minutes(0.25, 15)}")
for vm in vms: print(f"  - failover: {{vm: {vm}, point: latest}}")
for vm in vms: print(f"  - commit: {{vm: {vm}}}")
for vm in vms: print(f"  - reprotect: {{vm: {vm}, process-server: ps-onprem}}")
for vm in vms: print(f"  - wait-for-replication: {{vm: {vm}}}")
print(f"  - wait: {minutes(0.4, 5)}")
print("expect:")
for vm in vms:
    print(f"  - failover: {{vm: {vm}, nth: 1, matches-truth: true}}")
    print(f"  - failover: {{vm: {vm}, nth: 2, matches-truth: true}}")
    print(f"  - disk-matches-truth: {{vm: {vm}}}")
print("covers: []")
PY

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -v -o "$work/time.txt" dotnet "$drill" run "$work/churn.yaml" --json --trace "$work/trace.jsonl" >"$work/report.json" 2>"$work/stderr.txt" && status=0 || status=$?
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$status" != 0 ]; then
    echo "the churn drill failed (exit $status):" >&2
    python3 -c "import json,sys; r=json.load(open(sys.argv[1])); [print(k, json.dumps(v)[:600]) for k,v in r.items() if k not in (\"steps\",)]" "$work/report.json" >&2 || head -c 4000 "$work/report.json" >&2; cat "$work/stderr.txt" >&2
    exit "$status"
fi
python3 - "$work/time.txt" "$work/trace.jsonl" "$hours" "$rate" "$load_before" "$load_after" <<'PY'
import json, re, sys
timefile, tracefile, hours, rate, before, after = sys.argv[1:7]
t = open(timefile).read()
field = lambda name: re.search(re.escape(name) + r": (.*)", t).group(1).strip()
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) * 1024
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
wall_s = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
# The guest's bytes: each workload reports its writes when it ends (64 KiB blocks); a guest writes only while it runs.
ended = [json.loads(line) for line in open(tracefile) if '"workload.ended"' in line]
written = sum(e["writes"] for e in ended) * 65536
if len(ended) != 8: sys.exit(f"{len(ended)} of the 8 workloads ended: the drill stopped before its churn did")
gb_per_cpu = written / 1e9 / cpu
print(f"churn: 2 VMs x {rate} x {hours} h: {written / 1e9:.2f} GB of guest writes across a whole failback cycle")
print(f"  {gb_per_cpu:.3f} GB of guest writes per CPU-second ({cpu:.1f} s CPU); goal >= 1: {gb_per_cpu / 1:.2f}x")
print(f"  peak RSS {rss / 2**20:.0f} MiB; goal <= 1024 MiB: {rss / 2**30:.2f}x the limit")
print(f"  wall {wall_s:.1f} s; goal <= 60 s for 5 h: {wall_s / 60:.2f}x the limit"
      + ("" if float(hours) == 5 else f" (at {hours} h; 5 h at this rate of CPU per byte: about {cpu * 5 / float(hours):.0f} s CPU)"))
print(f"  load average before {before}, after {after} on {__import__('os').cpu_count()} cores")
PY

dotnet build "$root/benchmarks" -c Release -v quiet -nologo -clp:ErrorsOnly >/dev/null
kernel="$(dotnet "$root/benchmarks/bin/Release/net10.0/Benchmarks.dll" kernel-timers 10000 | grep 'pending timers')"
echo "${kernel}" | python3 -c '
import re, sys
line = sys.stdin.read().strip()
ratio = float(re.search(r"kernel speed ([\d.]+)x", line).group(1))
print(f"  kernel at {line}; goal >= 0.7x: {ratio / 0.7:.2f}x the goal")'
