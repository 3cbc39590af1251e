#!/usr/bin/env bash
# Installs what `make demo` and `make test` need on a fresh Debian 12 machine:
# Debian packages with apt-get (only the missing ones), Python packages into
# .venv (made from the python3 on PATH). Node packages are installed by the
# Node binding's own steps (npm). Idempotent and quiet when all is present.
set -euo pipefail
cd "$(dirname "$0")/../.."

PKGS=(build-essential cmake ninja-build pkg-config ccache
      libcurl4-openssl-dev libsimdjson-dev libgtest-dev
      libcpp-httplib-dev nlohmann-json3-dev libssl-dev zlib1g-dev libbrotli-dev
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
