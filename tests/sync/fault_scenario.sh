#!/usr/bin/env bash
# One sync fault scenario: kiosks (ruhr_sync_client, the real SyncWorker over libcurl) store
# records while uploading through ruhr_fault_proxy to a real ruhr-collector, and the network or
# the collector fails in one particular way. Afterwards the collector must hold exactly the
# records the kiosks stored, none twice, and every kiosk's queue must be empty.
#
#   fault_scenario.sh BUILD_DIR sqlite|postgres SCENARIO
#
# Scenarios: restart, error500, timeout, lost-answer, slow, offline, ten-kiosks.
# PostgreSQL runs need RUHR_TEST_POSTGRES (a libpq conninfo; test.sh sets it); without it the
# scenario exits 77, which CTest reports as skipped.
set -euo pipefail
build="$1"
backend="$2"
scenario="$3"
collector_bin="$build/collector/ruhr-collector"
proxy_bin="$build/tests/sync/ruhr_fault_proxy"
client_bin="$build/tests/sync/ruhr_sync_client"

work="$(mktemp -d "${TMPDIR:-/tmp}/ruhr-fault-$scenario-XXXXXX")"
pids=()
schema=""
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "$schema" ]; then psql "$RUHR_TEST_POSTGRES" -X -q -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL ($scenario, $backend): $*" >&2; exit 1; }
log() { echo "[$scenario/$backend] $*"; }

case "$backend" in
sqlite) db="sqlite:$work/collector.db" ;;
postgres)
    if [ -z "${RUHR_TEST_POSTGRES:-}" ]; then
        echo "RUHR_TEST_POSTGRES is not set: skipping the PostgreSQL run (test.sh sets it)"
        exit 77
    fi
    # A schema of its own, so runs in parallel and repeated runs never see each other's rows.
    schema="fault_${scenario//-/_}_$$"
    psql "$RUHR_TEST_POSTGRES" -X -q -v ON_ERROR_STOP=1 -c "CREATE SCHEMA $schema" >/dev/null ||
        fail "cannot reach PostgreSQL at RUHR_TEST_POSTGRES"
    db="postgres:$RUHR_TEST_POSTGRES options='-csearch_path=$schema'"
    ;;
*) fail "unknown backend $backend" ;;
esac

# Starts a process whose first stdout line is "listening on HOST:PORT"; prints the port.
wait_listening() {
    local out="$1" i
    for i in $(seq 1 200); do
        if grep -q "^listening on " "$out" 2>/dev/null; then
            sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out" | head -n 1
            return 0
        fi
        sleep 0.05
    done
    return 1
}

collector_pid=""
start_collector() {
    local listen="$1"
    "$collector_bin" serve --db "$db" --listen "$listen" --threads 8 >"$work/collector.out" 2>>"$work/collector.err" &
    collector_pid=$!
    pids+=("$collector_pid")
    collector_port="$(wait_listening "$work/collector.out")" || { cat "$work/collector.err" >&2; fail "the collector did not start"; }
}

start_collector 127.0.0.1:0
"$proxy_bin" --listen 127.0.0.1:0 --upstream "127.0.0.1:$collector_port" >"$work/proxy.out" 2>"$work/proxy.err" &
pids+=($!)
proxy_port="$(wait_listening "$work/proxy.out")" || fail "the proxy did not start"
proxy="http://127.0.0.1:$proxy_port"
mode() { # mode NAME [extra query]
    python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1]).read()" \
        "$proxy/__proxy/mode?mode=$1${2:+&$2}&seed=7"
}

kiosks=3
records=300
interval_ms=8
request_timeout=3
backoff_base=0.1
backoff_cap=1
case "$scenario" in
ten-kiosks) kiosks=10 ;;
# A real backoff (2.5-5 s, then 5-10 s): only the network-back nudge can drain the queues
# within 2.5 s of the network's return.
offline) records=200; backoff_base=5; backoff_cap=60 ;;
esac

tokens=()
for k in $(seq 1 "$kiosks"); do
    tokens+=("$("$collector_bin" add-kiosk --db "$db" --id "kiosk-$k" 2>/dev/null)")
done

# Faults that hold for the whole run are set before the kiosks start.
case "$scenario" in
error500) mode error500 p=0.5 ;;
timeout) mode hang p=0.3; request_timeout=1 ;;
lost-answer) mode drop_after_forward p=0.5 ;;
slow) mode slow "p=0.5&delay_ms=1500"; request_timeout=1 ;;
offline) mode drop_before_forward p=1 ;;
ten-kiosks) mode drop_after_forward p=0.2 ;;
esac

# The kiosks check every answer's signature with the collector's key, as a configured kiosk does.
collector_key="$("$collector_bin" public-key --db "$db" | sed -n 's/^public_key = "\(.*\)"$/\1/p')"
[ -n "$collector_key" ] || fail "public-key printed no key"

client_pids=()
for k in $(seq 1 "$kiosks"); do
    "$client_bin" --outbox "$work/kiosk-$k.db" --kiosk "kiosk-$k" --url "$proxy/" --token "${tokens[$((k - 1))]}" \
        --collector-key "$collector_key" \
        --add "$records" --add-interval-ms "$interval_ms" --timeout 60 --batch 50 --seed "$k" \
        --request-timeout "$request_timeout" --backoff-base "$backoff_base" --backoff-cap "$backoff_cap" \
        >"$work/client-$k.out" 2>"$work/client-$k.err" &
    client_pids+=($!)
    pids+=($!)
done

# Faults that happen during the run.
case "$scenario" in
restart)
    sleep 1
    log "killing the collector (SIGKILL) in the middle of the upload"
    kill -9 "$collector_pid"
    wait "$collector_pid" 2>/dev/null || true
    sleep 1.5
    start_collector "127.0.0.1:$collector_port"
    log "collector restarted on port $collector_port"
    ;;
lost-answer)
    sleep 1.2
    mode truncate p=0.5  # now the answer arrives cut in half
    ;;
offline)
    sleep 3.5  # all records stored, none can have gone out
    n="$("$collector_bin" export --db "$db" --format jsonl 2>/dev/null | wc -l)"
    [ "$n" -eq 0 ] || fail "$n records reached the collector while the network was gone"
    mode pass
    back_at=$(date +%s.%N)
    log "network back: telling the kiosks (SIGUSR1, as the network watch does)"
    for p in "${client_pids[@]}"; do kill -USR1 "$p"; done
    ;;
esac

status=0
for i in "${!client_pids[@]}"; do
    if ! wait "${client_pids[$i]}"; then
        status=1
        echo "kiosk-$((i + 1)) did not empty its queue:" >&2
        cat "$work/client-$((i + 1)).out" "$work/client-$((i + 1)).err" >&2
    fi
done
if [ "$scenario" = offline ]; then
    took=$(python3 -c "import sys,time; print(round(time.time()-float(sys.argv[1]),1))" "$back_at")
    log "queues drained ${took} s after the network came back (backoff cap was ${backoff_cap} s)"
    python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 2.5 else 1)" "$took" ||
        fail "the kiosks waited out their backoff instead of sending when the network came back"
fi
[ "$status" -eq 0 ] || fail "a kiosk's queue is not empty"

# The collector holds exactly what the kiosks stored, each once.
for k in $(seq 1 "$kiosks"); do
    sqlite3 "$work/kiosk-$k.db" "SELECT id || ' ' || payload_sha256 FROM submissions"
done | sort >"$work/kiosks.txt"
"$collector_bin" export --db "$db" --format jsonl >"$work/export.jsonl" 2>/dev/null
python3 - "$work/export.jsonl" >"$work/collector.txt" <<'EOF'
import hashlib, json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    assert hashlib.sha256(r["payload"].encode("utf-8")).hexdigest() == r["payload_sha256"], r["id"]
    print(r["id"], r["payload_sha256"])
EOF
sort -o "$work/collector.txt" "$work/collector.txt"
stored=$(wc -l <"$work/kiosks.txt")
received=$(wc -l <"$work/collector.txt")
unique=$(sort -u "$work/collector.txt" | wc -l)
[ "$stored" -eq $((kiosks * records)) ] || fail "kiosks stored $stored records, expected $((kiosks * records))"
[ "$received" -eq "$unique" ] || fail "the collector holds $((received - unique)) records twice"
diff -q "$work/kiosks.txt" "$work/collector.txt" >/dev/null ||
    fail "collector and kiosks differ: $(diff "$work/kiosks.txt" "$work/collector.txt" | head -5)"
# The completeness report says the same from the collector's side: for each kiosk every number
# up to the highest its heartbeat reported is held.
"$collector_bin" completeness --db "$db" >"$work/completeness.txt" 2>&1 ||
    fail "completeness reports gaps: $(cat "$work/completeness.txt")"
[ "$(grep -c 'held, none missing' "$work/completeness.txt")" -eq "$kiosks" ] ||
    fail "completeness does not show every kiosk complete: $(cat "$work/completeness.txt")"
faulted=$(python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" "$proxy/__proxy/stats")
log "OK: $stored records from $kiosks kiosks, each stored once; proxy $faulted"
for k in $(seq 1 "$kiosks"); do cat "$work/client-$k.out"; done
