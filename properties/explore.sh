#!/usr/bin/env bash
# Long explorations for nights: every Coyote scenario of the real engine with ITERATIONS iterations per
# seed, and every FsCheck property with ITERATIONS cases per seed, for each seed in SEED_FROM..SEED_TO.
# A Coyote bug leaves its replayable trace under properties/explore-out/; replay it with
#   DOTNET_ROLL_FORWARD=Major dotnet coyote replay properties/Coyote.Tests/bin/Debug/net10.0/Coyote.Tests.dll TRACE --method METHOD
# A property failure prints FsCheck's "Replay directly at failing step with (seed,gamma,size)".
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: properties/explore.sh ITERATIONS SEED_FROM SEED_TO   (e.g. properties/explore.sh 10000 1 50)" >&2
  exit 2
fi
iterations=$1 from=$2 to=$3
cd "$(dirname "$0")/.."
export DOTNET_ROLL_FORWARD=Major COYOTE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build properties/Coyote.Tests -v q -nologo
dotnet build properties/Engine.Tests -v q -nologo
(cd properties/Coyote.Tests && dotnet tool restore > /dev/null)
dll=properties/Coyote.Tests/bin/Debug/net10.0/Coyote.Tests.dll
# The Coyote CLI hosts the tests with its own dependency list, which does not find SQLite's native library
# (the wired engine's configuration server): point the loader at the one the build copied.
rid=linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')
export LD_LIBRARY_PATH="$PWD/properties/Coyote.Tests/bin/Debug/net10.0/runtimes/$rid/native${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
methods=(Failback.Coyote.Tests.ExploreEntryPoints.OneItemTwoOperations
         Failback.Coyote.Tests.ExploreEntryPoints.GuestWritesRaceFailoverAndCommit
         Failback.Coyote.Tests.ExploreEntryPoints.ReprotectRacesProcessServerCrash
         Failback.Coyote.Tests.ExploreEntryPoints.HeartbeatsRaceConfigurationServerRestore
         Failback.Coyote.Tests.ExploreEntryPoints.RecoveryPlanParallelGroup)
out=properties/explore-out
mkdir -p "$out"
failed=0
for ((seed = from; seed <= to; seed++)); do
  for method in "${methods[@]}"; do
    echo "== coyote $method: $iterations iterations, seed $seed"
    log=$out/$method-$seed.log
    (cd properties/Coyote.Tests && dotnet coyote test "../../$dll" --method "$method" -i "$iterations" --seed "$seed" --partial-control none --max-steps 200000 --deadlock-timeout 10000 \
      --outdir "../../$out/$method-$seed") | tee "$log" | grep -E 'Found|Explored|Elapsed|Error|uncontrolled' || true
    if ! grep -q 'Found 0 bugs' "$log"; then
      echo "!! $method seed $seed: bug or error; trace and log under $out/$method-$seed" >&2
      failed=1
    fi
  done
  echo "== properties: $iterations cases, seed $seed"
  FAILBACK_PROPERTY_CASES=$iterations FAILBACK_PROPERTY_SEED=$seed \
    dotnet test properties/Engine.Tests --no-build --filter "FullyQualifiedName~Failback.Engine.Tests.Properties" || failed=1
done
exit $failed
