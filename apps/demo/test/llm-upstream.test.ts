// LLM_BASE_URL routes the chat and the OpenAI endpoint to an OpenAI-compatible upstream, here a
// fake one on a real socket: its tokens are re-emitted, its failures become typed errors, and
// a client that leaves closes the upstream request's socket right away.
import { readSSE, SSEServerError } from '@sluice/core';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKENS, type FakeLLM, startFakeLLM } from './support/fake-llm.ts';
import { startNode, type Target } from './support/targets.ts';

let fake: FakeLLM;
const demos = new Map<string, Target>();
const measured: Record<string, number> = {};

/** The demo with its model at `<fake>/<mode>/v1`. */
const demo = (mode: string) => demos.get(mode)!.url;

beforeAll(async () => {
  fake = await startFakeLLM();
  const modes = ['ok', 'slow', 'status500', 'midstream', 'truncated', 'garbage'];
  for (const mode of modes) {
    const env = {
      LLM_BASE_URL: `${fake.url}/${mode}/v1`,
      LLM_API_KEY: 'sk-test-123',
      LLM_MODEL: 'fake-model',
      LOG_REQUESTS: '0',
    };
    demos.set(mode, await startNode(env));
  }
  // Nothing listens there: the port of a server that was just closed.
  const gone = await startFakeLLM();
  await gone.close();
  demos.set('unreachable', await startNode({ LLM_BASE_URL: gone.url, LOG_REQUESTS: '0' }));
});

afterAll(async () => {
  if (Object.keys(measured).length > 0) {
    console.log(`client gone -> upstream socket closed (ms): ${JSON.stringify(measured)}`);
  }
  await Promise.all([...demos.values()].map((target) => target.close()));
  await fake?.close();
});

const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ prompt: 'Say hello', ...extra });

async function readChat(base: string, body = chatBody()) {
  const response = await fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  let text = '';
  let failure: unknown;
  try {
    for await (const message of readSSE(response)) {
      const data = JSON.parse(message.data) as { delta?: string };
      if (message.event === 'message' && data.delta) text += data.delta;
    }
  } catch (error) {
    failure = error;
  }
  return { text, failure };
}

/** Opens a streaming request, waits for the first upstream token to arrive, then leaves. */
async function leaveAfterFirstToken(url: string, body: string): Promise<number> {
  const controller = new AbortController();
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: controller.signal,
  });
  for await (const chunk of response.body) {
    if (String(chunk).includes(' t0')) break;
  }
  const leftAt = performance.now();
  controller.abort();
  return leftAt;
}

describe('an OpenAI-compatible upstream behind /api/chat and /v1/chat/completions', () => {
  it('sends the configured model, key and messages, and re-emits the tokens', async () => {
    const { text, failure } = await readChat(demo('ok'));
    expect(failure).toBeUndefined();
    expect(text).toBe(FAKE_TOKENS.join(''));
    const call = await fake.nextCall('ok');
    expect(call.headers.authorization).toBe('Bearer sk-test-123');
    expect(call.body).toEqual({
      model: 'fake-model',
      stream: true,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
  });

  it('serves the openai SDK with the upstream text', async () => {
    const client = new OpenAI({ baseURL: `${demo('ok')}/v1`, apiKey: 'x', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'hi' }];
    const whole = await client.chat.completions.create({ model: 'any', messages });
    expect(whole.model).toBe('fake-model');
    expect(whole.choices[0]?.message.content).toBe(FAKE_TOKENS.join(''));
  });

  it('client gone from /v1/chat/completions: the upstream socket closes at once', async () => {
    const url = `${demo('slow')}/v1/chat/completions`;
    const body = JSON.stringify({ messages: [{ role: 'user', content: 'go' }], stream: true });
    const leftAt = await leaveAfterFirstToken(url, body);
    const call = await fake.nextCall('slow');
    measured.completions = Math.round((await call.closed) - leftAt);
    // The upstream would stream for 100 s more if the abort did not reach it; 10 s leaves a loaded
    // machine plenty of room.
    expect(measured.completions).toBeLessThan(10_000);
  });

  it('client gone from /api/chat: the upstream socket closes at once', async () => {
    const leftAt = await leaveAfterFirstToken(`${demo('slow')}/api/chat`, chatBody());
    const call = await fake.nextCall('slow');
    measured.chat = Math.round((await call.closed) - leftAt);
    expect(measured.chat).toBeLessThan(10_000);
  });

  it('a resumable chat goes on without its client until DELETE /api/chat/:id', async () => {
    const id = `keep${Date.now()}`;
    await leaveAfterFirstToken(`${demo('slow')}/api/chat`, chatBody({ id }));
    const call = await fake.nextCall('slow');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(call.closedAt).toBeUndefined(); // disconnect is not cancel
    const cancelledAt = performance.now();
    const cancel = await fetch(`${demo('slow')}/api/chat/${id}`, { method: 'DELETE' });
    expect(await cancel.json()).toEqual({ cancelled: id });
    // The producer sees the cancel at its next lease renewal (every second); without the cancel
    // the upstream would stream for 100 s more.
    expect((await call.closed) - cancelledAt).toBeLessThan(10_000);
  });

  it('an upstream error status: end status error with LLM_UPSTREAM_STATUS, or a 502', async () => {
    const { failure } = await readChat(demo('status500'));
    expect(failure).toBeInstanceOf(SSEServerError);
    expect((failure as SSEServerError).serverError).toEqual({
      code: 'LLM_UPSTREAM_STATUS',
      message: 'The model server answered 500',
    });
    const response = await fetch(`${demo('status500')}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }], stream: true }),
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ error: { code: 'llm_upstream_status' } });
  });

  it('an error mid-stream: the text so far, then end status error LLM_UPSTREAM_ERROR', async () => {
    const { text, failure } = await readChat(demo('midstream'));
    expect(text).toBe(FAKE_TOKENS.slice(0, 3).join(''));
    expect((failure as SSEServerError).serverError?.code).toBe('LLM_UPSTREAM_ERROR');
    const client = new OpenAI({ baseURL: `${demo('midstream')}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'any',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    await expect(async () => {
      for await (const _ of stream) {
        // the SDK throws when the error chunk arrives
      }
    }).rejects.toThrow(/mid-stream/);
  });

  it('an upstream stream without [DONE]: LLM_UPSTREAM_TRUNCATED', async () => {
    const { failure } = await readChat(demo('truncated'));
    expect((failure as SSEServerError).serverError?.code).toBe('LLM_UPSTREAM_TRUNCATED');
  });

  it('a chunk that is not JSON: the text so far, then LLM_UPSTREAM_INVALID', async () => {
    const { text, failure } = await readChat(demo('garbage'));
    expect(text).toBe(FAKE_TOKENS.slice(0, 3).join(''));
    expect((failure as SSEServerError).serverError).toEqual({
      code: 'LLM_UPSTREAM_INVALID',
      message: 'The model sent a chunk that is not JSON',
    });
  });

  it('an unreachable upstream: LLM_UPSTREAM_UNREACHABLE', async () => {
    const { failure } = await readChat(demo('unreachable'));
    expect((failure as SSEServerError).serverError?.code).toBe('LLM_UPSTREAM_UNREACHABLE');
  });
});
