// POST /v1/responses in upstream mode (LLM_BASE_URL: a fake OpenAI-compatible chat completions
// server on a real socket) and when things go wrong: upstream failures before and after the
// first token, a client that leaves, a stream cut between the demo and its client. Each failure
// is checked as the AI SDK and the openai SDK see it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError, streamText } from 'ai';
import OpenAI from 'openai';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_TOKENS, type FakeLLM, startFakeLLM } from './support/fake-llm.ts';
import { startNode, type Target } from './support/targets.ts';

let fake: FakeLLM;
const demos = new Map<string, Target>();
const cutters: Server[] = [];

/** The demo with its model at `<fake>/<mode>/v1`; `local`: the embedded model. */
const demo = (mode: string) => demos.get(mode)!.url;

beforeAll(async () => {
  fake = await startFakeLLM();
  demos.set('local', await startNode());
  for (const mode of ['ok', 'slow', 'status500', 'midstream', 'truncated']) {
    const env = {
      LLM_BASE_URL: `${fake.url}/${mode}/v1`,
      LLM_API_KEY: 'sk-test-123',
      LLM_MODEL: 'fake-model',
      LOG_REQUESTS: '0',
    };
    demos.set(mode, await startNode(env));
  }
});

afterAll(async () => {
  for (const server of cutters) server.closeAllConnections();
  await Promise.all(cutters.map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all([...demos.values()].map((target) => target.close()));
  await fake?.close();
});

/** streamText with the AI SDK's default provider; failures collected, never thrown. */
async function aiSdkStream(base: string, options: { system?: string; prompt: string }) {
  const openai = createOpenAI({ baseURL: `${base}/v1`, apiKey: 'x' });
  const errors: unknown[] = [];
  const result = streamText({
    model: openai('any'),
    ...options,
    maxRetries: 0,
    onError: ({ error }) => {
      errors.push(error);
    },
  });
  let text = '';
  try {
    for await (const part of result.fullStream) {
      if (part.type === 'text-delta') text += part.text;
      if (part.type === 'error' && !errors.includes(part.error)) errors.push(part.error);
    }
  } catch (error) {
    errors.push(error);
  }
  const finishReason = await Promise.resolve(result.finishReason).catch(() => 'rejected');
  return { text, errors, finishReason };
}

/** Iterates `client.responses.create({ stream: true })`; returns what it got or threw. */
async function openaiStream(base: string) {
  const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'x', maxRetries: 0 });
  let text = '';
  const types: string[] = [];
  try {
    const stream = await client.responses.create({ model: 'any', input: 'hi', stream: true });
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    return { text, types, error: undefined };
  } catch (error) {
    return { text, types, error: error as Error };
  }
}

describe('POST /v1/responses backed by an OpenAI-compatible upstream', () => {
  it('the AI SDK gets the upstream tokens; instructions and turns go up as chat messages', async () => {
    const { text, errors, finishReason } = await aiSdkStream(demo('ok'), {
      system: 'Be brief.',
      prompt: 'Say hello',
    });
    expect(errors).toEqual([]);
    expect(text).toBe(FAKE_TOKENS.join(''));
    expect(finishReason).toBe('stop');
    const call = await fake.nextCall('ok');
    expect(call.headers.authorization).toBe('Bearer sk-test-123');
    expect(call.body).toEqual({
      model: 'fake-model',
      stream: true,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    });

    const client = new OpenAI({ baseURL: `${demo('ok')}/v1`, apiKey: 'x', maxRetries: 0 });
    const whole = await client.responses.create({
      model: 'any',
      instructions: 'Rules.',
      input: [
        { role: 'developer', content: 'Style.' },
        { role: 'user', content: 'One' },
        {
          // an earlier output item sent back as is
          type: 'message',
          id: 'msg_1',
          status: 'completed',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Two', annotations: [] }],
        },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Three' }] },
      ],
    });
    expect(whole.model).toBe('fake-model');
    expect(whole.output_text).toBe(FAKE_TOKENS.join(''));
    expect((await fake.nextCall('ok')).body.messages).toEqual([
      { role: 'system', content: 'Rules.' },
      { role: 'system', content: 'Style.' },
      { role: 'user', content: 'One' },
      { role: 'assistant', content: 'Two' },
      { role: 'user', content: 'Three' },
    ]);
  });

  it('an upstream error status: a 502 in OpenAI error shape, an error in both SDKs', async () => {
    const response = await fetch(`${demo('status500')}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'x', stream: true }),
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      error: { code: 'llm_upstream_status', message: 'The model server answered 500' },
    });
    const { errors } = await aiSdkStream(demo('status500'), { prompt: 'x' });
    expect(errors.some((e) => APICallError.isInstance(e) && e.statusCode === 502)).toBe(true);
    const { error } = await openaiStream(demo('status500'));
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
  });

  for (const [mode, message] of [
    ['midstream', 'The model server reported an error mid-stream'],
    ['truncated', 'The model stream ended before [DONE]'],
  ] as const) {
    it(`upstream ${mode} after the first tokens: in-band error, both SDKs report it`, async () => {
      const soFar = FAKE_TOKENS.slice(0, 3).join('');
      const ai = await aiSdkStream(demo(mode), { prompt: 'x' });
      expect(ai.text).toBe(soFar);
      expect(ai.finishReason).toBe('error');
      expect(ai.errors.map(String).join()).toContain(message);
      const sdk = await openaiStream(demo(mode));
      expect(sdk.text).toBe(soFar);
      expect(sdk.error).toBeInstanceOf(OpenAI.APIError);
      expect(sdk.error?.message).toContain(message);
      expect(sdk.types).not.toContain('response.completed');

      const wire = await (
        await fetch(`${demo(mode)}/v1/responses`, {
          method: 'POST',
          body: JSON.stringify({ input: 'x', stream: true }),
        })
      ).text();
      const frames = wire.trim().split('\n\n');
      expect(frames.at(-2)).toMatch(/^event: error\ndata: /);
      const failed = JSON.parse(frames.at(-1)!.replace(/^event: response.failed\ndata: /, ''));
      expect(failed.response).toMatchObject({
        status: 'failed',
        error: { code: `llm_upstream_${mode === 'midstream' ? 'error' : 'truncated'}`, message },
        output: [{ status: 'incomplete', content: [{ text: soFar }] }],
      });
    });
  }

  it('a client that leaves /v1/responses closes the upstream socket at once', async () => {
    const controller = new AbortController();
    const response = await request(`${demo('slow')}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: 'go', stream: true }),
      signal: controller.signal,
    });
    for await (const chunk of response.body) {
      if (String(chunk).includes(' t0')) break;
    }
    const leftAt = performance.now();
    controller.abort();
    const closedMs = Math.round((await (await fake.nextCall('slow')).closed) - leftAt);
    console.log(`client gone from /v1/responses -> upstream socket closed: ${closedMs} ms`);
    // The upstream would stream for 100 s more if the abort did not reach it; 10 s leaves a loaded
    // machine plenty of room.
    expect(closedMs).toBeLessThan(10_000);
  });
});

/**
 * A proxy in front of the embedded-model demo that cuts each streamed answer after `deltas`
 * text deltas: `end` closes the body cleanly (a timeout or proxy that ends the response),
 * `reset` destroys the socket mid-body (a dropped connection).
 */
async function cuttingProxy(deltas: number, how: 'end' | 'reset'): Promise<string> {
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const upstream = await fetch(`${demo('local')}${req.url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type')! });
    let seen = 0;
    for await (const chunk of upstream.body!) {
      res.write(chunk);
      seen += String(Buffer.from(chunk)).split('event: response.output_text.delta').length - 1;
      if (seen >= deltas) break; // leaving the loop cancels the demo's response
    }
    if (how === 'end') res.end();
    else res.destroy();
  });
  cutters.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('a /v1/responses stream cut between the demo and its client', () => {
  it('a dropped connection: both SDKs throw', async () => {
    const base = await cuttingProxy(5, 'reset');
    const ai = await aiSdkStream(base, { prompt: 'hi' });
    expect(ai.text.length).toBeGreaterThan(0);
    expect(ai.errors.length).toBeGreaterThan(0);
    expect(ai.finishReason).toBe('rejected');
    const sdk = await openaiStream(base);
    expect(sdk.error?.message).toMatch(/terminated/);
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'x', maxRetries: 0 });
    await expect(
      client.responses.stream({ model: 'any', input: 'hi' }).finalResponse(),
    ).rejects.toThrow(/terminated/);
  });

  it('a clean end without response.completed: told apart, not thrown (the SDKs choose so)', async () => {
    const base = await cuttingProxy(5, 'end');
    const ai = await aiSdkStream(base, { prompt: 'hi' });
    expect(ai.errors).toEqual([]);
    expect(ai.finishReason).toBe('interrupted'); // 'stop' only after response.completed
    const sdk = await openaiStream(base);
    expect(sdk.error).toBeUndefined();
    expect(sdk.types).not.toContain('response.completed');
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'x', maxRetries: 0 });
    const final = await client.responses.stream({ model: 'any', input: 'hi' }).finalResponse();
    expect(final.status).toBe('in_progress');
  });
});
