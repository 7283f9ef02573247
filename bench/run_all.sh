#!/usr/bin/env bash
# The kiosk against a Chromium kiosk-mode baseline, side by side in one run, plus the
# kiosk-only figures (docs/benchmarks.md, "Against Chromium"). One command:
#   bench/run_all.sh [RUNS]            (default 3; BUILD_DIR=build-bench by default)
# Installs what it needs with apt when missing (chromium, xdotool, imagemagick, x11-apps, xvfb),
# builds the kiosk and the bench programs in BUILD_DIR, prints a table and writes it as JSON
# to bench/out/. Not a test: nothing is asserted. SKIP=frames,import skips parts;
# IMPORT_RUNS=N repeats the 100-photo import (default 1, about 2 min each).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
build=${BUILD_DIR:-$root/build-bench}

packages=(chromium xdotool imagemagick x11-apps xvfb xauth libgl1-mesa-dri libegl-mesa0 fonts-noto-core
          libx11-dev libxext-dev python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "run_all: installing ${missing[*]}"
  sudo=(); [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
"$root/setup.sh"

cmake -S "$root" -B "$build" -DRUHR_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target ruhr-kiosk screen_probe empty_window pack_import_bench ruhr_outbox_bench \
  ruhr-kiosk-pack >/dev/null

echo "run_all: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; figures are noisy above ~1.5"
exec python3 "$root/bench/suite.py" --build "$build" --runs "$runs" --skip "${SKIP:-}" --import-runs "${IMPORT_RUNS:-1}"
