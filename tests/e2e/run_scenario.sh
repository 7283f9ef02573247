#!/usr/bin/env bash
# Runs one scenario against the real app under Xvfb and checks every screenshot it took.
# usage: run_scenario.sh KIOSK PNG_CHECK SCRIPT WxH OUTDIR [extra kiosk options...]
set -euo pipefail
kiosk=$1 checker=$2 script=$3 size=$4 out=$5
shift 5
w=${size%x*}
h=${size#*x}
rm -rf "$out"
mkdir -p "$out"
cd "$out"
# Mesa's shader cache stays inside the output folder, not in the user's home.
export XDG_CACHE_HOME="$out/.cache"
status=0
# Each run keeps its outbox in its own folder, never in the user's data folder.
xvfb-run -a -s "-screen 0 ${w}x${h}x24" "$kiosk" --size "$size" --script "$script" --events events.jsonl \
  --data "$out/data" "$@" \
  2> stderr.txt || status=$?
cat stderr.txt >&2
if [ "$status" -ne 0 ]; then
  echo "run_scenario: ruhr-kiosk exited with $status (see $out)" >&2
  exit "$status"
fi
shopt -s nullglob
shots=(*.png)
if [ ${#shots[@]} -eq 0 ]; then
  echo "run_scenario: the scenario took no screenshots" >&2
  exit 1
fi
for f in "${shots[@]}"; do "$checker" "$f" "$w" "$h"; done
