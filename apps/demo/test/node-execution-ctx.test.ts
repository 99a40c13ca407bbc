// The demo on Node with no per-platform waitUntil shim (issue 13, item 3): the chat route calls
// c.executionCtx.waitUntil on every target, and on Node the adapter's graceful shutdown waits
// for the cut answer's producer to finish instead of dropping it.
import { serve } from '@sluice/adapter-node';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { readConfig } from '../src/config.ts';
import { silentLogger } from '../src/log.ts';
import { nodePlatform } from '../src/platform/node.ts';
import { createEventStore } from '../src/store.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('resumable chat on adapter-node', () => {
  it('a cut answer (c.executionCtx.waitUntil) answers 200, and close() waits for its producer', async () => {
    const { store } = await createEventStore(undefined);
    const platform = nodePlatform({ name: 'node' });
    const config = readConfig({ LOCAL_TOKEN_DELAY_MS: '20', LOG_REQUESTS: '0' });
    const app = createApp({ config, platform, store, log: silentLogger });
    const server = await serve(app, { port: 0, hostname: '127.0.0.1', shutdownTimeoutMs: 10_000 });
    closers.push(() => server.close());

    const id = `ctx${Math.random().toString(36).slice(2, 12)}`;
    const res = await fetch(`${server.url}/api/chat?cut=2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id, prompt: 'How does resume work after a cut?' }),
    });
    expect(res.status).toBe(200);
    await res.text(); // two events, then the cut
    expect(await store.info(`chat:${id}`)).toMatchObject({ ended: false });

    await server.close(); // waits for the waitUntil task: the producer writes the whole answer
    expect(await store.info(`chat:${id}`)).toMatchObject({ ended: true, producing: false });
  });
});
