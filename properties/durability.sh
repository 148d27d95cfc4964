#!/usr/bin/env bash
# The durability test for nights: POINTS seeded kill points (200 unless given) for each seed in SEED_FROM..SEED_TO,
# each a SIGKILL of the engine process with its replica behind a volatile write cache, then the checks and a restart.
# A failure names its kill point; rerun one seed to reproduce it:
#   DURABILITY_KILL_POINTS=200 DURABILITY_SEED=N dotnet test properties/Engine.Tests -c Release --filter FullyQualifiedName~DurabilityTests
set -euo pipefail
if [[ $# -ne 2 ]]; then
  echo "usage: properties/durability.sh SEED_FROM SEED_TO   (e.g. properties/durability.sh 1 3; POINTS=200 per seed by default)" >&2
  exit 2
fi
from=$1 to=$2
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build properties/Engine.Tests -c Release -v q -nologo -clp:ErrorsOnly
status=0
for seed in $(seq "$from" "$to"); do
  echo "durability: seed $seed, ${POINTS:-200} kill points"
  DURABILITY_KILL_POINTS=${POINTS:-200} DURABILITY_SEED=$seed \
    dotnet test properties/Engine.Tests -c Release --no-build --filter "FullyQualifiedName~DurabilityTests" \
      --logger "console;verbosity=detailed" || status=1
done
exit $status
