// A minimal Request -> app -> Response -> node:http bridge for tests, so the SSE tests talk to a
// real socket without depending on @sluice/adapter-node.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const drops = new WeakMap<Response, number>();

export type TestHandler = (request: Request) => Response | Promise<Response>;

export interface TestServer {
  url: string;
  /** Requests seen so far, in order. */
  requests: Request[];
  close(): Promise<void>;
}

export async function serve(handler: TestHandler): Promise<TestServer> {
  const requests: Request[] = [];
  const server = createServer((req, res) => {
    const request = toRequest(req, res);
    requests.push(request);
    Promise.resolve()
      .then(() => handler(request))
      .then((response) => send(response, res))
      .catch(() => res.destroy());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function toRequest(req: IncomingMessage, res: ServerResponse): Request {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method,
    headers,
    signal: controller.signal,
  });
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.flushHeaders();
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  res.on('close', () => reader.cancel().catch(() => {}));
  const drop = drops.has(response) ? { frames: drops.get(response)!, previous: 0 } : undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const cut = drop && cutAt(value, drop);
      if (cut !== undefined) {
        res.write(value.subarray(0, cut));
        throw new Error('connection dropped by the test');
      }
      if (!res.write(value)) await drainedOrClosed(res);
    }
    res.end();
  } catch {
    // A failed body must look like a dropped connection, not a complete one: close the socket
    // after what was written so far is flushed, without the final chunk.
    reader.cancel().catch(() => {});
    res.socket?.end();
  }
}

/** Resolves on 'drain' or 'close', removing both listeners (a long body writes many times). */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Makes the bridge drop the connection after `frames` blank-line-terminated frames of this
 * response, plus a few bytes of the next one: the cut lands in the middle of an event.
 */
export function dropAfterFrames(response: Response, frames: number): Response {
  drops.set(response, frames);
  return response;
}

/** The chunk cut after the frame limit, or undefined while the limit is not reached. */
function cutAt(chunk: Uint8Array, state: { frames: number; previous: number }): number | undefined {
  if (state.frames === 0) return Math.min(chunk.length, 5);
  for (let i = 0; i < chunk.length; i++) {
    if (chunk[i] === 0x0a && state.previous === 0x0a && --state.frames === 0) {
      return Math.min(chunk.length, i + 6);
    }
    state.previous = chunk[i]!;
  }
  return undefined;
}
