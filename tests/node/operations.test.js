'use strict';
// Every operation of api/openapi.json through its generated Node method,
// following the shared recipes of tests/fixtures/operations.json (setup
// calls, parameters, expected status and response kind; see its `format`).
// The ids covered are listed in coverage_manifest.txt, from which
// docs/coverage.md is generated; the first test fails when the manifest, the
// API description and libdevin disagree.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator, loadDevin, ROOT } = require('./helpers/emulator');

const devin = loadDevin();
const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'api', 'openapi.json'), 'utf8'));
const recipes = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'operations.json'), 'utf8')).operations;
const manifest = fs.readFileSync(path.join(__dirname, 'coverage_manifest.txt'), 'utf8')
  .split('\n').map((l) => l.split('#')[0].trim()).filter(Boolean);

const camel = (w) => w.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const mainIds = {};
for (const item of Object.values(spec.paths)) {
  for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
    if (item[m]) mainIds[item[m].operationId] = item[m]['x-devin-main-id'] || null;
  }
}
const opIds = Object.keys(mainIds).sort();

function methodOf(client, id) {
  let target = client;
  const parts = id.split('.');
  for (const part of parts.slice(0, -1)) target = target[camel(part)];
  assert.ok(target, `resource of ${id}`);
  const fn = target[camel(parts.at(-1))];
  assert.equal(typeof fn, 'function', `method of ${id}`);
  return fn.bind(target);
}

function substitute(v, vars) {
  if (typeof v === 'string' && v.startsWith('$')) {
    assert.ok(v.slice(1) in vars, `variable ${v} is set`);
    return vars[v.slice(1)];
  }
  if (Array.isArray(v)) return v.map((x) => substitute(x, vars));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, vars)]));
  return v;
}

function at(value, dotted) {
  let v = value;
  for (const seg of dotted.split('.')) v = /^\d+$/.test(seg) ? v[Number(seg)] : v[seg];
  return v;
}

let emu;
const clients = new Map();
const clientFor = (key) => {
  if (!clients.has(key)) clients.set(key, new devin.Devin({ apiKey: key, baseURL: emu.url, maxRetries: 0 }));
  return clients.get(key);
};

/** Calls operation `id` the Node way: main id positional, the rest as params.
 *  Resolves to { value, status } where value is the JSON body (for lists,
 *  the first page's body) or the downloaded Buffer. */
async function call(key, id, flat, upload) {
  const fn = methodOf(clientFor(key), id);
  const params = { ...flat };
  const main = mainIds[id];
  let mainValue;
  if (main) {
    mainValue = params[main];
    delete params[main];
  }
  if (upload) params.file = { data: Buffer.from(upload.data, 'utf8'), filename: upload.filename, contentType: upload.content_type };
  const result = main ? fn(mainValue, params) : fn(params);
  if (result instanceof devin.Paginator) {
    const page = await result;
    return { value: page.body, status: page.$response.status };
  }
  const value = await result;
  return { value, status: value.$response.status };
}

test.before(async () => {
  emu = await startEmulator();
});
test.after(async () => {
  for (const c of clients.values()) c.close();
  await emu.stop();
});

test('the manifest lists exactly the operations of the description and libdevin', () => {
  assert.deepEqual([...manifest].sort(), opIds);
  assert.deepEqual(devin.operations().slice().sort(), opIds);
  assert.deepEqual(Object.keys(recipes).sort(), opIds);
});

for (const id of opIds) {
  test(`operation ${id}`, async () => {
    const recipe = recipes[id];
    await emu.reset();
    const vars = {};
    for (const step of recipe.setup) {
      const { value } = await call(step.key, step.op, substitute(step.params, vars), step.upload);
      for (const [name, p] of Object.entries(step.save || {})) vars[name] = at(value, p);
      if (step.save_url_tail) {
        const segs = String(at(value, step.save_url_tail.field)).split('/').map(decodeURIComponent);
        const names = step.save_url_tail.vars;
        names.forEach((n, i) => { vars[n] = segs[segs.length - names.length + i]; });
      }
    }
    const { value, status } = await call(recipe.key, id, substitute(recipe.params, vars), recipe.upload);
    assert.equal(status, recipe.status);
    switch (recipe.response) {
      case 'object':
        assert.ok(value && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value), 'object body');
        break;
      case 'array':
        assert.ok(Array.isArray(value), 'array body');
        break;
      case 'empty':
        assert.deepEqual(Object.keys(value), []);
        break;
      case 'bytes':
        assert.ok(Buffer.isBuffer(value));
        assert.equal(value.toString('utf8'), recipe.expect_body);
        break;
      default:
        assert.fail(`unknown response kind ${recipe.response}`);
    }
  });
}
