import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { sse } from './sse.ts';
import { bodyText, readAll, referenceSha256 } from './test-helpers/bytes.ts';
import type { SSEEnd, SSESend } from './types.ts';

const SSE_TYPE = { 'content-type': 'text/event-stream' };
const endOf = (text: string): SSEEnd =>
  JSON.parse(text.slice(text.lastIndexOf('event: end')).split('data: ')[1]!);

/** An endless generator that records how far it ran and whether it was stopped. */
function countingSource() {
  const run = { produced: 0, stopped: false };
  async function* source() {
    try {
      for (;;) {
        run.produced++;
        yield { data: { n: run.produced } };
      }
    } finally {
      run.stopped = true;
    }
  }
  return { run, source: source() };
}

describe('sse() sources', () => {
  it('accepts an async generator, a sync iterable and a send function alike', async () => {
    async function* generator() {
      yield 'a';
      yield { event: 'e', data: { b: 1 } };
    }
    const fromFunction = async (send: SSESend) => {
      await send('a');
      await send({ event: 'e', data: { b: 1 } });
    };
    const expected = [
      { data: 'a', event: 'message', id: '1' },
      { data: '{"b":1}', event: 'e', id: '2' },
    ];
    for (const source of [generator(), ['a', { event: 'e', data: { b: 1 } }], fromFunction]) {
      expect(await readAll(sse(source))).toEqual({ messages: expected, error: undefined });
    }
  });

  it('throws a TypeError for something that is not a source', () => {
    expect(() => sse('text' as never)).toThrow(TypeError);
    expect(() => sse(42 as never)).toThrow(TypeError);
  });

  it('ends with status error and a generic message when the source throws', async () => {
    async function* failing() {
      yield 'partial';
      throw new Error('secret database password in this message');
    }
    const text = await bodyText(sse(failing()));
    expect(text).not.toContain('secret');
    expect(endOf(text)).toMatchObject({
      status: 'error',
      count: 1,
      bytes: 7,
      alg: 'sha-256',
      error: { code: 'SSE_SOURCE_ERROR', message: 'The event source failed' },
    });
  });

  it('lets onError decide what the client sees, and survives an onError that throws', async () => {
    const failing = async () => {
      throw Object.assign(new Error('upstream 429'), { status: 429 });
    };
    const onError = (error: unknown) => ({
      code: 'UPSTREAM',
      message: `status ${(error as { status: number }).status}`,
    });
    expect(endOf(await bodyText(sse(failing, { onError }))).error).toEqual({
      code: 'UPSTREAM',
      message: 'status 429',
    });
    const throwing = () => {
      throw new Error('bug in onError');
    };
    expect(endOf(await bodyText(sse(failing, { onError: throwing }))).error?.code).toBe(
      'SSE_SOURCE_ERROR',
    );
  });

  it('answers 204 to a Last-Event-ID when there is no store to resume from', async () => {
    const request = new Request('http://x/', { headers: { 'last-event-id': '3' } });
    const response = sse(['a'], { request, headers: { 'access-control-allow-origin': '*' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('sse() flow control', () => {
  it('stops a generator within one event when the request aborts, and ends with aborted', async () => {
    const { run, source } = countingSource();
    const controller = new AbortController();
    const request = new Request('http://x/', { signal: controller.signal });
    const reader = sse(source, { request }).body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('id: 3\n')) text += (await reader.read()).value;
    const producedAtAbort = run.produced;
    controller.abort();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += chunk.value;
    await new Promise((resolve) => setImmediate(resolve));
    expect(run.stopped).toBe(true);
    expect(run.produced - producedAtAbort).toBeLessThanOrEqual(1);
    // The aborted end covers exactly what was sent before it.
    const { messages, error } = await readAll(new Response(text, { headers: SSE_TYPE }));
    const sent = messages.map(({ event, data }) => ({ type: event, data }));
    expect(error).toMatchObject({ code: 'SSE_SERVER_ERROR', status: 'aborted' });
    expect(endOf(text)).toEqual({
      v: 1,
      status: 'aborted',
      count: messages.length,
      bytes: sent.reduce((sum, e) => sum + Buffer.byteLength(e.data), 0),
      alg: 'sha-256',
      digest: referenceSha256(sent),
    });
  });

  it('aborts the send function signal when the request aborts; later sends reject', async () => {
    const controller = new AbortController();
    const seen: { aborted?: boolean; rejected?: boolean } = {};
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const source = async (send: SSESend, signal: AbortSignal) => {
      await send('first');
      started();
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      seen.aborted = signal.aborted;
      seen.rejected = await send('too late').then(
        () => false,
        () => true,
      );
    };
    const response = sse(source, {
      request: new Request('http://x/', { signal: controller.signal }),
    });
    const body = bodyText(response);
    await running;
    controller.abort();
    expect(endOf(await body)).toMatchObject({ status: 'aborted', count: 1 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual({ aborted: true, rejected: true });
  });

  it('ends with aborted at once even when the source hangs', async () => {
    async function* hangs() {
      yield 'only';
      await new Promise(() => {}); // an upstream that never answers
    }
    const controller = new AbortController();
    const request = new Request('http://x/', { signal: controller.signal });
    const reader = sse(hangs(), { request }).body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = (await reader.read()).value!;
    controller.abort();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += chunk.value;
    expect(endOf(text)).toMatchObject({ status: 'aborted', count: 1 });
  });

  it('stops the generator when the body is cancelled', async () => {
    const { run, source } = countingSource();
    const reader = sse(source).body!.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((resolve) => setImmediate(resolve));
    expect(run.stopped).toBe(true);
  });

  it('holds a fast source back while the reader does not read (bounded queue)', async () => {
    const { run, source } = countingSource();
    const reader = sse(source).body!.getReader();
    const chunk = new TextDecoder().decode((await reader.read()).value);
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    // One read takes a burst of ready events (at most ~16 KB) and looks one event ahead.
    expect(chunk.length).toBeLessThan(17 * 1024);
    expect(run.produced).toBeLessThanOrEqual(chunk.split('\n\n').length - 1 + 1);
    await reader.cancel();
  });

  it('sends an event as soon as it is ready, without waiting for a burst', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    async function* slow() {
      yield 'first';
      await gate; // the next event needs I/O
      yield 'second';
    }
    const reader = sse(slow()).body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('id: 1\ndata: first\n\n');
    release();
    expect((await reader.read()).value).toMatch(/^id: 2\ndata: second\n\nevent: end\n/);
  });

  it('starts neither the source nor a timer for a body nobody reads', async () => {
    // Counting the process's active timers would see other tests' timers come and go; the
    // heartbeat's own 1 ms timer is what must not be armed.
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    onTestFinished(() => setTimeoutSpy.mockRestore());
    let started = false;
    const response = sse(
      async () => {
        started = true;
      },
      { heartbeatMs: 1 },
    );
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(false);
    expect(setTimeoutSpy.mock.calls.filter(([, delay]) => delay === 1)).toEqual([]);
    expect(response.status).toBe(200);
  });

  it('sends a keep-alive comment when the source is idle, and none while events flow', async () => {
    let release!: () => void;
    const idle = new Promise<void>((resolve) => {
      release = resolve;
    });
    const source = async (send: SSESend) => {
      await send('before');
      await idle;
      await send('after');
    };
    const reader = sse(source, { heartbeatMs: 5 })
      .body!.pipeThrough(new TextDecoderStream())
      .getReader();
    let text = '';
    // Two in a row: the heartbeat goes on while the reader keeps waiting.
    while ((text.match(/: keep-alive/g) ?? []).length < 2) text += (await reader.read()).value;
    release();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += chunk.value;
    expect(text.indexOf(': keep-alive')).toBeGreaterThan(text.indexOf('data: before'));
    expect(endOf(text)).toMatchObject({ status: 'complete', count: 2 });
    const busy = await bodyText(sse(Array.from({ length: 2000 }, String), { heartbeatMs: 60_000 }));
    expect(busy).not.toContain(': keep-alive');
  });
});
