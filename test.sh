#!/usr/bin/env bash
# Sets everything up, builds, and runs every test: unit tests and the end-to-end scenarios
# that drive the real app in a window under Xvfb (see docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --test
# Warnings are errors here, and so in CI; a developer's own build only shows them.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRUHR_BUILD_TESTS=ON -DRUHR_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
export XDG_CACHE_HOME="$PWD/build/cache"
# The collector's PostgreSQL tests: a local cluster, stopped again only if this run started it.
tests/postgres.sh start
trap 'tests/postgres.sh stop' EXIT
RUHR_TEST_POSTGRES="$(tests/postgres.sh conninfo)"
export RUHR_TEST_POSTGRES
ctest --test-dir build --output-on-failure -j "$(nproc)"
