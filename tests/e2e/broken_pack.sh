#!/usr/bin/env bash
# A broken content pack is refused with a message naming the file and the field, and the
# kiosk falls back to the built-in pack instead of crashing.
# usage: broken_pack.sh KIOSK PNG_CHECK SOURCE_DIR OUTDIR
set -euo pipefail
kiosk=$1 checker=$2 src=$3 out=$4
rm -rf "$out"
mkdir -p "$out"
cp -r "$src/content/default" "$out/pack"
# Drop the English title of one forum: a missing translation.
python3 - "$out/pack/lang/en.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding="utf-8"))
del d["forums"]["pflege"]["title"]
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
fail() { echo "broken_pack: $*" >&2; exit 1; }

# The staff check names the file and the field, and exits 1.
if "$kiosk" --check-content "$out/pack" 2> "$out/check.txt"; then fail "--check-content accepted a broken pack"; fi
grep -q "lang/en.json: forums.pflege.title: missing translation" "$out/check.txt" || { cat "$out/check.txt" >&2; fail "message does not name file and field"; }

# The app starts anyway, on the built-in content, and says why.
bash "$(dirname "$0")/run_scenario.sh" "$kiosk" "$checker" "$(dirname "$0")/scenarios/fallback.script" 1920x1080 \
  "$out/run" --content "$out/pack"
grep -q "lang/en.json: forums.pflege.title: missing translation" "$out/run/stderr.txt" || fail "no message on stderr"
grep -q "showing the built-in content" "$out/run/stderr.txt" || fail "no fallback message"

# Bad JSON is refused with the parser's position.
printf '{"format": 1,' > "$out/pack/manifest.json"
if "$kiosk" --check-content "$out/pack" 2> "$out/check2.txt"; then fail "accepted invalid JSON"; fi
grep -q "manifest.json: invalid JSON" "$out/check2.txt" || { cat "$out/check2.txt" >&2; fail "no JSON message"; }
echo "broken_pack: ok"
