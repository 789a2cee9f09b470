#!/usr/bin/env bash
# The full fuzzing run of issue 21 (docs/operations.md "Fuzzing"): every CsCheck fuzz target (Category=Fuzz) with
# STEPWISE_FUZZ_ITERATIONS inputs each, over a million generated inputs in all:
#   workflow loader (YAML/JSON), expressions (parse, check, evaluate under a budget), webhook bodies (in process),
#   webhook bodies over HTTP (a twentieth of the count, at most 20,000), and the query language (a million, always).
# A normal `dotnet test` runs a few thousand per target. Usage:
#   bench/fuzz.sh                      # 350,000 per target: about 2 million inputs with the HTTP sample and the query language's million
#   FUZZ_ITERATIONS=1000000 bench/fuzz.sh
# Prints one line per target (inputs, seconds, slowest input) and keeps them in bench/results/fuzz-latest.txt.
# A finding fails its test with CsCheck's seed and the shrunk input: keep it as a regression test, then fix it.
set -euo pipefail
cd "$(dirname "$0")/.."

iterations="${FUZZ_ITERATIONS:-350000}"
report="$(pwd)/bench/results/fuzz-latest.txt"
mkdir -p bench/results
: > "$report"
export STEPWISE_FUZZ_ITERATIONS="$iterations"
export STEPWISE_FUZZ_REPORT="$report"

started=$(date +%s)
status=0
for project in tests/Stepwise.Core.Tests tests/Stepwise.Server.Tests; do
  dotnet test "$project" --filter "Category=Fuzz|FullyQualifiedName~QueryFuzzTests" --logger "console;verbosity=minimal" || status=$?
done
elapsed=$(( $(date +%s) - started ))

{
  echo "STEPWISE_FUZZ_ITERATIONS=$iterations, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), ${elapsed} s in all (builds included), exit $status"
  echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo -dirty), $(date -u '+%Y-%m-%d %H:%M UTC')"
} >> "$report"
cat "$report"
exit "$status"
