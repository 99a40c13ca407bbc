import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import {
  APP_FIXTURE,
  eventually,
  readAll,
  readUntil,
  requestLogs,
  useDevServer,
} from '../support.ts';

const MAX = 10;
// 3 s: the first held invocations must not time out while ten runtimes start on a busy machine.
const dev = useDevServer({ maxRuntimes: MAX, timeoutSec: 3 });

describe('concurrency (aws-lambda-ric, one invocation per runtime process)', () => {
  // Released even when the test fails, so held invocations do not spill into the next test.
  afterEach(() => {
    for (let i = 0; i < MAX; i++) dev.gate.release(`h${i}:release`);
  });

  it('starts runtimes up to the max, then answers 429; the slots come back', async () => {
    const held = await Promise.all(
      Array.from({ length: MAX }, async (_, i) => {
        const response = await fetch(`${dev.server.url}/hold?id=h${i}&gate=${dev.gate.url}`);
        const reader = response.body!.getReader();
        await readUntil(reader, { text: '' }, 'data: held');
        return reader;
      }),
    );
    expect(dev.server.stats()).toEqual({ busy: MAX, idle: 0, runtimes: MAX });

    const refused = await fetch(`${dev.server.url}/hello`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ Message: 'Rate Exceeded.' });

    for (let i = 0; i < MAX; i++) dev.gate.release(`h${i}:release`);
    for (const reader of held) while (!(await reader.read()).done);
    await eventually(() => dev.server.stats().busy === 0, 'every slot to be free');
    expect(dev.server.stats()).toEqual({ busy: 0, idle: MAX, runtimes: MAX });
  });

  it('frees every slot exactly once after 200 mixed requests', async () => {
    const before = requestLogs(dev.server).length;
    const kinds = ['ok', 'ok', 'fail-after', 'fail-before', 'client-gone', 'raw'] as const;
    const outcomes = new Map<string, number>();
    let requests = 0;
    const count = (key: string): void => {
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    };
    const one = async (i: number): Promise<void> => {
      // A few timeouts too: each kills its runtime, which must be replaced without a leak.
      const kind = i % 40 === 7 ? 'timeout' : kinds[i % kinds.length]!;
      const path = {
        ok: '/hello',
        raw: '/raw',
        'fail-after': '/fail-after',
        'fail-before': '/fail-before',
        'client-gone': '/ticks?n=5&ms=5',
        timeout: '/hang',
      }[kind];
      const controller = new AbortController();
      const send = (): Promise<Response> => {
        requests++;
        return fetch(`${dev.server.url}${path}`, { signal: controller.signal });
      };
      let response = await send();
      // A timeout must get a slot, whatever the load: the point is its runtime being replaced.
      while (kind === 'timeout' && response.status === 429) {
        count('429');
        await response.arrayBuffer();
        response = await send();
      }
      if (kind === 'client-gone' && response.status === 200) {
        await readUntil(response.body!.getReader(), { text: '' }, 'data: 1 ');
        controller.abort();
        count('client-gone');
        return;
      }
      const { cut } = await readAll(response);
      count(`${response.status}${cut ? ' cut' : ''}`);
    };
    // 14 clients for 10 slots: some requests are refused, none wait in a queue.
    let next = 0;
    await Promise.all(
      Array.from({ length: 14 }, async () => {
        while (next < 200) await one(next++);
      }),
    );
    await eventually(
      () => requestLogs(dev.server).length - before === requests,
      'a log entry for every request',
    );
    await eventually(() => dev.server.stats().busy === 0, 'every slot to be free', 15_000);
    const stats = dev.server.stats();
    expect(stats.idle).toBe(stats.runtimes);
    expect(stats.runtimes).toBeLessThanOrEqual(MAX);
    const logged = requestLogs(dev.server).slice(before);
    const byOutcome: Record<string, number> = {};
    for (const entry of logged) byOutcome[entry.outcome] = (byOutcome[entry.outcome] ?? 0) + 1;
    console.info(
      'mixed requests:',
      JSON.stringify(Object.fromEntries(outcomes)),
      'logged:',
      JSON.stringify(byOutcome),
    );
    expect(byOutcome['error-trailer']).toBeGreaterThan(0);
    expect(byOutcome.timeout).toBe(5); // i % 40 === 7 among 200
  });
});

describe('concurrency > 1 per runtime (aws-lambda-ric multi-concurrency mode)', () => {
  it('runs two invocations at once in one runtime process, refusing a third', async () => {
    const multi = await startDevServer({
      handler: APP_FIXTURE,
      export: 'buffered',
      port: 0,
      runtime: 'ric',
      concurrency: 2,
      maxRuntimes: 1,
    });
    try {
      const pending = [0, 1].map((i) =>
        fetch(`${multi.url}/buffered-hold?id=m${i}&gate=${dev.gate.url}`).then((r) => r.text()),
      );
      await Promise.all([dev.gate.reached('m0:release'), dev.gate.reached('m1:release')]);
      expect(multi.stats()).toEqual({ busy: 2, idle: 0, runtimes: 1 });
      expect((await fetch(`${multi.url}/buffered-json`)).status).toBe(429);
      dev.gate.release('m0:release');
      dev.gate.release('m1:release');
      expect(await Promise.all(pending)).toEqual(['released m0', 'released m1']);
      await eventually(() => multi.stats().busy === 0, 'both slots to be free');
      expect(multi.stats()).toEqual({ busy: 0, idle: 2, runtimes: 1 });
    } finally {
      await multi.close();
    }
  });
});
