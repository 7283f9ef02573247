#!/usr/bin/env bash
# Measures the kiosk's basic figures under Xvfb, median of RUNS runs:
#   - time from process start to the first frame on screen (the app's own event log, and
#     from the outside: launch until the "first-frame" line appears)
#   - PSS of the process on the home screen
#   - CPU use while idling on the home screen for 10 s
# usage: bench/kiosk_basics.sh [build/app/ruhr-kiosk] [RUNS] [WxH]
# Prints a table; needs xvfb, xdotool. Not a test: figures are reported, not asserted.
set -euo pipefail
kiosk=${1:-build/app/ruhr-kiosk}
runs=${2:-3}
size=${3:-1920x1080}
w=${size%x*}
h=${size#*x}
work=$(mktemp -d)
trap 'kill "${xvfb_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 "${w}x${h}x24" -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
export DISPLAY=$display
export XDG_CACHE_HOME="$work/cache"
clk=$(getconf CLK_TCK)

first_ms=() outside_ms=() pss_kib=() cpu_pct=()
for run in $(seq 1 "$runs"); do
  log="$work/events-$run.jsonl"
  t0=$(date +%s%N)
  "$kiosk" --size "$size" --events "$log" --data "$work/data" &
  pid=$!
  until grep -q first-frame "$log" 2>/dev/null; do sleep 0.005; done
  t1=$(date +%s%N)
  outside_ms+=($(( (t1 - t0) / 1000000 )))
  first_ms+=($(grep -o '"ms_since_start":[0-9.]*' "$log" | head -1 | cut -d: -f2 | cut -d. -f1))
  sleep 1
  # A real tap on the attract screen (through X, as a mouse click) opens home.
  xdotool mousemove $((w / 2)) $((h / 2)) click 1
  sleep 2
  grep -q '"screen":"home"' "$log" || { echo "kiosk_basics: home screen not reached" >&2; kill "$pid"; exit 1; }
  pss_kib+=($(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup"))
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  sleep 10
  read -r u2 s2 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  cpu_pct+=($(awk -v d=$(( (u2 + s2) - (u1 + s1) )) -v c="$clk" 'BEGIN { printf "%.2f", d / c / 10 * 100 }'))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "ruhr-kiosk at $size, median of $runs runs"
printf '%-48s %s\n' "start to first frame (app's own clock)" "$(median "${first_ms[@]}") ms"
printf '%-48s %s\n' "launch to first frame (seen from outside)" "$(median "${outside_ms[@]}") ms"
printf '%-48s %s\n' "PSS on the home screen" "$(( $(median "${pss_kib[@]}") / 1024 )) MiB"
printf '%-48s %s\n' "CPU while idle on home for 10 s" "$(median "${cpu_pct[@]}") %"
echo "runs: first=${first_ms[*]} ms; outside=${outside_ms[*]} ms; pss=${pss_kib[*]} KiB; cpu=${cpu_pct[*]} %"
