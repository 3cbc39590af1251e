#!/usr/bin/env bash
# The pinned third-party code that libdevin's distributable artifacts link
# statically (see third_party/versions.lock for the why and the versions).
#
#   third_party/deps.sh dir      print the cache dir for the current pins (no work)
#   third_party/deps.sh sources  fetch + unpack the Debian source packages, print the dir
#   third_party/deps.sh static   also build the static PIC libraries, print the dir
#   third_party/deps.sh served   list the versions Debian serves now (to update a pin)
#
# The dir is $DEVIN_CACHE/third_party/<key>, where <key> hashes versions.lock
# and this script: a new pin or a changed build rebuilds, a second run is
# instant. Layout:
#   src/simdjson/simdjson.{h,cpp}   amalgamation (compiled in by CMake)
#   src/httplib/httplib.h           header-only cpp-httplib (the emulator)
#   prefix/{include,lib}            static libz, libnghttp2, libssl, libcrypto, libcurl
#   licenses/<package>.txt          debian/copyright of each package
#   versions.json                   name, debian_version, upstream_version, license
#
# Sources come only from Debian's signed archive: apt-get source through a
# private apt state under $DEVIN_CACHE/apt (the system's apt configuration,
# lists and cache are never read or written), apt checks every file against
# the hashes of the signed Sources index, dpkg-source -x applies Debian's
# patches. Progress goes to stderr, the dir to stdout.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOCK_FILE=$HERE/versions.lock
DEVIN_CACHE=${DEVIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devin}
JOBS=${JOBS:-$(nproc)}

# Debian suites the sources come from (bookworm and its security updates).
APT_SOURCES='deb-src http://deb.debian.org/debian bookworm main
deb-src http://deb.debian.org/debian-security bookworm-security main
deb-src http://deb.debian.org/debian bookworm-updates main'

log() { echo "deps: $*" >&2; }
die() {
  echo "deps: error: $*" >&2
  exit 1
}

key() { cat "$LOCK_FILE" "${BASH_SOURCE[0]}" | sha256sum | cut -c1-16; }
DIR=$DEVIN_CACHE/third_party/$(key)

# --- versions.lock --------------------------------------------------------
declare -A VERSION LICENSE BUNDLED
PACKAGES=()
while read -r name version license bundled _; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  PACKAGES+=("$name")
  VERSION[$name]=$version
  LICENSE[$name]=$license
  BUNDLED[$name]=$bundled
done <"$LOCK_FILE"

# 1:1.2.13.dfsg-1+deb12u1 -> 1.2.13 (no epoch, Debian revision or repack tag)
upstream_version() {
  local v=${1#*:}
  v=${v%-*}
  v=${v%+ds*}
  v=${v%+dfsg*}
  v=${v%.dfsg*}
  echo "$v"
}

# --- private apt state ----------------------------------------------------
APT_DIR=$DEVIN_CACHE/apt
APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list"
  -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::Etc::Preferences=$APT_DIR/preferences"
  -o Dir::Etc::PreferencesParts=/dev/null
  -o "Dir::State::Lists=$APT_DIR/lists"
  -o "Dir::Cache=$APT_DIR/cache"
  -o Acquire::Languages=none
  -o APT::Sandbox::User="$(id -un)")
APT_UPDATED=0

apt_update() {
  mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
  printf '%s\n' "$APT_SOURCES" >"$APT_DIR/sources.list"
  : >"$APT_DIR/preferences"
  log "apt-get update (private state in $APT_DIR)"
  apt-get "${APT_OPTS[@]}" -qq update >&2 || die "apt-get update failed (is deb.debian.org reachable?)"
  APT_UPDATED=1
}

served_versions() {
  apt-cache "${APT_OPTS[@]}" showsrc --only-source "$1" 2>/dev/null |
    sed -n 's/^Version: //p' | sort -u -V -r | tr '\n' ' '
}

# Downloads (.dsc, .orig.tar.*, .debian.tar.*) are shared between keys:
# their names carry the version.
DL=$DEVIN_CACHE/third_party/downloads

dsc_path() {
  local v=${VERSION[$1]}
  echo "$DL/${1}_${v#*:}.dsc"
}

fetch() {
  local pkg=$1 ver=${VERSION[$1]}
  [[ -f "$(dsc_path "$pkg")" ]] && return 0
  mkdir -p "$DL"
  [[ -f "$APT_DIR/sources.list" && -n "$(ls "$APT_DIR/lists" 2>/dev/null | grep Sources)" ]] || apt_update
  if ! (cd "$DL" && apt-get "${APT_OPTS[@]}" -qq source --download-only "$pkg=$ver" >&2); then
    if ((!APT_UPDATED)); then
      apt_update
      (cd "$DL" && apt-get "${APT_OPTS[@]}" -qq source --download-only "$pkg=$ver" >&2) && return 0
    fi
    local served
    served=$(served_versions "$pkg")
    if [[ " $served " == *" $ver "* ]]; then
      die "Debian's index lists $pkg $ver (pinned in third_party/versions.lock) but its files could
  not be downloaded (see apt's errors above); if this persists, pin another served version: $served"
    fi
    die "Debian no longer serves $pkg $ver (pinned in third_party/versions.lock).
  Served now: $served
  Update the '$pkg' line of third_party/versions.lock to a served version (this rebuilds the static set)."
  fi
}

# --- sources --------------------------------------------------------------
purl_version() { # percent-encode what a purl version may not carry raw
  local v=${1//%/%25}
  v=${v//+/%2B}
  echo "${v//:/%3A}"
}

write_versions_json() {
  local out=$1 first=1 pkg v
  {
    echo "["
    for pkg in "${PACKAGES[@]}"; do
      v=${VERSION[$pkg]}
      ((first)) || echo ","
      first=0
      printf '  {"name": "%s", "debian_version": "%s", "upstream_version": "%s", "license": "%s", ' \
        "$pkg" "$v" "$(upstream_version "$v")" "${LICENSE[$pkg]}"
      printf '"purl": "pkg:deb/debian/%s@%s?arch=source&distro=debian-12", "bundled_in": ["%s"]}' \
        "$pkg" "$(purl_version "$v")" "${BUNDLED[$pkg]//,/\", \"}"
    done
    printf '\n]\n'
  } >"$out"
}

do_sources() {
  [[ -f "$DIR/.sources.ok" ]] && return 0
  command -v dpkg-source >/dev/null || die "dpkg-source missing (apt-get install dpkg-dev)"
  local pkg
  for pkg in "${PACKAGES[@]}"; do fetch "$pkg"; done
  rm -rf "$DIR/pkgsrc" "$DIR/src" "$DIR/licenses"
  mkdir -p "$DIR/pkgsrc" "$DIR/src/simdjson" "$DIR/src/httplib" "$DIR/licenses"
  for pkg in "${PACKAGES[@]}"; do
    # apt verified every file against the signed Sources index when it
    # downloaded it; dpkg-source checks the tarballs against the .dsc again
    # (the downloads are cached). The .dsc's own OpenPGP signature is not
    # required (debian-keyring is rarely installed): the index vouches for it.
    dpkg-source -q -x "$(dsc_path "$pkg")" "$DIR/pkgsrc/$pkg" >/dev/null 2>&1 ||
      die "dpkg-source -x $(dsc_path "$pkg") failed"
    cp "$DIR/pkgsrc/$pkg/debian/copyright" "$DIR/licenses/$pkg.txt"
  done
  cp "$DIR/pkgsrc/simdjson/singleheader/simdjson.h" "$DIR/pkgsrc/simdjson/singleheader/simdjson.cpp" \
    "$DIR/src/simdjson/"
  cp "$DIR/pkgsrc/cpp-httplib/httplib.h" "$DIR/src/httplib/"
  write_versions_json "$DIR/versions.json"
  touch "$DIR/.sources.ok"
  log "sources ready: ${PACKAGES[*]}"
}

# --- static build ---------------------------------------------------------
# Every library: -O2, position-independent (they end up in shared objects),
# hidden visibility where the package allows it, no absolute build paths in
# the objects. Compilers go through ccache when it is installed.
PREFIX=$DIR/prefix
BUILD=$DIR/build

step() { # step NAME FUNCTION: run a build step with its log in $DIR/logs
  local name=$1 fn=$2 t0=$SECONDS
  mkdir -p "$DIR/logs"
  rm -rf "${BUILD:?}/$name"
  cp -a "$DIR/pkgsrc/$name" "$BUILD/$name"
  local rc=0
  set +e # (errexit would be ignored inside an `if !` condition)
  (
    set -e
    cd "$BUILD/$name"
    "$fn"
  ) >"$DIR/logs/$name.log" 2>&1
  rc=$?
  set -e
  if ((rc)); then
    tail -n 40 "$DIR/logs/$name.log" >&2
    die "building $name failed (log: $DIR/logs/$name.log)"
  fi
  rm -rf "${BUILD:?}/$name"
  log "$(printf '%-8s %-26s %4ss' "$name" "${VERSION[$name]}" $((SECONDS - t0)))"
}

build_zlib() {
  CFLAGS="$CFLAGS_DEPS" ./configure --static --prefix="$PREFIX"
  make -j"$JOBS" libz.a
  make install
}

# Debian's nghttp2 source has no generated ./configure (Debian runs
# autoreconf); its CMake build needs no autotools.
build_nghttp2() {
  cmake -S . -B _build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -DCMAKE_INSTALL_LIBDIR=lib -DCMAKE_C_FLAGS_RELEASE="$CFLAGS_DEPS" \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DENABLE_LIB_ONLY=ON -DENABLE_STATIC_LIB=ON \
    -DENABLE_SHARED_LIB=OFF -DENABLE_DOC=OFF -DENABLE_FAILMALLOC=OFF -DENABLE_EXAMPLES=OFF \
    -DENABLE_APP=OFF -DENABLE_HPACK_TOOLS=OFF -DWITH_LIBXML2=OFF -DWITH_JEMALLOC=OFF
  cmake --build _build -j"$JOBS"
  cmake --install _build
}

# OpenSSL's built-in paths (OPENSSLDIR, ENGINESDIR, MODULESDIR) point at a
# directory that does not exist on a user's machine, and no-autoload-config
# means it never reads an openssl.cnf by itself (libcurl additionally passes
# OPENSSL_INIT_NO_LOAD_CONFIG, see build_curl), so a host configuration with
# newer directives cannot break the bundled copy. Installed with DESTDIR and
# moved into the prefix, since the prefix is only where we build.
OSSL_DIR=/nonexistent/libdevin-openssl
build_openssl() {
  # Without -ffile-prefix-map: OpenSSL records its CFLAGS in the library
  # (OpenSSL_version(OPENSSL_CFLAGS)) and names its sources relatively.
  CFLAGS="-O2 -fPIC -fvisibility=hidden" ./Configure linux-x86_64 no-shared no-module no-legacy no-engine no-tests \
    no-autoload-config no-comp no-ui-console \
    --prefix="$OSSL_DIR" --openssldir="$OSSL_DIR" --libdir=lib
  make -j"$JOBS" build_libs
  make DESTDIR="$BUILD/openssl-dest" install_dev
  cp -a "$BUILD/openssl-dest$OSSL_DIR/include/." "$PREFIX/include/"
  cp -a "$BUILD/openssl-dest$OSSL_DIR/lib/." "$PREFIX/lib/"
  rm -rf "$BUILD/openssl-dest"
  sed -i "s|^prefix=.*|prefix=$PREFIX|" "$PREFIX"/lib/pkgconfig/{openssl,libssl,libcrypto}.pc
}

# libcurl for what libdevin's core uses and nothing else: HTTP/1.1 and
# HTTP/2 (nghttp2) over OpenSSL, gzip/deflate (zlib), HTTP(S) proxies with
# NO_PROXY, the threaded resolver (DNS honours deadlines and cancellation),
# IPv6. No compiled-in CA bundle or path: the core finds the CA store at run
# time, so one binary works with Debian, RHEL, SUSE and Alpine layouts. Every
# other protocol, auth helper and compression library is off: less code, fewer
# licences, no dependency that is not in this static set.
build_curl() {
  PKG_CONFIG_LIBDIR="$PREFIX/lib/pkgconfig" PKG_CONFIG_PATH="" \
    ./configure --prefix="$PREFIX" --disable-shared --enable-static --with-pic \
    --disable-dependency-tracking \
    --with-openssl="$PREFIX" --with-nghttp2="$PREFIX" --with-zlib="$PREFIX" \
    --enable-threaded-resolver --enable-ipv6 --enable-symbol-hiding \
    --without-ca-bundle --without-ca-path --without-ca-fallback \
    --disable-openssl-auto-load-config \
    --enable-http --enable-proxy --enable-cookies \
    --disable-ldap --disable-ldaps --disable-rtsp --disable-dict --disable-telnet \
    --disable-tftp --disable-pop3 --disable-imap --disable-smb --disable-smtp \
    --disable-gopher --disable-mqtt --disable-ftp --disable-file --disable-manual \
    --disable-ntlm-wb --disable-unix-sockets --disable-tls-srp \
    --without-libpsl --without-libidn2 --without-brotli --without-zstd \
    --without-librtmp --without-libssh2 --without-libssh --without-wolfssh \
    --without-gssapi --without-libgsasl --without-nghttp3 --without-ngtcp2 \
    --without-quiche --without-msh3 --without-hyper \
    CFLAGS="$CFLAGS_DEPS_CURL" LIBS="-ldl -lpthread"
  make -j"$JOBS" -C lib libcurl.la
  make -C lib install
  make -C include install
  make install-pkgconfigDATA install-binSCRIPTS
  # The option must reach lib/vtls/openssl.c as OPENSSL_INIT_NO_LOAD_CONFIG.
  grep -q '^#define CURL_DISABLE_OPENSSL_AUTO_LOAD_CONFIG 1' lib/curl_config.h
}

do_static() {
  [[ -f "$DIR/.static.ok" ]] && return 0
  local t0=$SECONDS
  rm -rf "$PREFIX" "$BUILD"
  mkdir -p "$PREFIX/include" "$PREFIX/lib" "$BUILD"
  [[ -d /usr/lib/ccache ]] && export PATH=/usr/lib/ccache:$PATH
  export CC=gcc SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}
  CFLAGS_DEPS="-O2 -fPIC -fvisibility=hidden -ffile-prefix-map=$BUILD/=third_party/ -ffile-prefix-map=$DIR/=third_party/"
  # curl hides its internals itself (--enable-symbol-hiding); its curl_* API
  # keeps default visibility and is hidden at link time (--exclude-libs).
  CFLAGS_DEPS_CURL="-O2 -fPIC -ffile-prefix-map=$BUILD/=third_party/ -ffile-prefix-map=$DIR/=third_party/"
  log "building the static set with $JOBS jobs into $PREFIX"
  step zlib build_zlib
  step nghttp2 build_nghttp2
  step openssl build_openssl
  step curl build_curl
  rm -rf "$BUILD"
  local lib
  for lib in libz libnghttp2 libssl libcrypto libcurl; do
    [[ -f "$PREFIX/lib/$lib.a" ]] || die "missing $PREFIX/lib/$lib.a"
  done
  rm -f "$PREFIX"/lib/*.la
  touch "$DIR/.static.ok"
  log "static set built in $((SECONDS - t0))s"
}

# --- main -----------------------------------------------------------------
cmd=${1:-}
case "$cmd" in
  dir)
    echo "$DIR"
    exit 0
    ;;
  served)
    apt_update
    for pkg in "${PACKAGES[@]}"; do
      printf '%-12s pinned %-26s served: %s\n' "$pkg" "${VERSION[$pkg]}" "$(served_versions "$pkg")"
    done
    exit 0
    ;;
  sources | static) ;;
  *)
    echo "usage: $0 dir|sources|static|served" >&2
    exit 2
    ;;
esac

mkdir -p "$DEVIN_CACHE/third_party"
# One builder at a time (the Python, Node and dist builds may ask together).
exec 9>"$DEVIN_CACHE/third_party/.lock"
flock 9
t_start=$SECONDS
do_sources
[[ "$cmd" == static ]] && do_static
((SECONDS - t_start > 1)) && log "done in $((SECONDS - t_start))s"
echo "$DIR"
