#!/usr/bin/env bash
# The durability tests for nights: POINTS seeded kill points (200 unless given) for each seed in SEED_FROM..SEED_TO
# during replication, and three quarters as many during failover and reprotect (CycleDurabilityTests), each a SIGKILL of
# the engine process with its replica behind a volatile write cache and its database behind a power cut, then the checks.
# A failure names its kill point; rerun one seed to reproduce it:
#   DURABILITY_KILL_POINTS=200 DURABILITY_SEED=N dotnet test properties/Engine.Tests -c Release --filter FullyQualifiedName~DurabilityTests
set -euo pipefail
source "$(dirname "$0")/night-seeds.sh"
night_seeds "properties/durability.sh SEED_FROM SEED_TO   (e.g. properties/durability.sh 1 3; POINTS=200 per seed by default)" \
  properties/Engine.Tests "FullyQualifiedName~DurabilityTests" DURABILITY_KILL_POINTS "${POINTS:-200}" DURABILITY_SEED "kill points" "$@"
