'use strict';
// libdevin/testing: startEmulator() as users call it (the emulator bundled in
// the installed package unless DEVIN_EMULATOR_BIN names one), fault
// injection, reset, close(); and HTTPS against it in TLS mode: with caBundle,
// with only SSL_CERT_FILE (libdevin's run-time CA discovery), and refused
// without either.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { loadDevin, loadTesting, emulatorBin, PKG, PROJECT, ROOT } = require('./helpers/emulator');

const { Devin, InternalServerError } = loadDevin();
const { startEmulator, emulatorPath, KEYS } = loadTesting();
// From the checkout (no bundled emulator) the build tree's.
const bin = process.env.DEVIN_EMULATOR_BIN || PROJECT ? undefined : emulatorBin();

const cmdline = (pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');

test('startEmulator: url, keys, faults, reset, close', async () => {
  const emu = await startEmulator({ bin, strict: true });
  try {
    assert.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    // strict: the emulator checks its own answers against the API description.
    assert.ok(cmdline(emu.pid).includes('--strict'));
    assert.equal(emu.apiKey, KEYS.admin);
    assert.deepEqual(emu.clientOptions, { baseURL: emu.url, apiKey: KEYS.admin });
    const client = new Devin({ ...emu.clientOptions, maxRetries: 0 });
    const s = await client.sessions.create({ prompt: 'from libdevin/testing' });
    assert.equal((await client.sessions.get(s.session_id)).session_id, s.session_id);

    await emu.fault({ method: 'GET', path: '/v3/self', status: 500 });
    assert.equal((await emu.faults()).length, 1);
    await assert.rejects(client.whoami(), InternalServerError);
    assert.equal((await emu.faults()).length, 0);
    assert.ok((await emu.requests()).length >= 3);

    await emu.reset();
    assert.equal((await emu.requests()).length, 0);
    await assert.rejects(client.sessions.get(s.session_id), (e) => e.status === 404);
    client.close();
  } finally {
    await emu.close();
  }
  assert.ok(emu.process.exitCode !== null || emu.process.signalCode !== null, 'exited');
  await emu.close(); // twice is fine
});

test('startEmulator: speed, and extra arguments', async () => {
  const emu = await startEmulator({ bin, speed: 1000, legacyErrors: true });
  try {
    assert.ok(!cmdline(emu.pid).includes('--strict'), 'strict is off unless asked for');
    const client = new Devin({ ...emu.clientOptions, maxRetries: 0 });
    const s = await client.sessions.create({ prompt: 'fast' });
    const done = await client.sessions.wait(s.session_id, { timeout: 60000 });
    assert.equal(done.status_detail, 'finished');
    client.close();
  } finally {
    await emu.close();
  }
});

test('a killed test process leaves no emulator behind (--exit-with-stdin)', async () => {
  const script = `
    const { startEmulator } = require(${JSON.stringify(path.join(PKG, 'lib', 'testing.js'))});
    startEmulator(${JSON.stringify(bin ? { bin } : {})}).then((e) => {
      process.stdout.write(String(e.pid) + '\\n');
      process.kill(process.pid, 'SIGKILL');
    });`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.signal, 'SIGKILL', r.stderr);
  const pid = Number(r.stdout.trim());
  assert.ok(pid > 0, r.stdout);
  // Gone, or a zombie waiting for a container's init to reap it.
  const alive = () => {
    try {
      return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop().trim()[0] !== 'Z';
    } catch {
      return false;
    }
  };
  // It leaves within about a second; the bound only stops a hang.
  for (let i = 0; i < 1200 && alive(); i++) await new Promise((res) => setTimeout(res, 50));
  if (alive()) {
    process.kill(pid, 'SIGKILL');
    assert.fail(`emulator ${pid} still running a minute after its parent was killed`);
  }
});

test('a missing emulator is a clear error', async () => {
  await assert.rejects(startEmulator({ bin: '/nonexistent/devin-emulator' }), /cannot run \/nonexistent\/devin-emulator/);
  const env = { DEVIN_EMULATOR_BIN: '/nonexistent', PATH: '' };
  if (fs.existsSync(path.join(PKG, 'prebuilds', 'linux-x64', 'devin-emulator'))) {
    assert.equal(fs.realpathSync(emulatorPath(env)), fs.realpathSync(path.join(PKG, 'prebuilds', 'linux-x64', 'devin-emulator')));
  } else {
    assert.throws(() => emulatorPath(env),
      (e) => e.code === 'ERR_LIBDEVIN_NO_EMULATOR' && /DEVIN_EMULATOR_BIN=\/nonexistent/.test(e.message));
  }
});

test('HTTPS: caBundle, SSL_CERT_FILE alone, and refused without either', async () => {
  const emu = await startEmulator({ bin, tls: true, strict: true });
  try {
    assert.match(emu.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(fs.existsSync(emu.caFile));
    assert.equal(emu.clientOptions.caBundle, emu.caFile);

    const trusted = new Devin({ ...emu.clientOptions, maxRetries: 0 });
    assert.ok((await trusted.whoami()).org_id);
    trusted.close();

    // libdevin reads SSL_CERT_FILE when no caBundle is given: in a fresh
    // process, as users set it.
    const script = `
      const { Devin } = require(${JSON.stringify(PKG)});
      const c = new Devin({ baseURL: ${JSON.stringify(emu.url)}, apiKey: ${JSON.stringify(KEYS.admin)}, maxRetries: 0 });
      c.whoami().then((me) => console.log('ok', me.org_id), (e) => { console.log('error', e.name, e.message); process.exitCode = 3; });`;
    const env = { ...process.env, SSL_CERT_FILE: emu.caFile };
    delete env.SSL_CERT_DIR;
    delete env.CURL_CA_BUNDLE;
    let r = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok org-/);

    // The system store does not trust the emulator's self-signed certificate.
    delete env.SSL_CERT_FILE;
    r = spawnSync(process.execPath, ['-e', script], { env, encoding: 'utf8' });
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /^error APIConnectionError/);
  } finally {
    await emu.close();
  }
  assert.equal(fs.existsSync(emu.caFile), false, 'the generated certificate is removed');
});

test('the node:test example of docs/node.md passes', { skip: !PROJECT && 'not an installed package' }, () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'node.md'), 'utf8');
  const m = /```js\n(\/\/ my\.test\.mjs[^\n]*\n[\s\S]*?)```/.exec(doc);
  assert.ok(m, 'the example is in docs/node.md');
  const file = path.join(PROJECT, `docs-example-${process.pid}.test.mjs`);
  fs.writeFileSync(file, m[1]);
  try {
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // a test run of its own, not a child of this one
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: PROJECT, env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^# pass 2$/m);
  } finally {
    fs.rmSync(file, { force: true });
  }
});
