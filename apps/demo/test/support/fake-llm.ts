// A fake OpenAI-compatible model server (a real node:http server on loopback). The first path
// segment of the base URL picks its behaviour: /ok, /slow, /status500, /midstream, /truncated,
// /garbage (a chunk that is not JSON).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface UpstreamCall {
  mode: string;
  headers: IncomingMessage['headers'];
  body: { model?: string; stream?: boolean; messages?: unknown };
  /** performance.now() when the socket closed; undefined while open. */
  closedAt: number | undefined;
  closed: Promise<number>;
}

export const FAKE_TOKENS = [
  'The',
  ' fake',
  ' model',
  ' says',
  ' hello',
  ' token',
  ' by',
  ' token.',
];

export interface FakeLLM {
  url: string;
  calls: UpstreamCall[];
  /** Resolves with the next call of `mode` (already made or coming). */
  nextCall(mode: string): Promise<UpstreamCall>;
  close(): Promise<void>;
}

const chunkLine = (content: string) =>
  `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;

export async function startFakeLLM(): Promise<FakeLLM> {
  const calls: UpstreamCall[] = [];
  const waiters: { mode: string; resolve: (call: UpstreamCall) => void }[] = [];
  const server = createServer(async (req, res) => {
    const mode = req.url?.split('/')[1] ?? '';
    let raw = '';
    for await (const chunk of req) raw += chunk;
    let resolveClosed!: (at: number) => void;
    const call: UpstreamCall = {
      mode,
      headers: req.headers,
      body: JSON.parse(raw || '{}'),
      closedAt: undefined,
      closed: new Promise((resolve) => {
        resolveClosed = resolve;
      }),
    };
    req.socket.once('close', () => {
      call.closedAt = performance.now();
      resolveClosed(call.closedAt);
    });
    calls.push(call);
    for (const waiter of waiters.splice(0)) {
      if (waiter.mode === mode) waiter.resolve(call);
      else waiters.push(waiter);
    }
    await respond(mode, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    nextCall(mode) {
      const done = calls.find((call) => call.mode === mode && !taken.has(call));
      if (done) {
        taken.add(done);
        return Promise.resolve(done);
      }
      return new Promise((resolve) =>
        waiters.push({
          mode,
          resolve: (call) => {
            taken.add(call);
            resolve(call);
          },
        }),
      );
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const taken = new WeakSet<UpstreamCall>();

async function respond(mode: string, res: ServerResponse): Promise<void> {
  if (mode === 'status500') {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"model overloaded"}}');
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  if (mode === 'slow') {
    // Two thousand tokens, 50 ms apart: only a cancelled request ends early.
    for (let i = 0; i < 2000 && !res.destroyed; i++) {
      res.write(chunkLine(` t${i}`));
      await pause(50);
    }
    res.end('data: [DONE]\n\n');
    return;
  }
  const tokens = mode === 'ok' ? FAKE_TOKENS : FAKE_TOKENS.slice(0, 3);
  for (const token of tokens) {
    res.write(chunkLine(token));
    await pause(2);
  }
  if (mode === 'midstream') res.end('data: {"error":{"message":"internal failure"}}\n\n');
  else if (mode === 'garbage') res.end('data: {"choices": oops\n\n');
  else if (mode === 'truncated') res.end();
  else res.end('data: [DONE]\n\n');
}
