#!/usr/bin/env bash
# Sets everything up, builds, and runs every test: unit tests and the end-to-end scenarios
# that drive the real app in a window under Xvfb, then the unit, collector and sync tests
# again under AddressSanitizer + UBSan and under ThreadSanitizer (see docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh --test
mkdir -p build
# The packaging test's downloads (a Debian 12 tarball, the packages its clean install needs)
# while the build compiles: they wait on the network, not on the CPU.
setsid nice -n 10 tests/packaging/check_debs.sh --prepare >build/pkgtest-prepare.log 2>&1 </dev/null &
pkgtest_prepare=$!
trap 'kill -- -"$pkgtest_prepare" 2>/dev/null || true' EXIT
# Warnings are errors here, and so in CI; a developer's own build only shows them. Built as the
# Debian packages are (Debian's flags, installed to /usr), so that the packaging test packs
# these binaries, the ones tested here, instead of compiling everything again. Without debug
# information: it took a third of the compile time, and the packages are stripped of it.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRUHR_BUILD_TESTS=ON -DRUHR_WERROR=ON \
    -DRUHR_DEBIAN_FLAGS=ON -DRUHR_DEBUG_INFO=OFF -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build -j "$(nproc)"
export XDG_CACHE_HOME="$PWD/build/cache"

# The sanitizer builds (build-asan/, build-tsan/) while the normal suite runs, at the lowest
# priority: below the packaging test's niced compiler, so they only take CPU the suite leaves
# idle (its end-to-end scenarios run one at a time). In a session of their own, so that a
# failing run can end them with everything they started.
setsid nice -n 19 bash -c 'tests/sanitize.sh asan build && tests/sanitize.sh tsan build' \
    >build/sanitize-build.log 2>&1 </dev/null &
sanitize_build=$!
# The collector's PostgreSQL tests: a local cluster, stopped again only if this run started it.
tests/postgres.sh start
trap 'kill -- -"$sanitize_build" -"$pkgtest_prepare" 2>/dev/null || true; tests/postgres.sh stop' EXIT
RUHR_TEST_POSTGRES="$(tests/postgres.sh conninfo)"
export RUHR_TEST_POSTGRES
# A failed download is not a failure here: the packaging test tries again and says what failed.
wait "$pkgtest_prepare" || echo "test.sh: the packaging test's downloads failed (build/pkgtest-prepare.log)" >&2
ctest --test-dir build --output-on-failure -j "$(nproc)"

if ! wait "$sanitize_build"; then
    cat build/sanitize-build.log >&2
    echo "test.sh: the sanitizer builds failed" >&2
    exit 1
fi
# The sanitizer runs after the normal suite, not beside it: the sync scenarios have deadlines.
# Both run even when the first fails, so one CI run shows every finding.
status=0
tests/sanitize.sh asan test || status=1
tests/sanitize.sh tsan test || status=1
exit "$status"
