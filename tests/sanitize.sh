#!/usr/bin/env bash
# The unit tests, the collector's tests and the sync fault scenarios on SQLite, built and run
# under a sanitizer in a build folder of their own (docs/testing.md, "Sanitizer builds"):
#
#   tests/sanitize.sh asan    AddressSanitizer + UndefinedBehaviorSanitizer, in build-asan/
#   tests/sanitize.sh tsan    ThreadSanitizer, in build-tsan/
#
# Only the programs these tests run are built (not the UI program, the tools, the benchmarks or
# the packages), with g++ at -Og: it builds like -O0 (kiosk/staff.cpp under ASan 20 s, against
# 33 s at -O1) and keeps the optimizations that do not get in the way of stack traces. Every report ends the process that made it (halt on error)
# and is written to BUILD/sanitizer-reports/, also from the collector, the fault proxy and the
# sync clients that the scenarios start in the background; any report there fails the run, even
# when the test around it passed.
#
#   tests/sanitize.sh asan|tsan [all|build|test] [ctest arguments, e.g. -R unit/]
#
# test.sh runs the two steps apart: the builds, niced, while the normal suite runs, the tests
# after it, so that the timed sync scenarios never compete with the normal ones for the CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
kind="${1:-}"
shift || true
step=all
case "${1:-}" in all|build|test) step="$1"; shift ;; esac
case "$kind" in
asan) sanitize="address,undefined" ;;
tsan) sanitize="thread" ;;
*) echo "usage: tests/sanitize.sh asan|tsan [all|build|test] [ctest arguments]" >&2; exit 2 ;;
esac
build="$root/build-$kind"
jobs="${RUHR_SANITIZE_JOBS:-$(nproc)}"
supp="$root/tests/sanitizers"

if [ "$step" != test ]; then
    start=$(date +%s)
    cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=g++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-Og -g1 -DNDEBUG" -DRUHR_BUILD_TESTS=ON \
        -DRUHR_SANITIZE="$sanitize" >/dev/null
    cmake --build "$build" -j "$jobs" --target \
        ruhr_unit_tests ruhr_collector_tests ruhr-collector ruhr_fault_proxy ruhr_sync_client
    echo "sanitize ($kind): built in $(($(date +%s) - start)) s"
fi
[ "$step" = build ] && exit 0

reports="$build/sanitizer-reports"
rm -rf "$reports"
mkdir -p "$reports"
# halt_on_error: the first report ends the process, so a finding cannot scroll past in a
# passing test. log_path: reports of background processes survive their test's clean-up.
common="halt_on_error=1:log_path=$reports/$kind:print_stacktrace=1"
export UBSAN_OPTIONS="$common:suppressions=$supp/ubsan.supp"
export ASAN_OPTIONS="$common:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
export TSAN_OPTIONS="$common:second_deadlock_stack=1:suppressions=$supp/tsan.supp:print_suppressions=0"
export XDG_CACHE_HOME="$build/cache"

# What runs: every unit and collector test case and the SQLite fault scenarios; the collector's
# PostgreSQL cases run where RUHR_TEST_POSTGRES is set (test.sh sets it) and skip elsewhere, as
# in the normal suite. Not run: the PostgreSQL fault scenarios; sync/usb-export-import-receipts,
# which needs the UI program; the e2e, packaging, packs and fuzz tests (packs are fuzzed already
# with ASan and UBSan in tests/fuzz).
select='^(unit|collector|sync/sqlite)/'
exclude=()
if [ "$kind" = tsan ]; then
    # The layout checks of every screen: the test harness gives the image worker 600 frames
    # (about 0.3 s of real time) to decode a screen's pictures, and stb's decoder, compiled
    # into our code and so instrumented, is several times slower under TSan; one of them
    # failed that way. Apart from the decoding they are single-threaded UI code, and the image
    # worker's threading is covered by the image cache tests, which do run.
    exclude=(-E '^unit/every screen fits its text')
fi
start=$(date +%s)
status=0
ctest --test-dir "$build" --output-on-failure --no-tests=error -j "$jobs" -R "$select" "${exclude[@]}" "$@" || status=1
echo "sanitize ($kind): tests took $(($(date +%s) - start)) s"

shopt -s nullglob
found=("$reports"/*)
if [ ${#found[@]} -gt 0 ]; then
    status=1
    for f in "${found[@]}"; do
        echo "=== $f"
        cat "$f"
    done
    echo "sanitize ($kind): ${#found[@]} report(s) in $reports" >&2
fi
exit "$status"
