'use strict';
// Each error class, its fields, retries through injected faults, aborts.
const test = require('node:test');
const assert = require('node:assert/strict');
const { startEmulator, loadDevin, KEYS } = require('./helpers/emulator');

const devin = loadDevin();
const { Devin } = devin;
let emu;
let client;

test.before(async () => {
  emu = await startEmulator();
  client = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, maxRetries: 0 });
});
test.after(async () => {
  client.close();
  await emu.stop();
});
test.afterEach(() => emu.clearFaults());

const SELF = '/v3/self';

test('hierarchy', () => {
  const { DevinError, APIError, APIStatusError, APIConnectionError, APITimeoutError } = devin;
  for (const name of ['BadRequestError', 'AuthenticationError', 'PermissionDeniedError', 'NotFoundError',
    'ConflictError', 'UnprocessableEntityError', 'RateLimitError', 'InternalServerError']) {
    assert.ok(devin[name].prototype instanceof APIStatusError, name);
  }
  assert.ok(APIStatusError.prototype instanceof APIError);
  assert.ok(APIError.prototype instanceof DevinError);
  assert.ok(DevinError.prototype instanceof Error);
  assert.ok(APITimeoutError.prototype instanceof APIConnectionError);
  assert.ok(APIConnectionError.prototype instanceof APIError);
  assert.ok(devin.APIUserAbortError.prototype instanceof DevinError);
});

const CASES = [
  [400, 'BadRequestError'], [409, 'ConflictError'], [422, 'UnprocessableEntityError'],
  [429, 'RateLimitError'], [500, 'InternalServerError'], [503, 'InternalServerError'],
  [418, 'APIStatusError'],
];
for (const [status, name] of CASES) {
  test(`HTTP ${status} -> ${name} with problem fields`, async () => {
    await emu.fault({ method: 'GET', path: SELF, kind: 'status', status, retry_after: status === 429 ? '7' : undefined });
    const e = await client.whoami().then(() => assert.fail('resolved'), (x) => x);
    assert.equal(e.constructor.name, name);
    assert.ok(e instanceof devin[name]);
    assert.equal(e.status, status);
    assert.match(e.requestId, /\S/);
    assert.equal(e.title.length > 0, true);
    assert.equal(e.detail, 'Injected fault (devin-emulator)');
    assert.equal(e.instance, SELF);
    assert.equal(e.body.status, status);
    assert.equal(e.method, 'GET');
    assert.equal(e.path, SELF);
    assert.equal(typeof e.headers, 'object');
    if (status === 429) assert.equal(e.retryAfter, 7);
    else assert.equal(e.retryAfter, undefined);
  });
}

test('401 -> AuthenticationError (unknown key)', async () => {
  const c = new Devin({ apiKey: 'cog_not_a_real_key', baseURL: emu.url });
  await assert.rejects(c.whoami(), (e) => e instanceof devin.AuthenticationError && e.status === 401);
  c.close();
});

test('403 -> PermissionDeniedError (read-only key writes)', async () => {
  const c = new Devin({ apiKey: KEYS.readonly, baseURL: emu.url });
  await assert.rejects(c.sessions.create({ prompt: 'nope' }),
    (e) => e instanceof devin.PermissionDeniedError && e.status === 403);
  c.close();
});

test('404 -> NotFoundError', async () => {
  await assert.rejects(client.sessions.get('devin-missing'),
    (e) => e instanceof devin.NotFoundError && e.status === 404 && /devin-missing/.test(e.detail));
});

test('validation error from the server -> UnprocessableEntityError', async () => {
  await assert.rejects(client.sessions.create({}), (e) => e instanceof devin.APIStatusError || e instanceof devin.InvalidArgumentError);
});

test('timeout -> APITimeoutError (total deadline of the call)', async () => {
  await emu.fault({ method: 'GET', path: SELF, kind: 'delay', delay_ms: 3000 });
  const t0 = Date.now();
  await assert.rejects(client.whoami({}, { timeout: 300 }), devin.APITimeoutError);
  assert.ok(Date.now() - t0 < 2500);
});

test('dropped connection -> APIConnectionError', async () => {
  await emu.fault({ method: 'GET', path: SELF, kind: 'close' });
  await assert.rejects(client.whoami(), (e) => e instanceof devin.APIConnectionError && !(e instanceof devin.APITimeoutError));
});

for (const maxRetries of [0, 2]) {
  test(`a POST on a dead keep-alive connection is sent once (maxRetries ${maxRetries})`, async () => {
    // The server may have created the session before the connection died:
    // libcurl would re-send it by itself; it must go out once.
    const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, maxRetries });
    try {
      await c.whoami();
      await c.sessions.list({ first: 1 }); // discovers the org, warms the connection
      await emu.clearRequests();
      await emu.fault({ method: 'POST', path: '/v3/organizations/*/sessions', kind: 'close' });
      await assert.rejects(c.sessions.create({ prompt: 'once' }),
        (e) => e instanceof devin.APIConnectionError && /not re-sent/.test(e.message));
      const posts = (await emu.requests()).filter((r) => r.method === 'POST' && r.path.endsWith('/sessions'));
      assert.equal(posts.length, 1);
    } finally {
      c.close();
    }
  });
}

test('unreachable server -> APIConnectionError with no status', async () => {
  const c = new Devin({ apiKey: KEYS.admin, baseURL: 'http://127.0.0.1:9', maxRetries: 0 });
  await assert.rejects(c.whoami(), (e) => e instanceof devin.APIConnectionError && e.status === undefined);
  c.close();
});

test('malformed body -> a DevinError, not a crash', async () => {
  await emu.fault({ method: 'GET', path: SELF, kind: 'malformed' });
  await assert.rejects(client.whoami(), devin.APIError);
});

test('invalid per-call header -> InvalidArgumentError', async () => {
  await assert.rejects(client.whoami({}, { headers: { Authorization: 'Bearer x' } }), devin.InvalidArgumentError);
});

test('retries: 503 twice then success; retries are reported', async () => {
  const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, maxRetries: 3 });
  await emu.fault({ method: 'GET', path: SELF, kind: 'status', status: 503, count: 2, retry_after_ms: 10 });
  const me = await c.whoami();
  assert.equal(me.$response.retries, 2);
  c.close();
});

test('retries: exhausted retries report how many were taken', async () => {
  await emu.fault({ method: 'GET', path: SELF, kind: 'status', status: 500, count: 5, retry_after_ms: 10 });
  const e = await client.whoami({}, { maxRetries: 2 }).catch((x) => x);
  assert.ok(e instanceof devin.InternalServerError);
  assert.equal(e.retries, 2);
});

test('retries: per-call maxRetries 0 disables them', async () => {
  const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, maxRetries: 3 });
  await emu.fault({ method: 'GET', path: SELF, kind: 'status', status: 503, count: 1 });
  await assert.rejects(c.whoami({}, { maxRetries: 0 }), devin.InternalServerError);
  c.close();
});

test('abort before the call rejects at once', async () => {
  const ac = new AbortController();
  ac.abort(new Error('changed my mind'));
  const e = await client.whoami({}, { signal: ac.signal }).catch((x) => x);
  assert.ok(e instanceof devin.APIUserAbortError);
  assert.equal(e.cause.message, 'changed my mind');
});

test('abort cancels the native request in flight', async () => {
  await emu.fault({ method: 'GET', path: SELF, kind: 'delay', delay_ms: 3000 });
  const ac = new AbortController();
  const t0 = Date.now();
  const p = client.whoami({}, { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(p, devin.APIUserAbortError);
  assert.ok(Date.now() - t0 < 1500, 'aborted promptly');
});

test('abort interrupts the retry backoff', async () => {
  const c = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, maxRetries: 5 });
  await emu.fault({ method: 'GET', path: SELF, kind: 'status', status: 429, retry_after: '20', count: 3 });
  const t0 = Date.now();
  const p = c.whoami({}, { signal: AbortSignal.timeout(300) });
  await assert.rejects(p, devin.APIUserAbortError);
  assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
  c.close();
});

test('abort stops a paginated iteration', async () => {
  const ac = new AbortController();
  await emu.fault({ method: 'GET', path: '/v3/organizations/*/sessions', kind: 'delay', delay_ms: 3000 });
  const it = client.sessions.list({ first: 1 }, { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(async () => { for await (const _ of it) { /* nothing */ } }, devin.APIUserAbortError);
});
