#!/usr/bin/env bash
# Offline transfer by USB stick, end to end with the real programs: a kiosk outbox that never
# got online (ruhr_sync_client --no-sync) is exported to a "stick" by ruhr-kiosk, imported by
# ruhr-collector (SQLite), and the receipt file is applied back at the kiosk. Afterwards the
# collector holds exactly the kiosk's records, the kiosk's queue is empty, and a second import
# changes nothing. Then the kiosk's signed closing statement is checked by the collector.
#
#   usb_transfer.sh BUILD_DIR
set -euo pipefail
build="$1"
kiosk_bin="$build/app/ruhr-kiosk"
collector_bin="$build/collector/ruhr-collector"
client_bin="$build/tests/sync/ruhr_sync_client"
kiosk_id=kiosk-usb-01

work="$(mktemp -d "${TMPDIR:-/tmp}/ruhr-usb-XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL (usb transfer): $*" >&2; exit 1; }
log() { echo "[usb-transfer] $*"; }

data="$work/kiosk-data"
stick="$work/stick"
db="sqlite:$work/collector.db"
mkdir -p "$data" "$stick"

# 200 records in a kiosk outbox that never syncs.
"$client_bin" --outbox "$data/outbox.db" --kiosk "$kiosk_id" --no-sync --add 200 >/dev/null ||
    fail "the sync client could not fill the outbox"
pending() { sqlite3 "$data/outbox.db" "SELECT count(*) FROM delivery WHERE state = 'pending'"; }
[ "$(pending)" = 200 ] || fail "expected 200 pending records, found $(pending)"

# Export to the stick: one folder with submissions.jsonl, summary.json and its signature,
# nothing half-written.
"$kiosk_bin" --data "$data" --export-outbox "$stick" >"$work/export.out" || fail "export failed"
log "$(head -n 1 "$work/export.out")"
exports=("$stick"/ruhr-kiosk/export/*)
[ "${#exports[@]}" = 1 ] || fail "expected one export folder, found ${exports[*]}"
export_dir="${exports[0]}"
case "$(basename "$export_dir")" in "$kiosk_id"-*Z) ;; *) fail "unexpected export folder name $export_dir" ;; esac
[ "$(wc -l <"$export_dir/submissions.jsonl")" = 200 ] || fail "the export does not hold 200 lines"
[ "$(jq -r .submissions_sha256 "$export_dir/summary.json")" = "$(sha256sum "$export_dir/submissions.jsonl" | cut -d' ' -f1)" ] ||
    fail "summary.json's SHA-256 does not match submissions.jsonl"
[ "$(pending)" = 200 ] || fail "the export changed delivery state"

# The export is signed by the kiosk's own key, which the summary names.
read -r shown_id kiosk_key < <("$kiosk_bin" --data "$data" --print-signing-key) || fail "--print-signing-key failed"
[ "$shown_id" = "$kiosk_id" ] || fail "--print-signing-key names kiosk $shown_id"
[ "$(jq -r .kiosk_public_key "$export_dir/summary.json")" = "$kiosk_key" ] || fail "the summary names another key"
[ -s "$export_dir/summary.json.sig" ] || fail "no summary.json.sig in the export"

# The collector refuses a kiosk whose key nobody registered, then imports once it is.
if "$collector_bin" import --db "$db" --file "$export_dir" 2>"$work/refused.err"; then
    fail "import of an unknown kiosk succeeded"
fi
grep -q "kiosk-key --id $kiosk_id" "$work/refused.err" || fail "no hint to register the kiosk: $(cat "$work/refused.err")"
"$collector_bin" add-kiosk --db "$db" --id "$kiosk_id" >/dev/null 2>&1 || fail "add-kiosk failed"
"$collector_bin" kiosk-key --db "$db" --id "$kiosk_id" --public-key "$kiosk_key" >/dev/null || fail "kiosk-key failed"
"$collector_bin" import --db "$db" --file "$export_dir" >"$work/import1.out" || fail "import failed"
log "$(cat "$work/import1.out")"
grep -q "200 stored, 0 duplicate, 0 conflict, 0 rejected" "$work/import1.out" || fail "first import: $(cat "$work/import1.out")"
[ -f "$export_dir/receipts.jsonl" ] || fail "no receipts.jsonl next to the export"
cp "$export_dir/receipts.jsonl" "$work/receipts-first.jsonl"

[ -s "$export_dir/receipts.jsonl.sig" ] || fail "no receipts.jsonl.sig next to the export"

# Back at the kiosk. Without the collector's key in its configuration it applies nothing; a
# receipt file changed on the stick is refused; the genuine one delivers every record.
if "$kiosk_bin" --data "$data" --import-receipts "$export_dir/receipts.jsonl" 2>"$work/nokey.err"; then
    fail "receipts were applied without the collector's key"
fi
grep -q "public_key" "$work/nokey.err" || fail "no hint to set the collector's key: $(cat "$work/nokey.err")"
"$collector_bin" public-key --db "$db" >"$work/kiosk.toml" || fail "public-key failed"
mkdir -p "$work/forged"
sed 's/"status":"stored"/"status":"stored" /' "$export_dir/receipts.jsonl" >"$work/forged/receipts.jsonl"
cp "$export_dir/receipts.jsonl.sig" "$work/forged/"
if "$kiosk_bin" --config "$work/kiosk.toml" --data "$data" --import-receipts "$work/forged/receipts.jsonl" \
    2>"$work/forged.err"; then
    fail "a changed receipt file was applied"
fi
grep -q "does not carry the collector's signature" "$work/forged.err" || fail "forged receipts: $(cat "$work/forged.err")"
[ "$(pending)" = 200 ] || fail "a refused receipt file changed the queue"
"$kiosk_bin" --config "$work/kiosk.toml" --data "$data" --import-receipts "$export_dir/receipts.jsonl" \
    >"$work/receipts.out" || fail "applying the receipts failed"
log "$(cat "$work/receipts.out")"
[ "$(pending)" = 0 ] || fail "$(pending) records still pending after the receipts"
delivered="$(sqlite3 "$data/outbox.db" "SELECT count(*) FROM delivery WHERE state = 'delivered'")"
[ "$delivered" = 200 ] || fail "expected 200 delivered, found $delivered"

# The collector holds exactly the kiosk's records: same ids, same payload hashes, none twice.
sqlite3 "$data/outbox.db" "SELECT id || ' ' || payload_sha256 FROM submissions" | sort >"$work/kiosk.txt"
collector_records() {
    "$collector_bin" export --db "$db" --format jsonl 2>/dev/null | jq -r '.id + " " + .payload_sha256' | sort
}
collector_records >"$work/collector.txt"
diff -q "$work/kiosk.txt" "$work/collector.txt" >/dev/null || fail "the collector's records differ from the kiosk's"
[ "$(sort -u "$work/collector.txt" | wc -l)" = 200 ] || fail "the collector does not hold 200 distinct records"
# The kiosk stored the collector's receipts.
sqlite3 "$data/outbox.db" "SELECT id || ' ' || receipt FROM delivery" | sort >"$work/kiosk-receipts.txt"
tail -n +2 "$work/receipts-first.jsonl" | jq -r '.id + " " + .receipt' | sort >"$work/file-receipts.txt"
diff -q "$work/kiosk-receipts.txt" "$work/file-receipts.txt" >/dev/null || fail "the kiosk's receipts are not the collector's"

# The completeness report shows the kiosk's 200 records, none missing.
"$collector_bin" completeness --db "$db" >"$work/completeness.txt" 2>&1 ||
    fail "completeness reports gaps: $(cat "$work/completeness.txt")"
grep -q "seq 1-200 held, none missing" "$work/completeness.txt" ||
    fail "completeness after the USB import: $(cat "$work/completeness.txt")"

# A second import changes nothing: all duplicates with the same receipts, no new records.
"$collector_bin" import --db "$db" --file "$export_dir" >"$work/import2.out" || fail "second import failed"
grep -q "0 stored, 200 duplicate, 0 conflict, 0 rejected" "$work/import2.out" || fail "second import: $(cat "$work/import2.out")"
tail -n +2 "$export_dir/receipts.jsonl" | jq -r '.id + " " + .receipt' | sort | diff -q - "$work/file-receipts.txt" >/dev/null ||
    fail "the second import's receipts differ from the first"
collector_records | diff -q - "$work/collector.txt" >/dev/null || fail "the second import changed the collector's records"
"$kiosk_bin" --config "$work/kiosk.toml" --data "$data" --import-receipts "$export_dir/receipts.jsonl" >/dev/null ||
    fail "re-applying receipts failed"
[ "$(pending)" = 0 ] || fail "re-applying the receipts changed the queue"

# Nothing left is pending, so a new export is empty.
"$kiosk_bin" --data "$data" --export-outbox "$stick" >/dev/null || fail "the second export failed"
for d in "$stick"/ruhr-kiosk/export/*; do
    [ "$d" = "$export_dir" ] && continue
    [ "$(jq -r .records "$d/summary.json")" = 0 ] || fail "a second export still holds records"
done

# The closing statement: the kiosk states all it holds, signed; the collector compares it with
# what it stored. Five records made after the round trip are named exactly as missing until
# their export is imported, and then the statement checks COMPLETE.
"$client_bin" --outbox "$data/outbox.db" --kiosk "$kiosk_id" --no-sync --add 5 >/dev/null ||
    fail "the sync client could not add records"
"$kiosk_bin" --data "$data" --write-statement "$stick" >"$work/statement.out" || fail "--write-statement failed"
log "$(head -n 1 "$work/statement.out")"
statements=("$stick"/ruhr-kiosk/statements/*)
[ "${#statements[@]}" = 1 ] || fail "expected one statement folder, found ${statements[*]}"
statement_dir="${statements[0]}"
[ "$(jq -r .records "$statement_dir/statement.json")" = 205 ] || fail "the statement does not state 205 records"
if "$collector_bin" check-statement --db "$db" --file "$statement_dir" >"$work/check1.out" 2>&1; then
    fail "a statement with 5 records not yet imported checked complete: $(cat "$work/check1.out")"
fi
grep -q "MISSING: 5 records the kiosk held are not here: seq 201-205" "$work/check1.out" ||
    fail "check-statement before the import: $(cat "$work/check1.out")"
# A statement changed on the stick is refused.
mkdir -p "$work/forged-statement"
sed 's/"made_at": "/"made_at": "1/' "$statement_dir/statement.json" >"$work/forged-statement/statement.json"
cp "$statement_dir/statement.json.sig" "$work/forged-statement/"
if "$collector_bin" check-statement --db "$db" --file "$work/forged-statement" >"$work/forged-check.out" 2>&1; then
    fail "a changed statement was checked"
fi
grep -q "does not carry the signature of kiosk" "$work/forged-check.out" ||
    fail "changed statement: $(cat "$work/forged-check.out")"
rm -rf "$stick/ruhr-kiosk/export"
"$kiosk_bin" --data "$data" --export-outbox "$stick" >/dev/null || fail "the third export failed"
"$collector_bin" import --db "$db" --file "$stick"/ruhr-kiosk/export/* >"$work/import3.out" || fail "third import failed"
grep -q "5 stored, 0 duplicate" "$work/import3.out" || fail "third import: $(cat "$work/import3.out")"
"$collector_bin" check-statement --db "$db" --file "$statement_dir" >"$work/check2.out" 2>&1 ||
    fail "the statement does not check complete after the import: $(cat "$work/check2.out")"
grep -q "COMPLETE: every record the kiosk made is stored here exactly once" "$work/check2.out" ||
    fail "check-statement after the import: $(cat "$work/check2.out")"
log "$(tail -n 1 "$work/check2.out")"
[ "$("$collector_bin" audit --db "$db" | jq -r 'select(.action == "check-statement") | .detail.complete' | tr '\n' ' ')" = "false true " ] ||
    fail "the audit log does not hold both checks"
log "ok"
