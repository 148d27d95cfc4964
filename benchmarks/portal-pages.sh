#!/usr/bin/env bash
# Server time of the portal's main pages (issue 21) in a lab with VMS replicated items (and a recovery plan of 100 of
# them), the class page signed in with the class token, and the time from a click on
# "Failover" (the form's POST) to the jobs page that lists the new job. Each figure is curl's total time on loopback
# (the host renders the page; nothing else runs), the median of RUNS requests after one warm-up.
#   benchmarks/portal-pages.sh [VMS] [RUNS]
set -euo pipefail
vms="${1:-1000}"
runs="${2:-15}"
source "$(dirname "${BASH_SOURCE[0]}")/lab-host.sh"
{
  lab_vms "$vms" "$vms VMs, all replicated to Azure"
  printf 'steps:\n  - enable-protection: {vm: [%s]}\n  - wait: 2h\n' "$(seq -f 'vm%04g' 1 "$vms" | paste -sd, -)"
  # A recovery plan of up to 100 machines (ASR's limit) in two groups.
  plan=$(( vms < 100 ? vms : 100 ))
  printf '  - create-plan: {name: plan-a, groups: [[%s], [%s]]}\n' "$(seq -f 'vm%04g' 1 $(( (plan + 1) / 2 )) | paste -sd, -)" \
    "$(seq -f 'vm%04g' $(( (plan + 1) / 2 + 1 )) "$plan" | paste -sd, -)"
} >"$dir/lab.yaml"
lab_serve "$dir/lab.yaml"
base="http://127.0.0.1:$port/portal/bench"
jar="$dir/cookies"
curl -s -o /dev/null -c "$jar" --data-urlencode "token=$token" "$base/login"
median() { sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] * 1000 }'; }
measure() { # NAME PATH: the page's median time in ms, checking it answers 200
  local code
  code=$(curl -s -o /dev/null -b "$jar" -w '%{http_code}' "$base$2") # warm-up (the first opens the lab from its journal)
  [ "$code" = 200 ] || { echo "$1: HTTP $code" >&2; exit 1; }
  printf '%-22s %8s ms\n' "$1" "$(for _ in $(seq 1 "$runs"); do curl -s -o /dev/null -b "$jar" -w '%{time_total}\n' "$base$2"; done | median)"
}
printf '%-22s %11s   (median of %s, goal <= 200 ms)\n' page time "$runs"
measure overview ""
measure "replicated items" "/items"
measure "item page" "/items/vm0001"
measure jobs "/jobs"
measure vsphere "/vsphere"
measure azure "/azure"
measure "recovery plans" "/plans"
measure "a plan" "/plans/plan-a"
measure infrastructure "/infrastructure"
# The class, signed in with the class token the host printed.
class_token=$(sed -n 's/.*with the class token \([0-9a-f]*\).*/\1/p' "$dir/serve.log")
curl -s -o /dev/null -c "$dir/class-cookies" --data-urlencode "token=$class_token" "http://127.0.0.1:$port/portal/_class/login"
jar="$dir/class-cookies" base="http://127.0.0.1:$port/portal" measure "the class (1 lab)" "/_class"
# A click on Failover: the form's POST answers a redirect to the jobs page, whose list then holds the job.
click=$(curl -s -o "$dir/jobs.html" -b "$jar" -L -w '%{time_total}' --data-urlencode "point=latest" "$base/items/vm0001/failover")
grep -q "Unplanned failover" "$dir/jobs.html" || { echo "the jobs page after the click does not list the failover" >&2; exit 1; }
printf 'click on Failover -> job listed: %.1f ms (goal <= 300 ms)\n' "$(echo "$click * 1000" | bc)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
