#!/usr/bin/env bash
# The kiosk app and the collector together (issue 4), under Xvfb:
#  1. another kiosk has already uploaded 40 records;
#  2. online: a visitor rates the vision, the app uploads it, and shows the fleet's results;
#     the collector holds exactly the records of both kiosks, and the app's outbox has a
#     receipt for its record;
#  3. offline: the collector is stopped; a rating is stored, stays pending, and the panel
#     shows local results with the offline note;
#  4. no HTTP module: the kiosk binary alone in a folder, so ruhr-kiosk-http.so is not found.
#     The kiosk runs, the rating stays pending, the log and the staff panel say why.
# usage: sync.sh KIOSK PNG_CHECK COLLECTOR SYNC_CLIENT SIZE OUTDIR
set -euo pipefail
kiosk=$1 checker=$2 collector=$3 client=$4 size=$5 out=$6
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
fail() { echo "sync e2e: $*" >&2; exit 1; }

db="sqlite:$out/collector.db"
"$collector" serve --db "$db" --listen 127.0.0.1:0 >"$out/collector.out" 2>"$out/collector.err" &
pids+=($!)
for _ in $(seq 1 100); do grep -q '^listening on' "$out/collector.out" && break; sleep 0.05; done
port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out/collector.out")
[ -n "$port" ] || fail "the collector did not start"
url="http://127.0.0.1:$port/"

other_token=$("$collector" add-kiosk --db "$db" --id kiosk-other 2>/dev/null)
"$client" --outbox "$out/other.db" --kiosk kiosk-other --url "$url" --token "$other_token" --add 40 --seed 3 \
  >"$out/other.out" || fail "the other kiosk could not upload"

token=$("$collector" add-kiosk --db "$db" --id kiosk-e2e 2>/dev/null)
printf '[kiosk]\nid = "kiosk-e2e"\n\n[collector]\nurl = "%s"\ntoken = "%s"\n' "$url" "$token" >"$out/kiosk.toml"
chmod 600 "$out/kiosk.toml"
bash "$here/run_scenario.sh" "$kiosk" "$checker" "$here/scenarios/sync_online.script" "$size" "$out/online" \
  --config "$out/kiosk.toml" --data "$out/data"

q() { sqlite3 -batch -noheader "$out/data/outbox.db" "$1"; }
[ "$(q "SELECT count(*) FROM delivery WHERE state = 'delivered' AND receipt <> ''")" = 1 ] || fail "the rating has no receipt"
"$collector" export --db "$db" --format jsonl 2>/dev/null | python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in sys.stdin]
assert len(ids) == len(set(ids)), "a record is stored twice"
print("\n".join(sorted(ids)))' >"$out/collector-ids.txt"
{ sqlite3 "$out/other.db" "SELECT id FROM submissions"; q "SELECT id FROM submissions"; } | sort >"$out/kiosk-ids.txt"
diff -u "$out/kiosk-ids.txt" "$out/collector-ids.txt" || fail "the collector does not hold exactly the kiosks' records"
[ "$(q "SELECT count(*) FROM heartbeats")" -ge 1 ] || fail "no heartbeat was recorded"

# Offline: the collector is gone.
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
bash "$here/run_scenario.sh" "$kiosk" "$checker" "$here/scenarios/sync_offline.script" "$size" "$out/offline" \
  --config "$out/kiosk.toml" --data "$out/data"
[ "$(q "SELECT count(*) FROM delivery WHERE state = 'pending'")" = 1 ] || fail "the offline rating should be pending"
[ "$(q "SELECT count(*) FROM delivery WHERE state = 'delivered'")" = 1 ] || fail "the delivered rating must stay delivered"

# Without the HTTP module: a copy of the binary in a folder of its own. An installed module
# would be found instead; then this phase cannot run here.
module_dir=$(strings "$kiosk" | sed -n 's|^\(/.*/lib/ruhr-kiosk\)$|\1|p' | head -n 1)
if [ -n "$module_dir" ] && [ -e "$module_dir/ruhr-kiosk-http.so" ]; then
  echo "sync e2e: a module is installed in $module_dir; the missing-module phase is skipped"
else
  mkdir -p "$out/bare"
  cp "$kiosk" "$out/bare/ruhr-kiosk"
  pin_hash=$(echo 123456 | "$kiosk" --hash-pin | sed -n 's/^pin_hash = "\(.*\)"$/\1/p')
  printf '[staff]\npin_hash = "%s"\n' "$pin_hash" >>"$out/kiosk.toml"
  bash "$here/run_scenario.sh" "$out/bare/ruhr-kiosk" "$checker" "$here/scenarios/sync_no_module.script" "$size" \
    "$out/no-module" --config "$out/kiosk.toml" --data "$out/data"
  grep -q "uploads are off.*ruhr-kiosk-http.so" "$out/no-module/stderr.txt" || fail "the log does not name the missing module"
  [ "$(q "SELECT count(*) FROM delivery WHERE state = 'pending'")" = 2 ] || fail "both offline ratings should be pending"
fi
echo "sync e2e: ok"
