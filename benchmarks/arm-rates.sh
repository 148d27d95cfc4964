#!/usr/bin/env bash
# Requests per second of the lab's ARM API (issue 20): a lab with VMS VMs (the first protected to Azure), served
# over HTTPS on loopback by the lab host, then GETs of the protected item and listings of all VMS items.
#   benchmarks/arm-rates.sh [VMS] [SECONDS] [CONCURRENCY]
set -euo pipefail
vms="${1:-1000}"
seconds="${2:-5}"
concurrency="${3:-8}"
source "$(dirname "${BASH_SOURCE[0]}")/lab-host.sh"
{
  lab_vms "$vms" "$vms VMs, the first protected"
  printf 'steps:\n  - enable-protection: {vm: vm0001}\n  - wait-for-replication: {vm: vm0001}\n'
} >"$dir/lab.yaml"
lab_serve "$dir/lab.yaml" --https
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
