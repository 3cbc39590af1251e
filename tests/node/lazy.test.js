'use strict';
// The default decode strategy ('lazy'): objects are views over libdevin's
// parsed document. They must be indistinguishable from JSON.parse's objects
// to everything but util.types.isProxy.
const test = require('node:test');
const assert = require('node:assert/strict');
const util = require('node:util');
const path = require('node:path');
const { startEmulator, loadDevin, KEYS } = require('./helpers/emulator');

const devin = loadDevin();
const { Devin } = devin;
let emu;
let lazy;
let text;

// Every kind of JSON value, odd keys included.
const BODY = {
  session_id: 'devin-lazy',
  status: 'running',
  title: 'naïve café — 日本語 ✓ \u{1F600}',
  escaped: 'quote " backslash \\ newline \n tab \t nul-ish \u0001',
  int: 42,
  negative: -7,
  big: 9007199254740991,
  float: 3.25,
  exp: 1.5e-10,
  yes: true,
  no: false,
  nothing: null,
  empty_object: {},
  empty_array: [],
  tags: ['a', 'b', 'c'],
  pull_requests: [{ pr_url: 'https://github.com/acme/api/pull/1', pr_state: 'open' }],
  matrix: [[1, 2], [{ deep: { deeper: ['x'] } }], []],
  nested: { a: { b: { c: [1, { d: null }] } } },
  constructor: 'not a function',
  toString: 'shadowed',
  hasOwnProperty: 1,
  ['__proto__']: { polluted: true },
  'key with spaces and ünicode': 1,
  ['k'.repeat(300)]: 'long key',
};
const BODY_TEXT = JSON.stringify(BODY);
const SESSION_PATH = '/v3/organizations/*/sessions/devin-lazy';

async function fetchBoth() {
  await emu.fault({ method: 'GET', path: SESSION_PATH, kind: 'status', status: 200, body: BODY_TEXT, count: 2 });
  const a = await lazy.sessions.get('devin-lazy');
  const b = await text.sessions.get('devin-lazy');
  return [a, b];
}

test.before(async () => {
  emu = await startEmulator();
  lazy = new Devin({ apiKey: KEYS.admin, baseURL: emu.url });
  text = new Devin({ apiKey: KEYS.admin, baseURL: emu.url, decode: 'text' });
});
test.after(async () => {
  lazy.close();
  text.close();
  await emu.stop();
});

test('lazy is the default, and results are views', async () => {
  const [a, b] = await fetchBoth();
  assert.equal(util.types.isProxy(a), true);
  assert.equal(util.types.isProxy(b), false);
  const page = await lazy.sessions.list({ first: 3 });
  assert.ok(Array.isArray(page.items));
  for (const s of page.items) assert.equal(util.types.isProxy(s), true);
});

test('every value reads as JSON.parse reads it', async () => {
  const [a, b] = await fetchBoth();
  for (const k of Object.keys(b)) assert.deepStrictEqual(a[k], b[k], k);
  assert.equal(a.big, Number.MAX_SAFE_INTEGER);
  assert.equal(a.title, BODY.title);
  assert.equal(a.escaped, BODY.escaped);
  assert.equal(a.constructor, 'not a function');
  assert.equal(a.toString, 'shadowed');
  assert.deepStrictEqual(a.__proto__, { polluted: true });
  assert.equal(Object.getPrototypeOf(a), Object.prototype);
  assert.equal(a['k'.repeat(300)], 'long key');
  assert.equal(a.missing, undefined);
  assert.equal(a.matrix[1][0].deep.deeper[0], 'x');
});

test('keys, spreads, JSON.stringify and deepStrictEqual see the whole object', async () => {
  const [a, b] = await fetchBoth();
  assert.equal(a.status, 'running'); // read one member first: order must not change
  assert.deepStrictEqual(Object.keys(a), Object.keys(b));
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.deepStrictEqual(a, b);
  assert.deepStrictEqual({ ...a }, { ...b });
  assert.deepStrictEqual(Object.entries(a.nested), Object.entries(b.nested));
  assert.equal(JSON.stringify(a.pull_requests), JSON.stringify(BODY.pull_requests));
});

test('in, hasOwn and property descriptors', async () => {
  const [a] = await fetchBoth();
  assert.equal('status' in a, true);
  assert.equal('missing' in a, false);
  assert.equal('hasOwnProperty' in a, true);
  assert.equal(Object.hasOwn(a.nested, 'a'), true);
  assert.equal(Object.hasOwn(a.nested, 'zz'), false);
  const d = Object.getOwnPropertyDescriptor(a, 'int');
  assert.deepStrictEqual(d, { value: 42, writable: true, enumerable: true, configurable: true });
});

test('writes, deletes and freezing behave as on a plain object', async () => {
  const [a] = await fetchBoth();
  const prs = a.pull_requests;
  assert.strictEqual(a.pull_requests, prs, 'a member keeps its identity');
  a.status = 'changed';
  a.added = 1;
  delete a.int;
  assert.equal(a.status, 'changed');
  assert.equal(a.added, 1);
  assert.equal('int' in a, false);
  assert.strictEqual(a.pull_requests, prs, 'identity survives materialization');
  const keys = Object.keys(a);
  assert.equal(keys[keys.length - 1], 'added');
  const n = a.nested;
  Object.freeze(n);
  assert.equal(Object.isFrozen(n), true);
  assert.throws(() => {
    'use strict';
    n.x = 1;
  }, TypeError);
  assert.deepStrictEqual(n, BODY.nested);
  Object.setPrototypeOf(a.empty_object, null);
  assert.equal(Object.getPrototypeOf(a.empty_object), null);
});

test('util.inspect shows every member', async () => {
  const [a] = await fetchBoth();
  const shown = util.inspect(a, { depth: 5 });
  assert.match(shown, /session_id: 'devin-lazy'/);
  assert.match(shown, /deeper: \[ 'x' \]/);
  assert.doesNotMatch(shown, /Symbol|devin\.lazy/);
});

test('$response rides along, non-enumerable, without reading the members', async () => {
  const [a] = await fetchBoth();
  assert.equal(a.$response.status, 200);
  assert.equal(Object.keys(a).includes('$response'), false);
  assert.equal(JSON.stringify(a).includes('$response'), false);
});

test('items outlive their page and the page object', async () => {
  let kept = (await lazy.sessions.list({ first: 5 })).items;
  if (global.gc) global.gc();
  await new Promise((r) => setTimeout(r, 10));
  if (global.gc) global.gc();
  for (const s of kept) assert.match(s.session_id, /^devin-/);
  kept = null;
});

test('lazy and text pagination walk the same items', async () => {
  for (let i = 0; i < 5; i++) await text.sessions.create({ prompt: `page ${i}`, tags: ['lazy-pages'] });
  const ids = async (c) => {
    const out = [];
    for await (const s of c.sessions.list({ first: 2, tags: ['lazy-pages'] })) out.push(s.session_id);
    return out;
  };
  const a = await ids(lazy);
  assert.ok(a.length > 2, 'several pages');
  assert.deepStrictEqual(a, await ids(text));
});

test('a body that is not JSON is a decode error in lazy mode too', async () => {
  await emu.fault({ method: 'GET', path: '/v3/self', kind: 'malformed' });
  await assert.rejects(lazy.whoami(), devin.APIResponseDecodeError);
});

test('the native lazy functions refuse bad arguments with a TypeError', () => {
  const pkg = process.env.DEVIN_NODE_PACKAGE || path.join(__dirname, '..', '..', 'bindings', 'node');
  const addon = require(path.join(path.dirname(require.resolve(pkg)), 'native.js')).native;
  const cancel = addon.cancelNew();
  assert.throws(() => addon.lazyGet({}, 0, 'x'), TypeError);
  assert.throws(() => addon.lazyGet(cancel, 0, 'x'), TypeError);
  assert.throws(() => addon.lazyArray(undefined, 0), TypeError);
  assert.throws(() => addon.lazyEntries(null), TypeError);
});

test('decode accepts lazy, text and native only', () => {
  for (const decode of ['lazy', 'text', 'native']) new Devin({ apiKey: KEYS.admin, baseURL: emu.url, decode }).close();
  assert.throws(() => new Devin({ apiKey: KEYS.admin, baseURL: emu.url, decode: 'buffer' }), TypeError);
  assert.throws(() => new Devin({ apiKey: KEYS.admin, baseURL: emu.url, decode: 'eager' }), TypeError);
});
