#!/usr/bin/env bash
# Installs what `make demo` and `make test` need on a fresh Debian 12 machine:
# Debian packages with apt-get (only the missing ones), Python packages into
# .venv (made from the python3 on PATH). Node packages are installed by the
# Node binding's own steps (npm). Idempotent and quiet when all is present.
set -euo pipefail
cd "$(dirname "$0")/../.."

# simdjson and cpp-httplib are not taken from Debian's binary packages: both
# are compiled in from the pinned Debian *source* packages of
# third_party/deps.sh (fetched at the end of this script), so that no build
# binds to another copy of simdjson (Node >= 22 exports its own).
PKGS=(build-essential dpkg-dev perl cmake ninja-build pkg-config ccache
      libcurl4-openssl-dev libgtest-dev
      nlohmann-json3-dev libssl-dev zlib1g-dev
      clang-format-14 openssl)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "install-deps: creating .venv"
  "$PY" -m venv .venv
fi
REQ=tools/scripts/requirements-dev.txt
STAMP=.venv/.requirements-dev.stamp
if [ ! -f "$STAMP" ] || ! cmp -s "$REQ" "$STAMP"; then
  echo "install-deps: pip install -r $REQ"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$REQ"
  cp "$REQ" "$STAMP"
fi

# The pinned third-party sources (simdjson amalgamation, header-only
# cpp-httplib; cached under ${DEVIN_CACHE:-~/.cache/devin}/third_party).
third_party/deps.sh sources >/dev/null
