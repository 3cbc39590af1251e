#!/usr/bin/env node
// Copies what the addon needs to build from source away from the checkout
// into <package>/vendor/: libdevin's core and C ABI sources, the API
// description, the version, and the simdjson amalgamation. Run by
// tools/scripts/build-npm.sh on its staging copy of the package:
//
//   node scripts/vendor.js --out <staging package dir> --simdjson <dir with simdjson.{h,cpp}>
//
// `npm pack` straight from bindings/node runs it as `prepack` with
// --refuse-direct-pack: such a tarball would lack the prebuilt addon and
// the emulator and keep the install script, so it is refused.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
if (args.includes('--refuse-direct-pack')) {
  // Only `npm pack` / `npm publish` of the folder itself (an install with
  // --install-links packs the folder too, and may go on: it builds from source).
  if (!['pack', 'publish'].includes(process.env.npm_command)) process.exit(0);
  console.error('libdevin: pack with tools/scripts/build-npm.sh OUTDIR (it adds the prebuilt addon, the emulator, ' +
    'the sources under vendor/ and licences, and drops the install script)');
  process.exit(1);
}
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) {
    console.error(`vendor.js: ${name} <dir> is required`);
    process.exit(2);
  }
  return path.resolve(args[i + 1]);
};
const out = opt('--out');
const simdjson = opt('--simdjson');
const repo = path.resolve(__dirname, '..', '..', '..');
if (!fs.existsSync(path.join(repo, 'core', 'CMakeLists.txt'))) {
  console.error('vendor.js: run inside the devin repository');
  process.exit(1);
}
for (const f of ['simdjson.h', 'simdjson.cpp']) {
  if (!fs.existsSync(path.join(simdjson, f))) {
    console.error(`vendor.js: ${path.join(simdjson, f)} missing (run third_party/deps.sh sources)`);
    process.exit(1);
  }
}
const vendor = path.join(out, 'vendor');
fs.rmSync(vendor, { recursive: true, force: true });
const keep = (src) => !/(^|\/)(build|node_modules)(\/|$)/.test(src);
for (const dir of ['core', 'capi']) {
  fs.cpSync(path.join(repo, dir), path.join(vendor, dir), { recursive: true, filter: keep });
}
fs.mkdirSync(path.join(vendor, 'api'), { recursive: true });
fs.copyFileSync(path.join(repo, 'api', 'openapi.json'), path.join(vendor, 'api', 'openapi.json'));
fs.mkdirSync(path.join(vendor, 'simdjson'), { recursive: true });
for (const f of ['simdjson.h', 'simdjson.cpp']) {
  fs.copyFileSync(path.join(simdjson, f), path.join(vendor, 'simdjson', f));
}
const cm = fs.readFileSync(path.join(repo, 'CMakeLists.txt'), 'utf8');
const m = /project\(devin VERSION (\d+\.\d+\.\d+)/.exec(cm);
fs.writeFileSync(path.join(vendor, 'VERSION'), (m ? m[1] : '0.0.0') + '\n');
