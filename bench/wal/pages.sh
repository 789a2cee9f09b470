#!/usr/bin/env bash
# WAL pages per commit of greet runs, at a schema version: how many pages SQLite writes to commit the rows a sync
# greet webhook writes (its run, its step, its start's audit entry), counted from the WAL file's growth. The schema is
# the real one: `stepwise db upgrade VERSION` makes it in a fresh folder; the rows are shaped as the server writes them.
#   bench/wal/pages.sh            # at this build's head
#   bench/wal/pages.sh 12         # at schema version 12, to compare
#   NO_BUILD=1 bench/wal/pages.sh
# Prints, for commits of 1, 6 and 16 runs (300 commits each after 20,000 runs already stored): pages per commit and
# per run. Deterministic up to the random tails of the ids: repeat runs agree to about 0.1 page.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
version="${1:-}"
cd "$root"
if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release src/Stepwise.Cli -v quiet -nologo >/dev/null
fi

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
dotnet src/Stepwise.Cli/bin/Release/net10.0/stepwise.dll db upgrade ${version:+"$version"} --data "$data" >/dev/null
python3 "$root/bench/wal/pages.py" "$data/stepwise.db"
