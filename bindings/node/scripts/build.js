#!/usr/bin/env node
// Builds the native addon from source with cmake-js:
//
//   npm run build                  (inside node_modules/libdevin or bindings/node)
//   node scripts/build.js [--install] [--bundle <libdevin_bundle.a>] [--out <file>] [-- <cmake-js args>]
//
// Writes build/Release/libdevin.node, which lib/loader.js prefers over the
// prebuilt one. Without --bundle, libdevin is compiled from the checkout (or
// from vendor/ in the npm tarball) against the system libcurl; with --bundle
// the addon links that archive only (how tools/scripts/build-npm.sh makes
// the prebuilt).
//
// --install is how the checkout's `install` script calls it (`npm install
// ./bindings/node`): it does nothing when a prebuilt addon for this machine is
// present, unless LIBDEVIN_BUILD_FROM_SOURCE=1 (or npm's --build-from-source).
// The packed tarball has no install script at all.
//
// Environment: DEVIN_NODE_BUILD_DIR (build directory, default ./build, reused
// incrementally), DEVIN_NODE_JOBS (parallel jobs).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : undefined;
};
const truthy = (v) => /^(1|true|yes)$/i.test(v || '');

if (args.includes('--install')) {
  const forced = truthy(process.env.LIBDEVIN_BUILD_FROM_SOURCE) || truthy(process.env.npm_config_build_from_source);
  if (!forced) {
    const found = require('../lib/loader').locate({ env: {} });
    if (found.kind === 'prebuilt') process.exit(0);
  }
}

// npm installs a folder dependency (`npm install ./bindings/node`) as a
// symlink without its dependencies, and a tarball without its
// devDependencies: fetch the build tools here, on demand.
function resolvable(name) {
  try {
    require.resolve(`${name}/package.json`, { paths: [root] });
    return true;
  } catch {
    return false;
  }
}
if (!resolvable('cmake-js') || !resolvable('node-addon-api')) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--ignore-scripts', '--no-save', '--no-package-lock', '--no-audit', '--no-fund',
    '--include=dev'], { cwd: root, stdio: 'inherit', env: { ...process.env, npm_config_global: 'false' } });
  if (r.status !== 0) process.exit(r.status || 1);
}
const out = path.resolve(opt('--out') || path.join(root, 'build', 'Release', 'libdevin.node'));
const buildDir = path.resolve(process.env.DEVIN_NODE_BUILD_DIR || path.join(root, 'build'));
const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
// `configure` then `build` (not `compile`, which skips configuring an
// existing build directory and so would ignore a changed --bundle).
const configure = [cmakeJs, 'configure', '--out', buildDir];
if (spawnSync('ninja', ['--version']).status === 0) configure.push('--generator', 'Ninja');
const bundle = opt('--bundle');
configure.push(`--CDDEVIN_BUNDLE=${bundle ? path.resolve(bundle) : ''}`);
// Anything after `--` goes to cmake-js as it is (e.g. --CDDEVIN_SIMDJSON_DIR=<dir>).
if (args.includes('--')) configure.push(...args.slice(args.indexOf('--') + 1));
const jobs = process.env.DEVIN_NODE_JOBS || String(require('node:os').availableParallelism?.() || 2);
for (const cmd of [configure, [cmakeJs, 'build', '--out', buildDir, '--parallel', jobs]]) {
  const r = spawnSync(process.execPath, cmd, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}
// cmake-js puts the module into <build>/Release; copy it where asked.
const built = path.join(buildDir, 'Release', 'libdevin.node');
if (path.resolve(built) !== out) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(built, out);
}
