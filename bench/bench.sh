#!/usr/bin/env bash
# Benchmarks, each printing medians and ratios measured side by side in one run (bench/RESULTS.md).
#   bench/bench.sh pipeline [ROUNDS]   rank and run vs DuckDB and PostgreSQL over a generated week
#   bench/bench.sh rules [ROUNDS]      rank plain vs with a 3-level tree and/or --min-products 20, same week
#   bench/bench.sh incremental [ROUNDS] an hourly run with a warm state vs a full rank and DuckDB; 1 and 4 weeks
#   bench/bench.sh publish [ROUNDS]    load of 1000 categories x 100 rows + overall vs COPY into one indexed table
#   bench/bench.sh parse               the mapper's parse-and-emit path per core (JMH, -prof gc)
#   bench/bench.sh table               the in-task table per core, adds made one at a time vs 32 together (JMH)
#   bench/bench.sh floor [ROUNDS]      the fixed cost: rank --state over an hour with no new lines, with and
#                                      without the class-data-sharing archive, side by side
#   bench/bench.sh parents [ROUNDS]    --product-parent at 1M and 5M variants in a 1 GiB heap: read, load, lookups
#   bench/bench.sh stock [ROUNDS]      bin/salesrank stock set of 1M products replacing 1M, wall time per run
#   bench/bench.sh api [ROUNDS]        wrk at 64 connections: the read API vs nginx serving the same bytes
#   bench/bench.sh soak [MINUTES]      wrk at 64 connections for 10 min on an endpoint mix while rankings publish
#                                      every 30 s and suppressions change every minute; exit 1 on errors or mixes
#   bench/bench.sh fuzz [N] [SEED]     N jqwik inputs (default 10,000,000) per parser of outside input; exit 1 on a crash
# Data and scratch output go to bench/data and bench/out (ignored by git).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

build() {
  echo "bench: building (mvn -Pbench package)..." >&2
  mvn -B -q -Pbench -DskipTests -pl bench -am package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
  CP="$ROOT/bench/target/classes:$(cat "$ROOT/bench/target/runtime-classpath.txt")"
}

case "${1:-}" in
  pipeline)
    build
    mkdir -p bench/out
    java -Xmx4g -Dlog4j.configuration=salesrank-log4j.properties -cp "$CP" io.salesrank.bench.PipelineBench \
      "$ROOT" "${2:-3}" ;;
  rules)
    build
    mkdir -p bench/out
    java -Xmx1g -cp "$CP" io.salesrank.bench.RulesBench "$ROOT" "${2:-3}" ;;
  incremental)
    build
    java -Xmx2g -Dlog4j.configuration=salesrank-log4j.properties -cp "$CP" io.salesrank.bench.IncrementalBench \
      "$ROOT" "${2:-3}" ;;
  publish)
    build
    java -Xmx1g -Dlog4j.configuration=salesrank-log4j.properties -cp "$CP" io.salesrank.bench.PublishBench "$ROOT" "${2:-5}" ;;
  parents)
    build
    # A map task's default heap: the table must fit with room for the task's own work.
    java -Xmx1g -cp "$CP" io.salesrank.bench.ParentsBench "$ROOT" "${2:-3}" ;;
  stock)
    build
    java -Xmx1g -cp "$CP" io.salesrank.bench.StockBench "$ROOT" "${2:-5}" ;;
  parse)
    build
    java -cp "$CP" org.openjdk.jmh.Main 'io.salesrank.bench.ParseBench' -prof gc -t 1 ;;
  table)
    build
    java -cp "$CP" org.openjdk.jmh.Main 'io.salesrank.bench.InTaskSumsBench' -t 1 ;;
  floor)
    # A run that parses nothing: JVM and Hadoop start, listing the week, two local jobs, the state's
    # commit. Needs only bin/salesrank; the week is the pipeline benchmark's (generated here if missing).
    week="$ROOT/bench/data/week" out="$ROOT/bench/out/floor" rounds="${2:-5}"
    if [[ ! -f "$week/_GENERATED" ]]; then
      echo "floor: generating the week (11.76M lines)..." >&2
      bin/salesrank generate --out "$week" --start 2026-11-15T14 --hours 168 --sales-per-hour 70000 \
        --products 200000 --categories 1000 --format TSV --clean --seed 7 >/dev/null
      touch "$week/_GENERATED"
    fi
    rm -rf "$out" && mkdir -p "$out"
    rank() { bin/salesrank rank -q --input "$week" --hour 2026-11-22T13 --state "$out/state" --out "$out/$1" >/dev/null 2>>"$out/rank.log"; }
    echo "floor: building the state (a full rank, not timed)..." >&2
    rank warm
    declare -A times
    for ((i = 1; i <= rounds; i++)); do
      for variant in cds no-cds; do
        start=$(date +%s%N)
        if [[ $variant == cds ]]; then rank "$variant-$i"; else SALESRANK_CDS=0 rank "$variant-$i"; fi
        times[$variant]+="$(( ($(date +%s%N) - start) / 1000000 )) "
      done
    done
    for variant in cds no-cds; do
      sorted=$(tr ' ' '\n' <<<"${times[$variant]}" | grep . | sort -n | tr '\n' ' ')
      median=$(tr ' ' '\n' <<<"$sorted" | grep . | sed -n "$(( (rounds + 1) / 2 ))p")
      printf 'floor %-7s median %5.2f s   runs (ms): %s\n' "$variant" "$(bc -l <<<"$median / 1000")" "$sorted"
    done ;;
  api)
    exec "$ROOT/bench/api.sh" "${2:-3}" ;;
  soak)
    build
    java -Xmx1g -Dlog4j.configuration=salesrank-log4j.properties -cp "$CP" io.salesrank.bench.SoakBench \
      "$ROOT" "${2:-10}" ;;
  fuzz)
    build
    # The read API's target runs on read-api's test class path (Dropwizard's, not Hadoop's).
    echo "bench: building read-api's tests (mvn -pl read-api -am package)..." >&2
    mvn -B -q -DskipTests -pl read-api -am package dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile=target/test-classpath.txt 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
    API_CP="$ROOT/read-api/target/test-classes:$ROOT/read-api/target/classes:$(cat "$ROOT/read-api/target/test-classpath.txt")"
    N="${2:-10000000}"
    SEED="${3:-$(date +%s%N)}"
    OUT="$ROOT/bench/out/fuzz"
    rm -rf "$OUT" && mkdir -p "$OUT"
    export CP API_CP N SEED OUT
    # One JVM a target, as many at once as there are cores; each writes its own log.
    echo "fuzz: $N inputs per target, seed $SEED, $(nproc) targets at a time (logs in $OUT)"
    printf '%s\n' sales-line category-tree state-manifest state-file-index ranking-lines ranking-manifest \
        api-request | xargs -P "$(nproc)" -I{} bash -c '
      if [[ {} == api-request ]]; then cp="$API_CP" main=io.salesrank.api.resources.ApiFuzzBench
      else cp="$CP" main=io.salesrank.bench.FuzzBench; fi
      java -Xmx1g -cp "$cp" "$main" "$N" "$SEED" {} > "$OUT/{}.log" 2>&1
      echo "fuzz: {} done (exit $?)" >&2' || true
    status=0
    printf '%-18s %14s %9s %12s %8s\n' target inputs seconds inputs/s crashes
    for log in "$OUT"/*.log; do
      grep -v -e '^fuzz: ' -e '^target ' "$log" || true
      grep -q '^fuzz: no crash$' "$log" || status=1
    done
    echo "fuzz: $([[ $status == 0 ]] && echo "no crash in any target" || echo "crashes or failures; see $OUT")"
    exit "$status" ;;
  *)
    sed -n '2,16p' "$0" >&2
    exit 2 ;;
esac
