// The execution context both handlers give the app (Hono: c.executionCtx): the invocation ends
// only once every waitUntil task settled, after the response, bounded by the deadline.
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
} from '../../test-fixtures/adapter/events.ts';
import { capturingSink, parseStreamed } from '../../test-fixtures/adapter/response-sink.ts';
import { handle } from '../buffered/handle.ts';
import type { ResultV2 } from '../events/types.ts';
import { streamHandle } from '../stream/stream-handle.ts';
import type { LambdaExecutionContext } from './execution-context.ts';

/** A promise the test settles by hand. */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A few turns of the event loop: long enough for a handler that does not wait to return. */
const turns = () => new Promise((resolve) => setTimeout(resolve, 20));

/** A Hono app whose /later answers at once and leaves `task` to waitUntil. */
function appWithTask(task: () => Promise<unknown>): Hono {
  const app = new Hono();
  app.get('/later', (c) => {
    c.executionCtx.waitUntil(task());
    return c.text('answered');
  });
  return app;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('streamHandle: waitUntil', () => {
  it('ends the invocation only after the task, the response body long complete', async () => {
    const gate = deferred();
    let taskDone = false;
    const h = streamHandle(
      appWithTask(async () => {
        await gate.promise;
        taskDone = true;
      }),
    );
    const sink = capturingSink();
    let returned = false;
    const run = h(functionUrlEvent({ rawPath: '/later' }), sink, lambdaContext()).then(() => {
      returned = true;
    });
    await new Promise((resolve) => sink.once('finish', resolve));
    expect(parseStreamed(sink.bytes()).body.toString()).toBe('answered');
    await turns();
    expect(returned).toBe(false);
    gate.resolve();
    await run;
    expect(taskDone).toBe(true);
  });

  it('waits for tasks that tasks add, and logs a rejection instead of failing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const order: string[] = [];
    const h = streamHandle((_request, _env, ctx: LambdaExecutionContext) => {
      ctx.waitUntil(Promise.reject(new Error('background boom')));
      ctx.waitUntil(
        (async () => {
          await turns();
          ctx.waitUntil(turns().then(() => order.push('nested')));
          order.push('outer');
        })(),
      );
      ctx.passThroughOnException();
      return new Response('ok');
    });
    await h(functionUrlEvent(), capturingSink(), lambdaContext());
    expect(order).toEqual(['outer', 'nested']);
    expect(error).toHaveBeenCalledWith(
      '[sluice] a waitUntil task failed:',
      expect.objectContaining({ message: 'background boom' }),
    );
  });

  it('stops waiting at the deadline minus the margin, with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const h = streamHandle(
      appWithTask(() => new Promise(() => {})),
      { abortMarginMs: 50 },
    );
    const sink = capturingSink();
    await h(functionUrlEvent({ rawPath: '/later' }), sink, lambdaContext(150));
    expect(sink.writableFinished).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/1 waitUntil task\(s\) still running/));
  });

  it('rejects at once when the body fails mid-stream, so the runtime can send trailers', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = streamHandle((_request, _env, ctx: LambdaExecutionContext) => {
      ctx.waitUntil(new Promise(() => {})); // never settles: waiting would hang this test
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) controller.error(new Error('body broke'));
          else controller.enqueue(new TextEncoder().encode('part'));
          sent = true;
        },
      });
      return new Response(body);
    });
    await expect(h(functionUrlEvent(), capturingSink(), lambdaContext())).rejects.toThrow(
      'body broke',
    );
    error.mockRestore();
  });
});

describe('handle: waitUntil', () => {
  it('returns the result only after the task settled', async () => {
    const gate = deferred();
    let taskDone = false;
    const h = handle(
      appWithTask(async () => {
        await gate.promise;
        taskDone = true;
      }),
    );
    let result: ResultV2 | undefined;
    const run = h(httpApiEvent({ rawPath: '/later' }), lambdaContext()).then((r) => {
      result = r as ResultV2;
    });
    await turns();
    expect(result).toBeUndefined();
    gate.resolve();
    await run;
    expect(taskDone).toBe(true);
    expect(result).toMatchObject({ statusCode: 200, body: 'answered' });
  });

  it('logs a rejected task and still answers', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const h = handle(appWithTask(() => Promise.reject(new Error('nope'))));
    const result = (await h(httpApiEvent({ rawPath: '/later' }), lambdaContext())) as ResultV2;
    expect(result).toMatchObject({ statusCode: 200, body: 'answered' });
    expect(error).toHaveBeenCalledWith('[sluice] a waitUntil task failed:', expect.any(Error));
  });
});
