#!/usr/bin/env bash
# The Stepwise benchmark harness: builds Release, starts a fresh `stepwise serve` and two ASP.NET Core baselines on
# 127.0.0.1 (the bare endpoint, and the durable limit: the same plus one SQLite row per request, answered after its
# commit), runs scenarios S1-S7 and the memory readings of issues 9 and 19, prints a table and writes
# bench/results/latest.json. S1-S3 alternate the three run by run and report ratio_to_baseline and ratio_to_durable.
# Every figure is the median of 3 runs with min and max; --quick runs each once, shorter (S4 with 10,000 runs
# instead of 100,000), in under 5 minutes. The server logs at LOG_LEVEL=info (the default) unless --log-level says
# otherwise. See bench/README.md.
#   bench/run.sh [--quick] [--only S1,S2,S2_inproc,S3,S4,S5,S6,S7] [--log-level info|warn] [--out file.json]
# NO_BUILD=1 skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is missing: installing it with apt-get"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo"; else
      echo "wrk is not installed and this user cannot install it: apt-get install -y wrk as root" >&2; exit 1
    fi
  fi
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends wrk
fi

if [ -z "${NO_BUILD:-}" ]; then
  echo "building Release: stepwise, the baseline app, the harness"
  for project in src/Stepwise.Cli bench/Stepwise.Bench.Baseline bench/Stepwise.Bench.Harness; do
    dotnet build -c Release "$project" -v quiet -nologo >/dev/null
  done
fi

exec dotnet bench/Stepwise.Bench.Harness/bin/Release/net10.0/Stepwise.Bench.Harness.dll --repo "$root" "$@"
