#!/usr/bin/env bash
# Staff mode with a USB stick (issue 5), under Xvfb. A folder plays the stick (--usb-dir).
#  1. import: a pack signed by a trusted key, with a new version and a changed home title,
#     is imported through the staff panel and shown; then rolled back; the outbox is exported
#     to the stick (summary hash checked), the closing statement is written to it, and an
#     import log is written back to the stick;
#  2. lockout: five wrong PINs lock the pad, the right PIN works after five minutes, staff
#     mode closes itself after two minutes;
#  3. refused: a pack with one byte changed after signing is refused, the content stays.
# usage: staff.sh KIOSK PNG_CHECK PACK_TOOL SOURCE_DIR SIZE OUTDIR
set -euo pipefail
kiosk=$1 checker=$2 tool=$3 src=$4 size=$5 out=$6
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out/stick/ruhr-kiosk"
fail() { echo "staff e2e: $*" >&2; exit 1; }

# The content author's side: a new version of the built-in pack, signed.
cp -r "$src/content/default" "$out/stick/ruhr-kiosk/content"
rm -f "$out/stick/ruhr-kiosk/content/manifest.sig"
python3 - "$out/stick/ruhr-kiosk/content" <<'PY'
import json, sys
root = sys.argv[1]
m = json.load(open(f"{root}/manifest.json", encoding="utf-8"))
m["version"] = "2099.1.0"
json.dump(m, open(f"{root}/manifest.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
for lang, title in (("de", "Neue Inhalte vom USB-Stick"), ("en", "New content from the USB stick")):
    p = f"{root}/lang/{lang}.json"
    d = json.load(open(p, encoding="utf-8"))
    d["ui"]["home_title"] = title
    json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$tool" keygen --out "$out/author" >/dev/null
"$tool" build "$out/stick/ruhr-kiosk/content" >/dev/null
"$tool" sign "$out/stick/ruhr-kiosk/content" --key "$out/author.secret" >/dev/null
"$tool" verify "$out/stick/ruhr-kiosk/content" --public-key "$out/author.public" >/dev/null || fail "the test pack does not verify"

pin_hash=$(echo 123456 | "$kiosk" --hash-pin | sed -n 's/^pin_hash = "\(.*\)"$/\1/p')
cat >"$out/kiosk.toml" <<TOML
[kiosk]
id = "kiosk-staff"

[staff]
pin_hash = "$pin_hash"

[content]
trusted_keys = ["$(cat "$out/author.public")"]
TOML
"$kiosk" --check-content "$src/content/default" >/dev/null

bash "$here/run_scenario.sh" "$kiosk" "$checker" "$here/scenarios/staff_import.script" "$size" "$out/import" \
  --config "$out/kiosk.toml" --data "$out/data" --usb-dir "$out/stick"
grep '"event":"content"' "$out/import/events.jsonl" | grep -q '"version":"2099.1.0"' ||
  fail "the new content was not shown"
ls "$out"/stick/ruhr-kiosk/logs/import-*.txt >/dev/null 2>&1 || fail "no import log on the stick"
grep -q "result: installed" "$out"/stick/ruhr-kiosk/logs/import-*.txt || fail "the import log does not say installed"
summary=$(ls "$out"/stick/ruhr-kiosk/export/*/summary.json | head -n 1)
[ -n "$summary" ] || fail "no export on the stick"
want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["submissions_sha256"])' "$summary")
have=$(sha256sum "$(dirname "$summary")/submissions.jsonl" | cut -d' ' -f1)
[ "$want" = "$have" ] || fail "the export's hash does not match its summary"
statement=$(ls "$out"/stick/ruhr-kiosk/statements/*/statement.json | head -n 1)
[ -n "$statement" ] && [ -s "$statement.sig" ] || fail "no signed closing statement on the stick"
# After the rollback the built-in pack is current again, the imported one kept as previous.
[ ! -e "$out/data/packs/current" ] || fail "rollback should return to the built-in content"
[ -L "$out/data/packs/previous" ] || fail "the imported pack should be kept for going forward again"

bash "$here/run_scenario.sh" "$kiosk" "$checker" "$here/scenarios/staff_lockout.script" "$size" "$out/lockout" \
  --config "$out/kiosk.toml" --data "$out/data2" --usb-dir "$out/no-stick"
# The PIN typed 41 times above is in no log: neither a digit key's id nor where it was tapped.
if grep -h '"hit":"staff/pin/[0-9]"' "$out"/import/events.jsonl "$out"/lockout/events.jsonl; then
  fail "the event log records PIN digits"
fi
grep -q '"hit":"staff/pin/digit"' "$out/lockout/events.jsonl" || fail "PIN taps are not logged at all"
[ -f "$out/data2/staff-lockout.json" ] || fail "the lockout is not kept in the data folder"

# A pack changed after signing is refused and nothing changes.
printf ' ' >>"$out/stick/ruhr-kiosk/content/lang/de.json"
bash "$here/run_scenario.sh" "$kiosk" "$checker" "$here/scenarios/staff_refused.script" "$size" "$out/refused" \
  --config "$out/kiosk.toml" --data "$out/data3" --usb-dir "$out/stick"
[ ! -e "$out/data3/packs/current" ] || fail "a tampered pack was installed"
grep -q "refused" "$out"/stick/ruhr-kiosk/logs/import-*.txt || fail "the refusal is not in the stick's log"
echo "staff e2e: ok"
