// REDIS_URL: the chat keeps its events in Redis Streams, so a resume can land on another Node
// process or Lambda sandbox. Here: a chat cut on one Node instance resumes on another, and the
// Lambda bundle (aws-lambda-ric) resumes through Redis too.
import { connectSSE } from '@sluice/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAnswer } from '../src/llm/local-answers.ts';
import { createEventStore, type EventStoreHandle } from '../src/store.ts';
import { type RedisServer, redisKeys, startRedis } from './support/redis.ts';
import { startLambda, startNode, type Target, TEST_ENV } from './support/targets.ts';

let redis: RedisServer;
const stores: EventStoreHandle[] = [];
let nodeA: Target;
let nodeB: Target;
let lambda: Target;

beforeAll(async () => {
  redis = await startRedis();
  const env = { ...TEST_ENV, REDIS_URL: redis.url };
  for (let i = 0; i < 2; i++) stores.push(await createEventStore(redis.url));
  [nodeA, nodeB, lambda] = await Promise.all([
    startNode(env, stores[0]!.store),
    startNode(env, stores[1]!.store),
    startLambda('ric', env),
  ]);
});

afterAll(async () => {
  await Promise.all([nodeA, nodeB, lambda].map((target) => target?.close()));
  await Promise.all(stores.map((handle) => handle.close()));
  await redis?.stop();
});

/** Reads a cut chat; connection n goes to `bases[n]` (the last one for any later). */
async function cutChat(bases: string[], id: string, prompt: string) {
  const used: string[] = [];
  let text = '';
  const stream = connectSSE(`${bases[0]}/api/chat?cut=9`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id, prompt }),
    retryMs: 50,
    fetch: (input, init) => {
      const base = bases[Math.min(used.length, bases.length - 1)]!;
      used.push(base);
      return fetch(String(input).replace(bases[0]!, base), init);
    },
  });
  for await (const message of stream) {
    const data = JSON.parse(message.data) as { delta?: string };
    if (message.event === 'message' && data.delta) text += data.delta;
  }
  return { text, used };
}

describe('REDIS_URL: resumable chats in Redis Streams', () => {
  it('a chat cut on one Node instance resumes on another, verified, nothing lost', async () => {
    const prompt = 'Resume on another process?';
    const { text, used } = await cutChat([nodeA.url, nodeB.url], 'redis-node-1', prompt);
    expect(used).toEqual([nodeA.url, nodeB.url]);
    expect(text).toBe(localAnswer(prompt));
    expect(await redisKeys(redis.port, 'sluice-demo:*redis-node-1*')).not.toEqual([]);
  });

  it('the Lambda bundle under aws-lambda-ric keeps its chats in Redis too', async () => {
    const prompt = 'Resume on Lambda?';
    const { text, used } = await cutChat([lambda.url], 'redis-lambda-1', prompt);
    expect(used).toHaveLength(2);
    expect(text).toBe(localAnswer(prompt));
    expect(await redisKeys(redis.port, 'sluice-demo:*redis-lambda-1*')).not.toEqual([]);
  });
});
