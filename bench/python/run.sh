#!/usr/bin/env bash
# Python client benchmarks: devin (AsyncDevin / Devin) against aiohttp,
# httpx and requests on the same local server (server on core 0, clients on
# core 1). Usage: bench/python/run.sh [--quick]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PY=.venv/bin/python
OUT=build/python/bench
mkdir -p "$OUT"
$PY -m pip install -q --disable-pip-version-check -r bench/python/requirements.txt
$PY -c "import devin" 2>/dev/null || \
  $PY -m pip install -q --no-build-isolation --no-deps -C build-dir="$ROOT/build/python/cache" ./bindings/python
c++ -O2 -std=c++17 -o "$OUT/server" bench/server/bench_server.cpp

PIN_SERVER=() PIN_CLIENT=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  PIN_SERVER=(taskset -c 0) PIN_CLIENT=(taskset -c 1)
fi
"${PIN_SERVER[@]}" "$OUT/server" 0 100 >"$OUT/server.out" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$OUT/server.out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$OUT/server.out")
"${PIN_CLIENT[@]}" $PY bench/python/bench.py --url "$URL" "$@"
