# Sourced by tools/scripts/build-wheels.sh and test-python.sh: cached
# virtual environments and pyenv's interpreters. Needs a die() function.
# Cached venvs live outside the clone ($DEVIN_CACHE/python, like the other
# caches of make test) so they survive between CI runs on one machine.
# cached_venv NAME PYTHON REQUIREMENTS... prints the dir of a venv made by
# PYTHON with REQUIREMENTS installed, keyed by the interpreter and the pins
# (a new pin makes a new venv; older ones of NAME are removed). Built under a
# temporary name and renamed when complete; used only as `bin/python -m ...`
# (entry-point scripts would keep the temporary path in their shebang).
PYCACHE=${DEVIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devin}/python
cached_venv() {
  local name=$1 py=$2 key dir tmp r
  shift 2
  key=$( (
    "$py" -c 'import sys; print(sys.executable, sys.version)'
    cat "$@"
  ) | sha256sum | cut -c1-12)
  dir=$PYCACHE/$name-$key
  if [ ! -f "$dir/.complete" ]; then
    mkdir -p "$PYCACHE"
    tmp=$(mktemp -d "$PYCACHE/.$name.XXXXXX")
    "$py" -m venv "$tmp" >&2
    local args=()
    for r in "$@"; do args+=(-r "$r"); done
    "$tmp/bin/python" -m pip install -q --disable-pip-version-check "${args[@]}" >&2
    touch "$tmp/.complete"
    find "$PYCACHE" -maxdepth 1 -name "$name-*" ! -name "$name-$key" -exec rm -rf {} + 2>/dev/null || true
    rm -rf "$dir"
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
  fi
  echo "$dir"
}

pyenv_python() { # 3.1x -> its interpreter
  local root=${PYENV_ROOT:-$HOME/.pyenv} p
  p=$(ls -d "$root"/versions/"$1".*/bin/python3 2>/dev/null | sort -V | tail -1)
  [ -n "$p" ] && [ -x "$p" ] || die "CPython $1 not found under $root/versions (pyenv)"
  echo "$p"
}
