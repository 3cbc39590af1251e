#!/usr/bin/env bash
# `make demo`: starts a local devin-emulator, runs the quick starts against
# it (C, then Python and Node when their packages are present) and stops it.
# With DEVIN_API_KEY set and DEVIN_BASE_URL unset, talks to the real API.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build/default}
EMU_PID=""
cleanup() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null && wait "$EMU_PID" 2>/dev/null; true; }
trap cleanup EXIT

if [ -n "${DEVIN_API_KEY:-}" ] && [ -z "${DEVIN_BASE_URL:-}" ]; then
  echo "demo: DEVIN_API_KEY is set and DEVIN_BASE_URL is not: using the real API"
else
  LOG=$(mktemp)
  "$BUILD/emulator/devin-emulator" --host 127.0.0.1 --port 0 --speed "${DEVIN_DEMO_SPEED:-10}" >"$LOG" 2>&1 &
  EMU_PID=$!
  for _ in $(seq 100); do grep -q '^listening on ' "$LOG" && break; sleep 0.05; done
  DEVIN_BASE_URL=$(sed -n 's/^listening on //p' "$LOG" | head -1)
  [ -n "$DEVIN_BASE_URL" ] || { cat "$LOG"; echo "demo: the emulator did not start"; exit 1; }
  export DEVIN_BASE_URL
  export DEVIN_API_KEY=cog_emulator_org_admin
  echo "demo: devin-emulator at $DEVIN_BASE_URL (key $DEVIN_API_KEY, a seeded test key)"
fi

echo; echo "== C: examples/c/quickstart.c"
"$BUILD/examples/c/quickstart"

if [ -f examples/python/quickstart.py ] && [ -x tools/scripts/test-python.sh ]; then
  if tools/scripts/test-python.sh --install-only >/dev/null 2>&1; then
    echo; echo "== Python: examples/python/quickstart.py"
    .venv/bin/python examples/python/quickstart.py
    if [ -f examples/python/quickstart_async.py ]; then
      echo; echo "== Python (asyncio): examples/python/quickstart_async.py"
      .venv/bin/python examples/python/quickstart_async.py
    fi
  else
    echo "demo: could not install the Python package; skipping the Python quick start"
  fi
fi

if [ -f examples/node/quickstart.mjs ] && [ -x tools/scripts/test-node.sh ]; then
  if tools/scripts/test-node.sh --install-only >/dev/null 2>&1; then
    # The project test-node.sh installed libdevin into (the npm tarball of
    # make dist when it exists, else the checkout's folder built from source).
    APP=build/node-project
    cp examples/node/quickstart.mjs examples/node/quickstart.ts "$APP/"
    echo; echo "== Node: examples/node/quickstart.mjs"
    (cd "$APP" && node quickstart.mjs)
    TSC=build/node-tools/node_modules/typescript/bin/tsc
    if [ -f "$TSC" ]; then
      echo; echo "== TypeScript: examples/node/quickstart.ts (compiled with tsc)"
      node "$TSC" --strict --target es2022 --module nodenext --moduleResolution nodenext \
        --typeRoots build/node-tools/node_modules/@types --outDir "$APP/dist" "$APP/quickstart.ts"
      (cd "$APP" && node dist/quickstart.js)
    fi
  else
    echo "demo: could not build the Node package; skipping the Node quick start"
  fi
fi
echo; echo "demo: done"
