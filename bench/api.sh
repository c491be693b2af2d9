#!/usr/bin/env bash
# The read API against nginx serving the same JSON bytes from a file, on this machine, with wrk at
# 64 connections in alternation, with one wrk thread and with two; /api/v1/movers beside /popular.
# Prints medians and the ratios. Usage: bench/api.sh [ROUNDS]
# Needs nginx and wrk (apt-get install nginx wrk). Ports 18080/18081 (API) and 18090 (nginx).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
OUT="$ROOT/bench/out/api"
URL_PATH='/api/v1/popular?category_id=c1&limit=10'
MOVERS_PATH='/api/v1/movers?category_id=c1&limit=10'
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
# The comparison ranking is there: previous_rank in the answers measured, and movers to list.
grep -q '"previous_rank":[0-9]' "$OUT/popular.json" || { echo "bench: no previous_rank in $URL_PATH" >&2; exit 1; }
curl -fs "http://localhost:18080$MOVERS_PATH" -o "$OUT/movers.json"
grep -q '"previous_rank"' "$OUT/movers.json" || { echo "bench: no movers in $MOVERS_PATH" >&2; exit 1; }
echo "answers: popular $(wc -c < "$OUT/popular.json") bytes, movers $(wc -c < "$OUT/movers.json") bytes"

run_wrk() { # name threads url -> "req/s p50_ms p99_ms errors"
  wrk -t"$2" -c64 -d15s --latency "$3" > "$OUT/$1.wrk"
  awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
    /Non-2xx/ {err+=$NF} /Socket errors/ {err+=1}
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END {printf "%s %.3f %.3f %d\n", rps, ms(p50), ms(p99), err+0}' "$OUT/$1.wrk"
}

echo "warming up the API's JIT (90 s) and nginx (5 s)..."
wrk -t2 -c64 -d60s "http://localhost:18080$URL_PATH" > /dev/null
wrk -t2 -c64 -d30s "http://localhost:18080$MOVERS_PATH" > /dev/null
wrk -t2 -c64 -d5s "http://localhost:18090$URL_PATH" > /dev/null
: > "$OUT/results"
for round in $(seq 1 "$ROUNDS"); do
  for threads in 1 2; do
    for target in nginx api movers; do
      url="http://localhost:18080$URL_PATH"
      [[ $target == nginx ]] && url="http://localhost:18090$URL_PATH"
      [[ $target == movers ]] && url="http://localhost:18080$MOVERS_PATH"
      result=$(run_wrk "$target-t$threads-$round" "$threads" "$url")
      echo "$target t$threads $result" >> "$OUT/results"
      echo "round $round, wrk -t$threads: $target  req/s p50_ms p99_ms errors = $result"
    done
  done
done
python3 - "$OUT/results" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def med(t, th, i): return statistics.median(float(r[i]) for r in rows if r[0] == t and r[1] == th)
def errs(t, th): return sum(int(r[5]) for r in rows if r[0] == t and r[1] == th)
names = {"api": "API /popular", "movers": "API /movers", "nginx": "nginx, /popular's bytes"}
print("\n| wrk | server | median req/s | median p50 ms | median p99 ms | errors |")
print("|---|---|---|---|---|---|")
for th in ("t1", "t2"):
    for t in ("api", "movers", "nginx"):
        print(f"| -{th} | {names[t]} | {med(t,th,2):.0f} | {med(t,th,3):.2f} | {med(t,th,4):.2f} | {errs(t,th)} |")
print()
for th in ("t1", "t2"):
    print(f"wrk -{th}: /popular / nginx {med('api',th,2)/med('nginx',th,2):.2f}, "
          f"/movers / /popular {med('movers',th,2)/med('api',th,2):.2f}")
PY
