#!/usr/bin/env bash
# Installs what the tests need (when run as root on a fresh machine) and runs every test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 COYOTE_CLI_TELEMETRY_OPTOUT=1

# Outside judges of our disk images and volumes: qemu-img, blkid, mkfs.*, sgdisk, sfdisk, rsync; cc for the native
# drill and the crash test's power-loss shim; Node.js and npm for the official Azure SDK's tests of the lab's ARM API.
need=()
for tool in chromium:chromium cc:gcc node:nodejs npm:npm qemu-img:qemu-utils qemu-io:qemu-utils mkfs.fat:dosfstools mkfs.exfat:exfatprogs mkfs.ntfs:ntfs-3g \
            mkfs.xfs:xfsprogs mkreiserfs:reiserfsprogs sgdisk:gdisk sfdisk:fdisk rsync:rsync mkfs.ext4:e2fsprogs blkid:util-linux; do
  command -v "${tool%%:*}" >/dev/null 2>&1 || need+=("${tool#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: missing packages ${need[*]}; run as root or install them (apt-get install ${need[*]})" >&2
    exit 2
  fi
fi

[ -f .config/dotnet-tools.json ] && dotnet tool restore >/dev/null

dotnet build Simulation.sln -c Release -nologo -v quiet -clp:ErrorsOnly
log=$(mktemp)
trap 'rm -f "$log" "$log.drills" "$log.sdk"' EXIT
status=0
dotnet test Simulation.sln -c Release --no-build -nologo -v quiet "$@" 2>&1 | tee "$log" || status=$?
# The examples use the harness as a user does: from its packed packages (examples/nuget.config), not its sources.
rm -rf examples/.packages/failback.*
dotnet pack Harness.slnf -c Release --no-build -nologo -v quiet -o .build/packages
dotnet test examples/Runbook.Tests -c Release -nologo -v quiet "$@" 2>&1 | tee -a "$log" || status=$?
# The drill CLI as users run it (./drill compiles it ahead of time, which the tests above do not): every
# drill of the library must pass through it too.
drills=(Scenarios/drills/*.yaml)
./drill run "${drills[@]}" > "$log.drills" 2>&1 || { status=1; cat "$log.drills"; }
echo "drill run (native CLI): $(grep -c '^  PASSED' "$log.drills") of ${#drills[@]} drills passed"
# The official Azure SDK drives a lab's ARM API over HTTPS on loopback (properties/arm-sdk, Node.js's test runner).
(cd properties/arm-sdk && npm ci --no-audit --no-fund --loglevel=error && node --test) > "$log.sdk" 2>&1 || { status=1; cat "$log.sdk"; }
echo "arm-sdk (node --test): $(grep -m1 '^# pass' "$log.sdk" || echo '# pass 0'), $(grep -m1 '^# fail' "$log.sdk" || echo 'did not run')"
# One closing line over every test assembly: "N passed, N failed, N skipped".
awk '/(Passed|Failed)! +- Failed:/ { gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     /^# (pass|fail|skipped) [0-9]+$/ { if ($2 == "pass") p += $3; if ($2 == "fail") f += $3; if ($2 == "skipped") s += $3 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log" "$log.sdk"
exit $status
