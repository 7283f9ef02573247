#!/usr/bin/env bash
# Builds the Debian packages ruhr-kiosk, ruhr-collector and ruhr-kiosk-tools and prints the paths
# of the .deb files. Debian's usual flags: -O2 -g with dpkg-buildflags' hardening
# (RUHR_DEBIAN_FLAGS); CPack strips the binaries.
#   packaging/build-debs.sh            in a build folder of its own, build-deb/ (or
#                                      $RUHR_DEB_BUILD_DIR), with 2 jobs ($RUHR_JOBS to change)
#   RUHR_DEB_FROM_BUILD=build packaging/build-debs.sh
#                                      packs an existing build configured the same way (test.sh's,
#                                      so the packaging test packs what the suite tested)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${RUHR_JOBS:-2}

if [ -n "${RUHR_DEB_FROM_BUILD:-}" ]; then
  build_dir=$RUHR_DEB_FROM_BUILD
  cache=$build_dir/CMakeCache.txt
  # Only a build made as the packages are: installed to /usr, with Debian's flags.
  grep -qx 'CMAKE_INSTALL_PREFIX:PATH=/usr' "$cache" && grep -qx 'RUHR_DEBIAN_FLAGS:BOOL=ON' "$cache" &&
    grep -q '^CMAKE_BUILD_TYPE:STRING=\(RelWithDebInfo\|Release\)$' "$cache" ||
    { echo "build-debs: $build_dir is not configured for packages (-DCMAKE_INSTALL_PREFIX=/usr -DRUHR_DEBIAN_FLAGS=ON)" >&2; exit 1; }
else
  build_dir=${RUHR_DEB_BUILD_DIR:-build-deb}
  # Only what goes into the packages is built: CMAKE_SKIP_INSTALL_ALL_DEPENDENCY keeps CPack's
  # install step from building everything else (benchmarks).
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
        -DRUHR_DEBIAN_FLAGS=ON -DRUHR_BUILD_TESTS=OFF -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
fi
# The compiler's output goes to build.log, shown when the build fails (nothing to do when the
# build is up to date).
if ! cmake --build "$build_dir" -j "$jobs" --target ruhr-kiosk ruhr-collector ruhr-kiosk-pack ruhr-kiosk-http \
     ruhr_packaging_files > "$build_dir/build-debs.log" 2>&1; then
  tail -40 "$build_dir/build-debs.log" >&2
  echo "build-debs: the build failed (log: $build_dir/build-debs.log)" >&2
  exit 1
fi
rm -f "$build_dir"/*.deb
(cd "$build_dir" && cpack -G DEB > cpack.log 2>&1) || { cat "$build_dir/cpack.log" >&2; exit 1; }
ls -1 "$(cd "$build_dir" && pwd)"/*.deb
