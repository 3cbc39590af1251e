'use strict';
// The client against the emulator: construction, env, calls, metadata,
// raw requests, decoding, close.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { startEmulator, loadDevin, KEYS, PKG } = require('./helpers/emulator');

const devin = loadDevin();
const { Devin } = devin;
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

test('package surface: ABI and operation table', () => {
  assert.equal(devin.abiVersion, 1);
  assert.match(devin.libdevinVersion, /^\d+\.\d+\.\d+/);
  assert.equal(devin.operations().length, 184);
  assert.equal(typeof Devin, 'function');
});

test('whoami and org discovery', async () => {
  const me = await client.whoami();
  assert.equal(me.org_id, 'org-emulator-1');
  assert.equal(me.$response.status, 200);
  assert.match(me.$response.requestId, /\S/);
  await client.sessions.list({ first: 1 }); // an organization call discovers the org
  assert.equal(client.orgId, 'org-emulator-1');
  assert.deepEqual(Object.keys(me).includes('$response'), false, '$response is not enumerable');
});

test('sessions create / get / sendMessage / list', async () => {
  const s = await client.sessions.create({ prompt: 'hello', tags: ['basics'] });
  assert.match(s.session_id, /^devin-/);
  const g = await client.sessions.get(s.session_id);
  assert.equal(g.session_id, s.session_id);
  assert.equal(typeof g.$response.elapsed, 'number');
  assert.equal(g.$response.headers['content-type'].includes('json'), true);
  await client.sessions.sendMessage(s.session_id, { message: 'more please' });
  const page = await client.sessions.list({ tags: ['basics'], first: 10 });
  assert.ok(page.items.some((x) => x.session_id === s.session_id));
});

test('environment variables configure the client', async () => {
  const saved = { ...process.env };
  try {
    process.env.DEVIN_API_KEY = KEYS.admin;
    process.env.DEVIN_BASE_URL = emu.url;
    process.env.DEVIN_ORG_ID = 'org-emulator-1';
    const c = new Devin();
    assert.equal(c.orgId, 'org-emulator-1');
    assert.equal(c.baseURL, emu.url);
    const me = await c.whoami();
    assert.equal(me.org_id, 'org-emulator-1');
    c.close();
  } finally {
    for (const k of ['DEVIN_API_KEY', 'DEVIN_BASE_URL', 'DEVIN_ORG_ID']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
});

test('missing or legacy key fails at construction', () => {
  const saved = process.env.DEVIN_API_KEY;
  delete process.env.DEVIN_API_KEY;
  try {
    assert.throws(() => new Devin({ baseURL: emu.url }), devin.AuthenticationError);
    assert.throws(() => new Devin({ apiKey: 'apk_legacy', baseURL: emu.url }), devin.AuthenticationError);
  } finally {
    if (saved !== undefined) process.env.DEVIN_API_KEY = saved;
  }
});

test('per-call headers reach the server; default headers too', async () => {
  const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, defaultHeaders: { 'x-team': 'node' } });
  await emu.clearRequests();
  await c.whoami({}, { headers: { 'x-trace': 'abc' } });
  const reqs = await emu.requests();
  const r = reqs.find((x) => x.path === '/v3/self');
  const h = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(h['x-trace'], 'abc');
  assert.equal(h['x-team'], 'node');
  assert.match(h['user-agent'], /devin-node\//);
  c.close();
});

test('client.request reaches endpoints by path, with query and body', async () => {
  const me = await client.request('GET', '/v3/self');
  assert.equal(me.org_id, 'org-emulator-1');
  assert.equal(me.$response.status, 200);
  const page = await client.request('GET', '/v3/organizations/{org_id}/sessions', { query: { first: 1 } });
  assert.ok(Array.isArray(page.items));
  assert.ok(page.items.length <= 1);
  const created = await client.request('POST', '/v3/organizations/{org_id}/sessions', { body: { prompt: 'raw' } });
  assert.match(created.session_id, /^devin-/);
  await assert.rejects(client.request('GET', '/v3/organizations/{org_id}/nope'), devin.NotFoundError);
});

test('unknown fields are preserved (lazy, text and native decoding)', async () => {
  const body = { session_id: 'devin-x', status: 'running', brand_new_field: { nested: [1, 2, 3] } };
  for (const decode of ['lazy', 'text', 'native']) {
    const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, decode });
    await emu.fault({ method: 'GET', path: '/v3/organizations/*/sessions/devin-x', kind: 'status', status: 200, body });
    const s = await c.sessions.get('devin-x');
    assert.deepEqual({ ...s }, body);
    assert.equal(s.$response.status, 200);
    c.close();
  }
});

test('native decoding gives the same objects as JSON.parse', async () => {
  const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, decode: 'native' });
  const a = await c.sessions.list({ first: 5 });
  const b = await client.sessions.list({ first: 5 });
  assert.deepEqual(a.items.map((x) => x.session_id), b.items.map((x) => x.session_id));
  // Sessions move on between the two calls: compare the shape, not the values.
  assert.deepEqual(a.items.map((x) => Object.keys(x)), b.items.map((x) => Object.keys(x)));
  assert.deepEqual(Object.keys(a.body), Object.keys(b.body));
  c.close();
});

test('close() cancels in-flight calls and refuses new ones', async () => {
  const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url });
  await emu.fault({ method: 'GET', path: '/v3/self', kind: 'delay', delay_ms: 2000 });
  const pending = c.whoami();
  await new Promise((r) => setTimeout(r, 100));
  c.close();
  await assert.rejects(pending, devin.APIUserAbortError);
  await assert.rejects(c.whoami(), devin.DevinError);
  await emu.clearFaults();
});

test('bad main id is a TypeError, not a request', async () => {
  await assert.rejects(client.sessions.get(''), TypeError);
  await assert.rejects(client.sessions.get(undefined), TypeError);
});

test('ESM import works', async () => {
  const mod = await import(pathToFileURL(path.join(PKG, 'lib', 'index.mjs')).href);
  assert.equal(mod.Devin, Devin);
  assert.equal(mod.default, Devin);
});
