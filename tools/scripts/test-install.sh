#!/usr/bin/env bash
# Installs libdevin with `cmake --install` into a scratch prefix, builds
# examples/c/quickstart.c against the installed copy twice (find_package and
# pkg-config), runs it against a private emulator, checks the exported
# symbols, and proves plain FFI works with a ctypes script.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build/default}
EMULATOR=${DEVIN_EMULATOR_BIN:-$BUILD/emulator/devin-emulator}
WORK=$(mktemp -d)
EMU_PID=""
cleanup() { [ -n "$EMU_PID" ] && kill "$EMU_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
LIB=$(ls "$WORK"/prefix/lib*/libdevin.so.0 2>/dev/null | head -1)
[ -n "$LIB" ] || { echo "install: libdevin.so.0 not installed"; exit 1; }
LIBDIR=$(dirname "$LIB")
soname=$(readelf -d "$LIB" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
[ "$soname" = "libdevin.so.0" ] || { echo "install: SONAME is '$soname'"; exit 1; }
bad=$(nm -D --defined-only "$LIB" | awk '$2 ~ /[TDBRW]/ {print $3}' | grep -v '^devin_' || true)
[ -z "$bad" ] || { echo "install: symbols other than devin_* exported:"; echo "$bad"; exit 1; }
echo "install: $(nm -D --defined-only "$LIB" | grep -c ' devin_') devin_* symbols exported, nothing else; SONAME $soname"

cmake -S tests/install -B "$WORK/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$WORK/prefix" \
  -DQUICKSTART_SOURCE="$PWD/examples/c/quickstart.c" >/dev/null
cmake --build "$WORK/consumer" >/dev/null
PKG_CONFIG_PATH="$LIBDIR/pkgconfig" cc -std=c99 -Wall -Wextra -pedantic -Werror \
  examples/c/quickstart.c $(PKG_CONFIG_PATH="$LIBDIR/pkgconfig" pkg-config --cflags --libs devin) \
  -o "$WORK/quickstart-pc"

LOG="$WORK/emu.log"
"$EMULATOR" --host 127.0.0.1 --port 0 --speed 100 --strict >"$LOG" 2>&1 &
EMU_PID=$!
for _ in $(seq 100); do grep -q '^listening on ' "$LOG" && break; sleep 0.05; done
export DEVIN_BASE_URL=$(sed -n 's/^listening on //p' "$LOG" | head -1)
export DEVIN_API_KEY=cog_emulator_org_admin
LD_LIBRARY_PATH="$LIBDIR" "$WORK/consumer/quickstart" >/dev/null
LD_LIBRARY_PATH="$LIBDIR" "$WORK/quickstart-pc" >/dev/null
echo "install: quickstart built with find_package(devin) and with pkg-config ran against the emulator"
python3 tests/install/ctypes_smoke.py "$LIB"
