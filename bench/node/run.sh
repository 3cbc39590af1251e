#!/usr/bin/env bash
# bench/node: builds the shared bench server (bench/server), pins it to CPU 0 and the Node client
# to CPU 1 (taskset), and runs bench.mjs against the installed libdevin
# package (DEVIN_NODE_PACKAGE, default build/node-project/node_modules/libdevin,
# installed by tools/scripts/test-node.sh --install-only) with undici from
# build/node-tools.
#   bench/node/run.sh [--quick]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/build/node-bench"
mkdir -p "$OUT"
g++ -O2 -std=c++17 -o "$OUT/server" "$ROOT/bench/server/bench_server.cpp"
if [ ! -d "$ROOT/build/node-tools/node_modules/undici" ]; then
  mkdir -p "$ROOT/build/node-tools"
  cp "$ROOT/tests/node/tools/package.json" "$ROOT/build/node-tools/package.json"
  (cd "$ROOT/build/node-tools" && npm install --no-package-lock --no-fund --no-audit >/dev/null)
fi
# The package as users install it (tools/scripts/test-node.sh --install-only
# puts it into build/node-project), unless DEVIN_NODE_PACKAGE names another.
if [ -z "${DEVIN_NODE_PACKAGE:-}" ]; then
  "$ROOT/tools/scripts/test-node.sh" --install-only >/dev/null
  export DEVIN_NODE_PACKAGE="$ROOT/build/node-project/node_modules/libdevin"
fi
CPUS=$(nproc)
SERVER_CPU=0
CLIENT_CPU=$(( CPUS > 1 ? 1 : 0 ))
taskset -c "$SERVER_CPU" "$OUT/server" 0 100 >"$OUT/server.out" &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
for _ in $(seq 1 50); do [ -s "$OUT/server.out" ] && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$OUT/server.out")
PORT=${URL##*:}
echo "bench/node: server on CPU $SERVER_CPU (port $PORT), client on CPU $CLIENT_CPU"
echo "bench/node: load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on these CPUs skews the figures)"
taskset -c "$CLIENT_CPU" node --expose-gc "$ROOT/bench/node/bench.mjs" --url "http://127.0.0.1:$PORT" "$@"
# Memory in a process of its own, so earlier workloads' heaps do not mix in.
taskset -c "$CLIENT_CPU" node --expose-gc "$ROOT/bench/node/bench.mjs" --url "http://127.0.0.1:$PORT" --rss-only "$@"
