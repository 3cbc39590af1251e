#!/usr/bin/env bash
# `make test`: runs each named make target (a suite) in order, stops at the
# first failure, and ends with a table of wall time per suite. Each suite's
# own output (ctest, pytest, node:test summaries) passes through untouched.
set -uo pipefail
cd "$(dirname "$0")/../.."
MAKE=${MAKE:-make}
names=() secs=() results=()
status=0
total_start=$(date +%s.%N)
for suite in "$@"; do
  echo "==> make $suite"
  start=$(date +%s.%N)
  $MAKE --no-print-directory "$suite"
  rc=$?
  end=$(date +%s.%N)
  names+=("$suite")
  secs+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')")
  if [ $rc -ne 0 ]; then
    results+=("FAILED ($rc)")
    status=$rc
    break
  fi
  results+=("ok")
done
total=$(awk -v a="$total_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo
echo "make test: wall time per suite"
printf '  %-18s %9s  %s\n' suite seconds result
for i in "${!names[@]}"; do
  printf '  %-18s %9s  %s\n' "${names[$i]}" "${secs[$i]}" "${results[$i]}"
done
printf '  %-18s %9s\n' total "$total"
if [ $status -eq 0 ]; then
  echo "make test: all suites passed"
else
  echo "make test: FAILED in ${names[-1]}"
fi
exit $status
