#!/usr/bin/env bash
# Prints the rates the tests measure, as each prints a "RATE ..." line on its xunit output: iterations/s of each
# Coyote test, cases/s of each property (the rule oracle's included), kill points/s of the durability test and
# mutants/s of the disk fuzz. Every line is printed with the load average: figures compare only on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
rates() {
  dotnet test "$1" -c Release --filter "$2" --logger "console;verbosity=detailed" 2>&1 | grep -o 'RATE .*' | sort -u
}
rates properties/Coyote.Tests "FullyQualifiedName~Coyote.Tests"
rates properties/Engine.Tests "FullyQualifiedName~Properties|FullyQualifiedName~DurabilityTests.EveryAcknowledged"
rates properties/Disks.Tests "FullyQualifiedName~DiskFuzzTests.Mutants"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
