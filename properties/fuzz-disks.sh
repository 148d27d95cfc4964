#!/usr/bin/env bash
# The disk fuzz for nights: 100 times CI's mutants per format (6,000 each unless CASES says otherwise), for
# each seed in SEED_FROM..SEED_TO, through info, check and diff, and the qemu-img comparison of VMDK mutants.
# A failure names its format, mutant number, seed and mutation; rerun one seed to reproduce it:
#   DISK_FUZZ_CASES=6000 DISK_FUZZ_SEED=N dotnet test properties/Disks.Tests -c Release --filter FullyQualifiedName~Fuzz
set -euo pipefail
source "$(dirname "$0")/night-seeds.sh"
night_seeds "properties/fuzz-disks.sh SEED_FROM SEED_TO   (e.g. properties/fuzz-disks.sh 1 5; CASES=6000 per format by default)" \
  properties/Disks.Tests "FullyQualifiedName~Fuzz" DISK_FUZZ_CASES "${CASES:-6000}" DISK_FUZZ_SEED "mutants per format" "$@"
