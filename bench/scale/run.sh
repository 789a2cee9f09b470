#!/usr/bin/env bash
# Runs per second with 1, 2 and 3 `stepwise serve` nodes sharing one PostgreSQL, for examples/greet.yaml (one
# transform) and examples/chain10.yaml (ten steps), through their sync webhooks: each answered request is one run
# whose final state is committed. The load (CONNECTIONS in all, default 16) is split evenly over the nodes, one wrk
# per node, and the req/s of the wrks are summed. A throwaway PostgreSQL 15 is initialised in a temp folder (as the
# postgres user when run as root) on PG_PORT. Needs wrk and the postgresql-15 package. From the repository root:
#   bench/scale/run.sh                      # builds Release first
#   NO_BUILD=1 DURATION=10s bench/scale/run.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-16}"
pg_port="${PG_PORT:-55432}"
first_port="${PORT:-18180}"
key="bench-admin-key-0123456789abcdef0123456789"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
work="$(mktemp -d)"
cd "$root"
if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release src/Stepwise.Cli -v quiet -nologo >/dev/null
fi

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$work"
as_postgres "$bin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C >/dev/null
as_postgres "$bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $work -c max_connections=200" start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/postgres"

nodes=()
cleanup() {
  for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  as_postgres "$bin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

start_node() {
  local port=$1
  mkdir -p "$work/node$port"
  STEPWISE_ADMIN_KEY="$key" STEPWISE_DATA="$work/node$port" LOG_LEVEL=warning \
    STEPWISE_RATE_LIMIT_PER_KEY=off STEPWISE_RATE_LIMIT_PER_IP=off \
    dotnet src/Stepwise.Cli/bin/Release/net10.0/stepwise.dll serve --urls "http://127.0.0.1:$port" \
    >"$work/node$port.log" 2>&1 &
  nodes+=("$!")
  for _ in $(seq 1 200); do
    curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && return
    sleep 0.1
  done
  echo "node on $port did not become ready" >&2; cat "$work/node$port.log" >&2; exit 1
}

start_node "$first_port"
for example in greet chain10; do
  curl -sf -o /dev/null -X POST -H "X-API-Key: $key" -H "Content-Type: application/yaml" \
    --data-binary "@examples/$example.yaml" "http://127.0.0.1:$first_port/api/v1/workflows"
done

echo "commit $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for count in 1 2 3; do
  while [ "${#nodes[@]}" -lt "$count" ]; do start_node $((first_port + ${#nodes[@]})); done
  sleep 2   # the new node reads the deployed webhooks (STEPWISE_TRIGGER_REFRESH, 10s) ...
  for example in greet chain10; do
    body='{}'; [ "$example" = greet ] && body='{"name":"Ada","n":21}'
    for i in $(seq 0 $((count - 1))); do   # ... so wait until each node answers the webhook
      url="http://127.0.0.1:$((first_port + i))/hooks/default/$example"
      for _ in $(seq 1 150); do curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -d "$body" "$url" && break; sleep 0.1; done
    done
    per_node=$(( connections / count ))
    pids=()
    for i in $(seq 0 $((count - 1))); do   # warm-up, then the measured run
      url="http://127.0.0.1:$((first_port + i))/hooks/default/$example"
      BODY="$body" wrk -t1 -c"$per_node" -d3s -s bench/scale/post-body.lua "$url" >/dev/null &
      pids+=("$!")
    done
    wait "${pids[@]}"
    pids=()
    for i in $(seq 0 $((count - 1))); do
      url="http://127.0.0.1:$((first_port + i))/hooks/default/$example"
      BODY="$body" wrk -t1 -c"$per_node" -d"$duration" --latency -s bench/scale/post-body.lua "$url" >"$work/wrk$i.txt" &
      pids+=("$!")
    done
    wait "${pids[@]}"
    total=$(cat "$work"/wrk*.txt | awk '/Requests\/sec/ {sum += $2} END {printf "%.0f", sum}')
    errors=$(cat "$work"/wrk*.txt | awk '/Non-2xx/ {sum += $NF} END {print sum + 0}')
    p50=$(awk '/ 50%/ {print $2}' "$work/wrk0.txt")
    p99=$(awk '/ 99%/ {print $2}' "$work/wrk0.txt")
    echo "nodes=$count workflow=$example connections=$connections runs/s=$total non-2xx=$errors node1 p50=$p50 p99=$p99"
    rm -f "$work"/wrk*.txt
  done
done
