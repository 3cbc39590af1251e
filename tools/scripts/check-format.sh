#!/usr/bin/env bash
# clang-format (pinned: Debian's clang-format-14) over the hand-written C/C++.
# --fix rewrites files in place; otherwise fails when any file is not clean.
set -euo pipefail
cd "$(dirname "$0")/../.."
CF=$(command -v clang-format-14 || true)
[ -n "$CF" ] || { echo "check-format: clang-format-14 not found (run make deps)"; exit 1; }
mapfile -t files < <(git ls-files -co --exclude-standard -- \
  'core/*.cpp' 'core/*.hpp' 'capi/*.cpp' 'capi/*.h' 'capi/*.hpp' 'emulator/*.cpp' 'emulator/*.hpp' \
  'tests/*.cpp' 'tests/*.hpp' 'tests/*.c' 'examples/*.c' 'examples/*.cpp' 'bench/*.cpp' \
  'bindings/*.cpp' 'bindings/*.hpp' | grep -v -E '(^|/)generated/|\.gen\.' || true)
if [ "${1:-}" = "--fix" ]; then
  "$CF" -i "${files[@]}"
  echo "check-format: formatted ${#files[@]} files"
else
  "$CF" --dry-run -Werror "${files[@]}"
  echo "check-format: ${#files[@]} files clean"
fi
