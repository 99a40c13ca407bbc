// c.executionCtx on Node (issue 13, item 3): the third fetch argument is a Workers-style
// ExecutionContext; shutdown waits for its waitUntil tasks, up to the shutdown timeout.
import { Hono } from 'hono';
import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deferred, serveApp, until } from '../../test/helpers.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the execution context', () => {
  it("is Hono's c.executionCtx: waitUntil and passThroughOnException work (no 500)", async () => {
    const work = deferred();
    const done: string[] = [];
    const app = new Hono();
    app.get('/', (c) => {
      c.executionCtx.passThroughOnException();
      c.executionCtx.waitUntil(work.promise.then(() => done.push('background')));
      return c.text('answered');
    });
    const server = await serveApp(app);
    const res = await request(server.url);
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('answered');
    work.resolve();
    await until(() => done.length === 1);
  });

  it('a rejected waitUntil task is logged, never an unhandled rejection', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = await serveApp({
      fetch: (_req, _env, ctx) => {
        ctx.waitUntil(Promise.reject(new Error('background failed')));
        return new Response('ok');
      },
    });
    expect(await (await request(server.url)).body.text()).toBe('ok');
    await until(() => logged.mock.calls.length > 0);
    expect(String(logged.mock.calls[0])).toContain('background failed');
  });
});

describe('shutdown and waitUntil', () => {
  it('waits for pending waitUntil tasks before it resolves', async () => {
    const finish = deferred();
    let finished = false;
    const server = await serveApp({
      fetch: (_req, _env, ctx) => {
        ctx.waitUntil(finish.promise.then(() => (finished = true)));
        return new Response('ok');
      },
    });
    await (await request(server.url)).body.text();
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false); // still waiting for the task
    finish.resolve();
    await closing;
    expect(finished).toBe(true);
  });

  it('gives up after shutdownTimeoutMs and logs the tasks it cut', async () => {
    const warned = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = await serveApp(
      {
        fetch: (_req, _env, ctx) => {
          ctx.waitUntil(new Promise(() => {})); // never settles
          return new Response('ok');
        },
      },
      { shutdownTimeoutMs: 100 },
    );
    await (await request(server.url)).body.text();
    await server.close();
    expect(warned).toHaveBeenCalledTimes(1);
    expect(String(warned.mock.calls[0]?.[0])).toMatch(/1 waitUntil task\(s\) did not finish/);
  });
});
