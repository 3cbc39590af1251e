#!/usr/bin/env bash
# `make bench`: the C benchmark (bench/c) against devin-bench-server, server
# pinned to CPU 0 and client to CPU 1, then the Python and Node benchmarks
# (bench/python/run.sh, bench/node/run.sh, which pin the same way).
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build/default}
LOG=$(mktemp)
PIN_SERVER=""; PIN_CLIENT=""
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then PIN_SERVER="taskset -c 0"; PIN_CLIENT="taskset -c 1"; fi
$PIN_SERVER "$BUILD/bench/devin-bench-server" 0 100 >"$LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$LOG"' EXIT
for _ in $(seq 100); do grep -q '^listening on ' "$LOG" && break; sleep 0.05; done
URL=$(sed -n 's/^listening on //p' "$LOG" | head -1)
echo "bench: server at $URL (${PIN_SERVER:-unpinned}), load average $(cut -d' ' -f1-3 /proc/loadavg)"
$PIN_CLIENT "$BUILD/bench/bench_c_abi" "$URL" "${BENCH_N:-20000}"
kill $SERVER 2>/dev/null || true
# Every runner runs even when an earlier one reports a missed target; the
# exit status says whether any did.
status=0
for runner in bench/python/run.sh bench/node/run.sh; do
  if [ -x "$runner" ]; then echo; "$runner" ${BENCH_ARGS:-} || status=1; fi
done
exit $status
