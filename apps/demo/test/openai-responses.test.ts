// POST /v1/responses on the runtimes the demo ships to: Node, the Lambda dev server with the real
// aws-lambda-ric, and wrangler dev. The AI SDK's default provider (`openai(model)` speaks the
// Responses API) and the official openai SDK's responses streaming each get exactly the text
// the embedded generator produces, and the raw wire is OpenAI's event format.
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProvider } from '../src/llm/local.ts';
import { startLambda, startNode, startWrangler, type Target } from './support/targets.ts';

const NAMES = ['node', 'lambda-ric', 'wrangler'] as const;
const targets = new Map<string, Target>();
const PROMPT = 'How does the gzip proxy treat the bytes?';

beforeAll(async () => {
  targets.set('node', await startNode());
  const others = await Promise.allSettled([startLambda('ric'), startWrangler()]);
  for (const outcome of others) {
    if (outcome.status === 'fulfilled') targets.set(outcome.value.name, outcome.value);
  }
  const failed = others.find((outcome) => outcome.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
});

afterAll(async () => {
  await Promise.all([...targets.values()].map((target) => target.close()));
});

/** The embedded generator's own deltas for `prompt`, straight from the provider. */
async function generated(prompt: string): Promise<string[]> {
  const deltas: string[] = [];
  const stream = localProvider({ tokenDelayMs: [0, 0] }).stream(
    [{ role: 'user', content: prompt }],
    new AbortController().signal,
  );
  for await (const delta of stream) deltas.push(delta);
  return deltas;
}

interface WireEvent {
  event: string | undefined;
  data: Record<string, unknown> & { type: string; sequence_number: number };
}

async function postRaw(
  base: string,
  body: unknown,
): Promise<{ type: string; events: WireEvent[] }> {
  const response = await fetch(`${base}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  const events: WireEvent[] = [];
  const parser = createParser({
    onEvent: ({ event, data }) => events.push({ event, data: JSON.parse(data) }),
  });
  parser.feed(await response.text());
  return { type: response.headers.get('content-type') ?? '', events };
}

describe.each(NAMES)('POST /v1/responses on %s', (name) => {
  const base = () => targets.get(name)!.url;

  it("the wire: OpenAI's events in order, `event:` = type, sequence numbers 0..n", async () => {
    const expected = await generated(PROMPT);
    const { type, events } = await postRaw(base(), { model: 'any', input: PROMPT, stream: true });
    expect(type).toMatch(/^text\/event-stream/);
    const types = events.map((e) => e.data.type);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(types.slice(4, -4)).toEqual(expected.map(() => 'response.output_text.delta'));
    expect(events.map((e) => e.event)).toEqual(types);
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.slice(4, -4).map((e) => e.data.delta)).toEqual(expected);
    const completed = events.at(-1)!.data.response as Record<string, unknown>;
    expect(completed).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'sluice-local-1',
      output: [{ type: 'message', role: 'assistant', content: [{ text: expected.join('') }] }],
      usage: { output_tokens: expected.length },
    });
  });

  it("the AI SDK's default provider streams the generator's text, and generateText agrees", async () => {
    const expected = (await generated(PROMPT)).join('');
    const openai = createOpenAI({ baseURL: `${base()}/v1`, apiKey: 'x' });
    const errors: unknown[] = [];
    const result = streamText({
      model: openai('demo'),
      system: 'Answer from the demo.',
      prompt: PROMPT,
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    let streamed = '';
    let deltas = 0;
    for await (const delta of result.textStream) {
      streamed += delta;
      deltas++;
    }
    expect(errors).toEqual([]);
    expect(streamed).toBe(expected);
    expect(deltas).toBeGreaterThan(10);
    expect(await result.finishReason).toBe('stop');
    expect((await result.response).modelId).toBe('sluice-local-1');
    expect((await result.usage).outputTokens).toBe(deltas);

    const whole = await generateText({ model: openai('demo'), prompt: PROMPT, maxRetries: 0 });
    expect(whole.text).toBe(expected);
    expect(whole.finishReason).toBe('stop');
  });

  it('the openai SDK: responses.create({ stream }), responses.stream() and the plain call', async () => {
    const expected = (await generated(PROMPT)).join('');
    const client = new OpenAI({ baseURL: `${base()}/v1`, apiKey: 'x', maxRetries: 0 });
    const events = await client.responses.create({ model: 'demo', input: PROMPT, stream: true });
    let streamed = '';
    let last = '';
    for await (const event of events) {
      if (event.type === 'response.output_text.delta') streamed += event.delta;
      last = event.type;
    }
    expect(streamed).toBe(expected);
    expect(last).toBe('response.completed');

    const helper = client.responses.stream({
      model: 'demo',
      input: [{ role: 'user', content: [{ type: 'input_text', text: PROMPT }] }],
    });
    const final = await helper.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(expected);

    const plain = await client.responses.create({ model: 'demo', input: PROMPT });
    expect(plain.status).toBe('completed');
    expect(plain.output_text).toBe(expected);
  });
});
