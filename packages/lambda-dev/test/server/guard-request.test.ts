import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFrontDoor } from '../../src/front-door/front-door.ts';
import { FunctionLookupError } from '../../src/functions/errors.ts';
import type { FunctionRegistry } from '../../src/functions/registry.ts';
import { createInvokeApi } from '../../src/invoke-api/invoke-api.ts';
import { closeServer, listen } from '../../src/listen.ts';
import { DevLog } from '../../src/log.ts';
import { resolveOptions } from '../../src/options.ts';
import { guardRequest } from '../../src/relay/guard-request.ts';
import { createApiFrontDoor } from '../../src/routes/api-front-door.ts';
import type { RouteTable } from '../../src/routes/route-table.ts';
import type { SandboxPool } from '../../src/runtime-pool/pool.ts';
import { startDevServer } from '../../src/server.ts';
import type { DevEventLog } from '../../src/types.ts';
import { APP_FIXTURE } from '../support.ts';

// Review item 5: a throw anywhere in a request's handling (here a dependency that fails the
// first time it is used) must answer 500 and leave the server serving, never end the process
// as an unhandled rejection. The dependencies are stubs only so that they can throw; the
// servers, sockets and clients are real.
let server: Server | undefined;
afterEach(async () => {
  if (server) await closeServer(server);
  server = undefined;
});

/** A function that throws on its first call, then behaves as `then`. */
function throwsOnce<T>(then: () => T): () => T {
  let calls = 0;
  return () => {
    calls++;
    if (calls === 1) throw new Error('dependency exploded');
    return then();
  };
}

async function serve(s: Server): Promise<string> {
  server = s;
  return listen(s, 0, '127.0.0.1');
}

function errorEvents(log: DevLog): string[] {
  return log.entries
    .filter((e): e is DevEventLog & { kind: 'event' } => e.kind === 'event' && e.level === 'error')
    .map((e) => e.message);
}

async function expectInternalError(url: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', body: '{}' });
  expect(res.status).toBe(500);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(await res.json()).toEqual({ message: 'Internal Server Error' });
}

describe('a request whose handling throws', () => {
  it('Function URL front door: a pool that throws in acquire answers 500, then serves on', async () => {
    const log = new DevLog(100);
    const options = resolveOptions({ handler: APP_FIXTURE, port: 0, runtime: 'in-process' });
    const pool = { acquire: throwsOnce(() => false) } as unknown as SandboxPool;
    const url = await serve(createFrontDoor({ options, pool, log, isClosing: () => false }));
    await expectInternalError(`${url}/a`);
    expect(errorEvents(log).join('\n')).toContain('dependency exploded');
    // Still serving: the same pool now reports every runtime busy.
    expect((await fetch(`${url}/b`)).status).toBe(429);
  });

  it('Invoke API: a registry failure that is not a lookup error answers 500, then serves on', async () => {
    const log = new DevLog(100);
    const registry = {
      resolve: throwsOnce(() => {
        throw new FunctionLookupError('FUNCTION_NOT_FOUND', 'Function not found: nope');
      }),
    } as unknown as FunctionRegistry;
    const url = await serve(
      createServer(createInvokeApi({ registry, log, isClosing: () => false })),
    );
    const invoke = `${url}/2015-03-31/functions/nope/invocations`;
    await expectInternalError(invoke);
    expect(errorEvents(log).join('\n')).toContain('dependency exploded');
    expect((await fetch(invoke, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('template API front door: a route table that throws answers 500, then serves on', async () => {
    const log = new DevLog(100);
    const table = {
      match: throwsOnce(() => ({ found: false, kind: 'rest' })),
    } as unknown as RouteTable;
    const url = await serve(
      createApiFrontDoor({ table, functionFor: () => undefined, log, isClosing: () => false }),
    );
    await expectInternalError(`${url}/prod/a`);
    expect((await fetch(`${url}/prod/a`)).status).toBe(403);
  });

  it('cuts the connection when the response had already begun', async () => {
    const log = new DevLog(100);
    const url = await serve(
      createServer((req, res) => {
        guardRequest(res, log, async () => {
          req.resume();
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial');
          await new Promise((resolve) => setTimeout(resolve, 20));
          throw new Error('failed mid-body');
        });
      }),
    );
    const res = await fetch(url);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(errorEvents(log).join('\n')).toContain('failed mid-body');
  });

  it('Runtime API: a request id that does not decode is a 400, and the server serves on', async () => {
    const dev = await startDevServer({ handler: APP_FIXTURE, port: 0, runtime: 'in-process' });
    try {
      const post = await fetch(`${dev.runtimeApiUrl}/2018-06-01/runtime/invocation/%E0/response`, {
        method: 'POST',
        body: 'x',
      });
      expect(post.status).toBe(400);
      expect((await post.json()).errorType).toBe('InvalidRequestID');
      expect((await fetch(`${dev.url}/hello`)).status).toBe(200);
    } finally {
      await dev.close();
    }
  });
});
