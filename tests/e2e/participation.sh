#!/usr/bin/env bash
# Takes part through the real app (participate_de.script) and then looks into the outbox:
# every record the event log reported as stored is there exactly once, with the expected
# payloads, contact data sealed, and the database intact.
# usage: participation.sh KIOSK PNG_CHECK SIZE OUTDIR
set -euo pipefail
kiosk=$1 checker=$2 size=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out"
mkdir -p "$out"
"$kiosk" --make-organizer-keys > "$out/keys.txt"
printf '[kiosk]\nid = "kiosk-e2e"\n\n[organizer]\n%s\n' "$(grep '^public_key' "$out/keys.txt")" > "$out/kiosk.toml"
bash "$here/run_scenario.sh" "$kiosk" "$checker" "$here/scenarios/participate_de.script" "$size" "$out/run" \
  --config "$out/kiosk.toml"
db="$out/run/data/outbox.db"
q() { sqlite3 -batch -noheader "$db" "$1"; }
fail() { echo "participation: $*" >&2; exit 1; }

[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity check failed"
# Exactly once: each stored id from the log is in the database once, and nothing else is.
grep '"event":"stored"' "$out/run/events.jsonl" | sed 's/.*"id":"\([^"]*\)".*/\1/' | sort > "$out/logged.txt"
q 'SELECT id FROM submissions ORDER BY id' > "$out/stored.txt"
diff -u "$out/logged.txt" "$out/stored.txt" || fail "event log and outbox disagree"
[ "$(q 'SELECT count(DISTINCT seq) = count(*) AND min(seq) = 1 AND max(seq) = count(*) FROM submissions')" = 1 ] \
  || fail "sequence numbers are not 1..n"
[ "$(q "SELECT count(*) FROM delivery WHERE state = 'pending'")" = "$(q 'SELECT count(*) FROM submissions')" ] \
  || fail "every record should be pending"
[ "$(q "SELECT DISTINCT kiosk_id FROM submissions")" = kiosk-e2e ] || fail "kiosk id from the configuration"

# Ratings: vision 4 then 2 (the second replaces the first), the energy forum 5.
[ "$(q "SELECT count(*) FROM submissions WHERE kind = 'rating'")" = 3 ] || fail "three rating records"
[ "$(q "SELECT json_extract(payload, '\$.stars') FROM submissions s WHERE kind = 'rating' AND json_extract(payload, '\$.item') = 'vision' AND json_extract(payload, '\$.replaces') IS NOT NULL")" = 2 ] \
  || fail "the changed vision rating names the one it replaces"
# Priorities in the order chosen; the fourth was refused.
[ "$(q "SELECT payload FROM submissions WHERE kind = 'priorities'")" = '{"forums":["neue-mobilitaet","pflege","aufstieg-durch-bildung"]}' ] \
  || fail "priorities payload: $(q "SELECT payload FROM submissions WHERE kind = 'priorities'")"
# The idea with umlauts typed on the on-screen keyboard; contact only sealed.
[ "$(q "SELECT json_extract(payload, '\$.text') FROM submissions WHERE kind = 'idea'")" = "Grüne Wände für Straßen!" ] \
  || fail "idea text: $(q "SELECT json_extract(payload, '\$.text') FROM submissions WHERE kind = 'idea'")"
[ "$(q "SELECT json_extract(payload, '\$.forum') FROM submissions WHERE kind = 'idea'")" = umwelt ] || fail "idea forum"
[ -n "$(q "SELECT json_extract(payload, '\$.contact.sealed') FROM submissions WHERE kind = 'idea'")" ] || fail "no sealed contact"
if grep -q "erika@example.org" "$db" "$db-wal" 2>/dev/null; then fail "the e-mail address is stored in clear text"; fi
# Payload hashes match the stored canonical payloads.
while IFS='|' read -r payload hash; do
  [ "$(printf '%s' "$payload" | sha256sum | cut -d' ' -f1)" = "$hash" ] || fail "hash mismatch for $payload"
done < <(q "SELECT payload, payload_sha256 FROM submissions")
echo "participation: ok ($(q 'SELECT count(*) FROM submissions') records)"
