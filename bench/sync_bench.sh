#!/usr/bin/env bash
# Sync throughput (docs/benchmarks.md, issue 4). Not a test: it prints figures.
#   1. upload: one kiosk with 10,000 queued records uploads them to a local collector
#      (the real SyncWorker over libcurl, batches of 200); records per second.
#   2. ingest: ten kiosk processes with 2,000 queued records each upload at once; the
#      collector's ingest rate is all records / time until the last queue is empty.
# Each on SQLite, and on PostgreSQL when RUHR_TEST_POSTGRES is set. Median of RUNS runs.
# usage: bench/sync_bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
runs=${2:-3}
collector="$build/collector/ruhr-collector"
client="$build/tests/sync/ruhr_sync_client"
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Fills an outbox with N pending records without uploading (a kiosk that was offline).
prefill() { "$client" --outbox "$1" --kiosk "$2" --no-sync --add "$3" --seed 1 >/dev/null; }

run_backend() {
    local backend=$1
    local up=() ingest=()
    for run in $(seq 1 "$runs"); do
        local dir="$work/$backend-$run" db schema=""
        mkdir -p "$dir"
        if [ "$backend" = sqlite ]; then
            db="sqlite:$dir/collector.db"
        else
            schema="bench_$$_$run"
            psql "$RUHR_TEST_POSTGRES" -X -q -c "CREATE SCHEMA $schema" >/dev/null
            db="postgres:$RUHR_TEST_POSTGRES options='-csearch_path=$schema'"
        fi
        "$collector" serve --db "$db" --listen 127.0.0.1:0 --threads 16 >"$dir/c.out" 2>/dev/null &
        local cpid=$!
        pids+=("$cpid")
        for _ in $(seq 1 100); do grep -q '^listening on' "$dir/c.out" && break; sleep 0.05; done
        local url="http://127.0.0.1:$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$dir/c.out")/"

        # 1. one kiosk, 10,000 records
        local token
        token=$("$collector" add-kiosk --db "$db" --id bench-one 2>/dev/null)
        prefill "$dir/one.db" bench-one 10000
        local t0 t1
        t0=$(date +%s%N)
        "$client" --outbox "$dir/one.db" --kiosk bench-one --url "$url" --token "$token" --batch 200 --timeout 300 >/dev/null
        t1=$(date +%s%N)
        up+=("$(awk -v n=10000 -v ns=$((t1 - t0)) 'BEGIN {printf "%.0f", n / (ns / 1e9)}')")

        # 2. ten kiosks at once, 2,000 records each
        local cpids=()
        for k in $(seq 1 10); do
            tokens[$k]=$("$collector" add-kiosk --db "$db" --id "bench-$k" 2>/dev/null)
            prefill "$dir/k$k.db" "bench-$k" 2000
        done
        t0=$(date +%s%N)
        for k in $(seq 1 10); do
            "$client" --outbox "$dir/k$k.db" --kiosk "bench-$k" --url "$url" --token "${tokens[$k]}" --batch 200 \
                --timeout 300 >/dev/null &
            cpids+=($!)
        done
        for p in "${cpids[@]}"; do wait "$p"; done
        t1=$(date +%s%N)
        ingest+=("$(awk -v n=20000 -v ns=$((t1 - t0)) 'BEGIN {printf "%.0f", n / (ns / 1e9)}')")
        local total
        total=$("$collector" export --db "$db" --format jsonl 2>/dev/null | wc -l)
        [ "$total" -eq 30000 ] || echo "warning: the collector holds $total records, expected 30000" >&2
        kill "$cpid"
        wait "$cpid" 2>/dev/null || true
        [ -z "$schema" ] || psql "$RUHR_TEST_POSTGRES" -X -q -c "SET client_min_messages = warning; DROP SCHEMA $schema CASCADE" >/dev/null
    done
    printf '%-11s %28s %10s   (runs: %s)\n' "$backend" "upload, 1 kiosk, 10,000 rec" \
        "$(printf '%s\n' "${up[@]}" | median) rec/s" "${up[*]}"
    printf '%-11s %28s %10s   (runs: %s)\n' "$backend" "ingest, 10 kiosks at once" \
        "$(printf '%s\n' "${ingest[@]}" | median) rec/s" "${ingest[*]}"
}

declare -A tokens
echo "sync throughput, median of $runs runs ($(nproc) cores; kiosks, collector and database on one machine)"
run_backend sqlite
if [ -n "${RUHR_TEST_POSTGRES:-}" ]; then run_backend postgres; else echo "postgres: skipped (RUHR_TEST_POSTGRES not set)"; fi
