#!/usr/bin/env node
// `npm pack` hook: copies what the addon needs to build on its own into
// vendor/ (libdevin's core and C ABI sources, the API description it was
// generated from, and the version), so the tarball builds away from the
// checkout. Run from bindings/node inside the repository.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.resolve(__dirname, '..');
const repo = path.resolve(pkg, '..', '..');
const vendor = path.join(pkg, 'vendor');
if (process.argv.includes('--clean')) {
  // postpack: a checkout build must use the checkout's sources, not a stale copy.
  if (fs.existsSync(path.join(repo, 'core', 'CMakeLists.txt'))) fs.rmSync(vendor, { recursive: true, force: true });
  process.exit(0);
}
if (!fs.existsSync(path.join(repo, 'core', 'CMakeLists.txt'))) {
  if (fs.existsSync(path.join(vendor, 'core'))) process.exit(0); // already vendored
  console.error('vendor.js: run inside the devin repository');
  process.exit(1);
}
fs.rmSync(vendor, { recursive: true, force: true });
const keep = (src) => !/(^|\/)(build|node_modules)(\/|$)/.test(src);
for (const dir of ['core', 'capi']) {
  fs.cpSync(path.join(repo, dir), path.join(vendor, dir), { recursive: true, filter: keep });
}
fs.mkdirSync(path.join(vendor, 'api'), { recursive: true });
fs.copyFileSync(path.join(repo, 'api', 'openapi.json'), path.join(vendor, 'api', 'openapi.json'));
const cm = fs.readFileSync(path.join(repo, 'CMakeLists.txt'), 'utf8');
const m = /project\(devin VERSION (\d+\.\d+\.\d+)/.exec(cm);
fs.writeFileSync(path.join(vendor, 'VERSION'), (m ? m[1] : '0.0.0') + '\n');
for (const f of ['LICENSE', 'LICENSE.md']) {
  if (fs.existsSync(path.join(repo, f))) fs.copyFileSync(path.join(repo, f), path.join(pkg, f));
}
