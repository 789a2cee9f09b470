#!/usr/bin/env bash
# Throughput of the sync webhook POST /hooks/default/greet against a Release `stepwise serve` on 127.0.0.1:
# wrk at concurrency 1 and 16 for DURATION each (default 10s), after a warm-up. Needs wrk
# (apt-get install -y --no-install-recommends wrk). Run from the repository root:
#   bench/webhook/run.sh            # builds Release first
#   NO_BUILD=1 DURATION=10s bench/webhook/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${DURATION:-10s}"
port="${PORT:-18080}"
key="bench-admin-key-0123456789abcdef0123456789"
data="$(mktemp -d)"
cd "$root"
if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release src/Stepwise.Cli -v quiet -nologo >/dev/null
fi

STEPWISE_ADMIN_KEY="$key" LOG_LEVEL=warning STEPWISE_RATE_LIMIT_PER_IP=off \
  dotnet src/Stepwise.Cli/bin/Release/net10.0/stepwise.dll serve --urls "http://127.0.0.1:$port" --data "$data" \
  >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break
  sleep 0.1
done

curl -sf -o /dev/null -X POST -H "X-API-Key: $key" -H "Content-Type: application/yaml" \
  --data-binary @examples/greet.yaml "http://127.0.0.1:$port/api/v1/workflows"
url="http://127.0.0.1:$port/hooks/default/greet"
echo "check: $(curl -sf -X POST -H 'Content-Type: application/json' -d '{"name":"Ada","n":21}' "$url")"
wrk -t2 -c16 -d5s -s bench/webhook/post-greet.lua "$url" >/dev/null   # warm-up: JIT, tiered compilation, SQLite pages

echo "commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for connections in 1 16; do
  threads=$(( connections < 2 ? 1 : 2 ))
  echo "== wrk -t$threads -c$connections -d$duration --latency -s bench/webhook/post-greet.lua $url"
  wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/webhook/post-greet.lua "$url" \
    | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors'
done
