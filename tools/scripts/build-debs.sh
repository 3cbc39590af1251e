#!/usr/bin/env bash
# build-debs.sh OUTDIR — the Debian packages libdevin0, libdevin-dev and
# devin-emulator (CPack, packaging/deb.cmake) from a Release build that links
# the system's libcurl/OpenSSL (DEVIN_SYSTEM_DEPS=ON) and installs under /usr.
# Build dir: build/deb (BUILD_DIR to override); reruns only rebuild changes.
# Reproducible: SOURCE_DATE_EPOCH (default: the last commit's time) stamps
# every file in the packages, and the build path is mapped away, so two runs
# give byte-identical .debs.
# Prints one line per package: name, size, Depends.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:?usage: build-debs.sh OUTDIR}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
cd "$ROOT"
BUILD=${BUILD_DIR:-$ROOT/build/deb}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
JOBS=${JOBS:-$(nproc)}

MAP="-ffile-prefix-map=$ROOT=."
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DDEVIN_SYSTEM_DEPS=ON -DDEVIN_BUILD_TESTS=OFF -DDEVIN_BUILD_BENCH=OFF -DDEVIN_BUILD_EXAMPLES=OFF \
  -DDEVIN_BUILD_EMULATOR=ON -DDEVIN_PC_RELOCATABLE=OFF "-DCMAKE_C_FLAGS=$MAP" "-DCMAKE_CXX_FLAGS=$MAP" >"$BUILD.configure.log" 2>&1 \
  || { cat "$BUILD.configure.log"; exit 1; }
cmake --build "$BUILD" -j "$JOBS" --target devin devin-emulator >"$BUILD.build.log" 2>&1 \
  || { tail -50 "$BUILD.build.log"; exit 1; }

STAGE=$(mktemp -d "${TMPDIR:-/tmp}/devin-cpack.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
# cpack installs each component into its own staging tree; umask 022 keeps
# the modes independent of the caller's.
(umask 022 && cd "$BUILD" && cpack -G DEB -B "$STAGE" >"$BUILD.cpack.log" 2>&1) \
  || { cat "$BUILD.cpack.log"; exit 1; }
for deb in "$STAGE"/*.deb; do
  name=$(dpkg-deb -f "$deb" Package)
  rm -f "$OUT/${name}"_*.deb
  mv "$deb" "$OUT/"
  deb="$OUT/$(basename "$deb")"
  outside=$(dpkg-deb -c "$deb" | awk '{print $6}' | grep -v -e '^\./$' -e '^\./usr/' || true)
  [ -z "$outside" ] || { echo "build-debs: $name has files outside /usr:" >&2; echo "$outside" >&2; exit 1; }
  printf '%-38s %6s KiB  Depends: %s\n' "$(basename "$deb")" "$(( $(stat -c %s "$deb") / 1024 ))" \
    "$(dpkg-deb -f "$deb" Depends)"
done
