// Quickstart for the `libdevin` npm package, in TypeScript (strict).
//   npx tsc -p examples/node && node examples/node/dist/quickstart.js
import { Devin, APIStatusError, type SessionResponse, type Page } from 'libdevin';

async function main(): Promise<void> {
  const client = new Devin({ maxRetries: 3, timeout: 60_000 });

  const me = await client.whoami();
  console.log(`organization ${me.org_id}`);

  const session = await client.sessions.create({ prompt: 'Say hello from TypeScript' });
  console.log(`created ${session.session_id}; request id ${session.$response.requestId}`);

  const done = await client.sessions.wait(session.session_id, { until: 'idle', timeout: 120_000 });
  console.log(`status ${done.status}, detail ${done.status_detail ?? '-'}`);

  const page: Page<SessionResponse> = await client.sessions.list({ first: 10 });
  console.log(`${page.items.length} sessions on the first page; more: ${page.hasMore}`);
  for await (const s of client.sessions.list({ first: 10 })) {
    const item: SessionResponse = s;
    const status: string = s.status;
    console.log(`  ${item.session_id} ${status}`);
  }

  const controller = new AbortController();
  const pending = client.sessions.get(session.session_id, undefined, { signal: controller.signal });
  controller.abort();
  await pending.catch((e: unknown) => console.log(`aborted: ${(e as Error).name}`));

  try {
    await client.sessions.get('devin-missing');
  } catch (e) {
    if (e instanceof APIStatusError) console.log(`${e.status} ${e.title ?? ''} ${e.requestId ?? ''}`);
    else throw e;
  }
  client.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
