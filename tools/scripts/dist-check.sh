#!/usr/bin/env bash
# `make dist-check`: the full reproducibility check. Two clones of the
# checkout's last commit, at different paths, each run `make dist` from nothing (no build
# tree, ccache off; the pinned third-party build in $DEVIN_CACHE is shared,
# it is keyed by its own inputs), with the same SOURCE_DATE_EPOCH; every
# wheel and tarball must come out byte-identical. `make test` runs only the
# packaging half of this (`make test-repro`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
export CCACHE_DISABLE=1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/devin-dist-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for copy in first second-copy-at-another-path; do
  git clone -q "$ROOT" "$WORK/$copy"  # the builders read git (file lists, dates)
  ln -s "$ROOT/.venv" "$WORK/$copy/.venv"
  echo "dist-check: make dist in $WORK/$copy"
  start=$(date +%s)
  (cd "$WORK/$copy" && make --no-print-directory dist >"$WORK/$copy.log" 2>&1) \
    || { tail -80 "$WORK/$copy.log"; exit 1; }
  echo "dist-check: built in $(( $(date +%s) - start )) s"
done
fail=0
for f in "$WORK"/first/dist/*; do
  b=$(basename "$f")
  if cmp -s "$f" "$WORK/second-copy-at-another-path/dist/$b"; then
    echo "dist-check: identical  $b"
  else
    echo "dist-check: DIFFERENT  $b"
    # Wheels and tarballs must match; a .deb or SHA256SUMS difference is reported.
    case $b in *.whl | *.tgz | *.tar.gz) fail=1 ;; esac
  fi
done
exit $fail
