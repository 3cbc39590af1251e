#!/usr/bin/env bash
# libdevin from other languages' FFIs, against an installed copy:
#   1. the SDK tarball of `make dist` ($DEVIN_DIST_DIR/libdevin-<v>-linux-x86_64.tar.gz:
#      libdevin.so with its pinned static libcurl/OpenSSL) unpacked into
#      build/ffi/prefix, else `cmake --install` of $BUILD (default build/default)
#      there (a fixed place, so Go's and Cargo's caches stay valid between
#      runs); examples/c/quickstart.c builds against it with pkg-config and runs;
#   2. examples/go (cgo, `#cgo pkg-config: devin`, standard library only,
#      GOPROXY=off) builds and runs its quick start against the emulator;
#   3. examples/rust: devin-sys declares every function of devin.h (checked
#      by name) and lays out the option structs as the C compiler does
#      (checked field by field against tests/install/layout.c); the quick
#      start builds (pkg-config crate; Cargo target in build/ffi/cargo) and
#      runs against the emulator.
# A missing toolchain (go, cargo) skips its part with a message.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUILD=${BUILD:-build/default}
EMULATOR=${DEVIN_EMULATOR_BIN:-$ROOT/$BUILD/emulator/devin-emulator}
say() { echo "ffi: $*"; }
[ -x "$EMULATOR" ] || { echo "ffi: devin-emulator not found (build it or set DEVIN_EMULATOR_BIN)" >&2; exit 2; }

OUT=$ROOT/build/ffi
PREFIX=$OUT/prefix
rm -rf "$PREFIX"
VERSION=$(sed -n 's/^project(devin VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
SDK=${DEVIN_DIST_DIR:-$ROOT/dist}/libdevin-$VERSION-linux-x86_64.tar.gz
if [ -f "$SDK" ]; then
  mkdir -p "$PREFIX"
  tar -xzf "$SDK" -C "$PREFIX" --strip-components=1
  say "installed the SDK tarball $(basename "$SDK")"
else
  cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
  say "installed $BUILD (no SDK tarball in ${DEVIN_DIST_DIR:-dist/})"
fi
LIBDIR=$(dirname "$(ls "$PREFIX"/lib*/libdevin.so.0 | head -1)")
export PKG_CONFIG_PATH=$LIBDIR/pkgconfig
export LD_LIBRARY_PATH=$LIBDIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/devin-ffi.XXXXXX")
EMU_PID=""
cleanup() {
  if [ -n "$EMU_PID" ]; then kill "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
"$EMULATOR" --host 127.0.0.1 --port 0 --speed 100 --strict >"$WORK/emu.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 200); do grep -q '^listening on ' "$WORK/emu.log" && break; sleep 0.05; done
export DEVIN_BASE_URL=$(sed -n 's/^listening on //p' "$WORK/emu.log" | head -1)
[ -n "$DEVIN_BASE_URL" ] || { cat "$WORK/emu.log" >&2; exit 1; }
export DEVIN_API_KEY=cog_emulator_org_admin

# The quick start's output must show each step.
check_output() { # NAME FILE
  local name=$1 out=$2 pattern
  for pattern in '^libdevin ' '^created devin-' '^status ' '^page: ' '^typed error: '; do
    grep -q "$pattern" "$out" || { echo "ffi: $name: no line matching '$pattern':" >&2; cat "$out" >&2; exit 1; }
  done
  say "$name: $(grep '^typed error' "$out")"
}

# --- C, from the installed copy (pkg-config) ------------------------------------
cc -std=c99 -Wall -Werror -o "$OUT/c-quickstart" examples/c/quickstart.c $(pkg-config --cflags --libs devin)
"$OUT/c-quickstart" >"$WORK/c.out" 2>&1 || { cat "$WORK/c.out" >&2; exit 1; }
say "c: examples/c/quickstart.c built with pkg-config against $(basename "$(realpath "$LIBDIR/libdevin.so.0")") and ran"

# --- Go ----------------------------------------------------------------------
if command -v go >/dev/null; then
  start=$(date +%s)
  (cd examples/go && CGO_ENABLED=1 GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local \
    go build -o "$OUT/go-quickstart" . && go vet ./...) || { echo "ffi: go build failed" >&2; exit 1; }
  "$OUT/go-quickstart" >"$WORK/go.out" 2>&1 || { cat "$WORK/go.out" >&2; exit 1; }
  check_output "go $(go env GOVERSION) (cgo)" "$WORK/go.out"
  say "go: built and ran in $(($(date +%s) - start))s"
else
  say "SKIPPED go: no go toolchain on PATH (examples/go needs Go >= 1.21 with cgo)"
fi

# --- Rust --------------------------------------------------------------------
if command -v cargo >/dev/null; then
  start=$(date +%s)
  # Every DEVIN_API function of devin.h is declared in devin-sys.
  grep -o 'DEVIN_API [^(]*(' capi/include/devin.h | sed 's/.*[ *]\([a-z_0-9]*\)($/\1/' |
    grep '^devin_' | sort -u >"$WORK/h.txt"
  grep -o 'pub fn devin_[a-z_0-9]*' examples/rust/devin-sys/src/lib.rs | awk '{print $3}' | sort -u >"$WORK/rs.txt"
  if ! diff "$WORK/h.txt" "$WORK/rs.txt" >"$WORK/fn.diff"; then
    echo "ffi: devin-sys and devin.h disagree ('<' only in devin.h, '>' only in devin-sys):" >&2
    cat "$WORK/fn.diff" >&2
    exit 1
  fi
  export CARGO_TARGET_DIR=$OUT/cargo
  MANIFEST=examples/rust/Cargo.toml
  # The option structs: Rust's layout against the C compiler's.
  cc -std=c99 -Wall -Wextra -Werror tests/install/layout.c $(pkg-config --cflags devin) -o "$WORK/layout-c"
  "$WORK/layout-c" >"$WORK/layout-c.txt"
  cargo run -q --release --manifest-path "$MANIFEST" -p devin-sys --example layout >"$WORK/layout-rs.txt"
  if ! diff "$WORK/layout-c.txt" "$WORK/layout-rs.txt" >"$WORK/layout.diff"; then
    echo "ffi: struct layouts differ ('<' C, '>' devin-sys):" >&2
    cat "$WORK/layout.diff" >&2
    exit 1
  fi
  cargo build -q --release --manifest-path "$MANIFEST" -p devin-quickstart
  "$CARGO_TARGET_DIR/release/devin-quickstart" >"$WORK/rust.out" 2>&1 || { cat "$WORK/rust.out" >&2; exit 1; }
  say "rust: devin-sys declares all $(wc -l <"$WORK/h.txt") functions of devin.h; $(grep -c ' ' "$WORK/layout-c.txt") sizes/offsets match C"
  check_output "rust $(rustc --version | cut -d' ' -f2) (devin-sys)" "$WORK/rust.out"
  say "rust: built and ran in $(($(date +%s) - start))s"
else
  say "SKIPPED rust: no cargo on PATH (examples/rust needs Rust >= 1.77)"
fi
