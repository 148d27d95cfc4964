#!/usr/bin/env bash
# Requests per second of the lab's ARM API (issue 20): a lab with VMS VMs (the first protected to Azure), served
# over HTTPS on loopback by the lab host, then GETs of the protected item and listings of all VMS items.
#   benchmarks/arm-rates.sh [VMS] [SECONDS] [CONCURRENCY]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vms="${1:-1000}"
seconds="${2:-5}"
concurrency="${3:-8}"
dotnet build "$root/Lab/Lab.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >/dev/null
lab="$root/Lab/bin/Release/net10.0/Lab.dll"
dir="$(mktemp -d)"
host=""
trap '[ -n "$host" ] && kill "$host" 2>/dev/null; rm -rf "$dir"' EXIT
{
  printf 'title: %s VMs, the first protected\nseed: 5\ntopology:\n' "$vms"
  printf '  hosts: [{name: esxi-01, version: 7.0.0, edition: enterprise}]\n  datastores: [{name: DS1, hosts: [esxi-01], capacity: 1TiB}]\n  vms:\n'
  for i in $(seq 1 "$vms"); do printf '    - {name: vm%04d, host: esxi-01, datastore: DS1, disks: [1MiB], ip: 10.0.%d.%d}\n' "$i" $((20 + i / 200)) $((10 + i % 200)); done
  printf '  azure: {}\nsteps:\n  - enable-protection: {vm: vm0001}\n  - wait-for-replication: {vm: vm0001}\n'
} >"$dir/lab.yaml"
start=$(date +%s.%N)
token=$(dotnet "$lab" create "$dir/lab.yaml" --dir "$dir" --name bench --manual | awk '/trainee token/ {print $3}')
echo "lab of $vms VMs created in $(echo "$(date +%s.%N) - $start" | bc) s"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dotnet "$lab" serve --dir "$dir" --port "$port" --https >"$dir/serve.log" 2>&1 &
host=$!
for _ in $(seq 1 600); do grep -q 'serving the labs' "$dir/serve.log" && break; sleep 0.1; done
# The host's CPU seconds (user + system) so far: with the machine shared, requests per CPU-second is the steadier figure.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$host/stat"; }
# The first request opens the lab (its world is rebuilt from the journal): outside the measures.
NODE_EXTRA_CA_CERTS="$dir/lab-https.pem" node "$root/benchmarks/arm-rates.js" endpoint="https://127.0.0.1:$port" token="$token" vault=bench \
  seconds=1 concurrency=1 only=item >/dev/null
for phase in item list; do
  before=$(cpu)
  out=$(NODE_EXTRA_CA_CERTS="$dir/lab-https.pem" node "$root/benchmarks/arm-rates.js" endpoint="https://127.0.0.1:$port" token="$token" vault=bench \
    seconds="$seconds" concurrency="$concurrency" only="$phase")
  used=$(echo "$(cpu) - $before" | bc)
  count=$(echo "$out" | sed -n 's/^.*: \([0-9]*\) in .*$/\1/p')
  echo "$out; the host used $used CPU-s: $(echo "scale=0; $count / $used" | bc) per CPU-second"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (client and server share them)"
