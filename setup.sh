#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing the kiosk need.
# Idempotent: does nothing when everything is there. Runs apt-get as root or through sudo.
#   ./setup.sh          build and run
#   ./setup.sh --test   also what the tests need (Xvfb, Mesa's software OpenGL, ...)
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libsdl2-dev libimgui-dev libstb-dev libsqlite3-dev
  nlohmann-json3-dev libfreetype-dev libfontconfig-dev libsodium-dev libtomlplusplus-dev
  libpq-dev libcpp-httplib-dev libcurl4-openssl-dev libsystemd-dev
  fonts-noto-core fonts-dejavu-core fonts-materialdesignicons-webfont libgl1-mesa-dri libegl-mesa0
)
if [ "${1:-}" = "--test" ]; then
  packages+=(doctest-dev xvfb xauth python3 sqlite3 jq postgresql clang libclang-rt-14-dev)
  # The format check (tests/format): Debian 12's clang-format is version 14.
  packages+=(clang-format)
  # The Debian packages' test (tests/packaging/check_debs.sh).
  packages+=(dpkg-dev fakeroot lintian debootstrap systemd)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null; then
  sudo=(sudo)
else
  echo "setup: need root (or sudo) to install: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
