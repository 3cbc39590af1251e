#!/usr/bin/env bash
# build-npm.sh OUTDIR: the npm tarball OUTDIR/libdevin-<version>.tgz.
#
#   prebuilds/linux-x64/libdevin.glibc.node   the addon, linked against
#                                             build/dist/capi/libdevin_bundle.a only
#                                             (one N-API 8 build serves Node 20-26)
#   prebuilds/linux-x64/devin-emulator        build/dist/emulator/devin-emulator (755)
#   lib/, index.d.ts, testing.d.ts, README.md the JavaScript package
#   src/, CMakeLists.txt, scripts/build.js,   what `npm run build` needs to build the
#   vendor/{core,capi,api,simdjson}           addon from source elsewhere
#   LICENSE, licenses/*.txt, sbom.cdx.json    licences of everything bundled
#
# The package.json inside has no install script (the checkout's keeps one, so
# that `npm install ./bindings/node` builds from source) and no dependencies.
# The tarball is assembled in a staging copy, so the checkout is never
# modified. npm pack stamps fixed times and sorts nothing by date, and the
# addon is built with fixed paths, so two runs give the same bytes.
#
# Inputs (defaults: the root project's `dist` preset, see tools/scripts/dist.sh):
#   DEVIN_BUNDLE          build/dist/capi/libdevin_bundle.a
#   DEVIN_BUNDLE_LIBS     libraries that bundle leaves out (none for the dist one; a CMake
#                         list, e.g. "curl;simdjson", for development stand-ins)
#   DEVIN_DIST_EMULATOR   build/dist/emulator/devin-emulator
#   DEVIN_DEPS_DIR        `third_party/deps.sh dir` (simdjson sources, licences)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
say() { echo "build-npm: $*"; }
die() {
  echo "build-npm: error: $*" >&2
  exit 1
}

[ $# -eq 1 ] || die "usage: $0 OUTDIR"
OUT=$(realpath -m "$1")
BUNDLE=$(realpath -m "${DEVIN_BUNDLE:-build/dist/capi/libdevin_bundle.a}")
EMULATOR=$(realpath -m "${DEVIN_DIST_EMULATOR:-build/dist/emulator/devin-emulator}")
DEPS=${DEVIN_DEPS_DIR:-$(third_party/deps.sh dir)}
VERSION=$(sed -n 's/^project(devin VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -f "$BUNDLE" ] || die "$BUNDLE missing: build the dist preset first (make dist, or cmake --preset dist && cmake --build --preset dist)"
[ -x "$EMULATOR" ] || die "$EMULATOR missing: build the dist preset first"
[ -f "$DEPS/src/simdjson/simdjson.cpp" ] || die "$DEPS/src/simdjson missing: run third_party/deps.sh sources"
[ -d "$DEPS/licenses" ] || die "$DEPS/licenses missing: run third_party/deps.sh sources"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false npm_config_loglevel=error

# 1. The build tools (cmake-js, node-addon-api: devDependencies) in the folder.
PKGDIR=bindings/node
if [ ! -d $PKGDIR/node_modules/node-addon-api ] || [ ! -d $PKGDIR/node_modules/cmake-js ] ||
  [ $PKGDIR/package.json -nt $PKGDIR/node_modules/.stamp ]; then
  say "npm install (cmake-js, node-addon-api)"
  (cd $PKGDIR && npm install --ignore-scripts --no-package-lock >/dev/null && touch node_modules/.stamp)
fi

# 2. The addon against the bundle, in a fixed build directory (incremental).
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/libdevin-npm.XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
P=$STAGE/package
mkdir -p "$P/prebuilds/linux-x64"
ADDON=$P/prebuilds/linux-x64/libdevin.glibc.node
say "addon against $(realpath --relative-to="$ROOT" "$BUNDLE") (build/node-dist)"
# Always given, so that a value cached by an earlier run cannot stay.
DEVIN_NODE_BUILD_DIR="$ROOT/build/node-dist" node $PKGDIR/scripts/build.js --bundle "$BUNDLE" --out "$ADDON" \
  -- "--CDDEVIN_BUNDLE_LIBS=${DEVIN_BUNDLE_LIBS:-}" >build/node-dist.log 2>&1 || {
  tail -40 build/node-dist.log
  die "addon build failed (build/node-dist.log)"
}
if [ -n "${DEVIN_BUNDLE_LIBS:-}" ]; then
  # A development stand-in that links some libraries dynamically cannot pass.
  tools/scripts/check-artifact.sh "$ADDON" || say "check-artifact failed (expected with DEVIN_BUNDLE_LIBS)"
elif [ -x tools/scripts/check-artifact.sh ]; then
  tools/scripts/check-artifact.sh "$ADDON" "$EMULATOR"
else
  say "tools/scripts/check-artifact.sh not present: symbol checks skipped"
fi

# 3. The package files.
git ls-files -co --exclude-standard -- $PKGDIR/lib $PKGDIR/src $PKGDIR/scripts/build.js $PKGDIR/CMakeLists.txt \
  $PKGDIR/index.d.ts $PKGDIR/testing.d.ts $PKGDIR/README.md | sed "s|^$PKGDIR/||" >"$STAGE/files"
tar -C $PKGDIR -cf - -T "$STAGE/files" | tar -xf - -C "$P"
node -e '
  const fs = require("node:fs");
  const pkg = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  delete pkg.scripts.install;   // prebuilt inside: nothing to do at install time
  delete pkg.scripts.prepack;
  delete pkg.dependencies;
  fs.writeFileSync(process.argv[2], JSON.stringify(pkg, null, 2) + "\n");
' $PKGDIR/package.json "$P/package.json"
node $PKGDIR/scripts/vendor.js --out "$P" --simdjson "$DEPS/src/simdjson"
install -m 755 "$EMULATOR" "$P/prebuilds/linux-x64/devin-emulator"
cp LICENSE "$P/LICENSE"
mkdir -p "$P/licenses"
cp "$DEPS"/licenses/*.txt "$P/licenses/"
if [ -f "$DEPS/versions.json" ] && [ -f tools/scripts/sbom.py ]; then
  python3 tools/scripts/sbom.py --name libdevin --version "$VERSION" --purl "pkg:npm/libdevin@$VERSION" \
    "$DEPS/versions.json" >"$P/sbom.cdx.json"
fi
# npm pack keeps the executable bit and nothing else of the mode; be explicit.
find "$P" -type d -exec chmod 755 {} +
find "$P" -type f -exec chmod 644 {} +
chmod 755 "$P/prebuilds/linux-x64/devin-emulator" "$P/prebuilds/linux-x64/libdevin.glibc.node"

# 4. npm pack (fixed 1985-10-26 times, gzip without a name or time).
mkdir -p "$OUT"
(cd "$P" && npm pack --pack-destination "$OUT" >/dev/null)
TGZ=$OUT/libdevin-$VERSION.tgz
[ -f "$TGZ" ] || die "npm pack did not write $TGZ"
say "$(basename "$TGZ"): $(du -k "$TGZ" | cut -f1) KiB (addon $(du -k "$ADDON" | cut -f1) KiB)"
