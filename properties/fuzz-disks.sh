#!/usr/bin/env bash
# The disk fuzz for nights: 100 times CI's mutants per format (6,000 each unless CASES says otherwise), for
# each seed in SEED_FROM..SEED_TO, through info, check and diff, and the qemu-img comparison of VMDK mutants.
# A failure names its format, mutant number, seed and mutation; rerun one seed to reproduce it:
#   DISK_FUZZ_CASES=6000 DISK_FUZZ_SEED=N dotnet test properties/Disks.Tests -c Release --filter FullyQualifiedName~Fuzz
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: properties/fuzz-disks.sh SEED_FROM SEED_TO   (e.g. properties/fuzz-disks.sh 1 5; CASES=6000 per format by default)" >&2
  exit 2
fi
from=$1 to=$2
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build properties/Disks.Tests -c Release -v q -nologo -clp:ErrorsOnly
status=0
for seed in $(seq "$from" "$to"); do
  echo "fuzz-disks: seed $seed, ${CASES:-6000} mutants per format"
  DISK_FUZZ_CASES=${CASES:-6000} DISK_FUZZ_SEED=$seed \
    dotnet test properties/Disks.Tests -c Release --no-build --filter "FullyQualifiedName~Fuzz" \
      --logger "console;verbosity=detailed" || status=1
done
exit $status
