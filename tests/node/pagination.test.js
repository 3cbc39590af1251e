'use strict';
// Lists: items, pages, cursor resume, awaiting a list, array/offset forms.
const test = require('node:test');
const assert = require('node:assert/strict');
const { startEmulator, loadDevin, KEYS } = require('./helpers/emulator');

const { Devin, Paginator, Page } = loadDevin();
let emu;
let client;
const created = [];

test.before(async () => {
  emu = await startEmulator();
  client = new Devin({ apiKey: KEYS.admin, baseURL: emu.url });
  for (let i = 0; i < 7; i++) {
    const s = await client.sessions.create({ prompt: `page ${i}`, tags: ['paging'] });
    created.push(s.session_id);
  }
});
test.after(async () => {
  client.close();
  await emu.stop();
});

test('for await walks every item across pages', async () => {
  const seen = [];
  for await (const s of client.sessions.list({ tags: ['paging'], first: 2 })) seen.push(s.session_id);
  assert.deepEqual(seen.slice().sort(), created.slice().sort());
});

test('pages() gives pages with items, hasMore and cursor', async () => {
  const sizes = [];
  let last;
  for await (const page of client.sessions.list({ tags: ['paging'], first: 3 }).pages()) {
    assert.ok(page instanceof Page);
    sizes.push(page.items.length);
    assert.equal(page.$response.status, 200);
    last = page;
  }
  assert.deepEqual(sizes, [3, 3, 1]);
  assert.equal(last.hasMore, false);
});

test('awaiting a list gives its first page', async () => {
  const list = client.sessions.list({ tags: ['paging'], first: 4 });
  assert.ok(list instanceof Paginator);
  const page = await list;
  assert.equal(page.items.length, 4);
  assert.equal(page.hasMore, true);
  assert.equal(typeof page.cursor, 'string');
});

test('a cursor resumes where an iteration stopped', async () => {
  const list = client.sessions.list({ tags: ['paging'], first: 2 });
  const first = [];
  for await (const s of list) {
    first.push(s.session_id);
    if (first.length === 2) break;
  }
  const cursor = list.cursor;
  assert.equal(typeof cursor, 'string');
  const rest = await client.sessions.list({ tags: ['paging'], first: 2, after: cursor }).toArray();
  assert.deepEqual([...first, ...rest.map((s) => s.session_id)].sort(), created.slice().sort());
});

test('listMessages of a session is iterable', async () => {
  await client.sessions.sendMessage(created[0], { message: 'hello there' });
  const messages = await client.sessions.listMessages(created[0]).toArray();
  assert.ok(messages.length >= 1);
});

test('offset and {data} lists iterate; bare arrays are plain results', async () => {
  const schedules = await client.schedules.list().toArray();
  assert.ok(Array.isArray(schedules));
  const blueprints = await client.snapshotSetup.blueprints.list().toArray();
  assert.ok(Array.isArray(blueprints));
  const atts = await client.sessions.listAttachments(created[0]);
  assert.ok(Array.isArray(atts));
  assert.equal(atts.$response.status, 200);
});
