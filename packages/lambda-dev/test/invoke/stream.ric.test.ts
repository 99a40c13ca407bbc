import { createServer, type Server } from 'node:http';
import {
  InvokeWithResponseStreamCommand,
  type InvokeWithResponseStreamResponseEvent,
  type LambdaClient,
  type LambdaServiceException,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevServer } from '../../src/types.ts';
import { createGate, eventually, type Gate, logFor } from '../support.ts';
import { INVOKE_APP, lambdaClient, payload, utf8 } from './clients.ts';

// A streaming handler under AWS's real runtime client, read with AWS's own SDK.
let server: DevServer;
let client: LambdaClient;
let gate: Gate;
const NAME = 'streamer';

beforeAll(async () => {
  gate = await createGate();
  server = await startDevServer({
    handler: INVOKE_APP,
    export: 'streaming',
    functionName: NAME,
    port: 0,
    runtime: 'ric',
  });
  client = lambdaClient(server.url);
});

afterAll(async () => {
  client?.destroy();
  await server?.close();
  await gate?.close();
});

function stream(event: unknown, extra: { LogType?: 'Tail' } = {}, signal?: AbortSignal) {
  return client.send(
    new InvokeWithResponseStreamCommand({ FunctionName: NAME, Payload: payload(event), ...extra }),
    signal ? { abortSignal: signal } : {},
  );
}

type Events = AsyncIterator<InvokeWithResponseStreamResponseEvent>;

/** Reads PayloadChunk events until their text contains `marker`. */
async function readChunksUntil(events: Events, state: { text: string }, marker: string) {
  while (!state.text.includes(marker)) {
    const { done, value } = await events.next();
    if (done || !value.PayloadChunk)
      throw new Error(`no chunk with "${marker}": ${JSON.stringify(value)}`);
    state.text += utf8(value.PayloadChunk.Payload);
  }
}

/** The rest of the stream: payload bytes and the InvokeComplete event. */
async function drain(events: Events) {
  let bytes = 0;
  let text = '';
  for (;;) {
    const { done, value } = await events.next();
    if (done) throw new Error('the stream ended without InvokeComplete');
    if (value.PayloadChunk?.Payload) {
      bytes += value.PayloadChunk.Payload.length;
      if (text.length < 4096) text += utf8(value.PayloadChunk.Payload);
    }
    if (value.InvokeComplete) {
      expect((await events.next()).done).toBe(true);
      return { bytes, text, complete: value.InvokeComplete };
    }
  }
}

describe('InvokeWithResponseStream with @aws-sdk/client-lambda', () => {
  it('delivers each chunk before the function writes the next one', async () => {
    const id = 'gated';
    const out = await stream({ action: 'gated', n: 4, id, gate: gate.url });
    expect(out.StatusCode).toBe(200);
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(out.ResponseStreamContentType).toBe('application/octet-stream');
    const events = out.EventStream![Symbol.asyncIterator]();
    const state = { text: '' };
    for (let i = 1; i <= 4; i++) {
      // Chunk i+1 is not even written until we release it: had anything held chunk i back,
      // this read would never complete.
      await readChunksUntil(events, state, `chunk ${i};`);
      if (i < 4) gate.release(`${id}:${i + 1}`);
    }
    const rest = await drain(events);
    expect(state.text + rest.text).toBe('chunk 1;chunk 2;chunk 3;chunk 4;');
    expect(rest.complete).toEqual({});
    const entry = await logFor(server, out.$metadata.requestId ?? null);
    expect(entry).toMatchObject({ method: 'POST', status: 200, bytes: 32, outcome: 'ok' });
    expect(entry.path).toBe(`/2021-11-15/functions/${NAME}/response-streaming-invocations`);
  });

  it('passes an HTTP-integration prelude through raw, 8 NULs included', async () => {
    const out = await stream({ action: 'prelude' });
    expect(out.ResponseStreamContentType).toBe(
      'application/vnd.awslambda.http-integration-response',
    );
    const { text } = await drain(out.EventStream![Symbol.asyncIterator]());
    const at = text.indexOf('\0'.repeat(8));
    expect(JSON.parse(text.slice(0, at))).toMatchObject({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-from': 'prelude' },
    });
    expect(text.slice(at + 8)).toBe('body after prelude');
  });

  it("reports the function's content type as ResponseStreamContentType", async () => {
    const out = await stream({ action: 'content-type' });
    expect(out.ResponseStreamContentType).toBe('text/event-stream');
    expect((await drain(out.EventStream![Symbol.asyncIterator]())).text).toBe('data: one\n\n');
  });

  it('ends a stream that failed mid-way with InvokeComplete ErrorCode/ErrorDetails/LogResult', async () => {
    const id = 'fail-mid';
    const out = await stream({ action: 'fail-mid', id, gate: gate.url }, { LogType: 'Tail' });
    const events = out.EventStream![Symbol.asyncIterator]();
    const state = { text: '' };
    await readChunksUntil(events, state, 'partial;');
    gate.release(`${id}:fail`);
    const { complete } = await drain(events);
    expect(complete.ErrorCode).toBe('RangeError');
    expect(complete.ErrorDetails).toBe('boom mid-stream');
    const log = Buffer.from(complete.LogResult ?? '', 'base64').toString('utf8');
    expect(log).toContain(`about to fail ${out.$metadata.requestId}`);
    expect(log).toContain(`END RequestId: ${out.$metadata.requestId}`);
  });

  it('answers errors before the stream as AWS errors, DryRun with 204', async () => {
    const missing = await client
      .send(new InvokeWithResponseStreamCommand({ FunctionName: 'nope' }))
      .catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(ResourceNotFoundException);

    const event = (await client
      .send(
        new InvokeWithResponseStreamCommand({
          FunctionName: NAME,
          InvocationType: 'Event' as 'DryRun',
        }),
      )
      .catch((err: unknown) => err)) as LambdaServiceException;
    expect(event.name).toBe('ValidationException');

    const dry = await client.send(
      new InvokeWithResponseStreamCommand({ FunctionName: NAME, InvocationType: 'DryRun' }),
    );
    expect(dry.StatusCode).toBe(204);
    expect(
      await drain(dry.EventStream![Symbol.asyncIterator]()).catch((e: Error) => e.message),
    ).toBe('the stream ended without InvokeComplete');
  });
});

describe('a caller that stops reading, or leaves', () => {
  let progress: Server;
  let progressUrl: string;
  let written = 0;

  beforeAll(async () => {
    progress = createServer((req, res) => {
      written = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('bytes'));
      res.end();
    });
    await new Promise<void>((resolve) => progress.listen(0, '127.0.0.1', resolve));
    progressUrl = `http://127.0.0.1:${(progress.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => progress.close(() => resolve())));

  /** Resolves once the function's progress stopped moving (it is blocked on backpressure). */
  async function stalled(): Promise<number> {
    let last = -1;
    await eventually(
      async () => {
        const now = written;
        if (now > 0 && now === last) return true;
        last = now;
        await new Promise((resolve) => setTimeout(resolve, 300));
        return false;
      },
      'the function to stall on backpressure',
      20_000,
    );
    return written;
  }

  it('holds the function back while the caller does not read, then delivers every byte', async () => {
    const MB = 96;
    written = 0;
    const id = 'paused';
    const out = await stream({
      action: 'flood',
      mb: MB,
      id,
      gate: gate.url,
      progress: progressUrl,
    });
    const events = out.EventStream![Symbol.asyncIterator]();
    const first = await events.next();
    expect(first.value?.PayloadChunk).toBeDefined();
    // Nothing reads now: the function must stall well short of writing everything.
    const reached = await stalled();
    expect(reached).toBeLessThan((MB / 2) * 1024 * 1024);
    gate.release(`${id}:done`);
    const rest = await drain(events);
    expect((first.value?.PayloadChunk?.Payload?.length ?? 0) + rest.bytes).toBe(MB * 1024 * 1024);
    expect(rest.complete).toEqual({});
  });

  it('lets the invocation run to its end when the caller leaves, and keeps serving', async () => {
    written = 0;
    const id = 'left';
    const controller = new AbortController();
    const out = await stream(
      { action: 'flood', mb: 64, id, gate: gate.url, progress: progressUrl },
      {},
      controller.signal,
    );
    const events = out.EventStream![Symbol.asyncIterator]();
    await events.next();
    controller.abort();
    // The function still writes all 64 MB (more than the sockets between hold) and ends.
    await gate.reached(`${id}:done`);
    expect(written).toBe(64 * 1024 * 1024);
    gate.release(`${id}:done`);
    await eventually(() => server.stats().busy === 0, 'the invocation to finish');
    expect((await logFor(server, out.$metadata.requestId ?? null)).outcome).toBe('client-gone');
    const after = await stream({ hello: 'again' });
    expect(
      JSON.parse((await drain(after.EventStream![Symbol.asyncIterator]())).text).event,
    ).toEqual({
      hello: 'again',
    });
  });
});
