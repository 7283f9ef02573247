#!/usr/bin/env bash
# Sets everything up, builds, and starts the kiosk on the built-in content.
# Options are passed on to ruhr-kiosk, e.g. ./kiosk.sh --fullscreen or --size 1080x1920.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRUHR_BUILD_TESTS=OFF >/dev/null
cmake --build build -j "$(nproc)" --target ruhr-kiosk
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "kiosk: no graphical session (DISPLAY/WAYLAND_DISPLAY unset). Start it from a desktop," >&2
  echo "       or try it headless: xvfb-run -s '-screen 0 1920x1080x24' build/app/ruhr-kiosk" >&2
  exit 1
fi
exec build/app/ruhr-kiosk "$@"
