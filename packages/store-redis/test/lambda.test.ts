// Resume across Lambda invocations: the dev server runs a bundled Hono app under the real
// aws-lambda-ric, with two runtime processes sharing one Redis. The client is cut after 20 events.
// A Lambda function does not see its client leave, so the first invocation keeps producing and
// its runtime stays busy: the reconnect lands in the other runtime process, replays from
// Last-Event-ID out of Redis and tails the first invocation's events live to `end`.

import { connectSSE, type SSEMessage } from '@sluice/core';
import { type DevServer, type DevServerStats, startDevServer } from '@sluice/lambda-dev';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGate, type Gate, logFor } from '../../lambda-dev/test/support.ts';
import { redisEventStore } from '../src/index.ts';
import { eventually } from './eventually.ts';
import { ANSWER_EVENTS, GATE_KEY, PRODUCER_DONE_LINE } from './fixtures/lambda-chat-app.ts';
import { expectedEvent } from './fixtures/sse-app.ts';
import { type BundledHandler, bundleChatHandler } from './lambda-bundle.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';
import { type RoutedRequest, routedFetch } from './routed-fetch.ts';

const STREAM_ID = 'lambda-chat';
const CUT_AFTER = 20;

let redis: RedisServer;
let gate: Gate;
let bundle: BundledHandler;
let dev: DevServer;

beforeAll(async () => {
  // One at a time, so that afterAll stops whatever started even when a later step fails.
  bundle = await bundleChatHandler();
  redis = await startRedisServer();
  gate = await createGate();
  dev = await startDevServer({
    handler: bundle.file,
    runtime: 'ric',
    port: 0,
    maxRuntimes: 2,
    timeoutSec: 30,
    env: { REDIS_URL: redis.url, GATE_URL: gate.url },
  });
});
afterAll(async () => {
  gate?.release(GATE_KEY); // a failed test must not leave the producer waiting
  await dev?.close();
  await gate?.close();
  await bundle?.remove();
  await redis?.stop();
});

const expected = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: String(i + 1), ...expectedEvent(i + 1) }));

describe('resume across Lambda invocations (aws-lambda-ric, two runtime processes)', () => {
  it('cut after 20 events, the reconnect runs in the other runtime, replays and tails to end', async () => {
    const routes: RoutedRequest[] = [];
    const routed = routedFetch(
      [{ base: dev.url, cutAfterEvents: CUT_AFTER }, { base: dev.url }],
      routes,
    );
    const requestIds: string[] = [];
    const fetchVia: typeof fetch = async (input, init) => {
      const response = await routed(input, init);
      requestIds.push(response.headers.get('x-amzn-requestid') ?? 'none');
      return response;
    };

    const messages: SSEMessage[] = [];
    let whileResuming: DevServerStats | undefined;
    // connectSSE throws unless `end` verifies: count, bytes and digest over both connections.
    const url = `http://lambda.invalid/chat/${STREAM_ID}`;
    for await (const message of connectSSE(url, { fetch: fetchVia, retryMs: 1 })) {
      messages.push(message);
      if (messages.length === CUT_AFTER + 1) {
        // The reconnect is streaming; the first producer waits before event HOLD_BEFORE, so
        // its invocation has not ended: both runtime processes are busy at once.
        await gate.reached(GATE_KEY);
        whileResuming = dev.stats();
        gate.release(GATE_KEY);
      }
    }

    expect(messages).toEqual(expected(ANSWER_EVENTS));
    expect(routes).toEqual([
      { base: dev.url, lastEventId: null },
      { base: dev.url, lastEventId: String(CUT_AFTER) },
    ]);
    // Both runtimes were busy at once, and events from HOLD_BEFORE on were produced only after
    // the reconnect had replayed: it tailed them live from the first invocation's producer.
    expect(whileResuming).toEqual({ busy: 2, idle: 0, runtimes: 2 });

    const [first, second] = await Promise.all(requestIds.map((id) => logFor(dev, id)));
    expect(requestIds).toHaveLength(2);
    // The client left the first invocation; it ran on (producer and all) to its end.
    expect(first).toMatchObject({ status: 200, outcome: 'client-gone' });
    expect(second).toMatchObject({ status: 200, outcome: 'ok' });
    expect(first?.runtimeId).toBeTypeOf('number');
    expect(second?.runtimeId).toBeTypeOf('number');
    expect(second?.runtimeId).not.toBe(first?.runtimeId);

    // One producer, in the first invocation's runtime: the reconnect only read the shared log.
    await eventually(
      () => dev.logs.some((e) => e.kind === 'runtime' && e.line.includes(PRODUCER_DONE_LINE)),
      'the producer finishing',
    );
    const producers = dev.logs.filter(
      (e) => e.kind === 'runtime' && e.line.includes(PRODUCER_DONE_LINE),
    );
    expect(producers.map((e) => e.runtimeId)).toEqual([first?.runtimeId]);

    // Redis holds every event and `end`: 60 entries, end, and create()'s `0-1` marker.
    const store = redisEventStore({ url: redis.url });
    const stored = await store.read(STREAM_ID, 0, { limit: 1000, waitMs: 0 });
    await store.close();
    expect(stored.slice(0, -1)).toEqual(
      expected(ANSWER_EVENTS).map(({ id, event, data }) => ({ seq: Number(id), event, data })),
    );
    const end = stored.at(-1);
    expect(end).toMatchObject({ seq: ANSWER_EVENTS + 1, event: 'end' });
    expect(JSON.parse(end?.data ?? '{}')).toMatchObject({
      status: 'complete',
      count: ANSWER_EVENTS,
    });
    const key = `sluice:sse:{${STREAM_ID}}`;
    expect(await redis.command(['XLEN', key])).toBe(String(ANSWER_EVENTS + 2));
  });
});
