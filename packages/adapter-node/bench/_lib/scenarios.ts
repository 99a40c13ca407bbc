// What the bench servers answer: the same bytes from a raw node:http listener and from a
// fetch-style app, so the difference is the adapter.
import type { RequestListener } from 'node:http';
import { type FetchApp, sse } from '@sluice/core';

export interface Scenario {
  raw: RequestListener;
  app: FetchApp;
}

const HELLO = 'hello, world';
export const STREAM_BYTES = 100 * 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(97);

function streamBody(): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(CHUNK);
      sent += CHUNK.byteLength;
      if (sent >= STREAM_BYTES) controller.close();
    },
  });
}

export const scenarios: Record<string, Scenario> = {
  hello: {
    raw: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain;charset=UTF-8' });
      res.end(HELLO);
    },
    app: { fetch: () => new Response(HELLO) },
  },
  // 100 MB in 64 KiB chunks, waiting for 'drain' like any correct writer.
  stream: {
    raw: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const write = () => {
        while (sent < STREAM_BYTES) {
          sent += CHUNK.byteLength;
          if (!res.write(CHUNK)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
    },
    app: {
      fetch: () =>
        new Response(streamBody(), { headers: { 'content-type': 'application/octet-stream' } }),
    },
  },
  // An SSE stream that sends one comment and then stays open and idle.
  sse: {
    raw: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': open\n\n');
    },
    app: {
      fetch: () =>
        new Response(
          new ReadableStream({
            start: (controller) => controller.enqueue(new TextEncoder().encode(': open\n\n')),
          }),
          { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } },
        ),
    },
  },
};

// The same idle stream made by sse() of @sluice/core (heartbeat timer, abort wiring,
// checksum state): a source that sends nothing until the client leaves.
scenarios['sse-core'] = {
  raw: scenarios.sse!.raw,
  app: {
    fetch: (request: Request) =>
      sse(
        (_send, signal) =>
          new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
        { request },
      ),
  },
};
