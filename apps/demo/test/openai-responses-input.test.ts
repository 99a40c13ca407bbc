// Input POST /v1/responses cannot honour (this server keeps no responses and reads only text)
// is a 400 in OpenAI's error shape that says why, and the AI SDK's multi-turn chat works once
// it is told not to refer to stored answers.
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNode, type Target } from './support/targets.ts';

let target: Target;

beforeAll(async () => {
  target = await startNode();
});

afterAll(async () => {
  await target?.close();
});

describe('input /v1/responses cannot honour: a 400 that says why', () => {
  const post = async (body: unknown) => {
    const response = await fetch(`${target.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { error: object } };
  };

  it.each([
    ['not JSON', '{', 'invalid_json'],
    ['no input', { model: 'm' }, 'invalid_input'],
    ['a bad role', { input: [{ role: 'tool', content: 'x' }] }, 'invalid_input'],
    [
      'an image',
      { input: [{ role: 'user', content: [{ type: 'input_image' }] }] },
      'unsupported_input',
    ],
    ['a stored item', { input: [{ type: 'item_reference', id: 'msg_1' }] }, 'unsupported_input'],
    ['previous_response_id', { input: 'x', previous_response_id: 'resp_1' }, 'unsupported_input'],
    ['a text over 16000 chars', { input: 'x'.repeat(16_001) }, 'invalid_input'],
  ])('%s', async (_, body, code) => {
    const { status, body: json } = await post(body);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code });
  });

  it("the AI SDK's second turn: stored item ids are refused, store: false sends the text", async () => {
    const openai = createOpenAI({ baseURL: `${target.url}/v1`, apiKey: 'x' });
    const first = streamText({
      model: openai('any'),
      prompt: 'What is SSE resume?',
      maxRetries: 0,
    });
    await first.consumeStream();
    const messages = [
      { role: 'user' as const, content: 'What is SSE resume?' },
      ...(await first.response).messages,
      { role: 'user' as const, content: 'And gzip?' },
    ];
    const errors: unknown[] = [];
    const stored = streamText({
      model: openai('any'),
      messages,
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await stored.consumeStream();
    expect(errors.map(String).join()).toMatch(/item_reference.*store: false/s);
    const second = streamText({
      model: openai('any'),
      messages,
      maxRetries: 0,
      providerOptions: { openai: { store: false } },
    });
    expect(await second.text).toContain('You asked: "And gzip?"');
  });
});
