#!/usr/bin/env bash
# Prints iterations/s of each Coyote test and cases/s of each property, as the tests measure them
# (each prints a "RATE ..." line on its xunit output).
set -euo pipefail
cd "$(dirname "$0")/.."
for project in properties/Coyote.Tests properties/Engine.Tests; do
  dotnet test "$project" --filter "FullyQualifiedName~Properties|FullyQualifiedName~Coyote.Tests" \
    --logger "console;verbosity=detailed" 2>&1 | grep -o 'RATE .*' | sort -u
done
