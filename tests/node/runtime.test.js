'use strict';
// Waits, logging and key redaction, worker threads, and the process exiting
// by itself.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync, spawn } = require('node:child_process');
const { Worker } = require('node:worker_threads');
const { startEmulator, loadDevin, KEYS } = require('./helpers/emulator');

const devin = loadDevin();
const { Devin } = devin;
const PKG = process.env.DEVIN_NODE_PACKAGE || path.resolve(__dirname, '..', '..', 'bindings', 'node');
let emu;
let client;

test.before(async () => {
  emu = await startEmulator();
  client = new Devin({ apiKey: KEYS.admin, baseURL: emu.url });
});
test.after(async () => {
  client.close();
  await emu.stop();
});

test('wait(timeout) never gives up early; the message says the real elapsed seconds', async () => {
  // It used to stop when the next backoff step would pass the deadline
  // ("after 0 s" for 600 ms).
  const s = await client.sessions.create({ prompt: 'never terminal' });
  for (const ms of [300, 1000]) {
    const t0 = performance.now();
    const e = await client.sessions.wait(s.session_id, { until: 'terminal', timeout: ms }).catch((x) => x);
    assert.ok(e instanceof devin.APITimeoutError, String(e));
    assert.ok(performance.now() - t0 >= ms - 5, `gave up after ${performance.now() - t0} ms`);
    const m = /was not done after (\d+\.\d\d) s/.exec(e.message);
    assert.ok(m && Number(m[1]) >= ms / 1000 - 0.005, e.message);
  }
});

test('sessions.wait reports progress and stops when idle', async () => {
  const s = await client.sessions.create({ prompt: 'wait for me' });
  const seen = [];
  const done = await client.sessions.wait(s.session_id, { onProgress: (x) => seen.push(x.status), timeout: 60000 });
  assert.ok(seen.length >= 1);
  assert.equal(done.session_id, s.session_id);
  assert.ok(['exit', 'error', 'suspended', 'running'].includes(done.status));
  assert.equal(done.$response.status, 200);
});

test('createAndWait', async () => {
  const done = await client.sessions.createAndWait({ prompt: 'create and wait' }, { until: 'idle', timeout: 60000 });
  assert.match(done.session_id, /^devin-/);
});

test('wait honours its own timeout and the signal', async () => {
  const s = await client.sessions.create({ prompt: 'slow' });
  await emu.fault({ method: 'GET', path: `/v3/organizations/*/sessions/${s.session_id}`, kind: 'delay', delay_ms: 3000, count: 5 });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(client.sessions.wait(s.session_id, { signal: ac.signal }), devin.APIUserAbortError);
  await emu.clearFaults();
  await assert.rejects(client.sessions.wait('devin-missing', { timeout: 5000 }), devin.NotFoundError);
});

test('logger receives lines at the chosen level; the key never appears', async () => {
  const secret = 'cog_super_secret_value_123456';
  const lines = [];
  const c = new Devin({ apiKey: secret, baseURL: emu.url, logLevel: 'debug', maxRetries: 1,
    logger: (level, line) => lines.push(`${level} ${line}`) });
  const e = await c.whoami().catch((x) => x);
  assert.ok(e instanceof devin.AuthenticationError);
  await new Promise((r) => setTimeout(r, 50)); // log lines arrive through the event loop
  assert.ok(lines.length > 0, 'debug lines were logged');
  const everything = [e.message, e.stack, JSON.stringify(e), JSON.stringify(e.body), String(e), ...lines,
    require('node:util').inspect(c, { depth: 5, showHidden: true }),
    require('node:util').inspect(e, { depth: 5, showHidden: true })].join('\n');
  assert.ok(!everything.includes(secret), 'key leaked');
  assert.ok(!everything.includes('super_secret'), 'part of the key leaked');
  c.close();
});

test('console-like logger objects work', async () => {
  const got = [];
  const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, logLevel: 'debug',
    logger: { debug: (l) => got.push(l), info: (l) => got.push(l), warn: (l) => got.push(l), error: (l) => got.push(l) } });
  await c.whoami();
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(got.length > 0);
  c.close();
});

test('DEVIN_LOG without a logger writes to stderr, without the key', () => {
  const r = spawnSync(process.execPath, ['-e', `
    const { Devin } = require(${JSON.stringify(PKG)});
    const c = new Devin({ apiKey: 'cog_env_log_secret_987', baseURL: ${JSON.stringify(emu.url)}, maxRetries: 0 });
    c.whoami().catch(() => {});
  `], { env: { ...process.env, DEVIN_LOG: 'debug' }, encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stderr.length > 0, 'something was logged');
  assert.ok(!r.stderr.includes('env_log_secret'));
});

test('worker threads: clients in several workers at once', async () => {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { Devin } = require(workerData.pkg);
    (async () => {
      const c = new Devin({ apiKey: workerData.key, baseURL: workerData.url });
      const ids = [];
      for (let i = 0; i < 5; i++) ids.push((await c.sessions.create({ prompt: 'worker ' + i })).session_id);
      const got = await Promise.all(ids.map((id) => c.sessions.get(id)));
      parentPort.postMessage(got.map((s) => s.session_id).join(','));
      c.close();
    })().catch((e) => parentPort.postMessage('error: ' + e.message));
  `;
  const run = () => new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { pkg: PKG, key: KEYS.admin, url: emu.url } });
    let msg;
    w.on('message', (m) => { msg = m; });
    w.on('error', reject);
    w.on('exit', (c) => (c === 0 ? resolve(msg) : reject(new Error(`worker exit ${c}`))));
  });
  const results = await Promise.all([run(), run(), run()]);
  for (const r of results) assert.match(r, /^devin-[^,]+(,devin-[^,]+){4}$/);
});

test('worker threads: terminating a worker with calls in flight is clean', async () => {
  await emu.fault({ method: 'GET', path: '/v3/self', kind: 'delay', delay_ms: 2000, count: 10 });
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { Devin } = require(workerData.pkg);
    const c = new Devin({ apiKey: workerData.key, baseURL: workerData.url });
    for (let i = 0; i < 4; i++) c.whoami().catch(() => {});
    parentPort.postMessage('started');
  `;
  const w = new Worker(code, { eval: true, workerData: { pkg: PKG, key: KEYS.admin, url: emu.url } });
  await new Promise((r) => w.once('message', r));
  const code2 = await w.terminate();
  assert.equal(typeof code2, 'number');
  await emu.clearFaults();
  // The main thread's client still works afterwards.
  assert.equal((await client.whoami()).org_id, 'org-emulator-1');
});

function runChild(src, timeoutMs = 15000) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['-e', src], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out, err, ms: Date.now() - t0 });
    });
  });
}

test('the process exits by itself once no call is in flight (no close())', async () => {
  const r = await runChild(`
    const { Devin } = require(${JSON.stringify(PKG)});
    const c = new Devin({ apiKey: ${JSON.stringify(KEYS.admin)}, baseURL: ${JSON.stringify(emu.url)} });
    c.sessions.list({ first: 2 }).then((p) => console.log('items', p.items.length));
  `);
  assert.equal(r.signal, null, `killed: ${r.err}`);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /items \d/);
});

test('an idle client never holds the process open', async () => {
  const r = await runChild(`
    const { Devin } = require(${JSON.stringify(PKG)});
    globalThis.keep = new Devin({ apiKey: ${JSON.stringify(KEYS.admin)}, baseURL: ${JSON.stringify(emu.url)} });
  `);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.ms < 5000);
});

test('a call in flight keeps the process alive until it completes', async () => {
  await emu.fault({ method: 'GET', path: '/v3/self', kind: 'delay', delay_ms: 700 });
  const r = await runChild(`
    const { Devin } = require(${JSON.stringify(PKG)});
    const c = new Devin({ apiKey: ${JSON.stringify(KEYS.admin)}, baseURL: ${JSON.stringify(emu.url)} });
    c.whoami().then((me) => console.log('done', me.org_id));
  `);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /done org-emulator-1/);
});
