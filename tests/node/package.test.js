'use strict';
// The package as users install it: names and entry points (`libdevin`,
// `libdevin/testing`, no `devin`), and the loader: which addon it picks and
// the one error for a platform without a prebuilt (simulated: locate() takes
// its environment as arguments, and a preloaded script can make
// process.platform or glibc's version lie to a fresh process).
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { PKG, PROJECT } = require('./helpers/emulator');

const { locate, SUPPORTED } = require(path.join(PKG, 'lib', 'loader.js'));
const DIR = '/pkg';
const PREBUILT = path.join(DIR, 'prebuilds', 'linux-x64', 'libdevin.glibc.node');
const RELEASE = path.join(DIR, 'build', 'Release', 'libdevin.node');

function where(over = {}) {
  const files = new Set(over.files || [PREBUILT]);
  return locate({
    platform: 'linux', arch: 'x64', glibc: () => [2, 36], env: {}, dir: DIR,
    exists: (f) => files.has(f), ...over,
  });
}

/** The message without the part that names the platform. */
const advice = (e) => e.message.replace(/^libdevin: no prebuilt native addon for .*?\. The prebuilt/, 'The prebuilt');

test('linux-x64 with glibc >= 2.34 loads the prebuilt', () => {
  assert.deepEqual(where(), { file: PREBUILT, kind: 'prebuilt' });
  assert.deepEqual(where({ glibc: () => [2, 34] }), { file: PREBUILT, kind: 'prebuilt' });
  assert.deepEqual(where({ glibc: () => [3, 0] }), { file: PREBUILT, kind: 'prebuilt' });
});

test('DEVIN_NODE_ADDON, then build/Release, then the prebuilt', () => {
  assert.deepEqual(where({ env: { DEVIN_NODE_ADDON: '/x/my.node' } }), { file: '/x/my.node', kind: 'DEVIN_NODE_ADDON' });
  assert.deepEqual(where({ files: [PREBUILT, RELEASE] }), { file: RELEASE, kind: 'source' });
  // A source build is used on any platform.
  assert.deepEqual(where({ files: [RELEASE], platform: 'darwin', arch: 'arm64' }), { file: RELEASE, kind: 'source' });
});

test('LIBDEVIN_BUILD_FROM_SOURCE=1 refuses the prebuilt and says to run npm run build', () => {
  const r = where({ env: { LIBDEVIN_BUILD_FROM_SOURCE: '1' } });
  assert.equal(r.error.code, 'ERR_LIBDEVIN_NOT_BUILT');
  assert.match(r.error.message, /npm run build/);
  assert.deepEqual(where({ env: { LIBDEVIN_BUILD_FROM_SOURCE: '1' }, files: [PREBUILT, RELEASE] }),
    { file: RELEASE, kind: 'source' });
});

test('other platforms, musl and old glibc get the same error', () => {
  const cases = {
    'darwin-arm64': where({ platform: 'darwin', arch: 'arm64' }),
    'win32-x64': where({ platform: 'win32', arch: 'x64' }),
    'linux-arm64': where({ arch: 'arm64' }),
    musl: where({ glibc: () => null }),
    'glibc 2.28': where({ glibc: () => [2, 28] }),
    'glibc 2.33': where({ glibc: () => [2, 33] }),
    'no prebuilt file': where({ files: [] }),
  };
  const first = cases['darwin-arm64'].error;
  for (const [name, r] of Object.entries(cases)) {
    assert.ok(r.error, name);
    assert.equal(r.error.code, 'ERR_LIBDEVIN_NO_PREBUILT', name);
    assert.equal(advice(r.error), advice(first), name);
    assert.ok(r.error.message.includes(SUPPORTED), name);
    assert.match(r.error.message, /npm run build/, name);
    assert.match(r.error.message, /DEVIN_NODE_ADDON/, name);
  }
  assert.match(cases['darwin-arm64'].error.message, /for darwin-arm64\./);
  assert.match(cases.musl.error.message, /musl/);
  assert.match(cases['glibc 2.28'].error.message, /glibc 2\.28/);
});

// End to end: a fresh process whose platform or glibc is made to lie by a
// preloaded script. Only meaningful where no source build would be picked.
const sourceBuilt = fs.existsSync(path.join(PKG, 'build', 'Release', 'libdevin.node'));
function requireWith(preload) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libdevin-loader-'));
  const file = path.join(dir, 'preload.js');
  fs.writeFileSync(file, preload);
  const env = { ...process.env };
  delete env.DEVIN_NODE_ADDON;
  const r = spawnSync(process.execPath, ['--require', file, '-e', `require(${JSON.stringify(PKG)})`],
    { env, encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

test('require() on an unsupported platform throws the clear error', { skip: sourceBuilt && 'source build present' }, () => {
  const r = requireWith("Object.defineProperty(process, 'platform', { value: 'darwin' });");
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /ERR_LIBDEVIN_NO_PREBUILT|no prebuilt native addon for darwin-x64/);
  assert.match(r.stderr, /Linux x64 with glibc >= 2\.34/);
});

test('require() with glibc 2.28 throws the same error', { skip: sourceBuilt && 'source build present' }, () => {
  const r = requireWith(`
    const real = process.report.getReport.bind(process.report);
    process.report.getReport = (...a) => {
      const rep = real(...a);
      rep.header.glibcVersionRuntime = '2.28';
      return rep;
    };`);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /no prebuilt native addon for linux-x64 with glibc 2\.28\. The prebuilt addon/);
  assert.match(r.stderr, /npm run build/);
});

// The installed package, resolved by name from the project it is installed in.
const inProject = (code, type = 'commonjs') => spawnSync(process.execPath,
  type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code],
  { cwd: PROJECT || undefined, encoding: 'utf8' });

test('require and import by the name libdevin, and libdevin/testing', { skip: !PROJECT && 'not an installed package' }, () => {
  let r = inProject(`
    const { Devin, abiVersion } = require('libdevin');
    const { startEmulator, emulatorPath } = require('libdevin/testing');
    if (typeof Devin !== 'function' || abiVersion !== 1 || typeof startEmulator !== 'function') process.exit(3);
    console.log(emulatorPath());`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), path.join(fs.realpathSync(PKG), 'prebuilds', 'linux-x64', 'devin-emulator'));
  r = inProject(`
    import { Devin } from 'libdevin';
    import Default from 'libdevin';
    import { startEmulator } from 'libdevin/testing';
    if (Default !== Devin || typeof startEmulator !== 'function') process.exit(3);`, 'module');
  assert.equal(r.status, 0, r.stderr);
});

test('there is no `devin` alias', { skip: !PROJECT && 'not an installed package' }, () => {
  const r = inProject("require('devin')");
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /Cannot find module 'devin'/);
});

test('the installed package has no install script and no dependencies', { skip: !PROJECT && 'not an installed package' }, () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8'));
  assert.equal(pkg.name, 'libdevin');
  for (const s of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(pkg.scripts?.[s], undefined, s);
  assert.equal(pkg.dependencies, undefined);
  assert.equal(pkg.scripts.build, 'node scripts/build.js');
  assert.equal(fs.statSync(path.join(PKG, 'prebuilds', 'linux-x64', 'devin-emulator')).mode & 0o777, 0o755);
  assert.ok(fs.existsSync(path.join(PKG, 'vendor', 'simdjson', 'simdjson.cpp')));
  assert.ok(fs.readdirSync(path.join(PKG, 'licenses')).length > 0);
  // What this very process loaded: the prebuilt (unless told otherwise).
  if (!process.env.DEVIN_NODE_ADDON) {
    assert.equal(locate().kind, 'prebuilt');
    assert.equal(locate().file, path.join(PKG, 'prebuilds', 'linux-x64', 'libdevin.glibc.node'));
  }
});
