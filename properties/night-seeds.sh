# Sourced by the night scripts (durability.sh, fuzz-disks.sh): what they share. night_seeds checks the two seed
# arguments, builds the test project once and runs FILTER in it once per seed, with the seed and the count in the
# environment variables the tests read; it exits non-zero when any seed failed.
#   night_seeds USAGE PROJECT FILTER COUNT_VARIABLE COUNT SEED_VARIABLE LABEL SEED_FROM SEED_TO
night_seeds() {
  local usage=$1 project=$2 filter=$3 count_variable=$4 count=$5 seed_variable=$6 label=$7
  shift 7
  if [[ $# -ne 2 || ! $1 =~ ^[0-9]+$ || ! $2 =~ ^[0-9]+$ || ! $count =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: $usage" >&2
    exit 2
  fi
  local from=$1 to=$2 seed status=0
  cd "$(dirname "${BASH_SOURCE[0]}")/.."
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  dotnet build "$project" -c Release -v q -nologo -clp:ErrorsOnly
  for seed in $(seq "$from" "$to"); do
    echo "$(basename "$project" .Tests): seed $seed, $count $label"
    env "$count_variable=$count" "$seed_variable=$seed" \
      dotnet test "$project" -c Release --no-build --filter "$filter" --logger "console;verbosity=detailed" || status=1
  done
  exit $status
}
