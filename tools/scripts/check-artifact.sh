#!/usr/bin/env bash
# check-artifact.sh FILE...: the rules for every ELF file meant for other
# machines (libdevin.so, devin-emulator, the Python extension, the Node addon).
#
#   1. It exports and imports no third-party symbol (nm -D): no simdjson::,
#      curl_*, SSL_*, CRYPTO_*, OPENSSL_*, EVP_*, nghttp2_* ... A module that
#      did could bind to another copy in the process (Node >= 22 exports
#      simdjson, every Node exports OpenSSL) or lend its own to others.
#   2. It imports nothing newer than GLIBC_2.34, GLIBCXX_3.4.29, CXXABI_1.3.13
#      (objdump -T): RHEL/Alma/Rocky 9, Amazon Linux 2023, Debian 12,
#      Ubuntu 22.04 have those.
#
# Prints one line per file; exits 1 if any file breaks a rule.
set -euo pipefail

MAX_GLIBC=2.34
MAX_GLIBCXX=3.4.29
MAX_CXXABI=1.3.13
# Third-party symbol names (nm -D -C output), as an extended regex.
FORBIDDEN='(^|[^[:alnum:]_])(simdjson::|curl_|Curl_|SSL_|CRYPTO_|OPENSSL_|EVP_|BIO_|X509_|ERR_|nghttp2_|deflate|inflate|zlibVersion|httplib::)'

if (($# == 0)); then
  echo "usage: $0 FILE..." >&2
  exit 2
fi

newer_than() { # newer_than VERSION MAX: true if VERSION > MAX
  [[ "$1" != "$2" && "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n1)" == "$1" ]]
}

status=0
for f in "$@"; do
  name=$(basename "$f")
  if [[ ! -f "$f" ]]; then
    echo "check-artifact: FAIL $name: no such file ($f)"
    status=1
    continue
  fi
  problems=()

  # 1. third-party symbols, exported or imported
  bad=$(nm -D -C --without-symbol-versions "$f" | grep -E "$FORBIDDEN" || true)
  if [[ -n "$bad" ]]; then
    n=$(wc -l <<<"$bad")
    problems+=("$n third-party dynamic symbols, e.g. $(head -n3 <<<"$bad" | sed 's/^ *//' | tr '\n' ';')")
  fi
  exported=$(nm -D --defined-only "$f" | wc -l)

  # 2. symbol versions of the imports
  versions=$(objdump -T "$f" | awk '$0 ~ /\*UND\*/' | grep -oE '(GLIBC|GLIBCXX|CXXABI)_[0-9.]+' | sort -u || true)
  newest_glibc=$(grep -oP '^GLIBC_\K[0-9.]+' <<<"$versions" | sort -V | tail -n1 || true)
  newest_glibcxx=$(grep -oP '^GLIBCXX_\K[0-9.]+' <<<"$versions" | sort -V | tail -n1 || true)
  newest_cxxabi=$(grep -oP '^CXXABI_\K[0-9.]+' <<<"$versions" | sort -V | tail -n1 || true)
  for kind in GLIBC GLIBCXX CXXABI; do
    case $kind in
      GLIBC) max=$MAX_GLIBC ;;
      GLIBCXX) max=$MAX_GLIBCXX ;;
      CXXABI) max=$MAX_CXXABI ;;
    esac
    for v in $(grep -oP "^${kind}_\\K[0-9.]+" <<<"$versions" || true); do
      if newer_than "$v" "$max"; then
        which=$(objdump -T -C "$f" | grep -F "${kind}_$v" | sed -E "s/.*${kind}_[0-9.]+\\)? *//" | sort -u | tr '\n' ';' || true)
        problems+=("imports ${kind}_$v (newer than ${kind}_$max): $which")
      fi
    done
  done

  summary="exports $exported symbols, newest GLIBC_${newest_glibc:-none} GLIBCXX_${newest_glibcxx:-none} CXXABI_${newest_cxxabi:-none}"
  if ((${#problems[@]})); then
    echo "check-artifact: FAIL $name: $summary"
    for p in "${problems[@]}"; do echo "  - $p"; done
    status=1
  else
    echo "check-artifact: OK   $name: $summary; no third-party symbols"
  fi
done
exit $status
