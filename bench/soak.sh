#!/usr/bin/env bash
# Soak test (issue 21, item 11): MINUTES of mixed load against a Release `stepwise serve` on SQLite, sampling the
# server's RSS, threads, open files (/proc/PID/fd) and database size every SAMPLE_SECONDS into a CSV, then a summary
# of each figure's growth after the warm-up. Finished runs older than RETENTION are purged every minute, so the data
# kept is bounded: after the warm-up (longer than RETENTION) nothing should grow. Run from anywhere:
#   bench/soak.sh                                   # 30 minutes, 20 requests/s, retention 5m, warm-up 10 minutes
#   MINUTES=10 RATE=10 RETENTION=2m WARMUP_MINUTES=4 nice -n 10 bench/soak.sh
#   NO_BUILD=1 OUT=/tmp/soak.csv bench/soak.sh
# The load, per second: 40% sync webhooks (greet), 30% API starts of a three-step run (transform, 200 ms durable
# delay, log), 10% starts of a run whose http step retries (3 attempts) against a closed port and fails, 20%
# listings and reads (executions list, one run, workflows); every 10 s the newest failed runs are retried through
# the API. Responses are counted by status; any 5xx is reported. Needs curl.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
minutes="${MINUTES:-30}"
rate="${RATE:-20}"
interval="${SAMPLE_SECONDS:-5}"
retention="${RETENTION:-5m}"
warmup_minutes="${WARMUP_MINUTES:-10}"
port="${PORT:-18091}"
key="soak-admin-key-0123456789abcdef0123456789"
data="$(mktemp -d)"
cd "$root"
mkdir -p bench/results
out="${OUT:-bench/results/soak-latest.csv}"
if [ -z "${NO_BUILD:-}" ]; then
  dotnet build -c Release src/Stepwise.Cli -v quiet -nologo >/dev/null
fi

STEPWISE_ADMIN_KEY="$key" LOG_LEVEL=warning STEPWISE_RATE_LIMIT_PER_IP=off STEPWISE_RATE_LIMIT_PER_KEY=off \
  STEPWISE_RETENTION="$retention" STEPWISE_RETENTION_INTERVAL=1m \
  dotnet src/Stepwise.Cli/bin/Release/net10.0/stepwise.dll serve --urls "http://127.0.0.1:$port" --data "$data" \
  >"$data/server.out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -sf "$base/health/live" >/dev/null && break
  sleep 0.2
done

deploy() {
  curl -sf -o /dev/null -X POST -H "X-API-Key: $key" -H "Content-Type: application/yaml" --data-binary "$1" "$base/api/v1/workflows"
}
deploy @examples/greet.yaml
deploy 'name: soak_steps
params: [{ name: n, type: int, required: true }]
nodes:
  - { id: a, type: transform, with: { v: "${{ params.n + 1 }}" } }
  - { id: wait, type: delay, with: { duration: 200ms } }
  - { id: b, type: log, with: { message: "n is ${{ nodes.a.output.v }}" } }
output: ${{ nodes.a.output.v }}'
deploy 'name: soak_retry
nodes:
  - id: call
    type: http
    retry: { max_attempts: 3, backoff: fixed, delay: 100ms }
    with: { method: GET, url: "http://127.0.0.1:9/closed", timeout: 2s }'

codes="$data/codes.txt"
: > "$codes"
# One curl process per second sends that second's requests over one connection, in the background.
tick() {
  local second=$1 config="$data/tick-$1.cfg" i
  : > "$config"
  for i in $(seq 0 $(( rate - 1 ))); do
    case $(( i % 10 )) in
      0|1|2|3) printf 'url = "%s/hooks/default/greet"\nrequest = "POST"\nheader = "Content-Type: application/json"\ndata = "{\\"name\\":\\"soak\\",\\"n\\":%d}"\n' "$base" "$i" ;;
      4|5|6) printf 'url = "%s/api/v1/workflows/soak_steps/executions"\nrequest = "POST"\nheader = "X-API-Key: %s"\nheader = "Content-Type: application/json"\ndata = "{\\"n\\":%d}"\n' "$base" "$key" "$i" ;;
      7) printf 'url = "%s/api/v1/workflows/soak_retry/executions"\nrequest = "POST"\nheader = "X-API-Key: %s"\nheader = "Content-Type: application/json"\ndata = "{}"\n' "$base" "$key" ;;
      8) printf 'url = "%s/api/v1/executions?limit=50"\nheader = "X-API-Key: %s"\n' "$base" "$key" ;;
      9) printf 'url = "%s/api/v1/workflows"\nheader = "X-API-Key: %s"\n' "$base" "$key" ;;
    esac >> "$config"
    printf 'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' >> "$config"
  done
  if (( second % 10 == 0 )); then
    for id in $(curl -s -H "X-API-Key: $key" "$base/api/v1/executions?workflow=soak_retry&status=failed&limit=3" \
        | grep -o '"id":"[^"]*"' | cut -d'"' -f4); do
      printf 'url = "%s/api/v1/executions/%s/retry"\nrequest = "POST"\nheader = "X-API-Key: %s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nnext\n' \
        "$base" "$id" "$key" >> "$config"
    done
  fi
  curl -s -K "$config" >> "$codes" 2>/dev/null || true
  rm -f "$config"
}

size_mb() { stat -c %s "$data"/stepwise.db* 2>/dev/null | awk '{ total += $1 } END { printf "%.2f", total / 1048576 }'; }
echo "elapsed_s,rss_mb,threads,open_files,db_mb,requests,errors_5xx,load1" > "$out"
sample() {
  local elapsed=$1 rss threads fds requests errors
  rss=$(awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$server/status")
  threads=$(awk '/Threads/ { print $2 }' "/proc/$server/status")
  fds=$(ls "/proc/$server/fd" | wc -l)
  requests=$(wc -l < "$codes")
  errors=$(grep -c '^5' "$codes" || true)
  echo "$elapsed,$rss,$threads,$fds,$(size_mb),$requests,$errors,$(cut -d' ' -f1 /proc/loadavg)" >> "$out"
}

echo "soak: $minutes min at $rate req/s, retention $retention, sampling every ${interval}s into $out (commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg))"
start=$(date +%s)
end=$(( start + minutes * 60 ))
sample 0
next_sample=$(( start + interval ))
second=0
while (( $(date +%s) < end )); do
  tick "$second" &
  second=$(( second + 1 ))
  now=$(date +%s)
  if (( now >= next_sample )); then
    sample $(( now - start ))
    next_sample=$(( next_sample + interval ))
  fi
  sleep 1
done
ticks=$(jobs -p | grep -vx "$server" || true)
if [ -n "$ticks" ]; then wait $ticks 2>/dev/null || true; fi
sample $(( $(date +%s) - start ))

# Growth after the warm-up: the mean of the first minute after it against the mean of the last minute.
awk -F, -v warm=$(( warmup_minutes * 60 )) -v total=$(( minutes * 60 )) '
  NR == 1 { next }
  { t = $1 }
  t >= warm && t < warm + 60 { n1++; for (i = 2; i <= 5; i++) a[i] += $i }
  t >= total - 60 { n2++; for (i = 2; i <= 5; i++) b[i] += $i }
  { for (i = 2; i <= 5; i++) if ($i > max[i]) max[i] = $i; requests = $6; errors = $7 }
  END {
    split("rss_mb threads open_files db_mb", name, " ")
    printf "%-11s %12s %12s %8s %8s\n", "figure", "after warm-up", "at the end", "growth", "peak"
    for (i = 2; i <= 5; i++) {
      s = n1 ? a[i] / n1 : 0; e = n2 ? b[i] / n2 : 0
      printf "%-11s %12.1f %12.1f %+8.1f %8.1f\n", name[i - 1], s, e, e - s, max[i]
    }
    printf "requests %d, 5xx %d\n", requests, errors
  }' "$out"
echo "status codes: $(sort "$codes" | uniq -c | awk '{ printf "%s x %s, ", $1, $2 }')"
grep -i "unhandled exception" "$data/server.out" | head -3 || true
