#!/usr/bin/env bash
# The Node binding's suite, as `make test` runs it (DEVIN_EMULATOR_BIN set,
# the C++ build done in build/default):
#   1. build bindings/node's addon (cmake-js; build dir build/node-addon, so
#      reruns only rebuild what changed; ccache makes fresh builds cheap);
#   2. node --test tests/node against the emulator;
#   3. tsc --noEmit --strict on examples/node/quickstart.ts;
#   4. npm pack, install the tarball into an empty project away from the
#      checkout (it must build alone: it carries core/, capi/ and api/), then
#      require/import smoke tests, the TypeScript example compiled and run, and
#      the .mjs quickstart, against the emulator.
# Environment: SKIP_PACKAGING=1 skips step 4 (quick local runs).
# --install-only stops once the addon and the tools are built (`make demo`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
say() { echo "test-node: $*"; }

if [ -z "${DEVIN_EMULATOR_BIN:-}" ]; then
  for cand in build/default/emulator/devin-emulator build/node-emu/emulator/devin-emulator; do
    if [ -x "$cand" ]; then export DEVIN_EMULATOR_BIN="$ROOT/$cand"; break; fi
  done
fi
if [ ! -x "${DEVIN_EMULATOR_BIN:-}" ]; then
  echo "test-node: devin-emulator not found (build it or set DEVIN_EMULATOR_BIN)" >&2
  exit 2
fi
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_loglevel=error

# 1. The addon, from the checkout's sources.
start=$(date +%s)
if [ ! -d bindings/node/node_modules/node-addon-api ] || [ bindings/node/package.json -nt bindings/node/node_modules/.stamp ]; then
  say "npm install (bindings/node dependencies)"
  (cd bindings/node && npm install --ignore-scripts --no-package-lock >/dev/null && touch node_modules/.stamp)
fi
say "building the addon (build/node-addon)"
DEVIN_NODE_BUILD_DIR="$ROOT/build/node-addon" node bindings/node/scripts/build.js >build/node-addon.log 2>&1 \
  || { tail -50 build/node-addon.log; exit 1; }
say "addon ready in $(( $(date +%s) - start ))s"

# Tools (TypeScript, @types/node, undici for the benchmark) in build/node-tools.
TOOLS=build/node-tools
mkdir -p "$TOOLS"
if ! cmp -s tests/node/tools/package.json "$TOOLS/package.json" || [ ! -d "$TOOLS/node_modules/typescript" ]; then
  say "npm install (test tools)"
  cp tests/node/tools/package.json "$TOOLS/package.json"
  (cd "$TOOLS" && npm install --no-package-lock >/dev/null)
fi
TSC="$ROOT/$TOOLS/node_modules/typescript/bin/tsc"
[ "${1:-}" = "--install-only" ] && exit 0

# 2. The suite.
say "node --test tests/node"
node --test --test-concurrency=2 tests/node/

# 3. Types: the example against the checkout's index.d.ts.
say "tsc --noEmit --strict examples/node/quickstart.ts"
cat >"$TOOLS/tsconfig.examples.json" <<JSON
{
  "extends": "$ROOT/examples/node/tsconfig.json",
  "compilerOptions": {
    "noEmit": true, "strict": true, "baseUrl": "$ROOT",
    "paths": { "devin": ["bindings/node/index.d.ts"] },
    "typeRoots": ["$ROOT/$TOOLS/node_modules/@types"]
  },
  "files": ["$ROOT/examples/node/quickstart.ts"]
}
JSON
node "$TSC" -p "$TOOLS/tsconfig.examples.json"
say "tsc: ok"

if [ "${SKIP_PACKAGING:-0}" = 1 ]; then
  say "packaging test skipped (SKIP_PACKAGING=1)"
  exit 0
fi

# 4. npm pack -> empty project -> smoke tests.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/devin-node-pkg.XXXXXX")
EMU_PID=
cleanup() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
start=$(date +%s)
(cd bindings/node && npm pack --pack-destination "$WORK" >"$WORK/pack.log" 2>&1) || { cat "$WORK/pack.log"; exit 1; }
TARBALL=$(ls "$WORK"/devin-*.tgz)
say "packed $(basename "$TARBALL") ($(du -k "$TARBALL" | cut -f1) KiB)"
tar -tzf "$TARBALL" >"$WORK/contents.txt"
for f in package/vendor/core/CMakeLists.txt package/vendor/capi/include/devin.h package/vendor/api/openapi.json \
         package/CMakeLists.txt package/index.d.ts package/lib/resources.gen.js; do
  grep -qx "$f" "$WORK/contents.txt" || { echo "test-node: $f missing from the tarball" >&2; exit 1; }
done
mkdir "$WORK/project"
cd "$WORK/project"
echo '{ "name": "devin-smoke", "private": true, "version": "1.0.0", "allowScripts": { "devin": true } }' >package.json
export CCACHE_BASEDIR="$WORK"  # cache hits across runs despite the random directory
npm install "$TARBALL" >"$WORK/install.log" 2>&1 || { tail -60 "$WORK/install.log"; exit 1; }
say "installed from the tarball in $(( $(date +%s) - start ))s"

"$DEVIN_EMULATOR_BIN" --host 127.0.0.1 --port 0 --speed 100 >"$WORK/emu.out" 2>"$WORK/emu.err" &
EMU_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/emu.out" ] && break; sleep 0.1; done
URL=$(head -1 "$WORK/emu.out" | sed -n 's/^listening on //p')
[ -n "$URL" ] || { echo "test-node: emulator did not start" >&2; exit 1; }
export DEVIN_BASE_URL="$URL" DEVIN_API_KEY=cog_emulator_org_admin

node -e "
  const { Devin, NotFoundError, abiVersion } = require('devin');
  if (abiVersion !== 1) throw new Error('abi');
  const c = new Devin();
  c.sessions.create({ prompt: 'smoke (require)' }).then(async (s) => {
    const g = await c.sessions.get(s.session_id);
    await c.sessions.get('devin-nope').catch((e) => { if (!(e instanceof NotFoundError)) throw e; });
    console.log('require: ok', g.session_id);
  });
"
node --input-type=module -e "
  import { Devin } from 'devin';
  import Default from 'devin';
  if (Default !== Devin) throw new Error('default export');
  const me = await new Devin().whoami();
  console.log('import: ok', me.org_id);
"
cp "$ROOT/examples/node/quickstart.mjs" "$ROOT/examples/node/quickstart.ts" .
cat >tsconfig.json <<JSON
{
  "extends": "$ROOT/examples/node/tsconfig.json",
  "compilerOptions": { "outDir": "dist", "typeRoots": ["$ROOT/$TOOLS/node_modules/@types"] },
  "files": ["quickstart.ts"]
}
JSON
node "$TSC" -p tsconfig.json
say "tsc (installed package): ok"
node dist/quickstart.js >"$WORK/ts.out" 2>&1 || { cat "$WORK/ts.out"; exit 1; }
node quickstart.mjs >"$WORK/mjs.out" 2>&1 || { cat "$WORK/mjs.out"; exit 1; }
say "quickstart.ts and quickstart.mjs ran against the emulator"

# `npm install ./bindings/node` on a fresh machine: a copy of the sources the
# folder needs (no node_modules, no build), installed into another empty project.
start=$(date +%s)
mkdir -p "$WORK/repo/bindings/node" "$WORK/linked"
cp -r "$ROOT/core" "$ROOT/capi" "$ROOT/api" "$ROOT/CMakeLists.txt" "$WORK/repo/"
(cd "$ROOT/bindings/node" && git ls-files -co --exclude-standard . | tar -cf - -T -) | (cd "$WORK/repo/bindings/node" && tar -xf -)
cd "$WORK/linked"
echo '{ "name": "devin-linked", "private": true, "version": "1.0.0", "allowScripts": { "devin": true } }' >package.json
npm install "$WORK/repo/bindings/node" >"$WORK/linked.log" 2>&1 || { tail -60 "$WORK/linked.log"; exit 1; }
node -e "
  const { Devin } = require('devin');
  new Devin().whoami().then((me) => console.log('folder install: ok', me.org_id));
"
say "npm install <folder> built and ran in $(( $(date +%s) - start ))s"
say "packaging: ok"
