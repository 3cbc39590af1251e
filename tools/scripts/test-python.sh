#!/usr/bin/env bash
# The Python binding's suite, as `make test` runs it. What is tested is the
# artifact users install, not the build tree:
#   1. the wheels and sdist of `make dist`: taken from $DEVIN_DIST_DIR when it
#      holds them (make test runs `make dist` first), else built once here
#      with tools/scripts/build-wheels.sh into build/python/dist (the same
#      rules; needs build/dist from `make dist`);
#   2. the wheel of .venv's CPython installed into .venv: pytest tests/python,
#      the examples (examples/python/test_*.py use devin.testing), mypy
#      --strict on examples/python and on the installed package and stubs;
#   3. the runtime matrix: the whole pytest suite under CPython 3.10, 3.11,
#      3.12 and 3.13 (pyenv), each in a cached venv ($DEVIN_CACHE/python,
#      with pytest) with that version's wheel reinstalled;
#   4. the sdist, unpacked away from bindings/python, builds from source
#      (system libcurl, vendored simdjson) under CPython 3.11 and runs a
#      smoke test.
# DEVIN_EMULATOR_BIN (set by make) is the emulator the suite's fixtures run.
# Environment: SKIP_PACKAGING=1 skips steps 3 and 4 (quick local runs);
# DEVIN_PYTHONS limits the matrix (default "3.10 3.11 3.12 3.13").
# --install-only stops after installing into .venv (used by `make demo`; from
# source when no wheel is at hand).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
say() { echo "test-python: $*"; }
die() {
  echo "test-python: error: $*" >&2
  exit 1
}
export CCACHE_BASEDIR=$ROOT
PYTHONS=${DEVIN_PYTHONS:-3.10 3.11 3.12 3.13}
WORK=$ROOT/build/python
mkdir -p "$WORK"

[ -x .venv/bin/python ] || tools/scripts/install-deps.sh
PY=$ROOT/.venv/bin/python
REQ=bindings/python/requirements.txt
STAMP=.venv/.requirements-python.stamp
if [ ! -f "$STAMP" ] || ! cmp -s "$REQ" "$STAMP"; then
  say "pip install -r $REQ"
  $PY -m pip install -q --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$STAMP"
fi
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' bindings/python/pyproject.toml)

# The artifacts: make dist's, or built here once by the same script.
DIST=${DEVIN_DIST_DIR:-}
have_wheels() { ls "$1"/libdevin-"$VERSION"-cp3*-manylinux_*.whl >/dev/null 2>&1; }
if [ -z "$DIST" ] || ! have_wheels "$DIST"; then
  DIST=$WORK/dist
  if [ "${1:-}" != "--install-only" ]; then
    say "no wheels in \$DEVIN_DIST_DIR: tools/scripts/build-wheels.sh ${DIST#"$ROOT"/}"
    tools/scripts/build-wheels.sh "$DIST"
  fi
fi
wheel_for() { # PYTHON -> its wheel in $DIST
  local tag
  tag=$("$1" -c 'import sys; print("cp%d%d" % sys.version_info[:2])')
  ls "$DIST"/libdevin-"$VERSION"-"$tag"-"$tag"-manylinux_*.whl 2>/dev/null | head -1
}
# Installs WHEEL into the venv of PYTHON, replacing any earlier install (also
# one under the package's old distribution name `devin`).
install_wheel() { # PYTHON WHEEL
  "$1" -m pip uninstall -q -y devin libdevin >/dev/null 2>&1 || true
  "$1" -m pip install -q --disable-pip-version-check --no-deps --force-reinstall "$2"
}

if [ "${1:-}" = "--install-only" ]; then
  whl=$(wheel_for "$PY")
  if [ -n "$whl" ]; then
    install_wheel "$PY" "$whl"
  else # make demo before make dist: build from the checkout
    $PY -m pip uninstall -q -y devin >/dev/null 2>&1 || true
    $PY -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps \
      -C build-dir="$WORK/cache" ./bindings/python
  fi
  exit 0
fi

SDIST=$DIST/libdevin-$VERSION.tar.gz
[ -f "$SDIST" ] || die "$SDIST missing"
if [ -z "${DEVIN_EMULATOR_BIN:-}" ]; then
  for cand in build/default/emulator/devin-emulator build/dist/emulator/devin-emulator; do
    if [ -x "$cand" ]; then
      export DEVIN_EMULATOR_BIN="$ROOT/$cand"
      break
    fi
  done
fi
[ -x "${DEVIN_EMULATOR_BIN:-}" ] || die "devin-emulator not found (build it or set DEVIN_EMULATOR_BIN)"

# ---- 2. .venv -----------------------------------------------------------------
whl=$(wheel_for "$PY")
[ -n "$whl" ] || die "no wheel for $($PY --version) in $DIST"
install_wheel "$PY" "$whl"
say "installed $(basename "$whl") into .venv"
say "pytest tests/python ($($PY --version), .venv)"
(cd tests/python && "$PY" -m pytest -q -p no:cacheprovider .)
say "pytest examples/python (devin.testing in a user's tests)"
(cd examples/python && "$PY" -m pytest -q -p no:cacheprovider .)
say "mypy --strict examples/python"
$PY -m mypy --strict --no-incremental --cache-dir=/dev/null examples/python
say "mypy --strict -p devin (the installed package and its stubs)"
(cd /tmp && "$PY" -m mypy --strict --no-incremental --cache-dir=/dev/null -p devin)

if [ "${SKIP_PACKAGING:-0}" = 1 ]; then
  say "matrix and sdist skipped (SKIP_PACKAGING=1)"
  exit 0
fi

# ---- 3. the runtime matrix ------------------------------------------------------
# cached_venv, pyenv_python
. "$(dirname "${BASH_SOURCE[0]}")/lib/python-venvs.sh"
results=()
for v in $PYTHONS; do
  py=$(pyenv_python "$v")
  tpy=$(cached_venv "test-$v" "$py" bindings/python/requirements-test.txt)/bin/python
  whl=$(wheel_for "$tpy")
  [ -n "$whl" ] || die "no wheel for CPython $v in $DIST"
  install_wheel "$tpy" "$whl"
  say "pytest tests/python under $("$tpy" --version) ($(basename "$whl"))"
  # The installed wheel, not the checkout: run from tests/python, check where
  # devin comes from.
  (cd tests/python && "$tpy" -c 'import devin, sys; sys.exit("site-packages" not in devin.__file__)') ||
    die "CPython $v does not import the installed wheel"
  log=$WORK/pytest-$v.log
  if (cd tests/python && "$tpy" -m pytest -q -p no:cacheprovider .) >"$log" 2>&1; then
    tail -1 "$log"
    results+=("CPython $v: $(tail -1 "$log" | sed 's/=//g; s/^ *//; s/ *$//')")
  else
    cat "$log"
    die "pytest failed under CPython $v"
  fi
done
say "runtime matrix:"
for r in "${results[@]}"; do echo "  $r"; done

# ---- 4. the sdist builds from source --------------------------------------------
start=$(date +%s)
src=$WORK/sdist-test
rm -rf "$src"
mkdir -p "$src"
tar -xzf "$SDIST" -C "$src"
# A cached venv with the pinned build backend (pyproject's build-system
# requirements): no isolated build env to download each run, and stable
# include paths so that ccache (CCACHE_BASEDIR) serves the compile again.
venv=$(cached_venv sdist-3.11 "$(pyenv_python 3.11)" bindings/python/requirements-wheel.txt)
"$venv/bin/python" -m pip uninstall -q -y libdevin >/dev/null 2>&1 || true
say "pip install $(basename "$SDIST") (from source: system libcurl, vendored simdjson)"
(cd "$src" && "$venv/bin/python" -m pip install -q --disable-pip-version-check \
  --no-build-isolation ./libdevin-"$VERSION" >"$WORK/sdist-install.log" 2>&1) || {
  tail -40 "$WORK/sdist-install.log"
  die "the sdist does not build"
}
SMOKE='
import devin
from devin.testing import Emulator
assert "site-packages" in devin.__file__, devin.__file__
with Emulator(speed=100, strict=True) as emu, emu.client() as c:
    s = c.sessions.create(prompt="sdist smoke test")
    assert c.sessions.get(s.session_id).session_id == s.session_id
print("  sdist build ok:", devin.__file__)
'
(cd "$WORK" && "$venv/bin/python" -c "$SMOKE")
say "sdist built and smoke-tested in $(($(date +%s) - start)) s"
say "all passed"
