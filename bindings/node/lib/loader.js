'use strict';
// Where the native addon comes from, in this order:
//   1. DEVIN_NODE_ADDON=<file>            an addon the user built elsewhere;
//   2. build/Release/libdevin.node         built from source (`npm run build`);
//   3. prebuilds/<platform>-<arch>/libdevin.<libc>.node   shipped in the tarball.
// The prebuilt is Linux x64 for glibc >= 2.34 only; anything else (another
// platform or architecture, musl, an older glibc) gets one error that says
// what is supported and how to build from source.
// locate() takes its environment as arguments so that tests can ask what
// happens on a platform this machine is not.
const fs = require('node:fs');
const path = require('node:path');

const PACKAGE_DIR = path.join(__dirname, '..');
const MIN_GLIBC = [2, 34];
const SUPPORTED = 'Linux x64 with glibc >= 2.34 (Debian 12+, Ubuntu 22.04+, RHEL/Alma/Rocky 9+, ' +
  'Amazon Linux 2023, Fedora 35+), Node.js 20, 22, 24 and 26';

/** glibc's version as [major, minor], or null when the C library is not glibc (musl). */
function glibcVersion() {
  const report = process.report && typeof process.report.getReport === 'function'
    ? process.report.getReport() : null;
  const v = report && report.header && report.header.glibcVersionRuntime;
  if (typeof v !== 'string') return null;
  const m = /^(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function glibcAtLeast(v, min) {
  return v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]);
}

/** The single error for "no usable prebuilt here" (also used for a too-old glibc). */
function unsupportedError(what, cause) {
  const err = new Error(
    `libdevin: no prebuilt native addon for ${what}. The prebuilt addon in the npm package supports ` +
      `${SUPPORTED}. Elsewhere, build it from source: \`npm run build\` inside node_modules/libdevin ` +
      '(needs cmake, a C++20 compiler and the libcurl development files, e.g. Debian ' +
      '`apt-get install cmake g++ libcurl4-openssl-dev`; it writes build/Release/libdevin.node, which is ' +
      'then used), or set DEVIN_NODE_ADDON to the path of an addon you built.');
  err.code = 'ERR_LIBDEVIN_NO_PREBUILT';
  if (cause) err.cause = cause;
  return err;
}

/**
 * The addon file to load, or an Error to throw.
 * @param {object} ctx { platform, arch, glibc: () => [maj, min] | null, env, exists: (file) => boolean, dir }
 */
function locate(ctx = {}) {
  const platform = ctx.platform || process.platform;
  const arch = ctx.arch || process.arch;
  const env = ctx.env || process.env;
  const exists = ctx.exists || fs.existsSync;
  const dir = ctx.dir || PACKAGE_DIR;
  const glibc = ctx.glibc || glibcVersion;

  if (env.DEVIN_NODE_ADDON) return { file: path.resolve(env.DEVIN_NODE_ADDON), kind: 'DEVIN_NODE_ADDON' };
  for (const type of ['Release', 'Debug']) {
    const built = path.join(dir, 'build', type, 'libdevin.node');
    if (exists(built)) return { file: built, kind: 'source' };
  }
  if (/^(1|true|yes)$/i.test(env.LIBDEVIN_BUILD_FROM_SOURCE || '')) {
    const err = new Error(
      'libdevin: LIBDEVIN_BUILD_FROM_SOURCE is set, so the prebuilt addon is not used, but no addon built ' +
        'from source was found in build/Release: run `npm run build` inside node_modules/libdevin.');
    err.code = 'ERR_LIBDEVIN_NOT_BUILT';
    return { error: err };
  }
  let what = `${platform}-${arch}`;
  if (platform === 'linux' && arch === 'x64') {
    const v = glibc();
    if (!v) return { error: unsupportedError('linux-x64 with musl (or another C library than glibc)') };
    if (!glibcAtLeast(v, MIN_GLIBC)) return { error: unsupportedError(`linux-x64 with glibc ${v[0]}.${v[1]}`) };
    const prebuilt = path.join(dir, 'prebuilds', 'linux-x64', 'libdevin.glibc.node');
    if (exists(prebuilt)) return { file: prebuilt, kind: 'prebuilt' };
    what = 'linux-x64 (this copy of the package has none: it was not installed from the npm tarball)';
  }
  return { error: unsupportedError(what) };
}

module.exports = { locate, unsupportedError, glibcVersion, SUPPORTED, MIN_GLIBC };
