// The apps the scenarios serve, the same code on Node and inside the Lambda handler:
// SSE events stamped with their send time at EVENTS_PER_SECOND, and a big byte stream.
import type { FetchApp } from '@sluice/core';
import { sse } from '@sluice/core';
import { countParam, paced } from './paced.ts';

export const EVENTS_PER_SECOND = 1000;
export const CHUNK_BYTES = 64 * 1024;
const chunk = new Uint8Array(CHUNK_BYTES).fill(97);

/** `GET /?n=N`: N events, each `data: <send time in µs>`, through `sse()` of @sluice/core. */
export const sluiceSseApp: FetchApp = {
  fetch(request) {
    const count = countParam(request.url, 1000);
    return sse((send, signal) => paced(count, EVENTS_PER_SECOND, send, signal), {
      request,
      heartbeatMs: 0,
    });
  },
};

/** `GET /?n=BYTES`: that many bytes in 64 KiB chunks, produced on demand. */
export const byteStreamApp: FetchApp = {
  fetch(request) {
    const total = countParam(request.url, CHUNK_BYTES);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const size = Math.min(CHUNK_BYTES, total - sent);
          controller.enqueue(size === CHUNK_BYTES ? chunk : chunk.subarray(0, size));
          sent += size;
          if (sent >= total) controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    return new Response(body, { headers: { 'content-type': 'application/octet-stream' } });
  },
};
