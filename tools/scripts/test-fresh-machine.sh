#!/usr/bin/env bash
# test-fresh-machine.sh [--allow-missing] [ARTIFACT...]
#
# The artifacts of `make dist` on a machine that has nothing: a minimal
# Debian 12 root (debootstrap --variant=minbase, plus python3, python3-venv,
# ca-certificates and libatomic1, which Node 26's official binary links; no
# compiler, no libcurl, no simdjson), entered with chroot.
#   a. the cp311 wheel installs into a venv (pip --no-index); the npm tarball
#      installs into an empty project with only `node` and `npm` on PATH;
#   b. each runs create + list + a NotFound error against devin-emulator
#      (started on the host; a chroot shares 127.0.0.1), starts the
#      devin-emulator it carries with its testing helper (devin.testing /
#      libdevin/testing) and calls it, then makes an HTTPS call
#      against the emulator in TLS mode, trusting its CA only through the
#      root's system store (appended to /etc/ssl/certs/ca-certificates.crt;
#      before that the same call must fail verification);
#   c. the same HTTPS call with the bundle moved to the RHEL/Fedora/Amazon
#      location /etc/pki/tls/certs/ca-bundle.crt (Debian's file removed);
#   d. in another copy of the root, `apt-get install ./libdevin0_… ./libdevin-dev_…
#      ./devin-emulator_…` with gcc, libc6-dev, pkg-config, cmake and make
#      from the Debian mirror; examples/c/quickstart.c builds with pkg-config
#      and with a find_package(devin) project and runs against the packaged
#      emulator; `dpkg -L` lists nothing outside /usr.
# Ends with a table of results and timings.
#
# Artifacts: the arguments (files or folders), else $DEVIN_DIST_DIR (default
# dist/): libdevin-*-cp311-*.whl, libdevin-<v>.tgz, libdevin0_*.deb,
# libdevin-dev_*.deb, devin-emulator_*.deb. A missing one fails its part
# (--allow-missing: skips it). The Node binaries: the host's `node` and every
# $DEVIN_CACHE/node/<version>/bin/node (test-node.sh fills that cache); npm
# is the host's npm package (/usr/lib/node_modules/npm), copied in.
#
# Cache ($DEVIN_CACHE/debootstrap, outside the clone): tool/ (the debootstrap
# .deb unpacked: `apt-get download` through a private apt state, nothing
# installed on the host), <key>/root (the pristine root; key = suite,
# variant, package list and debootstrap version), apt-archives/ and
# apt-lists/ (part d's downloads, so a second run downloads nothing). Every
# run works on overlay copies of the root (cp -a where overlayfs is missing),
# so the cache stays pristine. Needs root (chroot, mount) and, the first
# time, deb.debian.org.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEVIN_CACHE=${DEVIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/devin}
CACHE=$DEVIN_CACHE/debootstrap
SUITE=bookworm
MIRROR=${DEVIN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
INCLUDE=python3,python3-venv,ca-certificates,libatomic1
DEV_PKGS=(gcc libc6-dev pkg-config cmake make)
say() { echo "fresh: $*" >&2; }
die() {
  echo "fresh: error: $*" >&2
  exit 1
}
T0=$(date +%s)

ALLOW_MISSING=0
ARGS=()
for a in "$@"; do
  case $a in
    --allow-missing) ALLOW_MISSING=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) ARGS+=("$a") ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  say "SKIPPED: needs root (debootstrap, chroot and mount)"
  exit 0
fi
EMULATOR=${DEVIN_EMULATOR_BIN:-}
if [ -z "$EMULATOR" ]; then
  for cand in "$ROOT/build/default/emulator/devin-emulator" "$ROOT/build/dist/emulator/devin-emulator"; do
    [ -x "$cand" ] && { EMULATOR=$cand; break; }
  done
fi
[ -x "$EMULATOR" ] || die "devin-emulator not found (make build, or set DEVIN_EMULATOR_BIN)"

# --- results table ---------------------------------------------------------
RESULTS=()
FAILED=0
record() { # STATUS NAME DETAIL
  RESULTS+=("$(printf '%-5s %-52s %s' "$1" "$2" "$3")")
  [ "$1" != FAIL ] || FAILED=1
  echo "fresh: $1 $2${3:+ ($3)}"
}
table() {
  echo
  echo "fresh-machine results (Debian $SUITE minbase root; $(($(date +%s) - T0))s in all)"
  printf '%s\n' "${RESULTS[@]}"
}

# --- artifacts -------------------------------------------------------------
SEARCH=("${ARGS[@]}")
((${#SEARCH[@]})) || SEARCH=("${DEVIN_DIST_DIR:-$ROOT/dist}")
find_artifact() { # GLOB -> newest match among SEARCH (files or folders)
  local glob=$1 s f best=""
  for s in "${SEARCH[@]}"; do
    if [ -d "$s" ]; then
      for f in "$s"/$glob; do [ -f "$f" ] && best=$f; done
    elif [ -f "$s" ] && [[ "$(basename "$s")" == $glob ]]; then
      best=$s
    fi
  done
  [ -z "$best" ] || realpath "$best"
}
WHEEL=$(find_artifact 'libdevin-*-cp311-cp311-*.whl')
NPM_TGZ=$(find_artifact 'libdevin-[0-9]*.tgz')
DEB_RT=$(find_artifact 'libdevin0_*.deb')
DEB_DEV=$(find_artifact 'libdevin-dev_*.deb')
DEB_EMU=$(find_artifact 'devin-emulator_*.deb')
missing() { # PART WHAT
  if [ "$ALLOW_MISSING" = 1 ]; then
    record SKIP "$1" "no $2 in ${SEARCH[*]}"
  else
    record FAIL "$1" "no $2 in ${SEARCH[*]}"
  fi
}

# --- cleanup: processes by pid, mounts in reverse order, then files -------
# The scratch folder lives in the cache, away from /tmp clean-ups by glob.
mkdir -p "$CACHE"
WORK=$(mktemp -d "$CACHE/run.XXXXXX")
PIDS=()
MOUNTS=()
cleanup() {
  local i m
  for i in "${PIDS[@]}"; do kill "$i" 2>/dev/null || true; done
  for i in "${PIDS[@]}"; do wait "$i" 2>/dev/null || true; done
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    m=${MOUNTS[$i]}
    mountpoint -q "$m" 2>/dev/null && { umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; }
  done
  # Never delete through a mount that is still there (/dev is a bind mount).
  if findmnt -rn -o TARGET | grep -q "^$WORK\(/\|$\)"; then
    echo "fresh: mounts left under $WORK; not deleting it" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mnt() { # mount ARGS... TARGET (the last argument is the mount point)
  mount "$@"
  MOUNTS+=("${!#}")
}
# The throwaway roots' changes (a venv, a compiler) go to a tmpfs: deleting
# a few hundred MB of small files from disk would cost more than the tests.
mnt -t tmpfs -o size=4g,mode=0700 devin-fresh "$WORK" 2>/dev/null || true

# --- debootstrap, unpacked from its .deb (nothing installed on the host) ---
APT_DIR=$CACHE/apt
APT_OPTS=(-o "Dir::Etc::SourceList=$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::Etc::Preferences=$APT_DIR/preferences" -o Dir::Etc::PreferencesParts=/dev/null
  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache"
  -o "Dir::State::status=$APT_DIR/status" -o Acquire::Languages=none
  -o APT::Sandbox::User=root)
tool() {
  local dir=$CACHE/tool tmp deb
  if [ ! -x "$dir/usr/sbin/debootstrap" ]; then
    say "apt-get download debootstrap (private apt state in $APT_DIR)"
    mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
    echo "deb $MIRROR $SUITE main" >"$APT_DIR/sources.list"
    : >"$APT_DIR/preferences"
    : >"$APT_DIR/status"
    apt-get "${APT_OPTS[@]}" -qq update || die "apt-get update failed (is $MIRROR reachable?)"
    tmp=$(mktemp -d "$CACHE/tool.XXXXXX")
    (cd "$tmp" && apt-get "${APT_OPTS[@]}" -qq download debootstrap) || die "apt-get download debootstrap failed"
    deb=$(ls "$tmp"/debootstrap_*.deb)
    dpkg-deb -x "$deb" "$tmp/x"
    dpkg-deb -f "$deb" Version >"$tmp/x/VERSION"
    rm -rf "$dir"
    mv "$tmp/x" "$dir"
    rm -rf "$tmp"
  fi
  echo "$dir"
}

base_root() { # prints the cached pristine root, building it when missing
  local tooldir ver key dir tmp
  tooldir=$(tool)
  ver=$(cat "$tooldir/VERSION")
  key=$(printf '%s\n' "$SUITE" minbase "$INCLUDE" "debootstrap $ver" | sha256sum | cut -c1-16)
  dir=$CACHE/$key
  if [ ! -f "$dir/ok" ]; then
    say "debootstrap $ver: --variant=minbase --include=$INCLUDE $SUITE (once per machine: $dir)"
    tmp=$(mktemp -d "$CACHE/$key.tmp.XXXXXX")
    if ! DEBOOTSTRAP_DIR=$tooldir/usr/share/debootstrap "$tooldir/usr/sbin/debootstrap" \
      --variant=minbase --include="$INCLUDE" "$SUITE" "$tmp/root" "$MIRROR" >"$tmp/debootstrap.log" 2>&1; then
      tail -30 "$tmp/debootstrap.log" >&2
      findmnt -rn -o TARGET | grep -q "^$tmp/" || rm -rf "$tmp"
      die "debootstrap failed"
    fi
    chroot "$tmp/root" apt-get clean
    printf '%s\n' "suite=$SUITE" "variant=minbase" "include=$INCLUDE" "debootstrap=$ver" >"$tmp/ok"
    rm -rf "$dir"
    mv "$tmp" "$dir"
  fi
  echo "$dir/root"
}

# A throwaway copy of the pristine root, with /proc and /dev, in $NEWROOT
# (not a subshell: the mounts must reach MOUNTS for the cleanup).
OVERLAY=""
new_root() { # NAME BASE
  local name=$1 base=$2 r=$WORK/$1/root
  mkdir -p "$WORK/$name/upper" "$WORK/$name/work" "$r"
  if [ -z "$OVERLAY" ]; then
    if mount -t overlay overlay -o "lowerdir=$base,upperdir=$WORK/$name/upper,workdir=$WORK/$name/work" "$r" 2>/dev/null; then
      OVERLAY=1
      MOUNTS+=("$r")
    else
      OVERLAY=0
    fi
  elif [ "$OVERLAY" = 1 ]; then
    mnt -t overlay overlay -o "lowerdir=$base,upperdir=$WORK/$name/upper,workdir=$WORK/$name/work" "$r"
  fi
  [ "$OVERLAY" = 1 ] || cp -a "$base/." "$r/"
  mnt -t proc proc "$r/proc"
  # /dev read-only: device nodes still work, but nothing (not even a stray
  # rm -rf of the scratch folder) can delete the host's entries through it.
  mnt --bind /dev "$r/dev"
  mount -o remount,bind,ro "$r/dev"
  NEWROOT=$r
}
in_root() { # ROOT CMD... (clean environment; no host PATH, no host HOME)
  # DEVIN_EMULATOR_STRICT=1: every emulator started in the root checks its
  # own answers against the API description (as --strict).
  local r=$1
  shift
  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    TMPDIR=/tmp DEVIN_EMULATOR_STRICT=1 chroot "$r" "$@"
}

# --- emulators on the host (the chroots share 127.0.0.1) -------------------
start_emulator() { # LOG ARGS... -> $URL (the pid goes to PIDS, so no subshell)
  local log=$1 url=""
  shift
  : >"$log" # exists before the background redirection races with the reads
  "$EMULATOR" --host 127.0.0.1 --port 0 --speed 100 --strict "$@" >"$log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 200); do
    url=$(sed -n 's/^listening on //p' "$log" | head -1)
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { cat "$log" >&2; die "emulator did not start"; }
  URL=$url
}

# A private CA and a server certificate for 127.0.0.1 signed by it.
make_certs() {
  local d=$WORK/tls
  mkdir -p "$d"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=devin fresh-machine test CA" -keyout "$d/ca.key" -out "$d/ca.pem" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=127.0.0.1 \
    -keyout "$d/server.key" -out "$d/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$d/ext"
  openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -days 2 \
    -extfile "$d/ext" -out "$d/server.pem" 2>/dev/null
}

# --- the client programs run inside the root -------------------------------
write_clients() { # DIR
  cat >"$1/check.py" <<'PY'
import sys
import devin

mode, url = sys.argv[1], sys.argv[2]
assert "/opt/venv/" in devin.__file__, devin.__file__
with devin.Devin(api_key="cog_emulator_org_admin", base_url=url, max_retries=0) as c:
    if mode == "http":
        s = c.sessions.create(prompt="fresh machine (python)", tags=["fresh"])
        items = c.sessions.list(first=5).first_page().items
        assert items, "empty list"
        code = 0
        try:
            c.sessions.get("devin-does-not-exist")
        except devin.NotFoundError as e:
            code = e.status_code
        assert code == 404, "no NotFoundError"
        print(f"create {s.session_id}, list {len(items)}, NotFoundError {code}")
    elif mode == "bundled":  # the wheel's own devin-emulator, via devin.testing
        from devin.testing import Emulator
        with Emulator(speed=100) as emu, devin.Devin(api_key="cog_emulator_org_admin",
                                                     base_url=emu.url) as mine:
            s = mine.sessions.create(prompt="bundled emulator")
            assert mine.sessions.get(s.session_id).session_id == s.session_id
            assert emu.binary.startswith("/opt/venv/"), emu.binary
            print(f"devin.testing.Emulator: {emu.binary.split('site-packages/')[-1]} served create+get")
    elif mode == "https":
        me = c.whoami()
        print(f"HTTPS whoami {me.org_id}")
    elif mode == "https-untrusted":
        try:
            c.whoami()
            raise SystemExit("HTTPS succeeded although the CA is not trusted")
        except devin.APIConnectionError as e:
            print(f"refused: {str(e)[:70]}")
PY
  cat >"$1/check.cjs" <<'JS'
const { Devin, NotFoundError, APIConnectionError } = require('libdevin');
const [mode, url] = process.argv.slice(2);
const c = new Devin({ apiKey: 'cog_emulator_org_admin', baseURL: url, maxRetries: 0 });
(async () => {
  if (!require.resolve('libdevin').startsWith('/opt/proj/node_modules/')) throw new Error(require.resolve('libdevin'));
  if (mode === 'http') {
    const s = await c.sessions.create({ prompt: 'fresh machine (node)', tags: ['fresh'] });
    const page = await c.sessions.list({ first: 5 });
    if (!page.items.length) throw new Error('empty list');
    let code = 0;
    try {
      await c.sessions.get('devin-does-not-exist');
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
      code = e.status;
    }
    if (code !== 404) throw new Error('no NotFoundError');
    console.log(`create ${s.session_id}, list ${page.items.length}, NotFoundError ${code}`);
  } else if (mode === 'bundled') { // the tarball's own devin-emulator, via libdevin/testing
    const { startEmulator, emulatorPath } = require('libdevin/testing');
    const bin = emulatorPath({});
    if (!bin.startsWith('/opt/proj/node_modules/libdevin/')) throw new Error(bin);
    const emu = await startEmulator();
    try {
      const mine = new Devin(emu.clientOptions);
      const s = await mine.sessions.create({ prompt: 'bundled emulator' });
      if ((await mine.sessions.get(s.session_id)).session_id !== s.session_id) throw new Error('get');
    } finally {
      await emu.close();
    }
    console.log(`startEmulator(): ${bin.replace('/opt/proj/node_modules/', '')} served create+get`);
  } else if (mode === 'https') {
    const me = await c.whoami();
    console.log(`HTTPS whoami ${me.org_id}`);
  } else {
    try {
      await c.whoami();
    } catch (e) {
      if (!(e instanceof APIConnectionError)) throw e;
      console.log(`refused: ${String(e.message).slice(0, 70)}`);
      return;
    }
    throw new Error('HTTPS succeeded although the CA is not trusted');
  }
})().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
JS
}

# run_check NAME ROOT CMD... : one row of the table from one client run
run_check() {
  local name=$1 r=$2 out
  shift 2
  if out=$(in_root "$r" "$@" 2>&1); then
    record ok "$name" "$(echo "$out" | tail -1)"
  else
    record FAIL "$name" "$( (echo "$out" | grep -m1 -E '^ *([A-Za-z_.]*Error\b|error:)' || echo "$out" | tail -1) | cut -c1-100)"
    echo "$out" | tail -20 | sed 's/^/    /' >&2
  fi
}

# --- the root --------------------------------------------------------------
t=$(date +%s)
BASE=$(base_root)
record ok "debootstrap root" "$(basename "$(dirname "$BASE")"), ready in $(($(date +%s) - t))s"

# The pristine root must lack what users may lack.
bad=$(in_root "$BASE" sh -c 'for c in gcc cc c++ g++ clang; do command -v $c; done' || true)
libs=$(find "$BASE/usr/lib" "$BASE/lib" -name 'libcurl*' -o -name 'libsimdjson*' 2>/dev/null | sed "s|^$BASE||" || true)
if [ -z "$bad$libs" ]; then
  record ok "root: no compiler, libcurl or simdjson" ""
else
  record FAIL "root: no compiler, libcurl or simdjson" "$(echo $bad $libs)"
fi

make_certs
start_emulator "$WORK/emu-http.log"
HTTP_URL=$URL
start_emulator "$WORK/emu-https.log" --tls-cert "$WORK/tls/server.pem" --tls-key "$WORK/tls/server.key"
HTTPS_URL=$URL

# --- a-c: wheel and npm tarball ---------------------------------------------
if [ -n "$WHEEL$NPM_TGZ" ]; then
  new_root bindings "$BASE"
  R=$NEWROOT
  mkdir -p "$R/opt/art" "$R/opt/check"
  write_clients "$R/opt/check"
  PY_OK=0 NODE_OK=0
  if [ -n "$WHEEL" ]; then
    cp "$WHEEL" "$R/opt/art/"
    t=$(date +%s)
    if out=$(in_root "$R" sh -c "python3 -m venv /opt/venv && /opt/venv/bin/pip install -q --no-index \
        --disable-pip-version-check /opt/art/$(basename "$WHEEL")" 2>&1); then
      record ok "a. wheel -> venv (pip --no-index)" "$(basename "$WHEEL"), $(($(date +%s) - t))s"
      PY_OK=1
    else
      record FAIL "a. wheel -> venv (pip --no-index)" "$(echo "$out" | tail -1)"
    fi
  else
    missing "a. wheel -> venv" "libdevin-*-cp311-*.whl"
  fi

  NODES=()
  if [ -n "$NPM_TGZ" ]; then
    # Node binaries: the host's (nodesource 20) and the cached official ones.
    host_node=$(command -v node || true)
    for n in $host_node "$DEVIN_CACHE"/node/*/bin/node; do
      [ -x "$n" ] || continue
      v=$("$n" --version)
      mkdir -p "$R/opt/node-$v/bin" "$R/opt/path-$v"
      # bind-mounted read-only rather than copied (~100 MB each)
      touch "$R/opt/node-$v/bin/node"
      mnt --bind "$n" "$R/opt/node-$v/bin/node"
      mount -o remount,bind,ro "$R/opt/node-$v/bin/node"
      ln -s "/opt/node-$v/bin/node" "$R/opt/path-$v/node"
      ln -s /opt/npm/bin/npm-cli.js "$R/opt/path-$v/npm"
      NODES+=("$v")
    done
    NPM_PKG=$(dirname "$(dirname "$(realpath "$(command -v npm)")")")
    cp -a "$NPM_PKG" "$R/opt/npm"
    cp "$NPM_TGZ" "$R/opt/art/"
    mkdir -p "$R/opt/proj"
    echo '{ "name": "fresh", "private": true, "version": "1.0.0" }' >"$R/opt/proj/package.json"
    cp "$R/opt/check/check.cjs" "$R/opt/proj/" # require() resolves from the script's folder
    t=$(date +%s)
    if ((${#NODES[@]})) && out=$(in_root "$R" env PATH="/opt/path-${NODES[0]}" HOME=/opt/home \
      npm_config_cache=/opt/home/npm-cache /bin/sh -c "cd /opt/proj && npm install --offline --no-audit \
        --no-fund --loglevel=error /opt/art/$(basename "$NPM_TGZ")" 2>&1); then
      record ok "a. npm tarball -> empty project (node+npm)" "$(basename "$NPM_TGZ"), npm $(in_root "$R" env PATH="/opt/path-${NODES[0]}" npm --version), $(($(date +%s) - t))s"
      NODE_OK=1
    else
      record FAIL "a. npm tarball -> empty project (node+npm)" "$(echo "${out:-no node binary}" | tail -1)"
    fi
  else
    missing "a. npm tarball -> project" "libdevin-<v>.tgz"
  fi

  py() { run_check "$1 python" "$R" sh -c "cd /tmp && /opt/venv/bin/python /opt/check/check.py $2 $3"; }
  js() {
    local v
    for v in "${NODES[@]}"; do
      run_check "$1 node $v" "$R" env PATH="/opt/path-$v" /bin/sh -c "cd /opt/proj && node check.cjs $2 $3"
    done
  }
  both() {
    [ "$PY_OK" = 0 ] || py "$@"
    [ "$NODE_OK" = 0 ] || js "$@"
  }
  # b. plain HTTP, then HTTPS: refused while the CA is unknown, accepted once
  #    it is in Debian's bundle.
  both "b. create+list+NotFound" http "$HTTP_URL"
  both "b. bundled emulator (testing helper)" bundled "$HTTP_URL"
  both "b. HTTPS, CA not trusted:" https-untrusted "$HTTPS_URL"
  cat "$WORK/tls/ca.pem" >>"$R/etc/ssl/certs/ca-certificates.crt"
  both "b. HTTPS, CA in Debian bundle:" https "$HTTPS_URL"
  # c. the RHEL/Fedora/Amazon layout.
  mkdir -p "$R/etc/pki/tls/certs"
  mv "$R/etc/ssl/certs/ca-certificates.crt" "$R/etc/pki/tls/certs/ca-bundle.crt"
  rm -f "$R/etc/ssl/cert.pem"
  both "c. HTTPS, RHEL bundle path:" https "$HTTPS_URL"
else
  missing "a-c. wheel and npm tarball" "wheel or npm tarball"
fi

# --- d: the .debs with apt, then the C quick start ---------------------------
if [ -n "$DEB_RT" ] && [ -n "$DEB_DEV" ] && [ -n "$DEB_EMU" ]; then
  new_root debs "$BASE"
  R=$NEWROOT
  mkdir -p "$R/opt/art" "$R/opt/src" "$CACHE/apt-archives/partial" "$CACHE/apt-lists/partial"
  cp "$DEB_RT" "$DEB_DEV" "$DEB_EMU" "$R/opt/art/"
  cp "$ROOT/examples/c/quickstart.c" "$ROOT/tests/install/CMakeLists.txt" "$R/opt/src/"
  cp /etc/resolv.conf "$R/etc/resolv.conf"
  mnt --bind "$CACHE/apt-archives" "$R/var/cache/apt/archives"
  mnt --bind "$CACHE/apt-lists" "$R/var/lib/apt/lists"
  APT="apt-get -o APT::Sandbox::User=root -o Acquire::Languages=none -o Dpkg::Use-Pty=0 -qq"
  INSTALL="DEBIAN_FRONTEND=noninteractive $APT install -y --no-install-recommends \
    $(for d in "$DEB_RT" "$DEB_DEV" "$DEB_EMU"; do printf '/opt/art/%s ' "$(basename "$d")"; done) ${DEV_PKGS[*]}"
  t=$(date +%s)
  n_before=$(ls "$CACHE/apt-archives" | grep -c '\.deb$' || true)
  # Cached lists first (no network when the archives hold every .deb); a
  # failure (first run, or a mirror that moved on) refreshes them once.
  if ! out=$(in_root "$R" sh -c "[ -n \"\$(ls /var/lib/apt/lists | grep _Packages)\" ] && $INSTALL" 2>&1); then
    out=$(in_root "$R" sh -c "$APT update && $INSTALL" 2>&1) || true
  fi
  n_after=$(ls "$CACHE/apt-archives" | grep -c '\.deb$' || true)
  if in_root "$R" dpkg-query -W libdevin0 libdevin-dev devin-emulator "${DEV_PKGS[@]}" >/dev/null 2>&1; then
    record ok "d. apt-get install ./*.deb + ${DEV_PKGS[*]}" \
      "$(($(date +%s) - t))s, $((n_after - n_before)) .debs downloaded"
    outside=$(in_root "$R" dpkg -L libdevin0 libdevin-dev devin-emulator | grep -v -e '^/usr/' -e '^/usr$' -e '^/\.$' || true)
    if [ -z "$outside" ]; then
      record ok "d. dpkg -L: every file under /usr" "$(in_root "$R" dpkg -L libdevin0 libdevin-dev devin-emulator | wc -l) paths"
    else
      record FAIL "d. dpkg -L: every file under /usr" "$(echo $outside)"
    fi
    run_check "d. quickstart.c with pkg-config" "$R" sh -c 'cd /opt/src &&
      cc -std=c99 -Wall -Wextra -Werror quickstart.c $(pkg-config --cflags --libs devin) -o quickstart-pc &&
      echo "built: cc $(pkg-config --cflags --libs devin)"'
    run_check "d. quickstart.c with find_package(devin)" "$R" sh -c 'cd /opt/src &&
      cmake -S . -B build -DQUICKSTART_SOURCE=/opt/src/quickstart.c >/dev/null && cmake --build build >/dev/null &&
      echo "built: $(sed -n "s/^devin_DIR:PATH=//p" build/CMakeCache.txt)"'
    # The packaged emulator, run inside the root, serves both programs.
    # (env and chroot exec, so $! is the emulator's own pid)
    : >"$WORK/emu-deb.log"
    env -i PATH=/usr/bin:/bin DEVIN_EMULATOR_STRICT=1 "$(command -v chroot)" "$R" /usr/bin/devin-emulator --host 127.0.0.1 --port 0 --speed 100 \
      >"$WORK/emu-deb.log" 2>&1 &
    PIDS+=($!)
    DEB_URL=""
    for _ in $(seq 200); do
      DEB_URL=$(sed -n 's/^listening on //p' "$WORK/emu-deb.log" | head -1)
      [ -n "$DEB_URL" ] && break
      sleep 0.05
    done
    if [ -n "$DEB_URL" ]; then
      record ok "d. /usr/bin/devin-emulator (the .deb) starts" "$DEB_URL"
    else
      record FAIL "d. /usr/bin/devin-emulator (the .deb) starts" "$(tail -1 "$WORK/emu-deb.log")"
      DEB_URL=$HTTP_URL
    fi
    for prog in quickstart-pc build/quickstart; do
      run_check "d. run $prog" "$R" env DEVIN_API_KEY=cog_emulator_org_admin DEVIN_BASE_URL="$DEB_URL" \
        sh -c "cd /opt/src && ./$prog >/tmp/out.txt && grep -c '^created devin-' /tmp/out.txt >/dev/null &&
          echo \"\$(head -1 /tmp/out.txt); \$(grep '^created' /tmp/out.txt); \$(grep '^status' /tmp/out.txt)\""
    done
  else
    record FAIL "d. apt-get install ./*.deb + ${DEV_PKGS[*]}" "$(echo "$out" | grep -v '^$' | tail -1)"
    echo "$out" | tail -20 | sed 's/^/    /' >&2
  fi
else
  missing "d. .debs" "libdevin0_*.deb, libdevin-dev_*.deb and devin-emulator_*.deb"
fi

table
exit $FAILED
