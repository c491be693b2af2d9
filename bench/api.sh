#!/usr/bin/env bash
# The read API against nginx serving the same JSON bytes from a file, on this machine, with wrk at
# 64 connections in alternation; prints medians and the ratio. Usage: bench/api.sh [ROUNDS]
# Needs nginx and wrk (apt-get install nginx wrk). Ports 18080/18081 (API) and 18090 (nginx).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
OUT="$ROOT/bench/out/api"
URL_PATH='/api/v1/popular?category_id=c1&limit=10'
for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install nginx wrk curl)" >&2; exit 1; }
done
rm -rf "$OUT" && mkdir -p "$OUT/nginx/logs"

# The demo: embedded PostgreSQL, a published sample week, the API on :18080.
setsid "$ROOT/bin/salesrank" demo --dir "$OUT/demo" --port 18080 --admin-port 18081 > "$OUT/demo.log" 2>&1 &
DEMO=$!
cleanup() {
  # TERM, not INT: a background job starts with SIGINT ignored, and the JVM keeps it so.
  kill -TERM -- -"$DEMO" 2>/dev/null || true
  nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -s stop 2>/dev/null || true
  wait "$DEMO" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 600); do
  curl -fs "http://localhost:18080$URL_PATH" -o "$OUT/popular.json" && break
  kill -0 "$DEMO" 2>/dev/null || { echo "bench: the demo exited; see $OUT/demo.log" >&2; exit 1; }
  sleep 1
done
[[ -s "$OUT/popular.json" ]] || { echo "bench: the API never answered" >&2; exit 1; }

# nginx serving the very same bytes, with the same content type.
cp "$OUT/popular.json" "$OUT/nginx/popular.json"
cat > "$OUT/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 18090;
    location /api/v1/popular {
      default_type application/json;
      alias $OUT/nginx/popular.json;
    }
  }
}
CONF
nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf"
cmp <(curl -fs "http://localhost:18090$URL_PATH") "$OUT/popular.json"

run_wrk() { # name url -> "req/s p50_ms p99_ms errors"
  wrk -t2 -c64 -d15s --latency "$2" > "$OUT/$1.wrk"
  awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {err+=$NF} /Socket errors/ {err+=1}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END {printf "%s %.3f %.3f %d\n", rps, ms(p50), ms(p99), err+0}' "$OUT/$1.wrk"
}

echo "warming up the API's JIT (90 s) and nginx (5 s)..."
wrk -t2 -c64 -d90s "http://localhost:18080$URL_PATH" > /dev/null
wrk -t2 -c64 -d5s "http://localhost:18090$URL_PATH" > /dev/null
: > "$OUT/results"
for round in $(seq 1 "$ROUNDS"); do
  for target in nginx api; do
    port=18080; [[ $target == nginx ]] && port=18090
    result=$(run_wrk "$target-$round" "http://localhost:$port$URL_PATH")
    echo "$target $result" >> "$OUT/results"
    echo "round $round: $target  req/s p50_ms p99_ms errors = $result"
  done
done
python3 - "$OUT/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def med(t, i): return statistics.median(float(r[i]) for r in rows if r[0] == t)
def errs(t): return sum(int(r[4]) for r in rows if r[0] == t)
print("\n| server | median req/s | median p50 ms | median p99 ms | errors |")
print("|---|---|---|---|---|")
for t in ("api", "nginx"):
    print(f"| {t} | {med(t,1):.0f} | {med(t,2):.2f} | {med(t,3):.2f} | {errs(t)} |")
print(f"\napi / nginx requests per second: {med('api',1)/med('nginx',1):.2f}")
PY
