#!/usr/bin/env bash
# Builds the Debian packages ruhr-kiosk, ruhr-collector and ruhr-kiosk-tools in a build folder
# of their own (build-deb/, or $RUHR_DEB_BUILD_DIR) and prints the paths of the .deb files.
# Release build with Debian's hardening flags (dpkg-buildflags); CPack strips the binaries.
#   packaging/build-debs.sh            uses 2 jobs ($RUHR_JOBS to change)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${RUHR_DEB_BUILD_DIR:-build-deb}
jobs=${RUHR_JOBS:-2}

export DEB_BUILD_MAINT_OPTIONS=hardening=+all
CXXFLAGS="$(dpkg-buildflags --get CXXFLAGS) $(dpkg-buildflags --get CPPFLAGS)"
LDFLAGS="$(dpkg-buildflags --get LDFLAGS)"
export CXXFLAGS LDFLAGS

# Only what goes into the packages is built: CMAKE_SKIP_INSTALL_ALL_DEPENDENCY keeps CPack's
# install step from building everything else (benchmarks).
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
      -DRUHR_BUILD_TESTS=OFF -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >/dev/null
# The compiler's output goes to build.log, shown when the build fails.
if ! cmake --build "$build_dir" -j "$jobs" --target ruhr-kiosk ruhr-collector ruhr-kiosk-pack ruhr_packaging_files \
     > "$build_dir/build.log" 2>&1; then
  tail -40 "$build_dir/build.log" >&2
  echo "build-debs: the build failed (log: $build_dir/build.log)" >&2
  exit 1
fi
rm -f "$build_dir"/*.deb
(cd "$build_dir" && cpack -G DEB > cpack.log 2>&1) || { cat "$build_dir/cpack.log" >&2; exit 1; }
ls -1 "$PWD/$build_dir"/*.deb
