#!/usr/bin/env node
// Builds build/Release/devin.node with cmake-js (run by `npm install`).
// Incremental: an existing build directory is reused. Set DEVIN_NODE_BUILD_DIR
// to keep the build (and its cache) somewhere else.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

// npm installs a folder dependency (`npm install ./bindings/node`) as a
// symlink without its dependencies: fetch the build tools it needs here.
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
  const r = spawnSync(npm, ['install', '--ignore-scripts', '--no-save', '--no-package-lock', '--no-audit', '--no-fund'],
    { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}
const out = path.join(root, 'build', 'Release', 'devin.node');
const buildDir = process.env.DEVIN_NODE_BUILD_DIR || path.join(root, 'build');
const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const args = [cmakeJs, 'compile', '--out', buildDir];
if (spawnSync('ninja', ['--version']).status === 0) args.push('--generator', 'Ninja');
const jobs = process.env.DEVIN_NODE_JOBS || String(require('node:os').availableParallelism?.() || 2);
args.push('--parallel', jobs);
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status || 1);
// cmake-js puts the module into <build>/Release; copy it where lib/ looks.
const built = path.join(buildDir, 'Release', 'devin.node');
if (path.resolve(built) !== path.resolve(out)) {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.copyFileSync(built, out);
}
