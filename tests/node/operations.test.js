'use strict';
// Every operation of api/openapi.json through its generated method, checked
// against what the emulator received. The ids covered are listed in
// coverage_manifest.txt (docs/coverage.md is generated from it); this test
// fails when the manifest, the API description and libdevin disagree.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startEmulator, loadDevin, KEYS, ROOT } = require('./helpers/emulator');

const devin = loadDevin();
const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'api', 'openapi.json'), 'utf8'));
const manifest = fs.readFileSync(path.join(__dirname, 'coverage_manifest.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

const camel = (w) => w.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const deref = (s) => (s && s.$ref ? spec.components.schemas[s.$ref.split('/').pop()] : s) || {};

const ops = [];
for (const [p, item] of Object.entries(spec.paths)) {
  for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
    if (item[m]) ops.push({ path: p, http: m.toUpperCase(), raw: item[m], id: item[m].operationId });
  }
}
ops.sort((a, b) => a.id.localeCompare(b.id));

function sample(name, schema, ids, depth = 0) {
  const s = deref(schema);
  if (ids[name] !== undefined) return s.type === 'array' ? [ids[name]] : ids[name];
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (s[k]) return sample(name, s[k][0], ids, depth + 1);
  if (s.enum) return s.enum[0];
  if (s.default !== undefined && s.default !== null) return s.default;
  switch (s.type) {
    case 'integer': return s.minimum ?? 1;
    case 'number': return s.minimum ?? 1;
    case 'boolean': return true;
    case 'array': return [sample(name, s.items || {}, ids, depth + 1)];
    case 'object': {
      const out = {};
      if (depth < 4) for (const k of s.required || []) out[k] = sample(k, (s.properties || {})[k] || {}, ids, depth + 1);
      return out;
    }
    default:
      if (s.format === 'email' || /email/.test(name)) return 'node-test@example.com';
      if (s.format === 'uri' || /url/.test(name)) return 'https://example.com/x';
      return 'node-test';
  }
}

/** (main id value, params) for an operation, required parameters only. */
function argsFor(op, ids) {
  const main = op.raw['x-devin-main-id'];
  const scope = op.raw['x-devin-scope'];
  let mainValue;
  const params = {};
  for (const prm of op.raw.parameters || []) {
    if (prm.name === main) {
      mainValue = sample(prm.name, prm.schema, ids);
      continue;
    }
    if (prm.name === 'org_id' && scope === 'organization') continue;
    if (prm.required) params[prm.name] = sample(prm.name, prm.schema, ids);
  }
  const content = op.raw.requestBody && op.raw.requestBody.content;
  if (content) {
    if (content['multipart/form-data']) {
      params.file = Buffer.from('hello from the node tests\n');
      params.filename = 'hello.txt';
    } else {
      const body = deref(Object.values(content)[0].schema);
      for (const k of body.required || []) params[k] = sample(k, body.properties[k], ids);
    }
  }
  return { mainValue, params };
}

function methodOf(client, id) {
  let target = client;
  const parts = id.split('.');
  for (const part of parts.slice(0, -1)) target = target[camel(part)];
  assert.ok(target, `resource of ${id}`);
  const fn = target[camel(parts.at(-1))];
  assert.equal(typeof fn, 'function', `method of ${id}`);
  return fn.bind(target);
}

let emu;
test.before(async () => {
  emu = await startEmulator();
});
test.after(() => emu.stop());

test('the manifest lists exactly the operations of the description and libdevin', () => {
  assert.deepEqual([...manifest].sort(), ops.map((o) => o.id));
  assert.deepEqual(devin.operations().slice().sort(), ops.map((o) => o.id));
});

test('every operation is callable and sends the right request', async () => {
  const org = new devin.Devin({ apiKey: KEYS.admin, baseURL: emu.url, maxRetries: 0 });
  const ent = new devin.Devin({ apiKey: KEYS.enterprise, baseURL: emu.url, maxRetries: 0 });
  const session = await org.sessions.create({ prompt: 'coverage' });
  const att = await org.attachments.upload({ file: Buffer.from('attachment body'), filename: 'a.txt' });
  const m = /attachments\/([^/]+)\/([^/?]+)/.exec(att.url || '') || [];
  const ids = {
    devin_id: session.session_id, session_id: session.session_id, org_id: 'org-emulator-1',
    uuid: m[1] || att.attachment_id, name: m[2] ? decodeURIComponent(m[2]) : 'a.txt',
  };
  const outcomes = {};
  for (const op of ops) {
    const client = op.raw['x-devin-scope'] === 'enterprise' ? ent : org;
    const fn = methodOf(client, op.id);
    const { mainValue, params } = argsFor(op, ids);
    await emu.clearRequests();
    const args = mainValue !== undefined ? [mainValue, params] : [params];
    let outcome;
    try {
      const r = fn(...args);
      const form = (op.raw['x-devin-pagination'] || {}).form;
      if (form && form !== 'array') {
        const page = await r;
        assert.ok(Array.isArray(page.items), `${op.id}: page items`);
      } else {
        const v = await r;
        assert.ok(v && v.$response, `${op.id}: $response`);
      }
      outcome = 'ok';
    } catch (e) {
      assert.ok(e instanceof devin.APIStatusError,
        `${op.id}: expected success or an API status error, got ${e && e.name}: ${e && e.message}`);
      outcome = e.status;
    }
    outcomes[op.id] = outcome;
    const seen = await emu.requests();
    const re = new RegExp('^' + op.path.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    assert.ok(seen.some((r) => r.method === op.http && re.test(r.path)),
      `${op.id}: emulator saw ${JSON.stringify(seen.map((r) => `${r.method} ${r.path}`))}`);
  }
  const ok = Object.values(outcomes).filter((o) => o === 'ok').length;
  console.log(`operations: ${ok} succeeded, ${ops.length - ok} answered with an API error`);
  assert.ok(ok >= ops.length / 2, `only ${ok} of ${ops.length} operations succeeded: ${JSON.stringify(outcomes)}`);
  org.close();
  ent.close();
});
