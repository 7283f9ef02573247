#!/usr/bin/env bash
# Builds the manifest-parser fuzz target with clang in its own build folder and runs it for
# a while on a seed corpus (tests/fuzz/seeds plus the built-in pack's manifest). A crash,
# a sanitizer report or a broken invariant fails the run and leaves the input in
# BUILD_DIR/artifacts/. Exit status 77 when clang++ is missing (CTest reports "skipped").
# usage: run.sh [SECONDS=30] [BUILD_DIR=build-fuzz]
set -euo pipefail
seconds=${1:-30}
here=$(cd "${0%/*}" && pwd)
root=$(cd "$here/../.." && pwd)
build=${2:-$root/build-fuzz}

if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found, skipping (./setup.sh --test installs clang)" >&2
  exit 77
fi

mkdir -p "$build"
# -O1 -g, as libFuzzer's documentation builds fuzz targets: quicker to compile than -O2.
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" > "$build/configure.log" 2>&1 \
  || { cat "$build/configure.log" >&2; exit 1; }
if ! cmake --build "$build" -j2 --target fuzz_manifest > "$build/build.log" 2>&1; then
  cat "$build/build.log" >&2
  echo "fuzz: the fuzz target did not build (libFuzzer comes with libclang-rt-14-dev)" >&2
  exit 1
fi

# The working corpus grows between runs; the seeds are copied in each time.
corpus="$build/corpus"
mkdir -p "$corpus" "$build/artifacts"
cp "$here"/seeds/*.json "$corpus/"
cp "$root/content/default/manifest.json" "$corpus/default-manifest.json"

echo "fuzz: running fuzz_manifest for ${seconds}s"
"$build/fuzz_manifest" "$corpus" \
  -dict="$here/manifest.dict" \
  -max_total_time="$seconds" -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 2> "$build/fuzz.log" \
  || { tail -n 60 "$build/fuzz.log" >&2; echo "fuzz: failed, see $build/artifacts/" >&2; exit 1; }
grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$build/fuzz.log" || true
echo "fuzz: ok"
