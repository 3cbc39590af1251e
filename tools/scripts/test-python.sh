#!/usr/bin/env bash
# The Python binding's suite, as `make test` runs it (DEVIN_EMULATOR_BIN set,
# the C++ build done in build/default):
#   1. install bindings/python into .venv (build cache: build/python/cache,
#      so reruns only relink what changed);
#   2. pytest tests/python against the emulator;
#   3. mypy --strict on examples/python and on the installed package (its
#      modules and the generated .pyi stubs);
#   4. build an sdist and a wheel, install each into a fresh virtual
#      environment away from the checkout and run a smoke test there
#      (the sdist must build alone: it carries core/, capi/ and api/).
# Environment: SKIP_PACKAGING=1 skips step 4 (quick local runs).
# --install-only stops after step 1 (used by `make demo`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

[ -x .venv/bin/python ] || tools/scripts/install-deps.sh
PY=.venv/bin/python
REQ=bindings/python/requirements.txt
STAMP=.venv/.requirements-python.stamp
if [ ! -f "$STAMP" ] || ! cmp -s "$REQ" "$STAMP"; then
  echo "test-python: pip install -r $REQ"
  $PY -m pip install -q --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$STAMP"
fi

if [ -z "${DEVIN_EMULATOR_BIN:-}" ]; then
  for cand in build/default/emulator/devin-emulator build/py-emu/emulator/devin-emulator; do
    if [ -x "$cand" ]; then export DEVIN_EMULATOR_BIN="$ROOT/$cand"; break; fi
  done
fi
if [ ! -x "${DEVIN_EMULATOR_BIN:-}" ]; then
  echo "test-python: devin-emulator not found (build it or set DEVIN_EMULATOR_BIN)" >&2
  exit 2
fi

echo "test-python: installing bindings/python into .venv"
start=$(date +%s)
$PY -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps \
  -C build-dir="$ROOT/build/python/cache" ./bindings/python
echo "test-python: installed in $(( $(date +%s) - start ))s"
[ "${1:-}" = "--install-only" ] && exit 0

echo "test-python: pytest tests/python"
(cd tests/python && "$ROOT/$PY" -m pytest -q -p no:cacheprovider .)

echo "test-python: mypy --strict examples/python"
$PY -m mypy --strict --no-incremental --cache-dir=/dev/null examples/python
echo "test-python: mypy --strict -p devin (the installed package and its stubs)"
(cd /tmp && "$ROOT/$PY" -m mypy --strict --no-incremental --cache-dir=/dev/null -p devin)

if [ "${SKIP_PACKAGING:-0}" = 1 ]; then
  echo "test-python: packaging test skipped (SKIP_PACKAGING=1)"
  exit 0
fi

echo "test-python: sdist and wheel in fresh virtual environments"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/devin-py-pkg.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
DIST="$WORK/dist"
$PY -m build --sdist --no-isolation --outdir "$DIST" bindings/python >"$WORK/sdist.log" 2>&1 \
  || { cat "$WORK/sdist.log"; exit 1; }
SDIST=$(ls "$DIST"/devin-*.tar.gz)
# Unpack the sdist twice, away from the checkout: one copy builds the wheel
# (pip wheel), the other is installed from source into a fresh venv, as pip
# would do with the tarball. Same layout under $WORK, so ccache (with
# CCACHE_BASEDIR) compiles libdevin once for both.
export CCACHE_BASEDIR="$WORK"
for d in a b; do mkdir "$WORK/$d"; tar -xzf "$SDIST" -C "$WORK/$d"; done
SRC_A=$(ls -d "$WORK"/a/devin-*) SRC_B=$(ls -d "$WORK"/b/devin-*)
for need in vendor/core/CMakeLists.txt vendor/capi/include/devin.h vendor/api/openapi.json \
            src/devin/_generated/resources.py src/devin/_generated/resources.pyi \
            src/devin/py.typed CMakeLists.txt pyproject.toml; do
  [ -f "$SRC_A/$need" ] || { echo "test-python: sdist lacks $need" >&2; exit 1; }
done
(cd "$WORK" && "$ROOT/$PY" -m pip wheel -q --disable-pip-version-check --no-deps -w "$DIST" \
    "$SRC_A" >"$WORK/wheel.log" 2>&1) || { cat "$WORK/wheel.log"; exit 1; }
WHEEL=$(ls "$DIST"/devin-*.whl)
for need in devin/py.typed devin/_generated/models.pyi devin/_generated/resources.pyi \
            devin/_generated/async_resources.pyi; do
  "$ROOT/$PY" -c "import sys, zipfile; sys.exit(0 if sys.argv[2] in zipfile.ZipFile(sys.argv[1]).namelist() else 1)" \
    "$WHEEL" "$need" || { echo "test-python: wheel lacks $need" >&2; exit 1; }
done
echo "test-python: built $(basename "$SDIST") and $(basename "$WHEEL")"

SMOKE='
import os, subprocess, devin
assert "site-packages" in devin.__file__, devin.__file__
emu = subprocess.Popen([os.environ["DEVIN_EMULATOR_BIN"], "--host", "127.0.0.1", "--port", "0"],
                       stdout=subprocess.PIPE, text=True)
try:
    url = emu.stdout.readline().split()[-1]
    with devin.Devin(api_key="cog_emulator_org_admin", base_url=url) as c:
        s = c.sessions.create(prompt="packaging smoke test")
        assert c.sessions.get(s.session_id).session_id == s.session_id
    print("  smoke ok:", devin.__file__)
finally:
    emu.terminate()
'
for what in wheel sdist; do
  venv="$WORK/venv-$what"
  python3 -m venv "$venv"
  target=$WHEEL; [ $what = sdist ] && target=$SRC_B
  (cd "$WORK" && "$venv/bin/python" -m pip install -q --disable-pip-version-check "$target" \
      >"$WORK/install-$what.log" 2>&1) || { cat "$WORK/install-$what.log"; exit 1; }
  echo "test-python: $what installed in a fresh venv"
  (cd "$WORK" && "$venv/bin/python" -c "$SMOKE")
done
echo "test-python: all passed"
