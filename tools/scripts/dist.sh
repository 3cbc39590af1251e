#!/usr/bin/env bash
# `make dist`: every artifact meant for other machines, into one folder with
# SHA256SUMS.
#
#   tools/scripts/dist.sh [OUTDIR]            build everything (default: dist/)
#   tools/scripts/dist.sh --repro OUTDIR      repeat only the packaging steps
#                                             into a scratch folder and compare
#                                             byte for byte with OUTDIR
#
# Steps (each builder owns its artifact; see the issue "Runs where users are"):
#   1. third_party/deps.sh static      pinned static curl/OpenSSL/nghttp2/zlib
#   2. cmake --preset dist             libdevin.so, devin-emulator and
#                                      libdevin_bundle.a linked against them
#   3. the SDK tarball (this script)   libdevin.so + devin.h + CMake/pkg-config
#                                      files + devin-emulator + licences + SBOM
#   4. build-wheels.sh                 one wheel per CPython 3.10-3.13 + sdist
#   5. build-npm.sh                    the npm tarball with its prebuilt addon
#   6. build-debs.sh                   libdevin0, libdevin-dev, devin-emulator
#
# SOURCE_DATE_EPOCH defaults to the last commit's time, so two runs on one
# checkout give byte-identical wheels and tarballs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
say() { echo "dist: $*"; }

REPRO=0
if [ "${1:-}" = "--repro" ]; then
  REPRO=1
  shift
fi
OUT=$(realpath -m "${1:-dist}")
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)}
VERSION=$(sed -n 's/^project(devin VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)

sdk_tarball() { # OUTDIR: libdevin-<v>-linux-x86_64.tar.gz
  local out=$1 deps stage name
  deps=$(third_party/deps.sh dir)
  name=libdevin-$VERSION-linux-x86_64
  stage=$(mktemp -d "${TMPDIR:-/tmp}/devin-sdk.XXXXXX")
  cmake --install build/dist --prefix "$stage/$name" >/dev/null
  mkdir -p "$stage/$name/share/licenses/libdevin"
  cp LICENSE "$stage/$name/share/licenses/libdevin/LICENSE"
  for f in "$deps"/licenses/*; do
    cp "$f" "$stage/$name/share/licenses/libdevin/$(basename "$f")"
  done
  python3 tools/scripts/sbom.py --name libdevin --version "$VERSION" \
    --purl "pkg:generic/libdevin@$VERSION" "$deps/versions.json" \
    >"$stage/$name/share/licenses/libdevin/libdevin.cdx.json"
  # Deterministic archive: sorted names, fixed times and owners, no gzip name.
  find "$stage/$name" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  tar --sort=name --format=gnu --owner=0 --group=0 --numeric-owner \
    --mtime="@$SOURCE_DATE_EPOCH" -C "$stage" -cf - "$name" | gzip -9n >"$out/$name.tar.gz"
  rm -rf "$stage"
}

package_all() { # OUTDIR: the packaging steps (3-6) from build/dist
  local out=$1
  mkdir -p "$out"
  say "SDK tarball"
  sdk_tarball "$out"
  say "wheels and sdist (tools/scripts/build-wheels.sh)"
  tools/scripts/build-wheels.sh "$out"
  say "npm tarball (tools/scripts/build-npm.sh)"
  tools/scripts/build-npm.sh "$out"
  if [ "$REPRO" = 0 ]; then
    say "Debian packages (tools/scripts/build-debs.sh)"
    tools/scripts/build-debs.sh "$out"
  fi
}

if [ "$REPRO" = 1 ]; then
  [ -f "$OUT/SHA256SUMS" ] || { echo "dist: $OUT/SHA256SUMS missing: run make dist first" >&2; exit 2; }
  SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/devin-repro.XXXXXX")
  trap 'rm -rf "$SCRATCH"' EXIT
  package_all "$SCRATCH" >"$SCRATCH.log" 2>&1 || { cat "$SCRATCH.log"; rm -f "$SCRATCH.log"; exit 1; }
  rm -f "$SCRATCH.log"
  fail=0 n=0
  for f in "$SCRATCH"/*.whl "$SCRATCH"/*.tgz "$SCRATCH"/*.tar.gz; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    b=$(basename "$f")
    if cmp -s "$f" "$OUT/$b"; then
      echo "repro: identical  $b"
    else
      echo "repro: DIFFERENT  $b" >&2
      fail=1
    fi
  done
  [ "$n" -gt 0 ] || { echo "repro: nothing was rebuilt" >&2; exit 1; }
  [ "$fail" = 0 ] && echo "repro: $n artifacts byte-identical (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
  exit "$fail"
fi

start=$(date +%s)
tools/scripts/install-deps.sh
say "static third-party libraries (third_party/deps.sh static)"
third_party/deps.sh static >/dev/null
say "cmake --preset dist"
cmake --preset dist >/dev/null
cmake --build --preset dist -j "${JOBS:-$(nproc)}" >build/dist.log 2>&1 || { tail -50 build/dist.log; exit 1; }
tools/scripts/check-artifact.sh build/dist/capi/libdevin.so."$VERSION" build/dist/emulator/devin-emulator
rm -rf "$OUT"
package_all "$OUT"
(cd "$OUT" && find . -maxdepth 1 -type f ! -name SHA256SUMS -printf '%f\n' | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)
say "artifacts in ${OUT#"$ROOT"/} ($(( $(date +%s) - start )) s):"
(cd "$OUT" && LC_ALL=C ls -l | awk 'NR > 1 { printf "  %10d  %s\n", $5, $9 }')
