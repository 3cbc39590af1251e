// Quickstart for the `libdevin` npm package.
//   DEVIN_API_KEY=cog_… node examples/node/quickstart.mjs
// (against the emulator: DEVIN_BASE_URL=http://127.0.0.1:<port>)
import { Devin, NotFoundError } from 'libdevin';

const client = new Devin(); // DEVIN_API_KEY, DEVIN_ORG_ID, DEVIN_BASE_URL, DEVIN_LOG

const me = await client.whoami();
console.log(`signed in as ${me.service_user_name ?? me.principal_type} in ${me.org_id}`);

const session = await client.sessions.create({ prompt: 'Say hello from the quickstart', tags: ['quickstart'] });
console.log(`created ${session.session_id} (${session.status}), request id ${session.$response.requestId}`);

await client.sessions.sendMessage(session.session_id, { message: 'Please keep it short.' });

const done = await client.sessions.wait(session.session_id, {
  timeout: 120_000,
  onProgress: (s) => console.log(`  … ${s.status}${s.status_detail ? ` / ${s.status_detail}` : ''}`),
});
console.log(`session is ${done.status} (${done.status_detail})`);

for await (const m of client.sessions.listMessages(session.session_id)) {
  console.log(`  [${m.source ?? 'message'}] ${String(m.message ?? '').slice(0, 60)}`);
}

let n = 0;
for await (const s of client.sessions.list({ tags: ['quickstart'], first: 50 })) n += s ? 1 : 0;
console.log(`${n} quickstart session(s) in the organization`);

try {
  await client.sessions.get('devin-does-not-exist');
} catch (e) {
  if (!(e instanceof NotFoundError)) throw e;
  console.log(`not found as expected: ${e.status} ${e.title} (request id ${e.requestId})`);
}
client.close();
